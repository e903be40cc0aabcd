use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC403",
        name: "hpa-missing-target",
        title: "HorizontalPodAutoscalers must target an existing workload",
        severity: Severity::Medium,
        category: "references",
        description: "Fails for every HorizontalPodAutoscaler whose `spec.scaleTargetRef` (kind and name) names no object of the input in its namespace.",
        rationale: "An autoscaler with a dangling target does nothing: the workload it was meant to protect from load spikes does not scale.",
        remediation: "Fix `scaleTargetRef` to the workload's kind and name.",
        references: References {
            kubescape: &["C-0300"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "kind: HorizontalPodAutoscaler\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: missing}\n",
        passing_example: "kind: HorizontalPodAutoscaler\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    for (i, record) in inventory.of_kind("HorizontalPodAutoscaler") {
        let Facts::Autoscaler(target) = &record.facts else {
            continue;
        };
        out.relevant(i);
        let ns = record.id.namespace.as_deref();
        if inventory.find(ns, &target.kind, &target.name).is_none() {
            out.fail(
                i,
                record,
                "spec.scaleTargetRef.name",
                target.pos,
                format!(
                    "autoscaler targets {} \"{}\", which is not in the input",
                    target.kind, target.name
                ),
            );
        }
    }
}
