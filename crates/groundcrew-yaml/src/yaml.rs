//! YAML document → [`Node`] tree, driven by saphyr-parser events.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use crate::lenient::{self, Shifts};
use crate::resolve::{Scalar, resolve_plain};
use crate::{Entry, Limits, LoadError, Map, Node, Pos, Text, Value};

/// Parses the single YAML document in `text`, whose first line is line `first_line` of its
/// file. Returns `None` when the text holds no document (only comments or markers).
///
/// What go-yaml (kubectl) reads and YAML 1.2 does not — flow collections and quoted
/// scalars indented less than their block, a tab after a colon — is read too (see
/// `lenient`).
///
/// # Errors
/// Malformed YAML, duplicate keys, non-scalar keys, unknown aliases and exceeded [`Limits`].
pub fn parse_yaml_document(
    text: &str,
    first_line: u32,
    limits: &Limits,
) -> Result<Option<Node>, LoadError> {
    let no_shifts = Shifts::default();
    match load(text, first_line, limits, &no_shifts) {
        Err(e) if e.syntax => match lenient::relax(text) {
            // Read again as relaxed; positions map back to the text as written.
            Some(relaxed) => {
                load(&relaxed.text, first_line, limits, &relaxed.shifts).map_err(|e| e.error)
            }
            None => Err(e.error),
        },
        result => result.map_err(|e| e.error),
    }
}

/// A load error, and whether the parser raised it (the text is not YAML as written).
struct Failed {
    error: LoadError,
    syntax: bool,
}

fn load(
    text: &str,
    first_line: u32,
    limits: &Limits,
    shifts: &Shifts,
) -> Result<Option<Node>, Failed> {
    // The builder's stacks are reused from one document to the next on this thread, so
    // that a stream of documents does not grow them again each time.
    let scratch = SCRATCH.with(|s| s.take());
    let mut builder = Builder {
        line_offset: first_line.saturating_sub(1),
        shifts,
        limits,
        stack: scratch.stack,
        items: scratch.items,
        entries: scratch.entries,
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
        documents: 0,
    };
    let result = build(&mut builder, text);
    let Builder {
        mut stack,
        mut items,
        mut entries,
        root,
        ..
    } = builder;
    stack.clear();
    items.clear();
    entries.clear();
    SCRATCH.with(|s| {
        s.replace(Scratch {
            stack,
            items,
            entries,
        })
    });
    result.map(|()| root)
}

fn build(builder: &mut Builder<'_>, text: &str) -> Result<(), Failed> {
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| {
            let m = e.marker();
            Failed {
                error: LoadError::new(builder.pos_of(m.line(), m.col()), e.info().to_string()),
                syntax: true,
            }
        })?;
        let complete = builder.on_event(event, span).map_err(|error| Failed {
            error,
            syntax: false,
        })?;
        if complete {
            break;
        }
    }
    Ok(())
}

/// The builder's stacks, kept between documents (empty).
#[derive(Default)]
struct Scratch {
    stack: Vec<Frame>,
    items: Vec<Node>,
    entries: Vec<Entry>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

/// Builds the tree from events. Items of open sequences and entries of open mappings wait
/// on two shared stacks and move into an exactly sized `Vec` when their collection ends, so
/// a document costs one allocation per collection.
struct Builder<'l> {
    line_offset: u32,
    /// Columns added to lines of a relaxed document (see [`lenient`]), taken off again.
    shifts: &'l Shifts,
    limits: &'l Limits,
    stack: Vec<Frame>,
    items: Vec<Node>,
    entries: Vec<Entry>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    root: Option<Node>,
    documents: usize,
}

enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        start: usize,
    },
    Map {
        pos: Pos,
        anchor: usize,
        start: usize,
        /// What few mappings need: merged entries and a key set for many keys (boxed,
        /// so that the frames every mapping pushes stay small).
        extras: Option<Box<MapExtras>>,
        pending_key: Option<PendingKey>,
    },
}

