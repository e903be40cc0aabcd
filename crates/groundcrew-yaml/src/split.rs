//! Streaming splitters: a reader in, one [`Chunk`] per YAML document or per JSON list item
//! out, so that a large file is never held whole and its pieces can be parsed in parallel.

use std::io::{self, Read};

use crate::Pos;

/// One piece of a file to parse on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The piece's text.
    pub text: String,
    /// Where `text` starts in the file.
    pub start: Pos,
    pub kind: ChunkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkKind {
    /// One YAML document (it may be empty: comments only).
    YamlDocument,
    /// Item `n` of the `items` of a large YAML document streamed item by item: the item's
    /// lines with its leading `-` blanked, so it parses as a mapping at the same positions.
    YamlListItem(usize),
    /// The rest of a streamed YAML document (its `items` emptied), emitted after its items:
    /// the caller checks from its `kind` that it was a `*List`.
    YamlListWrapper,
    /// A whole JSON file.
    JsonDocument,
    /// Item `n` of the `items` array of a JSON `*List`.
    JsonListItem(usize),
}

/// What a file looked like while it was split.
#[derive(Debug, Default, Clone)]
pub struct SplitSummary {
    /// The text contains `{{` (a Go/Helm template marker).
    pub has_template_markers: bool,
    /// A line starts a Go template action (`{{- if`, `{{ range`, `{{ end }}`...).
    pub has_template_actions: bool,
    /// For JSON split into list items: the wrapper object with its `items` emptied.
    pub json_wrapper: Option<String>,
}

/// An input that is not valid UTF-8, or an I/O error.
#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("{pos}: input is not valid UTF-8")]
    Utf8 { pos: Pos },
}

fn is_marker(line: &[u8], marker: &[u8; 3]) -> bool {
    line.starts_with(marker) && line.get(3).is_none_or(|b| b.is_ascii_whitespace())
}

fn template_action(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    let Some(rest) = t.strip_prefix(b"{{") else {
        return false;
    };
    let rest = rest.strip_prefix(b"-").unwrap_or(rest).trim_ascii_start();
    [
        &b"if "[..],
        b"else",
        b"end",
        b"range ",
        b"with ",
        b"define ",
        b"include ",
        b"template ",
        b"/*",
        b"- ",
        b"$",
        b"toYaml",
        b".Values",
    ]
    .iter()
    .any(|p| rest.starts_with(p))
}

/// YAML documents larger than this that hold a top-level `items:` sequence are streamed item
/// by item (a `kubectl get -o yaml` dump is one such document).
pub const LIST_STREAM_BYTES: usize = 4 << 20;

/// Where the splitter is relative to a top-level `items:` sequence of the current document.
#[derive(Default)]
struct ItemsScan {
    /// Inside the items sequence: the column of its `-`, once known.
    active: bool,
    indent: Option<usize>,
    /// While buffering (not yet streaming): offset and line of each item start.
    starts: Vec<(usize, u32)>,
    /// Streaming: the document's text outside its items, and the next item's index.
    streaming: bool,
    wrapper: Vec<u8>,
    wrapper_line: u32,
    next_index: usize,
}

fn leading_spaces(line: &[u8]) -> usize {
    line.iter().take_while(|&&b| b == b' ').count()
}

fn is_blank_or_comment(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    t.is_empty() || t.starts_with(b"#")
}

/// `items:` at column 0 with nothing (or a comment) after it.
fn is_items_key(line: &[u8]) -> bool {
    line.strip_prefix(b"items:")
        .is_some_and(is_blank_or_comment)
}

/// A sequence entry at column `indent`: `- ...` or a lone `-`.
fn is_entry_at(line: &[u8], indent: usize) -> bool {
    leading_spaces(line) == indent
        && line.get(indent) == Some(&b'-')
        && line.get(indent + 1).is_none_or(|b| b.is_ascii_whitespace())
}

