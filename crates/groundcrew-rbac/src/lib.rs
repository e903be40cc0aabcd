//! Kubernetes RBAC with the API server's semantics.
//!
//! - [`rule`]: whether one rule allows one request (apiGroups, subresources, `*`,
//!   `resourceNames`, non-resource URLs).
//! - [`model::Rbac`]: the roles of an inventory with aggregation computed and the
//!   Kubernetes defaults ([`defaults`]) filled in, bindings resolved to roles and scopes.
//! - [`query`]: who can do what; a subject's effective permissions.
//! - [`escalation`]: chains from each subject to stronger positions.

pub mod defaults;
pub mod escalation;
pub mod model;
pub mod query;
pub mod resources;
pub mod rule;

pub use escalation::{Escalations, Path, Position, Step};
pub use model::{BindingEntry, Rbac, RoleEntry, Scope, SubjectKey, SubjectKind};
pub use query::{Grant, Permissions, Question, Via, WhoCan};

/// The RBAC model of one inventory and, computed on first use, its escalation chains:
/// built once per scan and shared by every RBAC control.
pub struct Analysis<'a> {
    pub rbac: Rbac<'a>,
    /// Whether unmodified Kubernetes default bindings are reported.
    pub include_defaults: bool,
    escalations: std::sync::OnceLock<Escalations>,
}

impl<'a> Analysis<'a> {
    pub fn new(inventory: &'a groundcrew_inventory::Inventory, include_defaults: bool) -> Self {
        Analysis {
            rbac: Rbac::new(inventory),
            include_defaults,
            escalations: std::sync::OnceLock::new(),
        }
    }

    /// Every subject's chains (from subjects of the reported bindings).
    pub fn escalations(&self) -> &Escalations {
        self.escalations
            .get_or_init(|| Escalations::compute(&self.rbac, self.include_defaults))
    }
}
