use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_yaml::Node;

use super::image_tag::floating;
use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC305",
        name: "image-pull-policy-latest",
        title: "Floating image tags must be pulled Always",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every container whose image has no tag or the tag `latest` while `imagePullPolicy` is set to something other than `Always`. (Unset is fine: Kubernetes then defaults to Always for such images.)",
        rationale: "With a floating tag and `IfNotPresent`, nodes run whatever version they happened to cache: different code on different nodes.",
        remediation: "Pin the image tag; or set `imagePullPolicy: Always`.",
        references: References {
            kubescape: &["C-0075"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  image: nginx:latest\n  imagePullPolicy: IfNotPresent\n",
        passing_example: "containers:\n- name: app\n  image: nginx:latest\n  imagePullPolicy: Always\n",
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
        let policy = c.node.get("imagePullPolicy").and_then(Node::as_str);
        if floating(image) && policy.is_some_and(|p| p != "Always") {
            out.fail(
                c.path.key("imagePullPolicy"),
                format!(
                    "{} pulls floating image \"{image}\" with imagePullPolicy {}",
                    c.describe(),
                    policy.unwrap_or("")
                ),
            );
        }
    }
}
