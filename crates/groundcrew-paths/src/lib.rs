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
pub use priority::{FindingRef, Fix, PathWeight, Risks, Stake, StakeAcc, cuts_of, prioritise};
pub use search::{Cut, Found, Start, blast_radius, paths};

/// Paths in rank order: the best described (ids `P1`, `P2`...), of the others only where
/// they start and end and how severe they are — a large cluster's tens of thousands of
/// paths are not all described to print twenty.
pub struct Listed {
    pub shown: Vec<PathOut>,
    /// The paths not described, in rank order.
    pub rest: Vec<Unlisted>,
}

/// A path not described: where it starts and ends (as [`PathOut::entry`] and
/// [`PathOut::target`]) and how severe it is.
#[derive(Debug, Clone)]
pub struct Unlisted {
    pub entry: &'static str,
    pub target: String,
    pub severity: groundcrew_findings::Severity,
}

impl Listed {
    /// The first `shown` of `all` (described, in rank order) kept, the rest reduced.
    pub fn of(mut all: Vec<PathOut>, shown: usize) -> Self {
        let rest = all
            .split_off(shown.min(all.len()))
            .into_iter()
            .map(|p| Unlisted {
                entry: p.entry,
                target: p.target,
                severity: p.severity,
            })
            .collect();
        Listed { shown: all, rest }
    }

    /// Paths found in all.
    pub fn total(&self) -> usize {
        self.shown.len() + self.rest.len()
    }

    /// The severity of every path found, shown or not.
    pub fn severities(&self) -> impl Iterator<Item = groundcrew_findings::Severity> + '_ {
        let shown = self.shown.iter().map(|p| p.severity);
        shown.chain(self.rest.iter().map(|p| p.severity))
    }
}

/// The paths from `starts` to `targets`, the best `shown` of them described.
pub fn listed(g: &Graph<'_, '_>, starts: &[Start], targets: &[Target], shown: usize) -> Listed {
    let found = paths(g, starts, targets);
    let described = found
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, f)| describe(g, f, format!("P{}", i + 1)))
        .collect();
    let rest = found
        .iter()
        .skip(shown)
        .map(|f| Unlisted {
            entry: f.start.name(),
            target: describe::goal_name(g, &f.goal),
            severity: describe::severity(f.score),
        })
        .collect();
    Listed {
        shown: described,
        rest,
    }
}

/// What a scan keeps of the attack paths: the best paths' weights (id, score, records,
/// cuts), the best `shown` described, the workloads with the most at stake, and for every
/// record the best score of any path through it.
pub struct Weighed {
    /// The best paths (at most [`KEPT`]), in rank order: `weights[i]` is `P{i+1}`.
    pub weights: Vec<PathWeight>,
    pub described: Vec<PathOut>,
    pub stakes: Vec<Stake>,
    /// Every path's best score per record it runs through.
    pub best: groundcrew_inventory::FastMap<groundcrew_inventory::RecordId, f64>,
    /// Paths found in all.
    pub total: usize,
}

/// Paths whose weights the scan keeps for "fix these first" and the path ids on findings;
/// risk and stakes count every path.
pub const KEPT: usize = 5000;

/// Weighs every path, describes the best `shown` and ranks the top `shown` workloads: what
/// a scan needs without describing (or keeping) tens of thousands of paths.
pub fn weighed(g: &Graph<'_, '_>, starts: &[Start], targets: &[Target], shown: usize) -> Weighed {
    let found = paths(g, starts, targets);
    let mut best: groundcrew_inventory::FastMap<groundcrew_inventory::RecordId, f64> =
        groundcrew_inventory::FastMap::default();
    let mut acc = priority::StakeAcc::default();
    let mut weights = Vec::with_capacity(found.len().min(KEPT));
    for (i, f) in found.iter().enumerate() {
        let objects = search::objects(g, &f.hops);
        let records = search::records(&objects);
        for &r in &records {
            let b = best.entry(r).or_insert(0.0);
            *b = b.max(f.score);
        }
        acc.add(f.score, &records);
        if i < KEPT {
            weights.push(PathWeight {
                score: f.score,
                records,
                cuts: search::cuts(&objects),
            });
        }
    }
    let described = found
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, f)| describe(g, f, format!("P{}", i + 1)))
        .collect();
    Weighed {
        weights,
        described,
        stakes: acc.top(g.net, shown),
        best,
        total: found.len(),
    }
}
