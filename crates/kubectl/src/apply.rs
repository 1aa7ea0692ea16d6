//! `kubectl apply -f` and `kubectl create -f`: every document of a manifest, in order,
//! with the line kubectl prints for it.
//!
//! Mirrors `staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go` (created / configured /
//! unchanged, the `last-applied-configuration` annotation) and `cmd/create/create.go`.

use kubeplay_api::authentication::UserInfo;
use kubeplay_api::yaml::Pos;
use kubeplay_api::{decode_manifest, DecodeError, Object};
use kubeplay_cluster::{ApiCall, ApiResult, Session};
use serde::Serialize;

/// The annotation `kubectl apply` keeps the applied manifest in.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Create (fails if the object exists) or apply (create or update).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `kubectl create -f`.
    Create,
    /// `kubectl apply -f`.
    Apply,
    /// `kubectl replace -f`: a `PUT` of each object (replace.go), which must exist.
    Replace,
}

impl Mode {
    /// The kubectl command that applies a manifest this way (`create`, `apply`, `replace`).
    pub fn verb(self) -> &'static str {
        match self {
            Mode::Apply => "apply",
            Mode::Create => "create",
            Mode::Replace => "replace",
        }
    }
}

/// What happened to one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocOutcome {
    /// Where the document (or its error) is in the text.
    pub line: usize,
    /// `secret/mysecret created`, or the error as kubectl prints it.
    pub text: String,
    /// Whether it failed.
    pub error: bool,
    /// A warning kubectl prints to stderr first, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// Applies (or creates) every document of `text` in order; `source` names the file in errors.
pub fn apply_manifest(session: &mut Session, text: &str, source: &str, mode: Mode, namespace: &str) -> Vec<DocOutcome> {
    apply_manifest_as(session, text, source, mode, namespace, &UserInfo::admin())
}

/// The RBAC check of one document's request(s), with the text kubectl prints on a denial:
/// create POSTs (no name in the request), replace PUTs, apply GETs first (apply.go: `error when
/// retrieving current configuration of:\n<info>\nfrom server for: "<source>": <err>`) and then
/// creates or patches.
fn authorize_doc(
    session: &Session,
    obj: &Object,
    mode: Mode,
    namespace: &str,
    source: &str,
    user: &UserInfo,
) -> Result<(), String> {
    let kind = obj.kind();
    let ns = if !kind.namespaced() {
        ""
    } else if obj.namespace().is_empty() {
        namespace
    } else {
        obj.namespace()
    };
    let store = session.cluster().store();
    let check = |verb: &str, name: &str| {
        let attrs = kubeplay_api::authorization::Attributes {
            user,
            verb,
            group: kind.group(),
            resource: kind.resource(),
            subresource: "",
            namespace: ns,
            name,
        };
        kubeplay_api::authorization::check(store, &attrs)
    };
    let r = match mode {
        Mode::Create => check("create", "").map_err(|s| s.with_source("creating", source)),
        Mode::Replace => check("update", obj.name()).map_err(|s| s.with_source("replacing", source)),
        Mode::Apply => {
            if let Err(s) = check("get", obj.name()) {
                let group = kind.group();
                let version = kind.api_version().rsplit('/').next().unwrap_or("v1");
                // resource.Info.String(): Resource: "<group>/<version>, Resource=<r>", GroupVersionKind: "…, Kind=<K>"
                let info = format!(
                    "Resource: \"{group}/{version}, Resource={}\", GroupVersionKind: \"{group}/{version}, Kind={}\"\nName: \"{}\", Namespace: \"{ns}\"",
                    kind.resource(),
                    kind.as_str(),
                    obj.name()
                );
                return Err(format!(
                    "Error from server (Forbidden): error when retrieving current configuration of:\n{info}\nfrom server for: {}: {}",
                    kubeplay_api::field::go_quote(source),
                    s.message
                ));
            }
            if store.exists(kind, ns, obj.name()) {
                check("patch", obj.name())
            } else {
                check("create", "").map_err(|s| s.with_source("creating", source))
            }
        }
    };
    r.map_err(|s| s.kubectl_message())
}

