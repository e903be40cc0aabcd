//! What go-yaml (kubectl) reads and YAML 1.2 parsers reject: flow collections and quoted
//! scalars without regard to indentation, and tabs after a mapping's colon.
//!
//! go-yaml v2 (kubectl, the API server), like the libyaml it ports, does not check the
//! indentation of the lines inside a flow collection (`[...]`, `{...}`) or of the
//! continuation lines of a quoted scalar: the common style
//!
//! ```yaml
//!     args: [
//!         "--port", "8080",
//!     ]
//! ```
//!
//! whose closing bracket stands at the column of its key is read as `["--port", "8080"]`,
//! and a `"long\ndescription"` whose second line starts at column 1 as `long description`.
//! YAML 1.2 parsers (saphyr among them) require those lines to be indented deeper than the
//! block that holds them, and reject the document. When a document fails inside an open
//! flow collection, or at a quoted scalar that spans lines, [`relax`] indents every line of
//! the collection or scalar after its first past its opening column, and the document is
//! read again. This changes no value: inside a flow collection, the leading white space of
//! a line separates tokens only, and multi-line scalars (quoted or plain) fold it away. The
//! columns added are recorded in [`Shifts`], and positions are mapped back through it.
//!
//! libyaml also reads `key:<TAB>value` as `key: value`, where saphyr stops at a tab after a
//! colon that precedes a `-` or a letter or digit: such tabs become spaces, one for one, so
//! no column moves.
//!
//! Only documents that fail are re-read, so documents that load as they are cost nothing.

use saphyr_parser::{Event, Marker, Parser};

/// Each collection, scalar or tab relaxed costs a re-read of the document: at most this
/// many bytes are re-read in all (and at least 16 re-reads), so that a hostile document
/// cannot make reading it much dearer than reading it once. A document holds fewer places
/// to relax than bytes, so a small one with a relaxation on every line reads whole.
const RELAX_BUDGET_BYTES: usize = 64 << 20;

/// Columns added at the start of lines (1-based line numbers of the re-read text), sorted
/// by line. Empty unless the document was relaxed.
#[derive(Debug, Default)]
pub(crate) struct Shifts {
    lines: Vec<(usize, usize)>,
}

impl Shifts {
    /// The original 0-based column of column `col` (0-based, characters) of line `line`.
    pub(crate) fn original_col(&self, line: usize, col: usize) -> usize {
        if self.lines.is_empty() {
            return col;
        }
        match self.lines.binary_search_by_key(&line, |&(l, _)| l) {
            Ok(i) => col.saturating_sub(self.lines[i].1),
            Err(_) => col,
        }
    }

    fn add(&mut self, from: usize, to: usize, columns: usize) {
        for line in from..=to {
            match self.lines.binary_search_by_key(&line, |&(l, _)| l) {
                Ok(i) => self.lines[i].1 += columns,
                Err(i) => self.lines.insert(i, (line, columns)),
            }
        }
    }
}

/// A document's text relaxed as go-yaml reads it (lines inside flow collections and quoted
/// scalars indented as YAML 1.2 requires, tabs after colons made spaces), and the columns
/// added.
#[derive(Debug)]
pub(crate) struct Relaxed {
    pub(crate) text: String,
    pub(crate) shifts: Shifts,
}

/// The text of a document that fails inside a flow collection, at a multi-line quoted
/// scalar or at a tab after a colon, relaxed until it reads or fails for another reason;
/// `None` when it fails elsewhere (the original error stands).
pub(crate) fn relax(text: &str) -> Option<Relaxed> {
    let mut relaxed = Relaxed {
        text: text.to_owned(),
        shifts: Shifts::default(),
    };
    let mut changed = false;
    let mut done: Vec<(usize, usize)> = Vec::new();
    let rounds = (RELAX_BUDGET_BYTES / text.len().max(1)).max(16);
    for _ in 0..rounds {
        let flow = match failure(&relaxed.text) {
            None => return changed.then_some(relaxed),
            Some(Failure::TabsAfterColon(tabs)) => {
                // Tabs become spaces, one for one (the failure moves on, or is another).
                let spaces = " ".repeat(tabs.len());
                relaxed.text.replace_range(tabs, &spaces);
                changed = true;
                continue;
            }
            Some(Failure::Indented(flow)) => flow,
        };
        // A collection or scalar relaxed once and failing again fails for another reason.
        if done.contains(&(flow.line, flow.col)) {
            return None;
        }
        done.push((flow.line, flow.col));
        let end_line = match flow.kind {
            Kind::Collection => closing_line(&relaxed.text, flow.byte)?,
            Kind::Quoted => flow.line + quoted_end(relaxed.text.as_bytes(), flow.byte)?.1,
        };
        if end_line <= flow.line {
            return None;
        }
        let columns = flow.col + 1;
        relaxed.text = indent_lines(&relaxed.text, flow.line + 1, end_line, columns);
        relaxed.shifts.add(flow.line + 1, end_line, columns);
        changed = true;
    }
    None
}

