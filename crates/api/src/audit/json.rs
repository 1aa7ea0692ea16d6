//! Compact JSON as Go's `encoding/json` writes an audit event: struct fields in declaration
//! order (the order functions below, from `staging/src/k8s.io/apiserver/pkg/apis/audit/v1/types.go`,
//! `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go` and `k8s.io/api/core/v1/types.go`),
//! map keys sorted, and `<`, `>`, `&`, U+2028, U+2029 escaped as `\u003c` … (Go's HTML-safe escaping).

use serde_json::Value;

/// `audit.Event`'s fields.
const EVENT: &[&str] = &[
    "kind",
    "apiVersion",
    "level",
    "auditID",
    "stage",
    "requestURI",
    "verb",
    "user",
    "impersonatedUser",
    "sourceIPs",
    "userAgent",
    "objectRef",
    "responseStatus",
    "requestObject",
    "responseObject",
    "requestReceivedTimestamp",
    "stageTimestamp",
    "annotations",
];
/// `authenticationv1.UserInfo`.
const USER: &[&str] = &["username", "uid", "groups", "extra"];
/// `audit.ObjectReference`.
const OBJECT_REF: &[&str] = &["resource", "namespace", "name", "uid", "apiGroup", "apiVersion", "resourceVersion", "subresource"];
/// `metav1.Status`.
const STATUS: &[&str] = &["kind", "apiVersion", "metadata", "status", "message", "reason", "details", "code"];
/// `metav1.StatusDetails`.
const DETAILS: &[&str] = &["name", "group", "kind", "uid", "causes", "retryAfterSeconds"];
/// `metav1.StatusCause`.
const CAUSE: &[&str] = &["reason", "message", "field"];
/// The top level of the objects kubeplay serves (TypeMeta, ObjectMeta, then each kind's
/// fields; a List's `items`; a Status's fields).
const OBJECT: &[&str] = &[
    "kind",
    "apiVersion",
    "metadata",
    "items",
    "immutable",
    "data",
    "stringData",
    "binaryData",
    "type",
    "secrets",
    "imagePullSecrets",
    "automountServiceAccountToken",
    "rules",
    "subjects",
    "roleRef",
    "spec",
    "status",
    "message",
    "reason",
    "details",
    "code",
];
/// `metav1.ObjectMeta` (and `ListMeta`'s `resourceVersion`).
const META: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

/// The field order at `path` (keys of the enclosing objects, `[]` for array items); `None`
/// sorts keys (a Go map, or a struct kubeplay orders alphabetically).
fn order(path: &[&str]) -> Option<&'static [&'static str]> {
    match path {
        [] => Some(EVENT),
        ["user" | "impersonatedUser"] => Some(USER),
        ["objectRef"] => Some(OBJECT_REF),
        ["responseStatus"] => Some(STATUS),
        [.., "details"] if path.first() != Some(&"requestObject") => Some(DETAILS),
        [.., "causes", "[]"] => Some(CAUSE),
        ["requestObject" | "responseObject"] | ["requestObject" | "responseObject", "items", "[]"] => Some(OBJECT),
        ["requestObject" | "responseObject", "metadata"] | ["requestObject" | "responseObject", "items", "[]", "metadata"] => {
            Some(META)
        }
        _ => None,
    }
}

/// The event as one line of Go JSON (no trailing newline).
pub fn event_line(v: &Value) -> String {
    let mut out = String::new();
    write(v, &mut Vec::new(), &mut out);
    out
}

fn string(s: &str, out: &mut String) {
    let q = serde_json::to_string(s).unwrap_or_default();
    for c in q.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
}

fn write<'a>(v: &'a Value, path: &mut Vec<&'a str>, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            if let Some(o) = order(path) {
                keys.sort_by_key(|k| (o.iter().position(|f| f == k).unwrap_or(o.len()), k.as_str()));
            }
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(k, out);
                out.push(':');
                path.push(k.as_str());
                if let Some(val) = m.get(k.as_str()) {
                    write(val, path, out);
                }
                path.pop();
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                path.push("[]");
                write(item, path, out);
                path.pop();
            }
            out.push(']');
        }
        Value::String(s) => string(s, out),
        other => out.push_str(&other.to_string()),
    }
}
