use groundcrew_findings::{ControlMeta, References, Severity};

use super::volume_access::check_volume_access;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC329",
        name: "workload-mounts-secret",
        title: "Workloads that mount Secrets (for review)",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every `secret` volume a container mounts. A fact for the attack-path analysis and for review, not a misconfiguration: not in the default selection (use `--control GC329` or `--framework all`).",
        rationale: "Whoever compromises the workload reads the Secret; knowing which workloads hold which Secrets tells how far a compromise reaches.",
        remediation: "Mount only the Secrets the workload needs, read-only, and only in the containers that need them.",
        references: References {
            kubescape: &["C-0255"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "volumes:\n- name: tls\n  secret: {secretName: web-tls}\ncontainers:\n- name: web\n  volumeMounts:\n  - {name: tls, mountPath: /tls}\n",
        passing_example: "containers:\n- name: web\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    check_volume_access(ctx, out, "secret", "secretName", "Secret");
}
