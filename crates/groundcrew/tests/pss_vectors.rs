//! The official Pod Security Admission test vectors (v1.35): each fail vector fails the
//! control of its check, each pass vector fails no PSS control of its level.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;

fn control_for(check: &str) -> &'static str {
    match check {
        "hostnamespaces" => "GC101",
        "privileged" => "GC102",
        "capabilities_baseline" => "GC103",
        "hostpathvolumes" => "GC104",
        "hostports" => "GC105",
        "hostprobesandhostlifecycle" => "GC106",
        "apparmorprofile" => "GC107",
        "selinuxoptions" => "GC108",
        "procmount" => "GC109",
        "seccompprofile_baseline" => "GC110",
        "sysctls" => "GC111",
        "windowshostprocess" => "GC112",
        "restrictedvolumes" => "GC201",
        "allowprivilegeescalation" => "GC202",
        "runasnonroot" => "GC203",
        "runasuser" => "GC204",
        "seccompprofile_restricted" => "GC205",
        "capabilities_restricted" => "GC206",
        "procmount_restricted" => "GC207",
        other => panic!("unmapped PSA check {other}"),
    }
}

const BASELINE: &[&str] = &[
    "GC101", "GC102", "GC103", "GC104", "GC105", "GC106", "GC107", "GC108", "GC109", "GC110",
    "GC111", "GC112",
];
const RESTRICTED_ONLY: &[&str] = &[
    "GC201", "GC202", "GC203", "GC204", "GC205", "GC206", "GC207",
];

#[test]
fn agrees_with_every_vector() {
    let dir = shared().join("corpus/pod-security-admission");
    let expected = std::fs::read_to_string(dir.join("EXPECTED.jsonl")).expect("vectors");
    let mut checked = 0;
    let mut problems = Vec::new();
    for line in expected.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = dir.join(v["input"][0].as_str().unwrap());
        let out = run(&[
            "scan",
            file.to_str().unwrap(),
            "--framework",
            "pss-baseline",
            "--framework",
            "pss-restricted",
            "--format",
            "json",
        ]);
        assert_ne!(code(&out), 2, "input error on {}", file.display());
        let failed = failed_controls(&json(&out));
        let check = v["check"].as_str().unwrap();
        let (level, name) = check.split_once(':').unwrap_or((check, ""));
        if v["expected"] == "fail" {
            let want = control_for(name);
            if !failed.iter().any(|c| c == want) {
                problems.push(format!(
                    "{}: expected {want} to fail, got {failed:?}",
                    file.display()
                ));
            }
        } else {
            let level_controls: Vec<&str> = if level == "baseline" {
                BASELINE.to_vec()
            } else {
                BASELINE
                    .iter()
                    .chain(RESTRICTED_ONLY)
                    .copied()
                    .filter(|c| *c != "GC109")
                    .collect()
            };
            let wrong: Vec<_> = failed
                .iter()
                .filter(|c| level_controls.contains(&c.as_str()))
                .collect();
            if !wrong.is_empty() {
                problems.push(format!("{}: pass vector failed {wrong:?}", file.display()));
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 148);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
