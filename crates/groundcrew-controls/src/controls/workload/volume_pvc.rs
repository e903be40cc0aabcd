use groundcrew_findings::{ControlMeta, References, Severity};

use super::volume_access::check_volume_access;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC330",
        name: "workload-mounts-pvc",
        title: "Workloads that mount PersistentVolumeClaims (for review)",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every `persistentVolumeClaim` volume a container mounts. A fact for the attack-path analysis and for review, not a misconfiguration: not in the default selection (use `--control GC330` or `--framework all`).",
        rationale: "Persistent data outlives the pod: a compromised workload can read or tamper with it, and plant files for the next pod.",
        remediation: "Mount claims read-only where the workload only reads; keep sensitive data on volumes only its owner mounts.",
        references: References {
            kubescape: &["C-0257"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "volumes:\n- name: data\n  persistentVolumeClaim: {claimName: orders}\ncontainers:\n- name: db\n  volumeMounts:\n  - {name: data, mountPath: /var/lib/postgresql}\n",
        passing_example: "containers:\n- name: db\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    check_volume_access(
        ctx,
        out,
        "persistentVolumeClaim",
        "claimName",
        "PersistentVolumeClaim",
    );
}
