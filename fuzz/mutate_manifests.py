#!/usr/bin/env python3
"""Type-confusion stress test of the whole tool, not only the loader.

Takes real manifests, replaces values at random with values of other types and shapes (null,
negative and huge numbers, empty and odd strings, lists where maps belong, selectors with
unknown operators, ports out of range...), deletes and wraps fields, and runs the release
binary on batches of them: `scan --framework all` in five formats, `paths`, `rbac escalations`
and `netpol connectivity`. Any exit code other than 0, 1 or 2, or a panic message, is a
crash, and so is a run that does not end within two minutes: the batch is kept under the
crash directory with the command's stderr.

    python3 fuzz/mutate_manifests.py target/release/groundcrew --seconds 600 --seed 1

Needs PyYAML. Not part of the tests (it runs for as long as it is told).
"""

import argparse
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEEDS = [
    os.path.join(HERE, "..", "..", "shared", "corpus"),
    os.path.join(HERE, "..", "examples"),
]

# Values that a check may not expect where it finds them.
ODD_VALUES = [
    None, True, False, 0, -1, 1, 65535, 65536, -65536, 2**31, 2**63 - 1, -(2**63), 2**70,
    1.5, -0.0, 1e300, "", " ", "ALL", "*", "0", "-1", "99999999999999999999", "1e9", "NaN",
    "0x10", "0o17", "1Ki", "9999999Ei", "-5m", "1.5.5", "ééé", "\U0001f4a5", "a" * 300, "/",
    "/proc", "../..", "0.0.0.0/0", "::/0", "10.0.0.0/33", "Localhost", "RuntimeDefault",
    "Unconfined", "runtime/default", "localhost/", "true", "yes", [], [None], [""], ["ALL"],
    [{}], {}, {"": ""}, {"a": None},
    {"matchExpressions": [{"key": "a", "operator": "In"}]},
    {"matchExpressions": [{"key": "a", "operator": "Bogus", "values": [1]}]},
    {"port": "http"}, {"port": -1, "endPort": 0},
]

# Fields that checks read, planted where they may not belong.
PLANTED_KEYS = [
    "hostPID", "privileged", "ports", "selector", "podSelector", "ingress", "egress", "rules",
    "subjects", "roleRef", "capabilities", "securityContext", "volumes", "containers",
    "aggregationRule", "namespaceSelector", "ipBlock",
]

COMMANDS = [
    ["scan", "{dir}", "--framework", "all", "--format", "json", "--format", "sarif",
     "--format", "junit", "--format", "markdown", "--format", "pretty"],
    ["paths", "{dir}"],
    ["rbac", "escalations", "{dir}"],
    ["netpol", "connectivity", "{dir}"],
]


def load_seeds(dirs):
    docs = []
    for d in dirs:
        for path in sorted(glob.glob(os.path.join(d, "**", "*.y*ml"), recursive=True)):
            try:
                with open(path, encoding="utf-8") as f:
                    docs.extend(x for x in yaml.safe_load_all(f) if isinstance(x, dict) and "kind" in x)
            except (yaml.YAMLError, UnicodeDecodeError):
                continue
    # Plain data only (dates and the like become strings), so copies are cheap.
    return [json.loads(json.dumps(d, default=str)) for d in docs]


def odd_value(rng):
    return json.loads(json.dumps(rng.choice(ODD_VALUES)))


def mutate(node, rng):
    if isinstance(node, dict):
        for key in list(node):
            r = rng.random()
            if r < 0.08:
                node[key] = odd_value(rng)
            elif r < 0.10:
                del node[key]
            elif r < 0.12 and isinstance(node[key], (dict, list)):
                node[key] = [node[key]] if isinstance(node[key], dict) else {"x": node[key]}
            else:
                mutate(node[key], rng)
        if rng.random() < 0.03:
            node[rng.choice(PLANTED_KEYS)] = odd_value(rng)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if rng.random() < 0.08:
                node[i] = odd_value(rng)
            else:
                mutate(item, rng)
        if node and rng.random() < 0.05:
            node.append(json.loads(json.dumps(node[0])))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binary")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seeds", nargs="*", default=DEFAULT_SEEDS, help="directories of manifests")
    ap.add_argument("--crashes", default=os.path.join(tempfile.gettempdir(), "groundcrew-crashes"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    docs = load_seeds(args.seeds)
    if not docs:
        sys.exit("no seed manifests found")
    start, batches, documents, runs, crashes = time.time(), 0, 0, 0, 0
    with tempfile.TemporaryDirectory() as work:
        while time.time() - start < args.seconds:
            batch = []
            for _ in range(rng.randint(5, 40)):
                doc = json.loads(json.dumps(rng.choice(docs)))
                mutate(doc, rng)
                batch.append(doc)
            for name in os.listdir(work):
                os.remove(os.path.join(work, name))
            with open(os.path.join(work, "a.yaml"), "w", encoding="utf-8") as f:
                yaml.safe_dump_all(batch, f)
            with open(os.path.join(work, "b.json"), "w", encoding="utf-8") as f:
                json.dump({"apiVersion": "v1", "kind": "List", "items": batch}, f)
            for command in COMMANDS:
                argv = [args.binary] + [a.replace("{dir}", work) for a in command]
                try:
                    p = subprocess.run(argv, capture_output=True, timeout=120)
                    code, stderr = p.returncode, p.stderr
                except subprocess.TimeoutExpired as e:
                    # A batch of at most 40 objects that runs for two minutes hangs.
                    code, stderr = "timeout", e.stderr or b""
                runs += 1
                if code not in (0, 1, 2) or b"panicked" in stderr:
                    crashes += 1
                    kept = os.path.join(args.crashes, f"{args.seed}-{batches}-{command[0]}")
                    shutil.copytree(work, kept, dirs_exist_ok=True)
                    with open(os.path.join(kept, "stderr.txt"), "wb") as f:
                        f.write(stderr)
                    print(f"CRASH ({code}) {' '.join(command[:2])}: kept in {kept}",
                          file=sys.stderr)
            batches += 1
            documents += len(batch)
    print(f"seed {args.seed}: {len(docs)} seed documents; {batches} batches, {documents} "
          f"mutated documents, {runs} runs in {time.time() - start:.0f} s; {crashes} crashes")
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()
