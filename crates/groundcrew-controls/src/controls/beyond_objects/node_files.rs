use groundcrew_findings::{ControlMeta, References, Severity};

use crate::{Check, Control};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC1001",
        name: "node-file-permissions",
        title: "Control-plane and node files must have tight permissions and root ownership",
        severity: Severity::High,
        category: "beyond-objects",
        description: "Checks the permissions (600/644 or stricter) and ownership (root:root, etcd:etcd) of the files CIS sections 1.1 and 4.1 list: static-pod manifests, CNI configuration, etcd data directory, admin/scheduler/controller-manager/kubelet kubeconfigs, the PKI directory, certificates and keys, the kubelet service and configuration files. groundcrew reads Kubernetes objects only, so this entry is always not-evaluated; run a node-level benchmark (kube-bench, or Kubescape's host sensor) for it.",
        rationale: "Anyone who can write these files on a node controls the component they configure; readable keys and kubeconfigs are credentials.",
        remediation: "Set the permissions and owners the CIS Benchmark gives for each file, on every control-plane and worker node.",
        references: References {
            kubescape: &[
                "C-0092", "C-0093", "C-0094", "C-0095", "C-0096", "C-0097", "C-0098", "C-0099",
                "C-0100", "C-0101", "C-0102", "C-0103", "C-0104", "C-0105", "C-0106", "C-0107",
                "C-0108", "C-0109", "C-0110", "C-0111", "C-0112", "C-0162", "C-0163", "C-0164",
                "C-0165", "C-0166", "C-0167", "C-0168", "C-0169", "C-0170", "C-0171", "C-0235",
                "C-0238",
            ],
            cis: &["1.1.1–1.1.21", "4.1.1–4.1.10"],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "",
        passing_example: "",
    },
    check: Check::Unavailable(
        "needs node host files: permissions and ownership of the static-pod manifests, kubeconfigs, PKI, etcd data and kubelet files are not in any Kubernetes object",
    ),
    requires: None,
};
