//! What the kubectl commands share: their context, the command as cobra found it, the
//! `--dry-run` strategy, `-o` printing, `TYPE NAME` arguments, and sending a create.

use kubeplay_api::authorization::Decision;
use kubeplay_api::{Kind, Object, Status};
use kubeplay_cluster::{ApiCall, ApiResult, Session};
use kubeplay_shell::{Fs, Output};
use serde_json::{json, Value};

use crate::audit::Call;
use crate::error::{Error, Result};
use crate::flags::Args;
use crate::{jsonpath, printers};

/// What a kubectl command works with: the cluster, the console's files and its namespace.
pub struct Ctx<'a> {
    /// The cluster and its history.
    pub session: &'a mut Session,
    /// The console's files (`-f FILE`, `--from-file`).
    pub fs: &'a dyn Fs,
    /// The console's working directory.
    pub cwd: &'a str,
    /// The namespace used without `-n`.
    pub namespace: &'a str,
    /// Who the requests are made as (`--as`, `--as-group`); `None` is the authenticated user.
    pub user: Option<kubeplay_api::authentication::UserInfo>,
    /// Who `--token` authenticated; `None` is the console's admin (its client certificate).
    pub authn: Option<kubeplay_api::authentication::UserInfo>,
    /// Set by a command that keeps running (`get -w`, `logs -f`): the console follows it.
    pub follow: Option<crate::follow::Follow>,
}

impl Ctx<'_> {
    /// Reads a console file as text.
    pub fn read_file(&self, file: &str) -> Result<String> {
        Ok(kubeplay_shell::fs::read_text(self.fs, self.cwd, file)?)
    }
    /// Reads a console file's bytes.
    pub fn read_bytes(&self, file: &str) -> Result<Vec<u8>> {
        Ok(kubeplay_shell::fs::read(self.fs, self.cwd, file)?)
    }
    /// Whether a console path is a directory.
    pub fn is_dir(&self, file: &str) -> bool {
        kubeplay_shell::fs::is_dir(self.fs, self.cwd, file)
    }
    /// The regular files directly in a console directory: (name, content).
    pub fn dir_files(&self, dir: &str) -> Vec<(String, Vec<u8>)> {
        kubeplay_shell::fs::dir_files(self.fs, self.cwd, dir)
    }

    /// The user requests are made as.
    pub fn user(&self) -> kubeplay_api::authentication::UserInfo {
        self.user.clone().or_else(|| self.authn.clone()).unwrap_or_else(kubeplay_api::authentication::UserInfo::admin)
    }

    /// The API server's authorization of one request (`verb` on `kind`[/`sub`] named `name`
    /// in `ns`): the `Forbidden` error when the authorizers deny it.
    pub fn authorize(
        &self,
        verb: &str,
        kind: Kind,
        sub: &str,
        ns: &str,
        name: &str,
    ) -> std::result::Result<(), kubeplay_api::Status> {
        let (d, status) = self.decide(verb, kind, sub, ns, name);
        if d.allowed {
            Ok(())
        } else {
            Err(status)
        }
    }

    /// The authorizers' decision for one request, and the Forbidden error it would give.
    pub fn decide(
        &self,
        verb: &str,
        kind: Kind,
        sub: &str,
        ns: &str,
        name: &str,
    ) -> (kubeplay_api::authorization::Decision, kubeplay_api::Status) {
        let user = self.user();
        let attrs = kubeplay_api::authorization::Attributes {
            user: &user,
            verb,
            group: kind.group(),
            resource: kind.resource(),
            subresource: sub,
            namespace: if kind.namespaced() { ns } else { "" },
            name,
        };
        let d = kubeplay_api::authorization::authorize(self.session.cluster().store(), &attrs);
        let status = kubeplay_api::authorization::forbidden(&attrs, &d.reason);
        (d, status)
    }
}

