use std::collections::HashMap;
use std::io::{self, Write};

use crate::Report;

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => o.push(c),
        }
    }
    o
}

/// One test suite per control, one test case per relevant resource; failing resources carry
/// a failure with their findings, excepted ones are marked skipped with the reason.
/// (Resources are matched by identity; two objects with one identity share a test case.)
/// Written as it is made: a large scan's report is never held whole.
pub(crate) fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    // Each control's findings, gathered in one pass.
    let mut of_control: HashMap<&str, Vec<&crate::ReportFinding>> = HashMap::new();
    for f in report.findings.iter() {
        of_control.entry(f.control.id).or_default().push(f);
    }
    let total: usize = report.controls.iter().map(|c| c.relevant).sum();
    let failures: usize = report.controls.iter().map(|c| c.failed).sum();
    writeln!(
        out,
        "<testsuites name=\"groundcrew\" tests=\"{total}\" failures=\"{failures}\">"
    )?;
    if !report.frameworks.is_empty() {
        // Framework scores, as properties of a suite without test cases.
        writeln!(
            out,
            "  <testsuite name=\"framework scores\" tests=\"0\" failures=\"0\">\n    <properties>"
        )?;
        for f in &report.frameworks {
            writeln!(
                out,
                "      <property name=\"framework.{}.score\" value=\"{}\"/>",
                esc(&f.name),
                f.compliance_score
                    .map_or("n/a".to_string(), |s| s.to_string())
            )?;
        }
        writeln!(out, "    </properties>\n  </testsuite>")?;
    }
    let fix_first = super::fix_first_lines(report);
    if !fix_first.is_empty() {
        // "Fix these first" and the best attack paths, as properties of a suite without
        // test cases.
        writeln!(
            out,
            "  <testsuite name=\"fix these first\" tests=\"0\" failures=\"0\">\n    <properties>"
        )?;
        for (i, line) in fix_first.iter().enumerate() {
            writeln!(
                out,
                "      <property name=\"attack-paths.{}\" value=\"{}\"/>",
                i + 1,
                esc(line)
            )?;
        }
        writeln!(out, "    </properties>\n  </testsuite>")?;
    }
    for c in &report.controls {
        if let Some(reason) = c.reason.as_deref() {
            writeln!(
                out,
                "  <testsuite name=\"{} {}\" tests=\"1\" failures=\"0\" skipped=\"1\">\n    <testcase classname=\"{}\" name=\"not evaluated\">\n      <skipped message=\"not evaluated: {}\"/>\n    </testcase>\n  </testsuite>",
                c.id,
                esc(c.name),
                c.id,
                esc(reason)
            )?;
            continue;
        }
        writeln!(
            out,
            "  <testsuite name=\"{} {}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
            c.id,
            esc(c.name),
            c.relevant,
            c.failed,
            c.excepted
        )?;
        let mut by_resource: HashMap<&groundcrew_inventory::ObjectId, Vec<&crate::ReportFinding>> =
            HashMap::new();
        for f in of_control.get(c.id).into_iter().flatten() {
            by_resource.entry(&*f.resource).or_default().push(f);
        }
        for resource in &c.resources {
            let name = resource.to_string();
            write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                c.id,
                esc(&name)
            )?;
            let Some(findings) = by_resource.get(&**resource) else {
                out.write_all(b"/>\n")?;
                continue;
            };
            out.write_all(b">\n")?;
            if findings.iter().all(|f| f.excepted()) {
                let reason = findings
                    .first()
                    .and_then(|f| f.exception.as_ref())
                    .map(|e| e.reason.as_str())
                    .unwrap_or("");
                writeln!(
                    out,
                    "      <skipped message=\"excepted: {}\"/>",
                    esc(reason)
                )?;
            } else {
                let body: Vec<String> = findings
                    .iter()
                    .filter(|f| !f.excepted())
                    .map(|f| {
                        let risk = f
                            .risk
                            .as_ref()
                            .map(|r| format!(" [risk {}]", r.risk))
                            .unwrap_or_default();
                        format!("{} {} ({}){risk}", super::place(f), f.message, f.path)
                    })
                    .collect();
                writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    esc(&findings[0].message),
                    c.severity,
                    esc(&body.join("\n"))
                )?;
            }
            out.write_all(b"    </testcase>\n")?;
        }
        out.write_all(b"  </testsuite>\n")?;
    }
    out.write_all(b"</testsuites>\n")
}
