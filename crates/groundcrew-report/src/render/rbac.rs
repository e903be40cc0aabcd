//! Renderers of the RBAC answers: who-can, permissions, escalation chains (pretty text),
//! and the RBAC graph (Graphviz dot, Mermaid).

use std::fmt::Write as _;

use groundcrew_rbac::query::{GrantOut, Location, Ref};
use groundcrew_rbac::{Escalations, Permissions, Rbac, Scope, SubjectKey, WhoCan};

fn at(location: &Option<Location>) -> String {
    location
        .as_ref()
        .map(|l| format!(" ({}:{}:{})", l.file, l.line, l.column))
        .unwrap_or_default()
}

fn reference(r: &Ref) -> String {
    match &r.namespace {
        Some(ns) => format!("{} {ns}/{}{}", r.kind, r.name, at(&r.location)),
        None => format!("{} {}{}", r.kind, r.name, at(&r.location)),
    }
}

/// `RoleBinding t/b (file:line:col) → ClusterRole edit: create on pods (core) [rule at …]`
pub fn grant_line(g: &GrantOut) -> String {
    let mut s = String::new();
    if let Some(b) = &g.binding {
        let _ = write!(s, "{} → ", reference(b));
    }
    let _ = write!(s, "{} {}", g.role.kind, g.role.name);
    if g.binding.is_none() {
        match &g.namespace {
            Some(ns) => {
                let _ = write!(s, " (held in namespace {ns})");
            }
            None => s.push_str(" (held cluster-wide)"),
        }
    }
    let _ = write!(s, ": {}", g.rule.describe());
    if let Some(from) = &g.rule.aggregated_from {
        let _ = write!(s, ", aggregated from ClusterRole {from}");
    }
    if let Some(l) = &g.rule.location {
        let _ = write!(s, " [{}:{}:{}]", l.file, l.line, l.column);
    }
    if g.default {
        s.push_str(" [Kubernetes default]");
    }
    s
}

pub fn who_can_pretty(answer: &WhoCan) -> String {
    let mut out = String::new();
    let q = &answer.query;
    let what = serde_json::to_value(&q.target).unwrap_or_default();
    let target = match (what.get("resource"), what.get("nonResourceURL")) {
        (Some(r), _) => {
            let group = what.get("apiGroup").and_then(|g| g.as_str()).unwrap_or("");
            let sub = what
                .get("subresource")
                .and_then(|s| s.as_str())
                .map(|s| format!("/{s}"))
                .unwrap_or_default();
            format!(
                "{}{sub} ({})",
                r.as_str().unwrap_or(""),
                if group.is_empty() { "core" } else { group }
            )
        }
        (None, Some(u)) => u.as_str().unwrap_or("").to_string(),
        _ => String::new(),
    };
    let name = q
        .name
        .as_ref()
        .map(|n| format!(" named {n}"))
        .unwrap_or_default();
    let scope = match &q.namespace {
        Some(ns) => format!("in namespace {ns}"),
        None => "cluster-wide".into(),
    };
    let _ = writeln!(out, "Who can {} {target}{name} {scope}:", q.verb);
    if answer.subjects.is_empty() {
        out.push_str("  nobody\n");
    }
    for s in &answer.subjects {
        let _ = writeln!(out, "  {}", s.subject);
        for g in &s.grants {
            let _ = writeln!(out, "      via {}", grant_line(g));
        }
    }
    if !answer.partial.is_empty() {
        out.push_str("\nOnly in some namespaces:\n");
        for p in &answer.partial {
            let _ = writeln!(
                out,
                "  {} — in {}",
                p.subject.subject,
                p.namespaces.join(", ")
            );
            for g in &p.subject.grants {
                let _ = writeln!(out, "      via {}", grant_line(g));
            }
        }
    }
    out
}

pub fn permissions_pretty(p: &Permissions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Permissions of {}", p.subject);
    if !p.groups.is_empty() {
        let groups: Vec<String> = p.groups.iter().map(|g| g.name.to_string()).collect();
        let _ = writeln!(out, "  (including those of {})", groups.join(", "));
    }
    if p.scopes.is_empty() {
        out.push_str("  none\n");
    }
    for s in &p.scopes {
        match &s.namespace {
            Some(ns) => {
                let _ = writeln!(out, "\n  in namespace {ns}:");
            }
            None => out.push_str("\n  cluster-wide:\n"),
        }
        for r in &s.rules {
            let what = match (&r.non_resource_url, &r.api_group, &r.resource) {
                (Some(u), _, _) => u.clone(),
                (None, Some(g), Some(res)) if g.is_empty() => res.clone(),
                (None, Some(g), Some(res)) => format!("{g}/{res}"),
                _ => String::new(),
            };
            let names = if r.resource_names.is_empty() {
                String::new()
            } else {
                format!(" named {}", r.resource_names.join(","))
            };
            let _ = writeln!(
                out,
                "    {:<40} {}{names}   via {}",
                what,
                r.verbs.join(","),
                r.via.join("; ")
            );
        }
    }
    for b in &p.bindings_to_missing_roles {
        let _ = writeln!(
            out,
            "\n  {} refers to a role that does not exist: it grants nothing",
            reference(b)
        );
    }
    out
}

pub fn escalations_pretty(e: &Escalations) -> String {
    let mut out = String::new();
    if e.paths.is_empty() {
        out.push_str("No subject can reach cluster-admin, a node, all secrets or a namespace's admin or secrets.\n");
        return out;
    }
    for p in &e.paths {
        let kind = if p.escalation {
            "escalates to"
        } else {
            "holds"
        };
        let _ = writeln!(
            out,
            "{} {kind} {} ({} step{})",
            p.subject,
            p.reaches,
            p.steps.len(),
            if p.steps.len() == 1 { "" } else { "s" }
        );
        for (i, s) in p.steps.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}: {} → {}", i + 1, s.from, s.action, s.to);
            if let Some(v) = &s.via {
                let _ = writeln!(out, "       via {}", grant_line(v));
            }
            for v in &s.also_via {
                let _ = writeln!(out, "       and {}", grant_line(v));
            }
        }
        out.push('\n');
    }
    out
}

