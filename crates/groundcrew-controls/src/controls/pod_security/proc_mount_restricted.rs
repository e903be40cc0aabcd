use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::PodTemplate;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC207",
        name: "proc-mount-restricted",
        title: "Containers must keep the default /proc mask, even in a user namespace",
        severity: Severity::Medium,
        category: "pod-security",
        description: "Fails when a container's `securityContext.procMount` is set to anything but `Default`, whether or not the pod uses a user namespace (Pod Security Standards restricted, \"/proc Mount Type\").",
        rationale: "The restricted profile keeps the /proc mask for every pod: an unmasked /proc exposes kernel interfaces even inside a user namespace.",
        remediation: "Remove `procMount` or set it to `Default`.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &["restricted:procMount"],
        },
        failing_example: "spec:\n  hostUsers: false\n  containers:\n  - name: app\n    securityContext:\n      procMount: Unmasked\n",
        passing_example: "spec:\n  hostUsers: false\n  containers:\n  - name: app\n    securityContext:\n      procMount: Default\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

pub(super) fn fail_non_default(pod: &PodTemplate<'_>, out: &mut Report<'_>) {
    for c in &pod.containers {
        if let Some(pm) = c.sc("procMount").filter(|v| !v.is_null())
            && pm.as_str() != Some("Default")
        {
            out.fail(
                c.sc_path(&["procMount"]),
                format!("{} sets procMount {}", c.describe(), pm.display_scalar()),
            );
        }
    }
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    fail_non_default(pod, out);
}
