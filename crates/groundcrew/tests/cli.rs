//! End-to-end tests of the release binary: examples, bad input, exceptions, configuration,
//! report formats, exit codes.

#![allow(clippy::unwrap_used)]

mod common;

use std::fs;

use common::*;

#[test]
fn hardened_example_passes_every_default_control() {
    let out = run(&["scan", "examples/hardened", "--format", "json"]);
    let r = json(&out);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(r["summary"]["findings"], 0);
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["excepted"] == true)
    );
    // the one exception it needs carries a reason
    for f in r["findings"].as_array().unwrap() {
        assert!(!f["exception"]["reason"].as_str().unwrap().is_empty());
    }
}

#[test]
fn insecure_example_fails_with_located_findings() {
    let out = run(&["scan", "examples", "--format", "json"]);
    assert_eq!(code(&out), 1);
    let r = json(&out);
    let findings = r["findings"].as_array().unwrap();
    let privileged = findings
        .iter()
        .find(|f| f["control"] == "GC102")
        .expect("privileged: yes is read as true");
    assert_eq!(privileged["location"]["file"], "examples/insecure/web.yaml");
    assert_eq!(privileged["location"]["line"], 26);
    assert_eq!(privileged["location"]["column"], 11);
    assert_eq!(
        privileged["path"],
        "spec.template.spec.containers[1].securityContext.privileged"
    );
    assert!(
        privileged["message"]
            .as_str()
            .unwrap()
            .contains("\"debug\"")
    );
    assert!(findings.iter().any(|f| f["control"] == "GC101"
        && f["path"] == "spec.hostNetwork"
        && f["resource"]["namespace"] == "default"));
    // the parallel writer produces exactly what a plain pretty-printer would
    let mut reference = serde_json::to_string_pretty(&r).unwrap();
    reference.push('\n');
    assert_eq!(String::from_utf8_lossy(&out.stdout), reference);
    // stable ids: the same run twice gives the same ids in the same order
    let again = json(&run(&["scan", "examples", "--format", "json"]));
    assert_eq!(r["findings"], again["findings"]);
}

#[test]
fn malformed_input_is_reported_and_the_rest_scanned() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bad.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  hostPID: true\n  containers: [{name: c, image: x:1}]\n---\nfoo: [unclosed\n",
    )
    .unwrap();
    fs::write(dir.path().join("good.json"), r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"j","namespace":"n"},"spec":{"hostIPC":true,"containers":[]}}"#).unwrap();
    let out = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(code(&out), 2);
    let r = json(&out);
    let errors = r["inputs"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["file"], "./bad.yaml");
    assert_eq!(errors[0]["line"], 5);
    assert_eq!(errors[0]["column"], 3);
    assert!(errors[0]["message"].as_str().unwrap().contains("duplicate"));
    assert_eq!(
        errors[1]["line"], 15,
        "end of input, where the flow sequence stays open"
    );
    let paths: Vec<_> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["control"] == "GC101")
        .map(|f| f["path"].clone())
        .collect();
    assert_eq!(paths, vec!["spec.hostPID", "spec.hostIPC"]);
}

