//! YAML and JSON loading as `kubectl` does it: every document becomes JSON the way
//! `sigs.k8s.io/yaml` (go-yaml v2, YAML 1.1 scalars) converts it, and every node
//! remembers its line and column so errors can point at the text.
//!
//! Mirrors `sigs.k8s.io/yaml` `YAMLToJSON` and go-yaml v2 `resolve.go`: plain
//! `yes`/`on` are booleans, `0400` is octal 256, `~` is null, quoted scalars are strings.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// The largest manifest text kubeplay parses, in bytes (4 MiB, the largest file the console
/// holds). kubectl itself reads any size; it is above the API server's 3 MiB request limit so
/// that one object too large for a request gets the API server's own answer (413).
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;
/// The deepest nesting of mappings and sequences accepted.
pub const MAX_DEPTH: usize = 100;
/// The most nodes one document may expand to (aliases count as their whole copy).
pub const MAX_NODES: usize = 1_000_000;

/// A line and column in the input text, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

impl Pos {
    fn from_marker(m: &Marker) -> Self {
        Pos { line: m.line(), col: m.col() + 1 }
    }
}

/// One YAML document converted to JSON, with the position of every node.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The document as JSON.
    pub value: Value,
    /// Where the document starts.
    pub pos: Pos,
    /// Position of each node by field path (`spec.volumes[0].secret`).
    pub spans: BTreeMap<String, Pos>,
}

impl Doc {
    /// The position of the node at `path`, or of its nearest ancestor that has one.
    pub fn pos_of(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.spans.get(p) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return self.pos,
            }
        }
    }
}

/// A YAML or JSON syntax error, or a limit that was exceeded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    /// The go-yaml style message, e.g. `yaml: line 3: mapping values are not allowed in this context`.
    pub message: String,
    /// Where the problem is.
    pub pos: Pos,
}

/// The documents of a text, in order; a syntax error ends the stream after the good ones.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    /// Documents that loaded (empty documents are dropped, as kubectl does).
    pub docs: Vec<Doc>,
    /// The error that stopped loading, if any.
    pub error: Option<SyntaxError>,
}

/// Loads every document of `text` (YAML, multi-document with `---`, or JSON).
pub fn load(text: &str) -> Stream {
    let mut stream = Stream::default();
    if text.len() > MAX_INPUT_BYTES {
        stream.error = Some(SyntaxError {
            message: format!(
                "the manifest is {} bytes; kubeplay reads at most {MAX_INPUT_BYTES} bytes (4 MiB) of manifest text, and the API server takes at most 3145728 bytes (3 MiB) per object",
                text.len()
            ),
            pos: Pos { line: 1, col: 1 },
        });
        return stream;
    }
    let mut loader = Loader::default();
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((ev, mark)) => {
                if let Err(mut e) = loader.on_event(ev, &mark, &mut stream.docs) {
                    let line = e.pos.line.saturating_sub(doc_start_offset(text, e.pos.line));
                    if let Some(rest) = e.message.strip_prefix(&format!("yaml: line {}: ", e.pos.line)) {
                        e.message = format!("yaml: line {line}: {rest}");
                    }
                    stream.error = Some(e);
                    break;
                }
            }
            Err(e) => {
                let pos = Pos::from_marker(e.marker());
                let line = pos.line.saturating_sub(doc_start_offset(text, pos.line));
                stream.error = Some(SyntaxError { message: go_yaml_message(e.info(), line), pos });
                break;
            }
        }
    }
    stream
}

/// The number of lines before the document that holds `line`: kubectl parses each document on
/// its own, so go-yaml counts lines from the document's first line.
///
/// apimachinery `pkg/util/yaml/decoder.go` `YAMLReader.Read`: a line that starts with `---` and
/// has only white space after it ends a document and belongs to none.
fn doc_start_offset(text: &str, line: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split('\n').enumerate().take(line.saturating_sub(1)) {
        if l.strip_prefix("---").is_some_and(|rest| rest.trim_end().is_empty()) {
            offset = i + 1;
        }
    }
    offset
}

