use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC107",
        name: "apparmor-profile",
        title: "AppArmor must not be disabled",
        severity: Severity::High,
        category: "pod-security",
        description: "Fails when the pod's or a container's `securityContext.appArmorProfile.type` is anything but `RuntimeDefault` or `Localhost`, or when a `container.apparmor.security.beta.kubernetes.io/*` annotation is anything but `runtime/default` or `localhost/*` (Pod Security Standards baseline, \"AppArmor\"). Unset is allowed.",
        rationale: "An `Unconfined` profile removes the mandatory access control the runtime applies by default.",
        remediation: "Remove the override, or set `appArmorProfile.type: RuntimeDefault`.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &["Pod security: AppArmor"],
            mitre: &[],
            pss: &["baseline:appArmorProfile"],
        },
        failing_example: "securityContext:\n  appArmorProfile:\n    type: Unconfined\n",
        passing_example: "securityContext:\n  appArmorProfile:\n    type: RuntimeDefault\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

fn allowed_type(t: &Node) -> bool {
    t.is_null() || matches!(t.as_str(), Some("RuntimeDefault" | "Localhost"))
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    if let Some(t) = pod.sc("appArmorProfile").and_then(|p| p.get("type"))
        && !allowed_type(t)
    {
        out.fail(
            pod.sc_path(&["appArmorProfile", "type"]),
            format!("pod AppArmor profile is {}", t.display_scalar()),
        );
    }
    for c in &pod.containers {
        if let Some(t) = c.sc("appArmorProfile").and_then(|p| p.get("type"))
            && !allowed_type(t)
        {
            out.fail(
                c.sc_path(&["appArmorProfile", "type"]),
                format!(
                    "{} AppArmor profile is {}",
                    c.describe(),
                    t.display_scalar()
                ),
            );
        }
    }
    for (key, value) in pod.annotations() {
        if !key.starts_with(ANNOTATION_PREFIX) {
            continue;
        }
        let v = value.as_str().unwrap_or("");
        if !(v.is_empty() || v == "runtime/default" || v.starts_with("localhost/")) {
            out.fail(
                pod.metadata_path.key("annotations").key(key),
                format!("AppArmor annotation {key} is {}", value.display_scalar()),
            );
        }
    }
}