/// kubectl reads YAML 1.1, where an unquoted `no` is the boolean false: `namespace: no` is
/// an object the API server refuses, not a Pod in the `default` namespace (it used to be
/// scanned as one). Such objects are input errors at the value, in YAML and in JSON; the
/// rest is scanned, and the quoted value is the namespace "no".
#[test]
fn identity_of_the_wrong_type_is_an_input_error() {
    let dir = dir_with(&[
        (
            "a.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: no\nspec: {hostPID: true, containers: []}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: q\n  namespace: \"no\"\n  labels: {app: web, tier: on}\nspec: {hostPID: true, containers: []}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: r\n  namespace: \"no\"\nspec: {hostPID: true, containers: []}\n",
        ),
        (
            "b.json",
            r#"{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":1},"spec":{"hostPID":true}}]}"#,
        ),
    ]);
    let out = run_in(
        dir.path(),
        &["scan", ".", "--control", "GC101", "--format", "json"],
    );
    assert_eq!(code(&out), 2);
    let r = json(&out);
    let errors: Vec<_> = r["inputs"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let message = e["message"].as_str().unwrap();
            (
                e["file"].clone(),
                e["line"].clone(),
                e["column"].clone(),
                message.split(':').next().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            (
                "./a.yaml".into(),
                5.into(),
                14.into(),
                "metadata.namespace is the boolean false, not a string".to_string()
            ),
            (
                "./a.yaml".into(),
                13.into(),
                28.into(),
                "metadata.labels[tier] is the boolean true, not a string".to_string()
            ),
            (
                "./b.json".into(),
                1.into(),
                94.into(),
                "metadata.name is the number 1, not a string".to_string()
            ),
        ]
    );
    let resources: Vec<_> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["resource"]["namespace"].as_str().unwrap().to_string()
                + "/"
                + f["resource"]["name"].as_str().unwrap()
        })
        .collect();
    assert_eq!(resources, vec!["no/r"]);
}

#[test]
fn garbage_and_templates() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bin.yaml"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    fs::write(
        dir.path().join("chart.yaml"),
        "apiVersion: v1\nkind: ConfigMap\n{{- if .Values.x }}\nmetadata: {name: x}\n{{- end }}\n",
    )
    .unwrap();
    fs::write(dir.path().join("notes.yaml"), "# comment only\nfoo: bar\n").unwrap();
    let out = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    let r = json(&out);
    assert_eq!(code(&out), 2, "invalid UTF-8 is an input error");
    assert_eq!(r["inputs"]["errors"][0]["file"], "./bin.yaml");
    assert_eq!(r["inputs"]["skipped"], 2, "{}", r["inputs"]);
    let strict = run_in(
        dir.path(),
        &["scan", "chart.yaml", "--strict", "--format", "json"],
    );
    assert_eq!(code(&strict), 2);
    let lenient = run_in(dir.path(), &["scan", "chart.yaml", "notes.yaml"]);
    assert_eq!(code(&lenient), 0);
    assert!(String::from_utf8_lossy(&lenient.stdout).contains("template"));
}

#[test]
fn stdin_and_lists() {
    let list = r#"{"apiVersion":"v1","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","namespace":"x"},"spec":{"hostNetwork":true,"containers":[]}},{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b","namespace":"x"},"spec":{"containers":[]}}],"kind":"List","metadata":{}}"#;
    let out = run_stdin(
        &repo(),
        &["scan", "-", "--control", "GC101", "--format", "json"],
        list.into(),
    );
    let r = json(&out);
    assert_eq!(r["inputs"]["objects"], 2);
    assert_eq!(r["findings"][0]["resource"]["name"], "a");
    assert_eq!(r["findings"][0]["location"]["file"], "-");
    assert_eq!(code(&out), 1);

    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("l.yaml"), "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec:\n    hostPID: yes\n    containers: []\n").unwrap();
    let out = run_in(
        dir.path(),
        &["scan", "l.yaml", "--control", "GC101", "--format", "json"],
    );
    let r = json(&out);
    assert_eq!(r["findings"][0]["location"]["line"], 8);
    assert_eq!(r["findings"][0]["resource"]["namespace"], "default");
}

