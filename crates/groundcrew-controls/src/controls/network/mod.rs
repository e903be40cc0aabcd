//! Network segmentation (GC7xx): NetworkPolicy selection and exposure to the outside.
//! Here a pod counts as isolated when some NetworkPolicy selects it for a direction; what the
//! policies then allow is the reachability engine's business.

pub mod allow_all_rule;
pub mod aws_load_balancer_tls;
pub mod default_deny;
pub mod exposed_sensitive_interface;
pub mod exposed_without_policy;
pub mod external_facing;
pub mod ingress_tls;
pub mod namespace_without_network_policy;
pub mod peer_matches_nothing;
pub mod sensitive_workload_open;
pub mod ssh_service;
pub mod workload_not_isolated;

use std::collections::HashMap;

use groundcrew_inventory::{Facts, Inventory, Labels, NetworkPolicyFacts};

/// Namespaces that belong to the cluster's own machinery; policies there are the
/// distribution's business, and flagging them is noise.
pub(crate) const SYSTEM_NAMESPACES: &[&str] = &["kube-system", "kube-public", "kube-node-lease"];

/// The NetworkPolicies of each namespace, gathered once per check (a per-workload walk of
/// the namespace's objects would be quadratic on large clusters).
pub(crate) struct Policies<'i> {
    by_namespace: HashMap<&'i str, Vec<&'i NetworkPolicyFacts>>,
}

impl<'i> Policies<'i> {
    pub(crate) fn of(inventory: &'i Inventory) -> Self {
        let mut by_namespace: HashMap<&str, Vec<&NetworkPolicyFacts>> = HashMap::new();
        for (_, r) in inventory.of_kind("NetworkPolicy") {
            if let (Facts::NetworkPolicy(p), Some(ns)) = (&r.facts, r.id.namespace.as_deref()) {
                by_namespace.entry(ns).or_default().push(p);
            }
        }
        Policies { by_namespace }
    }

    /// Whether `namespace` has any NetworkPolicy.
    pub(crate) fn any_in(&self, namespace: &str) -> bool {
        self.by_namespace.contains_key(namespace)
    }

    /// Which directions the policies of `namespace` isolate pods with `labels` for:
    /// (selected by any policy, ingress isolated, egress isolated).
    pub(crate) fn isolation(&self, namespace: Option<&str>, labels: &Labels) -> (bool, bool, bool) {
        let (mut selected, mut ingress, mut egress) = (false, false, false);
        let policies = namespace
            .and_then(|ns| self.by_namespace.get(ns))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        for p in policies {
            if p.pod_selector.as_ref().is_some_and(|s| s.matches(labels)) {
                selected = true;
                ingress |= p.ingress;
                egress |= p.egress;
            }
        }
        (selected, ingress, egress)
    }
}
