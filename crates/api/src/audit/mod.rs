//! Audit logging (audit.k8s.io/v1) as kube-apiserver does it: the `--audit-policy-file` policy
//! ([`policy`]) picks a level per request, and the audit filter
//! (`staging/src/k8s.io/apiserver/pkg/endpoints/filters/audit.go` `WithAudit`) writes a
//! `RequestReceived` event before the request is handled and a `ResponseComplete` event after,
//! both with the same `auditID`, unless the policy omits the stage. What each level records is
//! `staging/src/k8s.io/apiserver/pkg/audit/request.go`: `Metadata` the request line, user,
//! object reference and response status; `Request` adds the request object (create, update,
//! patch); `RequestResponse` adds the response object — a Secret's `data` included.

pub mod json;
pub mod policy;

use serde_json::{json, Map, Value};

use crate::authentication::UserInfo;
use crate::status::{Reason, Status};

pub use policy::{Policy, RequestAttributes};

/// `audit.Level`, in increasing order of what is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Not logged.
    None,
    /// Request metadata (user, verb, resource, status), no bodies.
    Metadata,
    /// Metadata and the request body.
    Request,
    /// Metadata, request and response bodies.
    RequestResponse,
}

impl Level {
    /// Parses a level as the policy spells it.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "None" => Some(Level::None),
            "Metadata" => Some(Level::Metadata),
            "Request" => Some(Level::Request),
            "RequestResponse" => Some(Level::RequestResponse),
            _ => None,
        }
    }
    /// The level as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "None",
            Level::Metadata => "Metadata",
            Level::Request => "Request",
            Level::RequestResponse => "RequestResponse",
        }
    }
}

/// `audit.Stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// As soon as the audit handler receives the request.
    RequestReceived,
    /// Headers sent, body not yet (long-running requests such as watch).
    ResponseStarted,
    /// The response is complete.
    ResponseComplete,
    /// The handler panicked.
    Panic,
}

impl Stage {
    /// Parses a stage as the policy spells it.
    pub fn parse(s: &str) -> Option<Stage> {
        match s {
            "RequestReceived" => Some(Stage::RequestReceived),
            "ResponseStarted" => Some(Stage::ResponseStarted),
            "ResponseComplete" => Some(Stage::ResponseComplete),
            "Panic" => Some(Stage::Panic),
            _ => None,
        }
    }
    /// The stage as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::RequestReceived => "RequestReceived",
            Stage::ResponseStarted => "ResponseStarted",
            Stage::ResponseComplete => "ResponseComplete",
            Stage::Panic => "Panic",
        }
    }
}

/// The User-Agent of the console's kubectl: `rest.DefaultKubernetesUserAgent()`
/// (`staging/src/k8s.io/client-go/rest/config.go`: `%s/%s (%s/%s) kubernetes/%s`, the commit cut to
/// 7 characters) for v1.33.0, whose git commit is `60a317eadfcb839692a68eab88b2096f4d708f4f`.
pub const KUBECTL_USER_AGENT: &str = "kubectl/v1.33.0 (linux/amd64) kubernetes/60a317e";

/// Where the console's requests come from: the kind network's gateway, as for a kubectl on
/// the host of a kind cluster whose nodes are `172.18.0.2`, `172.18.0.3`, ….
pub const CONSOLE_SOURCE_IP: &str = "172.18.0.1";

/// One API request as the audit filter sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The authenticated user.
    pub user: UserInfo,
    /// The user `--as`/`--as-group` asked for (`impersonatedUser`), if any.
    pub impersonated: Option<UserInfo>,
    /// The verb (`get`, `list`, `create`, `update`, `patch`, `delete`).
    pub verb: String,
    /// The API group (`""` for core).
    pub group: String,
    /// The API version (`v1`).
    pub version: String,
    /// The plural resource.
    pub resource: String,
    /// The subresource, or empty.
    pub subresource: String,
    /// The namespace, empty at the cluster scope.
    pub namespace: String,
    /// The object name (empty for list and create).
    pub name: String,
    /// Path and query, e.g. `/api/v1/namespaces/default/secrets?limit=500`.
    pub uri: String,
    /// The client's User-Agent.
    pub user_agent: String,
    /// The client's address.
    pub source_ip: String,
    /// The request body as JSON (create, update: the object; patch: the patch).
    pub body: Option<Value>,
}

