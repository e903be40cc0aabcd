use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC110",
        name: "seccomp-not-unconfined",
        title: "Seccomp must not be disabled",
        severity: Severity::High,
        category: "pod-security",
        description: "Fails when the pod's or a container's `securityContext.seccompProfile.type` is `Unconfined` (Pod Security Standards baseline, \"Seccomp\"). Unset is allowed at this level.",
        rationale: "Seccomp filters the system calls a container can make; `Unconfined` exposes the whole kernel attack surface.",
        remediation: "Set `seccompProfile.type: RuntimeDefault` (or `Localhost` with a reviewed profile).",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &["Pod security: seccomp"],
            mitre: &[],
            pss: &["baseline:seccompProfile"],
        },
        failing_example: "securityContext:\n  seccompProfile:\n    type: Unconfined\n",
        passing_example: "securityContext:\n  seccompProfile:\n    type: RuntimeDefault\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn unconfined(t: Option<&Node>) -> bool {
    t.and_then(Node::as_str) == Some("Unconfined")
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    if unconfined(pod.sc("seccompProfile").and_then(|p| p.get("type"))) {
        out.fail(
            pod.sc_path(&["seccompProfile", "type"]),
            "pod seccomp profile is Unconfined",
        );
    }
    for c in &pod.containers {
        if unconfined(c.sc("seccompProfile").and_then(|p| p.get("type"))) {
            out.fail(
                c.sc_path(&["seccompProfile", "type"]),
                format!("{} seccomp profile is Unconfined", c.describe()),
            );
        }
    }
}
