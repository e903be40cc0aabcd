use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::{FieldPath, Node};

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC108",
        name: "selinux-options",
        title: "SELinux options must not escalate",
        severity: Severity::High,
        category: "pod-security",
        description: "Fails when the pod's or a container's `securityContext.seLinuxOptions.type` is set to anything but `container_t`, `container_init_t`, `container_kvm_t` or `container_engine_t`, or when `seLinuxOptions.user` or `seLinuxOptions.role` is set (Pod Security Standards baseline, \"SELinux\").",
        rationale: "A custom SELinux type, user or role can lift the confinement that keeps a container from the host.",
        remediation: "Remove the custom `seLinuxOptions` type, user and role; set only `level` when you need MCS labels.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &["Pod security: SELinux"],
            mitre: &[],
            pss: &["baseline:seLinuxOptions"],
        },
        failing_example: "securityContext:\n  seLinuxOptions:\n    type: spc_t\n",
        passing_example: "securityContext:\n  seLinuxOptions:\n    level: \"s0:c123,c456\"\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

const ALLOWED_TYPES: &[&str] = &[
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

fn check_options(opts: Option<&Node>, path: FieldPath, who: &str, out: &mut Report<'_>) {
    let Some(opts) = opts.filter(|o| !o.is_null()) else {
        return;
    };
    if let Some(t) = opts.get("type").filter(|t| !t.is_null())
        && !t.as_str().is_some_and(|s| ALLOWED_TYPES.contains(&s))
    {
        out.fail(
            path.key("type"),
            format!("{who} sets SELinux type {}", t.display_scalar()),
        );
    }
    for field in ["user", "role"] {
        if let Some(v) = opts
            .get(field)
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
        {
            out.fail(
                path.key(field),
                format!("{who} sets SELinux {field} {}", v.display_scalar()),
            );
        }
    }
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    check_options(
        pod.sc("seLinuxOptions"),
        pod.sc_path(&["seLinuxOptions"]),
        "pod",
        out,
    );
    for c in &pod.containers {
        check_options(
            c.sc("seLinuxOptions"),
            c.sc_path(&["seLinuxOptions"]),
            &c.describe(),
            out,
        );
    }
}
