//! Prioritising findings by the attack paths they lie on, and "fix these first": the few
//! findings whose remediation cuts the most path weight, chosen greedily.

use std::sync::Arc;

use groundcrew_findings::{FindingRisk, Severity};
use groundcrew_inventory::{FastMap, FastSet, RecordId};

use crate::search::Cut;
use serde::Serialize;

/// What the prioritisation needs of a path: its id, score and the records it runs
/// through.
#[derive(Debug, Clone)]
pub struct PathWeight {
    /// Paths are numbered by position: the first is `P1`.
    pub score: f64,
    pub records: Vec<RecordId>,
    /// The moves a fix could take away, by record.
    pub cuts: Vec<(RecordId, Cut)>,
}

/// A severity as risk points come from it: 1 low to 4 critical.
fn level(severity: Severity) -> u32 {
    match severity {
        Severity::Low => 1,
        Severity::Medium => 2,
        Severity::High => 3,
        Severity::Critical => 4,
    }
}

/// What the prioritisation needs of a finding.
#[derive(Debug, Clone)]
pub struct FindingRef<'a> {
    pub record: RecordId,
    pub severity: Severity,
    pub control: &'a str,
    /// The moves fixing it takes away (none for findings that do not change what an
    /// attacker can do, such as missing resource limits).
    pub cuts: &'static [Cut],
}

/// The moves fixing a finding of `control` (`category`, `name`) takes away from the paths
/// through its object.
pub fn cuts_of(category: &str, name: &str) -> &'static [Cut] {
    let escape_names = [
        "host-path",
        "socket",
        "capabilit",
        "privileged",
        "host-namespace",
    ];
    match category {
        "network" => &[Cut::Network],
        "rbac" => &[Cut::Rbac, Cut::Token],
        "pod-security" | "node" => &[Cut::Escape],
        _ if name.contains("automount") || name.contains("token") => &[Cut::Token],
        _ if escape_names.iter().any(|n| name.contains(n)) => &[Cut::Escape],
        _ => &[],
    }
}

/// The paths through each record, to tell a finding's [`FindingRisk`] when it is asked for: a
/// report with 170k findings holds no list of their risks beside them.
pub struct Risks<'b> {
    /// Per record, the numbers of the paths through it (at most five, best first), one
    /// list shared by all the record's findings.
    by_record: FastMap<RecordId, Arc<[u32]>>,
    best: &'b FastMap<RecordId, f64>,
}

impl Risks<'_> {
    /// The risk of a finding of `severity` on `record`: 10 per severity level plus up to 60
    /// from the most valuable path through the record, and the numbers of the paths through
    /// it (`P<n>`; at most five, best first).
    pub fn of(&self, record: RecordId, severity: Severity) -> FindingRisk {
        let best = self.best.get(&record).copied().unwrap_or(0.0);
        FindingRisk {
            risk: level(severity) * 10 + (best * 0.6).round() as u32,
            paths: self.by_record.get(&record).cloned().unwrap_or_default(),
        }
    }
}

/// One "fix this first" item.
#[derive(Debug, Clone, Serialize)]
pub struct Fix {
    /// The finding's id in the report (filled by the caller from `index`).
    pub finding: String,
    /// The finding's position in the list given to [`prioritise`] (callers may map it to
    /// their own).
    #[serde(skip)]
    pub index: usize,
    pub control: String,
    /// Path weight (sum of scores) its fix removes.
    pub weight: f64,
    pub breaks: Vec<String>,
}

