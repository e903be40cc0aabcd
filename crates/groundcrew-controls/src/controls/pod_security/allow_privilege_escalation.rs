use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC202",
        name: "allow-privilege-escalation",
        title: "Containers must forbid privilege escalation",
        severity: Severity::Medium,
        category: "pod-security",
        description: "Fails for every container, init container and ephemeral container whose `securityContext.allowPrivilegeEscalation` is not explicitly false. Windows pods (`spec.os.name: windows`) are exempt (Pod Security Standards restricted, \"Privilege Escalation\").",
        rationale: "Unless it is false, a process can gain more privileges than its parent through setuid binaries or file capabilities.",
        remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container.",
        references: References {
            kubescape: &["C-0016"],
            cis: &["5.2.6"],
            nsa: &["Pod security: privilege escalation"],
            mitre: &[],
            pss: &["restricted:allowPrivilegeEscalation"],
        },
        failing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n",
        passing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n  securityContext:\n    allowPrivilegeEscalation: false\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    if pod.is_windows() {
        return;
    }
    for c in &pod.containers {
        let value = c.sc("allowPrivilegeEscalation");
        if value.and_then(Node::as_bool) != Some(false) {
            let why = match value {
                Some(v) if !v.is_null() => {
                    format!("sets allowPrivilegeEscalation {}", v.display_scalar())
                }
                _ => "does not set allowPrivilegeEscalation: false".to_string(),
            };
            out.fail(
                c.sc_path(&["allowPrivilegeEscalation"]),
                format!("{} {why}", c.describe()),
            );
        }
    }
}
