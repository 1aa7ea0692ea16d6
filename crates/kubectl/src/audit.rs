//! What the audit log sees of kubectl's requests: the request line kubectl sends for each
//! call (`staging/src/k8s.io/client-go/rest/request.go` URLs, the query kubectl adds) and the
//! outcome, handed to the session's audit log (`kubeplay_cluster::audit_log`).

use kubeplay_api::audit::{Request, Response, CONSOLE_SOURCE_IP, KUBECTL_USER_AGENT};
use kubeplay_api::authentication::UserInfo;
use kubeplay_api::{Kind, Object, Status};
use kubeplay_cluster::{ApiResult, Session};
use serde_json::{json, Value};

/// One request kubectl makes.
#[derive(Debug, Clone)]
pub struct Call<'a> {
    /// The verb as authorization and audit see it.
    pub verb: &'a str,
    /// The kind.
    pub kind: Kind,
    /// The subresource, or empty.
    pub sub: &'a str,
    /// The namespace (ignored for cluster-scoped kinds; empty with a namespaced kind: all namespaces).
    pub ns: &'a str,
    /// The name (empty for list and create).
    pub name: &'a str,
    /// The query kubectl adds, without `?` (`limit=500`, `fieldManager=kubectl-create&fieldValidation=Strict`).
    pub query: &'a str,
    /// The body (create, update: the object; patch: the patch).
    pub body: Option<Value>,
}

/// The request path: `/api/v1/namespaces/NS/RESOURCE/NAME/SUB` or `/apis/GROUP/VERSION/…`.
pub fn uri(kind: Kind, ns: &str, name: &str, sub: &str, query: &str) -> String {
    let mut u = if kind.group().is_empty() { "/api/v1".to_owned() } else { format!("/apis/{}", kind.api_version()) };
    if kind.namespaced() && !ns.is_empty() {
        u.push_str(&format!("/namespaces/{ns}"));
    }
    u.push('/');
    u.push_str(kind.resource());
    if !name.is_empty() {
        u.push('/');
        u.push_str(name);
    }
    if !sub.is_empty() {
        u.push('/');
        u.push_str(sub);
    }
    if !query.is_empty() {
        u.push('?');
        u.push_str(query);
    }
    u
}

/// Writes the audit events of `call`, made by the console's admin (impersonating `user` when
/// set), which the authorizers allowed or not (`reason`) and which ended with `result`.
pub fn record(
    session: &mut Session,
    user: Option<&UserInfo>,
    call: Call<'_>,
    allowed: bool,
    reason: &str,
    result: Result<Option<Value>, &Status>,
    code: u16,
) {
    if session.cluster().store().audit_policy().is_none() {
        return;
    }
    let version = kind_version(call.kind);
    let ns = if call.kind.namespaced() { call.ns } else { "" };
    let req = Request {
        user: UserInfo::admin(),
        impersonated: user.cloned(),
        verb: call.verb.to_owned(),
        group: call.kind.group().to_owned(),
        version: version.to_owned(),
        resource: call.kind.resource().to_owned(),
        subresource: call.sub.to_owned(),
        namespace: ns.to_owned(),
        name: call.name.to_owned(),
        uri: uri(call.kind, ns, call.name, call.sub, call.query),
        user_agent: KUBECTL_USER_AGENT.to_owned(),
        source_ip: CONSOLE_SOURCE_IP.to_owned(),
        body: call.body,
    };
    let resp = Response { allowed, reason: reason.to_owned(), result: result.map_err(Clone::clone), code };
    session.audit(&req, &resp);
}

fn kind_version(kind: Kind) -> &'static str {
    kind.api_version().rsplit('/').next().unwrap_or("v1")
}

/// An object as the API server returns it (with apiVersion and kind).
pub fn object_json(o: &Object) -> Value {
    crate::cmd::common::api_json(o)
}

/// A request body as the audit log records it: decoded, defaulted and converted to the internal
/// version, then encoded back (`handlers/create.go` decodes with the hub version before
/// `LogRequestObject`): a Secret's `stringData` is merged into `data` (base64), `type` defaults
/// to Opaque, and Go writes the zero `creationTimestamp` as `null`.
pub fn request_json(o: &Object) -> Value {
    let mut o = o.clone();
    match &mut o {
        Object::Secret(s) => kubeplay_api::defaults::default_secret(s),
        Object::Pod(p) => kubeplay_api::defaults::default_pod(p),
        _ => {}
    }
    let mut v = object_json(&o);
    if v["metadata"].get("creationTimestamp").is_none() {
        v["metadata"]["creationTimestamp"] = Value::Null;
    }
    v
}

