//! JSON → [`Node`] tree with positions. Duplicate keys are errors, as in Kubernetes' strict
//! decoding.

use std::collections::HashSet;

use crate::{Entry, Limits, LoadError, Map, Node, Pos, Text, Value};

/// JSON's whitespace (RFC 8259): space, tab, line feed, carriage return. No other byte, and
/// no other Unicode space, separates JSON tokens.
fn is_json_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Whether `text` holds JSON whitespace alone: a document with nothing in it. Any other
/// text, a no-break space included, is for [`parse_json`] to accept or reject.
pub fn is_blank_json(text: &str) -> bool {
    text.bytes().all(is_json_whitespace)
}

/// Parses one JSON value from `text`, whose first byte sits at `start` in its file.
///
/// # Errors
/// Malformed JSON, duplicate keys, trailing data and exceeded [`Limits`].
pub fn parse_json(text: &str, start: Pos, limits: &Limits) -> Result<Node, LoadError> {
    let mut p = JsonParser {
        text,
        src: text.as_bytes(),
        i: 0,
        cursor: Cursor {
            idx: 0,
            line: start.line,
            col: start.col,
        },
        limits,
        nodes: 0,
    };
    p.skip_ws();
    let node = p.value(0)?;
    p.skip_ws();
    if p.i < p.src.len() {
        return Err(p.err("unexpected data after the JSON value"));
    }
    Ok(node)
}

/// Incremental byte-index → (line, column) conversion; positions are asked for in order.
struct Cursor {
    idx: usize,
    line: u32,
    col: u32,
}

struct JsonParser<'a> {
    /// The input; `src` is its bytes. Runs between ASCII delimiters are valid UTF-8 slices.
    text: &'a str,
    src: &'a [u8],
    i: usize,
    cursor: Cursor,
    limits: &'a Limits,
    nodes: usize,
}

