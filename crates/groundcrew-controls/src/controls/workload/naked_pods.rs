use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::FieldPath;

use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC308",
        name: "naked-pods",
        title: "Pods should be managed by a controller",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every Pod without `metadata.ownerReferences`: a pod no Deployment, StatefulSet, DaemonSet, Job or other controller manages.",
        rationale: "A naked pod is not rescheduled when its node fails and is not updated by rollouts; it is often a leftover of debugging or an attacker's foothold.",
        remediation: "Run the pod from a Deployment, StatefulSet, DaemonSet or Job.",
        references: References {
            kubescape: &["C-0073"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n",
        passing_example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
    },
    check: Check::Object(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    if &*ctx.object.id.kind != "Pod" {
        return;
    }
    out.relevant();
    let owned = ctx
        .object
        .metadata()
        .and_then(|m| m.get("ownerReferences"))
        .is_some_and(|o| !o.items().is_empty());
    if !owned {
        out.fail(
            FieldPath::keys(&["metadata", "ownerReferences"]),
            "Pod has no owner: no controller manages it",
        );
    }
}
