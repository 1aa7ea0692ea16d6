//! From manifest text to typed objects, as `kubectl apply -f` and the API server do it.
//!
//! Client side (kubectl): YAML/JSON syntax, `apiVersion`/`kind` present and known
//! (`resource mapping not found ... no matches for kind`). Server side
//! (`staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go`, strict
//! field validation): unknown fields, wrong types and bad base64 are `BadRequest`s
//! reading `<Kind> in version "v1" cannot be handled as a <Kind>: <why>`.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::object::Object;
use crate::status::Status;
use crate::yaml::{self, Doc, Pos};

mod gotype;
mod path;

use gotype::go_type_error;
use path::{split_path, Seg};

/// Why one document could not become an object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// kubectl refuses it before sending (message without the `error: ` prefix).
    #[error("{0}")]
    Client(String),
    /// The API server refuses to decode it (a `BadRequest`).
    #[error("{0}")]
    Server(Status),
}

/// One document of a manifest: where it is, and the object or why not.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Where the document (or the offending node) is in the text.
    pub pos: Pos,
    /// The object, or the error.
    pub result: Result<Object, DecodeError>,
    /// Position of each node of the document by field path, to place later errors.
    pub spans: std::rc::Rc<std::collections::BTreeMap<String, Pos>>,
}

impl Decoded {
    /// The line of a field named by a validation error (`spec.volumes[0].secret.defaultMode`,
    /// `data[bad key]`), or of its nearest ancestor, or of the document.
    pub fn line_of(&self, field: &str) -> usize {
        line_of(&self.spans, self.pos.line, field)
    }
}

/// The line of `field` in a document with these `spans` starting at `doc_line`.
pub fn line_of(spans: &std::collections::BTreeMap<String, Pos>, doc_line: usize, field: &str) -> usize {
    let mut path = field.replace('[', ".[");
    // `data[key]` names a map key: the span is at `data.key`.
    if let Some(start) = path.find(".[") {
        let inner = &path[start + 2..];
        if !inner.starts_with(|c: char| c.is_ascii_digit()) {
            path = format!("{}.{}", &path[..start], inner.trim_end_matches(']'));
        }
    }
    let path = path.replace(".[", "[");
    // A Secret's data key may have come from stringData.
    if let Some(key) = path.strip_prefix("data.") {
        if let Some(pos) = spans.get(&format!("stringData.{key}")) {
            return pos.line;
        }
    }
    let mut p = path.as_str();
    loop {
        if let Some(pos) = spans.get(p) {
            return pos.line;
        }
        match p.rfind(['.', '[']) {
            Some(i) => p = &p[..i],
            None => return doc_line,
        }
    }
}

/// Everything in a manifest text, in order.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// Each document (List items expanded).
    pub docs: Vec<Decoded>,
    /// A syntax error that stopped reading, as kubectl prints it (without `error: `).
    pub syntax_error: Option<(Pos, String)>,
}

/// Decodes all documents of `text`; `source` is the file name kubectl would name in errors.
pub fn decode_manifest(text: &str, source: &str) -> Manifest {
    let stream = yaml::load(text);
    let mut out = Manifest::default();
    for doc in &stream.docs {
        if let Some(why) = validate_kind(&doc.value) {
            // cli-runtime resource/visitor.go StreamVisitor.Visit: `error validating %q: %v`, and
            // the stream stops there (the documents before it are still sent).
            out.docs.push(Decoded {
                pos: doc.pos,
                spans: Default::default(),
                result: Err(DecodeError::Client(format!("error validating {}: {why}", crate::field::go_quote(source)))),
            });
            return out;
        }
        decode_doc(doc, source, &mut out.docs);
    }
    if let Some(e) = stream.error {
        // kubectl: "error parsing FILE: error converting YAML to JSON: yaml: line N: ..."
        out.syntax_error = Some((e.pos, format!("error parsing {source}: error converting YAML to JSON: {}", e.message)));
    }
    out
}

