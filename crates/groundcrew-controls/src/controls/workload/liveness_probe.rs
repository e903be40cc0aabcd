use groundcrew_findings::{ControlMeta, References, Severity};

use super::require_probe;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC312",
        name: "liveness-probe",
        title: "Long-running containers should have a liveness probe",
        severity: Severity::Medium,
        category: "workload",
        description: "Fails for every container (and sidecar init container) of a long-running workload without `livenessProbe`. Jobs and CronJobs run to completion and are not checked (Kubescape C-0056 checks them too).",
        rationale: "Without a liveness probe a hung process keeps serving errors until someone notices.",
        remediation: "Add a `livenessProbe` (HTTP, TCP, gRPC or exec) that fails when the process is stuck.",
        references: References {
            kubescape: &["C-0056"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n",
        passing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n  livenessProbe:\n    httpGet: {path: /healthz, port: 8080}\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    require_probe(ctx, out, "livenessProbe", "liveness probe");
}