/// go-yaml v2 `parser.fail()`: only the problem is printed, not the context; parser errors
/// (those with a "while parsing ..." context) give libyaml's 0-based line, scanner errors a 1-based one.
fn go_yaml_message(info: &str, line: usize) -> String {
    match info.strip_prefix("while parsing ") {
        Some(rest) => {
            let problem = rest.split_once(", ").map(|(_, p)| p).unwrap_or(rest);
            match line.saturating_sub(1) {
                0 => format!("yaml: {problem}"),
                l => format!("yaml: line {l}: {problem}"),
            }
        }
        None => {
            let problem = info.split_once(", ").filter(|(c, _)| c.starts_with("while ")).map(|(_, p)| p).unwrap_or(info);
            format!("yaml: line {line}: {problem}")
        }
    }
}

/// A node under construction.
enum Frame {
    Seq { items: Vec<Value>, anchor: usize, path: String },
    Map { map: Map<String, Value>, key: Option<String>, anchor: usize, path: String },
}

#[derive(Default)]
struct Loader {
    stack: Vec<Frame>,
    anchors: BTreeMap<usize, (Value, usize)>,
    spans: BTreeMap<String, Pos>,
    nodes: usize,
    doc_pos: Pos,
    root: Option<Value>,
}

fn count_nodes(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(count_nodes).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

impl Loader {
    /// The path of the node about to be added to the top frame.
    fn child_path(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Frame::Seq { items, path, .. }) => format!("{path}[{}]", items.len()),
            Some(Frame::Map { key: Some(k), path, .. }) => {
                if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                }
            }
            // A key is being read: its path does not matter.
            Some(Frame::Map { key: None, path, .. }) => path.clone(),
        }
    }

    fn on_event(&mut self, ev: Event, mark: &Marker, docs: &mut Vec<Doc>) -> Result<(), SyntaxError> {
        let pos = Pos::from_marker(mark);
        match ev {
            Event::DocumentStart => {
                self.doc_pos = pos;
                self.spans.clear();
                self.anchors.clear();
                self.nodes = 0;
                self.root = None;
            }
            Event::DocumentEnd => {
                let value = self.root.take().unwrap_or(Value::Null);
                if !value.is_null() {
                    docs.push(Doc { value, pos: self.doc_pos, spans: std::mem::take(&mut self.spans) });
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        message: format!("yaml: line {}: nesting deeper than {MAX_DEPTH} levels is not accepted", pos.line),
                        pos,
                    });
                }
                let path = self.child_path();
                if !matches!(self.stack.last(), Some(Frame::Map { key: None, .. })) {
                    self.spans.insert(path.clone(), pos);
                }
                self.count(1, pos)?;
                self.stack.push(if matches!(ev, Event::SequenceStart(..)) {
                    Frame::Seq { items: Vec::new(), anchor, path }
                } else {
                    Frame::Map { map: Map::new(), key: None, anchor, path }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let value = match self.stack.pop() {
                    Some(Frame::Seq { items, anchor, .. }) => self.anchored(Value::Array(items), anchor),
                    Some(Frame::Map { map, anchor, .. }) => self.anchored(Value::Object(map), anchor),
                    None => Value::Null,
                };
                self.push_value(value, pos)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                let value = resolve(&text, style, tag.as_ref());
                if !is_key {
                    self.spans.insert(self.child_path(), pos);
                }
                self.count(1, pos)?;
                let value = self.anchored(value, anchor);
                self.push_value(value, pos)?;
            }
            Event::Alias(id) => {
                let Some((value, n)) = self.anchors.get(&id).map(|(v, n)| (v.clone(), *n)) else {
                    return Err(SyntaxError { message: format!("yaml: line {}: unknown anchor referenced", pos.line), pos });
                };
                self.count(n, pos)?;
                if !matches!(self.stack.last(), Some(Frame::Map { key: None, .. })) {
                    self.spans.insert(self.child_path(), pos);
                }
                self.push_value(value, pos)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn count(&mut self, n: usize, pos: Pos) -> Result<(), SyntaxError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            // go-yaml's own words for an alias bomb, without a line (yaml.v2 decode.go `failf`);
            // go-yaml stops at a ratio of aliased to decoded nodes, kubeplay at MAX_NODES.
            return Err(SyntaxError { message: "yaml: document contains excessive aliasing".to_owned(), pos });
        }
        Ok(())
    }

    fn anchored(&mut self, value: Value, anchor: usize) -> Value {
        if anchor > 0 {
            let n = count_nodes(&value);
            self.anchors.insert(anchor, (value.clone(), n));
        }
        value
    }

    fn push_value(&mut self, value: Value, pos: Pos) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { map, key, .. }) => match key.take() {
                // go-yaml v2 `decoder.mapping` refuses a mapping or sequence as a key:
                // failf("invalid map key: %#v", k.Interface()) (yaml.v2 decode.go).
                None if matches!(value, Value::Object(_) | Value::Array(_)) => {
                    return Err(SyntaxError { message: format!("yaml: invalid map key: {}", go_sharp_v(&value)), pos });
                }
                None => *key = Some(key_string(value)),
                Some(k) => {
                    // kubectl reads manifests with apimachinery util/yaml `YAMLToJSONDecoder`, which calls
                    // the non-strict `sigs.k8s.io/yaml.Unmarshal`: go-yaml v2 `decoder.mapping` sets each
                    // key in turn, so a key given twice keeps its last value (only `YAMLToJSONStrict`
                    // refuses it with "key %#v already set in map").
                    map.insert(k, value);
                }
            },
        }
        Ok(())
    }
}

