//! Network segmentation (GC7xx): NetworkPolicy selection and exposure to the outside.
//! Here a pod counts as isolated when some NetworkPolicy selects it for a direction; what the
//! policies then allow is the reachability engine's business.

pub mod aws_load_balancer_tls;
pub mod exposed_sensitive_interface;
pub mod external_facing;
pub mod ingress_tls;
pub mod namespace_without_network_policy;
pub mod sensitive_workload_open;
pub mod ssh_service;
pub mod workload_not_isolated;

use groundcrew_inventory::{Facts, Inventory, LabelSelector, Labels};

/// Namespaces that belong to the cluster's own machinery; policies there are the
/// distribution's business, and flagging them is noise.
pub(crate) const SYSTEM_NAMESPACES: &[&str] = &["kube-system", "kube-public", "kube-node-lease"];

/// Which directions the NetworkPolicies of `namespace` isolate pods with `labels` for:
/// (ingress, egress), and whether any policy selects them at all.
pub(crate) fn isolation(
    inventory: &Inventory,
    namespace: Option<&str>,
    labels: &Labels,
) -> (bool, bool, bool) {
    let (mut selected, mut ingress, mut egress) = (false, false, false);
    for (_, r) in inventory.in_namespace(namespace) {
        let Facts::NetworkPolicy(p) = &r.facts else {
            continue;
        };
        if p.pod_selector
            .as_ref()
            .is_some_and(|s: &LabelSelector| s.matches(labels))
        {
            selected = true;
            ingress |= p.ingress;
            egress |= p.egress;
        }
    }
    (selected, ingress, egress)
}