#[derive(Default)]
struct MapExtras {
    /// Entries of `<<` merge keys, applied when the mapping ends.
    merged: Vec<Entry>,
    /// The keys so far, once the mapping has [`SEEN_SET_THRESHOLD`] of them.
    seen: Option<HashSet<Text>>,
}

struct PendingKey {
    key: Text,
    pos: Pos,
    merge: bool,
}

/// A finished node, and whether it was the plain merge key `<<`.
struct Built {
    node: Node,
    merge_key: bool,
}

const SEEN_SET_THRESHOLD: usize = 16;

impl Builder<'_> {
    fn pos_of(&self, line: usize, col: usize) -> Pos {
        let col = self.shifts.original_col(line, col);
        Pos::new(
            (line as u32).saturating_add(self.line_offset),
            col as u32 + 1,
        )
    }

    fn span_pos(&self, span: &Span) -> Pos {
        self.pos_of(span.start.line(), span.start.col())
    }

    fn count(&mut self, n: usize, pos: Pos) -> Result<(), LoadError> {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            return Err(LoadError::new(
                pos,
                format!(
                    "document has more than {} nodes (aliases included); refusing to load it",
                    self.limits.max_nodes
                ),
            ));
        }
        Ok(())
    }

    /// Handles one event; returns true when the document is complete.
    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<bool, LoadError> {
        let pos = self.span_pos(&span);
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => return Ok(true),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(LoadError::new(pos, "unexpected second document"));
                }
            }
            Event::DocumentEnd => return Ok(false),
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, pos)?;
                let (value, merge_key) = scalar_value(text, style, tag.as_deref());
                let node = Node::new(value, pos);
                if anchor != 0 {
                    self.anchors.insert(anchor, (node.clone(), 1));
                }
                self.push_built(Built { node, merge_key })?;
            }
            Event::Alias(id) => {
                let Some((node, count)) = self.anchors.get(&id).cloned() else {
                    return Err(LoadError::new(pos, "alias refers to an unknown anchor"));
                };
                self.count(count, pos)?;
                self.push_built(Built {
                    node,
                    merge_key: false,
                })?;
            }
            Event::SequenceStart(anchor, _) => {
                self.count(1, pos)?;
                self.check_depth(pos)?;
                self.stack.push(Frame::Seq {
                    pos,
                    anchor,
                    start: self.items.len(),
                });
            }
            Event::MappingStart(anchor, _) => {
                self.count(1, pos)?;
                self.check_depth(pos)?;
                self.stack.push(Frame::Map {
                    pos,
                    anchor,
                    start: self.entries.len(),
                    extras: None,
                    pending_key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Err(LoadError::new(pos, "unbalanced collection end"));
                };
                let (node, anchor) = match frame {
                    Frame::Seq { pos, anchor, start } => {
                        let items: Vec<Node> = self.items.drain(start..).collect();
                        (Node::new(Value::Seq(items), pos), anchor)
                    }
                    Frame::Map {
                        pos,
                        anchor,
                        start,
                        extras,
                        ..
                    } => {
                        let mut entries: Vec<Entry> = self.entries.drain(start..).collect();
                        if let Some(merged) = extras.map(|e| e.merged)
                            && !merged.is_empty()
                        {
                            let own: HashSet<Text> =
                                entries.iter().map(|e| e.key.clone()).collect();
                            entries.extend(merged.into_iter().filter(|e| !own.contains(&e.key)));
                        }
                        (Node::new(Value::Map(Map { entries }), pos), anchor)
                    }
                };
                if anchor != 0 {
                    let count = node.count_nodes();
                    self.anchors.insert(anchor, (node.clone(), count));
                }
                self.push_built(Built {
                    node,
                    merge_key: false,
                })?;
            }
        }
        Ok(false)
    }

    fn check_depth(&self, pos: Pos) -> Result<(), LoadError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(LoadError::new(
                pos,
                format!("nesting deeper than {} levels", self.limits.max_depth),
            ));
        }
        Ok(())
    }

    fn push_built(&mut self, built: Built) -> Result<(), LoadError> {
        let Some(top) = self.stack.last_mut() else {
            self.root = Some(built.node);
            return Ok(());
        };
        match top {
            Frame::Seq { .. } => self.items.push(built.node),
            Frame::Map {
                start,
                extras,
                pending_key,
                ..
            } => match pending_key.take() {
                None => {
                    let pos = built.node.pos;
                    let key = key_text(built.node)?;
                    *pending_key = Some(PendingKey {
                        key,
                        pos,
                        merge: built.merge_key,
                    });
                }
                Some(k) if k.merge => merge_into(
                    &mut extras.get_or_insert_default().merged,
                    built.node,
                    k.pos,
                )?,
                Some(k) => {
                    let own = &self.entries[*start..];
                    let seen = extras.as_mut().and_then(|e| e.seen.as_mut());
                    let duplicate = match seen {
                        Some(set) => !set.insert(k.key.clone()),
                        None => {
                            let dup = own.iter().any(|e| e.key == k.key);
                            if !dup && own.len() >= SEEN_SET_THRESHOLD {
                                let mut set: HashSet<Text> =
                                    own.iter().map(|e| e.key.clone()).collect();
                                set.insert(k.key.clone());
                                extras.get_or_insert_default().seen = Some(set);
                            }
                            dup
                        }
                    };
                    if duplicate {
                        return Err(LoadError::new(
                            k.pos,
                            format!("duplicate mapping key \"{}\"", k.key),
                        ));
                    }
                    self.entries.push(Entry {
                        key: k.key,
                        key_pos: k.pos,
                        value: built.node,
                    });
                }
            },
        }
        Ok(())
    }
}