/// How the request ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The authorizer's decision and reason (`authorization.k8s.io/decision`, `…/reason`).
    pub allowed: bool,
    /// The reason (`RBAC: allowed by …`, or empty).
    pub reason: String,
    /// The result: the object the server returned (`None`: a `Status` of success without
    /// object, as a delete of a Secret returns), or the error.
    pub result: Result<Option<Value>, Status>,
    /// The HTTP code on success (200, 201).
    pub code: u16,
}

/// One audit event as the log backend wrote it, with what the audit view lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The JSON line (`--audit-log-path`'s format, without the newline).
    pub line: String,
    /// The level.
    pub level: Level,
    /// The stage.
    pub stage: Stage,
    /// The auditID.
    pub audit_id: String,
    /// The verb.
    pub verb: String,
    /// `resource[/subresource]`.
    pub resource: String,
    /// The namespace.
    pub namespace: String,
    /// The object name, as the ResponseComplete event names it.
    pub name: String,
    /// Who (the impersonated user when there is one).
    pub user: String,
    /// The response code (ResponseComplete only).
    pub code: Option<u16>,
    /// Whether the event carries a request or response object (the secret's data may be in it).
    pub has_body: bool,
}

/// An `auditID`: a random (version 4) UUID from the 16 bytes `bytes`, as `uuid.New()` formats it.
pub fn audit_id(bytes: [u8; 16]) -> String {
    let mut b = bytes;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// A virtual time as `metav1.MicroTime` JSON (`2006-01-02T15:04:05.000000Z07:00`, UTC).
pub fn micro_time(now_ms: u64) -> String {
    let ms = crate::store::EPOCH_UNIX_MS + now_ms as i64;
    let ts = k8s_openapi::jiff::Timestamp::from_second(ms.div_euclid(1000)).unwrap_or(k8s_openapi::jiff::Timestamp::UNIX_EPOCH);
    format!("{}.{:06}Z", ts.strftime("%Y-%m-%dT%H:%M:%S"), ms.rem_euclid(1000) * 1000)
}

/// `metav1.CauseType` of a field error (`field.ErrorType`'s String values).
fn cause_type(e: &crate::field::ErrorType) -> &'static str {
    use crate::field::ErrorType as T;
    match e {
        T::NotFound(_) => "FieldValueNotFound",
        T::Required => "FieldValueRequired",
        T::Duplicate(_) => "FieldValueDuplicate",
        T::Invalid(_) => "FieldValueInvalid",
        T::NotSupported(_) => "FieldValueNotSupported",
        T::Forbidden => "FieldValueForbidden",
        T::TooLong => "FieldValueTooLong",
    }
}

/// The `metav1.Status` the API server answers an error with (`apierrors.New*`,
/// `staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go`), as JSON without TypeMeta.
pub fn status_json(s: &Status) -> Value {
    let mut details = Map::new();
    if !s.name.is_empty() {
        details.insert("name".into(), s.name.clone().into());
    }
    if !s.kind.is_empty() {
        details.insert("kind".into(), s.kind.clone().into());
    }
    match s.reason {
        Reason::Invalid => {
            let causes: Vec<Value> =
                s.causes.iter().map(|c| json!({"reason": cause_type(&c.kind), "message": c.body(), "field": c.field})).collect();
            if !causes.is_empty() {
                details.insert("causes".into(), causes.into());
            }
        }
        // NewInternalError: `Details: &StatusDetails{Causes: []StatusCause{{Message: err.Error()}}}`.
        Reason::InternalError => {
            let err = s.message.strip_prefix("Internal error occurred: ").unwrap_or(&s.message);
            details.insert("causes".into(), json!([{"message": err}]));
        }
        _ => {}
    }
    let mut v =
        json!({"metadata": {}, "status": "Failure", "message": s.message, "reason": s.reason.as_str(), "code": s.reason.code()});
    // NewBadRequest and NewRequestEntityTooLargeError set no details.
    if !details.is_empty() {
        v["details"] = Value::Object(details);
    }
    v
}

fn user_json(u: &UserInfo) -> Value {
    json!({"username": u.name, "groups": u.groups})
}