/// What tells each finding's risk, and the greedy cut: up to `limit` findings, each removing the
/// most remaining path weight. A fix removes a path when the finding is on one of the
/// path's objects (fixing it takes that step away).
pub fn prioritise<'b>(
    paths: &[PathWeight],
    best: &'b FastMap<RecordId, f64>,
    findings: &[FindingRef<'_>],
    limit: usize,
) -> (Risks<'b>, Vec<Fix>) {
    let mut by_record: FastMap<RecordId, Vec<usize>> = FastMap::default();
    let mut by_cut: FastMap<(RecordId, Cut), Vec<usize>> = FastMap::default();
    for (p, path) in paths.iter().enumerate() {
        for &r in &path.records {
            by_record.entry(r).or_default().push(p);
        }
        for &c in &path.cuts {
            by_cut.entry(c).or_default().push(p);
        }
    }
    // The paths a finding's fix breaks.
    let breaks = |f: &FindingRef<'_>| -> Vec<usize> {
        let mut v: Vec<usize> = f
            .cuts
            .iter()
            .flat_map(|&c| by_cut.get(&(f.record, c)).into_iter().flatten().copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // Each finding's broken paths, worked out once, for the findings that break any (most
    // lie on no path); in finding order, so that ties resolve as they did.
    let breaking: Vec<(usize, Vec<usize>)> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (i, breaks(f)))
        .filter(|(_, broken)| !broken.is_empty())
        .collect();
    let mut alive: Vec<bool> = vec![true; paths.len()];
    let mut fixes = Vec::new();
    let mut used: FastSet<usize> = FastSet::default();
    while fixes.len() < limit {
        let mut best: Option<(usize, f64, &[usize])> = None;
        for (i, broken) in &breaking {
            if used.contains(i) {
                continue;
            }
            let weight: f64 = broken
                .iter()
                .filter(|&&p| alive[p])
                .map(|&p| paths[p].score)
                .sum();
            // Ties go to the more severe finding.
            if weight > 0.0
                && best.is_none_or(|(b, w, _)| {
                    weight > w || (weight == w && findings[*i].severity > findings[b].severity)
                })
            {
                best = Some((*i, weight, broken));
            }
        }
        let Some((i, weight, breaks)) = best else {
            break;
        };
        used.insert(i);
        let f = &findings[i];
        let mut broken = Vec::new();
        for &p in breaks {
            if alive[p] {
                alive[p] = false;
                broken.push(format!("P{}", p + 1));
            }
        }
        fixes.push(Fix {
            finding: String::new(),
            index: i,
            control: f.control.to_string(),
            weight: (weight * 10.0).round() / 10.0,
            breaks: broken,
        });
    }
    let by_record = by_record
        .into_iter()
        .map(|(r, on)| {
            let numbers: Arc<[u32]> = on.iter().take(5).map(|&p| p as u32 + 1).collect();
            (r, numbers)
        })
        .collect();
    (Risks { by_record, best }, fixes)
}

/// A workload's stake: the attack paths through it.
#[derive(Debug, Clone, Serialize)]
pub struct Stake {
    pub workload: String,
    /// Sum of the scores of the paths through it.
    pub weight: f64,
    /// The best of them.
    pub best: f64,
    pub paths: usize,
}

/// Path weight per record, gathered path by path.
#[derive(Debug, Default)]
pub struct StakeAcc {
    by_record: FastMap<RecordId, (f64, f64, usize)>,
}

impl StakeAcc {
    pub fn add(&mut self, score: f64, records: &[RecordId]) {
        for &r in records {
            let entry = self.by_record.entry(r).or_insert((0.0, 0.0, 0));
            entry.0 += score;
            entry.1 = entry.1.max(score);
            entry.2 += 1;
        }
    }

    /// The `limit` workloads with the most path weight through them, highest first.
    pub fn top(&self, net: &groundcrew_netpol::Network<'_>, limit: usize) -> Vec<Stake> {
        let mut list: Vec<Stake> = net
            .endpoints
            .iter()
            .filter_map(|e| {
                let &(weight, best, n) = self.by_record.get(&e.record)?;
                Some(Stake {
                    workload: e.display(),
                    weight: (weight * 10.0).round() / 10.0,
                    best,
                    paths: n,
                })
            })
            .collect();
        list.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.workload.cmp(&b.workload))
        });
        list.truncate(limit);
        list
    }
}
