//! Cluster configuration that objects decide (GC6xx): namespace Pod Security admission
//! labels, PodSecurityPolicies, use of the default namespace and the default service
//! account, bindings to anonymous users.

pub mod admission_webhooks;
pub mod anonymous_binding;
pub mod bound_token_mounted;
pub mod default_namespace_objects;
pub mod default_service_account;
pub mod kube_proxy_metrics;
pub mod namespace_pod_security;
pub mod namespace_review;
pub mod pod_security_policy;
