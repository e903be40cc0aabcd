use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use super::version;
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC803",
        name: "kubelet-cve-2021-25741",
        title: "Workloads must not use subPath mounts on kubelets vulnerable to CVE-2021-25741",
        severity: Severity::High,
        category: "node",
        description: "Fails for every workload that mounts a volume with `subPath` or `subPathExpr` when some Node of the input runs a kubelet vulnerable to CVE-2021-25741 (before 1.19.15, 1.20.0–1.20.10, 1.21.0–1.21.4, 1.22.0–1.22.1). Without Node objects in the input nothing is decided.",
        rationale: "On those kubelets a container can swap a subPath for a symlink and mount any file or directory of the node — its credentials and other pods' data.",
        remediation: "Upgrade the kubelets (1.22.2, 1.21.5, 1.20.11, 1.19.15 or newer); until then, avoid `subPath` in workloads that untrusted users can modify.",
        references: References {
            kubescape: &["C-0058"],
            cis: &[],
            nsa: &[],
            mitre: &["T1611"],
            pss: &[],
        },
        failing_example: "containers:\n- name: app\n  volumeMounts:\n  - {name: data, mountPath: /data, subPath: app}\n# on a Node with kubeletVersion v1.21.3\n",
        passing_example: "containers:\n- name: app\n  volumeMounts:\n  - {name: data, mountPath: /data, subPath: app}\n# on a Node with kubeletVersion v1.21.5\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn vulnerable(v: (u64, u64, u64)) -> bool {
    match v {
        (1, minor, _) if minor < 19 => true,
        (1, 19, patch) => patch < 15,
        (1, 20, patch) => patch < 11,
        (1, 21, patch) => patch < 5,
        (1, 22, patch) => patch < 2,
        _ => false,
    }
}

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let vulnerable_node = inventory.of_kind("Node").find_map(|(_, r)| match &r.facts {
        Facts::Node(n) if version(&n.kubelet_version).is_some_and(vulnerable) => {
            Some((r.id.name.clone(), n.kubelet_version.clone()))
        }
        _ => None,
    });
    let Some((node, kubelet)) = vulnerable_node else {
        return;
    };
    for (i, record) in inventory.records().enumerate() {
        let Facts::Workload(w) = &record.facts else {
            continue;
        };
        let i = i as u32;
        out.relevant(i);
        if w.uses_subpath {
            out.fail_object(
                i,
                record,
                format!(
                    "mounts with subPath while node {node} runs kubelet {kubelet} (CVE-2021-25741)"
                ),
            );
        }
    }
}