/// Splits YAML text into documents at `---` and after `...` lines. A leading byte-order mark
/// is dropped. `emit` gets each chunk in order. With `stream_lists`, a document larger than
/// [`LIST_STREAM_BYTES`] whose top level holds `items:` is emitted item by item
/// ([`ChunkKind::YamlListItem`]) followed by its wrapper ([`ChunkKind::YamlListWrapper`]),
/// so that it is never held whole.
///
/// Reads in large blocks and looks closely only at lines that can matter (markers, template
/// braces, items), so that splitting stays far cheaper than parsing.
///
/// # Errors
/// I/O errors and invalid UTF-8 (with the position of the first bad line).
pub fn split_yaml<R: Read>(
    mut reader: R,
    stream_lists: bool,
    mut emit: impl FnMut(Chunk),
) -> Result<SplitSummary, SplitError> {
    const BLOCK: usize = 1 << 20;
    let mut summary = SplitSummary::default();
    // `buf[doc_start..]` holds the pending text of the current document (or, when streaming a
    // list, of its current item), which starts at line `doc_line`; lines before `scan_from`
    // are scanned, and `line_no` is the line at `scan_from`.
    let mut buf: Vec<u8> = Vec::new();
    let mut doc_start = 0usize;
    let mut doc_line = 1u32;
    let mut scan_from = 0usize;
    let mut line_no = 1u32;
    let mut items = ItemsScan::default();
    let mut first = true;
    let mut eof = false;
    let finder = memchr::memmem::Finder::new(b"{{");
    while !eof {
        if doc_start > 0 {
            buf.drain(..doc_start);
            scan_from -= doc_start;
            for s in &mut items.starts {
                s.0 -= doc_start;
            }
            doc_start = 0;
        }
        // Small files (and fuzz inputs) are common: start with a small block.
        let block = if first { BLOCK / 16 } else { BLOCK };
        // Appended as read: no zero-filled block ahead of each read (a directory of small
        // files would otherwise clear a megabyte per file and read).
        let n = (&mut reader).take(block as u64).read_to_end(&mut buf)?;
        eof = n == 0;
        if first && buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
        }
        first = false;
        loop {
            let rest = &buf[scan_from..];
            let line_len = match memchr::memchr(b'\n', rest) {
                Some(i) => i + 1,
                None if eof && !rest.is_empty() => rest.len(),
                None => break,
            };
            let line = &rest[..line_len];
            if !summary.has_template_actions && finder.find(line).is_some() {
                summary.has_template_markers = true;
                summary.has_template_actions = template_action(line);
            }
            let starts_doc = line.first() == Some(&b'-') && is_marker(line, b"---");
            let ends_doc = line.first() == Some(&b'.') && is_marker(line, b"...");
            if starts_doc && (scan_from > doc_start || items.streaming) {
                finish_document(&buf[doc_start..scan_from], doc_line, &mut items, &mut emit)?;
                doc_start = scan_from;
                doc_line = line_no;
            }
            if stream_lists && !starts_doc && !ends_doc {
                // Track the top-level `items:` sequence of the current document.
                let line_start = scan_from;
                if items.active {
                    let indent = *items.indent.get_or_insert_with(|| leading_spaces(line));
                    let next_item = is_entry_at(line, indent);
                    // A less indented line ends the sequence; it belongs to the wrapper again.
                    let ended =
                        !next_item && !is_blank_or_comment(line) && leading_spaces(line) <= indent;
                    if next_item || ended {
                        items.active = !ended;
                        if items.streaming {
                            if line_start > doc_start {
                                let item = &buf[doc_start..line_start];
                                emit_item(item, doc_line, &mut items, &mut emit)?;
                            }
                            doc_start = line_start;
                            doc_line = line_no;
                        } else {
                            items.starts.push((line_start, line_no));
                        }
                    }
                } else if is_items_key(line) && items.starts.is_empty() && !items.streaming {
                    items.active = true;
                    items.indent = None;
                    items.starts.push((line_start + line_len, line_no + 1));
                }
            }
            scan_from += line_len;
            line_no += 1;
            if items.streaming && !items.active && scan_from > doc_start {
                // Wrapper lines after the items go straight to the wrapper.
                items.wrapper.extend_from_slice(&buf[doc_start..scan_from]);
                doc_start = scan_from;
                doc_line = line_no;
            }
            if ends_doc {
                finish_document(&buf[doc_start..scan_from], doc_line, &mut items, &mut emit)?;
                doc_start = scan_from;
                doc_line = line_no;
            }
        }
        // A large document with items: from now on, stream it item by item.
        if stream_lists
            && !items.streaming
            && items.starts.len() > 1
            && buf.len() - doc_start > LIST_STREAM_BYTES
        {
            let first_line = doc_line;
            start_streaming(
                &buf,
                &mut doc_start,
                &mut doc_line,
                first_line,
                &mut items,
                &mut emit,
            )?;
        }
    }
    if doc_start < buf.len() || items.streaming {
        finish_document(&buf[doc_start..], doc_line, &mut items, &mut emit)?;
    }
    Ok(summary)
}

