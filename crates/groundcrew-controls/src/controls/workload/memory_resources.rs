use groundcrew_findings::{ControlMeta, References, Severity};

use super::resources::{ResourceIds, check_resource};
use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC302",
        name: "memory-requests-limits",
        title: "Containers must set memory requests and limits",
        severity: Severity::High,
        category: "workload",
        description: "Fails for every container and init container without `resources.requests.memory` or `resources.limits.memory`, and, when the `memory` control input sets bounds, for values outside them.",
        rationale: "A container without a memory limit can exhaust the node's memory and get its neighbours killed; without a request it is placed blindly.",
        remediation: "Set `resources.requests.memory` and `resources.limits.memory` on every container.",
        references: References {
            kubescape: &["C-0004", "C-0269", "C-0271"],
            cis: &[],
            nsa: &["Resource policies"],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n",
        passing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n  resources:\n    requests: {memory: 128Mi}\n    limits: {memory: 256Mi}\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    let Some(pod) = workload(ctx, out) else {
        return;
    };
    check_resource(
        pod,
        "memory",
        &ctx.inputs.memory,
        &ResourceIds {
            bounds: &["C-0004"],
            no_request: &["C-0004", "C-0269"],
            no_limit: &["C-0004", "C-0271"],
            neither: &["C-0004", "C-0269", "C-0271"],
        },
        out,
    );
}