impl JsonParser<'_> {
    fn pos(&mut self) -> Pos {
        let c = &mut self.cursor;
        if self.i < c.idx {
            // Only errors can ask backwards; recount from nothing is not needed for them.
            return Pos::new(c.line, c.col);
        }
        for &b in &self.src[c.idx..self.i] {
            if b == b'\n' {
                c.line += 1;
                c.col = 1;
            } else if b & 0xC0 != 0x80 {
                c.col += 1;
            }
        }
        c.idx = self.i;
        Pos::new(c.line, c.col)
    }

    fn err(&mut self, msg: &str) -> LoadError {
        let pos = self.pos();
        LoadError::new(pos, msg)
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.src.get(self.i) {
            if is_json_whitespace(b) {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, LoadError> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(self.err("document has too many nodes; refusing to load it"));
        }
        if depth >= self.limits.max_depth {
            return Err(self.err("nesting too deep"));
        }
        let pos = self.pos();
        let Some(&b) = self.src.get(self.i) else {
            return Err(self.err("unexpected end of JSON input"));
        };
        let value = match b {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Value::Str(self.string()?),
            b't' => self.literal("true", Value::Bool(true))?,
            b'f' => self.literal("false", Value::Bool(false))?,
            b'n' => self.literal("null", Value::Null)?,
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return Err(self.err("expected a JSON value")),
        };
        Ok(Node::new(value, pos))
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, LoadError> {
        if self.src[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("invalid literal"))
        }
    }

    fn number(&mut self) -> Result<Value, LoadError> {
        let start = self.i;
        let mut float = false;
        while let Some(&b) = self.src.get(self.i) {
            match b {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => float = true,
                _ => break,
            }
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.src[start..self.i]).unwrap_or("");
        if !valid_json_number(text) {
            self.i = start;
            return Err(self.err("invalid number"));
        }
        if !float && let Ok(i) = text.parse::<i64>() {
            return Ok(Value::Int(i));
        }
        match text.parse::<f64>() {
            Ok(f) => Ok(Value::Float(f)),
            _ => {
                self.i = start;
                Err(self.err("invalid number"))
            }
        }
    }

    fn string(&mut self) -> Result<Text, LoadError> {
        self.i += 1; // opening quote
        let mut out = Text::default();
        loop {
            let run_start = self.i;
            while let Some(&b) = self.src.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // Both ends are at ASCII bytes (or the end), so the slice is on char boundaries.
            match self.text.get(run_start..self.i) {
                Some(s) => out.push_str(s),
                None => return Err(self.err("invalid UTF-8 in string")),
            }
            match self.src.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let Some(&e) = self.src.get(self.i) else {
                        return Err(self.err("unterminated escape"));
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if self.src[self.i..].starts_with(b"\\u") {
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        char::from_u32(
                                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00),
                                        )
                                    } else {
                                        None
                                    }
                                } else {
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(c.unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(self.err("invalid escape in string")),
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
                None => return Err(self.err("unterminated string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, LoadError> {
        let digits = self.src.get(self.i..self.i + 4);
        let v = digits
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| u32::from_str_radix(d, 16).ok());
        match v {
            Some(v) => {
                self.i += 4;
                Ok(v)
            }
            None => Err(self.err("invalid \\u escape")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, LoadError> {
        self.i += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.src.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Value::Seq(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.src.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Seq(items));
                }
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, LoadError> {
        self.i += 1;
        let mut entries: Vec<Entry> = Vec::new();
        // Duplicate keys: a linear look for small objects, a set past a few keys.
        let mut seen: Option<HashSet<Text>> = None;
        self.skip_ws();
        if self.src.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Value::Map(Map { entries }));
        }
        loop {
            self.skip_ws();
            if self.src.get(self.i) != Some(&b'"') {
                return Err(self.err("expected a string key"));
            }
            let key_pos = self.pos();
            let key: Text = self.string()?;
            let duplicate = match &mut seen {
                Some(set) => !set.insert(key.clone()),
                None => {
                    let dup = entries.iter().any(|e| e.key == key);
                    if !dup && entries.len() >= 16 {
                        let mut set: HashSet<Text> =
                            entries.iter().map(|e| e.key.clone()).collect();
                        set.insert(key.clone());
                        seen = Some(set);
                    }
                    dup
                }
            };
            if duplicate {
                return Err(LoadError::new(key_pos, format!("duplicate key \"{key}\"")));
            }
            self.skip_ws();
            if self.src.get(self.i) != Some(&b':') {
                return Err(self.err("expected ':'"));
            }
            self.i += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            entries.push(Entry {
                key,
                key_pos,
                value,
            });
            self.skip_ws();
            match self.src.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Map(Map { entries }));
                }
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }
}

fn valid_json_number(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == int_start || (b[int_start] == b'0' && i - int_start > 1) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(t: &str) -> Result<Node, LoadError> {
        parse_json(t, Pos::new(1, 1), &Limits::default())
    }

    /// Blank is exactly what the parser skips between tokens: a document the blank test lets
    /// through is one the parser rejects as holding no value.
    #[test]
    fn blank_is_json_whitespace_alone() {
        for blank in ["", " ", "\t\r\n", " \n  \r\n\t"] {
            assert!(is_blank_json(blank), "{blank:?}");
            assert!(load(blank).is_err(), "{blank:?}");
        }
        for other in ["\u{a0}", "\u{c}", " \u{2028} ", "\u{feff}", "\u{b}"] {
            assert!(!is_blank_json(other), "{other:?}");
            assert!(load(other).is_err(), "{other:?}");
        }
        assert!(!is_blank_json(" {} "));
    }

    #[test]
    fn parses_with_positions() {
        let n = load("{\n  \"a\": [1, 2.5, \"x\\u00e9\"],\n  \"b\": {\"c\": true}\n}").unwrap();
        let e = n.as_map().unwrap().entry("b").unwrap();
        assert_eq!(e.key_pos, Pos::new(3, 3));
        assert_eq!(n.get("a").unwrap().items()[2].as_str(), Some("xé"));
    }

    #[test]
    fn rejects_bad_json() {
        assert!(load("{\"a\": 1,}").is_err());
        assert!(load("{\"a\": 1, \"a\": 2}").is_err());
        assert!(load("[01]").is_err());
        assert!(load("{} x").is_err());
        assert!(load(&"[".repeat(100_000)).is_err());
    }
}
