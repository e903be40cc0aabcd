//! Exceptions: YAML exceptions files (`--exceptions FILE`, or `exceptions:` in the
//! configuration) and the inline `groundcrew.io/ignore` annotations.
//!
//! ```yaml
//! exceptions:
//!   - controls: [GC102, C-0016]        # our IDs, names or Kubescape IDs
//!     resources:                        # any of these selects a resource
//!       - kind: DaemonSet
//!         namespace: monitoring          # glob
//!         name: "node-exporter*"         # glob
//!         labels: {app.kubernetes.io/name: node-exporter}
//!     reason: "node-exporter reads host metrics by design"   # mandatory
//!     expires: 2027-06-30                # optional, UTC, inclusive
//! ```

use std::sync::Arc;

use groundcrew_findings::{Exception, Finding};
use groundcrew_inventory::{Inventory, ObjectRecord, RecordId};
use groundcrew_yaml::{Limits, Node, Pos, Value, parse_yaml_document};

use crate::Date;
use crate::glob::glob_match;

/// An exceptions file (or configuration) that cannot be used.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ExceptionError {
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Which resources a rule selects. Every field given must match.
#[derive(Debug, Clone, Default)]
pub struct Selector {
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub labels: Vec<(String, String)>,
}

/// One exception rule.
#[derive(Debug, Clone)]
pub struct ExceptionRule {
    /// The file it came from and where.
    pub file: Arc<str>,
    pub pos: Pos,
    pub controls: Vec<String>,
    pub selectors: Vec<Selector>,
    pub reason: String,
    pub expires: Option<Date>,
}

impl ExceptionRule {
    pub fn describe(&self) -> String {
        format!(
            "{}:{}: controls {} ({})",
            self.file,
            self.pos.line,
            self.controls.join(", "),
            self.reason
        )
    }

    fn selects(&self, record: &ObjectRecord) -> bool {
        self.selectors.iter().any(|s| {
            s.kind.as_deref().is_none_or(|k| k == &*record.id.kind)
                && s.namespace
                    .as_deref()
                    .is_none_or(|n| glob_match(n, record.id.namespace.as_deref().unwrap_or("")))
                && s.name
                    .as_deref()
                    .is_none_or(|n| glob_match(n, &record.id.name))
                && s.labels
                    .iter()
                    .all(|(k, v)| record.label(k) == Some(v.as_str()))
        })
    }
}

/// What applying exceptions found besides the excepted findings.
#[derive(Debug, Default, Clone)]
pub struct ExceptionSet {
    /// Rules that matched no finding.
    pub unmatched: Vec<ExceptionRule>,
    /// Expired rules (they no longer apply).
    pub expired: Vec<ExceptionRule>,
    /// Inline annotations that could not apply (no reason given).
    pub warnings: Vec<String>,
}

/// Reads an exceptions file.
///
/// # Errors
/// Unreadable file, malformed YAML, unknown keys, missing reason, bad dates.
pub fn load_exceptions(path: &str) -> Result<Vec<ExceptionRule>, ExceptionError> {
    let file: Arc<str> = path.into();
    let text = std::fs::read_to_string(path).map_err(|e| ExceptionError {
        file: file.clone(),
        line: 0,
        column: 0,
        message: format!("cannot read: {e}"),
    })?;
    let root = parse_yaml_document(text.trim_start_matches('\u{feff}'), 1, &Limits::default())
        .map_err(|e| ExceptionError {
            file: file.clone(),
            line: e.pos.line,
            column: e.pos.col,
            message: e.message,
        })?;
    let Some(root) = root else {
        return Ok(Vec::new());
    };
    let err = |pos: Pos, message: String| ExceptionError {
        file: file.clone(),
        line: pos.line,
        column: pos.col,
        message,
    };
    let map = root.as_map().ok_or_else(|| {
        err(
            root.pos,
            "expected a mapping with an `exceptions` list".into(),
        )
    })?;
    for e in &map.entries {
        if &*e.key != "exceptions" {
            return Err(err(
                e.key_pos,
                format!("unknown key \"{}\" (expected exceptions)", e.key),
            ));
        }
    }
    match map.get("exceptions") {
        Some(list) => rules_from_node(list, &file),
        None => Ok(Vec::new()),
    }
}

fn strings(
    node: &Node,
    what: &str,
    err: &dyn Fn(Pos, String) -> ExceptionError,
) -> Result<Vec<String>, ExceptionError> {
    match &node.value {
        Value::Str(s) => Ok(vec![s.to_string()]),
        Value::Seq(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| err(i.pos, format!("{what} must be strings")))
            })
            .collect(),
        _ => Err(err(node.pos, format!("{what} must be a list of strings"))),
    }
}

