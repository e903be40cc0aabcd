use groundcrew_findings::{ControlMeta, References, Severity};

use crate::{Check, Control};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1009",
        name: "runtime-probes",
        title: "Checks that need probing the running cluster",
        severity: Severity::Medium,
        category: "beyond-objects",
        description: "Would test, from inside the cluster, whether pods reach the cloud instance metadata API and which Services answer without authentication. Always not-evaluated: groundcrew does not send traffic. The reachability analysis answers the metadata question from NetworkPolicies.",
        rationale: "The instance metadata API hands out the node's cloud credentials; unauthenticated internal services are free lateral movement.",
        remediation: "Block 169.254.169.254 in egress policies (or use IMDSv2 with hop limit 1), and require authentication on internal services.",
        references: References {
            kubescape: &["C-0052", "C-0274"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "",
        passing_example: "",
    },
    check: Check::Unavailable(
        "needs probing the running cluster (cloud instance metadata reachability from pods, unauthenticated service ports found by service discovery)",
    ),
    requires: None,
};