/// Why reading a document fails, when go-yaml would read it.
#[derive(Debug)]
enum Failure {
    /// Inside a flow collection, or at a quoted scalar, indented less than YAML 1.2 wants.
    Indented(FlowStart),
    /// Tabs (and spaces) between a colon and its value: their byte range.
    TabsAfterColon(std::ops::Range<usize>),
}

/// Where an outermost flow collection or a quoted scalar starts: 1-based line, 0-based
/// column (characters) and byte offset of its bracket or quote.
#[derive(Debug, Clone, Copy)]
struct FlowStart {
    kind: Kind,
    line: usize,
    col: usize,
    byte: usize,
}

/// Why reading `text` fails: at tabs after a colon, or in the outermost flow collection
/// open there (on a line after the collection's first), or at a quoted scalar. `None`
/// when the text reads, or fails elsewhere.
fn failure(text: &str) -> Option<Failure> {
    // The parser's markers count characters: their byte offsets, in constant time (a
    // document on one long line makes hundreds of thousands of events).
    let bytes_of_chars: Option<Vec<usize>> =
        (!text.is_ascii()).then(|| text.char_indices().map(|(b, _)| b).collect());
    let byte_of = |m: Marker| -> usize {
        match &bytes_of_chars {
            None => m.index().min(text.len()),
            Some(table) => table.get(m.index()).copied().unwrap_or(text.len()),
        }
    };
    // Open collections from the parser's events (`Some` for flow collections), and where
    // the last event ended.
    let mut open: Vec<Option<FlowStart>> = Vec::new();
    let mut read_to = 0;
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = match event {
            Ok(ok) => ok,
            Err(e) => {
                let (line, col) = (e.marker().line(), e.marker().col());
                let at = byte_of(*e.marker());
                if let Some(tabs) = tabs_after_colon(text, at) {
                    return Some(Failure::TabsAfterColon(tabs));
                }
                // A collection whose start event was sent, or else one the scanner read
                // ahead of the parser (between the last event and the error).
                let outermost = match open.iter().flatten().next() {
                    Some(flow) => Some(*flow),
                    None => unclosed_flow(text, read_to, at),
                };
                let flow = match outermost {
                    Some(flow) => (line > flow.line).then_some(flow),
                    // The parser reports a quoted scalar's indentation at its start.
                    None => {
                        let quote = matches!(text.as_bytes().get(at), Some(b'"' | b'\''));
                        quote.then_some(FlowStart {
                            kind: Kind::Quoted,
                            line,
                            col,
                            byte: at,
                        })
                    }
                };
                return flow.map(Failure::Indented);
            }
        };
        read_to = byte_of(span.end);
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let (line, col) = (span.start.line(), span.start.col());
                let flow = Some(byte_of(span.start))
                    .filter(|&b| matches!(text.as_bytes().get(b), Some(b'[' | b'{')))
                    .map(|byte| FlowStart {
                        kind: Kind::Collection,
                        line,
                        col,
                        byte,
                    });
                open.push(flow);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                open.pop();
            }
            Event::StreamEnd => return None,
            _ => {}
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Collection,
    Quoted,
}

/// The white space between a colon and byte `at` (where the parser stopped), if it holds a
/// tab.
fn tabs_after_colon(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let before = text.as_bytes().get(..at)?;
    let blank = before
        .iter()
        .rev()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    let start = at - blank;
    let run = &before[start..];
    (start > 0 && before[start - 1] == b':' && run.contains(&b'\t')).then_some(start..at)
}

/// The outermost flow collection opened in `text[from..until]` and not closed there.
fn unclosed_flow(text: &str, from: usize, until: usize) -> Option<FlowStart> {
    let mut open: Vec<FlowStart> = Vec::new();
    for bracket in Brackets::new(text, from, until) {
        match bracket {
            Bracket::Open(start) => open.push(start),
            Bracket::Close(_) => {
                open.pop();
            }
        }
    }
    open.first().copied()
}

