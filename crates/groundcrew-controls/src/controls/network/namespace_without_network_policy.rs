use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::Inventory;

use crate::controls::network::SYSTEM_NAMESPACES;
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC701",
        name: "namespace-without-network-policy",
        title: "Every namespace should have a NetworkPolicy",
        severity: Severity::Medium,
        category: "network",
        description: "Fails for every namespace of the input — a Namespace object, or a namespace that objects are placed in — that holds no NetworkPolicy. `kube-system`, `kube-public` and `kube-node-lease` are skipped. The finding points at the Namespace object when the input has it, else at the namespace's first object. Cilium and Calico policies are not read yet.",
        rationale: "Without any NetworkPolicy every pod of the namespace accepts traffic from every pod of the cluster and can reach anything: one compromised workload can map and attack the rest.",
        remediation: "Add a default-deny NetworkPolicy to the namespace (`podSelector: {}`, `policyTypes: [Ingress, Egress]`) and allow the traffic each workload needs.",
        references: References {
            kubescape: &["C-0049", "C-0054", "C-0206"],
            cis: &["5.3.2"],
            nsa: &["Network separation and hardening"],
            mitre: &["T1046"],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
        passing_example: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let with_policies: std::collections::HashSet<&str> = inventory
        .of_kind("NetworkPolicy")
        .filter_map(|(_, r)| r.id.namespace.as_deref())
        .collect();
    for ns in inventory.namespaces() {
        if SYSTEM_NAMESPACES.contains(&ns) {
            continue;
        }
        let declared = inventory.find_id(None, "Namespace", ns);
        let first = inventory.in_namespace(Some(ns)).next().map(|(i, _)| i);
        let Some(at) = declared.or(first) else {
            continue;
        };
        if with_policies.contains(ns) {
            out.relevant(at);
            continue;
        }
        let record = inventory.get(at);
        let pos = record.pos();
        out.fail(
            at,
            record,
            if declared.is_some() {
                ""
            } else {
                "metadata.namespace"
            },
            pos,
            format!("namespace \"{ns}\" has no NetworkPolicy"),
        );
    }
}
