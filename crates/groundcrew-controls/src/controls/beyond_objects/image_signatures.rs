use groundcrew_findings::{ControlMeta, References, Severity};

use crate::{Check, Control};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1007",
        name: "image-signatures",
        title: "Images must be signed and their signatures verified",
        severity: Severity::Medium,
        category: "beyond-objects",
        description: "Would verify each image's signature against the trusted keys. Always not-evaluated: groundcrew makes no network calls the user did not ask for. Enforce signatures at admission (Sigstore policy-controller, Kyverno, Connaisseur).",
        rationale: "Unsigned images can be swapped in the registry or on the way without anyone noticing.",
        remediation: "Sign images in CI with cosign and verify signatures with an admission controller.",
        references: References {
            kubescape: &["C-0236", "C-0237"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "",
        passing_example: "",
    },
    check: Check::Unavailable(
        "needs registry access to fetch and verify image signatures (cosign), which a scan of objects does not do",
    ),
    requires: None,
};
