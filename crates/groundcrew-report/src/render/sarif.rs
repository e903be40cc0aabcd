use std::io::{self, Write};

use groundcrew_findings::Finding;
use groundcrew_inventory::FastMap;
use serde_json::{Value, json};

use crate::Report;

fn level(sev: groundcrew_controls::Severity) -> &'static str {
    use groundcrew_controls::Severity::*;
    match sev {
        Critical | High => "error",
        Medium => "warning",
        Low => "note",
    }
}

fn uri(file: &str) -> String {
    let f = file.strip_prefix("./").unwrap_or(file);
    f.replace('\\', "/").replace(' ', "%20")
}

/// One finding as a SARIF result; `rule_index` is its control's place among the rules.
/// The reference that [`result_into`] is held to: what a result holds, as a JSON value.
#[cfg(test)]
fn result(f: &Finding, rule_index: usize) -> Value {
    let mut r = json!({
        "ruleId": f.control.id,
        "ruleIndex": rule_index,
        "level": level(f.control.severity),
        "message": {"text": format!("{}: {} ({})", f.resource, f.message, f.path)},
        "partialFingerprints": {"groundcrewFindingId/v1": f.id()},
        "properties": {"path": f.path, "resource": f.resource},
    });
    if let Some(loc) = &f.location {
        r["locations"] = json!([{
            "physicalLocation": {
                "artifactLocation": {"uri": uri(&loc.file)},
                "region": {"startLine": loc.line.max(1), "startColumn": loc.column.max(1)},
            },
            "logicalLocations": [{"name": f.resource.to_string(), "fullyQualifiedName": format!("{}.{}", f.resource, f.path), "kind": "object"}],
        }]);
    }
    if let Some(risk) = &f.risk {
        // SARIF's rank (0–100) orders results; the paths say why.
        r["rank"] = json!(f64::from(risk.risk.min(100)));
        r["properties"]["risk"] = json!(risk.risk);
        r["properties"]["paths"] = json!(risk.path_ids());
    }
    if let Some(e) = &f.exception {
        r["suppressions"] = json!([{"kind": "external", "justification": e.reason}]);
    }
    r
}

/// Appends one finding's result byte for byte as [`pretty_into`](super::json::pretty_into)
/// of [`result`] at depth 4 writes it, without building the JSON value (a test holds the
/// two together): a large scan has hundreds of thousands of results.
fn result_into<'a>(
    out: &mut Vec<u8>,
    f: &'a Finding,
    rule_index: usize,
    last: &mut super::json::LastIdentity<'a>,
) {
    use super::json::{decimal, json_str, json_str_content};
    let resource = |out: &mut Vec<u8>| super::display_into(out, &f.resource, json_str_content);
    out.extend_from_slice(b"{\n          \"ruleId\": ");
    json_str(out, f.control.id);
    out.extend_from_slice(b",\n          \"ruleIndex\": ");
    decimal(out, rule_index);
    out.extend_from_slice(b",\n          \"level\": \"");
    out.extend_from_slice(level(f.control.severity).as_bytes());
    out.extend_from_slice(b"\",\n          \"message\": {\n            \"text\": \"");
    resource(out);
    out.extend_from_slice(b": ");
    json_str_content(out, &f.message);
    out.extend_from_slice(b" (");
    json_str_content(out, &f.path);
    out.extend_from_slice(b")\"\n          },\n          \"partialFingerprints\": {\n            \"groundcrewFindingId/v1\": \"");
    out.extend_from_slice(&groundcrew_findings::finding_id_text(
        f.control.id,
        &f.resource,
        &f.path,
    ));
    out.extend_from_slice(b"\"\n          },\n          \"properties\": {\n            \"path\": ");
    json_str(out, &f.path);
    out.extend_from_slice(b",\n            \"resource\": ");
    last.identity_into(out, &f.resource, b"\n              ", b"\n            ");
    if let Some(risk) = &f.risk {
        out.extend_from_slice(b",\n            \"risk\": ");
        decimal(out, risk.risk);
        out.extend_from_slice(b",\n            \"paths\": [");
        for (i, p) in risk.paths.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"\n              \"P");
            decimal(out, *p);
            out.push(b'"');
        }
        if !risk.paths.is_empty() {
            out.extend_from_slice(b"\n            ");
        }
        out.push(b']');
    }
    out.extend_from_slice(b"\n          }");
    if let Some(loc) = &f.location {
        out.extend_from_slice(b",\n          \"locations\": [\n            {\n              \"physicalLocation\": {\n                \"artifactLocation\": {\n                  \"uri\": ");
        json_str(out, &uri(&loc.file));
        out.extend_from_slice(b"\n                },\n                \"region\": {\n                  \"startLine\": ");
        decimal(out, loc.line.max(1));
        out.extend_from_slice(b",\n                  \"startColumn\": ");
        decimal(out, loc.column.max(1));
        out.extend_from_slice(b"\n                }\n              },\n              \"logicalLocations\": [\n                {\n                  \"name\": \"");
        resource(out);
        out.extend_from_slice(b"\",\n                  \"fullyQualifiedName\": \"");
        resource(out);
        out.push(b'.');
        json_str_content(out, &f.path);
        out.extend_from_slice(b"\",\n                  \"kind\": \"object\"\n                }\n              ]\n            }\n          ]");
    }
    if let Some(risk) = &f.risk {
        // As serde_json writes the f64 of `result` (a whole number: one decimal).
        out.extend_from_slice(b",\n          \"rank\": ");
        decimal(out, risk.risk.min(100));
        out.extend_from_slice(b".0");
    }
    if let Some(e) = &f.exception {
        out.extend_from_slice(b",\n          \"suppressions\": [\n            {\n              \"kind\": \"external\",\n              \"justification\": ");
        json_str(out, &e.reason);
        out.extend_from_slice(b"\n            }\n          ]");
    }
    out.extend_from_slice(b"\n        }");
}

