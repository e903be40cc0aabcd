//! `netpol generate`: least-privilege NetworkPolicies from what the manifests reveal.
//!
//! - [`deps`]: addresses workloads name (environment, arguments, ConfigMaps) resolved
//!   through Services to workloads and container ports; exposure to the outside;
//! - [`plan`]: per namespace, default deny, DNS egress and one rule per dependency;
//! - [`yaml`]: the plan as commented NetworkPolicy YAML;
//! - [`verify`]: the engine's check of the written policies.

pub mod deps;
pub mod plan;
pub mod verify;
pub mod yaml;

pub use deps::{Audience, Dependencies, Exposed, Flow, REASONS_KEPT};
pub use plan::{GenerateOptions, NamespacePlan, Plan, SYSTEM_NAMESPACES};
pub use verify::{Verification, verify};

use crate::model::Network;

/// The plan and its YAML, one file per namespace (`(namespace, yaml)`).
pub struct Generated {
    pub plan: Plan,
    pub files: Vec<(String, String)>,
}

/// Infers the dependencies of the input's workloads and writes the policies. The inventory
/// must have been read with addresses collected.
pub fn generate(net: &Network<'_>, options: GenerateOptions) -> Generated {
    let resolver = deps::Resolver { net };
    let mut found = Dependencies::default();
    resolver.dependencies(&mut found);
    resolver.exposure(&mut found);
    let plan = plan::build(net, found, options);
    let files = plan
        .namespaces
        .iter()
        .map(|n| (n.namespace.clone(), yaml::namespace_yaml(n)))
        .collect();
    Generated { plan, files }
}
