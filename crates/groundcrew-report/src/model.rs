//! The report: what every renderer reads, and the JSON contract (`docs/json-report.md`).

use groundcrew_controls::{Severity, frameworks};
use groundcrew_engine::ScanOutput;
use groundcrew_findings::Finding;
use groundcrew_inventory::{Inventory, RecordId, Segmented};
use serde::Serialize;

use crate::Date;
use crate::exceptions::{ExceptionRule, ExceptionSet, apply_exceptions};
use crate::scoring::{round2, score_controls};

pub const SCHEMA_VERSION: &str = "1.0";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ControlStatus {
    Passed,
    Failed,
    /// Every failure is covered by an exception.
    Excepted,
    Irrelevant,
    NotEvaluated,
}

impl ControlStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Passed => "passed",
            ControlStatus::Failed => "failed",
            ControlStatus::Excepted => "excepted",
            ControlStatus::Irrelevant => "irrelevant",
            ControlStatus::NotEvaluated => "not-evaluated",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlSummary {
    pub id: &'static str,
    pub name: &'static str,
    #[serde(skip)]
    pub title: &'static str,
    pub severity: Severity,
    pub status: ControlStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip)]
    pub relevant: usize,
    pub passed: usize,
    pub failed: usize,
    pub excepted: usize,
    pub compliance_score: Option<f64>,
    /// The relevant resources (records, in input order; their identities are in
    /// [`Report::identities`]) when the report was built `per_resource`.
    #[serde(skip)]
    pub resources: groundcrew_inventory::RecordSet,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrameworkScore {
    pub name: String,
    pub title: String,
    /// Mean over evaluated controls; `None` when none was evaluated.
    pub compliance_score: Option<f64>,
    pub controls_evaluated: usize,
    pub controls_failed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputErrorOut {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedOut {
    pub file: String,
    pub line: u32,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportInputs {
    pub files: usize,
    pub documents: usize,
    pub objects: usize,
    /// Documents and files skipped on purpose (not objects, templates).
    pub skipped: usize,
    pub skipped_details: Vec<SkippedOut>,
    pub errors: Vec<InputErrorOut>,
}

/// Findings are reported as they are; their serialization is the JSON contract.
pub type ReportFinding = Finding;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionNote {
    pub file: String,
    pub line: u32,
    pub controls: Vec<String>,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionsReport {
    pub unmatched: Vec<ExceptionNote>,
    pub expired: Vec<ExceptionNote>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub findings: usize,
    pub excepted: usize,
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub controls_passed: usize,
    pub controls_failed: usize,
    pub controls_irrelevant: usize,
    pub controls_not_evaluated: usize,
    pub controls_excepted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub schema_version: &'static str,
    pub tool: Tool,
    pub kubernetes_version: String,
    pub inputs: ReportInputs,
    /// In report order, kept in segments (no copy into one list on a large scan).
    pub findings: Segmented<ReportFinding>,
    pub controls: Vec<ControlSummary>,
    pub frameworks: Vec<FrameworkScore>,
    pub exceptions: ExceptionsReport,
    pub summary: Summary,
    /// The frameworks the user selected (empty: the default selection); the pretty report
    /// groups findings by their sections.
    #[serde(skip)]
    pub selected_frameworks: Vec<String>,
    /// Attack paths and the findings to fix first, when computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attack_paths: Option<AttackPaths>,
    /// Every record's identity, by record id, when the report was built `per_resource`
    /// (one copy for all controls: each control keeps only a set of record ids).
    #[serde(skip)]
    pub identities: Vec<std::sync::Arc<groundcrew_inventory::ObjectId>>,
}

/// The attack-path summary of a scan.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttackPaths {
    /// Paths found in all.
    pub total: usize,
    /// The best paths, described.
    pub paths: Vec<groundcrew_paths::PathOut>,
    /// The few findings whose fix removes the most path weight, greedily chosen.
    pub fix_first: Vec<groundcrew_paths::Fix>,
    /// The workloads with the most path weight through them.
    pub workloads: Vec<groundcrew_paths::Stake>,
}

/// Joins attack paths with the report's findings: each open finding gets its risk and the
/// paths through its object; the report gets "fix these first". `records[i]` is the
/// record of `report.findings[i]`.
pub fn attach_paths(
    report: &mut Report,
    records: &[groundcrew_inventory::RecordId],
    weighed: groundcrew_paths::Weighed,
) {
    let groundcrew_paths::Weighed {
        weights,
        described: mut shown,
        stakes,
        best,
        total,
    } = weighed;
    let weights = &weights;
    let open: Vec<usize> = (0..report.findings.len())
        .filter(|&i| !report.findings[i].excepted())
        .collect();
    // Only findings whose fix takes a move away can break a path: the others are not
    // candidates for "fix these first" (and need no entry in its list). A control's cuts are
    // told from its name once, not once per finding.
    let mut cuts_by_control: groundcrew_inventory::FastMap<
        &'static str,
        &'static [groundcrew_paths::Cut],
    > = groundcrew_inventory::FastMap::default();
    let (candidates, refs): (Vec<usize>, Vec<groundcrew_paths::FindingRef<'_>>) = open
        .iter()
        .filter_map(|&i| {
            let f = &report.findings[i];
            let control = f.control;
            let cuts = *cuts_by_control
                .entry(control.id)
                .or_insert_with(|| groundcrew_paths::cuts_of(control.category, control.name));
            (!cuts.is_empty()).then(|| {
                let r = groundcrew_paths::FindingRef {
                    record: records[i],
                    severity: f.control.severity,
                    control: f.control.id,
                    cuts,
                };
                (i, r)
            })
        })
        .unzip();
    let (risks, mut fixes) = groundcrew_paths::prioritise(weights, &best, &refs, 5);
    drop(refs);
    for fix in &mut fixes {
        // From the position among the candidates to the position in the report.
        fix.index = candidates[fix.index];
        fix.finding = report.findings[fix.index].id();
    }
    drop(candidates);
    // Each open finding's risk, made as it is stored (no list of them beside the findings);
    // in the same pass, the open findings of the records the shown paths run through, in
    // report order — not every finding tested against every shown path.
    let on_shown: groundcrew_inventory::FastSet<groundcrew_inventory::RecordId> = weights
        .iter()
        .take(shown.len())
        .flat_map(|w| w.records.iter().copied())
        .collect();
    let mut of_record: groundcrew_inventory::FastMap<groundcrew_inventory::RecordId, Vec<usize>> =
        groundcrew_inventory::FastMap::default();
    for i in open {
        let f = &mut report.findings[i];
        f.risk = Some(risks.of(records[i], f.control.severity));
        if on_shown.contains(&records[i]) {
            of_record.entry(records[i]).or_default().push(i);
        }
    }
    // A shown path's findings: those of its records, in report order, the first 20.
    for (path, weight) in shown.iter_mut().zip(weights) {
        let mut found: Vec<usize> = weight
            .records
            .iter()
            .filter_map(|r| of_record.get(r))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found.truncate(20);
        path.findings = found.iter().map(|&i| report.findings[i].id()).collect();
    }
    report.attack_paths = Some(AttackPaths {
        total,
        paths: shown,
        fix_first: fixes,
        workloads: stakes,
    });
}

fn note(rule: &ExceptionRule) -> ExceptionNote {
    ExceptionNote {
        file: rule.file.to_string(),
        line: rule.pos.line,
        controls: rule.controls.clone(),
        reason: rule.reason.clone(),
        expires: rule.expires.map(|d| d.to_string()),
    }
}

/// Applies exceptions, scores controls and frameworks, and assembles the report.
/// `selected_frameworks` names the frameworks to score (all known ones when empty);
/// `per_resource` keeps each control's relevant resources (for per-resource reports: JUnit).
/// Returns the report, the inventory it was built from and the record of each of the
/// report's findings (in report order), for the analyses that follow.
pub fn build_report(
    mut output: ScanOutput,
    rules: &[ExceptionRule],
    today: Date,
    selected_frameworks: &[String],
    kubernetes_version: String,
    per_resource: bool,
) -> (Report, Inventory, Vec<RecordId>) {
    let records = &output.finding_records;
    let set: ExceptionSet = apply_exceptions(
        records.iter().copied().zip(output.findings.iter_mut()),
        &output.inventory,
        rules,
        today,
    );
    let controls = score_controls(
        &output.controls,
        records.iter().copied().zip(output.findings.iter()),
        per_resource,
    );
    let frameworks = score_frameworks(&controls, selected_frameworks);
    let mut summary = Summary::default();
    for c in &controls {
        match c.status {
            ControlStatus::Passed => summary.controls_passed += 1,
            ControlStatus::Failed => summary.controls_failed += 1,
            ControlStatus::Irrelevant => summary.controls_irrelevant += 1,
            ControlStatus::NotEvaluated => summary.controls_not_evaluated += 1,
            ControlStatus::Excepted => summary.controls_excepted += 1,
        }
    }
    let findings = output.findings;
    for f in &findings {
        if f.excepted() {
            summary.excepted += 1;
        } else {
            summary.findings += 1;
            match f.control.severity {
                Severity::Critical => summary.critical += 1,
                Severity::High => summary.high += 1,
                Severity::Medium => summary.medium += 1,
                Severity::Low => summary.low += 1,
            }
        }
    }
    let inputs = output.inputs;
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "groundcrew",
            version: env!("CARGO_PKG_VERSION"),
        },
        kubernetes_version,
        inputs: ReportInputs {
            files: inputs.files,
            documents: inputs.documents,
            objects: inputs.objects,
            skipped: inputs.skipped.len(),
            skipped_details: inputs
                .skipped
                .iter()
                .map(|s| SkippedOut {
                    file: s.file.to_string(),
                    line: s.line,
                    reason: s.reason.clone(),
                })
                .collect(),
            errors: inputs
                .errors
                .iter()
                .map(|e| InputErrorOut {
                    file: e.file.to_string(),
                    line: e.line,
                    column: e.column,
                    message: e.message.clone(),
                })
                .collect(),
        },
        findings,
        controls,
        frameworks,
        exceptions: ExceptionsReport {
            unmatched: set.unmatched.iter().map(note).collect(),
            expired: set.expired.iter().map(note).collect(),
            warnings: set.warnings,
        },
        summary,
        selected_frameworks: selected_frameworks.to_vec(),
        attack_paths: None,
        identities: if per_resource {
            output.inventory.records().map(|r| r.id.clone()).collect()
        } else {
            Vec::new()
        },
    };
    (report, output.inventory, output.finding_records)
}

fn score_frameworks(controls: &[ControlSummary], selected: &[String]) -> Vec<FrameworkScore> {
    let Ok(all) = frameworks() else {
        return Vec::new();
    };
    all.iter()
        .filter(|f| selected.is_empty() || selected.iter().any(|s| s == &f.name))
        .filter_map(|f| {
            let scores: Vec<(f64, bool)> = f
                .entries
                .iter()
                .filter_map(|e| controls.iter().find(|c| c.id == e.control))
                .filter_map(|c| {
                    c.compliance_score
                        .map(|s| (s, c.status == ControlStatus::Failed))
                })
                .collect();
            let ran = f
                .entries
                .iter()
                .any(|e| controls.iter().any(|c| c.id == e.control));
            if !ran {
                return None;
            }
            let mean = if scores.is_empty() {
                None
            } else {
                Some(round2(
                    scores.iter().map(|(s, _)| s).sum::<f64>() / scores.len() as f64,
                ))
            };
            Some(FrameworkScore {
                name: f.name.clone(),
                title: f.title.clone(),
                compliance_score: mean,
                controls_evaluated: scores.len(),
                controls_failed: scores.iter().filter(|(_, failed)| *failed).count(),
            })
        })
        .collect()
}
