use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::Peer;
use groundcrew_netpol::Network;

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC714",
        name: "network-policy-peer-matches-nothing",
        title: "NetworkPolicy peers should name pods that exist",
        severity: Severity::Low,
        category: "network",
        description: "Fails for every `from`/`to` entry of a NetworkPolicy that is a `podSelector` alone (the policy's own namespace) matching no workload of that namespace (decided only when the namespace has workloads in the input and no custom resources: operators make pods from custom resources — a Prometheus, a Kafka cluster — that the manifests do not show). Entries with a `namespaceSelector` may name namespaces managed elsewhere (kube-system, an ingress controller's) and are not decided. A peer that selects nothing allows nothing: usually labels drifted, and the flow the rule was written for is denied.",
        rationale: "A rule whose peer matches nothing looks like an allowed flow in review and allows nothing in the cluster — or starts allowing whatever later carries those labels.",
        remediation: "Fix the selector to match the namespace's or pods' labels, or delete the entry.",
        references: References {
            kubescape: &[],
            cis: &[],
            nsa: &["Network separation and hardening"],
            mitre: &[],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: 'api:1.0'}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: orders-api}}\n",
        passing_example: "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: 'api:1.0'}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: api}}\n",
    },
    check: Check::Network(check),
    requires: None,
};

fn check(net: &Network<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let inventory = net.inventory;
    // Namespaces whose pods are all visible: they have workloads and no custom resources
    // (from which operators create pods the manifests do not show).
    // Namespaces holding objects of kinds not known here (custom resources may run pods).
    let mut custom: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for kind in inventory.kinds() {
        if groundcrew_inventory::kinds::is_namespaced(kind).is_none() {
            custom.extend(
                inventory
                    .of_kind(kind)
                    .filter_map(|(_, r)| r.id.namespace.as_deref()),
            );
        }
    }
    let with_workloads: std::collections::HashSet<&str> =
        net.endpoints.iter().map(|e| &*e.namespace).collect();
    let has_workloads = |ns: &str| !custom.contains(ns) && with_workloads.contains(ns);
    for policy in &net.policies {
        let record = inventory.get(policy.record);
        out.relevant(policy.record);
        for (direction, rules) in [
            ("ingress", &policy.facts.ingress_rules),
            ("egress", &policy.facts.egress_rules),
        ] {
            for rule in rules {
                for (i, peer) in rule.peers.iter().flatten().enumerate() {
                    let Peer::Pods {
                        pods,
                        namespaces,
                        valid: true,
                    } = peer
                    else {
                        continue;
                    };
                    // Only a podSelector alone (the policy's own namespace) is decided: a
                    // namespaceSelector may name namespaces managed elsewhere.
                    let what = (namespaces.is_none()
                        && pods.is_some()
                        && has_workloads(&policy.namespace)
                        && !net.peer_matches_any(&policy.namespace, peer))
                    .then_some("its podSelector matches no workload of the policy's namespace");
                    if let Some(what) = what {
                        let key = if direction == "ingress" { "from" } else { "to" };
                        out.fail(
                            policy.record,
                            record,
                            &format!("spec.{direction}[{}].{key}[{i}]", rule.index),
                            rule.pos,
                            format!(
                                "{direction}[{}].{key}[{i}] selects nothing: {what}",
                                rule.index
                            ),
                        );
                    }
                }
            }
        }
    }
}