impl Ctx<'_> {
    /// Whether the API server writes an audit log (so requests need their bodies as JSON).
    pub fn auditing(&self) -> bool {
        self.session.cluster().store().audit_policy().is_some()
    }

    /// Writes the audit events of one request (see [`crate::audit::record`]).
    pub fn audit(&mut self, call: Call<'_>, d: &Decision, result: Result<Option<Value>, &Status>, code: u16) {
        crate::audit::record(self.session, self.authn.as_ref(), self.user.as_ref(), call, d.allowed, &d.reason, result, code);
    }

    /// `GET` of one object: authorized, served from the store and audited.
    pub fn get_object(&mut self, kind: Kind, ns: &str, name: &str) -> Result<Object, Status> {
        let ons = if kind.namespaced() { ns } else { "" };
        let (d, forbidden) = self.decide("get", kind, "", ons, name);
        let call = Call { verb: "get", kind, sub: "", ns: ons, name, query: "", body: None };
        if !d.allowed {
            self.audit(call, &d, Err(&forbidden), 0);
            return Err(forbidden);
        }
        let r = self.session.cluster().store().get(kind, ons, name);
        let body = if self.auditing() { r.as_ref().ok().map(crate::audit::object_json) } else { None };
        self.audit(call, &d, r.as_ref().map(|_| body), 200);
        r
    }

    /// `LIST` (kubectl's `?limit=500` chunk) in `ns`, or every namespace with `None`.
    pub fn list_objects(&mut self, kind: Kind, ns: Option<&str>) -> Result<Vec<Object>, Status> {
        let ons = if kind.namespaced() { ns.unwrap_or("") } else { "" };
        let (d, forbidden) = self.decide("list", kind, "", ons, "");
        let call = Call { verb: "list", kind, sub: "", ns: ons, name: "", query: "limit=500", body: None };
        if !d.allowed {
            self.audit(call, &d, Err(&forbidden), 0);
            return Err(forbidden);
        }
        let store = self.session.cluster().store();
        let r = store.list_checked(kind, if ons.is_empty() { None } else { Some(ons) });
        let body = if self.auditing() {
            r.as_ref().ok().map(|items| crate::audit::list_json(kind, items, store.resource_version()))
        } else {
            None
        };
        self.audit(call, &d, r.as_ref().map(|_| body), 200);
        r
    }

    /// Sends a mutating call: authorized as `call` says, performed, and audited with the
    /// object the server answered (a deleted Secret answers with a success `Status`).
    pub fn send(&mut self, call: Call<'_>, api: ApiCall) -> Result<ApiResult, Status> {
        let (d, forbidden) = self.decide(call.verb, call.kind, call.sub, call.ns, call.name);
        if !d.allowed {
            self.audit(call, &d, Err(&forbidden), 0);
            return Err(forbidden);
        }
        let r = self.session.call(api);
        let code = if call.verb == "create" { 201 } else { 200 };
        let body = if self.auditing() { r.as_ref().ok().and_then(crate::audit::result_json) } else { None };
        self.audit(call, &d, r.as_ref().map(|_| body), code);
        r
    }
}

/// The user `--as` / `--as-group` name (impersonation.go), if any.
pub(crate) fn user_of(a: &Args) -> Option<kubeplay_api::authentication::UserInfo> {
    let groups: Vec<String> = a.all("as-group").into_iter().map(str::to_owned).collect();
    match a.get("as") {
        Some(name) if !name.is_empty() => Some(kubeplay_api::authentication::UserInfo::impersonate(name, &groups)),
        _ => None,
    }
}

/// A command as cobra found it: its path and its parsed flags and arguments.
pub struct Cmd {
    /// `kubectl create secret generic`.
    pub path: String,
    /// The parsed command line.
    pub args: Args,
}

impl Cmd {
    /// `UsageErrorf`: `error: MSG` and `See 'PATH -h' for help and examples`.
    pub fn usage_error(&self, msg: &str) -> Output {
        Output::err(format!("error: {msg}\nSee '{} -h' for help and examples", self.path))
    }
}

