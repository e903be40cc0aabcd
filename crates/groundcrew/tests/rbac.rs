//! `groundcrew rbac` end to end: who-can, permissions, escalations and graph on multi-object
//! manifests, their JSON contracts, noise control on Kubernetes' own defaults, and bad input.

#![allow(clippy::unwrap_used)]

mod common;

use std::fs;

use common::*;

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

const TEAMS: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules:
- apiGroups: ['']
  resources: [secrets]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects:
- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: auditors}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects:
- {kind: Group, name: auditors, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: deployers, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects:
- {kind: ServiceAccount, name: ci}
";

#[test]
fn who_can_answers_per_namespace_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "teams.yaml", TEAMS);
    let out = run(&[
        "rbac", "who-can", "list", "secrets", &file, "--format", "json",
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let answer = json(&out);
    assert_eq!(answer["query"]["verb"], "list");
    assert_eq!(answer["query"]["resource"], "secrets");
    assert_eq!(answer["query"]["apiGroup"], "");
    let subjects = answer["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 1, "{subjects:?}");
    assert_eq!(subjects[0]["kind"], "Group");
    assert_eq!(subjects[0]["name"], "auditors");
    let grant = &subjects[0]["grants"][0];
    assert_eq!(grant["binding"]["kind"], "ClusterRoleBinding");
    assert_eq!(grant["binding"]["name"], "auditors");
    assert_eq!(grant["role"]["kind"], "ClusterRole");
    assert_eq!(grant["role"]["name"], "secret-reader");
    assert_eq!(grant["scope"], "cluster");
    // Namespace-only grants: partial, with their namespaces. `edit` (a default, aggregated
    // from the built-in data) reads secrets too.
    let partial = answer["partial"].as_array().unwrap();
    let names: Vec<(&str, &str)> = partial
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["namespaces"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(names, [("alice", "team-a"), ("ci", "team-a")]);
    assert_eq!(partial[1]["kind"], "ServiceAccount");
    assert_eq!(partial[1]["namespace"], "team-a");

    let in_a = json(&run(&[
        "rbac", "who-can", "list", "secrets", "-n", "team-a", &file, "-f", "json",
    ]));
    assert_eq!(in_a["subjects"].as_array().unwrap().len(), 3);
    let in_b = json(&run(&[
        "rbac", "who-can", "list", "secrets", "-n", "team-b", &file, "-f", "json",
    ]));
    let in_b: Vec<&str> = in_b["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        in_b,
        ["auditors"],
        "a RoleBinding in team-a grants nothing in team-b"
    );

    // The group is inferred: deployments are apps.
    let deploy = json(&run(&[
        "rbac",
        "who-can",
        "create",
        "deployments",
        "-n",
        "team-a",
        &file,
        "-f",
        "json",
    ]));
    assert_eq!(deploy["query"]["apiGroup"], "apps");
    assert_eq!(deploy["subjects"][0]["name"], "ci");
    // Pretty output names the grant and where it is written.
    let pretty =
        String::from_utf8(run(&["rbac", "who-can", "list", "secrets", &file]).stdout).unwrap();
    assert!(pretty.contains("Group auditors"), "{pretty}");
    assert!(pretty.contains("teams.yaml:"), "{pretty}");
    assert!(pretty.contains("Only in some namespaces"), "{pretty}");
}

#[test]
fn permissions_of_a_subject() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "teams.yaml", TEAMS);
    for subject in [
        "ServiceAccount:team-a:ci",
        "system:serviceaccount:team-a:ci",
    ] {
        let out = run(&["rbac", "permissions", subject, &file, "--format", "json"]);
        assert_eq!(code(&out), 0);
        let p = json(&out);
        assert_eq!(p["subject"]["kind"], "ServiceAccount");
        let scope = &p["scopes"][0];
        assert_eq!(scope["scope"], "namespace");
        assert_eq!(scope["namespace"], "team-a");
        let pods = scope["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["resource"] == "pods" && r["apiGroup"] == "")
            .unwrap();
        assert!(
            pods["verbs"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v == "create")
        );
    }
    let out = run(&["rbac", "permissions", "alice", &file]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("User:NAME"));
}

#[test]
fn escalations_of_the_example_application() {
    let out = run(&[
        "rbac",
        "escalations",
        "examples/insecure",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 0);
    let e = json(&out);
    let paths = e["paths"].as_array().unwrap();
    let devs = paths
        .iter()
        .find(|p| p["subject"]["name"] == "shop-devs")
        .unwrap();
    assert_eq!(devs["reaches"], "cluster-admin");
    let steps = devs["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert_eq!(steps[0]["from"]["kind"], "Group");
    assert_eq!(steps[0]["to"]["kind"], "ServiceAccount");
    assert_eq!(steps[0]["to"]["name"], "api");
    assert_eq!(steps[0]["via"]["binding"]["name"], "shop-devs-edit");
    assert_eq!(steps[0]["via"]["role"]["name"], "edit");
    assert_eq!(steps[1]["to"]["position"], "cluster-admin");
    assert_eq!(steps[1]["via"]["binding"]["name"], "api-operator");
    // One chain per subject and position: no redundant routes.
    let mut seen = std::collections::BTreeSet::new();
    for p in paths {
        assert!(
            seen.insert((p["subject"].to_string(), p["reaches"].to_string())),
            "{p}"
        );
    }
    // Filter by subject.
    let one = json(&run(&[
        "rbac",
        "escalations",
        "examples/insecure",
        "--subject",
        "User:support@shop.example",
        "-f",
        "json",
    ]));
    assert_eq!(one["paths"].as_array().unwrap().len(), 1);
    // The hardened twin: nobody escalates.
    let hardened = json(&run(&[
        "rbac",
        "escalations",
        "examples/hardened",
        "-f",
        "json",
    ]));
    assert_eq!(hardened["paths"].as_array().unwrap().len(), 0, "{hardened}");
}

#[test]
fn graph_formats() {
    let dot = String::from_utf8(run(&["rbac", "graph", "examples/insecure"]).stdout).unwrap();
    assert!(dot.starts_with("digraph rbac {"), "{dot}");
    assert!(dot.contains("Group shop-devs"));
    assert!(dot.contains("style=dashed"), "escalation edges are drawn");
    let mermaid = String::from_utf8(
        run(&[
            "rbac",
            "graph",
            "examples/insecure",
            "--format",
            "mermaid",
            "-n",
            "shop-batch",
        ])
        .stdout,
    )
    .unwrap();
    assert!(mermaid.starts_with("flowchart LR"), "{mermaid}");
    assert!(mermaid.contains("reports-cleanup"));
    assert!(
        !mermaid.contains("shop-devs"),
        "filtered to shop-batch: {mermaid}"
    );
    let out = run(&["rbac", "graph", "examples/insecure", "--format", "png"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn kubernetes_defaults_do_not_flood() {
    let corpus = shared()
        .join("corpus/k8s-bootstrap-rbac")
        .to_string_lossy()
        .into_owned();
    let report = json(&run(&[
        "scan",
        &corpus,
        "--framework",
        "all",
        "--format",
        "json",
    ]));
    let rbac: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["control"].as_str().unwrap())
        .filter(|c| c.starts_with("GC11"))
        .collect();
    assert!(rbac.is_empty(), "{rbac:?}");
    let e = json(&run(&["rbac", "escalations", &corpus, "-f", "json"]));
    assert_eq!(e["paths"].as_array().unwrap().len(), 0);
    // With the defaults included, they are analysed like anything else.
    let all = json(&run(&[
        "scan",
        &corpus,
        "--framework",
        "all",
        "--include-defaults",
        "--format",
        "json",
    ]));
    let cluster_admin = all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["control"] == "GC1101" && f["resource"]["name"] == "system:masters");
    assert!(cluster_admin);
    // A modified default is not a default: an extra rule in system:basic-user is reported.
    let dir = tempfile::tempdir().unwrap();
    let text =
        fs::read_to_string(shared().join("corpus/k8s-bootstrap-rbac/cluster-roles.yaml")).unwrap();
    let modified = text.replacen(
        "  name: system:basic-user\nrules:\n",
        "  name: system:basic-user\nrules:\n- apiGroups: ['']\n  resources: [secrets]\n  verbs: [list]\n",
        1,
    );
    assert_ne!(modified, text, "the corpus has system:basic-user");
    write(dir.path(), "roles.yaml", &modified);
    fs::copy(
        shared().join("corpus/k8s-bootstrap-rbac/cluster-role-bindings.yaml"),
        dir.path().join("bindings.yaml"),
    )
    .unwrap();
    let d = dir.path().to_string_lossy().into_owned();
    let who = json(&run(&[
        "rbac", "who-can", "list", "secrets", &d, "-f", "json",
    ]));
    let names: Vec<&str> = who["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"system:authenticated"), "{who}");
}

/// kube-prometheus: the RBAC findings of the default selection are the operator's and
/// kube-state-metrics' real powers, no more (docs/rbac.md says why each is there).
#[test]
fn kube_prometheus_without_noise() {
    let corpus = shared()
        .join("corpus/kube-prometheus")
        .to_string_lossy()
        .into_owned();
    let report = json(&run(&["scan", &corpus, "--format", "json"]));
    let mut rbac: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["control"].as_str().unwrap().starts_with("GC11"))
        .map(|f| {
            (
                f["control"].as_str().unwrap().to_string(),
                f["resource"]["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rbac.sort();
    let expected = [
        ("GC1102", "prometheus-operator"),
        ("GC1103", "kube-state-metrics"),
        ("GC1103", "prometheus-operator"),
        ("GC1104", "prometheus-operator"),
        ("GC1114", "prometheus-operator"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(rbac, expected);
}

#[test]
fn bad_input_is_reported_and_the_rest_analysed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "teams.yaml", TEAMS);
    write(
        dir.path(),
        "broken.yaml",
        "kind: Role\nmetadata: {name: x\n",
    );
    let d = dir.path().to_string_lossy().into_owned();
    let out = run(&["rbac", "who-can", "list", "secrets", &d, "-f", "json"]);
    assert_eq!(code(&out), 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.yaml:"), "{stderr}");
    assert_eq!(json(&out)["subjects"][0]["name"], "auditors");
}

#[test]
fn scan_reports_subjects_with_their_bindings() {
    let report = json(&run(&[
        "scan",
        "examples/insecure",
        "--control",
        "GC1103",
        "--format",
        "json",
    ]));
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource"]["name"] == "api")
        .unwrap();
    assert_eq!(f["resource"]["apiVersion"], "v1");
    assert_eq!(f["resource"]["kind"], "ServiceAccount");
    assert_eq!(f["resource"]["namespace"], "shop");
    assert_eq!(f["location"]["file"], "examples/insecure/rbac.yaml");
    let related = f["related"].as_array().unwrap();
    assert_eq!(related[0]["resource"]["kind"], "ClusterRoleBinding");
    assert_eq!(related[1]["resource"]["kind"], "ClusterRole");
    assert!(related[1]["location"]["line"].as_u64().is_some());
    let group = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource"]["kind"] == "Group")
        .unwrap();
    assert_eq!(
        group["resource"]["apiVersion"],
        "rbac.authorization.k8s.io/v1"
    );
}