/// kubectl's client-side check of each document before anything is sent (`--validate=strict`,
/// the default): `kubectl/pkg/validation/schema.go` `paramVerifyingSchema.ValidateBytes` calls
/// `kubectl/pkg/util/openapi/validation/validation.go` `GetObjectKind`, whose errors are
/// aggregated (`[a, b]` when there are two) and wrapped by cli-runtime `resource/visitor.go`
/// `ValidateSchema`: `error validating data: %v; %s` with `stopValidateMessage`.
fn validate_kind(v: &Value) -> Option<String> {
    let mut errs: Vec<String> = Vec::new();
    match v {
        Value::Object(map) => {
            match map.get("apiVersion") {
                None | Some(Value::Null) => errs.push("apiVersion not set".to_owned()),
                Some(Value::String(gv)) => {
                    // schema.ParseGroupVersion: at most one '/'.
                    if gv.matches('/').count() > 1 {
                        errs.push(format!("unexpected GroupVersion string: {gv}"));
                    }
                }
                Some(_) => errs.push("apiVersion isn't string type".to_owned()),
            }
            match map.get("kind") {
                None | Some(Value::Null) => errs.push("kind not set".to_owned()),
                Some(Value::String(_)) => {}
                Some(_) => errs.push("kind isn't string type".to_owned()),
            }
        }
        _ => errs.push("invalid object to validate".to_owned()),
    }
    let why = match errs.as_slice() {
        [] => return None,
        [one] => one.clone(),
        // apimachinery util/errors aggregate.Error(): `[` + messages joined by `, ` + `]`.
        many => format!("[{}]", many.join(", ")),
    };
    Some(format!("error validating data: {why}; if you choose to ignore these errors, turn validation off with --validate=false"))
}

