//! Renderers of attack paths: readable steps, JSON, and Mermaid and DOT pictures of the
//! paths themselves (not the whole graph).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use groundcrew_paths::{Listed, PathOut, one_line};
use serde::Serialize;

/// `groundcrew paths --format json`.
#[derive(Serialize)]
pub struct PathsOut<'p> {
    pub paths: &'p [PathOut],
    /// Paths found in all (those listed are the best).
    pub total: usize,
    /// Paths not listed, per `entry → target`.
    pub omitted: BTreeMap<String, usize>,
    /// For a blast radius: every other workload the attacker reaches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workloads: Option<&'p [String]>,
}

/// Paths not shown, per `entry → target` (the target's kind: `secrets`, not which).
pub fn omitted(listed: &Listed) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for p in &listed.rest {
        let target = p.target.split(':').next().unwrap_or(&p.target);
        *out.entry(format!("{} → {target}", p.entry)).or_insert(0) += 1;
    }
    out
}

pub fn pretty(listing: &Listed) -> String {
    let mut out = String::new();
    let all = &listing.shown;
    if listing.total() == 0 {
        out.push_str("No attack path: no entry point reaches cluster-admin, a node, secrets or a sensitive workload.\n");
        return out;
    }
    for p in all {
        let _ = writeln!(
            out,
            "{} [{} {:.1}] {} → {}",
            p.id,
            p.severity.as_str().to_uppercase(),
            p.score,
            p.entry,
            p.target
        );
        let _ = writeln!(out, "  {}", one_line(p));
        for (i, s) in p.steps.iter().enumerate().skip(1) {
            let at = s
                .location
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {i}. {}{at}\n       {}", s.label, s.reason);
        }
        if !p.findings.is_empty() {
            let _ = writeln!(
                out,
                "  {} scan finding{} on the path: {}",
                p.findings.len(),
                if p.findings.len() == 1 { "" } else { "s" },
                p.finding_controls.join(", ")
            );
        }
        out.push('\n');
    }
    let rest = omitted(listing);
    if !rest.is_empty() {
        let parts: Vec<String> = rest.iter().map(|(k, v)| format!("{v} {k}")).collect();
        let _ = writeln!(
            out,
            "{} more paths not shown (--limit): {}",
            listing.rest.len(),
            parts.join(", ")
        );
    }
    out
}

fn ids(paths: &[PathOut]) -> (Vec<String>, Vec<(usize, usize)>) {
    // Steps with the same label are one node of the picture.
    let mut labels: Vec<String> = Vec::new();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for p in paths {
        let mut prev: Option<usize> = None;
        for s in &p.steps {
            let i = match labels.iter().position(|l| *l == s.label) {
                Some(i) => i,
                None => {
                    labels.push(s.label.clone());
                    labels.len() - 1
                }
            };
            if let Some(j) = prev
                && !edges.contains(&(j, i))
            {
                edges.push((j, i));
            }
            prev = Some(i);
        }
    }
    (labels, edges)
}

fn escape(s: &str) -> String {
    s.replace('"', "'")
}

/// The paths shown, as a Mermaid flowchart.
pub fn mermaid(paths: &[PathOut]) -> String {
    let (labels, edges) = ids(paths);
    let mut out = String::from("flowchart LR\n");
    for (i, l) in labels.iter().enumerate() {
        let _ = writeln!(out, "  n{i}[\"{}\"]", escape(l));
    }
    for (a, b) in edges {
        let _ = writeln!(out, "  n{a} --> n{b}");
    }
    out
}

/// The paths shown, as a DOT graph.
pub fn dot(paths: &[PathOut]) -> String {
    let (labels, edges) = ids(paths);
    let mut out = String::from("digraph paths {\n  rankdir=LR;\n  node [shape=box];\n");
    for (i, l) in labels.iter().enumerate() {
        let _ = writeln!(out, "  n{i} [label=\"{}\"];", escape(l));
    }
    for (a, b) in edges {
        let _ = writeln!(out, "  n{a} -> n{b};");
    }
    out.push_str("}\n");
    out
}

/// Workloads ranked by the attack paths through them.
pub fn stakes_pretty(stakes: &[groundcrew_paths::Stake]) -> String {
    let mut out = String::new();
    if stakes.is_empty() {
        out.push_str("No attack path runs through any workload.\n");
    }
    for (i, s) in stakes.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>3}. {}  weight {:.1}  paths {}  best {:.1}",
            i + 1,
            s.workload,
            s.weight,
            s.paths,
            s.best
        );
    }
    out
}