/// Where the results go in the document the skeleton lays out.
const RESULTS_SLOT: &str = "\u{0}groundcrew-results\u{0}";

/// Writes SARIF 2.1.0 as `serde_json::to_writer_pretty` would lay out the whole document,
/// with the results made and written window by window on all cores (a large scan's
/// results are never all held as JSON values at once).
pub(crate) fn write(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let skeleton = super::json::pretty(&sarif_without_results(report), 0)?;
    // The slot is found with its key, after a line break: text from the input (a resource
    // name, an error message) is inside JSON strings, where line breaks and quotes are
    // escaped, so it cannot spell this.
    let key = "\n      \"results\": ";
    let slot = format!("{key}{}", super::json::pretty(RESULTS_SLOT, 0)?);
    let (before, after) = skeleton
        .split_once(&slot)
        .ok_or_else(|| io::Error::other("SARIF skeleton without its results slot"))?;
    w.write_all(before.as_bytes())?;
    w.write_all(key.as_bytes())?;
    if report.findings.is_empty() {
        w.write_all(b"[]")?;
    } else {
        // Each control's place among the rules (the rules are the report's controls).
        let rule_index: FastMap<&str, usize> = report
            .controls
            .iter()
            .enumerate()
            .rev()
            .map(|(i, c)| (c.id, i))
            .collect();
        w.write_all(b"[")?;
        super::json::write_elements(
            &report.findings,
            b",\n        ",
            w,
            |s, f, last| {
                let index = rule_index.get(f.control.id).copied().unwrap_or(0);
                result_into(s, f, index, last);
                Ok(())
            },
            super::json::touch_finding,
        )?;
        w.write_all(b"\n      ]")?;
    }
    w.write_all(after.as_bytes())?;
    w.write_all(b"\n")
}

/// SARIF 2.1.0 for GitHub code scanning: one rule per control that ran, one result per
/// finding (excepted ones carry a suppression), input errors as tool notifications. The
/// results are left out: [`write`] puts them in [`RESULTS_SLOT`].
fn sarif_without_results(report: &Report) -> Value {
    let rules: Vec<Value> = report
        .controls
        .iter()
        .map(|c| {
            let meta = groundcrew_controls::CONTROLS
                .iter()
                .find(|k| k.meta.id == c.id)
                .map(|k| &k.meta);
            let (description, remediation, rationale) = meta
                .map(|m| (m.description, m.remediation, m.rationale))
                .unwrap_or_default();
            let mut tags = vec!["security".to_string(), "kubernetes".to_string()];
            if let Some(m) = meta {
                tags.extend(m.references.kubescape.iter().map(|s| s.to_string()));
            }
            json!({
                "id": c.id,
                "name": c.name,
                "shortDescription": {"text": c.title},
                "fullDescription": {"text": description},
                "help": {
                    "text": format!("{description}\n\nWhy: {rationale}\n\nFix: {remediation}"),
                    "markdown": format!("{description}\n\n**Why:** {rationale}\n\n**Fix:** {remediation}"),
                },
                "defaultConfiguration": {"level": level(c.severity)},
                "properties": {
                    "security-severity": c.severity.security_severity(),
                    "problem.severity": match c.severity {
                        groundcrew_controls::Severity::Critical | groundcrew_controls::Severity::High => "error",
                        groundcrew_controls::Severity::Medium => "warning",
                        groundcrew_controls::Severity::Low => "recommendation",
                    },
                    "tags": tags,
                },
            })
        })
        .collect();
    let notifications: Vec<Value> = report
        .inputs
        .errors
        .iter()
        .map(|e| {
            json!({
                "level": "error",
                "message": {"text": e.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(&e.file)},
                    "region": {"startLine": e.line.max(1), "startColumn": e.column.max(1)},
                }}],
            })
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "groundcrew",
                "version": report.tool.version,
                "informationUri": "https://example.invalid/groundcrew",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": report.inputs.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": RESULTS_SLOT,
            "properties": {
                "frameworks": report.frameworks,
                "summary": report.summary,
                "fixFirst": report.attack_paths.as_ref().map(|a| &a.fix_first),
                "attackPaths": report.attack_paths.as_ref().map(|a| a.total),
            },
        }],
    });
    sarif
}

#[cfg(test)]
mod tests {
    use groundcrew_findings::Exception;

    use crate::render::json::tests::variants;

    /// The direct writer writes what the JSON value's pretty printer writes, over the
    /// JSON writer's variants (escapes, namespaces, locations, risks), each also excepted,
    /// at several rule indexes.
    #[test]
    fn results_are_written_as_the_value_is_printed() {
        let mut checked = 0;
        for plain in variants() {
            for excepted in [false, true] {
                let mut f = plain.clone();
                if excepted {
                    f.exception = Some(Box::new(Exception {
                        source: "exceptions.yaml:3".into(),
                        reason: format!("accepted: {}", f.message),
                        expires: None,
                    }));
                }
                for index in [0, 7, 12_345] {
                    let mut fast = Vec::new();
                    super::result_into(&mut fast, &f, index, &mut Default::default());
                    let mut slow = Vec::new();
                    crate::render::json::pretty_into(&mut slow, &super::result(&f, index), 4)
                        .unwrap();
                    assert_eq!(
                        String::from_utf8(fast).unwrap(),
                        String::from_utf8(slow).unwrap()
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 6 * 2 * 3 * 4 * 2 * 3);
    }
}
