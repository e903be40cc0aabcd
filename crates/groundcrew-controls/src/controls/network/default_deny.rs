use std::collections::HashSet;

use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_netpol::Network;

use super::SYSTEM_NAMESPACES;
use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC709",
        name: "namespace-without-default-deny",
        title: "Namespaces should deny ingress and egress by default",
        severity: Severity::Medium,
        category: "network",
        description: "Fails for every Namespace of the input that has workloads but no NetworkPolicy selecting all of its pods (`podSelector: {}`) for ingress, or none for egress (the finding names the missing directions). With such a policy every pod of the namespace is isolated in that direction, so what reaches it is only what some policy allows (\"default deny\", with or without exceptions). Namespaces the input uses but does not define, and kube-system, kube-public and kube-node-lease, are not decided.",
        rationale: "Policies written per workload leave every new workload open until someone remembers it; a default-deny policy makes openness the exception that has to be written down.",
        remediation: "Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` (no rules), then allow each known flow — DNS egress to kube-system first.",
        references: References {
            kubescape: &[],
            cis: &["5.3.2"],
            nsa: &["Network separation and hardening"],
            mitre: &["T1021"],
            pss: &[],
        },
        failing_example: "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: 'nginx:1.27'}]\n",
        passing_example: "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: 'nginx:1.27'}]\n",
    },
    check: Check::Network(check),
    requires: None,
};

fn check(net: &Network<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let inventory = net.inventory;
    // One pass over workloads and policies: the namespaces with workloads, and those with a
    // policy selecting all their pods for each direction.
    let with_workloads: HashSet<&str> = net.endpoints.iter().map(|e| &*e.namespace).collect();
    let mut deny_all: [HashSet<&str>; 2] = Default::default();
    for p in &net.policies {
        if p.facts.pod_selector.as_ref().is_some_and(|s| s.is_empty()) {
            if p.facts.ingress {
                deny_all[0].insert(&*p.namespace);
            }
            if p.facts.egress {
                deny_all[1].insert(&*p.namespace);
            }
        }
    }
    for (i, record) in inventory.of_kind("Namespace") {
        let ns = &*record.id.name;
        if SYSTEM_NAMESPACES.contains(&ns) || !with_workloads.contains(ns) {
            continue;
        }
        out.relevant(i);
        let missing: Vec<&str> = [(0, "ingress"), (1, "egress")]
            .into_iter()
            .filter(|&(d, _)| !deny_all[d].contains(ns))
            .map(|(_, name)| name)
            .collect();
        if !missing.is_empty() {
            out.fail_object(
                i,
                record,
                format!(
                    "no NetworkPolicy of namespace {ns} selects all its pods for {}: a pod no policy names is open in that direction",
                    missing.join(" and ")
                ),
            );
        }
    }
}
