//! The JSON report, byte for byte what `serde_json::to_writer_pretty` would write, with the
//! findings serialized on all cores in bounded windows (large reports are neither slow nor
//! held in memory whole).

use std::io::{self, Write};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use groundcrew_findings::Finding;
use groundcrew_inventory::{FastMap, ObjectId, Segmented};

use crate::Report;

/// Findings per parallel piece, and pieces per window written before the next is made.
const PIECE: usize = 512;
const WINDOW: usize = 4;
/// How many elements ahead of the one being written a piece reads what the element will
/// read from elsewhere in memory ([`write_elements`]' `touch`); 3 and 12 measured the same.
const TOUCH_AHEAD: usize = 6;

/// serde_json's pretty layout (two spaces per level), starting `level` levels deep.
struct Indented {
    level: usize,
    has_value: bool,
}

impl Indented {
    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Appends `value` to `out`, laid out as if it stood `level` levels deep.
pub(super) fn pretty_into<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    level: usize,
) -> io::Result<()> {
    let formatter = Indented {
        level,
        has_value: false,
    };
    let mut ser = serde_json::Serializer::with_formatter(out, formatter);
    value.serialize(&mut ser).map_err(io::Error::other)
}

pub(super) fn pretty<T: Serialize + ?Sized>(value: &T, level: usize) -> io::Result<String> {
    let mut out = Vec::new();
    pretty_into(&mut out, value, level)?;
    String::from_utf8(out).map_err(io::Error::other)
}

/// What every finding of a control repeats — its references and remediation — rendered
/// once per control at the depth of a finding's fields, and copied into each finding.
struct PerControl(FastMap<&'static str, ControlParts>);

struct ControlParts {
    control: &'static groundcrew_findings::ControlMeta,
    /// A finding's text from the end of its id to the value of `resource`.
    head: Vec<u8>,
    /// The same with the references narrowed to some of the control's Kubescape IDs, for
    /// each narrowing the findings make (a control covering several Kubescape controls
    /// with different meanings makes a few).
    narrowed: Vec<(&'static [&'static str], Vec<u8>)>,
    /// A finding's text after its message: its remediation.
    tail: Vec<u8>,
}

impl ControlParts {
    fn new(control: &'static groundcrew_findings::ControlMeta) -> io::Result<Self> {
        let head = Self::head_with(control, &control.references)?;
        let mut tail = b",\n      \"remediation\": ".to_vec();
        pretty_into(&mut tail, control.remediation, 3)?;
        Ok(ControlParts {
            control,
            head,
            narrowed: Vec::new(),
            tail,
        })
    }

    /// The text from the end of a finding's id to the value of `resource`, with these
    /// references.
    fn head_with(
        control: &'static groundcrew_findings::ControlMeta,
        references: &impl Serialize,
    ) -> io::Result<Vec<u8>> {
        let mut head = b"\",\n      \"control\": ".to_vec();
        json_str(&mut head, control.id);
        head.extend_from_slice(b",\n      \"name\": ");
        json_str(&mut head, control.name);
        head.extend_from_slice(b",\n      \"severity\": ");
        serde_json::to_writer(&mut head, &control.severity).map_err(io::Error::other)?;
        head.extend_from_slice(b",\n      \"references\": ");
        pretty_into(&mut head, references, 3)?;
        head.extend_from_slice(b",\n      \"resource\": ");
        Ok(head)
    }

    /// Renders, once, the head of the findings whose references are narrowed to `kubescape`.
    fn narrow(&mut self, kubescape: &'static [&'static str]) -> io::Result<()> {
        if !self.narrowed.iter().any(|(k, _)| *k == kubescape) {
            let references = groundcrew_findings::References {
                kubescape,
                ..self.control.references
            };
            let head = Self::head_with(self.control, &references)?;
            self.narrowed.push((kubescape, head));
        }
        Ok(())
    }

    /// The head of a finding with these references (`None`: the control's own); `None`
    /// when that narrowing was not rendered.
    fn head(&self, kubescape: Option<&[&str]>) -> Option<&[u8]> {
        match kubescape {
            None => Some(&self.head),
            Some(k) => self
                .narrowed
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, head)| head.as_slice()),
        }
    }
}

