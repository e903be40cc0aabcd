//! Plain-scalar resolution exactly as go-yaml v2 (and so kubectl and the API server) does it.

/// What a plain scalar means.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str,
    /// The merge key `<<`.
    Merge,
}

/// Resolves an unquoted (plain) scalar with go-yaml v2's YAML 1.1 rules.
///
/// Timestamps stay strings (that is what kubectl's conversion to JSON yields), unsigned
/// values above `i64::MAX` become floats.
pub fn resolve_plain(s: &str) -> Scalar {
    let Some(&first) = s.as_bytes().first() else {
        return Scalar::Null;
    };
    match first {
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' | b'<' => {
            lookup(s).unwrap_or(Scalar::Str)
        }
        b'.' => lookup(s).unwrap_or_else(|| match go_parse_float(s) {
            Some(f) => Scalar::Float(f),
            None => Scalar::Str,
        }),
        b'0'..=b'9' | b'+' | b'-' => {
            if let Some(v) = lookup(s) {
                return v;
            }
            if is_timestamp(s) {
                return Scalar::Str;
            }
            // Underscores are dropped (go-yaml v2 does); most numbers have none.
            let plain: std::borrow::Cow<'_, str> = if s.contains('_') {
                s.chars().filter(|&c| c != '_').collect::<String>().into()
            } else {
                s.into()
            };
            if let Some(i) = go_parse_int(&plain) {
                return Scalar::Int(i);
            }
            if let Some(u) = go_parse_uint(&plain) {
                return Scalar::Float(u as f64);
            }
            if is_yaml_style_float(&plain)
                && let Ok(f) = plain.parse::<f64>()
            {
                return Scalar::Float(f);
            }
            Scalar::Str
        }
        _ => Scalar::Str,
    }
}

fn lookup(s: &str) -> Option<Scalar> {
    // No word below is longer: most scalars are told apart by their length alone.
    if s.len() > 5 {
        return None;
    }
    Some(match s {
        "~" | "null" | "Null" | "NULL" => Scalar::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Scalar::Bool(false)
        }
        ".nan" | ".NaN" | ".NAN" => Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Scalar::Float(f64::NEG_INFINITY),
        "<<" => Scalar::Merge,
        _ => return None,
    })
}

/// go-yaml v2 tries timestamps before numbers; `2024-01-01` and friends stay strings.
fn is_timestamp(s: &str) -> bool {
    // Formats: 2006-1-2, 2006-1-2T15:4:5.999999999Z07:00 (t or space separated too).
    let b = s.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let rest = &s[5..];
    let mut parts = rest.splitn(2, '-');
    let month = parts.next().unwrap_or("");
    let Some(tail) = parts.next() else {
        return false;
    };
    if month.is_empty() || month.len() > 2 || !month.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let day_len = tail.bytes().take_while(u8::is_ascii_digit).count();
    if day_len == 0 || day_len > 2 {
        return false;
    }
    let after = &tail[day_len..];
    if after.is_empty() {
        return true;
    }
    let mut chars = after.chars();
    matches!(chars.next(), Some('T' | 't' | ' ')) && {
        let time = chars.as_str();
        let t = time.as_bytes();
        let hl = t.iter().take_while(|c| c.is_ascii_digit()).count();
        (1..=2).contains(&hl) && t.get(hl) == Some(&b':')
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`: sign, then `0x`/`0o`/`0b` prefixes or a leading `0`
/// for octal.
fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let mag = go_parse_magnitude(body)?;
    if neg {
        if mag <= i64::MAX as u64 + 1 {
            Some((mag as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else if mag <= i64::MAX as u64 {
        Some(mag as i64)
    } else {
        None
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` (no sign allowed).
fn go_parse_uint(s: &str) -> Option<u64> {
    if s.starts_with(['+', '-']) {
        return None;
    }
    go_parse_magnitude(s)
}

fn go_parse_magnitude(body: &str) -> Option<u64> {
    if body.is_empty() {
        return None;
    }
    let prefix = match body.as_bytes() {
        [b'0', p, ..] => Some(p.to_ascii_lowercase()),
        _ => None,
    };
    // The prefix bytes are ASCII: slicing after them stays on a character boundary.
    let (radix, digits) = match prefix {
        Some(b'x') => (16, &body[2..]),
        Some(b'o') => (8, &body[2..]),
        Some(b'b') => (2, &body[2..]),
        Some(_) => (8, &body[1..]),
        None => (10, body),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// go-yaml v2's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat` for the `.5`-style scalars go-yaml hands it directly.
fn go_parse_float(s: &str) -> Option<f64> {
    if is_yaml_style_float(s) {
        s.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_11_booleans() {
        for t in [
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
        ] {
            assert_eq!(resolve_plain(t), Scalar::Bool(true), "{t}");
        }
        for f in [
            "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
        ] {
            assert_eq!(resolve_plain(f), Scalar::Bool(false), "{f}");
        }
        assert_eq!(resolve_plain("yES"), Scalar::Str);
    }

    #[test]
    fn numbers_like_go_yaml_v2() {
        assert_eq!(resolve_plain("0644"), Scalar::Int(420));
        assert_eq!(resolve_plain("0o644"), Scalar::Int(420));
        assert_eq!(resolve_plain("0x1F"), Scalar::Int(31));
        assert_eq!(resolve_plain("1_000"), Scalar::Int(1000));
        assert_eq!(resolve_plain("010"), Scalar::Int(8));
        assert_eq!(resolve_plain("08"), Scalar::Float(8.0));
        assert_eq!(resolve_plain("0b101"), Scalar::Int(5));
        assert_eq!(resolve_plain("+1"), Scalar::Int(1));
        assert_eq!(resolve_plain("-0"), Scalar::Int(0));
        assert_eq!(resolve_plain("1e3"), Scalar::Float(1000.0));
        assert_eq!(resolve_plain(".5"), Scalar::Float(0.5));
        assert_eq!(resolve_plain("12:30:00"), Scalar::Str);
        assert_eq!(resolve_plain("2024-01-01"), Scalar::Str);
        assert_eq!(resolve_plain("-"), Scalar::Str);
        assert_eq!(resolve_plain("1.2.3"), Scalar::Str);
        assert_eq!(
            resolve_plain("9223372036854775808"),
            Scalar::Float(9223372036854775808.0)
        );
    }
}
