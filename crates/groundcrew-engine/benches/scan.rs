//! Criterion benchmarks of the engine: a whole scan (split, parse, evaluate every control,
//! cross-object checks) over the shared corpus, and over one large real file.
//! Scripted runs of the release binary on gen_scale.py dumps live in `bench/scale.sh`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use groundcrew_controls::{CONTROLS, ControlInputs};
use groundcrew_engine::{ScanOptions, resolve_inputs, scan};
use groundcrew_yaml::Limits;

fn options(path: &str) -> ScanOptions {
    let (inputs, _) = resolve_inputs(&[path.to_string()], &[]);
    ScanOptions {
        inputs,
        controls: CONTROLS.to_vec(),
        control_inputs: ControlInputs::default(),
        limits: Limits::default(),
        strict: false,
        addresses: false,
        attack_paths: false,
    }
}

fn bench(c: &mut Criterion) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");
    let corpus = options(root);
    let prometheus = options(&format!("{root}/kube-prometheus"));
    let mut group = c.benchmark_group("scan");
    group.sample_size(20);
    group.bench_function("shared-corpus-all-controls", |b| {
        b.iter(|| black_box(scan(&corpus).findings.len()))
    });
    group.bench_function("kube-prometheus-all-controls", |b| {
        b.iter(|| black_box(scan(&prometheus).findings.len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
