use groundcrew_findings::{ControlMeta, References, Severity};

use super::split_image;
use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC304",
        name: "image-tag-latest",
        title: "Images must be pinned to a tag other than latest, or a digest",
        severity: Severity::Medium,
        category: "workload",
        description: "Fails for every container whose `image` has no tag and no digest, or whose tag is `latest`.",
        rationale: "A floating tag makes the running code unknowable: every restart may pull something else, and a review or a scan of the manifest says nothing about what runs.",
        remediation: "Pin the image to a version tag, or better to a digest (`image@sha256:...`).",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  image: nginx:latest\n",
        passing_example: "containers:\n- name: app\n  image: nginx:1.27.3\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

/// Whether an image reference floats (no tag and no digest, or `latest`).
pub(crate) fn floating(image: &str) -> bool {
    let (_, tag, digest) = split_image(image);
    digest.is_none() && tag.is_none_or(|t| t == "latest")
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        let Some(image) = c.image() else {
            continue;
        };
        if floating(image) {
            out.fail(
                c.path.key("image"),
                format!(
                    "{} uses image \"{image}\" without a pinned tag",
                    c.describe()
                ),
            );
        }
    }
}
