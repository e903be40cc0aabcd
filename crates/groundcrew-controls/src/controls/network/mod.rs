//! Network segmentation (GC7xx): isolation, exposure and reachability, read from the
//! reachability engine's network model (`groundcrew-netpol`) wherever a control asks what
//! traffic gets through.

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

/// Namespaces that belong to the cluster's own machinery; policies there are the
/// distribution's business, and flagging them is noise.
pub(crate) const SYSTEM_NAMESPACES: &[&str] = &["kube-system", "kube-public", "kube-node-lease"];