/// Switches the current document to streaming: its text before `items:` becomes the
/// wrapper, every complete item buffered so far is emitted, the last (open) one stays.
fn start_streaming(
    buf: &[u8],
    doc_start: &mut usize,
    doc_line: &mut u32,
    first_line: u32,
    items: &mut ItemsScan,
    emit: &mut impl FnMut(Chunk),
) -> Result<(), SplitError> {
    let starts = std::mem::take(&mut items.starts);
    let (body_start, _) = starts[0];
    items.wrapper = buf[*doc_start..body_start].to_vec();
    items.wrapper_line = first_line;
    items.streaming = true;
    let boundaries = &starts[1..];
    for pair in boundaries.windows(2) {
        let ((from, line), (to, _)) = (pair[0], pair[1]);
        emit_item(&buf[from..to], line, items, emit)?;
    }
    let (last, last_line) = boundaries[boundaries.len() - 1];
    if !items.active {
        // The items ended within the buffer: the rest is wrapper.
        items.wrapper.extend_from_slice(&buf[last..]);
        *doc_start = buf.len();
        *doc_line = last_line;
        return Ok(());
    }
    *doc_start = last;
    *doc_line = last_line;
    Ok(())
}

fn emit_item(
    bytes: &[u8],
    line: u32,
    items: &mut ItemsScan,
    emit: &mut impl FnMut(Chunk),
) -> Result<(), SplitError> {
    let mut text = to_text(bytes, line)?;
    let indent = items.indent.unwrap_or(0);
    // Blank the entry's `-` so the item parses as a mapping at the same columns.
    if text.as_bytes().get(indent) == Some(&b'-') {
        text.replace_range(indent..=indent, " ");
    }
    emit(Chunk {
        text,
        start: Pos::new(line, 1),
        kind: ChunkKind::YamlListItem(items.next_index),
    });
    items.next_index += 1;
    Ok(())
}

/// Emits the finished document: whole, or (when streamed) its last item and its wrapper.
fn finish_document(
    bytes: &[u8],
    line: u32,
    items: &mut ItemsScan,
    emit: &mut impl FnMut(Chunk),
) -> Result<(), SplitError> {
    if items.streaming {
        if items.active {
            if !bytes.is_empty() {
                emit_item(bytes, line, items, emit)?;
            }
        } else {
            items.wrapper.extend_from_slice(bytes);
        }
        let wrapper = std::mem::take(&mut items.wrapper);
        emit(Chunk {
            text: to_text(&wrapper, items.wrapper_line)?,
            start: Pos::new(items.wrapper_line, 1),
            kind: ChunkKind::YamlListWrapper,
        });
    } else if !bytes.is_empty() {
        emit(Chunk {
            text: to_text(bytes, line)?,
            start: Pos::new(line, 1),
            kind: ChunkKind::YamlDocument,
        });
    }
    *items = ItemsScan::default();
    Ok(())
}

/// Fills `buf` as far as the reader allows; 0 only at end of input.
fn to_text(bytes: &[u8], line: u32) -> Result<String, SplitError> {
    std::str::from_utf8(bytes).map(str::to_string).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let lines = memchr::memchr_iter(b'\n', valid).count() as u32;
        SplitError::Utf8 {
            pos: Pos::new(line + lines, 1),
        }
    })
}

