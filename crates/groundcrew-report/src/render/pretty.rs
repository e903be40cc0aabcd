use std::fmt::Write;

use groundcrew_controls::Severity;
use owo_colors::OwoColorize;
use rayon::prelude::*;

use super::{ByControl, score};
use crate::{Report, ReportFinding};

fn paint(s: &str, color: bool, f: impl Fn(&str) -> String) -> String {
    if color { f(s) } else { s.to_string() }
}

fn sev_label(sev: Severity, color: bool) -> String {
    let label = sev.as_str().to_ascii_uppercase();
    if !color {
        return label;
    }
    match sev {
        Severity::Critical => label.red().bold().to_string(),
        Severity::High => label.red().to_string(),
        Severity::Medium => label.yellow().to_string(),
        Severity::Low => label.blue().to_string(),
    }
}

/// Grouped by severity, then control; then scores and a summary.
/// Text that goes to the writer whenever 64 KiB have gathered, so a report of any size
/// is never held whole; the first write error is kept and returned at the end.
struct Sink<'w> {
    buf: String,
    w: &'w mut dyn std::io::Write,
    err: Option<std::io::Error>,
}

impl Sink<'_> {
    fn spill(&mut self) {
        if self.err.is_none()
            && let Err(e) = self.w.write_all(self.buf.as_bytes())
        {
            self.err = Some(e);
        }
        self.buf.clear();
    }
}

impl std::fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.buf.push_str(s);
        if self.buf.len() >= 1 << 16 {
            self.spill();
        }
        Ok(())
    }
}

pub(crate) fn write(
    report: &Report,
    color: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut sink = Sink {
        buf: String::with_capacity(1 << 17),
        w,
        err: None,
    };
    render(report, color, &mut sink);
    sink.spill();
    match sink.err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The input errors and warnings of a scan, one line each: `error: FILE:LINE:COL: message`
/// (or `error: FILE: message` for a file that could not be read at all), templates and
/// other skipped inputs, exception warnings. The pretty report opens with them; the other
/// formats hold them in the report, and the command line prints them to stderr.
pub fn diagnostics(report: &Report, color: bool) -> Vec<String> {
    let error = paint("error:", color, |s| s.red().bold().to_string());
    let warning = paint("warning:", color, |s| s.yellow().to_string());
    let mut lines = Vec::new();
    for e in &report.inputs.errors {
        let at = super::input_place(&e.file, e.line, Some(e.column));
        lines.push(format!("{error} {at}: {}", e.message));
    }
    for s in &report.inputs.skipped_details {
        let at = super::input_place(&s.file, s.line, None);
        lines.push(format!("{warning} {at}: skipped: {}", s.reason));
    }
    for w in &report.exceptions.warnings {
        lines.push(format!("{warning} {w}"));
    }
    // Read without error, yet nothing to check: a scan pointed at the wrong directory, or
    // a render that produced nothing, should not pass unnoticed.
    if report.inputs.objects == 0 && report.inputs.errors.is_empty() {
        let i = &report.inputs;
        lines.push(format!(
            "{warning} no Kubernetes objects in the inputs (files read: {}, documents: {}): nothing was checked",
            i.files, i.documents
        ));
    }
    lines
}

fn render(report: &Report, color: bool, out: &mut Sink<'_>) {
    for line in diagnostics(report, color) {
        let _ = writeln!(out, "{line}");
    }
    let fix_first = super::fix_first_lines(report);
    if !fix_first.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            paint("Fix these first", color, |s| s.bold().to_string())
        );
        for l in &fix_first {
            let _ = writeln!(out, "  {l}");
        }
        let _ = writeln!(out);
    }
    let grouped = ByControl::new(report);
    if report.selected_frameworks.is_empty() {
        by_severity(out, report, &grouped, color);
    } else {
        by_framework_section(out, report, &grouped, color);
    }
    if !report.frameworks.is_empty() {
        let _ = writeln!(out, "\nFramework scores");
        for fw in &report.frameworks {
            let _ = writeln!(
                out,
                "  {:<16} {:>7}  ({} controls evaluated, {} failed)",
                fw.name,
                score(fw.compliance_score),
                fw.controls_evaluated,
                fw.controls_failed
            );
        }
    }
    let not_evaluated: Vec<_> = report
        .controls
        .iter()
        .filter(|c| c.status == crate::ControlStatus::NotEvaluated)
        .collect();
    if !not_evaluated.is_empty() {
        let _ = writeln!(out, "\nNot evaluated (never counted as passed)");
        for c in not_evaluated {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                c.id,
                c.name,
                c.reason.as_deref().unwrap_or("")
            );
        }
    }
    for n in &report.exceptions.unmatched {
        let _ = writeln!(
            out,
            "{} exception at {}:{} matched nothing (controls {})",
            paint("note:", color, |s| s.yellow().to_string()),
            n.file,
            n.line,
            n.controls.join(", ")
        );
    }
    for n in &report.exceptions.expired {
        let _ = writeln!(
            out,
            "{} exception at {}:{} expired on {} and no longer applies",
            paint("note:", color, |s| s.yellow().to_string()),
            n.file,
            n.line,
            n.expires.as_deref().unwrap_or("")
        );
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "\n{} files, {} documents, {} objects, {} skipped, {} input errors",
        report.inputs.files,
        report.inputs.documents,
        report.inputs.objects,
        report.inputs.skipped,
        report.inputs.errors.len()
    );
    let _ = writeln!(
        out,
        "{} findings ({} critical, {} high, {} medium, {} low), {} excepted; controls: {} failed, {} excepted, {} passed, {} irrelevant, {} not evaluated",
        s.findings,
        s.critical,
        s.high,
        s.medium,
        s.low,
        s.excepted,
        s.controls_failed,
        s.controls_excepted,
        s.controls_passed,
        s.controls_irrelevant,
        s.controls_not_evaluated
    );
}

