use groundcrew_findings::{ControlMeta, References, Severity};

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC326",
        name: "image-not-pinned-by-digest",
        title: "Images should be pinned by digest",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every container whose image reference carries no `@sha256:` digest. Not in the default selection (many teams pin by immutable tags instead): use `--control GC326` or `--framework all`.",
        rationale: "A tag can be moved to other content at any time, by mistake or by an attacker with push rights; a digest names exactly the bytes that were reviewed.",
        remediation: "Reference images as `repository@sha256:<digest>` (tools such as `crane digest` resolve a tag).",
        references: References {
            kubescape: &["C-0306"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.4.2\n",
        passing_example: "containers:\n- name: app\n  image: registry.example.com/app@sha256:4f5c9b0a4e0d3b1b8f0d2f7c1a9e6b3c5d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    for c in &pod.containers {
        let Some(image) = c.image() else {
            continue;
        };
        if !image.contains("@sha256:") {
            out.fail(
                c.path.key("image"),
                format!("{} uses \"{image}\" without a digest", c.describe()),
            );
        }
    }
}