fn decode_doc(doc: &Doc, source: &str, out: &mut Vec<Decoded>) {
    let Value::Object(map) = &doc.value else {
        out.push(Decoded {
            pos: doc.pos,
            spans: Default::default(),
            result: Err(DecodeError::Client(format!(
                "error validating {}: error validating data: invalid object to validate",
                crate::field::go_quote(source)
            ))),
        });
        return;
    };
    let api_version = map.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind.is_empty() || api_version.is_empty() {
        // Present but empty (`kind: ""`): validation lets it through, then the decoder refuses it.
        // k8s.io/apimachinery/pkg/runtime: NewMissingKindErr / NewMissingVersionErr, wrapped by the builder.
        let what = if kind.is_empty() { "Kind" } else { "apiVersion" };
        let json = serde_json::to_string(&doc.value).unwrap_or_default();
        out.push(Decoded {
            pos: doc.pos,
            spans: Default::default(),
            result: Err(DecodeError::Client(format!(
                "unable to decode {}: Object '{what}' is missing in '{json}'",
                crate::field::go_quote(source)
            ))),
        });
        return;
    }
    if api_version == "v1" && kind == "List" {
        let items = match map.get("items") {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        for (i, item) in items.into_iter().enumerate() {
            let prefix = format!("items[{i}]");
            let spans = doc
                .spans
                .iter()
                .filter_map(|(k, v)| k.strip_prefix(&prefix).map(|rest| (rest.trim_start_matches('.').to_owned(), *v)))
                .collect();
            let sub = Doc { value: item, pos: doc.pos_of(&prefix), spans };
            decode_doc(&sub, source, out);
        }
        return;
    }
    let name = map.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("");
    let namespace = map.get("metadata").and_then(|m| m.get("namespace")).and_then(Value::as_str).unwrap_or("");
    let result = match (api_version, kind) {
        ("v1", "Secret") => typed(doc, kind, source).map(Object::Secret),
        ("v1", "Pod") => typed(doc, kind, source).map(Object::Pod),
        ("v1", "Namespace") => typed(doc, kind, source).map(Object::Namespace),
        ("v1", "ServiceAccount") => typed(doc, kind, source).map(Object::ServiceAccount),
        ("v1", "ConfigMap") => typed(doc, kind, source).map(Object::ConfigMap),
        ("rbac.authorization.k8s.io/v1", "Role") => typed(doc, kind, source).map(Object::Role),
        ("rbac.authorization.k8s.io/v1", "RoleBinding") => typed(doc, kind, source).map(Object::RoleBinding),
        ("rbac.authorization.k8s.io/v1", "ClusterRole") => typed(doc, kind, source).map(Object::ClusterRole),
        ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding") => typed(doc, kind, source).map(Object::ClusterRoleBinding),
        ("apps/v1", "Deployment") => typed(doc, kind, source).map(Object::Deployment),
        ("apps/v1", "ReplicaSet") => typed(doc, kind, source).map(Object::ReplicaSet),
        ("batch/v1", "Job") => typed(doc, kind, source).map(Object::Job),
        _ if is_known_kind(api_version, kind) => Err(DecodeError::Client(format!(
            "kubeplay simulates Secrets, Pods, ConfigMaps, ServiceAccounts, Namespaces, Deployments, ReplicaSets, Jobs and RBAC objects; {kind} ({api_version}) {} from {} is not simulated",
            crate::field::go_quote(name),
            crate::field::go_quote(source)
        ))),
        _ => Err(DecodeError::Client(format!(
            "resource mapping not found for name: {} namespace: {} from {}: no matches for kind {} in version {}\nensure CRDs are installed first",
            crate::field::go_quote(name),
            crate::field::go_quote(namespace),
            crate::field::go_quote(source),
            crate::field::go_quote(kind),
            crate::field::go_quote(api_version)
        ))),
    };
    let pos = match &result {
        Err(DecodeError::Server(s)) => s.causes.first().map(|c| doc.pos_of(&c.field)).unwrap_or(doc.pos),
        _ => doc.pos,
    };
    let result = result.map_err(|e| match e {
        // The causes only carried the position; the server sends none for a BadRequest.
        DecodeError::Server(mut s) => {
            s.causes.clear();
            DecodeError::Server(s)
        }
        other => other,
    });
    out.push(Decoded { pos, result, spans: std::rc::Rc::new(doc.spans.clone()) });
}

/// Kinds that exist in a real cluster but that kubeplay does not simulate.
fn is_known_kind(api_version: &str, kind: &str) -> bool {
    matches!(
        (api_version, kind),
        (
            "v1",
            "Service"
                | "Endpoints"
                | "PersistentVolume"
                | "PersistentVolumeClaim"
                | "ReplicationController"
                | "Node"
                | "Event"
                | "LimitRange"
                | "ResourceQuota"
        ) | ("apps/v1", "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet")
            | ("batch/v1", "Job" | "CronJob")
            | ("networking.k8s.io/v1", "Ingress" | "NetworkPolicy")
            | ("rbac.authorization.k8s.io/v1", "Role" | "RoleBinding" | "ClusterRole" | "ClusterRoleBinding")
    )
}

/// The apiserver's decode of one object: base64, required fields as zero values, types, strict fields.
fn typed<T: DeserializeOwned + serde::Serialize>(doc: &Doc, kind: &str, source: &str) -> Result<T, DecodeError> {
    let bad = |why: String, field: &str| {
        let mut s = Status::bad_request(format!("{kind} in version \"v1\" cannot be handled as a {kind}: {why}"));
        // Kept only to locate the error in the text; cleared before it is returned.
        s.causes.push(crate::field::FieldError::required(field, ""));
        DecodeError::Server(s)
    };
    let mut value = doc.value.clone();
    drop_nulls(&mut value);
    if kind == "Secret" {
        if let Some(Value::Object(data)) = value.get_mut("data") {
            for (k, v) in data.iter_mut() {
                let Value::String(s) = v else { continue };
                match crate::gobase64::decode(s.as_bytes()) {
                    // Re-encode canonically so the typed decoder accepts it.
                    Ok(bytes) => *s = base64_std(&bytes),
                    Err(e) => return Err(bad(e.to_string(), &format!("data.{k}"))),
                }
            }
        }
    }
    // Go decodes a missing required field as its zero value and lets validation speak;
    // serde refuses it, so fill zero values in and try again (bounded).
    // encoding/json (decode.go `d.saveError`) keeps going after a type error and reports the first
    // one in document order; serde stops at the first it meets in its own (sorted) order. So each
    // offending value is dropped and the decode retried, and the earliest in the text is reported.
    let mut type_errors: Vec<(Pos, String, String)> = Vec::new();
    let report = |errors: &[(Pos, String, String)]| {
        // kubectl reads the metadata before anything is sent, so an error there wins.
        let in_meta = errors.iter().filter(|(_, path, _)| path.starts_with("metadata"));
        let (_, path, msg) = in_meta
            .min_by_key(|(pos, _, _)| (pos.line, pos.col))
            .or_else(|| errors.iter().min_by_key(|(pos, _, _)| (pos.line, pos.col)))?;
        let why = go_type_error(kind, path, msg);
        Some(if path.starts_with("metadata") {
            // kubectl itself reads the object's metadata (name, namespace) before sending:
            // a type error there stops it client-side (checked with kubectl v1.32.4).
            DecodeError::Client(format!("unable to decode {}: {why}", crate::field::go_quote(source)))
        } else {
            bad(why, path)
        })
    };
    for _ in 0..64 {
        let mut track = serde_path_to_error::Track::new();
        let de = serde_path_to_error::Deserializer::new(&value, &mut track);
        match T::deserialize(de) {
            Ok(obj) => {
                if let Some(e) = report(&type_errors) {
                    return Err(e);
                }
                let unknown = unknown_fields(&doc.value, &serde_json::to_value(&obj).unwrap_or(Value::Null));
                if let Some(first) = unknown.first() {
                    let list: Vec<String> =
                        unknown.iter().map(|f| format!("unknown field {}", crate::field::go_quote(f))).collect();
                    return Err(bad(format!("strict decoding error: {}", list.join(", ")), first));
                }
                return Ok(obj);
            }
            Err(e) => {
                let path = track.path().to_string();
                let msg = e.to_string();
                if let Some(field) = msg.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
                    if insert_zero(&mut value, &path, field) {
                        continue;
                    }
                }
                let is_type_error = msg.starts_with("invalid type: ") || msg.starts_with("invalid value: ");
                type_errors.push((doc.pos_of(&path), path.clone(), msg));
                if !is_type_error || !remove_at(&mut value, &path) {
                    // Not a type error, or nothing left to drop: report the earliest known.
                    if let Some(e) = report(&type_errors) {
                        return Err(e);
                    }
                }
            }
        }
    }
    Err(report(&type_errors).unwrap_or_else(|| bad("too many missing fields".to_owned(), "")))
}