/// A LIST response (`SecretList`, …): items without their TypeMeta, as the typed list encodes them.
pub fn list_json(kind: Kind, items: &[Object], resource_version: u64) -> Value {
    json!({
        "kind": format!("{}List", kind.as_str()),
        "apiVersion": kind.api_version(),
        "metadata": {"resourceVersion": resource_version.to_string()},
        "items": items.iter().map(Object::to_json).collect::<Vec<_>>(),
    })
}

/// What the API server answers a mutating call with: the object, or for a deleted object
/// whose registry does not return it (every kind but Pod and Namespace) a success `Status`
/// (`staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go` `finalizeDelete`).
pub fn result_json(r: &ApiResult) -> Option<Value> {
    match r {
        ApiResult::Object(o) | ApiResult::Applied(o, _) => Some(object_json(o)),
        ApiResult::Deleted(o @ (Object::Pod(_) | Object::Namespace(_))) => Some(object_json(o)),
        ApiResult::Deleted(o) => {
            let mut details = json!({"name": o.name(), "kind": o.kind().resource()});
            if !o.kind().group().is_empty() {
                details["group"] = o.kind().group().into();
            }
            if let Some(uid) = &o.meta().uid {
                details["uid"] = uid.clone().into();
            }
            Some(json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": details}))
        }
        ApiResult::Restarted => None,
    }
}

/// The audit side of one manifest document (`kubectl create|apply|replace -f`): `apply` first
/// GETs the object (apply.go), then creates it (POST) or patches it (PATCH, a merge patch of
/// what changed plus the last-applied annotation); `create -f` POSTs; `replace -f` PUTs.
#[derive(Debug, Clone)]
pub struct DocAudit {
    kind: Kind,
    ns: String,
    name: String,
    verb: &'static str,
    query: &'static str,
    user: Option<UserInfo>,
    decision: kubeplay_api::authorization::Decision,
}

impl DocAudit {
    /// Records apply's GET (when `mode` is apply) and returns the main request's audit; `None`
    /// without an audit policy, or when the GET was refused (kubectl stops there).
    pub fn begin(
        session: &mut Session,
        obj: &Object,
        mode: crate::apply::Mode,
        namespace: &str,
        user: &UserInfo,
    ) -> Option<DocAudit> {
        use crate::apply::Mode;
        session.cluster().store().audit_policy()?;
        let kind = obj.kind();
        let ns = if !kind.namespaced() {
            String::new()
        } else if obj.namespace().is_empty() {
            namespace.to_owned()
        } else {
            obj.namespace().to_owned()
        };
        let name = obj.name().to_owned();
        let impersonated = (*user != UserInfo::admin()).then(|| user.clone());
        let decide = |session: &Session, verb: &str, name: &str| {
            let attrs = kubeplay_api::authorization::Attributes {
                user,
                verb,
                group: kind.group(),
                resource: kind.resource(),
                subresource: "",
                namespace: &ns,
                name,
            };
            (kubeplay_api::authorization::authorize(session.cluster().store(), &attrs), attrs_forbidden(&attrs, session))
        };
        let (verb, query) = match mode {
            Mode::Create => ("create", "fieldManager=kubectl-create&fieldValidation=Strict"),
            Mode::Replace => ("update", "fieldManager=kubectl-replace&fieldValidation=Strict"),
            Mode::Apply => {
                let (d, forbidden) = decide(session, "get", &name);
                let call = Call { verb: "get", kind, sub: "", ns: &ns, name: &name, query: "", body: None };
                let got = session.cluster().store().get(kind, &ns, &name);
                let result = match (&d.allowed, &got) {
                    (false, _) => Err(&forbidden),
                    (true, Ok(o)) => Ok(Some(object_json(o))),
                    (true, Err(s)) => Err(s),
                };
                record(session, impersonated.as_ref(), call, d.allowed, &d.reason, result, 200);
                match (d.allowed, got.is_ok()) {
                    (false, _) => return None,
                    (true, true) => ("patch", "fieldManager=kubectl-client-side-apply&fieldValidation=Strict"),
                    (true, false) => ("create", "fieldManager=kubectl-client-side-apply&fieldValidation=Strict"),
                }
            }
        };
        let req_name = if verb == "create" { String::new() } else { name };
        let (decision, _) = decide(session, verb, &req_name);
        Some(DocAudit { kind, ns, name: req_name, verb, query, user: impersonated, decision })
    }

    /// The request body of `call` as the audit log records it.
    pub fn body(&self, session: &Session, call: &kubeplay_cluster::ApiCall) -> Option<Value> {
        use kubeplay_cluster::ApiCall;
        match call {
            ApiCall::Create { object, .. } | ApiCall::Update { object } => Some(request_json(object)),
            ApiCall::Apply { object, .. } if self.verb == "create" => Some(request_json(object)),
            ApiCall::Apply { object, .. } => {
                let current = session.cluster().store().get(self.kind, &self.ns, &self.name).ok()?;
                Some(merge_patch(&object_json(&current), &object_json(object)))
            }
            _ => None,
        }
    }

    /// Records the main request: refused by the authorizers, or sent with `result`.
    pub fn finish(self, session: &mut Session, body: Option<Value>, result: Option<Result<&ApiResult, &Status>>) {
        let forbidden = {
            let user = self.user.clone().unwrap_or_else(UserInfo::admin);
            let attrs = kubeplay_api::authorization::Attributes {
                user: &user,
                verb: self.verb,
                group: self.kind.group(),
                resource: self.kind.resource(),
                subresource: "",
                namespace: &self.ns,
                name: &self.name,
            };
            attrs_forbidden(&attrs, session)
        };
        let call = Call { verb: self.verb, kind: self.kind, sub: "", ns: &self.ns, name: &self.name, query: self.query, body };
        // apply.go: an empty patch is not sent ("unchanged").
        if matches!(result, Some(Ok(ApiResult::Applied(_, kubeplay_api::ApplyOutcome::Unchanged)))) {
            return;
        }
        let code = if self.verb == "create" { 201 } else { 200 };
        let result = match result {
            _ if !self.decision.allowed => Err(&forbidden),
            None => Err(&forbidden),
            Some(Ok(r)) => Ok(result_json(r)),
            Some(Err(s)) => Err(s),
        };
        record(session, self.user.as_ref(), call, self.decision.allowed, &self.decision.reason, result, code);
    }
}

fn attrs_forbidden(attrs: &kubeplay_api::authorization::Attributes<'_>, session: &Session) -> Status {
    let d = kubeplay_api::authorization::authorize(session.cluster().store(), attrs);
    kubeplay_api::authorization::forbidden(attrs, &d.reason)
}

/// What changed from `current` to `modified`, as a JSON merge patch over the fields kubectl
/// sends (server-set metadata and `status` left out): `apply`'s patch, approximately
/// (kubectl's three-way strategic merge patch also removes fields the last applied
/// configuration had; for the maps of a Secret or ConfigMap both agree).
pub fn merge_patch(current: &Value, modified: &Value) -> Value {
    fn diff(cur: &Value, new: &Value) -> Option<Value> {
        match (cur, new) {
            (Value::Object(c), Value::Object(n)) => {
                let mut out = serde_json::Map::new();
                for (k, nv) in n {
                    match c.get(k) {
                        Some(cv) => {
                            if let Some(d) = diff(cv, nv) {
                                out.insert(k.clone(), d);
                            }
                        }
                        None => {
                            out.insert(k.clone(), nv.clone());
                        }
                    }
                }
                (!out.is_empty()).then_some(Value::Object(out))
            }
            (c, n) if c == n => None,
            (_, n) => Some(n.clone()),
        }
    }
    let mut m = modified.clone();
    if let Some(o) = m.as_object_mut() {
        o.remove("status");
        o.remove("apiVersion");
        o.remove("kind");
    }
    if let Some(meta) = m.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.retain(|k, _| k == "annotations" || k == "labels");
    }
    diff(current, &m).unwrap_or_else(|| json!({}))
}