/// The 1-based line of the bracket that closes the flow collection opening at byte `open`;
/// `None` when it does not close.
fn closing_line(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for bracket in Brackets::new(text, open, text.len()) {
        match bracket {
            Bracket::Open(_) => depth += 1,
            Bracket::Close(line) => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(line);
                }
            }
        }
    }
    None
}

/// A flow collection's bracket: where it opens, or the line where it closes.
#[derive(Debug, Clone, Copy)]
enum Bracket {
    Open(FlowStart),
    Close(usize),
}

/// The flow brackets of `text[from..until]`, found lexically from a node's start: quoted
/// scalars and comments are skipped, and a bracket or quote inside a plain scalar
/// (`items[0]`, `it's`) is part of it.
struct Brackets<'t> {
    bytes: &'t [u8],
    i: usize,
    until: usize,
    line: usize,
    line_start: usize,
    /// Characters from `line_start` to byte `counted_to`: columns are counted on from the
    /// last one asked for, so a long line is counted once, not once per bracket.
    counted_to: usize,
    counted: usize,
    /// Whether the next non-blank byte starts a node (so a bracket or quote opens one).
    node_start: bool,
    after_blank: bool,
    after_quoted: bool,
}

impl<'t> Brackets<'t> {
    fn new(text: &'t str, from: usize, until: usize) -> Self {
        let bytes = text.as_bytes();
        let before = &bytes[..from.min(bytes.len())];
        Brackets {
            bytes,
            i: from,
            until: until.min(bytes.len()),
            line: 1 + memchr::memchr_iter(b'\n', before).count(),
            line_start: memchr::memrchr(b'\n', before).map_or(0, |n| n + 1),
            counted_to: 0,
            counted: 0,
            node_start: true,
            after_blank: true,
            after_quoted: false,
        }
    }

    /// The 0-based column (characters) of byte `at`, on or after the last one asked for.
    fn col_of(&mut self, at: usize) -> usize {
        if self.counted_to < self.line_start {
            self.counted_to = self.line_start;
            self.counted = 0;
        }
        let run = self.bytes.get(self.counted_to..at).unwrap_or(&[]);
        // Each character has one byte that is not a UTF-8 continuation byte.
        self.counted += run.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        self.counted_to = at;
        self.counted
    }

    fn token(&mut self, node_start: bool, after_quoted: bool) {
        self.node_start = node_start;
        self.after_blank = false;
        self.after_quoted = after_quoted;
    }
}

impl Iterator for Brackets<'_> {
    type Item = Bracket;

    fn next(&mut self) -> Option<Bracket> {
        const ENDS_TOKEN: &[u8] = b" \t\r\n,[]{}";
        while self.i < self.until {
            let b = self.bytes[self.i];
            let next = self.bytes.get(self.i + 1).copied();
            match b {
                b'\n' => {
                    self.line += 1;
                    self.line_start = self.i + 1;
                    self.after_blank = true;
                }
                b' ' | b'\t' | b'\r' => self.after_blank = true,
                b'#' if self.after_blank => {
                    self.i = memchr::memchr(b'\n', &self.bytes[self.i..])
                        .map_or(self.bytes.len(), |n| self.i + n);
                    continue;
                }
                b'[' | b'{' if self.node_start => {
                    let at = self.i;
                    let col = self.col_of(at);
                    self.token(true, false);
                    self.i += 1;
                    return Some(Bracket::Open(FlowStart {
                        kind: Kind::Collection,
                        line: self.line,
                        col,
                        byte: at,
                    }));
                }
                b']' | b'}' => {
                    self.token(false, false);
                    self.i += 1;
                    return Some(Bracket::Close(self.line));
                }
                b',' => self.token(true, false),
                // Block entries and explicit keys: a node follows.
                b'-' | b'?' if self.node_start && next.is_none_or(|n| ENDS_TOKEN.contains(&n)) => {
                    self.token(true, false);
                }
                b':' => {
                    let indicator = next.is_none_or(|n| ENDS_TOKEN.contains(&n));
                    let value = indicator || self.after_quoted;
                    self.token(value, false);
                }
                b'"' | b'\'' if self.node_start => {
                    let (end, lines, last_break) = quoted_end(self.bytes, self.i)?;
                    if let Some(at) = last_break {
                        self.line_start = at + 1;
                    }
                    self.line += lines;
                    self.i = end + 1;
                    self.token(false, true);
                    continue;
                }
                // Anchors and tags before a node: the node still starts after them.
                b'&' | b'!' if self.node_start => {
                    while self
                        .bytes
                        .get(self.i + 1)
                        .is_some_and(|n| !ENDS_TOKEN.contains(n))
                    {
                        self.i += 1;
                    }
                    self.after_blank = false;
                }
                _ => self.token(false, false),
            }
            self.i += 1;
        }
        None
    }
}