impl PerControl {
    fn new(report: &Report) -> io::Result<Self> {
        let mut rendered: FastMap<&'static str, ControlParts> = FastMap::default();
        for f in report.findings.iter() {
            let key = f.control.id;
            let parts = match rendered.entry(key) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(ControlParts::new(f.control)?)
                }
            };
            if let Some(kubescape) = f.kubescape {
                parts.narrow(kubescape)?;
            }
        }
        Ok(PerControl(rendered))
    }

    /// Appends a finding as [`pretty_into`] at depth 2 would. Every finding's control and
    /// narrowing was rendered by [`PerControl::new`]; were one not, the serializer writes it.
    fn finding_into<'a>(
        &self,
        out: &mut Vec<u8>,
        f: &'a Finding,
        last: &mut LastIdentity<'a>,
    ) -> io::Result<()> {
        match self
            .0
            .get(f.control.id)
            .and_then(|p| Some((p.head(f.kubescape)?, p)))
        {
            Some((head, parts)) => {
                finding_fields_into(out, f, head, &parts.tail, last);
                Ok(())
            }
            None => pretty_into(out, f, 2),
        }
    }
}

/// Appends a finding byte for byte as its serializer through [`pretty_into`] at depth 2
/// writes it (a test holds the two together), given its control's
/// [`ControlParts::head`] for the finding's references and its tail.
fn finding_fields_into<'a>(
    out: &mut Vec<u8>,
    f: &'a Finding,
    head: &[u8],
    tail: &[u8],
    last: &mut LastIdentity<'a>,
) {
    out.extend_from_slice(b"{\n      \"id\": \"");
    out.extend_from_slice(&groundcrew_findings::finding_id_text(
        f.control.id,
        &f.resource,
        &f.path,
    ));
    out.extend_from_slice(head);
    last.identity_into(out, &f.resource, b"\n        ", b"\n      ");
    out.extend_from_slice(b",\n      \"location\": ");
    match &f.location {
        None => out.extend_from_slice(b"null"),
        Some(l) => location_into(out, l, b"\n        ", b"\n      "),
    }
    out.extend_from_slice(b",\n      \"path\": ");
    json_str(out, &f.path);
    out.extend_from_slice(b",\n      \"message\": ");
    json_str(out, &f.message);
    out.extend_from_slice(tail);
    match &f.exception {
        None => out.extend_from_slice(b",\n      \"excepted\": false"),
        Some(e) => {
            out.extend_from_slice(b",\n      \"excepted\": true,\n      \"exception\": {");
            out.extend_from_slice(b"\n        \"source\": ");
            json_str(out, &e.source);
            out.extend_from_slice(b",\n        \"reason\": ");
            json_str(out, &e.reason);
            if let Some(expires) = &e.expires {
                out.extend_from_slice(b",\n        \"expires\": ");
                json_str(out, expires);
            }
            out.extend_from_slice(b"\n      }");
        }
    }
    if !f.related.is_empty() {
        out.extend_from_slice(b",\n      \"related\": [");
        for (i, r) in f.related.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"\n        {\n          \"resource\": ");
            identity_into(out, &r.resource, b"\n            ", b"\n          ");
            if let Some(l) = &r.location {
                out.extend_from_slice(b",\n          \"location\": ");
                location_into(out, l, b"\n            ", b"\n          ");
            }
            out.extend_from_slice(b",\n          \"role\": ");
            json_str(out, &r.role);
            out.extend_from_slice(b"\n        }");
        }
        out.extend_from_slice(b"\n      ]");
    }
    if let Some(risk) = &f.risk {
        out.extend_from_slice(b",\n      \"risk\": ");
        decimal(out, risk.risk);
        out.extend_from_slice(b",\n      \"paths\": ");
        if risk.paths.is_empty() {
            out.extend_from_slice(b"[]");
        } else {
            out.push(b'[');
            for (i, p) in risk.paths.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"\n        \"P");
                decimal(out, *p);
                out.push(b'"');
            }
            out.extend_from_slice(b"\n      ]");
        }
    }
    out.extend_from_slice(b"\n    }");
}

