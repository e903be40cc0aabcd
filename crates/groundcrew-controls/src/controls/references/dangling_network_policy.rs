use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC406",
        name: "network-policy-selects-nothing",
        title: "A NetworkPolicy should select some workload",
        severity: Severity::Low,
        category: "references",
        description: "Fails for every NetworkPolicy whose `spec.podSelector` is not empty and matches the pod template of no workload in its namespace. An empty selector (`{}`) selects every pod and is never reported.",
        rationale: "A policy that selects nothing protects nothing; usually its labels drifted from the workload's, which leaves the workload it was written for open.",
        remediation: "Fix the policy's `podSelector` to match the workload's pod template labels, or delete the policy.",
        references: References {
            kubescape: &["C-0299"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "spec:\n  podSelector:\n    matchLabels: {app: paymnet}\n  policyTypes: [Ingress]\n",
        passing_example: "spec:\n  podSelector:\n    matchLabels: {app: payment}\n  policyTypes: [Ingress]\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    for (i, record) in inventory.of_kind("NetworkPolicy") {
        let Facts::NetworkPolicy(p) = &record.facts else {
            continue;
        };
        let Some(selector) = &p.pod_selector else {
            continue;
        };
        if selector.match_labels.is_empty() && selector.match_expressions.is_empty() {
            continue;
        }
        out.relevant(i);
        let ns = record.id.namespace.as_deref();
        if !inventory
            .workloads_in(ns)
            .any(|(_, _, w)| selector.matches(&w.pod_labels))
        {
            out.fail(
                i,
                record,
                "spec.podSelector",
                p.selector_pos,
                "podSelector matches no workload in the namespace",
            );
        }
    }
}