/// Empty documents — `---` with nothing or only comments after it, as `helm template`
/// writes for a template that rendered nothing — are not documents (kubectl skips them):
/// neither counted nor warned about. A document that holds something else is still skipped
/// with a warning.
#[test]
fn empty_documents_are_not_documents() {
    let dir = dir_with(&[(
        "rendered.yaml",
        "---\n---\n# Source: chart/templates/empty.yaml\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# Source: chart/templates/notes.yaml\n---\nnull\n---\njust: a mapping\n---\n",
    )]);
    let out = run_in(dir.path(), &["scan", "rendered.yaml", "--format", "json"]);
    let r = json(&out);
    assert_eq!(r["inputs"]["documents"], 2, "{}", r["inputs"]);
    assert_eq!(r["inputs"]["objects"], 1);
    assert_eq!(r["inputs"]["skipped"], 1);
    assert_eq!(r["inputs"]["skippedDetails"][0]["line"], 13);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("skipped").count(), 1, "{stderr}");
}

/// A JSON file of JSON whitespace alone holds nothing to check; one whose only text is
/// other Unicode whitespace (a no-break space) is not JSON, and is an input error (it used
/// to be trimmed away as empty, and pass).
#[test]
fn only_json_whitespace_is_empty_json() {
    let dir = dir_with(&[("blank.json", " \t\r\n"), ("nbsp.json", "\u{a0}\n")]);
    let out = run_in(dir.path(), &["scan", "blank.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["inputs"]["documents"], 0);
    let out = run_in(dir.path(), &["scan", "nbsp.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let errors = &json(&out)["inputs"]["errors"];
    assert_eq!(errors[0]["file"], "nbsp.json", "{errors}");
    assert_eq!(
        (&errors[0]["line"], &errors[0]["column"]),
        (&1.into(), &1.into())
    );
}

/// A large YAML document with a top-level `items` list is read item by item, from a file or
/// from stdin, with the lines of the file; when it turns out not to be a `*List`, a file is
/// read again whole, but stdin cannot be: that is an input error, never a silent pass (it
/// used to lose the object and exit 0).
#[test]
fn large_documents_with_items_on_stdin() {
    let items = |kind: &str| {
        let mut text = format!(
            "\n\napiVersion: example.com/v1\nkind: {kind}\nmetadata:\n  name: big\nitems:\n"
        );
        for i in 0..60_000 {
            text.push_str(&format!(
                "- apiVersion: v1\n  kind: Pod\n  metadata: {{name: p{i}}}\n  spec:\n    hostPID: {}\n    containers: []\n",
                i == 59_999
            ));
        }
        assert!(text.len() > 4 << 20, "larger than the streaming threshold");
        text
    };
    let dir = tempfile::tempdir().unwrap();
    let args = ["--control", "GC101", "--format", "json", "--no-paths"];
    // A List: the same findings at the same lines from stdin as from the file.
    let list = items("List");
    fs::write(dir.path().join("list.yaml"), &list).unwrap();
    let from_file = json(&run_in(
        dir.path(),
        &[&["scan", "list.yaml"][..], &args].concat(),
    ));
    let out = run_stdin(
        dir.path(),
        &[&["scan", "-"][..], &args].concat(),
        list.into(),
    );
    let from_stdin = json(&out);
    assert_eq!(code(&out), 1);
    assert_eq!(from_stdin["inputs"]["objects"], 60_000);
    assert_eq!(from_file["inputs"]["objects"], 60_000);
    let line = &from_file["findings"][0]["location"]["line"];
    assert_eq!(&from_stdin["findings"][0]["location"]["line"], line);
    assert_eq!(from_stdin["findings"][0]["resource"]["name"], "p59999");
    // Not a List: one object from the file; from stdin an input error that says what to do.
    let bundle = items("Bundle");
    fs::write(dir.path().join("bundle.yaml"), &bundle).unwrap();
    let from_file = run_in(dir.path(), &[&["scan", "bundle.yaml"][..], &args].concat());
    assert_eq!(json(&from_file)["inputs"]["objects"], 1);
    assert_eq!(code(&from_file), 0);
    let out = run_stdin(
        dir.path(),
        &[&["scan", "-"][..], &args].concat(),
        bundle.into(),
    );
    assert_eq!(code(&out), 2);
    let r = json(&out);
    assert_eq!(r["inputs"]["objects"], 0);
    let message = r["inputs"]["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("pass it as a file"), "{message}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("-:1:1: a YAML document larger than 4 MiB")
    );
    // JSON items are always streamed: a small object with `items` that is no List is the
    // same case, from a file and from stdin.
    let object = r#"{"apiVersion":"example.com/v1","kind":"Bundle","metadata":{"name":"b"},"items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}]}"#;
    fs::write(dir.path().join("bundle.json"), object).unwrap();
    let from_file = run_in(dir.path(), &[&["scan", "bundle.json"][..], &args].concat());
    assert_eq!(json(&from_file)["inputs"]["objects"], 1);
    let out = run_stdin(
        dir.path(),
        &[&["scan", "-"][..], &args].concat(),
        object.into(),
    );
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "-:1:1: a JSON object with a top-level items array but no *List kind cannot be read from stdin"
    ));
}

#[test]
fn exceptions_apply_expire_and_report_unmatched() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n  namespace: shop\n  labels: {app: web}\nspec:\n  hostPID: true\n  hostIPC: true\n  containers: []\n").unwrap();
    fs::write(
        dir.path().join("ex.yaml"),
        "exceptions:\n- controls: [GC101]\n  resources: [{kind: Pod, namespace: shop, name: \"web-*\", labels: {app: web}}]\n  reason: needed for the profiler\n- controls: [GC102]\n  resources: [{name: nothing}]\n  reason: unused\n- controls: [host-namespaces]\n  resources: [{name: \"*\"}]\n  reason: old\n  expires: 2020-01-01\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "scan",
            "p.yaml",
            "--control",
            "GC101",
            "--exceptions",
            "ex.yaml",
            "--format",
            "json",
        ],
    );
    let r = json(&out);
    assert_eq!(code(&out), 0);
    let f = &r["findings"];
    assert_eq!(f.as_array().unwrap().len(), 2);
    assert_eq!(f[0]["excepted"], true);
    assert_eq!(f[0]["exception"]["reason"], "needed for the profiler");
    assert_eq!(r["exceptions"]["unmatched"].as_array().unwrap().len(), 1);
    assert_eq!(r["exceptions"]["expired"][0]["expires"], "2020-01-01");
    assert_eq!(r["controls"][0]["complianceScore"], 100.0);

    fs::write(
        dir.path().join("bad.yaml"),
        "exceptions:\n- controls: [GC101]\n  resources: [{name: x}]\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["scan", "p.yaml", "--exceptions", "bad.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bad.yaml:2:3: an exception needs a reason")
    );
}

