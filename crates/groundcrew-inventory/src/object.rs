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

/// An object the API server would refuse to decode: a field of its identity or of its
/// metadata holds a value of the wrong type (`namespace: no`, which the YAML 1.1 kubectl
/// reads takes for `false`; a label whose value is a number). Scanning it under a made-up
/// identity would misreport it, and kubectl would not apply it: it is an input error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidObject {
    /// Where the value of the wrong type is written.
    pub pos: Pos,
    pub message: String,
}

/// Why a document (or list item) was not taken as an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejected {
    /// Not a Kubernetes object: skipped and counted.
    NotAnObject(NotAnObject),
    /// An object that cannot be applied as written: an input error.
    Invalid(InvalidObject),
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
    /// [`Rejected::NotAnObject`] when the root is not a mapping with `apiVersion` and `kind`;
    /// [`Rejected::Invalid`] when `apiVersion`, `kind` or the metadata the API server
    /// decodes as strings (name, generateName, namespace, labels, annotations) hold values
    /// of another type.
    pub fn from_root(root: Node, source: Option<Source>) -> Result<Object, Rejected> {
        let not = |reason| {
            Rejected::NotAnObject(NotAnObject {
                pos: root.pos,
                reason,
            })
        };
        if root.as_map().is_none() {
            return Err(not("not a mapping"));
        }
        let present = |key| root.get(key).filter(|n| !n.is_null());
        let (Some(api_version), Some(kind)) = (present("apiVersion"), present("kind")) else {
            return Err(not("no apiVersion and kind"));
        };
        let (api_version, kind) = (
            string_field(api_version, "apiVersion")?,
            string_field(kind, "kind")?,
        );
        let naming = read_metadata(root.get("metadata")).map_err(Rejected::Invalid)?;
        let name = naming.name.or(naming.generate_name).unwrap_or("");
        let declared_ns = naming.namespace.filter(|s| !s.is_empty());
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

/// What an object's metadata names it: `name`, `generateName` and `namespace`, each when it
/// is a string (a null is absent, as the API server reads it).
#[derive(Default)]
struct Naming<'n> {
    name: Option<&'n str>,
    generate_name: Option<&'n str>,
    namespace: Option<&'n str>,
}

/// Reads the naming fields and checks, in the same one pass over the metadata's keys (this
/// runs for every object), that the metadata has the types the API server decodes it into:
/// strings for the names, mappings of strings for labels and annotations.
fn read_metadata(meta: Option<&Node>) -> Result<Naming<'_>, InvalidObject> {
    let mut naming = Naming::default();
    let Some(meta) = meta.filter(|m| !m.is_null()) else {
        return Ok(naming);
    };
    let Some(meta) = meta.as_map() else {
        return Err(wrong_type(meta, "metadata", "a mapping"));
    };
    for (key, value) in meta.iter() {
        let slot = match key {
            "name" => &mut naming.name,
            "generateName" => &mut naming.generate_name,
            "namespace" => &mut naming.namespace,
            "labels" | "annotations" if !value.is_null() => {
                let Some(map) = value.as_map() else {
                    return Err(wrong_type(value, &format!("metadata.{key}"), "a mapping"));
                };
                if let Some((k, v)) = map.iter().find(|(_, v)| !is_string_or_null(v)) {
                    return Err(wrong_type(v, &format!("metadata.{key}[{k}]"), "a string"));
                }
                continue;
            }
            _ => continue,
        };
        match &value.value {
            Value::Str(s) => *slot = Some(s),
            Value::Null => {}
            _ => return Err(wrong_type(value, &format!("metadata.{key}"), "a string")),
        }
    }
    Ok(naming)
}

fn string_field<'n>(node: &'n Node, key: &str) -> Result<&'n str, Rejected> {
    node.as_str()
        .ok_or_else(|| Rejected::Invalid(wrong_type(node, key, "a string")))
}

fn is_string_or_null(node: &Node) -> bool {
    matches!(node.value, Value::Str(_) | Value::Null)
}

