use groundcrew_findings::{ControlMeta, References, Severity};

use crate::{Check, Control};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1002",
        name: "kubelet-configuration",
        title: "The kubelet must be configured securely",
        severity: Severity::High,
        category: "beyond-objects",
        description: "Checks the kubelet settings of CIS section 4.2: anonymous authentication off, Webhook authorization, a client CA, read-only port 0, streaming idle timeout, kernel defaults protected, iptables chains, hostname override, event QPS, serving certificates and their rotation, strong ciphers, PID limits. Always not-evaluated here; use a node-level benchmark.",
        rationale: "The kubelet's API runs commands in every pod of its node; a kubelet that accepts anonymous or unauthorised requests is a remote shell on the node.",
        remediation: "Configure the kubelet per CIS section 4.2 (for kubeadm clusters, in the kubelet-config ConfigMap and `/var/lib/kubelet/config.yaml`).",
        references: References {
            kubescape: &[
                "C-0069", "C-0070", "C-0172", "C-0173", "C-0174", "C-0175", "C-0176", "C-0177",
                "C-0178", "C-0179", "C-0180", "C-0181", "C-0182", "C-0183", "C-0184", "C-0284",
            ],
            cis: &["4.2.1–4.2.13"],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "",
        passing_example: "",
    },
    check: Check::Unavailable(
        "needs each node's kubelet configuration (/var/lib/kubelet/config.yaml or the kubelet's flags), which no Kubernetes object carries",
    ),
    requires: None,
};