/// The resource the piece's last finding named and where its identity was written: the
/// findings of one object follow each other, and its identity is copied, not written
/// again. Resources are compared by address (the same shared identity), never by a copy
/// that could outlive it: both findings are alive while the piece is made.
#[derive(Default)]
pub(super) struct LastIdentity<'a> {
    resource: Option<&'a Arc<ObjectId>>,
    written: std::ops::Range<usize>,
}

impl<'a> LastIdentity<'a> {
    /// Appends `resource`'s identity as [`identity_into`] does (the callers of one piece
    /// give the same indentation), copied when it is the last one's.
    pub(super) fn identity_into(
        &mut self,
        out: &mut Vec<u8>,
        resource: &'a Arc<ObjectId>,
        fields: &[u8],
        close: &[u8],
    ) {
        let start = out.len();
        match self.resource {
            Some(last) if Arc::ptr_eq(last, resource) => {
                out.extend_from_within(self.written.clone());
            }
            _ => identity_into(out, resource, fields, close),
        }
        self.resource = Some(resource);
        self.written = start..out.len();
    }
}

/// Appends a location as its serializer writes it pretty-printed, each field on a line that
/// starts with `fields`, the closing brace after `close`.
fn location_into(
    out: &mut Vec<u8>,
    l: &groundcrew_findings::Location,
    fields: &[u8],
    close: &[u8],
) {
    out.extend_from_slice(b"{");
    out.extend_from_slice(fields);
    out.extend_from_slice(b"\"file\": ");
    json_str(out, &l.file);
    out.push(b',');
    out.extend_from_slice(fields);
    out.extend_from_slice(b"\"line\": ");
    decimal(out, l.line);
    out.push(b',');
    out.extend_from_slice(fields);
    out.extend_from_slice(b"\"column\": ");
    decimal(out, l.column);
    out.extend_from_slice(close);
    out.push(b'}');
}

/// Appends a resource's identity as its serializer writes it pretty-printed: each field on
/// a line that starts with `fields` (a line break and the fields' indentation), the closing
/// brace after `close`.
pub(super) fn identity_into(out: &mut Vec<u8>, r: &ObjectId, fields: &[u8], close: &[u8]) {
    let field = |out: &mut Vec<u8>, first: bool, key: &[u8], value: &str| {
        if !first {
            out.push(b',');
        }
        out.extend_from_slice(fields);
        out.extend_from_slice(key);
        json_str(out, value);
    };
    out.push(b'{');
    field(out, true, b"\"apiVersion\": ", &r.api_version);
    field(out, false, b"\"kind\": ", &r.kind);
    if let Some(ns) = &r.namespace {
        field(out, false, b"\"namespace\": ", ns);
    }
    field(out, false, b"\"name\": ", &r.name);
    out.extend_from_slice(close);
    out.push(b'}');
}

/// A JSON string as serde_json writes it: `"` and `\` escaped with a backslash, the
/// control characters with their short escapes (`\n`, `\t`...) or as `\u00XX` (lower-case
/// hex); everything else, UTF-8 included, copied as it is. Most messages quote a container
/// name, so the escaping path is the common one (a test holds it to serde_json's output).
pub(super) fn json_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    json_str_content(out, s);
    out.push(b'"');
}