fn wrong_type(node: &Node, path: &str, wanted: &str) -> InvalidObject {
    let (what, hint) = match &node.value {
        Value::Bool(b) => (
            format!("the boolean {b}"),
            " (in YAML, as kubectl reads it, unquoted yes/no, on/off and y/n are booleans: quote the value)",
        ),
        Value::Int(_) | Value::Float(_) => (
            format!("the number {}", node.display_scalar()),
            " (in YAML, quote the value: unquoted, 1.10 is the number 1.1 and 0644 is 420)",
        ),
        Value::Seq(_) => ("a list".to_string(), ""),
        Value::Map(_) => ("a mapping".to_string(), ""),
        Value::Str(_) | Value::Null => ("a string".to_string(), ""),
    };
    InvalidObject {
        pos: node.pos,
        message: format!(
            "{path} is {what}, not {wanted}: the API server would reject the object{hint}"
        ),
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
/// Items and documents that are not taken as objects come back as [`Rejected`]s.
pub fn objects_from_document(
    root: Node,
    file: &Arc<str>,
    document: u32,
) -> (Vec<Object>, Vec<Rejected>) {
    let mut objects = Vec::new();
    let mut rejected = Vec::new();
    let is_list = root
        .get("kind")
        .and_then(Node::as_str)
        .is_some_and(|k| k.ends_with("List"))
        && root
            .get("items")
            .is_some_and(|i| i.as_seq().is_some() || i.is_null());
    if is_list {
        let Value::Map(map) = root.value else {
            return (objects, rejected);
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
                    Err(e) => rejected.push(e),
                }
            }
        }
        return (objects, rejected);
    }
    let source = Source {
        file: file.clone(),
        document,
        item: None,
        pos: root.pos,
    };
    match Object::from_root(root, Some(source)) {
        Ok(o) => objects.push(o),
        Err(e) => rejected.push(e),
    }
    (objects, rejected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use groundcrew_yaml::{Limits, parse_yaml_document};

    fn from_yaml(text: &str) -> Result<Object, Rejected> {
        let root = parse_yaml_document(text, 1, &Limits::default())
            .expect("valid YAML")
            .expect("a document");
        Object::from_root(root, None)
    }

    fn invalid(text: &str) -> InvalidObject {
        match from_yaml(text) {
            Err(Rejected::Invalid(e)) => e,
            other => panic!("expected an invalid object, got {other:?}"),
        }
    }

    /// The API server decodes these fields as strings: a YAML 1.1 boolean or a number
    /// there is an object kubectl would not apply, reported where the value is written.
    #[test]
    fn identity_and_metadata_of_the_wrong_type_are_invalid() {
        let e = invalid("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: no\n");
        assert_eq!((e.pos.line, e.pos.col), (5, 14));
        assert!(
            e.message
                .starts_with("metadata.namespace is the boolean false, not a string")
        );
        assert!(e.message.contains("quote the value"), "{}", e.message);
        let e = invalid("apiVersion: v1\nkind: Pod\nmetadata: {name: 1}\n");
        assert_eq!(
            e.message.split(':').next(),
            Some("metadata.name is the number 1, not a string")
        );
        let e = invalid("apiVersion: v1\nkind: Pod\nmetadata: {generateName: [a]}\n");
        assert!(e.message.starts_with("metadata.generateName is a list"));
        let e = invalid(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: web, tier: on}}\n",
        );
        assert!(
            e.message
                .starts_with("metadata.labels[tier] is the boolean true")
        );
        let e =
            invalid("apiVersion: v1\nkind: Pod\nmetadata: {name: a, annotations: {mode: 0644}}\n");
        assert!(
            e.message
                .starts_with("metadata.annotations[mode] is the number 420")
        );
        let e = invalid("apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: [app]}\n");
        assert!(
            e.message
                .starts_with("metadata.labels is a list, not a mapping")
        );
        let e = invalid("apiVersion: v1\nkind: Pod\nmetadata: pod-a\n");
        assert!(e.message.starts_with("metadata is a string, not a mapping"));
        let e = invalid("apiVersion: 1\nkind: Pod\nmetadata: {name: a}\n");
        assert!(e.message.starts_with("apiVersion is the number 1"));
        let e = invalid("apiVersion: v1\nkind: yes\n");
        assert!(e.message.starts_with("kind is the boolean true"));
    }

    /// Strings, quoted look-alikes, nulls (an absent value to the API server) and absent
    /// fields are fine; without apiVersion and kind a document is not an object at all.
    #[test]
    fn strings_nulls_and_absent_fields_are_valid() {
        let o = from_yaml(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"1\"\n  namespace: \"no\"\n  labels: {app: ~, tier: \"3\"}\n  annotations: ~\n",
        )
        .expect("valid");
        assert_eq!(o.id.namespace.as_deref(), Some("no"));
        assert_eq!(&*o.id.name, "1");
        let o = from_yaml("apiVersion: v1\nkind: Namespace\nmetadata: ~\n").expect("valid");
        assert_eq!(o.id.namespace, None);
        let o =
            from_yaml("apiVersion: v1\nkind: Pod\nmetadata: {namespace: null}\n").expect("valid");
        assert_eq!(o.id.namespace.as_deref(), Some("default"));
        // A null name is absent: generateName names the object; a name wins over it.
        let o = from_yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: ~, generateName: web-}\n")
            .expect("valid");
        assert_eq!(&*o.id.name, "web-");
        let o = from_yaml("apiVersion: v1\nkind: Pod\nmetadata: {generateName: web-, name: a}\n")
            .expect("valid");
        assert_eq!(&*o.id.name, "a");
        assert!(matches!(
            from_yaml("kind: Pod\nmetadata: {name: 1}\n"),
            Err(Rejected::NotAnObject(NotAnObject {
                reason: "no apiVersion and kind",
                ..
            }))
        ));
        assert!(matches!(
            from_yaml("- a\n"),
            Err(Rejected::NotAnObject(NotAnObject {
                reason: "not a mapping",
                ..
            }))
        ));
    }
}
