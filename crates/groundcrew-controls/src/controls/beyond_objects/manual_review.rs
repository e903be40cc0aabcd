use groundcrew_findings::{ControlMeta, References, Severity};

use crate::{Check, Control};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1008",
        name: "manual-review",
        title: "Practices that need a person's review",
        severity: Severity::Low,
        category: "beyond-objects",
        description: "Lists the CIS recommendations the Benchmark itself marks manual: hostile multi-tenant and untrusted workloads, client certificate, service account token and bootstrap token authentication for users, avoiding `system:masters`, audit logs in managed clusters, ImagePolicyWebhook provenance, external secret storage. Always not-evaluated.",
        rationale: "These decide how much a single stolen credential or tenant can do, but no manifest shows them.",
        remediation: "Review each against the CIS Benchmark's guidance and record the decision.",
        references: References {
            kubescape: &[
                "C-0208", "C-0242", "C-0246", "C-0249", "C-0254", "C-0286", "C-0287", "C-0288",
                "C-0289",
            ],
            cis: &["3.1.1–3.1.3", "5.1.7", "5.5.1"],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "",
        passing_example: "",
    },
    check: Check::Unavailable(
        "needs a person's review: these are organisational practices (multi-tenancy, who gets client certificates or system:masters, audit log retention, image provenance policy), not configuration in objects",
    ),
    requires: None,
};