/// Splits a JSON file. When its top level is an object with an `items` array, every item is
/// emitted on its own (`JsonListItem`) and the wrapper, with `items` emptied, is returned in
/// the summary: the caller decides from its `kind` whether it was a `*List`. Otherwise the
/// whole text is emitted as one `JsonDocument`.
///
/// # Errors
/// I/O errors and invalid UTF-8.
pub fn split_json<R: Read>(
    mut reader: R,
    mut emit: impl FnMut(Chunk),
) -> Result<SplitSummary, SplitError> {
    let mut summary = SplitSummary::default();
    let mut buf = vec![0u8; 1 << 16];
    let mut s = JsonScan {
        line: 1,
        col: 1,
        ..JsonScan::default()
    };
    let mut first = true;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let mut data = &buf[..n];
        if first && data.starts_with(b"\xEF\xBB\xBF") {
            data = &data[3..];
        }
        first = false;
        let mut i = 0;
        while i < data.len() {
            // Inside an item, or a value nested in the wrapper, only strings and nesting
            // matter until it closes: skim it and keep its bytes in one piece.
            let floor = if s.in_items { 3 } else { 2 };
            if s.depth >= floor {
                let n = s.skim(&data[i..], floor);
                let run = &data[i..i + n];
                if s.in_items {
                    s.item.extend_from_slice(run);
                } else {
                    s.wrapper.extend_from_slice(run);
                }
                i += n;
                continue;
            }
            if s.in_string && !s.escape {
                // Inside a string only `"` and `\\` matter: take the run up to the next one at once.
                let end = memchr::memchr2(b'"', b'\\', &data[i..]).map_or(data.len(), |k| i + k);
                s.string_run(&data[i..end]);
                i = end;
                if i == data.len() {
                    break;
                }
            }
            if s.in_items && s.depth == 2 && !s.in_string && s.item.is_empty() {
                // An item may start here: its position is needed.
                s.sync(data, i);
            }
            s.byte(data[i], &mut emit)?;
            i += 1;
        }
        s.sync(data, data.len());
        s.synced = 0;
    }
    if s.split_items {
        summary.json_wrapper = Some(String::from_utf8(std::mem::take(&mut s.wrapper)).map_err(
            |_| SplitError::Utf8 {
                pos: Pos::new(1, 1),
            },
        )?);
    } else {
        let text = String::from_utf8(std::mem::take(&mut s.wrapper)).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let lines = valid.iter().filter(|&&b| b == b'\n').count() as u32;
            SplitError::Utf8 {
                pos: Pos::new(1 + lines, 1),
            }
        })?;
        emit(Chunk {
            text,
            start: Pos::new(1, 1),
            kind: ChunkKind::JsonDocument,
        });
    }
    Ok(summary)
}

#[derive(Default)]
struct JsonScan {
    depth: usize,
    in_string: bool,
    escape: bool,
    /// The position of the byte at offset `synced` of the block being read.
    line: u32,
    col: u32,
    synced: usize,
    /// Text of the last string closed at depth 1, and whether a ':' followed it.
    key: Vec<u8>,
    collecting_key: bool,
    after_colon: bool,
    /// Inside the top-level `items` array.
    in_items: bool,
    split_items: bool,
    item: Vec<u8>,
    item_start: Pos,
    item_index: usize,
    wrapper: Vec<u8>,
}

