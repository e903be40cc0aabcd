//! Coverage of Kubescape's catalog: every Kubescape control ID a groundcrew control claims is
//! one that Kubernetes objects can decide (per `../shared/reference/kubescape-controls.tsv`),
//! and for each claimed ID a failing fixture (`tests/fixtures/kubescape/<ID>.yaml`, with
//! `<ID>.groundcrew.yaml` when the control needs inputs) yields a finding carrying that ID.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;

/// The `data_needs` alternatives a scan of Kubernetes objects can meet.
const OBJECT_DECIDABLE: &[&str] = &[
    "manifest-ok",
    "multi-resource",
    "config-input",
    "controlplane-static-pod",
    "node-objects(status)",
    "apiserver-version",
];

/// Kubescape ID → its `data_needs` alternatives.
fn catalog() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(shared().join("reference/kubescape-controls.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let id = header.iter().position(|h| *h == "control_id").unwrap();
    let needs = header.iter().position(|h| *h == "data_needs").unwrap();
    lines
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .map(|f| {
            (
                f[id].to_string(),
                f[needs].split(';').map(str::to_string).collect(),
            )
        })
        .collect()
}

/// Kubescape ID → the groundcrew controls claiming it.
fn claimed() -> BTreeMap<String, Vec<String>> {
    let out = run(&["controls", "list", "--format", "json"]);
    assert_eq!(code(&out), 0);
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in json(&out).as_array().unwrap() {
        for k in c["references"]["kubescape"].as_array().unwrap() {
            claims
                .entry(k.as_str().unwrap().to_string())
                .or_default()
                .push(c["id"].as_str().unwrap().to_string());
        }
    }
    claims
}

#[test]
fn claimed_ids_exist_and_are_object_decidable() {
    let catalog = catalog();
    assert!(catalog.len() > 250, "the TSV lists Kubescape's catalog");
    for (id, controls) in claimed() {
        let needs = catalog
            .get(&id)
            .unwrap_or_else(|| panic!("{controls:?} claim {id}, which Kubescape does not have"));
        assert!(
            needs.iter().any(|n| OBJECT_DECIDABLE.contains(&n.as_str())),
            "{controls:?} claim {id}, which needs {needs:?}: no Kubernetes object decides it"
        );
    }
}

#[test]
fn every_claimed_id_fails_its_fixture_with_that_id() {
    let dir = repo().join("tests/fixtures/kubescape");
    let mut missing = Vec::new();
    for (id, controls) in claimed() {
        let fixture = dir.join(format!("{id}.yaml"));
        if !fixture.exists() {
            missing.push(id);
            continue;
        }
        let fixture = fixture.to_string_lossy().into_owned();
        let config = dir.join(format!("{id}.groundcrew.yaml"));
        let config = config.to_string_lossy().into_owned();
        let mut args = vec!["scan", &fixture, "--framework", "all", "--format", "json"];
        if std::path::Path::new(&config).exists() {
            args.extend(["--config", &config]);
        }
        let out = run(&args);
        assert_ne!(
            code(&out),
            2,
            "{id}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = json(&out);
        let carrying: BTreeSet<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                f["references"]["kubescape"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k == id.as_str())
            })
            .map(|f| f["control"].as_str().unwrap())
            .collect();
        assert!(
            !carrying.is_empty(),
            "{id} (claimed by {controls:?}): no finding carries it in {fixture}; controls: {}",
            report["controls"]
        );
    }
    assert!(
        missing.is_empty(),
        "claimed IDs without a failing fixture: {missing:?}"
    );
}

/// Narrowed references: a finding names only the Kubescape controls its own failure matches.
#[test]
fn findings_carry_only_the_kubescape_ids_they_match() {
    let dir = repo().join("tests/fixtures/kubescape");
    let fixture = dir.join("C-0041.yaml").to_string_lossy().into_owned();
    let out = run(&["scan", &fixture, "--control", "GC101", "--format", "json"]);
    let report = json(&out);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        findings[0]["references"]["kubescape"],
        serde_json::json!(["C-0041"])
    );
}