/// `<<: *a` or `<<: [*a, *b]`: earlier sources win over later ones, explicit keys over all.
fn merge_into(merged: &mut Vec<Entry>, source: Node, pos: Pos) -> Result<(), LoadError> {
    let mut add = |map: Map| {
        for e in map.entries {
            if !merged.iter().any(|m| m.key == e.key) {
                merged.push(e);
            }
        }
    };
    match source.value {
        Value::Map(m) => add(m),
        Value::Seq(items) => {
            for item in items {
                match item.value {
                    Value::Map(m) => add(m),
                    _ => {
                        return Err(LoadError::new(
                            item.pos,
                            "merge key sequence items must be mappings",
                        ));
                    }
                }
            }
        }
        _ => return Err(LoadError::new(pos, "merge key value must be a mapping")),
    }
    Ok(())
}

/// The JSON key a YAML key becomes in kubectl's conversion.
fn key_text(node: Node) -> Result<Text, LoadError> {
    Ok(match node.value {
        Value::Str(s) => s,
        Value::Null => "null".into(),
        Value::Bool(b) => if b { "true" } else { "false" }.into(),
        Value::Int(i) => i.to_string().into(),
        Value::Float(f) => format_go_float(f).into(),
        Value::Seq(_) | Value::Map(_) => {
            return Err(LoadError::new(
                node.pos,
                "mapping key is a collection; Kubernetes accepts only scalar keys",
            ));
        }
    })
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` for the common cases.
fn format_go_float(f: f64) -> String {
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f.is_nan() {
        return "NaN".into();
    }
    let s = format!("{f}");
    if s.len() > 21 { format!("{f:e}") } else { s }
}

/// The scalar's value; a string keeps the parser's buffer when it owns one (no copy).
fn scalar_value(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>) -> (Value, bool) {
    let plain = matches!(style, ScalarStyle::Plain);
    let core = tag.filter(|t| t.is_yaml_core_schema() || t.handle == "!!");
    let resolved = match (tag, core) {
        (None, _) if plain => resolve_plain(&text),
        (Some(_), Some(t)) => match t.suffix.as_str() {
            "str" | "binary" => Scalar::Str,
            "null" | "bool" | "int" | "float" => resolve_plain(&text),
            _ => Scalar::Str,
        },
        _ => Scalar::Str,
    };
    match resolved {
        Scalar::Null => (Value::Null, false),
        Scalar::Bool(b) => (Value::Bool(b), false),
        Scalar::Int(i) => (Value::Int(i), false),
        Scalar::Float(f) => (Value::Float(f), false),
        Scalar::Merge => (Value::Str(text.into()), true),
        Scalar::Str => (Value::Str(text.into()), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Option<Node>, LoadError> {
        parse_yaml_document(text, 1, &Limits::default())
    }

    #[test]
    fn positions_are_one_based() {
        let n = load("a:\n  b: yes\n").unwrap().unwrap();
        let e = n.get("a").unwrap().as_map().unwrap().entry("b").unwrap();
        assert_eq!(e.key_pos, Pos::new(2, 3));
        assert_eq!(e.value.value, Value::Bool(true));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = load("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.pos, Pos::new(3, 1));
        assert!(err.message.contains("duplicate"));
    }

    #[test]
    fn merge_keys_and_aliases() {
        let n = load("base: &b {xa: 1, yb: 2}\nm:\n  <<: *b\n  yb: 3\n")
            .unwrap()
            .unwrap();
        let m = n.get("m").unwrap();
        assert_eq!(m.get("xa").unwrap().value, Value::Int(1));
        assert_eq!(m.get("yb").unwrap().value, Value::Int(3));
        assert!(m.get("<<").is_none());
    }

    #[test]
    fn quoted_scalars_stay_strings() {
        let n = load("a: 'yes'\nb: \"0644\"\nc: 0644\n").unwrap().unwrap();
        assert_eq!(n.get("a").unwrap().as_str(), Some("yes"));
        assert_eq!(n.get("b").unwrap().as_str(), Some("0644"));
        assert_eq!(n.get("c").unwrap().value, Value::Int(420));
    }

    #[test]
    fn keys_resolve_too() {
        let n = load("n: 1\non: 2\n").unwrap().unwrap();
        assert!(n.get("false").is_some());
        assert!(n.get("true").is_some());
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        assert!(load(&s).unwrap_err().message.contains("nodes"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "[".repeat(10_000);
        assert!(load(&s).is_err());
    }

    fn strings(node: &Node) -> Vec<&str> {
        node.items().iter().filter_map(Node::as_str).collect()
    }

    /// go-yaml v2 (kubectl) ignores indentation inside flow collections; these documents
    /// are read as PyYAML (libyaml's scanner, as go-yaml's) reads them.
    #[test]
    fn flow_collections_are_read_whatever_their_indentation() {
        // The closing bracket at the key's column (a real istio sample does this).
        let n = load("spec:\n  args: [\n      \"-x\", \"y\",\n  ]\n  tail: 1\n")
            .unwrap()
            .unwrap();
        let spec = n.get("spec").unwrap();
        assert_eq!(strings(spec.get("args").unwrap()), ["-x", "y"]);
        assert_eq!(spec.get("tail").unwrap().value, Value::Int(1));
        // Items and bracket at column 1, under a nested key.
        let n = load("a:\n  b: [\n1, 2,\n]\n").unwrap().unwrap();
        let b = n.get("a").unwrap().get("b").unwrap();
        assert_eq!(b.items().len(), 2);
        assert_eq!(b.items()[1].value, Value::Int(2));
        // A flow mapping, a sequence item, and two collections in one document.
        let n = load("m: {\n x: on,\n}\ns:\n  - [\n  a,\n  ]\n  - [\n b]\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            n.get("m").unwrap().get("x").unwrap().value,
            Value::Bool(true)
        );
        let s = n.get("s").unwrap().items();
        assert_eq!(strings(&s[0]), ["a"]);
        assert_eq!(strings(&s[1]), ["b"]);
    }

    #[test]
    fn multi_line_scalars_in_relaxed_collections_keep_their_values() {
        let n = load("a:\n  b: [\n  \"x\n y\", 'p\nq', plain\n  words,\n  ]\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            strings(n.get("a").unwrap().get("b").unwrap()),
            ["x y", "p q", "plain words"]
        );
    }

    /// A quoted scalar's continuation lines may start anywhere (go-yaml does not check
    /// them): its value folds their leading white space away.
    #[test]
    fn quoted_scalars_continued_at_any_indentation_are_read() {
        let n = load("a:\n  b: \"x\ny\\\n z\"\n  c: 'p\n\nq'\n  d:\n  - \"e\nf\"\n")
            .unwrap()
            .unwrap();
        let a = n.get("a").unwrap();
        assert_eq!(a.get("b").unwrap().as_str(), Some("x yz"));
        assert_eq!(a.get("c").unwrap().as_str(), Some("p\nq"));
        assert_eq!(strings(a.get("d").unwrap()), ["e f"]);
        assert_eq!(
            a.as_map().unwrap().entry("c").unwrap().key_pos,
            Pos::new(5, 3)
        );
        assert_eq!(a.get("d").unwrap().items()[0].pos, Pos::new(9, 5));
    }

    /// libyaml (go-yaml) reads a tab after a mapping's colon as a space.
    #[test]
    fn tabs_after_a_colon_separate_as_spaces_do() {
        let n = load("a:\tb\nc:\n  d:\t\t7\n").unwrap().unwrap();
        assert_eq!(n.get("a").unwrap().as_str(), Some("b"));
        assert_eq!(n.get("a").unwrap().pos, Pos::new(1, 4));
        let d = n.get("c").unwrap().get("d").unwrap();
        assert_eq!((d.value.clone(), d.pos), (Value::Int(7), Pos::new(3, 7)));
    }

    #[test]
    fn positions_in_relaxed_collections_are_the_original_columns() {
        let n = load("a:\n  b: [\n x,\n   y ]\n").unwrap().unwrap();
        let b = n.get("a").unwrap().get("b").unwrap();
        assert_eq!(b.pos, Pos::new(2, 6));
        assert_eq!(b.items()[0].pos, Pos::new(3, 2));
        assert_eq!(b.items()[1].pos, Pos::new(4, 4));
        // Columns count characters, not bytes, before the bracket and on relaxed lines.
        let n = load("é:\n  ü: [\n ß,\n   y ]\n").unwrap().unwrap();
        let b = n.get("é").unwrap().get("ü").unwrap();
        assert_eq!(b.pos, Pos::new(2, 6));
        assert_eq!(b.items()[0].pos, Pos::new(3, 2));
        assert_eq!(b.items()[1].pos, Pos::new(4, 4));
        // With the document's first line further down its file.
        let n = parse_yaml_document("a:\n  b: [\n x]\n", 10, &Limits::default())
            .unwrap()
            .unwrap();
        assert_eq!(
            n.get("a").unwrap().get("b").unwrap().items()[0].pos,
            Pos::new(12, 2)
        );
    }

    #[test]
    fn relaxed_documents_still_fail_on_real_errors() {
        // Never closed.
        assert!(load("a:\n  b: [\n  1,\nc: 2\n").is_err());
        // A duplicate key inside a relaxed collection, at its original column.
        let err = load("a:\n  b: {\n x: 1,\n x: 2,\n  }\n").unwrap_err();
        assert!(err.message.contains("duplicate"), "{err}");
        assert_eq!(err.pos, Pos::new(4, 2));
        // Block indentation is still checked outside flow collections.
        assert!(load("a:\n  b: [1]\n c: 2\n").is_err());
    }
}
