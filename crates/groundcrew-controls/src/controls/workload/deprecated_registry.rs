use groundcrew_findings::{ControlMeta, References, Severity};

use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC325",
        name: "deprecated-image-registry",
        title: "Images must not come from the frozen k8s.gcr.io registry",
        severity: Severity::Medium,
        category: "workload",
        description: "Fails for every container whose image is pulled from `k8s.gcr.io`, which the Kubernetes project froze in April 2023 and has since been redirecting and winding down; images there get no fixes.",
        rationale: "Images on a frozen registry receive no security updates, and pulls break when the redirect ends.",
        remediation: "Pull the same image from `registry.k8s.io`, in a supported version.",
        references: References {
            kubescape: &["C-0253"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: dns\n  image: k8s.gcr.io/coredns/coredns:v1.8.6\n",
        passing_example: "containers:\n- name: dns\n  image: registry.k8s.io/coredns/coredns:v1.11.3\n",
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
        if image.starts_with("k8s.gcr.io/") {
            out.fail(
                c.path.key("image"),
                format!(
                    "{} pulls \"{image}\" from the frozen k8s.gcr.io",
                    c.describe()
                ),
            );
        }
    }
}
