//! Kubernetes NetworkPolicy reachability with the documentation's exact semantics.
//!
//! - [`model::Network`]: workloads, namespaces and their labels, policies and what each
//!   selects per direction, the external address space cut at every `ipBlock` boundary;
//! - [`reach::Reach`]: what each workload's ingress and egress allow, and every allowed
//!   connection;
//! - [`explain`]: one connection's verdict, rule by rule;
//! - [`generate`]: least-privilege policies from the dependencies the manifests name,
//!   checked by the engine;
//! - [`ports::PortSet`]: protocol/port sets and their `TCP 80,8080-8090,UDP 53` notation;
//! - [`sorted::union`]: ordered lists merged without sorting.

pub mod admin;
pub mod explain;
pub mod generate;
pub mod model;
pub mod ports;
pub mod reach;
pub mod sorted;

pub use model::{Direction, ExposedPortsOf, Network, Node};
pub use ports::PortSet;
pub use reach::{Connection, Flat, Reach};
