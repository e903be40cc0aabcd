use super::require_one_label;
use crate::{Check, Control, ObjectCtx, Report};
use groundcrew_findings::{ControlMeta, References, Severity};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC333",
        name: "recommended-labels",
        title: "Workloads should carry the organisation's recommended labels",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every workload whose own labels and pod template labels include none of the `recommendedLabels` control input (default: app, tier, phase, version, owner, env). Not in the default selection: use `--framework devops`.",
        rationale: "Labels are how owners, dashboards, policies and incident responders find what a workload is and who runs it; a workload without them is an orphan.",
        remediation: "Label workloads with at least one of the recommended keys (better: all that apply).",
        references: References {
            kubescape: &["C-0076"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "metadata:\n  labels: {team: shop}\n",
        passing_example: "metadata:\n  labels: {app: web, owner: shop-team}\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    require_one_label(ctx, out, &ctx.inputs.recommended_labels);
}
