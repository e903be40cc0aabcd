use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::Facts;
use groundcrew_netpol::Network;

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC708",
        name: "sensitive-workload-open-ingress",
        title: "Sensitive workloads must not be reachable from every namespace or from outside",
        severity: Severity::High,
        category: "network",
        description: "Fails for every sensitive workload — one that matches the `sensitiveWorkloads` control input: pod labels (default `tier=database`, `data-classification=pci`, `groundcrew.io/sensitive`...), image repositories (postgres, mysql, mongo, redis, kafka, vault...), container ports (5432, 3306, 27017, 6379...) or names (payment, billing, checkout, ledger, wallet) — that accepts connections from every namespace or from every external address (the reachability model: no policy isolates it for ingress, or a rule allows every source — no `from`, `namespaceSelector: {}`, `ipBlock: 0.0.0.0/0`), or that runs on the host network. The same input marks the crown jewels of the attack-path analysis.",
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
    check: Check::Network(check),
    requires: None,
};

fn check(net: &Network<'_>, inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let inventory = net.inventory;
    let sensitive = inputs.sensitive_workloads.matcher();
    for (e, endpoint) in net.endpoints.iter().enumerate() {
        let record = inventory.get(endpoint.record);
        let Facts::Workload(w) = &record.facts else {
            continue;
        };
        let Some(why) = sensitive.matches(
            &record.id.name,
            &w.pod_labels,
            &w.images,
            &w.container_ports,
        ) else {
            continue;
        };
        out.relevant(endpoint.record);
        let message = if endpoint.host_network {
            Some(format!(
                "sensitive ({why}) and on the host network: no NetworkPolicy applies"
            ))
        } else {
            let namespaces = net.from_every_namespace(e);
            let (anywhere, _) = net.from_outside(e);
            match (namespaces.is_empty(), anywhere.is_empty()) {
                (true, true) => None,
                (false, _) => Some(format!(
                    "sensitive ({why}) and every namespace can connect to it ({namespaces})"
                )),
                (true, false) => Some(format!(
                    "sensitive ({why}) and every external address can connect to it ({anywhere})"
                )),
            }
        };
        if let Some(m) = message {
            out.fail_object(endpoint.record, record, m);
        }
    }
}
