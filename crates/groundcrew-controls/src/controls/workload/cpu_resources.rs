use groundcrew_findings::{ControlMeta, References, Severity};

use super::resources::{ResourceIds, check_resource};
use crate::controls::workload;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC301",
        name: "cpu-requests-limits",
        title: "Containers must set CPU requests and limits",
        severity: Severity::High,
        category: "workload",
        description: "Fails for every container and init container without `resources.requests.cpu` or `resources.limits.cpu`, and, when the `cpu` control input sets bounds, for values outside them.",
        rationale: "Without requests the scheduler cannot place the pod sensibly; without limits one compromised or buggy container (a cryptominer, for instance) can starve its neighbours on the node.",
        remediation: "Set `resources.requests.cpu` and `resources.limits.cpu` on every container.",
        references: References {
            kubescape: &["C-0050", "C-0268", "C-0270"],
            cis: &[],
            nsa: &["Resource policies"],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n",
        passing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n  resources:\n    requests: {cpu: 100m}\n    limits: {cpu: 500m}\n",
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
        "cpu",
        &ctx.inputs.cpu,
        &ResourceIds {
            bounds: &["C-0050"],
            no_request: &["C-0050", "C-0268"],
            no_limit: &["C-0050", "C-0270"],
            neither: &["C-0050", "C-0268", "C-0270"],
        },
        out,
    );
}
