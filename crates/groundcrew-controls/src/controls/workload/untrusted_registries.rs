use groundcrew_findings::{ControlMeta, References, Severity};

use super::registries::from_registry;
use crate::controls::workload;
use crate::{Check, Control, ControlInputs, ObjectCtx, Report, RequiredInput};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC323",
        name: "untrusted-registries",
        title: "Images must not come from an untrusted registry",
        severity: Severity::High,
        category: "workload",
        description: "Fails for every container, init container and ephemeral container whose image comes from a registry or repository prefix in the `untrustedRegistries` control input (matched as for GC322). Not evaluated until `untrustedRegistries` is set.",
        rationale: "Public registries serve typosquatted and backdoored images; a block-list keeps known-bad sources out.",
        remediation: "Pull the image from a trusted mirror.",
        references: References {
            kubescape: &["C-0001"],
            cis: &[],
            nsa: &[],
            mitre: &["T1525"],
            pss: &[],
        },
        failing_example: "# untrustedRegistries: [docker.io]\ncontainers:\n- name: app\n  image: nginx:1.27\n",
        passing_example: "containers:\n- name: app\n  image: registry.example.com/mirror/nginx:1.27\n",
    },
    check: Check::PodTemplate(check),
    requires: Some(RequiredInput {
        name: "untrustedRegistries",
        is_set: |i: &ControlInputs| !i.untrusted_registries.is_empty(),
    }),
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        let Some(image) = c.image() else {
            continue;
        };
        if let Some(r) = ctx
            .inputs
            .untrusted_registries
            .iter()
            .find(|r| from_registry(image, r))
        {
            out.fail(
                c.path.key("image"),
                format!(
                    "{} uses image \"{image}\" from untrusted registry {r}",
                    c.describe()
                ),
            );
        }
    }
}
