//! Prioritising findings by the attack paths they lie on, and "fix these first": the few
//! findings whose remediation cuts the most path weight, chosen greedily.

use std::collections::{HashMap, HashSet};

use groundcrew_inventory::RecordId;
use serde::Serialize;

use crate::describe::PathOut;

/// What the prioritisation needs of a finding.
#[derive(Debug, Clone)]
pub struct FindingRef<'a> {
    pub record: RecordId,
    /// 4 critical, 3 high, 2 medium, 1 low, 0 info.
    pub severity: u8,
    pub control: &'a str,
    /// The finding's id in the report.
    pub id: String,
}

/// A finding's risk: its severity combined with the paths it lies on.
#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    /// 0–100: 10 per severity level, plus up to 60 from the most valuable path through
    /// the finding's object.
    pub risk: u32,
    /// Ids of the paths through the finding's object (at most ten, best first).
    pub paths: Vec<String>,
}

/// One "fix this first" item.
#[derive(Debug, Clone, Serialize)]
pub struct Fix {
    pub finding: String,
    pub control: String,
    /// Path weight (sum of scores) its fix removes.
    pub weight: f64,
    pub breaks: Vec<String>,
}

/// Each finding's risk, and the greedy cut: up to `limit` findings, each removing the
/// most remaining path weight. A fix removes a path when the finding is on one of the
/// path's objects (fixing it takes that step away).
pub fn prioritise(
    paths: &[PathOut],
    findings: &[FindingRef<'_>],
    limit: usize,
) -> (Vec<Risk>, Vec<Fix>) {
    let mut by_record: HashMap<RecordId, Vec<usize>> = HashMap::new();
    for (p, path) in paths.iter().enumerate() {
        for &r in &path.records {
            by_record.entry(r).or_default().push(p);
        }
    }
    let risks: Vec<Risk> = findings
        .iter()
        .map(|f| {
            let on = by_record.get(&f.record).map(Vec::as_slice).unwrap_or(&[]);
            let best = on.iter().map(|&p| paths[p].score).fold(0.0, f64::max);
            Risk {
                risk: u32::from(f.severity) * 10 + (best * 0.6).round() as u32,
                paths: on.iter().take(10).map(|&p| paths[p].id.clone()).collect(),
            }
        })
        .collect();
    let mut alive: Vec<bool> = vec![true; paths.len()];
    let mut fixes = Vec::new();
    let mut used: HashSet<usize> = HashSet::new();
    while fixes.len() < limit {
        let mut best: Option<(usize, f64)> = None;
        for (i, f) in findings.iter().enumerate() {
            if used.contains(&i) || f.severity == 0 {
                continue;
            }
            let weight: f64 = by_record
                .get(&f.record)
                .into_iter()
                .flatten()
                .filter(|&&p| alive[p])
                .map(|&p| paths[p].score)
                .sum();
            if weight > 0.0 && best.is_none_or(|(_, w)| weight > w) {
                best = Some((i, weight));
            }
        }
        let Some((i, weight)) = best else { break };
        used.insert(i);
        let f = &findings[i];
        let mut breaks = Vec::new();
        for &p in by_record.get(&f.record).into_iter().flatten() {
            if alive[p] {
                alive[p] = false;
                breaks.push(paths[p].id.clone());
            }
        }
        fixes.push(Fix {
            finding: f.id.clone(),
            control: f.control.to_string(),
            weight: (weight * 10.0).round() / 10.0,
            breaks,
        });
    }
    (risks, fixes)
}