/// Failed controls, most severe first, each with its findings and fix.
fn by_severity(out: &mut Sink<'_>, report: &Report, grouped: &ByControl<'_>, color: bool) {
    for sev in Severity::ALL_DESCENDING {
        for control in report.controls.iter().filter(|c| c.severity == sev) {
            control_findings(out, grouped, control, color);
        }
    }
}

/// For each selected framework, its sections in order: every control of the section with
/// its status, and the findings of those that failed.
fn by_framework_section(out: &mut Sink<'_>, report: &Report, grouped: &ByControl<'_>, color: bool) {
    let Ok(all) = groundcrew_controls::frameworks() else {
        return by_severity(out, report, grouped, color);
    };
    for name in &report.selected_frameworks {
        let Some(fw) = all.iter().find(|f| &f.name == name) else {
            continue;
        };
        let score = report
            .frameworks
            .iter()
            .find(|s| &s.name == name)
            .map(|s| score(s.compliance_score))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{} — {} (score {score})",
            paint(&fw.name, color, |s| s.bold().to_string()),
            fw.title
        );
        let mut sections: Vec<&str> = Vec::new();
        for e in &fw.entries {
            if !sections.contains(&e.section.as_str()) {
                sections.push(&e.section);
            }
        }
        for section in sections {
            let _ = writeln!(
                out,
                "\n  {}",
                paint(section, color, |s| s.underline().to_string())
            );
            for e in fw.entries.iter().filter(|e| e.section == section) {
                let Some(control) = report.controls.iter().find(|c| c.id == e.control) else {
                    continue;
                };
                if matches!(
                    control.status,
                    crate::ControlStatus::Failed | crate::ControlStatus::Excepted
                ) {
                    control_findings(out, grouped, control, color);
                } else {
                    let status = match control.status {
                        crate::ControlStatus::Passed => "passed",
                        crate::ControlStatus::Excepted => "excepted",
                        crate::ControlStatus::Irrelevant => "irrelevant",
                        crate::ControlStatus::NotEvaluated => "not evaluated",
                        crate::ControlStatus::Failed => "failed",
                    };
                    let _ = writeln!(
                        out,
                        "  {:<13} {} {} — {}",
                        status, control.id, control.name, control.title
                    );
                }
            }
        }
    }
}

/// One control's heading, findings and fix (nothing when it has no findings).
fn control_findings(
    out: &mut Sink<'_>,
    grouped: &ByControl<'_>,
    control: &crate::ControlSummary,
    color: bool,
) {
    let sev = control.severity;
    let findings = grouped.of(control.id);
    if findings.is_empty() {
        return;
    }
    let open = findings.iter().filter(|f| !f.excepted()).count();
    let _ = writeln!(
        out,
        "\n{} {} {} — {} ({} finding{}{})",
        sev_label(sev, color),
        paint(control.id, color, |s| s.bold().to_string()),
        control.name,
        control.title,
        open,
        if open == 1 { "" } else { "s" },
        if findings.len() > open {
            format!(", {} excepted", findings.len() - open)
        } else {
            String::new()
        }
    );
    finding_lines(out, findings, color);
    let remediation = findings
        .first()
        .map(|f| f.control.remediation)
        .unwrap_or_default();
    let _ = writeln!(out, "  fix: {remediation}");
}

/// Findings per piece rendered on one core, and pieces per window: a window's lines are
/// made on all cores, then written in order, so a large report is neither slow nor held
/// whole.
const PIECE: usize = 2048;
const WINDOW: usize = 8;

fn finding_lines(out: &mut Sink<'_>, findings: &[&ReportFinding], color: bool) {
    for window in findings.chunks(PIECE * WINDOW) {
        let pieces: Vec<String> = window
            .par_chunks(PIECE)
            .map(|piece| {
                let mut text = String::with_capacity(piece.len() * 160);
                for f in piece {
                    finding_line(&mut text, f, color);
                }
                text
            })
            .collect();
        for text in pieces {
            let _ = out.write_str(&text);
        }
    }
}

/// `  FILE:LINE:COL  Kind namespace/name  message`, and the exception under it.
fn finding_line(out: &mut String, f: &ReportFinding, color: bool) {
    let place = super::Place(f);
    let mark = if f.excepted() { " [excepted]" } else { "" };
    let _ = if color {
        writeln!(
            out,
            "  {}  {}  {}{mark}",
            place.cyan(),
            f.resource,
            f.message
        )
    } else {
        writeln!(out, "  {place}  {}  {}{mark}", f.resource, f.message)
    };
    if let Some(e) = &f.exception {
        let _ = writeln!(out, "      excepted: {} [{}]", e.reason, e.source);
    }
}
