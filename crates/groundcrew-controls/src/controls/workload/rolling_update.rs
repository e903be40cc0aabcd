use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC327",
        name: "deployment-not-rolling-update",
        title: "Deployments should update with the RollingUpdate strategy",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every Deployment whose `spec.strategy.type` is set to something other than `RollingUpdate` (that is, `Recreate`). An unset strategy is RollingUpdate and passes.",
        rationale: "`Recreate` stops every pod before starting new ones: each rollout, including an urgent security fix, is an outage, which makes teams delay patches.",
        remediation: "Remove `spec.strategy` or set `type: RollingUpdate` (with `maxUnavailable` and `maxSurge` as needed).",
        references: References {
            kubescape: &["C-0305"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "kind: Deployment\nspec:\n  strategy:\n    type: Recreate\n",
        passing_example: "kind: Deployment\nspec:\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    if &*ctx.object.id.kind != "Deployment" {
        return;
    }
    out.relevant();
    let root = &ctx.object.root;
    if let Some(ty) = root
        .get_path(&["spec", "strategy", "type"])
        .and_then(Node::as_str)
        .filter(|t| *t != "RollingUpdate")
    {
        out.fail(
            groundcrew_yaml::FieldPath::keys(&["spec", "strategy", "type"]),
            format!("Deployment updates with the {ty} strategy"),
        );
    }
}
