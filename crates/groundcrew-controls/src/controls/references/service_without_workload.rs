use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC401",
        name: "service-without-workload",
        title: "Services should select at least one workload",
        severity: Severity::Low,
        category: "references",
        description: "Fails for every Service with a non-empty `spec.selector` that matches the pod template labels of no workload (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController) in its namespace. Services without a selector (manually managed endpoints, ExternalName) are not relevant. Pods that the input does not describe — static pods of the control plane, pods an operator creates from a custom resource (the Prometheus Operator's `Prometheus` and `Alertmanager`) — make their Services fail here: record an exception for them.",
        rationale: "A Service that selects nothing is dead configuration — or a typo that leaves the intended workload unreachable while a later workload with matching labels silently receives its traffic.",
        remediation: "Fix the selector to match the workload's pod template labels, or remove the Service.",
        references: References {
            kubescape: &["C-0293"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "kind: Service\nspec:\n  selector: {app: webb}\n",
        passing_example: "kind: Service\nspec:\n  selector: {app: web}   # a Deployment's template has app: web\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    for (i, record) in inventory.of_kind("Service") {
        let Facts::Service(s) = &record.facts else {
            continue;
        };
        let Some(selector) = &s.selector else {
            continue;
        };
        out.relevant(i);
        let ns = record.id.namespace.as_deref();
        if !inventory
            .workloads_in(ns)
            .any(|(_, _, w)| selector.matches(&w.pod_labels))
        {
            out.fail(
                i,
                record,
                "spec.selector",
                s.selector_pos,
                "Service selects no workload in its namespace",
            );
        }
    }
}
