//! Checks declared `Check::PodTemplate` are not called for objects without a pod template.
//! That is only right when they could neither pass nor fail such an object: run every one of
//! them on every object without a pod template found in `../shared/corpus`, `examples/` and
//! the controls' own examples, and hold them to reporting nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use groundcrew_controls::{CONTROLS, Check, ControlInputs, FindingTexts, ObjectCtx, Report};
use groundcrew_inventory::{Object, objects_from_document};
use groundcrew_yaml::split::{ChunkKind, split_json, split_yaml};
use groundcrew_yaml::{Limits, parse_json, parse_yaml_document};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(path);
        }
    }
}

/// Every object of a manifest's text (documents that do not load are left out: the loader's
/// own tests cover them).
fn objects(text: &[u8], json: bool) -> Vec<Object> {
    let mut chunks = Vec::new();
    let split = if json {
        split_json(text, &mut |c| chunks.push(c)).map(|_| ())
    } else {
        split_yaml(text, true, &mut |c| chunks.push(c)).map(|_| ())
    };
    if split.is_err() {
        return Vec::new();
    }
    let file: Arc<str> = "input".into();
    let limits = Limits::default();
    let mut all = Vec::new();
    for chunk in chunks {
        let root = match chunk.kind {
            ChunkKind::JsonDocument | ChunkKind::JsonListItem(_) => {
                parse_json(&chunk.text, chunk.start, &limits).ok()
            }
            _ => parse_yaml_document(&chunk.text, chunk.start.line, &limits)
                .ok()
                .flatten(),
        };
        if let Some(root) = root {
            all.extend(objects_from_document(root, &file, 0).0);
        }
    }
    all
}

#[test]
fn pod_template_checks_report_nothing_on_other_objects() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths = Vec::new();
    files(&root.join("../shared/corpus"), &mut paths);
    files(&root.join("examples"), &mut paths);
    paths.sort();
    let mut objects_seen: Vec<Object> = Vec::new();
    for path in &paths {
        let text = std::fs::read(path).unwrap();
        let json = path.extension().is_some_and(|e| e == "json");
        objects_seen.extend(objects(&text, json));
    }
    for control in CONTROLS {
        for example in [control.meta.failing_example, control.meta.passing_example] {
            objects_seen.extend(objects(example.as_bytes(), false));
        }
    }
    let inputs = ControlInputs {
        allowed_registries: vec!["registry.example.com".into()],
        untrusted_registries: vec!["docker.io".into()],
        ..ControlInputs::default()
    };
    let others: Vec<&Object> = objects_seen
        .iter()
        .filter(|o| ObjectCtx::new(o, &inputs).pod.is_none())
        .collect();
    // Enough kinds to mean something: Namespaces, Services, ConfigMaps, RBAC, policies...
    let kinds: std::collections::BTreeSet<&str> = others.iter().map(|o| &*o.id.kind).collect();
    assert!(others.len() > 500, "{} objects", others.len());
    assert!(kinds.len() > 30, "{kinds:?}");
    let mut checked = 0;
    for control in CONTROLS {
        let Check::PodTemplate(check) = control.check else {
            continue;
        };
        for object in &others {
            let ctx = ObjectCtx::new(object, &inputs);
            let mut findings = Vec::new();
            let mut texts = FindingTexts::default();
            let mut report = Report::new(&control.meta, object, &mut findings, &mut texts);
            check(&ctx, &mut report);
            assert!(
                !report.is_relevant() && findings.is_empty(),
                "{} reports on {} {} ({:?})",
                control.meta.id,
                object.id.kind,
                object.id.name,
                findings.first().map(|f| &f.message)
            );
        }
        checked += 1;
    }
    assert!(checked > 80, "{checked} pod-template checks");
}
