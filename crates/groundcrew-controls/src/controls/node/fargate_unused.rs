use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::Inventory;

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC805",
        name: "fargate-for-untrusted-workloads",
        title: "Consider Fargate for untrusted workloads on EKS (for review)",
        severity: Severity::Low,
        category: "node",
        description: "For EKS clusters (recognised by `-eks-` in a kubelet version): fails on the first Node when no Node of the input is a Fargate node (name starting with `fargate-`). CIS EKS Benchmark 5.6.1 recommends Fargate, which gives each pod its own VM, for untrusted workloads. Not in the default selection (use `--control GC805`).",
        rationale: "On shared nodes a container escape reaches every other pod of the node; a per-pod VM boundary contains it.",
        remediation: "Create a Fargate profile for the namespaces that run untrusted or internet-facing workloads.",
        references: References {
            kubescape: &["C-0233"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "kind: Node\nmetadata:\n  name: ip-10-0-1-17.ec2.internal\nstatus:\n  nodeInfo:\n    kubeletVersion: v1.30.4-eks-a737599\n",
        passing_example: "kind: Node\nmetadata:\n  name: fargate-ip-10-0-2-5.ec2.internal\nstatus:\n  nodeInfo:\n    kubeletVersion: v1.30.4-eks-a737599\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let nodes: Vec<_> = inventory.of_kind("Node").collect();
    let eks = nodes.iter().any(|(_, r)| match &r.facts {
        groundcrew_inventory::Facts::Node(n) => n.kubelet_version.contains("-eks-"),
        _ => false,
    });
    let Some((first, record)) = nodes.first().copied().filter(|_| eks) else {
        return;
    };
    out.relevant(first);
    if !nodes.iter().any(|(_, r)| r.id.name.starts_with("fargate-")) {
        out.fail_object(
            first,
            record,
            format!("none of the {} EKS nodes is a Fargate node", nodes.len()),
        );
    }
}
