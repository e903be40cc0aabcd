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
