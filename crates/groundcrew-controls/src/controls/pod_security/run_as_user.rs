use groundcrew_findings::{ControlMeta, References, Severity};

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC204",
        name: "run-as-user-root",
        title: "Pods and containers must not set runAsUser 0",
        severity: Severity::Medium,
        category: "pod-security",
        description: "Fails when `spec.securityContext.runAsUser` or a container's `securityContext.runAsUser` is 0 (Pod Security Standards restricted, \"Running as Non-root user\").",
        rationale: "UID 0 is root; running as root defeats most other container hardening.",
        remediation: "Set `runAsUser` to a non-zero UID (for example 10001) or remove it and rely on a non-root image USER.",
        references: References {
            kubescape: &[],
            cis: &["5.2.7"],
            nsa: &["Pod security: non-root containers"],
            mitre: &[],
            pss: &["restricted:runAsUser"],
        },
        failing_example: "securityContext:\n  runAsUser: 0\n",
        passing_example: "securityContext:\n  runAsUser: 10001\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    if pod.sc("runAsUser").and_then(|v| v.as_i64()) == Some(0) {
        out.fail(pod.sc_path(&["runAsUser"]), "pod sets runAsUser: 0 (root)");
    }
    for c in &pod.containers {
        if c.sc("runAsUser").and_then(|v| v.as_i64()) == Some(0) {
            out.fail(
                c.sc_path(&["runAsUser"]),
                format!("{} sets runAsUser: 0 (root)", c.describe()),
            );
        }
    }
}
