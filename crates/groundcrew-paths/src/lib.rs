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
pub use priority::{FindingRef, Fix, PathWeight, Risk, Stake, cuts_of, prioritise, stakes};
pub use search::{Cut, Found, Start, blast_radius, paths};

/// Every path from `starts` to `targets`, described, with ids `P1`, `P2`... in rank order.
pub fn all_paths(g: &Graph<'_, '_>, starts: &[Start], targets: &[Target]) -> Vec<PathOut> {
    paths(g, starts, targets)
        .iter()
        .enumerate()
        .map(|(i, f)| describe(g, f, format!("P{}", i + 1)))
        .collect()
}

/// What a scan keeps of the attack paths: every path's weight (id, score, records), the
/// best `shown` described, and the workloads with the most at stake.
pub struct Weighed {
    pub weights: Vec<PathWeight>,
    pub described: Vec<PathOut>,
    pub stakes: Vec<Stake>,
}

/// Every path's weight, the best `shown` described and the top `shown` workloads by stake:
/// what a scan needs without describing tens of thousands of paths.
pub fn weighed(g: &Graph<'_, '_>, starts: &[Start], targets: &[Target], shown: usize) -> Weighed {
    let found = paths(g, starts, targets);
    let weights: Vec<PathWeight> = found
        .iter()
        .map(|f| PathWeight {
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
    let stakes = stakes(g.net, &weights, shown);
    Weighed {
        weights,
        described,
        stakes,
    }
}
