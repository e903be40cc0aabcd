use groundcrew_findings::{ControlMeta, References, Severity};

use super::check_image_versions;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC352",
        name: "grafana-cve-2022-39328",
        title: "Grafana must not be vulnerable to CVE-2022-39328",
        severity: Severity::Critical,
        category: "software",
        description: "Fails for every container running a Grafana image (`grafana/grafana`, `grafana/grafana-enterprise`, `grafana/grafana-oss`) whose tag is a version from 9.2.0 to 9.2.3 (fixed in 9.2.4).",
        rationale: "CVE-2022-39328 is a race condition in Grafana's HTTP server that lets unauthenticated requests reach authenticated endpoints.",
        remediation: "Upgrade Grafana to 9.2.4 or newer.",
        references: References {
            kubescape: &["C-0090"],
            cis: &[],
            nsa: &[],
            mitre: &["T1190"],
            pss: &[],
        },
        failing_example: "containers:\n- name: grafana\n  image: grafana/grafana:9.2.3\n",
        passing_example: "containers:\n- name: grafana\n  image: grafana/grafana:11.3.0\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn vulnerable(v: (u64, u64, u64)) -> bool {
    matches!(v, (9, 2, 0..=3))
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    check_image_versions(
        ctx,
        out,
        &[
            "grafana/grafana",
            "grafana/grafana-enterprise",
            "grafana/grafana-oss",
        ],
        vulnerable,
        "Grafana version vulnerable to CVE-2022-39328 (authentication bypass)",
    );
}
