use std::io::{self, Write};

use groundcrew_inventory::{FastMap, ObjectId};
use rayon::prelude::*;

use crate::{ControlSummary, Report, ReportFinding};

/// Test cases per piece made on one core, and pieces per window written before the next
/// is made.
const PIECE: usize = 2048;
const WINDOW: usize = 8;

fn esc(s: &str) -> String {
    let mut o = Vec::with_capacity(s.len());
    esc_into(&mut o, s);
    // Only ASCII bytes are replaced or dropped: the rest stays valid UTF-8.
    String::from_utf8(o).unwrap_or_default()
}

/// Appends `s` escaped for XML text and attribute values; control characters other than
/// newline, tab and carriage return (which XML 1.0 cannot hold) are left out.
fn esc_into(o: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Most text needs nothing replaced: one pass that the compiler vectorises, one copy.
    if !bytes
        .iter()
        .any(|&b| b < 0x20 || matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        o.extend_from_slice(bytes);
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let replacement: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&apos;",
            b if b < 0x20 && b != b'\n' && b != b'\t' && b != b'\r' => b"",
            _ => continue,
        };
        o.extend_from_slice(&bytes[start..i]);
        o.extend_from_slice(replacement);
        start = i + 1;
    }
    o.extend_from_slice(&bytes[start..]);
}

/// A resource's identity as a map key: equal when the whole identity is, hashed by its name
/// alone (most relevant resources have no finding, and hashing the four parts of each of
/// millions of test cases' identities was a tenth of a large report's time).
#[derive(PartialEq, Eq)]
struct Identity<'a>(&'a ObjectId);

impl std::hash::Hash for Identity<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

/// One relevant resource's test case: empty when it passed, skipped when every finding on
/// it is excepted, else a failure listing its open findings.
fn test_case(
    out: &mut Vec<u8>,
    c: &ControlSummary,
    resource: &ObjectId,
    findings: Option<&Vec<&ReportFinding>>,
) {
    out.extend_from_slice(b"    <testcase classname=\"");
    out.extend_from_slice(c.id.as_bytes());
    out.extend_from_slice(b"\" name=\"");
    super::display_into(out, resource, esc_into);
    out.push(b'"');
    let Some(findings) = findings else {
        out.extend_from_slice(b"/>\n");
        return;
    };
    out.extend_from_slice(b">\n");
    if findings.iter().all(|f| f.excepted()) {
        let reason = findings
            .first()
            .and_then(|f| f.exception.as_ref())
            .map(|e| e.reason.as_str())
            .unwrap_or("");
        out.extend_from_slice(b"      <skipped message=\"excepted: ");
        esc_into(out, reason);
        out.extend_from_slice(b"\"/>\n");
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
                format!("{} {} ({}){risk}", super::Place(f), f.message, f.path)
            })
            .collect();
        out.extend_from_slice(b"      <failure message=\"");
        esc_into(out, &findings[0].message);
        out.extend_from_slice(b"\" type=\"");
        out.extend_from_slice(c.severity.as_str().as_bytes());
        out.extend_from_slice(b"\">");
        esc_into(out, &body.join("\n"));
        out.extend_from_slice(b"</failure>\n");
    }
    out.extend_from_slice(b"    </testcase>\n");
}

/// One test suite per control, one test case per relevant resource; failing resources carry
/// a failure with their findings, excepted ones are marked skipped with the reason.
/// (Resources are matched by identity; two objects with one identity share a test case.)
/// Written as it is made: a large scan's report is never held whole.
pub(crate) fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    let of_control = super::ByControl::new(report);
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
        let mut by_resource: FastMap<Identity<'_>, Vec<&ReportFinding>> = FastMap::default();
        for f in of_control.of(c.id) {
            by_resource
                .entry(Identity(&f.resource))
                .or_default()
                .push(f);
        }
        // The test cases, window by window, each window's pieces made on all cores.
        let resources: Vec<&ObjectId> = c
            .resources
            .iter()
            .filter_map(|r| report.identities.get(r as usize))
            .map(|id| &**id)
            .collect();
        for window in resources.chunks(PIECE * WINDOW) {
            let pieces: Vec<Vec<u8>> = window
                .par_chunks(PIECE)
                .map(|piece| {
                    let mut text = Vec::with_capacity(piece.len() * 96);
                    for resource in piece {
                        let findings = by_resource.get(&Identity(resource));
                        test_case(&mut text, c, resource, findings);
                    }
                    text
                })
                .collect();
            for text in pieces {
                out.write_all(&text)?;
            }
        }
        out.write_all(b"  </testsuite>\n")?;
    }
    out.write_all(b"</testsuites>\n")
}
