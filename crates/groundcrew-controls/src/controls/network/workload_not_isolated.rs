use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_netpol::{Direction, Network};

use crate::controls::network::SYSTEM_NAMESPACES;
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC702",
        name: "workload-not-isolated",
        title: "Workloads should be isolated by NetworkPolicies for ingress and egress",
        severity: Severity::Medium,
        category: "network",
        description: "Fails for every workload whose pods no NetworkPolicy of their namespace selects, and for every workload selected for only one direction (policies with `policyTypes` that leave out Ingress or Egress; without `policyTypes`, a policy isolates egress only when it has egress rules). A `podSelector: {}` policy selects every pod of its namespace — not a gap, as some scanners report. Pods on the host network fail too: NetworkPolicies do not apply to them. Workloads in `kube-system`, `kube-public` and `kube-node-lease` are skipped.",
        rationale: "A pod that no policy isolates accepts connections from anywhere in the cluster (ingress) or reaches anything, including the cloud metadata service and the API server (egress): it is the first stop for lateral movement.",
        remediation: "Select the workload with a NetworkPolicy whose `policyTypes` lists both Ingress and Egress (a namespace-wide default deny does this) and allow only the traffic it needs.",
        references: References {
            kubescape: &["C-0030", "C-0260"],
            cis: &["5.3.2"],
            nsa: &["Network separation and hardening"],
            mitre: &["T1021"],
            pss: &[],
        },
        failing_example: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web-ingress\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  ingress:\n  - from:\n    - podSelector: {}\n",
        passing_example: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Ingress, Egress]\n  ingress:\n  - from:\n    - podSelector: {}\n",
    },
    check: Check::Network(check),
    requires: None,
};

fn check(net: &Network<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    for (e, endpoint) in net.endpoints.iter().enumerate() {
        if SYSTEM_NAMESPACES.contains(&&*endpoint.namespace) {
            continue;
        }
        let i = endpoint.record;
        let record = net.inventory.get(i);
        let pos = record.pos();
        if endpoint.host_network {
            out.fail_as(
                &["C-0030", "C-0260"],
                i,
                record,
                "",
                pos,
                "pods use the host network: NetworkPolicies cannot isolate them",
            );
            continue;
        }
        match (
            net.isolated(e, Direction::Ingress),
            net.isolated(e, Direction::Egress),
        ) {
            (false, false) => out.fail_as(
                &["C-0030", "C-0260"],
                i,
                record,
                "",
                pos,
                "no NetworkPolicy selects its pods: ingress and egress are open",
            ),
            (true, true) => out.relevant(i),
            (ingress, _) => out.fail_as(
                &["C-0030"],
                i,
                record,
                "",
                pos,
                format!(
                    "no NetworkPolicy restricts its {}",
                    if ingress { "egress" } else { "ingress" }
                ),
            ),
        }
    }
}
