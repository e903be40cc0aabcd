use groundcrew_findings::{ControlMeta, References, Severity};

use super::check_image_versions;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC353",
        name: "kyverno-cve-2022-47633",
        title: "Kyverno must not be vulnerable to CVE-2022-47633",
        severity: Severity::High,
        category: "software",
        description: "Fails for every container running a Kyverno image (`kyverno/kyverno`) whose tag is version 1.8.3 or 1.8.4 (fixed in 1.8.5).",
        rationale: "CVE-2022-47633 lets a malicious registry bypass Kyverno's image signature verification, so unsigned images are admitted as signed.",
        remediation: "Upgrade Kyverno to 1.8.5 or newer.",
        references: References {
            kubescape: &["C-0091"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "containers:\n- name: kyverno\n  image: ghcr.io/kyverno/kyverno:v1.8.4\n",
        passing_example: "containers:\n- name: kyverno\n  image: ghcr.io/kyverno/kyverno:v1.13.1\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn vulnerable(v: (u64, u64, u64)) -> bool {
    matches!(v, (1, 8, 3..=4))
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    check_image_versions(
        ctx,
        out,
        &["kyverno/kyverno"],
        vulnerable,
        "Kyverno version vulnerable to CVE-2022-47633 (signature verification bypass)",
    );
}
