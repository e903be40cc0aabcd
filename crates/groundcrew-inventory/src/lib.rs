//! The inventory: every loaded Kubernetes object with its identity and where it came from,
//! typed views over the parts checks read (pod templates and their containers), and compact
//! indexes (by kind, namespace and labels) that cross-object analyses query.
//!
//! An [`Object`] owns its parsed tree only while it is being evaluated; what stays for the
//! whole run is its [`ObjectRecord`], small enough for a 100k-object cluster dump.

mod address;
mod escape;
mod exposure;
mod hash;
mod segmented;
pub use hash::{FastBuild, FastMap, FastSet};
pub use segmented::Segmented;
mod identity;
mod index;
mod intern;
pub mod kinds;
mod netpol;
mod object;
mod rbac;
mod record_set;
mod selector;
mod text;
mod workload;

pub use address::{
    AddressRef, ConfigMapFacts, ConfigMapRef, Context, WorkloadAddresses, addresses_in,
};
pub use escape::{EscapeFact, EscapeKind};
pub use exposure::{Exposure, Way};
pub use identity::{ObjectId, Source};
pub use index::{
    Backend, Facts, IngressFacts, Inventory, NetworkPolicyFacts, NodeFacts, ObjectRecord, RecordId,
    ServiceFacts, TargetRef, WorkloadFacts,
};
pub use index::{ContainerPort, ServicePort};
pub use intern::intern;
pub use netpol::{
    AdminAction, AdminPolicyFacts, AdminPort, AdminRule, AdminSelector, IpRange, Peer,
    PolicyRuleNp, PortRef, Protocol, RulePort, parse_cidr,
};
pub use object::{
    IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION, InlineIgnore, InvalidObject, NotAnObject, Object,
    Rejected, objects_from_document, string_map,
};
pub use rbac::{BindingFacts, PolicyRule, RoleFacts, Subject};
pub use record_set::RecordSet;
pub use selector::{LabelSelector, Labels, Operator, Requirement, label_value, labels_of};
pub use text::{inventory_from_yaml, inventory_from_yaml_with_addresses};
pub use workload::{ContainerKind, ContainerView, PodTemplate, pod_template};