/// cli-runtime `resource/builder.go` `missingResourceError`: no resource named at all.
pub(crate) const MISSING_RESOURCE: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// How `--dry-run` was given (cmd/util/helpers.go GetDryRunStrategy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryRun {
    /// Really send the request.
    None,
    /// Print the object as kubectl built it.
    Client,
    /// Ask the server to check without storing.
    Server,
}

/// The formats `kubectl create` and `apply` print with (`genericclioptions.PrintFlags`, no table printer).
const ALLOWED_FORMATS: &str =
    "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

/// Refuses an `-o` that `PrintFlags.ToPrinter` does not know.
pub(crate) fn check_output_format(a: &Args) -> Result<(), Output> {
    let Some(o) = a.get("output") else { return Ok(()) };
    let name = o.split_once('=').map_or(o, |(n, _)| n);
    match name {
        "" | "json" | "yaml" | "name" | "jsonpath" | "jsonpath-as-json" => Ok(()),
        "go-template" | "go-template-file" | "template" | "templatefile" | "jsonpath-file" => {
            Err(Output::err(format!("kubeplay: -o {name} is not supported here; use -o jsonpath='...', -o yaml or -o json")))
        }
        _ => Err(Output::err(format!(
            "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: {ALLOWED_FORMATS}"
        ))),
    }
}

/// Prints an object as `-o` asks, or the `kind/name <op>` line.
///
/// `typed`: the object is a Go struct kubectl built (`create secret ...`), whose JSON keeps the
/// struct field order; otherwise it is unstructured and its keys are sorted.
pub(crate) fn print_object(v: &Value, a: &Args, singular: &str, name: &str, op: &str, typed: bool) -> Output {
    match a.get("output") {
        Some("yaml") => Output::ok(printers::to_yaml(v)),
        Some("json") => Output::ok(if typed { printers::to_json_typed(v) } else { printers::to_json(v) }),
        Some("name") => Output::ok(format!("{singular}/{name}\n")),
        Some(o) if o.starts_with("jsonpath=") || o.starts_with("jsonpath-as-json=") => {
            let tpl = o.split_once('=').map_or("", |(_, t)| t);
            match jsonpath::eval(tpl, v) {
                Ok(s) => Output::ok(s),
                Err(e) => Output::err(format!("error: {e}")),
            }
        }
        _ => Output::ok(format!("{singular}/{name} {op}\n")),
    }
}

pub(crate) fn single_name(p: &[String], at: usize) -> Option<&String> {
    if p.len() == at + 1 {
        p.get(at)
    } else {
        None
    }
}

/// Resolves `TYPE NAME...` or `TYPE/NAME...` arguments.
pub(crate) fn targets(p: &[String]) -> Result<Vec<(Kind, Option<String>)>> {
    let mut out = Vec::new();
    let Some(first) = p.first() else { return Ok(out) };
    if first.contains('/') {
        for t in p {
            let (ty, name) = t.split_once('/').unwrap_or((t, ""));
            let kind = Kind::from_resource(ty).ok_or_else(|| Error::UnknownResource(ty.to_owned()))?;
            out.push((kind, Some(name.to_owned())));
        }
        return Ok(out);
    }
    let kinds: Vec<Kind> = first
        .split(',')
        .map(|t| Kind::from_resource(t).ok_or_else(|| Error::UnknownResource(t.to_owned())))
        .collect::<Result<_, _>>()?;
    for k in kinds {
        if p.len() == 1 {
            out.push((k, None));
        }
        for n in p.get(1..).unwrap_or_default() {
            out.push((k, Some(n.clone())));
        }
    }
    Ok(out)
}

/// The object as the API server returns it to `kubectl get -o yaml|json`.
pub(crate) fn api_json(o: &Object) -> Value {
    let mut v = o.to_json();
    if let Some(m) = v.as_object_mut() {
        m.insert("apiVersion".into(), o.kind().api_version().into());
        m.insert("kind".into(), o.kind().as_str().into());
    }
    v
}