/// A decoded value as Go's `fmt` prints it with `%#v` inside an `interface{}` (maps with their
/// keys sorted, as fmt sorts them; the keys of a nested map are already strings here).
fn go_sharp_v(v: &Value) -> String {
    match v {
        Value::Null => "interface {}(nil)".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => {
            format!("[]interface {{}}{{{}}}", items.iter().map(go_sharp_v).collect::<Vec<_>>().join(", "))
        }
        Value::Object(m) => {
            let mut entries: Vec<_> = m.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let inner: Vec<String> = entries.iter().map(|(k, v)| format!("{k:?}:{}", go_sharp_v(v))).collect();
            format!("map[interface {{}}]interface {{}}{{{}}}", inner.join(", "))
        }
    }
}

/// A mapping key as `sigs.k8s.io/yaml` turns it into a JSON object key.
fn key_string(v: Value) -> String {
    match v {
        Value::String(s) => s,
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Resolves a scalar as go-yaml v2 `resolve()` does.
fn resolve(text: &str, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        match tag.suffix.as_str() {
            "str" | "binary" => return Value::String(text.to_owned()),
            "null" => return Value::Null,
            _ => {}
        }
    }
    if style != TScalarStyle::Plain {
        return Value::String(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => return Value::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN" => {
            // JSON has no infinities: sigs.k8s.io/yaml fails on them; keep the text.
            return Value::String(text.to_owned());
        }
        _ => {}
    }
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    if first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.' {
        let plain: String = text.chars().filter(|c| *c != '_').collect();
        if let Some(n) = parse_go_int(&plain) {
            return Value::Number(n);
        }
        if is_yaml_float(&plain) {
            if let Ok(f) = plain.parse::<f64>() {
                if let Some(n) = Number::from_f64(f) {
                    return Value::Number(n);
                }
            }
        }
    }
    Value::String(text.to_owned())
}

/// `strconv.ParseInt(s, 0, 64)` then `ParseUint`: decimal, `0x` hex, `0o`/leading-0 octal, `0b` binary.
fn parse_go_int(s: &str) -> Option<Number> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        (2, d)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        if magnitude <= i64::MAX as u64 + 1 {
            return Some(Number::from((magnitude as i128).wrapping_neg() as i64));
        }
        None
    } else {
        Some(Number::from(magnitude))
    }
}