#[test]
fn inline_annotations() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: apps\n  annotations:\n    groundcrew.io/ignore: GC101\n    groundcrew.io/ignore-reason: debugging node\nspec: {hostPID: true, containers: []}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  namespace: apps\n  annotations:\n    groundcrew.io/ignore: GC101\nspec: {hostPID: true, containers: []}\n").unwrap();
    let out = run_in(
        dir.path(),
        &["scan", "p.yaml", "--control", "GC101", "--format", "json"],
    );
    let r = json(&out);
    assert_eq!(r["findings"][0]["excepted"], true);
    assert_eq!(
        r["findings"][1]["excepted"], false,
        "no reason, no exception"
    );
    assert_eq!(r["exceptions"]["warnings"].as_array().unwrap().len(), 1);
    assert_eq!(code(&out), 1);
}

#[test]
fn configuration_is_read_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: apps}\nspec:\n  containers:\n  - name: c\n    image: x:1\n    securityContext: {capabilities: {add: [CHOWN]}}\n").unwrap();
    fs::write(
        dir.path().join(".groundcrew.yaml"),
        "controls: [GC317]\ncontrolInputs:\n  insecureCapabilities: [CHOWN]\nfailOn: low\n",
    )
    .unwrap();
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    let out = run_in(&sub, &["scan", "../p.yaml", "--format", "json"]);
    let r = json(&out);
    assert_eq!(r["controls"].as_array().unwrap().len(), 1);
    assert_eq!(r["findings"][0]["control"], "GC317");
    assert_eq!(r["findings"][0]["location"]["file"], "../p.yaml");
    assert_eq!(code(&out), 1);

    fs::write(
        dir.path().join(".groundcrew.yaml"),
        "controls: [GC317]\nfailon: low\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["scan", "p.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains(".groundcrew.yaml:2:1: unknown key \"failon\"")
    );

    fs::write(dir.path().join(".groundcrew.yaml"), "minScore: 120\n").unwrap();
    let out = run_in(dir.path(), &["scan", "p.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains(":1:11: minScore"));

    // Unknown framework and control names are bad values, located like the others.
    for (config, expected) in [
        (
            "frameworks: [nsa, nsaa]\n",
            ".groundcrew.yaml:1:19: unknown framework \"nsaa\"",
        ),
        (
            "controls:\n  - GC317\n  - C-0057\n  - GC9999\n",
            ".groundcrew.yaml:4:5: unknown control \"GC9999\"",
        ),
    ] {
        fs::write(dir.path().join(".groundcrew.yaml"), config).unwrap();
        let out = run_in(dir.path(), &["scan", "p.yaml"]);
        assert_eq!(code(&out), 2);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{stderr}");
    }
}

#[test]
fn fail_on_and_min_score() {
    let pod = "examples/insecure/debug-pod.yaml";
    assert_eq!(
        code(&run(&[
            "scan",
            pod,
            "--control",
            "GC308",
            "--fail-on",
            "high"
        ])),
        0
    );
    assert_eq!(
        code(&run(&[
            "scan",
            pod,
            "--control",
            "GC308",
            "--fail-on",
            "low"
        ])),
        1
    );
    assert_eq!(
        code(&run(&[
            "scan",
            "examples/hardened",
            "--framework",
            "pss-restricted",
            "--min-score",
            "100"
        ])),
        0
    );
    assert_eq!(
        code(&run(&[
            "scan",
            "examples/insecure",
            "--framework",
            "pss-baseline",
            "--fail-on",
            "critical",
            "--control",
            "GC308",
            "--min-score",
            "99"
        ])),
        1
    );
    assert_eq!(code(&run(&["scan", "does-not-exist.yaml"])), 2);
    assert_eq!(code(&run(&["scan", pod, "--format", "nope"])), 2);
    assert_eq!(code(&run(&["scan", pod, "--framework", "nope"])), 2);
}

#[test]
fn several_formats_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("r.sarif");
    let junit = dir.path().join("r.xml");
    let md = dir.path().join("r.md");
    let out = run(&[
        "scan",
        "examples",
        "--format",
        &format!("sarif={}", sarif.display()),
        "--format",
        &format!("junit={}", junit.display()),
        "--format",
        &format!("markdown={}", md.display()),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1);
    json(&out);
    let x = fs::read_to_string(&junit).unwrap();
    assert!(x.contains("<testsuite name=\"GC102 privileged-containers\""));
    assert!(
        fs::read_to_string(&md)
            .unwrap()
            .contains("| critical | GC102")
    );
    let s: serde_json::Value = serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(s["runs"][0]["columnKind"], "unicodeCodePoints");
    assert_eq!(
        code(&run(&["scan", "examples", "-f", "json", "-f", "sarif"])),
        2
    );
}

/// Report files are opened before the scan: a report written into the scanned directory is
/// not read back as a manifest, an old report is replaced whole, an unwritable path fails
/// at once, and two formats may not share a file.
#[test]
fn report_files_are_opened_before_the_scan() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  containers: [{name: c, image: nginx:1.27}]\n";
    // A longer old report: what is left of it would make the new one invalid JSON.
    let old_report = "x".repeat(10_000_000);
    let dir = dir_with(&[("pod.yaml", pod), ("out.json", &old_report)]);
    for _ in 0..2 {
        let out = run_in(dir.path(), &["scan", ".", "-f", "json", "-o", "out.json"]);
        assert_eq!(code(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
        let report: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.path().join("out.json")).unwrap())
                .unwrap();
        assert_eq!(report["inputs"]["files"], 1);
        assert_eq!(report["inputs"]["objects"], 1);
        assert_eq!(report["inputs"]["skipped"], 1);
        assert_eq!(report["inputs"]["skippedDetails"][0]["file"], "./out.json");
        assert_eq!(
            report["inputs"]["skippedDetails"][0]["reason"],
            "a report this scan writes"
        );
    }
    // Another JSON file of the directory is still read (and skipped as no object).
    fs::write(dir.path().join("other.json"), "{\"a\": 1}").unwrap();
    let out = run_in(dir.path(), &["scan", ".", "-f", "json", "-o", "out.json"]);
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(
        report["inputs"]["files"],
        2,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A device is written, not emptied; a pipe has no path but is written.
    if std::path::Path::new("/dev/null").exists() {
        assert_eq!(code(&run(&["scan", "examples", "-o", "/dev/null"])), 1);
        let piped = std::process::Command::new(env!("CARGO_BIN_EXE_groundcrew"))
            .current_dir(repo())
            .args(["scan", "examples", "-f", "json", "-o", "/dev/stdout"])
            .stdout(std::process::Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(
            code(&piped),
            1,
            "{}",
            String::from_utf8_lossy(&piped.stderr)
        );
        json(&piped);
    }
    let missing = dir.path().join("no/such/dir/r.json");
    let out = run(&["scan", "examples", "-o", &missing.display().to_string()]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    let out = run_in(
        dir.path(),
        &[
            "scan",
            "pod.yaml",
            "-f",
            "json=r.json",
            "-f",
            "sarif=./r.json",
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("the same file"));
}

#[test]
fn docs_are_up_to_date() {
    let out = run(&["controls", "docs", "--check", "--out", "docs/controls"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn controls_and_frameworks_commands() {
    let out = run(&["controls", "list", "--format", "json"]);
    let list = json(&out);
    let privileged_esc = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "GC202")
        .unwrap();
    assert_eq!(privileged_esc["references"]["kubescape"][0], "C-0016");
    assert!(
        String::from_utf8_lossy(&run(&["controls", "show", "C-0016"]).stdout).contains("GC202")
    );
    assert!(String::from_utf8_lossy(&run(&["frameworks", "show", "cis"]).stdout).contains("5.2.2"));
    assert_eq!(code(&run(&["controls", "show", "nope"])), 2);
}

/// A `kubectl get -o yaml` dump larger than the streaming threshold is read item by item,
/// with positions that point into the file; a large non-List document with top-level
/// `items` is read whole.
#[test]
fn large_yaml_lists_stream_item_by_item() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("apiVersion: v1\nitems:\n");
    let mut line = 3;
    let mut expected_line = 0;
    for i in 0..6000 {
        let host_pid = if i == 4321 { "    hostPID: true\n" } else { "" };
        let item = format!(
            "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: pod-{i}\n    namespace: ns\n    annotations:\n      note: \"{pad}\"\n  spec:\n{host_pid}    containers:\n    - name: c\n      image: x:1\n",
            pad = "x".repeat(700)
        );
        if i == 4321 {
            expected_line = line + 8;
        }
        line += item.lines().count();
        text.push_str(&item);
    }
    text.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    assert!(text.len() > 4 << 20);
    fs::write(dir.path().join("dump.yaml"), &text).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "scan",
            "dump.yaml",
            "--control",
            "GC101",
            "--format",
            "json",
        ],
    );
    let r = json(&out);
    assert_eq!(r["inputs"]["objects"], 6000, "{}", r["inputs"]);
    assert_eq!(r["inputs"]["documents"], 1);
    assert_eq!(r["findings"].as_array().unwrap().len(), 1);
    assert_eq!(r["findings"][0]["resource"]["name"], "pod-4321");
    assert_eq!(r["findings"][0]["location"]["line"], expected_line);
    assert_eq!(r["findings"][0]["location"]["column"], 5);

    // The same shape with another kind is one object, read whole.
    let not_list = text.replace("kind: List\n", "kind: Inventory\n");
    fs::write(dir.path().join("custom.yaml"), &not_list).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "scan",
            "custom.yaml",
            "--control",
            "GC101",
            "--format",
            "json",
        ],
    );
    let r = json(&out);
    assert_eq!(r["inputs"]["objects"], 1, "{}", r["inputs"]);
    assert_eq!(code(&out), 0);
}

/// Inputs of many batches (one large file with a malformed document in the middle, then a
/// directory of small files) come out in input order, and the report is byte for byte the
/// same whatever the number of worker threads.
#[test]
fn many_batches_keep_input_order_on_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..3000 {
        if i == 1500 {
            text.push_str(
                "---
apiVersion: v1
kind: Pod
metadata: {name: broken
",
            );
        }
        text.push_str(&format!(
            "---
apiVersion: v1
kind: Pod
metadata:
  name: p{i:04}
  namespace: ns
  annotations:
    note: \"{pad}\"\nspec:\n  hostPID: true\n  containers:\n  - name: c\n    image: x:1\n",
            pad = "x".repeat(300)
        ));
    }
    assert!(text.len() > 1 << 20, "several batches");
    fs::write(dir.path().join("a-big.yaml"), &text).unwrap();
    fs::create_dir(dir.path().join("b-small")).unwrap();
    for i in 0..300 {
        fs::write(
            dir.path().join(format!("b-small/{i:03}.yaml")),
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: s{i:03}\n  namespace: ns\nspec:\n  hostPID: true\n  containers:\n  - name: c\n    image: x:1\n"
            ),
        )
        .unwrap();
    }
    let scan = |threads: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_groundcrew"))
            .args([
                "scan",
                "a-big.yaml",
                "b-small",
                "--control",
                "GC101",
                "-f",
                "json",
            ])
            .current_dir(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
    };
    let two = scan("2");
    assert_eq!(
        code(&two),
        2,
        "the malformed document makes it an input error"
    );
    let r = json(&two);
    assert_eq!(r["inputs"]["objects"], 3300, "{}", r["inputs"]);
    let errors = r["inputs"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["file"], "a-big.yaml");
    // Every document before the broken one has 13 lines; the broken one spans lines 19501
    // (`---`) to 19504, and the parser notices the unclosed mapping where it ends.
    let line = errors[0]["line"].as_u64().unwrap();
    assert!(
        (1500 * 13 + 1..=1500 * 13 + 5).contains(&line),
        "{errors:?}"
    );
    let findings = r["findings"].as_array().unwrap();
    let names: Vec<&str> = findings
        .iter()
        .map(|f| f["resource"]["name"].as_str().unwrap())
        .collect();
    let mut want: Vec<String> = (0..3000).map(|i| format!("p{i:04}")).collect();
    want.extend((0..300).map(|i| format!("s{i:03}")));
    assert_eq!(names, want, "one finding per pod, in input order");
    let lines: Vec<u64> = findings[..3000]
        .iter()
        .map(|f| f["location"]["line"].as_u64().unwrap())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "lines ascend");
    for threads in ["1", "3"] {
        assert_eq!(scan(threads).stdout, two.stdout, "{threads} threads");
    }
}

