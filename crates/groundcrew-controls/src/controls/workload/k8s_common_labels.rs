use super::require_one_label;
use crate::{Check, Control, ObjectCtx, Report};
use groundcrew_findings::{ControlMeta, References, Severity};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC334",
        name: "kubernetes-common-labels",
        title: "Workloads should carry the Kubernetes recommended app.kubernetes.io labels",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every workload whose own labels and pod template labels include none of the `k8sRecommendedLabels` control input (default: app.kubernetes.io/name, instance, version, component, part-of, managed-by). Not in the default selection: use `--framework devops`.",
        rationale: "Labels are how owners, dashboards, policies and incident responders find what a workload is and who runs it; a workload without them is an orphan.",
        remediation: "Add the `app.kubernetes.io/*` labels (Helm charts and most tools set them).",
        references: References {
            kubescape: &["C-0077"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "metadata:\n  labels: {app: web}\n",
        passing_example: "metadata:\n  labels: {app.kubernetes.io/name: web, app.kubernetes.io/part-of: shop}\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    require_one_label(ctx, out, &ctx.inputs.k8s_recommended_labels);
}
