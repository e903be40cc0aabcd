use groundcrew_findings::{ControlMeta, References, Severity};

use crate::{Check, Control};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1003",
        name: "encryption-configuration-contents",
        title: "The encryption configuration must use a strong provider",
        severity: Severity::Medium,
        category: "beyond-objects",
        description: "Checks that the file named by `--encryption-provider-config` encrypts Secrets with aescbc, secretbox or kms (not identity first). Always not-evaluated here: the file lives on the control-plane node. GC926 checks that the flag is set.",
        rationale: "An encryption configuration whose first provider is `identity` stores Secrets in clear text despite the flag.",
        remediation: "Put `kms` (v2), `secretbox` or `aescbc` first for `secrets` in the EncryptionConfiguration.",
        references: References {
            kubescape: &["C-0141", "C-0142"],
            cis: &["1.2.27–1.2.28"],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "",
        passing_example: "",
    },
    check: Check::Unavailable(
        "needs the EncryptionConfiguration file on the control-plane node; objects show only that the API server names one (GC926)",
    ),
    requires: None,
};