/// With a framework selected, the pretty report follows the framework's sections, and every
/// format carries the framework's score.
#[test]
fn framework_sections_and_scores_in_every_format() {
    let out = run(&["scan", "examples/insecure", "--framework", "cis"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("cis — CIS Kubernetes Benchmark v1.12 (score "),
        "{text}"
    );
    let s522 = text.find("\n  5.2.2\n").expect("section 5.2.2");
    let s532 = text.find("\n  5.3.2\n").expect("section 5.3.2");
    assert!(s522 < s532, "sections in framework order");
    assert!(text.contains("GC102 privileged-containers"));
    assert!(
        text.contains("irrelevant    GC901 apiserver-anonymous-auth"),
        "{text}"
    );
    let json_out = json(&run(&[
        "scan",
        "examples/insecure",
        "--framework",
        "cis",
        "--format",
        "json",
    ]));
    assert_eq!(json_out["frameworks"][0]["name"], "cis");
    let sarif = json(&run(&[
        "scan",
        "examples/insecure",
        "--framework",
        "cis",
        "--format",
        "sarif",
    ]));
    assert_eq!(
        sarif["runs"][0]["properties"]["frameworks"][0]["name"],
        "cis"
    );
    let junit = run(&[
        "scan",
        "examples/insecure",
        "--framework",
        "cis",
        "--format",
        "junit",
    ]);
    let junit = String::from_utf8_lossy(&junit.stdout);
    assert!(
        junit.contains("<property name=\"framework.cis.score\" value=\""),
        "{junit}"
    );
    let md = run(&[
        "scan",
        "examples/insecure",
        "--framework",
        "cis",
        "--format",
        "markdown",
    ]);
    assert!(String::from_utf8_lossy(&md.stdout).contains("cis"));
}

/// A control whose every failure is excepted reports `excepted`, not `passed`.
#[test]
fn controls_with_only_excepted_findings_are_excepted() {
    let r = json(&run(&["scan", "examples/hardened", "--format", "json"]));
    let gc306 = r["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "GC306")
        .unwrap();
    assert_eq!(gc306["status"], "excepted", "{gc306}");
    assert_eq!(r["summary"]["controlsExcepted"], 1);
    let failed = r["controls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "failed")
        .count();
    assert_eq!(failed, 0);
}

/// With a report format other than pretty on stdout (or any format to a file), the input
/// errors and warnings that the pretty report opens with go to stderr: a CI log shows why
/// the run ended with 2. A file that could not be read has no position to show.
#[test]
fn input_problems_reach_stderr_whatever_the_format() {
    let dir = dir_with(&[
        (
            "bad.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a\n",
        ),
        (
            "chart.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n",
        ),
    ]);
    for args in [
        &["scan", ".", "missing.yaml", "-f", "json", "-o", "r.json"][..],
        &["scan", ".", "missing.yaml", "-f", "sarif"][..],
    ] {
        let out = run_in(dir.path(), args);
        assert_eq!(code(&out), 2);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("error: ./bad.yaml:4:1: "),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains("error: missing.yaml: "),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains("warning: ./chart.yaml:1: skipped: Helm/Go template"),
            "{args:?}: {stderr}"
        );
    }
    // The pretty report shows them itself, once.
    let out = run_in(dir.path(), &["scan", ".", "missing.yaml"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("error: missing.yaml: "), "{stdout}");
    assert!(!stdout.contains("missing.yaml:0:0"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
}

/// Inputs read without error but holding no object: the run passes (an empty render is not
/// an input error) but says that nothing was checked.
#[test]
fn no_objects_is_said() {
    let dir = dir_with(&[("empty.yaml", "# nothing here\n")]);
    let out = run_in(dir.path(), &["scan", ".", "-f", "json"]);
    assert_eq!(code(&out), 0);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("warning: no Kubernetes objects in the inputs (files read: 1, documents: 0)")
    );
    let with_object = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n";
    fs::write(dir.path().join("ns.yaml"), with_object).unwrap();
    let out = run_in(dir.path(), &["scan", ".", "-f", "json"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("no Kubernetes objects"));
}
