use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{LabelSelector, labels_of};
use groundcrew_yaml::FieldPath;

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC321",
        name: "selector-mismatch",
        title: "A workload's selector must match its own pod template",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every Deployment, ReplicaSet, StatefulSet, DaemonSet, Job or ReplicationController whose `spec.selector` (`matchLabels`/`matchExpressions`, or a plain map for ReplicationControllers) does not match the labels of its own `spec.template`. Jobs with generated selectors (no `spec.selector`) pass.",
        rationale: "The API server rejects most such objects; those it accepts manage pods they did not create, or none — a broken rollout waiting to happen.",
        remediation: "Make the template labels satisfy the selector.",
        references: References {
            kubescape: &["C-0296"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "spec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: api}\n",
        passing_example: "spec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n",
    },
    check: Check::Object(check),
    requires: None,
};

const KINDS: &[&str] = &[
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "ReplicationController",
];

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let kind = &*ctx.object.id.kind;
    if !KINDS.contains(&kind) || ctx.pod.is_none() {
        return;
    }
    out.relevant();
    let Some(selector) = ctx.object.root.get_path(&["spec", "selector"]) else {
        return;
    };
    let parsed = if kind == "ReplicationController" {
        Some(LabelSelector::from_map(labels_of(Some(selector))))
    } else {
        LabelSelector::from_node(selector)
    };
    let labels = labels_of(
        ctx.object
            .root
            .get_path(&["spec", "template", "metadata", "labels"]),
    );
    match parsed {
        Some(sel) if sel.matches(&labels) => {}
        Some(_) => out.fail(
            FieldPath::keys(&["spec", "selector"]),
            format!("{kind} selector does not match its pod template labels"),
        ),
        None => out.fail(
            FieldPath::keys(&["spec", "selector"]),
            format!("{kind} selector is not a valid label selector"),
        ),
    }
}
