//! RBAC analysis on the generated RBAC-heavy input (examples/gen_rbac.rs): building the model
//! (defaults, aggregation, bindings), who-can, and every subject's escalation chains. Loading
//! (YAML → inventory) is done once, outside the measurements.

use criterion::{Criterion, criterion_group, criterion_main};
use groundcrew_inventory::inventory_from_yaml;
use groundcrew_rbac::{Escalations, Question, Rbac};

#[path = "../examples/gen_rbac.rs"]
mod gen_rbac;

fn bench(c: &mut Criterion) {
    let inv =
        inventory_from_yaml("bench.yaml", &gen_rbac::generate(2000, 8)).expect("generated YAML");
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
    // Every service account of a namespace can become every other (pods, Secrets, exec).
    let crowded =
        inventory_from_yaml("crowded.yaml", &gen_rbac::crowded(2000)).expect("generated YAML");
    let crowded = Rbac::new(&crowded);
    group.bench_function(
        "every subject's chains (2000 accounts of one namespace)",
        |b| b.iter(|| Escalations::compute(&crowded, false)),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
