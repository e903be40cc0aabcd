use groundcrew_findings::{ControlMeta, References, Severity};

use crate::{Check, Control};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1005",
        name: "cloud-provider-configuration",
        title: "Managed-cluster settings (EKS, AKS, GKE) must be hardened",
        severity: Severity::Medium,
        category: "beyond-objects",
        description: "Covers the managed-Kubernetes recommendations decided by the provider's API: private endpoints and nodes, control-plane endpoint restrictions, registry access and scanning, provider network policy support, secret encryption with provider keys, provider RBAC integration, access management APIs, service principals mounted from the host. Always not-evaluated: groundcrew stays offline and reads Kubernetes objects only.",
        rationale: "Managed clusters move part of the configuration into the provider's API; a public endpoint or an unscanned registry is as real a gap as a privileged pod.",
        remediation: "Check these settings with the provider's own tools (AWS Security Hub, Microsoft Defender for Cloud, GKE Security Posture) or the CIS EKS/AKS/GKE Benchmarks.",
        references: References {
            kubescape: &[
                "C-0020", "C-0205", "C-0221", "C-0222", "C-0223", "C-0227", "C-0228", "C-0229",
                "C-0230", "C-0240", "C-0241", "C-0243", "C-0244", "C-0247", "C-0248", "C-0250",
                "C-0251", "C-0252", "C-0285", "C-0308",
            ],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "",
        passing_example: "",
    },
    check: Check::Unavailable(
        "needs the cloud provider's cluster and registry APIs (EKS, AKS, GKE), which groundcrew does not call",
    ),
    requires: None,
};
