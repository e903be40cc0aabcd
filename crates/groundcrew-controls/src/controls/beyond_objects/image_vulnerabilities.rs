use groundcrew_findings::{ControlMeta, References, Severity};

use crate::{Check, Control};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1006",
        name: "image-vulnerabilities",
        title: "Exposed workloads must not run images with critical or exploitable vulnerabilities",
        severity: Severity::High,
        category: "beyond-objects",
        description: "Would fail workloads whose images have critical or remotely exploitable CVEs, especially where the exposure index (GC703) shows them reachable from outside. Always not-evaluated: groundcrew does not scan images; feed results from an image scanner.",
        rationale: "A known-vulnerable image behind a public load balancer is the most direct way in.",
        remediation: "Scan images in CI and the registry (Trivy, Grype), fix or rebuild, and block vulnerable images at admission.",
        references: References {
            kubescape: &["C-0083", "C-0084", "C-0085"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "",
        passing_example: "",
    },
    check: Check::Unavailable(
        "needs image vulnerability scan results, which no Kubernetes object carries",
    ),
    requires: None,
};
