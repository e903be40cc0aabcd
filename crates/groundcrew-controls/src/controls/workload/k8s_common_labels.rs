use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::{FieldPath, Node};

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

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
    check: Check::Object(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    let wanted = &ctx.inputs.k8s_recommended_labels;
    let has = |key: &str| {
        ctx.object.labels().any(|(k, _)| k == key)
            || pod
                .metadata
                .and_then(|m| m.get("labels"))
                .and_then(Node::as_map)
                .is_some_and(|m| m.get(key).is_some())
    };
    if !wanted.iter().any(|l| has(l)) {
        out.fail(
            FieldPath::keys(&["metadata", "labels"]),
            format!(
                "{} has none of the labels {}",
                ctx.object.id.kind,
                wanted.join(", ")
            ),
        );
    }
}
