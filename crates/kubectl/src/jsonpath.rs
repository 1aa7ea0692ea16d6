//! The kubectl JSONPath subset: `{.a.b}`, `{.a['k.e.y']}`, `{.items[*].metadata.name}`,
//! `{.items[0]}`, `{range .items[*]}...{end}`, quoted literals `{"\n"}`, and text outside braces.
//!
//! Mirrors `staging/src/k8s.io/client-go/util/jsonpath` as `kubectl get -o jsonpath` uses it:
//! missing keys print nothing (AllowMissingKeys), results are joined by spaces, strings
//! print raw, other values as JSON, and no newline is added at the end.

use serde_json::Value;

/// Why a template could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("error parsing jsonpath {template}, {why}")]
pub struct JsonPathError {
    /// The template as given.
    pub template: String,
    /// What is wrong.
    pub why: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(i64),
    All,
    /// `..name`: every `name` field at any depth.
    Recursive(String),
}

/// Splits a field path at dots that are not escaped as `\.`, unescaping them.
fn split_fields(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                chars.next();
                if let Some(last) = out.last_mut() {
                    last.push('.');
                }
            }
            '.' => out.push(String::new()),
            c => {
                if let Some(last) = out.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    out
}

/// The end of a field name: the next `.` or `[` that is not escaped.
fn field_end(r: &str) -> usize {
    let mut escaped = false;
    for (i, c) in r.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '.' | '[' if !escaped => return i,
            _ => escaped = false,
        }
    }
    r.len()
}

/// Evaluates `template` against `root`.
pub fn eval(template: &str, root: &Value) -> Result<String, JsonPathError> {
    let err = |why: &str| JsonPathError { template: template.to_owned(), why: why.to_owned() };
    let nodes = parse(template).map_err(|w| err(&w))?;
    let mut out = String::new();
    render(&nodes, root, &mut out);
    Ok(out)
}

fn parse(t: &str) -> Result<Vec<Node>, String> {
    let mut stack: Vec<(Vec<Step>, Vec<Node>)> = Vec::new();
    let mut nodes: Vec<Node> = Vec::new();
    let mut rest = t;
    while !rest.is_empty() {
        let Some(open) = rest.find('{') else {
            nodes.push(Node::Text(rest.to_owned()));
            break;
        };
        if open > 0 {
            nodes.push(Node::Text(rest[..open].to_owned()));
        }
        let body_start = &rest[open + 1..];
        let close = find_close(body_start).ok_or_else(|| "unclosed action".to_owned())?;
        let action = body_start[..close].trim();
        rest = &body_start[close + 1..];
        if let Some(lit) = action.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
            nodes.push(Node::Text(lit.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"")));
        } else if let Some(p) = action.strip_prefix("range ") {
            stack.push((parse_path(p.trim())?, std::mem::take(&mut nodes)));
        } else if action == "end" {
            let (path, outer) = stack.pop().ok_or_else(|| "not in range, nothing to end".to_owned())?;
            let body = std::mem::replace(&mut nodes, outer);
            nodes.push(Node::Range(path, body));
        } else {
            nodes.push(Node::Path(parse_path(action)?));
        }
    }
    if !stack.is_empty() {
        return Err("unclosed range".to_owned());
    }
    Ok(nodes)
}

fn find_close(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '}') => return Some(i),
            _ => {}
        }
    }
    None
}

