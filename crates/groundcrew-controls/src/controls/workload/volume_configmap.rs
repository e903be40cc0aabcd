use groundcrew_findings::{ControlMeta, References, Severity};

use super::volume_access::check_volume_access;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC331",
        name: "workload-mounts-configmap",
        title: "Workloads that mount ConfigMaps (for review)",
        severity: Severity::Low,
        category: "workload",
        description: "Fails for every `configMap` volume a container mounts. A fact for the attack-path analysis and for review, not a misconfiguration: not in the default selection (use `--control GC331` or `--framework all`).",
        rationale: "Configuration often carries endpoints and, wrongly, credentials; it tells an attacker where to go next.",
        remediation: "Keep credentials out of ConfigMaps (see GC314) and mount only what the workload reads.",
        references: References {
            kubescape: &["C-0258"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "volumes:\n- name: config\n  configMap: {name: web}\ncontainers:\n- name: web\n  volumeMounts:\n  - {name: config, mountPath: /etc/web}\n",
        passing_example: "containers:\n- name: web\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    check_volume_access(ctx, out, "configMap", "name", "ConfigMap");
}
