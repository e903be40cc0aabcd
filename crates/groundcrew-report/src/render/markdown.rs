use std::fmt::Write;

use groundcrew_controls::Severity;

use super::{Place, resource, score};
use crate::Report;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A pull-request comment: summary, scores, then findings by severity (capped).
pub(crate) fn render(report: &Report) -> String {
    const MAX_ROWS: usize = 200;
    let mut out = String::from("## groundcrew scan\n\n");
    let s = &report.summary;
    let _ = writeln!(
        out,
        "**{}** findings — {} critical, {} high, {} medium, {} low ({} excepted). {} objects in {} files; {} input errors, {} skipped.\n",
        s.findings,
        s.critical,
        s.high,
        s.medium,
        s.low,
        s.excepted,
        report.inputs.objects,
        report.inputs.files,
        report.inputs.errors.len(),
        report.inputs.skipped
    );
    let fix_first = super::fix_first_lines(report);
    if !fix_first.is_empty() {
        out.push_str("### Fix these first\n\n");
        for l in &fix_first {
            let _ = writeln!(out, "- {}", cell(l));
        }
        out.push('\n');
    }
    if !report.inputs.errors.is_empty() {
        out.push_str("### Input errors\n\n");
        for e in &report.inputs.errors {
            let _ = writeln!(
                out,
                "- `{}:{}:{}` {}",
                e.file,
                e.line,
                e.column,
                cell(&e.message)
            );
        }
        out.push('\n');
    }
    if !report.frameworks.is_empty() {
        out.push_str("| Framework | Score | Controls evaluated | Failed |\n|---|---:|---:|---:|\n");
        for f in &report.frameworks {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                f.name,
                score(f.compliance_score),
                f.controls_evaluated,
                f.controls_failed
            );
        }
        out.push('\n');
    }
    let not_evaluated: Vec<String> = report
        .controls
        .iter()
        .filter(|c| c.status == crate::ControlStatus::NotEvaluated)
        .map(|c| {
            format!(
                "{} {} ({})",
                c.id,
                c.name,
                c.reason.as_deref().unwrap_or("")
            )
        })
        .collect();
    if !not_evaluated.is_empty() {
        let _ = writeln!(out, "Not evaluated: {}.\n", not_evaluated.join("; "));
    }
    let open: Vec<_> = report.findings.iter().filter(|f| !f.excepted()).collect();
    if !open.is_empty() {
        out.push_str(
            "| Severity | Control | Resource | Location | Message |\n|---|---|---|---|---|\n",
        );
        let mut rows = 0;
        for sev in Severity::ALL_DESCENDING {
            for f in open.iter().filter(|f| f.control.severity == sev) {
                if rows == MAX_ROWS {
                    break;
                }
                rows += 1;
                let _ = writeln!(
                    out,
                    "| {} | {} {} | {} | `{}` | {} |",
                    sev,
                    f.control.id,
                    f.control.name,
                    cell(&resource(f)),
                    Place(f),
                    cell(&f.message)
                );
            }
        }
        if open.len() > MAX_ROWS {
            let _ = writeln!(
                out,
                "\n…and {} more (see the JSON or SARIF report).",
                open.len() - MAX_ROWS
            );
        }
    }
    out
}
