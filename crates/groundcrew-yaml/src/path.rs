use std::fmt;

use crate::{Node, Pos, Text};

/// One step of a field path. Keys are short text, stored inline (most field names fit), so
/// extending a path does not allocate per key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    Key(Text),
    Index(usize),
}

/// A field path in Kubernetes notation: `spec.template.spec.containers[0].securityContext`.
/// Keys that are not plain identifiers (annotation names, for instance) render in brackets,
/// as Kubernetes' own `field.Path` does: `metadata.annotations[example.com/key]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct FieldPath {
    segments: Vec<Segment>,
}

impl FieldPath {
    pub fn root() -> Self {
        FieldPath::default()
    }

    /// Builds a path from dotted keys: `FieldPath::keys(&["spec", "template"])`.
    pub fn keys(keys: &[&str]) -> Self {
        FieldPath {
            segments: keys.iter().map(|k| Segment::Key((*k).into())).collect(),
        }
    }

    pub fn key(&self, key: &str) -> Self {
        self.extended(1, |s| s.push(Segment::Key(key.into())))
    }

    pub fn index(&self, index: usize) -> Self {
        self.extended(1, |s| s.push(Segment::Index(index)))
    }

    /// Appends several keys at once.
    pub fn join(&self, keys: &[&str]) -> Self {
        self.extended(keys.len(), |s| {
            s.extend(keys.iter().map(|k| Segment::Key((*k).into())));
        })
    }

    /// A copy of this path with room for `more` segments, which `push` appends.
    fn extended(&self, more: usize, push: impl FnOnce(&mut Vec<Segment>)) -> Self {
        let mut segments = Vec::with_capacity(self.segments.len() + more);
        segments.extend_from_slice(&self.segments);
        push(&mut segments);
        FieldPath { segments }
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// Finds where this path is written in `root`: the position of the deepest part of the
    /// path that exists (a mapping key's own position for a key), and whether the whole path
    /// exists.
    pub fn locate(&self, root: &Node) -> (Pos, bool) {
        let mut node = root;
        let mut pos = root.pos;
        for seg in &self.segments {
            match seg {
                Segment::Key(k) => match node.as_map().and_then(|m| m.entry(k)) {
                    Some(entry) => {
                        pos = entry.key_pos;
                        node = &entry.value;
                    }
                    None => return (pos, false),
                },
                Segment::Index(i) => match node.as_seq().and_then(|s| s.get(*i)) {
                    Some(item) => {
                        pos = item.pos;
                        node = item;
                    }
                    None => return (pos, false),
                },
            }
        }
        (pos, true)
    }
}

fn is_plain_key(k: &str) -> bool {
    !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'$')
}

impl FieldPath {
    /// The path in Kubernetes notation (what `Display` writes), made in one buffer sized
    /// up front: findings take one each, and the formatter's machinery cost more than the
    /// text.
    pub fn text(&self) -> String {
        let len = self
            .segments
            .iter()
            .map(|seg| match seg {
                Segment::Key(k) => k.len() + 2,
                Segment::Index(_) => 8,
            })
            .sum();
        let mut out = String::with_capacity(len);
        for (i, seg) in self.segments.iter().enumerate() {
            match seg {
                Segment::Key(k) if is_plain_key(k) => {
                    if i > 0 {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Segment::Key(k) => {
                    out.push('[');
                    out.push_str(k);
                    out.push(']');
                }
                Segment::Index(n) => {
                    out.push('[');
                    out.push_str(itoa::Buffer::new().format(*n));
                    out.push(']');
                }
            }
        }
        out
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_kubernetes_notation() {
        let p = FieldPath::keys(&["spec", "containers"])
            .index(0)
            .join(&["securityContext", "privileged"]);
        assert_eq!(
            p.to_string(),
            "spec.containers[0].securityContext.privileged"
        );
        let a = FieldPath::keys(&["metadata", "annotations"]).key("example.com/x");
        assert_eq!(a.to_string(), "metadata.annotations[example.com/x]");
        let deep = FieldPath::keys(&["items"])
            .index(1234)
            .key("")
            .key("caf\u{e9}")
            .index(0);
        assert_eq!(deep.text(), "items[1234][][caf\u{e9}][0]");
        assert_eq!(FieldPath::root().text(), "");
    }
}
