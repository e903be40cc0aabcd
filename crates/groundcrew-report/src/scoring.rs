//! Compliance scores. Per control: passed relevant resources / relevant resources × 100,
//! where excepted resources count as passed. A control with no relevant resource is
//! `irrelevant`; one that could not run is `not-evaluated`; both are left out of framework
//! means. Per framework: the mean over its evaluated controls.

use groundcrew_engine::ControlRun;
use groundcrew_findings::Finding;
use groundcrew_inventory::{FastMap, FastSet, RecordId, RecordSet};

use crate::model::{ControlStatus, ControlSummary};

pub(crate) fn score_controls<'f>(
    runs: &[ControlRun],
    findings: impl IntoIterator<Item = &'f (RecordId, Finding)>,
    per_resource: bool,
) -> Vec<ControlSummary> {
    let mut failed: FastMap<&str, FastSet<RecordId>> = FastMap::default();
    let mut with_excepted: FastMap<&str, FastSet<RecordId>> = FastMap::default();
    for (r, f) in findings {
        if f.excepted() {
            with_excepted.entry(f.control.id).or_default().insert(*r);
        } else {
            failed.entry(f.control.id).or_default().insert(*r);
        }
    }
    runs.iter()
        .map(|run| {
            let meta = &run.control.meta;
            let relevant = &run.relevant;
            let resources = if per_resource {
                relevant.clone()
            } else {
                RecordSet::default()
            };
            let failed_set = failed.get(meta.id);
            let failed_n = failed_set.map_or(0, FastSet::len);
            let excepted_n = with_excepted.get(meta.id).map_or(0, |s| {
                s.iter()
                    .filter(|r| failed_set.is_none_or(|f| !f.contains(r)))
                    .count()
            });
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

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
