//! The JSON report, byte for byte what `serde_json::to_writer_pretty` would write, with the
//! findings serialized on all cores in bounded windows (large reports are neither slow nor
//! held in memory whole).

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use groundcrew_findings::Finding;
use groundcrew_inventory::{FastMap, Segmented};
use serde_json::value::RawValue;

use crate::Report;

/// Findings per parallel piece, and pieces per window written before the next is made.
const PIECE: usize = 512;
const WINDOW: usize = 4;

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
struct PerControl(FastMap<&'static str, (Box<RawValue>, Box<RawValue>)>);

impl PerControl {
    fn new(report: &Report) -> io::Result<Self> {
        let mut rendered = FastMap::default();
        for f in report.findings.iter() {
            let key = f.control.id;
            if rendered.contains_key(key) {
                continue;
            }
            let raw = |text: String| RawValue::from_string(text).map_err(io::Error::other);
            let references = raw(pretty(&f.control.references, 3)?)?;
            let remediation = raw(pretty(f.control.remediation, 3)?)?;
            rendered.insert(key, (references, remediation));
        }
        Ok(PerControl(rendered))
    }

    /// Appends a finding as [`pretty_into`] at depth 2 would.
    fn finding_into(&self, out: &mut Vec<u8>, f: &Finding) -> io::Result<()> {
        let formatter = Indented {
            level: 2,
            has_value: false,
        };
        let mut ser = serde_json::Serializer::with_formatter(out, formatter);
        let parts = self.0.get(f.control.id);
        match (parts, f.kubescape) {
            // The control's own references: rendered once.
            (Some((references, remediation)), None) => {
                f.serialize_with(&mut ser, &**references, &**remediation)
            }
            // References narrowed to this failure's Kubescape IDs.
            (Some((_, remediation)), Some(_)) => {
                f.serialize_with(&mut ser, &f.references(), &**remediation)
            }
            (None, _) => f.serialize(&mut ser),
        }
        .map_err(io::Error::other)
    }
}

/// Writes the elements of a pretty-printed JSON array (the caller writes its brackets), each
/// made by `element` and preceded by `separator` (a comma, a newline and the indentation;
/// the very first without its comma). Pieces of elements are made on all cores into buffers
/// reused window after window: a large report is written through a few megabytes.
pub(super) fn write_elements<T: Sync>(
    items: &Segmented<T>,
    separator: &[u8],
    w: &mut dyn Write,
    element: impl Fn(&mut Vec<u8>, &T) -> io::Result<()> + Sync,
) -> io::Result<()> {
    let mut first = true;
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); WINDOW];
    for window in items
        .segments()
        .flat_map(|segment| segment.chunks(PIECE * WINDOW))
    {
        let pieces = window.chunks(PIECE).count();
        buffers[..pieces]
            .par_iter_mut()
            .zip(window.par_chunks(PIECE))
            .try_for_each(|(s, piece)| -> io::Result<()> {
                s.clear();
                for item in piece {
                    s.extend_from_slice(separator);
                    element(s, item)?;
                }
                Ok(())
            })?;
        for piece in &buffers[..pieces] {
            let text = if first { &piece[1..] } else { &piece[..] };
            first = false;
            w.write_all(text)?;
        }
    }
    Ok(())
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
        write_elements(&report.findings, b",\n    ", w, |s, f| {
            rendered.finding_into(s, f)
        })?;
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
mod tests {
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
