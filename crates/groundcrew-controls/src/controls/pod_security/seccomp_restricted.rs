use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC205",
        name: "seccomp-required",
        title: "A seccomp profile must be set",
        severity: Severity::Medium,
        category: "pod-security",
        description: "Fails when `spec.securityContext.seccompProfile.type` is set to anything but `RuntimeDefault` or `Localhost`, when a container sets another type, or when a container sets none and the pod sets none. Windows pods are exempt (Pod Security Standards restricted, \"Seccomp\").",
        rationale: "Without a seccomp profile the container can call every system call of the host kernel, including the rarely used ones behind most kernel exploits.",
        remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` at pod level.",
        references: References {
            kubescape: &[],
            cis: &["5.7.2"],
            nsa: &["Pod security: seccomp"],
            mitre: &[],
            pss: &["restricted:seccompProfile"],
        },
        failing_example: "spec:\n  containers:\n  - name: app\n    image: registry.example.com/app:1.0\n",
        passing_example: "spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n  - name: app\n    image: registry.example.com/app:1.0\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn valid(t: &Node) -> bool {
    matches!(t.as_str(), Some("RuntimeDefault" | "Localhost"))
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    if pod.is_windows() {
        return;
    }
    let pod_type = pod
        .sc("seccompProfile")
        .and_then(|p| p.get("type"))
        .filter(|t| !t.is_null());
    if let Some(t) = pod_type
        && !valid(t)
    {
        out.fail(
            pod.sc_path(&["seccompProfile", "type"]),
            format!("pod seccomp profile is {}", t.display_scalar()),
        );
    }
    for c in &pod.containers {
        match c
            .sc("seccompProfile")
            .and_then(|p| p.get("type"))
            .filter(|t| !t.is_null())
        {
            Some(t) if valid(t) => {}
            Some(t) => out.fail(
                c.sc_path(&["seccompProfile", "type"]),
                format!("{} seccomp profile is {}", c.describe(), t.display_scalar()),
            ),
            None if pod_type.is_some() => {}
            None => out.fail(
                c.sc_path(&["seccompProfile"]),
                format!(
                    "{} has no seccomp profile, and the pod sets none",
                    c.describe()
                ),
            ),
        }
    }
}
