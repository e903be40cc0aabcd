use groundcrew_findings::{ControlMeta, References, Severity};

use super::registries::from_registry;
use crate::controls::workload;
use crate::{Check, Control, ControlInputs, ObjectCtx, Report, RequiredInput};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC322",
        name: "allowed-registries",
        title: "Images must come from an allowed registry",
        severity: Severity::Medium,
        category: "workload",
        description: "Fails for every container, init container and ephemeral container whose image does not come from a registry or repository prefix in the `allowedRegistries` control input (Docker Hub short names count as `docker.io/library/...`; a prefix matches at a `/`, `:` or `@` boundary, so `registry.example.com` does not allow `registry.example.com.evil.io`). Not evaluated until `allowedRegistries` is set.",
        rationale: "An allow-list of registries keeps images to those your supply chain scans, signs and mirrors; anything else is an unreviewed way in.",
        remediation: "Mirror the image into an allowed registry, or add its registry to `allowedRegistries` after review.",
        references: References {
            kubescape: &["C-0078"],
            cis: &["5.5.1"],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "# allowedRegistries: [registry.example.com]\ncontainers:\n- name: app\n  image: docker.io/library/nginx:1.27\n",
        passing_example: "containers:\n- name: app\n  image: registry.example.com/mirror/nginx:1.27\n",
    },
    check: Check::PodTemplate(check),
    requires: Some(RequiredInput {
        name: "allowedRegistries",
        is_set: |i: &ControlInputs| !i.allowed_registries.is_empty(),
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
        if !ctx
            .inputs
            .allowed_registries
            .iter()
            .any(|r| from_registry(image, r))
        {
            out.fail(
                c.path.key("image"),
                format!(
                    "{} uses image \"{image}\" from a registry that is not allowed",
                    c.describe()
                ),
            );
        }
    }
}
