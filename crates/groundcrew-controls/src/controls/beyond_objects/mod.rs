//! Catalog entries for what Kubernetes objects cannot decide (GC10xx): node host files,
//! kubelet configuration, cloud provider APIs, image scans and signatures, manual review.
//! They are listed so the gap shows: every scan reports them `not-evaluated` with the
//! reason, never passed.

pub mod audit_policy_contents;
pub mod cloud_provider;
pub mod encryption_configuration;
pub mod image_signatures;
pub mod image_vulnerabilities;
pub mod kubelet_configuration;
pub mod manual_review;
pub mod node_files;
pub mod runtime_probes;
