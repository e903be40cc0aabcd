use groundcrew_findings::{ControlMeta, References, Severity};

use super::require_probe;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC313",
        name: "readiness-probe",
        title: "Long-running containers should have a readiness probe",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every container (and sidecar init container) of a long-running workload without `readinessProbe`. Jobs and CronJobs run to completion and are not checked (Kubescape C-0018 checks them too).",
        rationale: "Without a readiness probe a hung process keeps serving errors until someone notices.",
        remediation: "Add a `readinessProbe` (HTTP, TCP, gRPC or exec) that succeeds only when the container can serve traffic.",
        references: References {
            kubescape: &["C-0018"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n",
        passing_example: "containers:\n- name: app\n  image: registry.example.com/app:1.0\n  readinessProbe:\n    httpGet: {path: /ready, port: 8080}\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    require_probe(ctx, out, "readinessProbe", "readiness probe");
}