/// Reads a list of exception rules (the value of an `exceptions:` key).
///
/// # Errors
/// As [`load_exceptions`].
pub fn rules_from_node(list: &Node, file: &Arc<str>) -> Result<Vec<ExceptionRule>, ExceptionError> {
    let err = |pos: Pos, message: String| ExceptionError {
        file: file.clone(),
        line: pos.line,
        column: pos.col,
        message,
    };
    let Some(items) = list.as_seq() else {
        return Err(err(list.pos, "exceptions must be a list".into()));
    };
    let mut rules = Vec::new();
    for item in items {
        let map = item
            .as_map()
            .ok_or_else(|| err(item.pos, "an exception must be a mapping".into()))?;
        let mut rule = ExceptionRule {
            file: file.clone(),
            pos: item.pos,
            controls: Vec::new(),
            selectors: Vec::new(),
            reason: String::new(),
            expires: None,
        };
        for e in &map.entries {
            match &*e.key {
                "controls" => rule.controls = strings(&e.value, "controls", &err)?,
                "reason" => {
                    rule.reason = e
                        .value
                        .as_str()
                        .ok_or_else(|| err(e.value.pos, "reason must be a string".into()))?
                        .trim()
                        .to_string();
                }
                "expires" => {
                    let text = e.value.display_scalar();
                    rule.expires = Some(Date::parse(&text).ok_or_else(|| {
                        err(
                            e.value.pos,
                            format!("expires \"{text}\" is not a YYYY-MM-DD date"),
                        )
                    })?);
                }
                "resources" => {
                    for sel in e.value.items() {
                        rule.selectors.push(selector(sel, &err)?);
                    }
                    if e.value.as_seq().is_none() {
                        return Err(err(e.value.pos, "resources must be a list".into()));
                    }
                }
                other => {
                    return Err(err(
                        e.key_pos,
                        format!(
                            "unknown key \"{other}\" (expected controls, resources, reason, expires)"
                        ),
                    ));
                }
            }
        }
        if rule.controls.is_empty() {
            return Err(err(
                item.pos,
                "an exception needs at least one control".into(),
            ));
        }
        if rule.reason.is_empty() {
            return Err(err(item.pos, "an exception needs a reason".into()));
        }
        if rule.selectors.is_empty() {
            return Err(err(
                item.pos,
                "an exception needs at least one resource selector".into(),
            ));
        }
        rules.push(rule);
    }
    Ok(rules)
}

fn selector(
    node: &Node,
    err: &dyn Fn(Pos, String) -> ExceptionError,
) -> Result<Selector, ExceptionError> {
    let map = node
        .as_map()
        .ok_or_else(|| err(node.pos, "a resource selector must be a mapping".into()))?;
    let mut s = Selector::default();
    for e in &map.entries {
        let text = || {
            e.value
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| err(e.value.pos, format!("{} must be a string", e.key)))
        };
        match &*e.key {
            "kind" => s.kind = Some(text()?),
            "namespace" => s.namespace = Some(text()?),
            "name" => s.name = Some(text()?),
            "labels" => {
                let m = e
                    .value
                    .as_map()
                    .ok_or_else(|| err(e.value.pos, "labels must be a mapping".into()))?;
                for (k, v) in m.iter() {
                    s.labels
                        .push((k.to_string(), v.display_scalar().into_owned()));
                }
            }
            other => {
                return Err(err(
                    e.key_pos,
                    format!("unknown key \"{other}\" (expected kind, namespace, name, labels)"),
                ));
            }
        }
    }
    Ok(s)
}

/// Marks excepted findings; reports unmatched and expired rules and unusable annotations.
pub fn apply_exceptions<'f>(
    findings: impl IntoIterator<Item = (RecordId, &'f mut Finding)>,
    inventory: &Inventory,
    rules: &[ExceptionRule],
    today: Date,
) -> ExceptionSet {
    let mut set = ExceptionSet::default();
    // Nothing to apply: no rules, and no object carries the ignore annotation.
    if rules.is_empty() && !inventory.records().any(|r| r.inline_ignore.is_some()) {
        return set;
    }
    let mut used = vec![false; rules.len()];
    let mut warned = std::collections::HashSet::new();
    // Per control (by id), the rules in force that name it, in file order: a finding is
    // checked against those alone (with 300 rules, trying each on each of a large scan's
    // findings took longer than the rest of the report).
    let mut naming: groundcrew_inventory::FastMap<&'static str, Vec<usize>> =
        groundcrew_inventory::FastMap::default();
    for (record_id, finding) in findings {
        let record = inventory.get(record_id);
        if let Some(inline) = &record.inline_ignore
            && inline.controls.iter().any(|c| finding.control.is_named(c))
        {
            match &inline.reason {
                Some(reason) => {
                    finding.exception = Some(Box::new(Exception {
                        source: "annotation".into(),
                        reason: reason.clone(),
                        expires: None,
                    }));
                    continue;
                }
                None => {
                    if warned.insert(record_id) {
                        set.warnings.push(format!(
                            "{}: {} has groundcrew.io/ignore without groundcrew.io/ignore-reason; the annotation does not apply",
                            record.source.as_ref().map(|s| format!("{}:{}", s.file, inline.pos.line)).unwrap_or_default(),
                            record.id
                        ));
                    }
                }
            }
        }
        let control = finding.control;
        let candidates = naming.entry(control.id).or_insert_with(|| {
            rules
                .iter()
                .enumerate()
                .filter(|(_, rule)| {
                    rule.expires.is_none_or(|d| d >= today)
                        && rule.controls.iter().any(|c| control.is_named(c))
                })
                .map(|(i, _)| i)
                .collect()
        });
        for &i in candidates.iter() {
            let rule = &rules[i];
            if !rule.selects(record) {
                continue;
            }
            used[i] = true;
            finding.exception = Some(Box::new(Exception {
                source: rule.file.to_string(),
                reason: rule.reason.clone(),
                expires: rule.expires.map(|d| d.to_string()),
            }));
            break;
        }
    }
    for (i, rule) in rules.iter().enumerate() {
        if rule.expires.is_some_and(|d| d < today) {
            set.expired.push(rule.clone());
        } else if !used[i] {
            set.unmatched.push(rule.clone());
        }
    }
    set
}
