use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::FieldPath;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC307",
        name: "workload-in-default-namespace",
        title: "Workloads should not run in the default namespace",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every workload (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController, PodTemplate) whose `metadata.namespace` is `default` or unset (which `kubectl apply` resolves to `default` unless told otherwise).",
        rationale: "The default namespace carries no boundary: RBAC, quotas, network policies and Pod Security labels are rarely set on it, and everything there shares them.",
        remediation: "Put the workload in a dedicated namespace with its own RBAC, quota, NetworkPolicies and Pod Security labels.",
        references: References {
            kubescape: &["C-0061", "C-0212"],
            cis: &["5.7.4"],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "metadata:\n  name: web\nspec: {}\n",
        passing_example: "metadata:\n  name: web\n  namespace: shop\nspec: {}\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    if workload(ctx, out).is_none() {
        return;
    }
    if ctx.object.id.namespace.as_deref() == Some("default") {
        out.fail(
            FieldPath::keys(&["metadata", "namespace"]),
            format!("{} is in the default namespace", ctx.object.id.kind),
        );
    }
}
