use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::controls::network::Policies;
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC708",
        name: "sensitive-workload-open-ingress",
        title: "Sensitive workloads must accept only the traffic a NetworkPolicy allows",
        severity: Severity::High,
        category: "network",
        description: "Fails for every sensitive workload — one that matches the `sensitiveWorkloads` control input: pod labels (default `tier=database`, `data-classification=pci`, `groundcrew.io/sensitive`...), image repositories (postgres, mysql, mongo, redis, kafka, vault...), container ports (5432, 3306, 27017, 6379...) or names (payment, billing, checkout, ledger, wallet) — that no NetworkPolicy of its namespace isolates for ingress, or that runs on the host network. The same input marks the crown jewels of the reachability and attack-path analyses.",
        rationale: "There is no reason an image-resizing service should reach the payment database; without an ingress policy every pod in the cluster can.",
        remediation: "Select the workload with a NetworkPolicy that isolates ingress and allows only its known clients on its ports.",
        references: References {
            kubescape: &[],
            cis: &["5.3.2"],
            nsa: &["Network separation and hardening"],
            mitre: &["T1021"],
            pss: &[],
        },
        failing_example: "kind: StatefulSet\nmetadata:\n  name: orders-db\nspec:\n  template:\n    spec:\n      containers:\n      - image: postgres:16.4\n# and no NetworkPolicy selects app: orders-db for ingress\n",
        passing_example: "kind: NetworkPolicy\nspec:\n  podSelector:\n    matchLabels: {app: orders-db}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels: {app: orders-api}\n    ports:\n    - {port: 5432}\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let policies = Policies::of(inventory);
    for (i, record) in inventory.records().iter().enumerate() {
        let Facts::Workload(w) = &record.facts else {
            continue;
        };
        let Some(why) =
            inputs
                .sensitive_workloads
                .matches(&record.id.name, &w.pod_labels, &w.images, &w.ports)
        else {
            continue;
        };
        let i = i as u32;
        out.relevant(i);
        let ns = record.id.namespace.as_deref();
        let message = if w.host_network {
            Some(format!(
                "sensitive ({why}) and on the host network: no NetworkPolicy applies"
            ))
        } else if !policies.isolation(ns, &w.pod_labels).1 {
            Some(format!(
                "sensitive ({why}) and no NetworkPolicy restricts who connects to it"
            ))
        } else {
            None
        };
        if let Some(m) = message {
            out.fail_object(i, record, m);
        }
    }
}
