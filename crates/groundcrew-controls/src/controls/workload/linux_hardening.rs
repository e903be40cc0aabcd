use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC318",
        name: "linux-hardening",
        title: "Containers should use at least one Linux hardening mechanism",
        severity: Severity::Medium,
        category: "workload",
        description: "Fails for every container for which neither the pod nor the container sets any of `seccompProfile`, `seLinuxOptions` or `appArmorProfile` (or an AppArmor annotation for it), and the container does not drop any capability.",
        rationale: "Seccomp, AppArmor, SELinux and dropped capabilities each cut the kernel surface a compromised process can reach; using none leaves the runtime defaults as the only line.",
        remediation: "Set `seccompProfile.type: RuntimeDefault` at pod level and drop ALL capabilities in each container.",
        references: References {
            kubescape: &["C-0055"],
            cis: &[],
            nsa: &["Pod security: hardening"],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n",
        passing_example: "securityContext:\n  seccompProfile:\n    type: RuntimeDefault\ncontainers:\n- name: app\n  image: registry.example.com/app:1.0\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

const MECHANISMS: &[&str] = &["seccompProfile", "seLinuxOptions", "appArmorProfile"];

fn set(n: Option<&Node>) -> bool {
    n.is_some_and(|v| !v.is_null())
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    if MECHANISMS.iter().any(|m| set(pod.sc(m))) {
        return;
    }
    for c in &pod.containers {
        let annotation = format!(
            "container.apparmor.security.beta.kubernetes.io/{}",
            c.name()
        );
        let hardened = MECHANISMS.iter().any(|m| set(c.sc(m)))
            || pod.annotations().any(|(k, _)| k == annotation)
            || c.sc("capabilities")
                .and_then(|k| k.get("drop"))
                .is_some_and(|d| !d.items().is_empty());
        if !hardened {
            out.fail(
                c.path.key("securityContext"),
                format!(
                    "{} uses no seccomp, AppArmor or SELinux profile and drops no capability",
                    c.describe()
                ),
            );
        }
    }
}
