use std::fmt;
use std::sync::Arc;

use groundcrew_yaml::Pos;
use serde::Serialize;

/// Who an object is: apiVersion, kind, namespace (namespaced kinds without one are in
/// `default`, as `kubectl apply` would put them; cluster-scoped kinds have none) and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectId {
    pub api_version: Arc<str>,
    pub kind: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<Arc<str>>,
    pub name: Arc<str>,
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{} {}/{}", self.kind, ns, self.name),
            None => write!(f, "{} {}", self.kind, self.name),
        }
    }
}

/// Where an object was read from. Objects from an API server have no source.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    /// The file as the user named it (relative stays relative); `-` for stdin.
    pub file: Arc<str>,
    /// 0-based index of the YAML document (or JSON value) in the file.
    pub document: u32,
    /// 0-based index in the `items` of a `*List`, when the object came from one.
    pub item: Option<u32>,
    /// Where the object starts.
    pub pos: Pos,
}
