//! References between objects (GC4xx): Services, Ingresses, autoscalers, disruption budgets
//! and StatefulSets that point at objects the input does not have. They read the inventory's
//! indexes after loading; they never rescan.

pub mod dangling_network_policy;
pub mod dangling_route_backend;
pub mod hpa_missing_target;
pub mod ingress_missing_service;
pub mod missing_service_account;
pub mod pdb_selects_nothing;
pub mod pv_unencrypted;
pub mod service_without_workload;
pub mod statefulset_headless_service;
