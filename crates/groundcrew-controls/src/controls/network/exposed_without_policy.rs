use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_netpol::{Direction, Network};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC713",
        name: "exposed-workload-without-ingress-policy",
        title: "Workloads exposed outside the cluster should have an ingress policy",
        severity: Severity::Medium,
        category: "network",
        description: "Fails for every workload that a NodePort or LoadBalancer Service, an Ingress or a Gateway API route exposes outside the cluster while no NetworkPolicy isolates it for ingress (or it runs on the host network, where none applies). Exposure through the Service is intended; that every pod of the cluster can reach it too, on every port, usually is not.",
        rationale: "An exposed workload is the first thing an attacker reaches; without an ingress policy, the same workload is also open on every port to every compromised pod.",
        remediation: "Select the workload with a NetworkPolicy that allows the ingress controller (or load balancer ranges) on the serving port, and the in-cluster clients it needs.",
        references: References {
            kubescape: &[],
            cis: &["5.3.2"],
            nsa: &["Network separation and hardening"],
            mitre: &["T1133"],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: 'nginx:1.27'}]\n",
        passing_example: "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 8080}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: 'nginx:1.27'}]\n",
    },
    check: Check::Network(check),
    requires: None,
};

fn check(net: &Network<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let inventory = net.inventory;
    let exposure = inventory.exposure();
    for (e, endpoint) in net.endpoints.iter().enumerate() {
        let Some(how) = exposure.get(&endpoint.record).and_then(|x| x.first()) else {
            continue;
        };
        out.relevant(endpoint.record);
        let via = &inventory.get(how.via).id;
        let record = inventory.get(endpoint.record);
        if endpoint.host_network {
            out.fail_object(
                endpoint.record,
                record,
                format!(
                    "exposed by {via} ({}) and on the host network: no NetworkPolicy applies",
                    how.how
                ),
            );
        } else if !net.isolated(e, Direction::Ingress) {
            out.fail_object(
                endpoint.record,
                record,
                format!("exposed by {via} ({}) and no NetworkPolicy isolates it for ingress: every pod reaches it on every port", how.how),
            );
        }
    }
}
