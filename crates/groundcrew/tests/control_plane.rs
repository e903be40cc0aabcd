//! Control-plane flags as the programs read them: `--flag=value`, `--flag value`, bare
//! `--flag`, the last occurrence winning, `args` after `command`, binaries named by path;
//! only the Pods of the named component are relevant.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;

fn scan_pod(yaml: &str, control: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pod.yaml");
    std::fs::write(&file, yaml).unwrap();
    let out = run(&[
        "scan",
        file.to_str().unwrap(),
        "--control",
        control,
        "--format",
        "json",
    ]);
    assert_ne!(code(&out), 2, "{}", String::from_utf8_lossy(&out.stderr));
    json(&out)
}

fn pod(container: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: cp, namespace: kube-system}}\nspec:\n  containers:\n{container}"
    )
}

fn status(report: &serde_json::Value) -> String {
    report["controls"][0]["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn flag_forms() {
    // GC901: --anonymous-auth must be false.
    let cases = [
        (
            "  - name: x\n    command: [kube-apiserver, --anonymous-auth=false]\n",
            "passed",
        ),
        (
            "  - name: x\n    command: [kube-apiserver, --anonymous-auth, 'false']\n",
            "passed",
        ),
        (
            "  - name: x\n    command: [kube-apiserver, --anonymous-auth]\n",
            "failed",
        ),
        (
            "  - name: x\n    command: [kube-apiserver, --anonymous-auth=false, --anonymous-auth=true]\n",
            "failed",
        ),
        (
            "  - name: x\n    command: [kube-apiserver, --anonymous-auth=true, --anonymous-auth=false]\n",
            "passed",
        ),
        (
            "  - name: x\n    command: [/usr/local/bin/kube-apiserver]\n    args: [--anonymous-auth=false]\n",
            "passed",
        ),
        (
            "  - name: kube-apiserver\n    args: [--anonymous-auth=true]\n",
            "failed",
        ),
        (
            "  - name: x\n    command: [kube-apiserver, --anonymous-authx=false]\n",
            "failed",
        ),
    ];
    for (container, want) in cases {
        let r = scan_pod(&pod(container), "GC901");
        assert_eq!(status(&r), want, "{container}\n{}", r["findings"]);
    }
}

#[test]
fn other_programs_are_not_relevant() {
    let r = scan_pod(
        &pod("  - name: web\n    image: nginx:1.27\n    command: [nginx, -g, 'daemon off;']\n"),
        "GC901",
    );
    assert_eq!(status(&r), "irrelevant");
    // The scheduler's pod is not the API server's.
    let r = scan_pod(
        &pod("  - name: kube-scheduler\n    command: [kube-scheduler, --profiling=true]\n"),
        "GC915",
    );
    assert_eq!(status(&r), "irrelevant");
}

#[test]
fn list_flags_and_numbers() {
    let cases = [
        // GC908: RBAC among the authorization modes.
        ("GC908", "--authorization-mode=Node, RBAC", "passed"),
        ("GC908", "--authorization-mode=Node,RBACX", "failed"),
        // GC912: ServiceAccount is on unless disabled.
        (
            "GC912",
            "--enable-admission-plugins=NodeRestriction",
            "passed",
        ),
        (
            "GC912",
            "--disable-admission-plugins=DefaultStorageClass,ServiceAccount",
            "failed",
        ),
        // GC917: at least 30 days.
        ("GC917", "--audit-log-maxage=30", "passed"),
        ("GC917", "--audit-log-maxage=29", "failed"),
        ("GC917", "--audit-log-maxage=thirty", "failed"),
        // GC929: insecure port 0 or absent.
        ("GC929", "--insecure-port=0", "passed"),
        ("GC929", "--insecure-port=8080", "failed"),
        ("GC929", "--profiling=false", "passed"),
        // GC927: strong cipher suites only; unset fails.
        (
            "GC927",
            "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_AES_128_GCM_SHA256",
            "passed",
        ),
        (
            "GC927",
            "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA",
            "failed",
        ),
        ("GC927", "--profiling=false", "failed"),
    ];
    for (control, flag, want) in cases {
        let r = scan_pod(
            &pod(&format!(
                "  - name: x\n    command: [kube-apiserver, '{flag}']\n"
            )),
            control,
        );
        assert_eq!(status(&r), want, "{control} {flag}\n{}", r["findings"]);
    }
}

#[test]
fn findings_point_at_the_flag_or_the_command() {
    let r = scan_pod(
        &pod("  - name: x\n    command:\n    - kube-apiserver\n    - --profiling=true\n"),
        "GC915",
    );
    let f = &r["findings"][0];
    assert_eq!(f["path"], "spec.containers[0].command[1]");
    assert_eq!(f["location"]["line"], 9);
    let r = scan_pod(
        &pod("  - name: x\n    command:\n    - kube-apiserver\n"),
        "GC916",
    );
    assert_eq!(r["findings"][0]["path"], "spec.containers[0].command");
}
