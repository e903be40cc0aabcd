use groundcrew_findings::{ControlMeta, References, Severity};

use crate::{Check, Control};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1004",
        name: "audit-policy-contents",
        title: "The audit policy must cover key security events",
        severity: Severity::Medium,
        category: "beyond-objects",
        description: "Checks that the audit policy records access to Secrets, ConfigMaps and TokenReviews, pod exec/attach/port-forward, and RBAC changes at an adequate level. Always not-evaluated here: the policy file lives on the control-plane node.",
        rationale: "A policy that omits these events leaves the most important actions without a trail.",
        remediation: "Write an audit policy that logs the events CIS 3.2.2 lists, at Metadata level or above.",
        references: References {
            kubescape: &["C-0161"],
            cis: &["3.2.2"],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "",
        passing_example: "",
    },
    check: Check::Unavailable(
        "needs the audit policy file on the control-plane node; objects show only that the API server names one (GC931)",
    ),
    requires: None,
};
