use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC404",
        name: "pdb-selects-nothing",
        title: "PodDisruptionBudgets should select pods",
        severity: Severity::Low,
        category: "references",
        description: "Fails for every PodDisruptionBudget whose `spec.selector` (`matchLabels` and `matchExpressions`) matches the pod template labels of no workload in its namespace, or that has no valid selector.",
        rationale: "A budget that selects nothing protects nothing: a node drain can take down every replica of the workload it was written for.",
        remediation: "Make the selector match the workload's pod template labels.",
        references: References::NONE,
        failing_example: "kind: PodDisruptionBudget\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: webb}\n",
        passing_example: "kind: PodDisruptionBudget\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    for (i, record) in inventory.of_kind("PodDisruptionBudget") {
        let Facts::DisruptionBudget { selector, pos } = &record.facts else {
            continue;
        };
        out.relevant(i);
        let ns = record.id.namespace.as_deref();
        let selects = selector.as_ref().is_some_and(|s| {
            inventory
                .workloads_in(ns)
                .any(|(_, _, w)| s.matches(&w.pod_labels))
        });
        if !selects {
            out.fail(
                i,
                record,
                "spec.selector",
                *pos,
                "PodDisruptionBudget selects no workload in its namespace",
            );
        }
    }
}
