use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::Peer;
use groundcrew_netpol::Network;

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC712",
        name: "network-policy-allow-all",
        title: "NetworkPolicy ingress rules should not allow everything",
        severity: Severity::Medium,
        category: "network",
        description: "Fails for every `ingress` rule of a NetworkPolicy that allows every source on every port: no `from` (or an empty list) and no `ports` (`ingress: [{}]`), or a peer that is every namespace (`namespaceSelector: {}` with no or an empty `podSelector`) or every address (`ipBlock` `0.0.0.0/0` or `::/0` without `except`), with no `ports`. Such a rule undoes the isolation the policy creates for the pods it selects. Egress rules that allow everything (`egress: [{}]`) are a common, deliberate choice for clients and are not reported; `groundcrew netpol connectivity` shows what they allow.",
        rationale: "An allow-all rule is often a debugging shortcut that stays: the pods look protected by a policy and are open to everything.",
        remediation: "List the peers (namespaces, pods, address blocks) and ports the workload needs.",
        references: References {
            kubescape: &[],
            cis: &["5.3.2"],
            nsa: &["Network separation and hardening"],
            mitre: &["T1021"],
            pss: &[],
        },
        failing_example: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-all, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - {}\n",
        passing_example: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}\n    ports:\n    - {port: 8080}\n",
    },
    check: Check::Network(check),
    requires: None,
};

fn everything(peer: &Peer) -> bool {
    match peer {
        Peer::Pods {
            pods,
            namespaces: Some(ns),
            valid: true,
        } => ns.is_empty() && pods.as_ref().is_none_or(|s| s.is_empty()),
        Peer::IpBlock { cidr, except, .. } => {
            (&**cidr == "0.0.0.0/0" || &**cidr == "::/0") && except.is_empty()
        }
        _ => false,
    }
}

fn check(net: &Network<'_>, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    let inventory = net.inventory;
    for policy in &net.policies {
        let record = inventory.get(policy.record);
        out.relevant(policy.record);
        for (direction, rules) in [("ingress", &policy.facts.ingress_rules)] {
            for rule in rules {
                let all_peers = rule
                    .peers
                    .as_ref()
                    .is_none_or(|peers| peers.iter().any(everything));
                if all_peers && rule.ports.is_empty() && rule.invalid_ports == 0 {
                    out.fail(
                        policy.record,
                        record,
                        &format!("spec.{direction}[{}]", rule.index),
                        rule.pos,
                        format!(
                            "{direction}[{}] allows every port from everywhere",
                            rule.index
                        ),
                    );
                }
            }
        }
    }
}