/// The inside of [`json_str`], without the quotes: a string written in parts (each escaped
/// on its own) reads as the whole escaped at once.
pub(super) fn json_str_content(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // The runs between escaped bytes are copied whole (most strings are one run; most
    // messages quote a name, so a few).
    let mut start = 0;
    while let Some(i) = next_escaped(bytes, start) {
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        let b = bytes[i];
        let short = ESCAPE[usize::from(b)];
        out.push(b'\\');
        out.push(short);
        if short == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

/// The position of the first byte at or after `from` that a JSON string escapes (a control
/// character, `"` or `\\`). Tests 8 bytes at a time as one word, and the word's lowest
/// marked byte is the position: no byte-by-byte search, not even for the last few bytes.
fn next_escaped(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut words = rest.chunks_exact(8);
    let mut at = from;
    for word in &mut words {
        let marks = escaped_marks(u64::from_le_bytes(word.try_into().ok()?));
        if marks != 0 {
            return Some(at + marks.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    // The last bytes, in a word filled up with a byte that is never escaped.
    let tail = words.remainder();
    let mut last = [b'a'; 8];
    last[..tail.len()].copy_from_slice(tail);
    let marks = escaped_marks(u64::from_le_bytes(last));
    (marks != 0).then(|| at + marks.trailing_zeros() as usize / 8)
}

/// The bytes of `word` (little-endian) that JSON escapes, each marked by its high bit. The
/// lowest mark is exact; above it a borrow may mark a byte that is not escaped, which no
/// caller looks at (each takes the lowest).
fn escaped_marks(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Bytes below `n` (for `n` up to 0x80), and bytes that are zero.
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGHS;
    let zero = |w: u64| below(w, 1);
    below(word, 0x20)
        | zero(word ^ (ONES * u64::from(b'"')))
        | zero(word ^ (ONES * u64::from(b'\\')))
}

/// Per byte, what follows the backslash that escapes it (`u` for `\u00XX`), or 0 when the
/// byte is written as it is.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Appends `n` in decimal.
pub(super) fn decimal(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Writes the elements of a pretty-printed JSON array (the caller writes its brackets), each
/// made by `element` and preceded by `separator` (a comma, a newline and the indentation;
/// the very first without its comma). Elements are made window by window, each window's
/// pieces on all cores into buffers reused from window to window, and the next window is
/// made while this thread writes the last one: a large report is written through a few
/// megabytes, and neither the cores nor the output wait for each other. Each piece starts
/// `element` with a fresh `S`, which it may keep between the piece's elements (what the
/// last one wrote, to copy it again). `touch` is given the element [`TOUCH_AHEAD`] places
/// ahead of the one being written, to read what that one will need from elsewhere in
/// memory: its cache misses are then waited for together, not one after the other.
pub(super) fn write_elements<'a, T: Sync, S: Default>(
    items: &'a Segmented<T>,
    separator: &[u8],
    w: &mut dyn Write,
    element: impl Fn(&mut Vec<u8>, &'a T, &mut S) -> io::Result<()> + Sync,
    touch: impl Fn(&'a T) + Sync,
) -> io::Result<()> {
    let mut windows = items
        .segments()
        .flat_map(|segment| segment.chunks(PIECE * WINDOW));
    let fill = |buffers: &mut [Vec<u8>], window: &'a [T]| -> io::Result<usize> {
        let pieces = window.chunks(PIECE).count();
        buffers[..pieces]
            .par_iter_mut()
            .zip(window.par_chunks(PIECE))
            .try_for_each(|(s, piece)| -> io::Result<()> {
                s.clear();
                let mut state = S::default();
                for (k, item) in piece.iter().enumerate() {
                    if let Some(ahead) = piece.get(k + TOUCH_AHEAD) {
                        touch(ahead);
                    }
                    s.extend_from_slice(separator);
                    element(s, item, &mut state)?;
                }
                Ok(())
            })?;
        Ok(pieces)
    };
    let mut ready: Vec<Vec<u8>> = vec![Vec::new(); WINDOW];
    let mut next: Vec<Vec<u8>> = vec![Vec::new(); WINDOW];
    let Some(first_window) = windows.next() else {
        return Ok(());
    };
    let mut pieces = fill(&mut ready, first_window)?;
    let mut first = true;
    loop {
        let following = windows.next();
        let mut made = None;
        let written = rayon::in_place_scope(|scope| {
            if let Some(window) = following {
                let (next, made) = (&mut next, &mut made);
                scope.spawn(move |_| *made = Some(fill(next, window)));
            }
            for piece in &ready[..pieces] {
                let text = if first { &piece[1..] } else { &piece[..] };
                first = false;
                w.write_all(text)?;
            }
            Ok::<(), io::Error>(())
        });
        written?;
        match made {
            Some(made) => pieces = made?,
            None => return Ok(()),
        }
        std::mem::swap(&mut ready, &mut next);
    }
}

/// Reads the first bytes of what rendering `f` will read from memory elsewhere, ahead of
/// time, so that the cache misses of several findings overlap.
pub(super) fn touch_finding(f: &Finding) {
    std::hint::black_box((
        f.message.as_bytes().first().copied(),
        f.path.as_bytes().first().copied(),
        f.resource.name.as_bytes().first().copied(),
    ));
}

pub(crate) fn write(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let head: [(&str, String); 4] = [
        ("schemaVersion", pretty(&report.schema_version, 1)?),
        ("tool", pretty(&report.tool, 1)?),
        ("kubernetesVersion", pretty(&report.kubernetes_version, 1)?),
        ("inputs", pretty(&report.inputs, 1)?),
    ];
    w.write_all(b"{")?;
    for (i, (key, value)) in head.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        write!(w, "{sep}\n  \"{key}\": {value}")?;
    }
    if report.findings.is_empty() {
        w.write_all(b",\n  \"findings\": []")?;
    } else {
        w.write_all(b",\n  \"findings\": [")?;
        let rendered = PerControl::new(report)?;
        write_elements(
            &report.findings,
            b",\n    ",
            w,
            |s, f, last| rendered.finding_into(s, f, last),
            touch_finding,
        )?;
        w.write_all(b"\n  ]")?;
    }
    let mut tail: Vec<(&str, String)> = vec![
        ("controls", pretty(&report.controls, 1)?),
        ("frameworks", pretty(&report.frameworks, 1)?),
        ("exceptions", pretty(&report.exceptions, 1)?),
        ("summary", pretty(&report.summary, 1)?),
    ];
    if let Some(a) = &report.attack_paths {
        tail.push(("attackPaths", pretty(a, 1)?));
    }
    for (key, value) in tail {
        write!(w, ",\n  \"{key}\": {value}")?;
    }
    w.write_all(b"\n}\n")
}

#[cfg(test)]
pub(super) mod tests {
    use std::sync::Arc;

    use groundcrew_findings::{ControlMeta, Finding, Location, References, Severity};
    use groundcrew_inventory::ObjectId;

    pub(in crate::render) static CONTROL: ControlMeta = ControlMeta {
        id: "GC999",
        name: "quoted-\"name\"",
        title: "t",
        severity: Severity::High,
        category: "test",
        description: "d",
        rationale: "r",
        remediation: "Set `a: \"b\"`\\n and\ttabs, caf\u{e9} \u{2028}.",
        references: References {
            kubescape: &["C-0001"],
            cis: &["5.2.1"],
            nsa: &[],
            mitre: &["T1611"],
            pss: &[],
        },
        failing_example: "",
        passing_example: "",
    };

    /// A finding of [`CONTROL`] whose name, path, message and file hold `text`.
    pub(in crate::render) fn finding(
        namespace: Option<&str>,
        location: Option<Location>,
        text: &str,
    ) -> Finding {
        let resource = ObjectId {
            api_version: "apps/v1".into(),
            kind: "Deployment".into(),
            namespace: namespace.map(Into::into),
            name: format!("name-{text}").into(),
        };
        Finding::new(
            &CONTROL,
            Arc::new(resource),
            location,
            format!("spec.containers[{text}]"),
            format!("container {text:?} says {text}"),
        )
    }

    /// The word test that finds escaped bytes and the table that says how to escape them
    /// name the same bytes, at every place of a word.
    #[test]
    fn the_word_test_marks_exactly_the_bytes_the_table_escapes() {
        for b in 0..=u8::MAX {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let marks = super::escaped_marks(u64::from_le_bytes(word));
                let escaped = super::ESCAPE[usize::from(b)] != 0;
                let first = (marks != 0).then(|| marks.trailing_zeros() as usize / 8);
                assert_eq!(first, escaped.then_some(at), "byte {b:#04x} at {at}");
            }
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let escapes_as_serde = |s: &str| {
            let mut ours = Vec::new();
            super::json_str(&mut ours, s);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(s).unwrap(),
                "{s:?}"
            );
        };
        let mut every_ascii: String = (0u8..0x80).map(char::from).collect();
        every_ascii.push_str("caf\u{e9} \u{2028} \u{1F680} \\\"end");
        for s in [
            every_ascii.as_str(),
            "",
            "plain",
            "container \"debug\" runs privileged",
            "\"",
            "\u{7f}\u{1f}",
            "a message longer than sixteen bytes, \"quoted\", with a \\ and \"",
            "longer than sixteen bytes before a control character\n",
        ] {
            escapes_as_serde(s);
        }
        // Every length up to three words and a bit, with each escaped byte (and bytes
        // next to them in value) at every place, once or twice, among ASCII and multi-byte
        // characters.
        for len in 0..27 {
            for fill in ["a", "é", "~"] {
                let plain: String = fill.repeat(len);
                for special in ['"', '\\', '\n', '\u{1f}', '\u{0}', '!', '#', ' ', '[', ']'] {
                    for at in 0..=plain.chars().count() {
                        let mut s: String = plain.chars().take(at).collect();
                        s.push(special);
                        s.extend(plain.chars().skip(at));
                        escapes_as_serde(&s);
                        escapes_as_serde(&format!("{s}{special}{s}"));
                    }
                }
            }
        }
    }

    /// Findings with text that needs escaping in every field (the file too, with a `./`
    /// prefix, a space and a backslash), with and without a namespace, a location (zero or
    /// the largest line) and an attack-path risk (none, zero, over 100, several paths):
    /// what the direct writers are held to their serializers on.
    pub(in crate::render) fn variants() -> Vec<Finding> {
        let texts = [
            "plain",
            "quote\" and back\\slash",
            "line\nbreak\r\ttab\u{1}\u{1f}\u{7f}",
            "wide caf\u{e9} \u{1f600} \u{2028}",
            "./sp ace\\win",
            "",
        ];
        let mut all = Vec::new();
        for text in texts {
            for namespace in [None, Some("ns \"x\"")] {
                for location in [
                    None,
                    Some(Location {
                        file: format!("./dir/{text}.yaml").into(),
                        line: 0,
                        column: 0,
                    }),
                    Some(Location {
                        file: "a.yaml".into(),
                        line: 4_294_967_295,
                        column: 207,
                    }),
                ] {
                    for risk in [
                        None,
                        Some((0, vec![])),
                        Some((75, vec![1])),
                        Some((250, vec![4_294_967_295, 10, 3])),
                    ] {
                        let mut f = finding(namespace, location.clone(), text);
                        f.risk = risk.map(|(risk, paths)| groundcrew_findings::FindingRisk {
                            risk,
                            paths: paths.into(),
                        });
                        all.push(f);
                    }
                }
            }
        }
        assert_eq!(all.len(), 6 * 2 * 3 * 4);
        all
    }

    /// The direct writer writes what the serializer writes, over [`variants`], each with
    /// the control's own references and with them narrowed (to some of its Kubescape IDs,
    /// or to none); without related objects, with one, and with two (one without a
    /// location); not excepted, and excepted with and without an expiry date.
    #[test]
    fn findings_are_written_as_the_serializer_writes_them() {
        const NARROWINGS: [Option<&[&str]>; 3] = [None, Some(&["C-0001"]), Some(&[])];
        let mut parts = super::ControlParts::new(&CONTROL).unwrap();
        for kubescape in NARROWINGS.into_iter().flatten() {
            parts.narrow(kubescape).unwrap();
        }
        let related = |f: &Finding| -> Vec<groundcrew_findings::Related> {
            vec![
                groundcrew_findings::Related {
                    resource: f.resource.clone(),
                    location: f.location.clone(),
                    role: format!("role {}", f.message),
                },
                groundcrew_findings::Related {
                    resource: f.resource.clone(),
                    location: None,
                    role: String::new(),
                },
            ]
        };
        let exceptions = [
            None,
            Some(groundcrew_findings::Exception {
                source: "annotation".into(),
                reason: "a \"quoted\" reason\n".into(),
                expires: None,
            }),
            Some(groundcrew_findings::Exception {
                source: "./exceptions.yaml".into(),
                reason: String::new(),
                expires: Some("2027-01-31".into()),
            }),
        ];
        for kubescape in NARROWINGS {
            for how_many_related in 0..=2 {
                for exception in &exceptions {
                    for mut f in variants() {
                        f.kubescape = kubescape;
                        f.related = related(&f).into_iter().take(how_many_related).collect();
                        f.exception = exception.clone().map(Box::new);
                        let head = parts.head(f.kubescape).unwrap();
                        // Twice in a row, the second copying the first's identity.
                        let mut fast = Vec::new();
                        let mut last = super::LastIdentity::default();
                        super::finding_fields_into(&mut fast, &f, head, &parts.tail, &mut last);
                        super::finding_fields_into(&mut fast, &f, head, &parts.tail, &mut last);
                        let mut slow = Vec::new();
                        super::pretty_into(&mut slow, &f, 2).unwrap();
                        super::pretty_into(&mut slow, &f, 2).unwrap();
                        assert_eq!(
                            String::from_utf8(fast).unwrap(),
                            String::from_utf8(slow).unwrap()
                        );
                    }
                }
            }
        }
        // A narrowing not rendered has no head: such a finding takes the serializer.
        assert!(parts.head(Some(&["C-0002"])).is_none());
    }

    /// Within a piece, a finding whose resource is the last one's (the same shared
    /// identity) copies its identity; any other resource is written out, even one equal
    /// in content to the last.
    #[test]
    fn a_piece_copies_only_the_last_resource_identity() {
        let rendered = super::PerControl(
            [(CONTROL.id, super::ControlParts::new(&CONTROL).unwrap())]
                .into_iter()
                .collect(),
        );
        let mut findings = Vec::new();
        for f in variants() {
            let mut again = f.clone();
            again.path = "spec.other".into();
            let mut lookalike = f.clone();
            lookalike.resource = Arc::new((*f.resource).clone());
            findings.extend([f, again, lookalike]);
        }
        let mut fast = Vec::new();
        let mut last = super::LastIdentity::default();
        let mut slow = Vec::new();
        for f in &findings {
            rendered.finding_into(&mut fast, f, &mut last).unwrap();
            super::pretty_into(&mut slow, f, 2).unwrap();
        }
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            String::from_utf8(slow).unwrap()
        );
    }

    #[test]
    fn pretty_reindents_nested_values() {
        let v = serde_json::json!({"a": [1, {"b": 2}]});
        let s = super::pretty(&v, 1).unwrap();
        assert_eq!(
            s,
            "{\n    \"a\": [\n      1,\n      {\n        \"b\": 2\n      }\n    ]\n  }"
        );
    }
}
