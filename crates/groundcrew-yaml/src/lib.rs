//! Kubernetes-exact YAML and JSON loading with source positions.
//!
//! Kubernetes (kubectl and the API server) converts YAML to JSON with the YAML 1.1 rules of
//! go-yaml v2: `yes`/`on`/`y` are booleans, `0644` is octal, `1_000` is 1000. This crate
//! reproduces those rules once, for every scalar and every mapping key, so that no check has
//! to think about them. Anchors, aliases and merge keys are resolved, duplicate keys are
//! errors, and every node keeps its 1-based line and column (Unicode code points).
//!
//! Input is split into documents (YAML) or list items (JSON `*List` wrappers) by streaming
//! [`split`] readers, so that a 160 MB dump never has to be held in memory at once and the
//! pieces can be parsed in parallel.

mod error;
mod json;
mod lenient;
mod limits;
mod node;
mod path;
mod resolve;
pub mod split;
mod yaml;

pub use error::LoadError;
pub use json::{is_blank_json, parse_json};
pub use limits::Limits;
pub use node::{Entry, Map, Node, Pos, Text, Value};
pub use path::{FieldPath, Segment};
pub use resolve::{Scalar, resolve_plain};
pub use yaml::parse_yaml_document;