/// [`apply_manifest`] as `user` (`kubectl … --as=USER`): each request passes the authorizer.
pub fn apply_manifest_as(
    session: &mut Session,
    text: &str,
    source: &str,
    mode: Mode,
    namespace: &str,
    user: &UserInfo,
) -> Vec<DocOutcome> {
    let manifest = decode_manifest(text, source);
    let mut out = Vec::new();
    // cmdutil.AddSourceToErr(verb, source, err): replace.go says "replacing".
    let verb = if mode == Mode::Replace { "replacing" } else { "creating" };
    for doc in manifest.docs {
        let line = doc.pos.line;
        let spans = doc.spans.clone();
        let outcome = match doc.result {
            Err(DecodeError::Client(msg)) => DocOutcome { line, text: format!("error: {msg}"), error: true, warning: None },
            Err(DecodeError::Server(status)) => {
                DocOutcome { line, text: status.with_source(verb, source).kubectl_message(), error: true, warning: None }
            }
            Ok(obj) => {
                let audit = crate::audit::DocAudit::begin(session, &obj, mode, namespace, user);
                match authorize_doc(session, &obj, mode, namespace, source, user) {
                    Err(text) => {
                        if let Some(a) = audit {
                            a.finish(session, None, None);
                        }
                        DocOutcome { line, text, error: true, warning: None }
                    }
                    Ok(()) => send_doc(session, obj, mode, namespace, (source, line, &spans), audit),
                }
            }
        };
        out.push(outcome);
    }
    if let Some((Pos { line, .. }, msg)) = manifest.syntax_error {
        out.push(DocOutcome { line, text: format!("error: {msg}"), error: true, warning: None });
    }
    out
}

/// Sends one decoded, authorized document and says what kubectl prints for it.
fn send_doc(
    session: &mut Session,
    mut obj: Object,
    mode: Mode,
    namespace: &str,
    (source, line, spans): (&str, usize, &std::collections::BTreeMap<String, Pos>),
    audit: Option<crate::audit::DocAudit>,
) -> DocOutcome {
    let verb = if mode == Mode::Replace { "replacing" } else { "creating" };
    let warning = if mode == Mode::Apply { missing_annotation_warning(session, &obj, namespace) } else { None };
    let call = match mode {
        Mode::Create => ApiCall::Create { object: Box::new(obj), namespace: namespace.to_owned() },
        Mode::Apply => {
            annotate_last_applied(&mut obj, namespace);
            ApiCall::Apply { object: Box::new(obj), namespace: namespace.to_owned() }
        }
        Mode::Replace => {
            if obj.kind().namespaced() && obj.namespace().is_empty() {
                obj.meta_mut().namespace = Some(namespace.to_owned());
            }
            ApiCall::Update { object: Box::new(obj) }
        }
    };
    let body = audit.as_ref().and_then(|a| a.body(session, &call));
    let raw = session.call(call);
    if let Some(a) = audit {
        a.finish(session, body, Some(raw.as_ref()));
    }
    let mut result = match raw {
        Ok(ApiResult::Applied(o, outcome)) => DocOutcome {
            line,
            text: format!("{}/{} {}", o.kind().singular(), o.name(), outcome.as_str()),
            error: false,
            warning: None,
        },
        Ok(ApiResult::Object(o)) => DocOutcome {
            line,
            text: format!("{}/{} {}", o.kind().singular(), o.name(), if mode == Mode::Replace { "replaced" } else { "created" }),
            error: false,
            warning: None,
        },
        Ok(ApiResult::Deleted(o)) => {
            DocOutcome { line, text: format!("{} \"{}\" deleted", o.kind().singular(), o.name()), error: false, warning: None }
        }
        Ok(ApiResult::Restarted) => DocOutcome { line, text: String::new(), error: false, warning: None },
        Err(status) => {
            // Point at the field the API server names, not just the document.
            let line = status.causes.first().map_or(line, |c| kubeplay_api::decode::line_of(spans, line, &c.field));
            DocOutcome { line, text: status.with_source(verb, source).kubectl_message(), error: true, warning: None }
        }
    };
    if !result.error {
        result.warning = warning;
    }
    result
}

/// apply.go `warningNoLastAppliedConfigAnnotation`, for an existing object that was not
/// created by `kubectl apply` (or `create --save-config`).
fn missing_annotation_warning(session: &Session, obj: &Object, namespace: &str) -> Option<String> {
    let kind = obj.kind();
    let ns = if !kind.namespaced() {
        ""
    } else if obj.namespace().is_empty() {
        namespace
    } else {
        obj.namespace()
    };
    let existing = session.cluster().store().get(kind, ns, obj.name()).ok()?;
    let has = existing.meta().annotations.as_ref().is_some_and(|a| a.contains_key(LAST_APPLIED));
    (!has).then(|| {
        format!(
            "Warning: resource {}/{} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.",
            kind.resource(),
            obj.name()
        )
    })
}

/// Stores the applied object (namespace filled in) as compact JSON in the annotation,
/// as `kubectl apply` does: secret data included, in base64 (a well-known leak).
pub(crate) fn annotate_last_applied(obj: &mut Object, namespace: &str) {
    if obj.kind().namespaced() && obj.namespace().is_empty() {
        obj.meta_mut().namespace = Some(namespace.to_owned());
    }
    // util/apply.go GetModifiedConfiguration: annotations become an (empty) map, without this one.
    obj.meta_mut().annotations.get_or_insert_with(Default::default).remove(LAST_APPLIED);
    let json = obj.to_json().to_string() + "\n";
    obj.meta_mut().annotations.get_or_insert_with(Default::default).insert(LAST_APPLIED.to_owned(), json);
}
