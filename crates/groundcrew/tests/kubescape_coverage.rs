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
    "rbac-graph(binding+role)",
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

/// Kubescape ID → the groundcrew controls claiming it: those that decide it from objects
/// (`decidable`), or the catalog entries that list it as needing other data.
fn claimed_by(decidable: bool) -> BTreeMap<String, Vec<String>> {
    let out = run(&["controls", "list", "--format", "json"]);
    assert_eq!(code(&out), 0);
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in json(&out).as_array().unwrap() {
        if c["decidable"] != decidable {
            continue;
        }
        for k in c["references"]["kubescape"].as_array().unwrap() {
            claims
                .entry(k.as_str().unwrap().to_string())
                .or_default()
                .push(c["id"].as_str().unwrap().to_string());
        }
    }
    claims
}

fn claimed() -> BTreeMap<String, Vec<String>> {
    claimed_by(true)
}

/// Needs that are the substance of a control whenever they are listed (scan results,
/// signatures, a service scan): with them, objects alone never decide.
const ALWAYS_EXTERNAL: &[&str] = &[
    "image-scan",
    "registry-network(cosign)",
    "operator-service-scan",
];

/// Object-decidable: one of the alternatives is an object source, and nothing external is
/// the substance of the control.
fn decidable(needs: &[String]) -> bool {
    needs.iter().any(|n| OBJECT_DECIDABLE.contains(&n.as_str()))
        && !needs.iter().any(|n| ALWAYS_EXTERNAL.contains(&n.as_str()))
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
            decidable(needs),
            "{controls:?} claim {id}, which needs {needs:?}: no Kubernetes object decides it"
        );
    }
}

/// What objects cannot decide is still in the catalog, so the gap shows: every Kubescape
/// control that needs only host files, cloud APIs, image scans or a person (and is not an
/// RBAC-graph control, which the RBAC analysis takes) is listed by an entry that a scan
/// reports not-evaluated with its reason.
#[test]
fn what_objects_cannot_decide_is_listed_as_not_evaluated() {
    let catalog = catalog();
    let listed = claimed_by(false);
    for (id, controls) in &listed {
        let needs = catalog.get(id).unwrap();
        assert!(
            !decidable(needs),
            "{controls:?} list {id} as undecidable, but it needs {needs:?}"
        );
    }
    for (id, needs) in &catalog {
        if decidable(needs) {
            continue;
        }
        assert!(
            listed.contains_key(id),
            "{id} ({needs:?}) is not in the catalog"
        );
    }
    let out = run(&[
        "scan",
        "examples/hardened",
        "--framework",
        "all",
        "--format",
        "json",
    ]);
    let report = json(&out);
    let controls = report["controls"].as_array().unwrap();
    for entries in listed.values() {
        for id in entries {
            let c = controls.iter().find(|c| c["id"] == id.as_str()).unwrap();
            assert_eq!(c["status"], "not-evaluated", "{c}");
            assert!(c["reason"].as_str().unwrap().starts_with("needs "), "{c}");
        }
    }
}

/// The RBAC analysis covers every Kubescape control that needs the RBAC graph, and the two
/// workload ones that join it with service-account tokens.
#[test]
fn every_rbac_graph_control_is_claimed() {
    let claimed = claimed();
    for (id, needs) in catalog() {
        if needs.iter().any(|n| n.starts_with("rbac-graph")) || id == "C-0267" || id == "C-0272" {
            assert!(claimed.contains_key(&id), "{id} ({needs:?}) is not covered");
        }
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