impl JsonScan {
    /// Brings the position forward to offset `to` of the block being read.
    fn sync(&mut self, data: &[u8], to: usize) {
        let run = &data[self.synced..to];
        match memchr::memrchr(b'\n', run) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', run).count() as u32;
                self.col = 1 + count_chars(&run[last + 1..]);
            }
            None => self.col += count_chars(run),
        }
        self.synced = to;
    }

    /// Reads through nested values (depth at least `floor`) tracking only strings and
    /// nesting; stops after the byte that closes the outermost of them, or at the end.
    /// Returns the number of bytes read.
    fn skim(&mut self, bytes: &[u8], floor: usize) -> usize {
        let mut i = 0;
        while i < bytes.len() {
            if self.in_string && !self.escape {
                // Only `"` and `\\` matter inside a string; long ones (certificates, the
                // last-applied-configuration annotation) are searched, not walked.
                match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
                    Some(k) => i += k,
                    None => return bytes.len(),
                }
            }
            self.track(bytes[i]);
            i += 1;
            if self.depth < floor {
                return i;
            }
        }
        i
    }

    /// Bytes inside a string, up to (not including) the next quote or backslash.
    fn string_run(&mut self, run: &[u8]) {
        if run.is_empty() {
            return;
        }
        if self.in_items && self.depth >= 2 {
            self.item.extend_from_slice(run);
        } else {
            self.wrapper.extend_from_slice(run);
            if self.depth == 1 && self.collecting_key {
                self.key.extend_from_slice(run);
            }
        }
    }

    fn byte(&mut self, b: u8, emit: &mut impl FnMut(Chunk)) -> Result<(), SplitError> {
        // Up to date where an item may start (see `split_json`).
        let pos = Pos::new(self.line, self.col);
        if self.in_items && self.depth >= 2 {
            // Inside the items array: collect item bytes.
            let structural = !self.in_string;
            if self.depth == 2 && structural && !b.is_ascii_whitespace() {
                match b {
                    b',' => {
                        self.finish_item(emit)?;
                        return Ok(());
                    }
                    b']' => {
                        self.finish_item(emit)?;
                        self.depth = 1;
                        self.in_items = false;
                        self.wrapper.push(b']');
                        return Ok(());
                    }
                    _ => {
                        if self.item.is_empty() {
                            self.item_start = pos;
                        }
                    }
                }
            }
            if self.depth == 2 && self.item.is_empty() && b.is_ascii_whitespace() {
                return Ok(());
            }
            self.item.push(b);
            self.track(b);
            return Ok(());
        }
        self.wrapper.push(b);
        let was_depth = self.depth;
        let was_string = self.in_string;
        self.track(b);
        if was_depth == 1 {
            if was_string && self.in_string && self.collecting_key {
                self.key.push(b);
            } else if !was_string && self.in_string {
                self.key.clear();
                self.collecting_key = !self.after_colon;
            } else if was_string && !self.in_string {
                self.collecting_key = false;
            } else if !self.in_string {
                match b {
                    b':' => self.after_colon = true,
                    b',' => {
                        self.after_colon = false;
                        self.key.clear();
                    }
                    b'[' if self.after_colon && self.key == b"items" && !self.split_items => {
                        self.in_items = true;
                        self.split_items = true;
                        self.after_colon = false;
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// Tracks strings and nesting depth.
    fn track(&mut self, b: u8) {
        if self.in_string {
            if self.escape {
                self.escape = false;
            } else if b == b'\\' {
                self.escape = true;
            } else if b == b'"' {
                self.in_string = false;
            }
            return;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    fn finish_item(&mut self, emit: &mut impl FnMut(Chunk)) -> Result<(), SplitError> {
        if self.item.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.item);
        let text = String::from_utf8(bytes).map_err(|_| SplitError::Utf8 {
            pos: self.item_start,
        })?;
        emit(Chunk {
            text,
            start: self.item_start,
            kind: ChunkKind::JsonListItem(self.item_index),
        });
        self.item_index += 1;
        Ok(())
    }
}

/// Unicode code points in UTF-8 bytes (bytes that are not continuation bytes).
fn count_chars(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_documents_split_on_markers() {
        let text = "\u{feff}a: 1\n---\nb: 2\n...\n# c\n--- \nd: 3\n";
        let mut chunks = Vec::new();
        split_yaml(text.as_bytes(), true, |c| chunks.push(c)).unwrap();
        let starts: Vec<u32> = chunks.iter().map(|c| c.start.line).collect();
        assert_eq!(starts, vec![1, 2, 5, 6]);
        assert_eq!(chunks[0].text, "a: 1\n");
    }

    #[test]
    fn json_list_items_are_split() {
        let text = "{\"apiVersion\": \"v1\", \"items\": [\n  {\"kind\": \"Pod\", \"x\": \"]\"},\n  {\"kind\": \"Service\"}\n], \"kind\": \"List\"}";
        let mut chunks = Vec::new();
        let s = split_json(text.as_bytes(), |c| chunks.push(c)).unwrap();
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].text, "{\"kind\": \"Pod\", \"x\": \"]\"}");
        assert_eq!(chunks[0].start, Pos::new(2, 3));
        assert_eq!(chunks[1].start, Pos::new(3, 3));
        assert_eq!(
            s.json_wrapper.as_deref(),
            Some("{\"apiVersion\": \"v1\", \"items\": [], \"kind\": \"List\"}")
        );
    }

    #[test]
    fn json_positions_after_strings_with_escapes_and_wide_chars() {
        let text =
            "{\"kind\": \"List\", \"items\": [{\"a\": \"é\\\"]\\\\\"},\n {\"items\": \"x\"}]}";
        let mut chunks = Vec::new();
        let s = split_json(text.as_bytes(), |c| chunks.push(c)).unwrap();
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].text, "{\"a\": \"é\\\"]\\\\\"}");
        assert_eq!(chunks[0].start, Pos::new(1, 28));
        assert_eq!(chunks[1].start, Pos::new(2, 2));
        assert_eq!(
            s.json_wrapper.as_deref(),
            Some("{\"kind\": \"List\", \"items\": []}")
        );
    }

    /// Hands out its bytes a few at a time, so that blocks end everywhere: inside strings,
    /// between a backslash and the byte it escapes, inside wide characters.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.step = self.step % 7 + 1;
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn json_items_and_positions_whatever_the_block_boundaries() {
        // Items spread over lines, with nesting, escapes, brackets in strings, wide
        // characters before an item on its line, and a string item.
        let text = "{\"kind\": \"List\", \"meta\": {\"a\": [1, {\"b\": \"]}\"}]},\n \"items\": [\n  {\"a\": \"x\\\\\", \"b\": [{\"c\": \"\\\"}]\"}]},  {\"d\":\n \"é\\\"\"},\n\"ü\", {\"e\": {}}\n, 7]}";
        let whole = |reader: &mut dyn Read| {
            let mut chunks = Vec::new();
            let s = split_json(reader, |c| chunks.push(c)).unwrap();
            (chunks, s.json_wrapper)
        };
        let (chunks, wrapper) = whole(&mut text.as_bytes());
        let texts: Vec<&str> = chunks.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "{\"a\": \"x\\\\\", \"b\": [{\"c\": \"\\\"}]\"}]}",
                "{\"d\":\n \"é\\\"\"}",
                "\"ü\"",
                // Whitespace after an item stays with it (the parser allows it).
                "{\"e\": {}}\n",
                "7"
            ]
        );
        // Each item's position is where its text starts: line, and column in characters.
        for c in &chunks {
            let at = text.find(c.text.as_str()).unwrap();
            let before = &text[..at];
            let line = 1 + before.matches('\n').count() as u32;
            let col = 1 + before.rsplit('\n').next().unwrap().chars().count() as u32;
            assert_eq!(c.start, Pos::new(line, col), "{}", c.text);
        }
        assert_eq!(
            wrapper.as_deref(),
            Some("{\"kind\": \"List\", \"meta\": {\"a\": [1, {\"b\": \"]}\"}]},\n \"items\": []}")
        );
        // The same, read a few bytes at a time from every starting step.
        for step in 0..7 {
            let (trickled, w) = whole(&mut Trickle {
                data: text.as_bytes(),
                step,
            });
            assert_eq!(trickled, chunks, "step {step}");
            assert_eq!(w, wrapper);
        }
    }

    #[test]
    fn json_without_items_is_whole() {
        let mut chunks = Vec::new();
        split_json(&b"{\"kind\": \"Pod\"}"[..], |c| chunks.push(c)).unwrap();
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].kind, ChunkKind::JsonDocument);
    }
}
