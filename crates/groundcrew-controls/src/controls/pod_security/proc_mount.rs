use groundcrew_findings::{ControlMeta, References, Severity};

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC109",
        name: "proc-mount",
        title: "Containers must keep the default /proc mask",
        severity: Severity::Medium,
        category: "pod-security",
        description: "Fails when a container's `securityContext.procMount` is set to anything but `Default`, unless the pod runs in its own user namespace (`hostUsers: false`), which the baseline profile allows since Kubernetes 1.35 (Pod Security Standards baseline, \"/proc Mount Type\").",
        rationale: "The default /proc mask hides kernel interfaces that leak host information or allow writes to the host kernel.",
        remediation: "Remove `procMount` or set it to `Default`.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &["baseline:procMount"],
        },
        failing_example: "containers:\n- name: app\n  securityContext:\n    procMount: Unmasked\n",
        passing_example: "containers:\n- name: app\n  securityContext:\n    procMount: Default\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    if pod.uses_user_namespace() {
        return;
    }
    super::proc_mount_restricted::fail_non_default(pod, out);
}
