//! SARIF of the examples and of every corpus folder validates against the SARIF 2.1.0
//! schema; every corpus folder loads without crashing, with explainable results.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("SARIF schema compiles")
}

fn sarif_of(path: &str) -> (i32, serde_json::Value) {
    let out = run(&["scan", path, "--format", "sarif"]);
    (code(&out), json(&out))
}

#[test]
fn sarif_validates_for_examples_and_every_corpus_folder() {
    let v = validator();
    let mut folders = vec!["examples".to_string()];
    for entry in std::fs::read_dir(shared().join("corpus")).unwrap() {
        let e = entry.unwrap();
        if e.file_type().unwrap().is_dir() {
            folders.push(format!(
                "../shared/corpus/{}",
                e.file_name().to_string_lossy()
            ));
        }
    }
    folders.sort();
    assert!(folders.len() >= 10);
    for folder in &folders {
        let (code, sarif) = sarif_of(folder);
        assert!(code <= 2, "{folder}: crashed ({code})");
        let errors: Vec<String> = v
            .iter_errors(&sarif)
            .take(5)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{folder}: {errors:?}");
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        for r in results.iter().take(50) {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            assert!(region["startLine"].as_u64().unwrap() >= 1);
        }
    }
}

#[test]
fn badpods_fail_exactly_what_their_setting_implies() {
    let expect: &[(&str, &[&str])] = &[
        ("everything-allowed", &["GC101", "GC102", "GC104", "GC311"]),
        ("priv", &["GC102"]),
        ("hostpid", &["GC101"]),
        ("hostipc", &["GC101"]),
        ("hostnetwork", &["GC101"]),
        ("hostpath", &["GC104", "GC311"]),
        ("priv-and-hostpid", &["GC101", "GC102"]),
    ];
    let baseline = [
        "GC101", "GC102", "GC103", "GC104", "GC105", "GC106", "GC107", "GC108", "GC109", "GC110",
        "GC111", "GC112", "GC311",
    ];
    for (folder, want) in expect {
        let path = format!("../shared/corpus/badpods/{folder}");
        let out = run(&["scan", &path, "--format", "json"]);
        let failed = failed_controls(&json(&out));
        for w in *want {
            assert!(
                failed.iter().any(|f| f == w),
                "{folder}: expected {w}, got {failed:?}"
            );
        }
        for f in failed.iter().filter(|f| baseline.contains(&f.as_str())) {
            assert!(want.contains(&f.as_str()), "{folder}: unexpected {f}");
        }
    }
    let out = run(&[
        "scan",
        "../shared/corpus/badpods/nothing-allowed",
        "--framework",
        "pss-baseline",
        "--format",
        "json",
    ]);
    assert_eq!(failed_controls(&json(&out)), Vec::<String>::new());
}

#[test]
fn every_corpus_source_loads() {
    let out = run(&["scan", "../shared/corpus", "--format", "json"]);
    let r = json(&out);
    assert!(r["inputs"]["objects"].as_u64().unwrap() > 1500);
    // Known, explainable input errors only: deliberate defects (kubesec) and duplicate keys
    // that kubectl's strict validation also rejects.
    for e in r["inputs"]["errors"].as_array().unwrap() {
        let file = e["file"].as_str().unwrap();
        let msg = e["message"].as_str().unwrap();
        assert!(
            file.contains("/kubesec/") || msg.contains("duplicate"),
            "unexpected input error {e}"
        );
    }
}

#[test]
fn json_report_validates_against_its_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("docs/json-report.schema.json")).unwrap(),
    )
    .unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    for target in ["examples", "../shared/corpus/kubesec"] {
        let out = run(&[
            "scan",
            target,
            "--format",
            "json",
            "--exceptions",
            "tests/fixtures/exceptions.yaml",
        ]);
        let report = json(&out);
        let errors: Vec<String> = v
            .iter_errors(&report)
            .take(5)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{target}: {errors:?}");
    }
}

/// The SARIF writer puts the results in a slot of a document laid out without them: text
/// from the input (an error message quoting a key, a resource name) that spells the slot
/// must not move them.
#[test]
fn sarif_results_stay_in_place_whatever_the_input_says() {
    let dir = tempfile::tempdir().unwrap();
    let slot = "\\0groundcrew-results\\0";
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: \"web{slot}\"}}\nspec:\n  containers:\n  - {{name: app, image: nginx, securityContext: {{privileged: true}}}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cm}}\ndata: {{\"{slot}\": a, \"{slot}\": b}}\n"
    );
    let file = dir.path().join("hostile.yaml");
    std::fs::write(&file, text).unwrap();
    let (code, sarif) = sarif_of(file.to_str().unwrap());
    assert_eq!(code, 2, "the duplicate key is an input error");
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().expect("results are an array");
    assert!(
        results.iter().any(|r| r["ruleId"] == "GC102"
            || r["message"]["text"]
                .as_str()
                .unwrap()
                .contains("privileged")),
        "the privileged pod's findings are among the results"
    );
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(
        notes.iter().any(|n| n["message"]["text"]
            .as_str()
            .unwrap()
            .contains("groundcrew-results")),
        "the input error quotes the key"
    );
    assert!(validator().iter_errors(&sarif).next().is_none());
}

/// go-yaml (kubectl) reads flow collections whatever their lines' indentation: a closing
/// bracket at its key's column (as istio's spire sample writes it) is no input error, the
/// values are kubectl's, and findings inside the collection point at the original columns.
#[test]
fn flow_collections_indented_as_kubectl_allows_are_read() {
    let out = run(&[
        "scan",
        "../shared/corpus/istio-samples/security/spire/spire-quickstart.yaml",
        "--format",
        "json",
        "--no-paths",
    ]);
    let r = json(&out);
    assert_eq!(r["inputs"]["errors"].as_array().unwrap().len(), 0, "{r:#}");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    args: [\n      \"--port\", \"8080\",\n    ]\n    securityContext: {\n  privileged: true,\n    }\n";
    let dir = dir_with(&[("pod.yaml", pod)]);
    let out = run_in(
        dir.path(),
        &["scan", "pod.yaml", "--format", "json", "--no-paths"],
    );
    let r = json(&out);
    assert_eq!(r["inputs"]["errors"].as_array().unwrap().len(), 0, "{r:#}");
    let privileged = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["control"] == "GC102")
        .expect("the privileged container is found");
    assert_eq!(privileged["location"]["line"], 12);
    assert_eq!(privileged["location"]["column"], 3);
}
