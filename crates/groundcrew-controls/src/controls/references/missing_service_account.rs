use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC408",
        name: "missing-service-account",
        title: "Workloads should name a ServiceAccount that exists",
        severity: Severity::Low,
        category: "references",
        description: "Fails for every workload whose `serviceAccountName` (other than `default`, which Kubernetes creates) names no ServiceAccount of its namespace in the input. Inputs that hold no ServiceAccount at all are not decided (the accounts are managed elsewhere).",
        rationale: "Pods of such a workload are rejected at creation; when the account is created later by someone else, its permissions — not the ones reviewed — apply.",
        remediation: "Add the ServiceAccount to the manifests next to the workload, or fix the name.",
        references: References {
            kubescape: &["C-0307"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "spec:\n  template:\n    spec:\n      serviceAccountName: paymnets\n",
        passing_example: "spec:\n  template:\n    spec:\n      serviceAccountName: payments\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    if inventory.of_kind("ServiceAccount").next().is_none() {
        return;
    }
    for (i, record) in inventory.records().enumerate() {
        let Facts::Workload(w) = &record.facts else {
            continue;
        };
        let i = i as u32;
        out.relevant(i);
        let sa = &*w.service_account;
        if sa == "default" {
            continue;
        }
        let ns = record.id.namespace.as_deref();
        if inventory.find_id(ns, "ServiceAccount", sa).is_none() {
            out.fail_object(
                i,
                record,
                format!("ServiceAccount \"{sa}\" is not in the input"),
            );
        }
    }
}