/// Sends a create (or prints it for `--dry-run=client`) and prints `kind/name created`.
///
/// create_secret.go, create_namespace.go, create_serviceaccount.go: the object is a typed struct,
/// printed after `--dry-run=client` as built, otherwise as the server returned it.
pub(crate) fn send_create(ctx: &mut Ctx<'_>, obj: Object, ns: &str, a: &Args, what: &str, dry: DryRun) -> Output {
    let singular = obj.kind().singular();
    let name = obj.name().to_owned();
    if dry == DryRun::Client {
        return print_dry_run(&obj, a, singular, &name, "created (dry run)");
    }
    if dry == DryRun::Server {
        if let Err(s) = ctx.authorize("create", obj.kind(), "", ns, "") {
            return Output::err(if what == "secret" {
                format!("error: failed to create secret {s}")
            } else {
                s.kubectl_message()
            });
        }
        let kind = obj.kind();
        let ons = if kind.namespaced() { ns } else { "" };
        if ctx.session.cluster().store().get(kind, ons, &name).is_ok() {
            let msg = format!("Error from server (AlreadyExists): {}s \"{name}\" already exists", kind.singular());
            return Output::err(if what == "secret" {
                format!("error: failed to create secret {}", msg.trim_start_matches("Error from server (AlreadyExists): "))
            } else {
                msg
            });
        }
        return print_dry_run(&obj, a, singular, &name, "created (server dry run)");
    }
    let body = ctx.auditing().then(|| crate::audit::request_json(&obj));
    let call = Call {
        verb: "create",
        kind: obj.kind(),
        sub: "",
        ns,
        name: "",
        query: "fieldManager=kubectl-create&fieldValidation=Strict",
        body,
    };
    match ctx.send(call, ApiCall::Create { object: Box::new(obj), namespace: ns.to_owned() }) {
        Ok(ApiResult::Object(o)) => print_object(&api_json(&o), a, singular, &name, "created", true),
        Ok(_) => print_object(&Value::Null, a, singular, &name, "created", true),
        // create_secret.go: `fmt.Errorf("failed to create secret %v", err)`; kubectl v1.32.4 prints
        // `error: failed to create secret secrets "x" already exists` (the colon of PR #126516 never landed by v1.33).
        Err(s) if what == "secret" => Output::err(format!("error: failed to create secret {s}")),
        Err(s) => Output::err(s.kubectl_message()),
    }
}

pub(crate) fn print_dry_run(obj: &Object, a: &Args, singular: &str, name: &str, op: &str) -> Output {
    let mut v = obj.to_json();
    if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        // kubectl <= v1.33 prints the zero creationTimestamp as null.
        m.insert("creationTimestamp".to_owned(), Value::Null);
    }
    if let (Object::Namespace(_), Some(m)) = (obj, v.as_object_mut()) {
        // NamespaceSpec and NamespaceStatus are structs (no omitempty on the pointer-less fields): `{}`.
        m.entry("spec").or_insert_with(|| json!({}));
        m.entry("status").or_insert_with(|| json!({}));
    }
    print_object(&v, a, singular, name, op, true)
}

/// Whether `labels` match a label selector (`-l a=b,c!=d,e,!f`): the equality-based forms and
/// existence tests `labels.Parse` reads (apimachinery/pkg/labels/selector.go); set-based forms
/// (`in`, `notin`) are not read.
pub(crate) fn matches_selector(labels: Option<&std::collections::BTreeMap<String, String>>, sel: &str) -> bool {
    let get = |k: &str| labels.and_then(|l| l.get(k)).map(String::as_str);
    sel.split(',').map(str::trim).filter(|t| !t.is_empty()).all(|term| {
        if let Some((k, v)) = term.split_once("!=") {
            get(k.trim()) != Some(v.trim())
        } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
            get(k.trim()) == Some(v.trim())
        } else if let Some(k) = term.strip_prefix('!') {
            get(k.trim()).is_none()
        } else {
            get(term).is_some()
        }
    })
}
