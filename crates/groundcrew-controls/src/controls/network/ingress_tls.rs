use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::{FieldPath, Node};

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC705",
        name: "ingress-without-tls",
        title: "Ingresses should terminate TLS",
        severity: Severity::Medium,
        category: "network",
        description: "Fails for every Ingress without `spec.tls` entries, and for every rule host that no `spec.tls[].hosts` entry covers (a `*.example.com` entry covers one label).",
        rationale: "Without TLS, credentials and session cookies cross the internet in clear text and can be read or changed on the way.",
        remediation: "Add `spec.tls` with the hosts and a Secret holding their certificate (cert-manager can issue and renew it).",
        references: References {
            kubescape: &["C-0263"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "kind: Ingress\nspec:\n  rules:\n  - host: shop.example.com\n",
        passing_example: "kind: Ingress\nspec:\n  tls:\n  - hosts: [shop.example.com]\n    secretName: shop-tls\n  rules:\n  - host: shop.example.com\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn covers(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == suffix),
        None => pattern == host,
    }
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    if &*ctx.object.id.kind != "Ingress" {
        return;
    }
    out.relevant();
    let spec = ctx.object.root.get("spec");
    let tls = spec
        .and_then(|s| s.get("tls"))
        .map(Node::items)
        .unwrap_or(&[]);
    if tls.is_empty() {
        out.fail(
            FieldPath::keys(&["spec", "tls"]),
            "Ingress serves plain HTTP: no spec.tls",
        );
        return;
    }
    let tls_hosts: Vec<&str> = tls
        .iter()
        .flat_map(|t| t.get("hosts").map(Node::items).unwrap_or(&[]))
        .filter_map(Node::as_str)
        .collect();
    let rules = spec
        .and_then(|s| s.get("rules"))
        .map(Node::items)
        .unwrap_or(&[]);
    for (i, rule) in rules.iter().enumerate() {
        let Some(host) = rule.get("host").and_then(Node::as_str) else {
            continue;
        };
        if !tls_hosts.iter().any(|p| covers(p, host)) {
            out.fail(
                FieldPath::keys(&["spec", "rules"]).index(i).key("host"),
                format!("host {host} is not covered by spec.tls"),
            );
        }
    }
}