/// Drops the value at `path` (serde_path_to_error's form), as if the field were absent.
fn remove_at(root: &mut Value, path: &str) -> bool {
    let segs = split_path(path);
    let Some((last, parents)) = segs.split_last() else { return false };
    let mut cur = root;
    for seg in parents {
        cur = match seg {
            Seg::Key(k) => match cur.get_mut(*k) {
                Some(v) => v,
                None => return false,
            },
            Seg::Index(i) => match cur.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
        };
    }
    match (last, cur) {
        (Seg::Key(k), Value::Object(m)) => m.remove(*k).is_some(),
        // An element of a list: Go leaves it at its zero value; an empty object decodes as one.
        (Seg::Index(i), Value::Array(a)) => match a.get_mut(*i) {
            Some(v) if !v.as_object().is_some_and(|m| m.is_empty()) => {
                *v = Value::Object(Default::default());
                true
            }
            _ => false,
        },
        _ => false,
    }
}

fn base64_std(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// JSON `null` leaves a Go field at its zero value: drop it so serde sees the field as absent.
fn drop_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(drop_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// Walks to `path` (serde_path_to_error's `a.b[0].c` form) and inserts the zero value of `field`.
fn insert_zero(root: &mut Value, path: &str, field: &str) -> bool {
    let mut cur = root;
    if path != "." && !path.is_empty() {
        for seg in split_path(path) {
            cur = match seg {
                Seg::Key(k) => match cur.get_mut(k) {
                    Some(v) => v,
                    None => return false,
                },
                Seg::Index(i) => match cur.get_mut(i) {
                    Some(v) => v,
                    None => return false,
                },
            };
        }
    }
    let Value::Object(m) = cur else { return false };
    if m.contains_key(field) {
        return false;
    }
    let zero = match field {
        "containers" => Value::Array(Vec::new()),
        "containerPort" | "port" | "weight" => Value::from(0),
        "nodeSelectorTerms" => Value::Array(Vec::new()),
        _ => Value::String(String::new()),
    };
    m.insert(field.to_owned(), zero);
    true
}

/// Field paths present in `input` but absent after a typed round trip: the unknown fields.
fn unknown_fields(input: &Value, typed: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk_unknown(input, typed, "", &mut out);
    out
}

fn walk_unknown(input: &Value, typed: &Value, path: &str, out: &mut Vec<String>) {
    match (input, typed) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                match b.get(k) {
                    Some(w) => walk_unknown(v, w, &p, out),
                    None if v.is_null() => {}
                    None if is_empty_container(v) => {}
                    None => out.push(p),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                walk_unknown(v, w, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Empty maps the typed form may omit (e.g. `emptyDir: {}` stays, but `{}` under a skipped Option).
fn is_empty_container(v: &Value) -> bool {
    matches!(v, Value::Object(m) if m.is_empty())
}
