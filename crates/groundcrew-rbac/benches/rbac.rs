//! RBAC analysis on the generated RBAC-heavy input (examples/gen_rbac.rs): building the model
//! (defaults, aggregation, bindings), who-can, and every subject's escalation chains. Loading
//! (YAML → inventory) is done once, outside the measurements.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use groundcrew_inventory::{Inventory, ObjectRecord, objects_from_document};
use groundcrew_rbac::{Escalations, Question, Rbac};
use groundcrew_yaml::{Limits, parse_yaml_document};

#[path = "../examples/gen_rbac.rs"]
mod gen_rbac;

fn inventory(text: &str) -> Inventory {
    let file: Arc<str> = Arc::from("bench.yaml");
    let mut records = Vec::new();
    for (i, doc) in text.split("---\n").enumerate() {
        let Ok(Some(root)) = parse_yaml_document(doc, 1, &Limits::default()) else {
            continue;
        };
        let (objects, _) = objects_from_document(root, &file, i as u32);
        records.extend(objects.iter().map(ObjectRecord::from_object));
    }
    Inventory::new(records)
}

fn bench(c: &mut Criterion) {
    let inv = inventory(&gen_rbac::generate(2000, 8));
    let rbac = Rbac::new(&inv);
    println!(
        "input: {} objects, {} roles (with defaults), {} bindings, {} subjects",
        inv.len(),
        rbac.roles.len(),
        rbac.bindings.len(),
        rbac.subjects.len()
    );
    c.bench_function("rbac model (2000 namespaces)", |b| {
        b.iter(|| Rbac::new(&inv))
    });
    let secrets = Question::new("get", "secrets", None, None, None).expect("question");
    c.bench_function("who-can get secrets (cluster-wide)", |b| {
        b.iter(|| rbac.who_can(&secrets, false))
    });
    let pods = Question::new("create", "pods", None, Some("team-00042"), None).expect("question");
    c.bench_function("who-can create pods -n team-00042", |b| {
        b.iter(|| rbac.who_can(&pods, false))
    });
    let mut group = c.benchmark_group("escalations");
    group.sample_size(10);
    group.bench_function("every subject's chains (depth 8)", |b| {
        b.iter(|| Escalations::compute(&rbac, false))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