/// The events one request produces under `level` (not `None`) with `omit` stages left out:
/// `RequestReceived` (no status, no objects, no annotations: the audit filter writes it
/// before authorization runs) then `ResponseComplete`.
pub fn events(req: &Request, resp: &Response, level: Level, omit: &[Stage], audit_id: &str, now_ms: u64) -> Vec<Event> {
    let ts = micro_time(now_ms);
    let mut object_ref = Map::new();
    for (k, v) in [
        ("resource", &req.resource),
        ("namespace", &req.namespace),
        ("name", &req.name),
        ("apiGroup", &req.group),
        ("apiVersion", &req.version),
        ("subresource", &req.subresource),
    ] {
        if !v.is_empty() {
            object_ref.insert(k.into(), v.clone().into());
        }
    }
    let mut base = json!({
        "kind": "Event",
        "apiVersion": "audit.k8s.io/v1",
        "level": level.as_str(),
        "auditID": audit_id,
        "requestURI": req.uri,
        "verb": req.verb,
        "user": user_json(&req.user),
        "sourceIPs": [req.source_ip],
        "userAgent": req.user_agent,
        "objectRef": Value::Object(object_ref.clone()),
        "requestReceivedTimestamp": ts,
        "stageTimestamp": ts,
    });
    if let Some(imp) = &req.impersonated {
        base["impersonatedUser"] = user_json(imp);
    }
    let mut out = Vec::new();
    let summary = |line: String, stage: Stage, name: &str, code: Option<u16>, has_body: bool| Event {
        line,
        level,
        stage,
        audit_id: audit_id.to_owned(),
        verb: req.verb.clone(),
        resource: if req.subresource.is_empty() { req.resource.clone() } else { format!("{}/{}", req.resource, req.subresource) },
        namespace: req.namespace.clone(),
        name: name.to_owned(),
        user: req.impersonated.as_ref().unwrap_or(&req.user).name.clone(),
        code,
        has_body,
    };
    if !omit.contains(&Stage::RequestReceived) {
        let mut e = base.clone();
        e["stage"] = "RequestReceived".into();
        out.push(summary(json::event_line(&e), Stage::RequestReceived, &req.name, None, false));
    }
    if omit.contains(&Stage::ResponseComplete) {
        return out;
    }
    let mut e = base;
    e["stage"] = "ResponseComplete".into();
    // LogRequestObject (create, update): the object reference is completed from the body's metadata.
    if let (Some(body), true) = (&req.body, req.verb == "create" || req.verb == "update") {
        let meta = &body["metadata"];
        for (k, f) in [("namespace", "namespace"), ("name", "name"), ("uid", "uid"), ("resourceVersion", "resourceVersion")] {
            if let (None, Some(v)) = (object_ref.get(k), meta[f].as_str().filter(|s| !s.is_empty())) {
                object_ref.insert(k.into(), v.into());
            }
        }
        e["objectRef"] = Value::Object(object_ref.clone());
    }
    let (status, code) = match &resp.result {
        // LogResponseObject copies a returned Status's bounded fields (request.go, context.go).
        Ok(Some(o)) if o["kind"] == "Status" => {
            let mut st = json!({"metadata": {}, "code": resp.code});
            for k in ["status", "message", "reason", "details"] {
                if let Some(v) = o.get(k) {
                    st[k] = v.clone();
                }
            }
            (st, resp.code)
        }
        Ok(_) => (json!({"metadata": {}, "code": resp.code}), resp.code),
        Err(s) => (status_json(s), s.reason.code()),
    };
    e["responseStatus"] = status;
    let mut has_body = false;
    if level >= Level::Request {
        if let Some(b) = &req.body {
            e["requestObject"] = b.clone();
            has_body = true;
        }
    }
    if level >= Level::RequestResponse {
        let obj = match &resp.result {
            Ok(o) => o.clone(),
            Err(s) => {
                let mut v = status_json(s);
                v["kind"] = "Status".into();
                v["apiVersion"] = "v1".into();
                Some(v)
            }
        };
        if let Some(o) = obj {
            e["responseObject"] = o;
            has_body = true;
        }
    }
    e["annotations"] = json!({
        "authorization.k8s.io/decision": if resp.allowed { "allow" } else { "forbid" },
        "authorization.k8s.io/reason": resp.reason,
    });
    let name = object_ref.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
    out.push(summary(json::event_line(&e), Stage::ResponseComplete, &name, Some(code), has_body));
    out
}