/// Graph output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

struct GraphNode {
    id: String,
    label: String,
    shape: &'static str,
}

/// Subjects, bindings and roles (grant edges), and the escalation chains' steps (dashed),
/// limited to `subject` and to bindings of namespace `namespace` (plus cluster-wide ones
/// naming subjects of it) when given.
pub fn graph(
    rbac: &Rbac<'_>,
    escalations: &Escalations,
    format: GraphFormat,
    subject: Option<&SubjectKey>,
    namespace: Option<&str>,
    include_defaults: bool,
) -> String {
    // Nodes in first-seen order, with an index by id (large inputs draw thousands).
    let mut nodes: Vec<GraphNode> = Vec::new();
    let mut ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut edges: Vec<(String, String, String, bool)> = Vec::new();
    let mut seen_edges: std::collections::HashSet<(String, String, String)> =
        std::collections::HashSet::new();
    let mut add = |nodes: &mut Vec<GraphNode>, id: String, label: String, shape| {
        if !ids.contains_key(&id) {
            ids.insert(id.clone(), nodes.len());
            nodes.push(GraphNode { id, label, shape });
        }
    };
    let sid = |s: &SubjectKey| format!("{s}");
    for (s, bindings) in &rbac.subjects {
        if subject.is_some_and(|w| w != s) {
            continue;
        }
        for &b in bindings {
            let entry = &rbac.bindings[b as usize];
            if entry.is_default && !include_defaults {
                continue;
            }
            let id = rbac.binding_id(b);
            let in_ns = match (namespace, &entry.scope) {
                (None, _) => true,
                (Some(ns), Scope::Namespace(n)) => &**n == ns,
                (Some(ns), Scope::Cluster) => s.namespace.as_deref() == Some(ns),
            };
            if !in_ns {
                continue;
            }
            add(&mut nodes, sid(s), sid(s), "subject");
            let bid = id.to_string();
            add(&mut nodes, bid.clone(), bid.clone(), "binding");
            edges.push((sid(s), bid.clone(), String::new(), false));
            let role = match entry.role {
                Some(r) => rbac.role_id(r).to_string(),
                None => format!(
                    "{} {} (missing)",
                    entry.facts.role_kind, entry.facts.role_name
                ),
            };
            add(&mut nodes, role.clone(), role.clone(), "role");
            edges.push((bid, role, String::new(), false));
        }
    }
    let shown: std::collections::HashSet<String> = nodes.iter().map(|n| n.id.clone()).collect();
    for p in &escalations.paths {
        if subject.is_some_and(|w| *w != p.subject) {
            continue;
        }
        if namespace.is_some() && !shown.contains(&sid(&p.subject)) {
            continue;
        }
        for s in &p.steps {
            let from = s.from.to_string();
            let to = s.to.to_string();
            add(
                &mut nodes,
                from.clone(),
                from.clone(),
                if s.from.scope.is_some() {
                    "role"
                } else {
                    "subject"
                },
            );
            add(
                &mut nodes,
                to.clone(),
                to.clone(),
                if s.to.position.is_some() {
                    "position"
                } else if s.to.scope.is_some() {
                    "role"
                } else {
                    "subject"
                },
            );
            let label: String = s.action.chars().take(60).collect();
            if seen_edges.insert((from.clone(), to.clone(), label.clone())) {
                edges.push((from, to, label, true));
            }
        }
    }
    let index: std::collections::HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let index = |id: &str| index.get(id).copied().unwrap_or(0);
    let mut out = String::new();
    match format {
        GraphFormat::Dot => {
            out.push_str("digraph rbac {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
            for (i, n) in nodes.iter().enumerate() {
                let shape = match n.shape {
                    "subject" => "shape=ellipse",
                    "binding" => "shape=box, style=rounded",
                    "role" => "shape=box",
                    _ => "shape=doubleoctagon, color=red",
                };
                let _ = writeln!(out, "  n{i} [label=\"{}\", {shape}];", dot_escape(&n.label));
            }
            for (a, b, label, escalation) in &edges {
                let style = if *escalation {
                    format!(
                        " [style=dashed, color=red, label=\"{}\"]",
                        dot_escape(label)
                    )
                } else {
                    String::new()
                };
                let _ = writeln!(out, "  n{} -> n{}{style};", index(a), index(b));
            }
            out.push_str("}\n");
        }
        GraphFormat::Mermaid => {
            out.push_str("flowchart LR\n");
            for (i, n) in nodes.iter().enumerate() {
                let label = mermaid_escape(&n.label);
                let _ = match n.shape {
                    "subject" => writeln!(out, "  n{i}([\"{label}\"])"),
                    "binding" => writeln!(out, "  n{i}(\"{label}\")"),
                    "role" => writeln!(out, "  n{i}[\"{label}\"]"),
                    _ => writeln!(out, "  n{i}{{{{\"{label}\"}}}}"),
                };
            }
            for (a, b, label, escalation) in &edges {
                if *escalation {
                    let _ = writeln!(
                        out,
                        "  n{} -. \"{}\" .-> n{}",
                        index(a),
                        mermaid_escape(label),
                        index(b)
                    );
                } else {
                    let _ = writeln!(out, "  n{} --> n{}", index(a), index(b));
                }
            }
        }
    }
    out
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn mermaid_escape(s: &str) -> String {
    s.replace('"', "#quot;")
}
