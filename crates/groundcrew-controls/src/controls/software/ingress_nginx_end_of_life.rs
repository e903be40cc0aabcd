use groundcrew_findings::{ControlMeta, References, Severity};

use super::check_image_versions;
use crate::{Check, Control, ObjectCtx, Report};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC354",
        name: "ingress-nginx-end-of-life",
        title: "The retired ingress-nginx controller should be replaced",
        severity: Severity::Medium,
        category: "software",
        description: "Fails for every container running the community ingress-nginx controller image (`ingress-nginx/controller`) with a version tag. The Kubernetes project retired ingress-nginx in March 2026: no further releases or security fixes.",
        rationale: "An internet-facing proxy without security fixes is the first thing attackers probe; ingress-nginx had several critical CVEs (IngressNightmare, CVE-2025-1974) before its retirement.",
        remediation: "Migrate to a maintained Gateway API implementation or another maintained ingress controller.",
        references: References {
            kubescape: &["C-0292"],
            cis: &[],
            nsa: &[],
            mitre: &["T1190"],
            pss: &[],
        },
        failing_example: "containers:\n- name: controller\n  image: registry.k8s.io/ingress-nginx/controller:v1.12.1\n",
        passing_example: "containers:\n- name: controller\n  image: registry.example.com/envoyproxy/gateway:v1.5.0\n",
    },
    check: Check::PodTemplate(check),
    requires: None,
};

/// Every release: the project is retired.
fn vulnerable(_version: (u64, u64, u64)) -> bool {
    true
}

fn check(ctx: &ObjectCtx<'_>, out: &mut Report<'_>) {
    check_image_versions(
        ctx,
        out,
        &["ingress-nginx/controller"],
        vulnerable,
        "the ingress-nginx project is retired: no more security fixes",
    );
}
