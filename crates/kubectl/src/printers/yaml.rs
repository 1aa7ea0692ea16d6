//! `-o yaml` as kubectl prints it: sigs.k8s.io/yaml (go-yaml v2) over the object's JSON, with
//! go-yaml's quoting rules for strings that would read back as something else.

use serde_json::Value;

/// `sigs.k8s.io/yaml.Marshal`: JSON → YAML (go-yaml v2 style), keys sorted, lists not indented.
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    yaml_value(v, 0, &mut out, false);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn yaml_value(v: &Value, indent: usize, out: &mut String, in_seq: bool) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) if !m.is_empty() => {
            let mut first = true;
            for (k, val) in m {
                if !(first && in_seq) {
                    out.push_str(&pad);
                }
                first = false;
                out.push_str(&yaml_scalar_str(k));
                out.push(':');
                match val {
                    Value::Object(vm) if !vm.is_empty() => {
                        out.push('\n');
                        yaml_value(val, indent + 2, out, false);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push('\n');
                        yaml_value(val, indent, out, false);
                    }
                    _ => {
                        out.push(' ');
                        yaml_inline(val, indent + 2, out);
                        out.push('\n');
                    }
                }
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for item in a {
                out.push_str(&pad);
                out.push_str("- ");
                match item {
                    Value::Object(m) if !m.is_empty() => yaml_value(item, indent + 2, out, true),
                    Value::Array(x) if !x.is_empty() => {
                        out.push('\n');
                        yaml_value(item, indent + 2, out, false);
                    }
                    _ => {
                        yaml_inline(item, indent + 2, out);
                        out.push('\n');
                    }
                }
            }
        }
        other => {
            out.push_str(&pad);
            yaml_inline(other, indent, out);
            out.push('\n');
        }
    }
}

fn yaml_inline(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => {
            if s.contains('\n') && !s.chars().any(|c| c.is_control() && c != '\n') && !s.starts_with(' ') {
                // go-yaml v2 literal block: |- without a final newline, | with one.
                let (body, chomp) = match s.strip_suffix('\n') {
                    Some(b) if !b.ends_with('\n') => (b, "|"),
                    Some(_) => (s.as_str(), "|+"),
                    None => (s.as_str(), "|-"),
                };
                out.push_str(chomp);
                let pad = " ".repeat(indent);
                for line in body.split('\n') {
                    out.push('\n');
                    if !line.is_empty() {
                        out.push_str(&pad);
                        out.push_str(line);
                    }
                }
            } else {
                out.push_str(&yaml_scalar_str(s));
            }
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
    }
}

/// A string scalar as go-yaml v2 (sigs.k8s.io/yaml's fork) writes it: double-quoted when it
/// would resolve to another type (`encode.go` stringv: `resolve` + `isBase60Float`), single-quoted
/// when the emitter cannot write it plain (`emitterc.go` yaml_emitter_analyze_scalar), double-quoted
/// with escapes when it holds non-printable characters. Long lines are not folded here (go-yaml
/// folds plain and quoted scalars with spaces past 80 columns; kubeplay does not).
fn yaml_scalar_str(s: &str) -> String {
    let special_chars = s.chars().any(|c| !yaml_printable(c) || c == '\n');
    if special_chars {
        return yaml_double_quoted(s);
    }
    if yaml_resolves_non_string(s) {
        return yaml_double_quoted(s);
    }
    if !yaml_plain_allowed(s) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    s.to_owned()
}

/// `is_printable` of go-yaml (with unicode output enabled).
fn yaml_printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && c != '\u{FEFF}'
}

