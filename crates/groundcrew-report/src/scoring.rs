//! Compliance scores. Per control: passed relevant resources / relevant resources × 100,
//! where excepted resources count as passed. A control with no relevant resource is
//! `irrelevant`; one that could not run is `not-evaluated`; both are left out of framework
//! means. Per framework: the mean over its evaluated controls.

use groundcrew_engine::ControlRun;
use groundcrew_findings::Finding;
use groundcrew_inventory::{FastMap, RecordId, RecordSet};

use crate::model::{ControlStatus, ControlSummary};

pub(crate) fn score_controls<'f>(
    runs: &[ControlRun],
    findings: impl IntoIterator<Item = (RecordId, &'f Finding)>,
    per_resource: bool,
) -> Vec<ControlSummary> {
    // Per control, the records with an open finding and those with an excepted one.
    let mut by_control: FastMap<&str, Resources> = FastMap::default();
    for (r, f) in findings {
        let resources = by_control.entry(f.control.id).or_default();
        if f.excepted() {
            resources.excepted.push(r);
        } else {
            resources.failed.push(r);
        }
    }
    by_control.values_mut().for_each(Resources::distinct);
    runs.iter()
        .map(|run| {
            let meta = &run.control.meta;
            let relevant = &run.relevant;
            let resources = if per_resource {
                relevant.clone()
            } else {
                RecordSet::default()
            };
            let (failed_n, excepted_n) = by_control
                .get(meta.id)
                .map_or((0, 0), Resources::failed_and_excepted);
            let total = relevant.len().max(failed_n + excepted_n);
            let passed = total - failed_n;
            let (status, score) = if run.not_evaluated.is_some() {
                (ControlStatus::NotEvaluated, None)
            } else if total == 0 {
                (ControlStatus::Irrelevant, None)
            } else if failed_n > 0 {
                (
                    ControlStatus::Failed,
                    Some(passed as f64 * 100.0 / total as f64),
                )
            } else if excepted_n > 0 {
                (ControlStatus::Excepted, Some(100.0))
            } else {
                (ControlStatus::Passed, Some(100.0))
            };
            ControlSummary {
                id: meta.id,
                name: meta.name,
                title: meta.title,
                severity: meta.severity,
                status,
                reason: run.not_evaluated.clone(),
                relevant: total,
                passed,
                failed: failed_n,
                excepted: excepted_n,
                compliance_score: score.map(round2),
                resources,
            }
        })
        .collect()
}

/// One control's resources with findings: each record once, in order, once
/// [`Resources::distinct`] has run.
#[derive(Default)]
struct Resources {
    failed: Vec<RecordId>,
    excepted: Vec<RecordId>,
}

impl Resources {
    /// Sorts and removes repeats (findings come in record order: already sorted).
    fn distinct(&mut self) {
        for records in [&mut self.failed, &mut self.excepted] {
            records.sort_unstable();
            records.dedup();
        }
    }

    /// The resources failed, and those whose every finding is excepted.
    fn failed_and_excepted(&self) -> (usize, usize) {
        let excepted_only = self
            .excepted
            .iter()
            .filter(|r| self.failed.binary_search(r).is_err())
            .count();
        (self.failed.len(), excepted_only)
    }
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::Resources;

    #[test]
    fn a_resource_counts_once_and_as_excepted_only_when_nothing_of_it_is_open() {
        // Record 3 has an open and an excepted finding: failed, not excepted. Records come
        // out of order and repeated.
        let mut r = Resources {
            failed: vec![3, 1, 3, 1],
            excepted: vec![7, 3, 7, 9],
        };
        r.distinct();
        assert_eq!(r.failed, [1, 3]);
        assert_eq!(r.failed_and_excepted(), (2, 2));
        assert_eq!(Resources::default().failed_and_excepted(), (0, 0));
    }
}
