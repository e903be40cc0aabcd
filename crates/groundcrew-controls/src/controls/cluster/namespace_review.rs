use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::FieldPath;

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC608",
        name: "namespace-review",
        title: "Namespaces (for review of administrative boundaries)",
        severity: Severity::Low,
        category: "cluster",
        description: "Lists every Namespace, for the review CIS 5.7.1 asks for: do namespaces separate teams and sensitivity levels? Not in the default selection: use `--control GC608`.",
        rationale: "Namespaces are the unit of RBAC, quotas, network policy and Pod Security; one namespace for everything means one boundary for nothing.",
        remediation: "Give each team or application its own namespace, with its own RBAC, NetworkPolicies and Pod Security labels.",
        references: References {
            kubescape: &["C-0209"],
            cis: &["5.7.1"],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: everything\n",
        passing_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    if &*ctx.object.id.kind == "Namespace" {
        out.fail(
            FieldPath::keys(&["metadata", "name"]),
            format!("namespace {}: confirm its boundary", ctx.object.id.name),
        );
    }
}
