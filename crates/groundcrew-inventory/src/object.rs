use std::sync::Arc;

use groundcrew_yaml::{Node, Pos, Value};

use crate::intern::intern;
use crate::kinds::is_namespaced;
use crate::{ObjectId, Source};

/// A Kubernetes object with its parsed tree, while it is evaluated.
#[derive(Debug, Clone)]
pub struct Object {
    /// Shared with the object's record and its findings.
    pub id: Arc<ObjectId>,
    pub source: Option<Source>,
    pub root: Node,
}

/// Why a document (or list item) is not a Kubernetes object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAnObject {
    pub pos: Pos,
    pub reason: &'static str,
}

/// `groundcrew.io/ignore` and `groundcrew.io/ignore-reason` annotations on an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineIgnore {
    pub controls: Vec<String>,
    pub reason: Option<String>,
    pub pos: Pos,
}

pub const IGNORE_ANNOTATION: &str = "groundcrew.io/ignore";
pub const IGNORE_REASON_ANNOTATION: &str = "groundcrew.io/ignore-reason";

impl Object {
    /// Builds an object from a document root; `None` source for objects from an API server.
    ///
    /// # Errors
    /// When the root is not a mapping with string `apiVersion` and `kind`.
    pub fn from_root(root: Node, source: Option<Source>) -> Result<Object, NotAnObject> {
        let not = |reason| NotAnObject {
            pos: root.pos,
            reason,
        };
        if root.as_map().is_none() {
            return Err(not("not a mapping"));
        }
        let (Some(api_version), Some(kind)) = (
            root.get("apiVersion").and_then(Node::as_str),
            root.get("kind").and_then(Node::as_str),
        ) else {
            return Err(not("no apiVersion and kind"));
        };
        let meta = root.get("metadata");
        let name = meta
            .and_then(|m| m.get("name").or_else(|| m.get("generateName")))
            .and_then(Node::as_str)
            .unwrap_or("");
        let declared_ns = meta
            .and_then(|m| m.get("namespace"))
            .and_then(Node::as_str)
            .filter(|s| !s.is_empty());
        let namespace = match is_namespaced(kind) {
            Some(true) => Some(intern(declared_ns.unwrap_or("default"))),
            Some(false) => None,
            None => declared_ns.map(intern),
        };
        let id = Arc::new(ObjectId {
            api_version: intern(api_version),
            kind: intern(kind),
            namespace,
            name: name.into(),
        });
        Ok(Object { id, source, root })
    }

    pub fn metadata(&self) -> Option<&Node> {
        self.root.get("metadata")
    }

    /// Labels with string values.
    pub fn labels(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        string_map(self.metadata().and_then(|m| m.get("labels")))
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.metadata()?.get("annotations")?.get(key)?.as_str()
    }

    /// The inline exception annotations, if the object carries them.
    pub fn inline_ignore(&self) -> Option<InlineIgnore> {
        let annotations = self.metadata()?.get("annotations")?.as_map()?;
        let entry = annotations.entry(IGNORE_ANNOTATION)?;
        let controls = entry
            .value
            .as_str()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let reason = annotations
            .get(IGNORE_REASON_ANNOTATION)
            .and_then(Node::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Some(InlineIgnore {
            controls,
            reason,
            pos: entry.key_pos,
        })
    }
}

/// String-valued entries of a mapping node (non-string values are left out).
pub fn string_map(node: Option<&Node>) -> impl Iterator<Item = (&str, &str)> + Clone {
    node.and_then(Node::as_map)
        .map_or(&[][..], |m| &m.entries)
        .iter()
        .filter_map(|e| e.value.as_str().map(|v| (&*e.key, v)))
}

/// The objects of one document: the document itself, or each item of a `*List` wrapper.
/// Items and documents that are not objects come back as [`NotAnObject`]s.
pub fn objects_from_document(
    root: Node,
    file: &Arc<str>,
    document: u32,
) -> (Vec<Object>, Vec<NotAnObject>) {
    let mut objects = Vec::new();
    let mut skipped = Vec::new();
    let is_list = root
        .get("kind")
        .and_then(Node::as_str)
        .is_some_and(|k| k.ends_with("List"))
        && root
            .get("items")
            .is_some_and(|i| i.as_seq().is_some() || i.is_null());
    if is_list {
        let Value::Map(map) = root.value else {
            return (objects, skipped);
        };
        let items = map.entries.into_iter().find(|e| &*e.key == "items");
        if let Some(Value::Seq(items)) = items.map(|e| e.value.value) {
            for (i, item) in items.into_iter().enumerate() {
                let source = Source {
                    file: file.clone(),
                    document,
                    item: Some(i as u32),
                    pos: item.pos,
                };
                match Object::from_root(item, Some(source)) {
                    Ok(o) => objects.push(o),
                    Err(e) => skipped.push(e),
                }
            }
        }
        return (objects, skipped);
    }
    let source = Source {
        file: file.clone(),
        document,
        item: None,
        pos: root.pos,
    };
    match Object::from_root(root, Some(source)) {
        Ok(o) => objects.push(o),
        Err(e) => skipped.push(e),
    }
    (objects, skipped)
}
