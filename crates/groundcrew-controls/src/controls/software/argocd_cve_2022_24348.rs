use groundcrew_findings::{ControlMeta, References, Severity};

use super::check_image_versions;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC351",
        name: "argocd-cve-2022-24348",
        title: "Argo CD must not be vulnerable to CVE-2022-24348",
        severity: Severity::High,
        category: "software",
        description: "Fails for every container running an Argo CD image (`argoproj/argocd`) whose tag is a version before 2.1.9, or 2.2.0 to 2.2.3 (fixed in 2.1.9, 2.2.4 and 2.3.0).",
        rationale: "CVE-2022-24348 lets anyone who can create an Argo CD application read files from the repo-server by path traversal in Helm value files — including other applications' secrets.",
        remediation: "Upgrade Argo CD to 2.2.4, 2.1.9 or newer.",
        references: References {
            kubescape: &["C-0081"],
            cis: &[],
            nsa: &[],
            mitre: &["T1190"],
            pss: &[],
        },
        failing_example: "containers:\n- name: argocd-repo-server\n  image: quay.io/argoproj/argocd:v2.2.1\n",
        passing_example: "containers:\n- name: argocd-repo-server\n  image: quay.io/argoproj/argocd:v2.13.1\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

fn vulnerable(v: (u64, u64, u64)) -> bool {
    matches!(v, (2, 0, _) | (2, 2, 0..=3)) || v.0 < 2 || matches!(v, (2, 1, p) if p < 9)
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    check_image_versions(
        ctx,
        out,
        &["argoproj/argocd"],
        vulnerable,
        "Argo CD version vulnerable to CVE-2022-24348 (repo-server path traversal)",
    );
}
