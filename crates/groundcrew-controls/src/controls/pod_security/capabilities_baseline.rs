use groundcrew_findings::{ControlMeta, References, Severity};

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

/// Capabilities the baseline profile allows adding.
pub const BASELINE_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC103",
        name: "capabilities-baseline",
        title: "Containers may add only the default capabilities",
        severity: Severity::High,
        category: "pod-security",
        description: "Fails for every entry of `securityContext.capabilities.add`, in any container list, outside AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT (Pod Security Standards baseline, \"Capabilities\").",
        rationale: "Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give a container powers close to root on the node.",
        remediation: "Remove the capability from `capabilities.add`; if the workload truly needs it, isolate it and record an exception with the reason.",
        references: References {
            kubescape: &[],
            cis: &["5.2.9"],
            nsa: &["Pod security: capabilities"],
            mitre: &["T1611"],
            pss: &["baseline:capabilities"],
        },
        failing_example: "containers:\n- name: app\n  securityContext:\n    capabilities:\n      add: [\"SYS_ADMIN\"]\n",
        passing_example: "containers:\n- name: app\n  securityContext:\n    capabilities:\n      add: [\"NET_BIND_SERVICE\"]\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        let added = c.sc("capabilities").and_then(|caps| caps.get("add"));
        for (i, cap) in added.map(|a| a.items()).unwrap_or(&[]).iter().enumerate() {
            let name = cap.display_scalar();
            if !BASELINE_CAPABILITIES.contains(&&*name) {
                out.fail(
                    c.sc_path(&["capabilities", "add"]).index(i),
                    format!("{} adds capability {name}", c.describe()),
                );
            }
        }
    }
}