fn parse_path(p: &str) -> Result<Vec<Step>, String> {
    let p = p.strip_prefix('$').or_else(|| p.strip_prefix('@')).unwrap_or(p);
    let mut steps = Vec::new();
    let mut rest = p;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("..") {
            let end = field_end(r);
            let name = split_fields(&r[..end]).concat();
            if name.is_empty() {
                return Err(format!("unrecognized character in action: {rest}"));
            }
            steps.push(Step::Recursive(name));
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('.') {
            let end = field_end(r);
            let name = split_fields(&r[..end]).concat();
            if name == "*" {
                steps.push(Step::All);
            } else if !name.is_empty() {
                steps.push(Step::Key(name));
            }
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or_else(|| format!("unterminated array at {rest}"))?;
            let inner = r[..end].trim();
            if inner == "*" {
                steps.push(Step::All);
            } else if let Some(k) = inner.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')) {
                // client-go splits a quoted key at unescaped dots too: `['a.b']` looks up a, then b.
                steps.extend(split_fields(k).into_iter().map(Step::Key));
            } else {
                steps.push(Step::Index(
                    inner.parse().map_err(|_| format!("invalid array index {}", kubeplay_api::field::go_quote(inner)))?,
                ));
            }
            rest = &r[end + 1..];
        } else if steps.is_empty() {
            let end = field_end(rest);
            steps.push(Step::Key(split_fields(&rest[..end]).concat()));
            rest = &rest[end..];
        } else {
            return Err(format!("unrecognized character in action: {rest}"));
        }
    }
    Ok(steps)
}

fn select<'a>(v: &'a Value, steps: &[Step]) -> Vec<&'a Value> {
    let mut cur = vec![v];
    for s in steps {
        let mut next = Vec::new();
        for c in cur {
            match (s, c) {
                (Step::Key(k), Value::Object(m)) => next.extend(m.get(k)),
                (Step::Index(i), Value::Array(a)) => {
                    let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                    next.extend(usize::try_from(idx).ok().and_then(|i| a.get(i)));
                }
                (Step::All, Value::Array(a)) => next.extend(a.iter()),
                (Step::All, Value::Object(m)) => next.extend(m.values()),
                (Step::Recursive(k), c) => collect_recursive(c, k, &mut next),
                _ => {}
            }
        }
        cur = next;
    }
    cur
}

fn collect_recursive<'a>(v: &'a Value, key: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            if let Some(x) = m.get(key) {
                out.push(x);
            }
            for x in m.values() {
                collect_recursive(x, key, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_recursive(x, key, out)),
        _ => {}
    }
}

fn render(nodes: &[Node], v: &Value, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Path(steps) => {
                let vals: Vec<String> = select(v, steps).into_iter().map(print_value).collect();
                out.push_str(&vals.join(" "));
            }
            Node::Range(steps, body) => {
                for item in select(v, steps) {
                    render(body, item, out);
                }
            }
        }
    }
}

fn print_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        // A present null prints as `null` (a missing key prints nothing); maps and lists as Go's json.Marshal.
        other => crate::printers::to_json_compact(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kubectl_jsonpath_subset() {
        let s = json!({"data": {"password": "czNjcjN0", "tls.crt": "Y2VydA=="}, "items": [{"n": "a"}, {"n": "b"}]});
        assert_eq!(eval("{.data.password}", &s).as_deref(), Ok("czNjcjN0"));
        assert_eq!(eval("{.data.tls\\.crt}", &s).as_deref(), Ok("Y2VydA=="));
        // kubectl v1.32.4 splits a quoted key at its dots too: nothing is found.
        assert_eq!(eval("{.data['tls.crt']}", &s).as_deref(), Ok(""));
        assert_eq!(eval("{.data['tls\\.crt']}", &s).as_deref(), Ok("Y2VydA=="));
        assert_eq!(eval("{.data.*}", &s).as_deref(), Ok("czNjcjN0 Y2VydA=="));
        assert_eq!(eval("{..n}", &s).as_deref(), Ok("a b"));
        assert_eq!(eval("{.data.nope}", &s).as_deref(), Ok(""));
        assert_eq!(eval("{.items[*].n}", &s).as_deref(), Ok("a b"));
        assert_eq!(eval("{range .items[*]}{.n}{\"\\n\"}{end}", &s).as_deref(), Ok("a\nb\n"));
        assert!(eval("{.data", &s).is_err());
    }
}
