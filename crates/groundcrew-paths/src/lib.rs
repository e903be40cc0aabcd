//! Attack paths: what the scan, RBAC and NetworkPolicy analyses know, joined into a graph
//! of attacker moves, searched from entry points (the internet, or any compromised pod) to
//! goals (cluster-admin, nodes, secrets, namespace admin, sensitive workloads).
//!
//! - [`graph`]: the graph, every edge backed by one of groundcrew's engines;
//! - [`search`]: best path per entry and target by backward breadth-first search, and
//!   blast radius by forward search;
//! - [`describe`]: paths as readable, located steps;
//! - [`priority`]: findings ranked by the paths they lie on, and "fix these first".

pub mod describe;
pub mod graph;
pub mod priority;
pub mod search;

pub use describe::{PathOut, StepOut, describe, one_line};
pub use graph::{Classification, Goal, Graph, Target};
pub use priority::{FindingRef, Fix, PathWeight, Risk, cuts_of, prioritise};
pub use search::{Cut, Found, Start, blast_radius, paths};

/// Every path from `starts` to `targets`, described, with ids `P1`, `P2`... in rank order.
pub fn all_paths(g: &Graph<'_, '_>, starts: &[Start], targets: &[Target]) -> Vec<PathOut> {
    paths(g, starts, targets)
        .iter()
        .enumerate()
        .map(|(i, f)| describe(g, f, format!("P{}", i + 1)))
        .collect()
}

/// Every path's weight (id, score, records), and the best `shown` described: what a scan
/// needs without describing tens of thousands of paths.
pub fn weighed(
    g: &Graph<'_, '_>,
    starts: &[Start],
    targets: &[Target],
    shown: usize,
) -> (Vec<PathWeight>, Vec<PathOut>) {
    let found = paths(g, starts, targets);
    let weights = found
        .iter()
        .enumerate()
        .map(|(i, f)| PathWeight {
            id: format!("P{}", i + 1),
            score: f.score,
            records: search::records(g, &f.hops),
            cuts: search::cuts(g, &f.hops),
        })
        .collect();
    let described = found
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, f)| describe(g, f, format!("P{}", i + 1)))
        .collect();
    (weights, described)
}
