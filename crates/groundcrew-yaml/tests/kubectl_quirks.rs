//! Every row of the kubectl column of `../shared/reference/yaml-kubernetes-quirks.md`, read
//! through the loader as a mapping value and as a mapping key.

#![allow(clippy::unwrap_used)]

use groundcrew_yaml::{Limits, Value, parse_yaml_document};

fn expected(cell: &str) -> Option<Value> {
    let cell = cell.trim();
    let inner = |p: &str| cell.strip_prefix(p).and_then(|s| s.strip_suffix(')'));
    if cell == "Null" {
        Some(Value::Null)
    } else if let Some(b) = inner("Bool(") {
        Some(Value::Bool(b == "true"))
    } else if let Some(i) = inner("Int(") {
        Some(Value::Int(i.parse().ok()?))
    } else if let Some(f) = inner("Float(") {
        Some(Value::Float(if f == "inf" {
            f64::INFINITY
        } else {
            f.parse().ok()?
        }))
    } else {
        inner("Str(").map(|s| Value::Str(s.trim_matches('"').into()))
    }
}

#[test]
fn every_kubectl_row_matches() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/reference/yaml-kubernetes-quirks.md"
    );
    let text = std::fs::read_to_string(path).expect("quirks reference");
    let mut rows = 0;
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').collect();
        let scalar = cells[0].trim().trim_matches('`');
        let want = expected(cells[cells.len() - 1]).unwrap_or_else(|| panic!("cannot read {line}"));
        let doc = format!("v: {scalar}\n");
        let root = parse_yaml_document(&doc, 1, &Limits::default())
            .unwrap()
            .unwrap();
        assert_eq!(root.get("v").unwrap().value, want, "scalar {scalar}");
        rows += 1;
    }
    assert!(rows >= 20, "read only {rows} rows");
}

#[test]
fn keys_are_resolved_like_values() {
    let root = parse_yaml_document("y: 1\n0x10: 2\nNULL: 3\n", 1, &Limits::default())
        .unwrap()
        .unwrap();
    assert!(root.get("true").is_some());
    assert!(root.get("16").is_some());
    assert!(root.get("null").is_some());
}

#[test]
fn crlf_and_bom() {
    let root = parse_yaml_document("a: yes\r\nb:\r\n  c: 0644\r\n", 1, &Limits::default())
        .unwrap()
        .unwrap();
    assert_eq!(root.get("a").unwrap().value, Value::Bool(true));
    assert_eq!(root.get_path(&["b", "c"]).unwrap().value, Value::Int(420));
}