/// go-yaml v2's float pattern `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if int_digits == 0 && i == frac_start {
            return false;
        }
    } else if int_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(text: &str) -> Value {
        let s = load(text);
        assert!(s.error.is_none(), "{:?}", s.error);
        s.docs.into_iter().next().map(|d| d.value).unwrap_or(Value::Null)
    }

    #[test]
    fn yaml_1_1_scalars_resolve_like_go_yaml_v2() {
        assert_eq!(
            one("a: 0400\nb: 256\nc: yes\nd: 'yes'\ne: ~\nf: 0x1F\ng: 1.5\nh: 1_000\ni: -0o17\nj: abc\nk: \"0400\"\n"),
            json!({"a": 256, "b": 256, "c": true, "d": "yes", "e": null, "f": 31, "g": 1.5, "h": 1000, "i": -15, "j": "abc", "k": "0400"})
        );
    }

    #[test]
    fn json_and_multi_document_yaml_load_with_positions() {
        let s = load("---\na: 1\n---\n---\nb:\n  - x\n  - z: 2\n");
        assert_eq!(s.docs.len(), 2);
        assert_eq!(s.docs[1].value, json!({"b": ["x", {"z": 2}]}));
        assert_eq!(s.docs[1].spans.get("b[1].z"), Some(&Pos { line: 7, col: 8 }));
        assert_eq!(s.docs[1].pos_of("b[1].z.q"), Pos { line: 7, col: 8 });
        let j = load("{\"kind\": \"Secret\",\n \"data\": {\"a\": \"YQ==\"}}");
        assert_eq!(j.docs[0].value, json!({"kind": "Secret", "data": {"a": "YQ=="}}));
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let s = load("a: 1\nb: [\n");
        let e = s.error.expect("error");
        assert!(e.message.starts_with("yaml: line "), "{}", e.message);
        let s = load("a: b: c\n");
        assert_eq!(s.error.map(|e| e.pos.line), Some(1));
    }

    #[test]
    fn syntax_error_lines_count_from_the_start_of_their_document() {
        // apimachinery util/yaml YAMLReader hands go-yaml one document at a time.
        let s = load("a: 1\n---\nb: 2\nc: [\n");
        let e = s.error.expect("error");
        assert_eq!(e.pos.line, 5);
        assert_eq!(e.message, "yaml: line 2: did not find expected node content");
        let s = load("a: 1\nb: c: d\n");
        assert_eq!(s.error.expect("error").message, "yaml: line 2: mapping values are not allowed in this context");
        let s = load("x: 1\n---   \na: 1\nb: c: d\n");
        assert_eq!(s.error.expect("error").message, "yaml: line 2: mapping values are not allowed in this context");
    }

    #[test]
    fn a_mapping_or_sequence_as_a_key_is_go_yamls_invalid_map_key() {
        let e = load("{{x}: 1}\n").error.expect("refused");
        assert_eq!(e.message, r#"yaml: invalid map key: map[interface {}]interface {}{"x":interface {}(nil)}"#);
        let e = load("? [a, 1]\n: v\n").error.expect("refused");
        assert_eq!(e.message, r#"yaml: invalid map key: []interface {}{"a", 1}"#);
        // Keys nested as keys used to be turned into JSON text level by level, escaping the level
        // below each time: the text doubled per level (30 levels took minutes). Now the first is refused.
        let deep = format!("{}x{}", "{".repeat(40), "}".repeat(40));
        assert!(load(&deep).error.expect("refused").message.starts_with("yaml: invalid map key: "));
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 0..9 {
            let prev = if i == 0 { "a".to_owned() } else { format!("l{}", i - 1) };
            bomb.push_str(&format!(
                "l{i}: &l{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        let e = load(&bomb).error.expect("bomb refused");
        assert_eq!(e.message, "yaml: document contains excessive aliasing");
        let deep = "[".repeat(10_000);
        let e = load(&deep).error.expect("deep refused");
        assert!(e.message.contains("nesting deeper") || e.message.contains("recursion limit"), "{}", e.message);
        let nested = format!("{}1{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = load(&nested).error.expect("deep refused");
        assert!(e.message.starts_with("yaml: line 1: "), "{}", e.message);
        let ok = format!("{}1{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert!(load(&ok).error.is_none());
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_and_oversized_input_is_an_error() {
        // sigs.k8s.io/yaml Unmarshal (non-strict, as apimachinery util/yaml YAMLToJSONDecoder calls it).
        let s = load("a: 1\nb: 0\na: 2\n");
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(s.docs[0].value, serde_json::json!({"a": 2, "b": 0}));
        let big = "#".repeat(MAX_INPUT_BYTES + 1);
        assert!(load(&big).error.expect("too big").message.contains("at most 4194304 bytes (4 MiB) of manifest text"));
    }
}