/// go-yaml's double-quoted style with its escapes (`yaml_emitter_write_double_quoted_scalar`).
fn yaml_double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{B}' => out.push_str("\\v"),
            '\u{C}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{1B}' => out.push_str("\\e"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{85}' => out.push_str("\\N"),
            '\u{A0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if yaml_printable(c) => out.push(c),
            c if (c as u32) <= 0xFF => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Whether go-yaml's `resolve` reads the plain scalar as something other than a string
/// (null, bool, int, float, timestamp, merge key) or it is a base-60 float.
fn yaml_resolves_non_string(s: &str) -> bool {
    const MAP: &[&str] = &[
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf",
        "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "<<",
    ];
    if MAP.contains(&s) {
        return true;
    }
    let Some(first) = s.chars().next() else { return true };
    if first == '.' {
        return s.parse::<f64>().is_ok();
    }
    if !(first == '+' || first == '-' || first.is_ascii_digit()) {
        return false;
    }
    if yaml_timestamp(s) || yaml_base60_float(s) {
        return true;
    }
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    go_parse_int(&plain) || yaml_style_float(&plain)
}

/// `strconv.ParseInt(s, 0, 64)` / `ParseUint` accept it (sign, 0x/0o/0b prefixes, leading-0 octal).
fn go_parse_int(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = body.to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d, 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d, 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d, 2)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (&lower[1..], 8)
    } else {
        (lower.as_str(), 10)
    };
    !digits.is_empty()
        && digits.len() <= 64
        && digits.chars().all(|c| c.is_digit(radix))
        && u64::from_str_radix(digits, radix).is_ok()
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn yaml_style_float(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.first() == Some(&b'.') {
        i = 1;
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
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn yaml_base60_float(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = body.split_once('.').unwrap_or((body, ""));
    if !frac.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return false;
    }
    let mut parts = main.split(':');
    let head = parts.next().unwrap_or("");
    if !head.starts_with(|c: char| c.is_ascii_digit()) || !head.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return false;
    }
    let mut n = 0;
    for p in parts {
        n += 1;
        let ok = match p.as_bytes() {
            [d] => d.is_ascii_digit(),
            [a, d] => (b'0'..=b'5').contains(a) && d.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    n > 0
}

/// go-yaml's `parseTimestamp`: 4 digits, `-`, then one of the layouts `2006-1-2`,
/// `2006-1-2T15:4:5.999999999Z07:00` (or `t`, or a space and no zone).
fn yaml_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let rest = &s[5..];
    let (date, time) = match rest.find(['T', 't', ' ']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let mut dp = date.split('-');
    let month = dp.next().and_then(|m| (m.len() <= 2).then(|| m.parse::<u32>().ok()).flatten());
    let day = dp.next().and_then(|d| (d.len() <= 2).then(|| d.parse::<u32>().ok()).flatten());
    if dp.next().is_some() || !matches!(month, Some(1..=12)) || !matches!(day, Some(1..=31)) {
        return false;
    }
    match time {
        None => true,
        Some(t) => {
            let clock = t.split(['Z', '+', '-']).next().unwrap_or("");
            let (hms, frac) = clock.split_once('.').unwrap_or((clock, "0"));
            let parts: Vec<&str> = hms.split(':').collect();
            parts.len() == 3
                && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|c| c.is_ascii_digit()))
                && frac.bytes().all(|c| c.is_ascii_digit())
        }
    }
}

/// Whether the emitter may write the string plain in block context (`yaml_emitter_analyze_scalar`).
fn yaml_plain_allowed(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let (Some(&first), Some(&last)) = (chars.first(), chars.last()) else { return false };
    if first == ' ' || last == ' ' {
        return false;
    }
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_blank = chars.get(i + 1).is_none_or(|n| *n == ' ' || *n == '\t' || *n == '\n');
        let preceded_by_blank = i > 0 && matches!(chars[i - 1], ' ' | '\t' | '\n');
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => return false,
                '?' | ':' | '-' if followed_by_blank => return false,
                _ => {}
            }
        } else {
            if c == ':' && followed_by_blank {
                return false;
            }
            if c == '#' && preceded_by_blank {
                return false;
            }
        }
    }
    true
}