/// The byte offset of the quote that ends the quoted scalar opening at `start`, the line
/// breaks inside it and where the last is: `''` is a quote in single-quoted scalars, `\`
/// escapes in double.
fn quoted_end(bytes: &[u8], start: usize) -> Option<(usize, usize, Option<usize>)> {
    let quote = *bytes.get(start)?;
    let mut lines = 0;
    let mut last_break = None;
    let mut i = start + 1;
    loop {
        match *bytes.get(i)? {
            b'\n' => {
                lines += 1;
                last_break = Some(i);
            }
            b'\\' if quote == b'"' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    lines += 1;
                    last_break = Some(i + 1);
                }
                i += 1;
            }
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            q if q == quote => return Some((i, lines, last_break)),
            _ => {}
        }
        i += 1;
    }
}

/// `text` with `columns` spaces added at the start of lines `from..=to` (1-based).
fn indent_lines(text: &str, from: usize, to: usize, columns: usize) -> String {
    let pad = " ".repeat(columns);
    let mut out = String::with_capacity(text.len() + (to + 1 - from) * columns);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let n = i + 1;
        if (from..=to).contains(&n) {
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closing_bracket_at_its_keys_column_is_relaxed() {
        let text = "a:\n  b: [\n  1, 2,\n  ]\nc: 3\n";
        let r = relax(text).unwrap();
        assert_eq!(r.text, "a:\n  b: [\n        1, 2,\n        ]\nc: 3\n");
        assert_eq!(r.shifts.original_col(3, 8), 2);
        assert_eq!(r.shifts.original_col(4, 8), 2);
        // Lines outside the collection keep their columns.
        assert_eq!(r.shifts.original_col(5, 0), 0);
    }

    #[test]
    fn a_quoted_scalar_continued_at_column_one_is_relaxed() {
        let text = "a:\n  b: \"x\ny\"\n  c: 'p\n\n q'\n";
        let r = relax(text).unwrap();
        assert_eq!(
            r.text,
            "a:\n  b: \"x\n      y\"\n  c: 'p\n      \n       q'\n"
        );
        assert_eq!(r.shifts.original_col(3, 6), 0);
        assert_eq!(r.shifts.original_col(4, 2), 2);
        assert_eq!(r.shifts.original_col(6, 7), 1);
    }

    #[test]
    fn many_relaxed_scalars_in_one_document_are_all_read() {
        let text: String = (0..100).map(|i| format!("k{i}: \"a\nb\"\n")).collect();
        let r = relax(&text).unwrap();
        assert_eq!(r.shifts.lines.len(), 100);
    }

    /// A ConfigMap written with a tab after every key: each tab is one re-read, and 300
    /// of them (more than the 256 re-reads once allowed) all read.
    #[test]
    fn a_tab_after_every_key_reads() {
        let text: String = (0..300).map(|i| format!("k{i}:\tv{i}\n")).collect();
        let r = relax(&text).unwrap();
        assert!(!r.text.contains('\t'));
        assert_eq!(r.text, text.replace('\t', " "));
    }

    #[test]
    fn tabs_after_a_colon_become_spaces() {
        let r = relax("a:\tb\nc:\n  d:\t\t-x\n").unwrap();
        assert_eq!(r.text, "a: b\nc:\n  d:  -x\n");
        assert!(r.shifts.lines.is_empty());
        // A tab elsewhere is not touched.
        assert!(relax("a:\n-\t- x\n").is_none());
    }

    #[test]
    fn documents_that_read_or_fail_elsewhere_are_not_relaxed() {
        assert!(relax("a: [1, 2]\n").is_none());
        assert!(relax("a: 1\n b: 2\n").is_none());
        // The collection opens and fails on the same line: nothing to indent.
        assert!(relax("a: [1, 2\n").is_none());
    }

    #[test]
    fn the_closing_bracket_is_found_past_quotes_comments_and_plain_scalars() {
        let text = "[\"a]\", 'b'']', it's, # ]\n {x: [y]}, c\n]\n";
        assert_eq!(closing_line(text, 0), Some(3));
        assert_eq!(closing_line("[\"a\nb\", 'c\nd']", 0), Some(3));
        assert_eq!(closing_line("[&x 'a]', !!str \"b]\"]", 0), Some(1));
        assert_eq!(closing_line("{\"a\":'b]'}", 0), Some(1));
        assert_eq!(closing_line("[a, [b]\n", 0), None);
    }
}
