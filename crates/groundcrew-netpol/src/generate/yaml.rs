//! The plan as NetworkPolicy YAML, each policy and rule with a comment saying why.

use std::fmt::Write;

use super::plan::{NamespacePlan, PeerPlan, PolicyPlan, RulePlan};

/// A scalar as YAML: plain when it cannot be read as anything but that string, else
/// double-quoted (`"true"`, `"1.0"`, `"on"`, values with `: ` or `#`).
fn scalar(s: &str) -> String {
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ];
    let plain = !s.is_empty()
        && s.as_bytes()[0].is_ascii_alphabetic()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
        && !reserved.contains(&s.to_ascii_lowercase().as_str());
    if plain {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn comment(out: &mut String, indent: usize, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "{:indent$}# {line}", "");
    }
}

fn match_labels(out: &mut String, indent: usize, labels: &[(String, String)]) {
    if labels.is_empty() {
        out.push_str(" {}\n");
        return;
    }
    out.push('\n');
    let _ = writeln!(out, "{:indent$}matchLabels:", "");
    for (k, v) in labels {
        let _ = writeln!(out, "{:w$}{}: {}", "", scalar(k), scalar(v), w = indent + 2);
    }
}

fn rule(out: &mut String, r: &RulePlan, peers_key: &str) {
    for why in &r.why {
        comment(out, 2, why);
    }
    match &r.peer {
        PeerPlan::Anywhere => {
            out.push_str("  - ports:\n");
        }
        PeerPlan::Pods { namespace, labels } => {
            let _ = writeln!(out, "  - {peers_key}:");
            match namespace {
                Some(ns) => {
                    out.push_str("    - namespaceSelector:");
                    match_labels(
                        out,
                        8,
                        &[("kubernetes.io/metadata.name".to_string(), ns.clone())],
                    );
                    out.push_str("      podSelector:");
                    match_labels(out, 8, labels);
                }
                None => {
                    out.push_str("    - podSelector:");
                    match_labels(out, 8, labels);
                }
            }
            out.push_str("    ports:\n");
        }
    }
    for (protocol, port) in &r.ports {
        let _ = writeln!(
            out,
            "    - protocol: {}\n      port: {port}",
            protocol.as_str()
        );
    }
}

fn policy(out: &mut String, namespace: &str, p: &PolicyPlan) {
    out.push_str("---\n");
    comment(out, 0, &p.about);
    out.push_str("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n");
    let _ = writeln!(out, "  name: {}", scalar(&p.name));
    let _ = writeln!(out, "  namespace: {}", scalar(namespace));
    out.push_str("  labels:\n    app.kubernetes.io/managed-by: groundcrew\nspec:\n");
    out.push_str("  podSelector:");
    match_labels(out, 4, &p.selector);
    out.push_str("  policyTypes:\n");
    if p.ingress.is_some() {
        out.push_str("  - Ingress\n");
    }
    if p.egress.is_some() {
        out.push_str("  - Egress\n");
    }
    for (key, peers_key, rules) in [("ingress", "from", &p.ingress), ("egress", "to", &p.egress)] {
        if let Some(rules) = rules
            && !rules.is_empty()
        {
            let _ = writeln!(out, "  {key}:");
            for r in rules {
                rule(out, r, peers_key);
            }
        }
    }
}

/// One namespace's policies as a multi-document YAML file.
pub fn namespace_yaml(plan: &NamespacePlan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# NetworkPolicies for namespace {} written by `groundcrew netpol generate`:\n# default deny, DNS, and one rule per dependency the manifests name.",
        plan.namespace
    );
    for p in &plan.policies {
        policy(&mut out, &plan.namespace, p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::scalar;

    #[test]
    fn scalars_that_would_change_type_are_quoted() {
        assert_eq!(scalar("frontend"), "frontend");
        assert_eq!(scalar("app.kubernetes.io/name"), "app.kubernetes.io/name");
        for s in ["true", "On", "1.0", "", "a: b", "x#y", "~"] {
            assert!(scalar(s).starts_with('"'), "{s}");
        }
        assert_eq!(scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
    }
}
