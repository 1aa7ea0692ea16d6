//! `kubectl auth can-i VERB TYPE[/NAME]` (`staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go`):
//! a SelfSubjectAccessReview for the (possibly impersonated) user, answered by the API server's
//! authorizers; `yes` exits 0, `no` (with ` - <reason>` when the authorizer gave one) exits 1.

use kubeplay_api::Kind;
use kubeplay_shell::Output;

use super::common::{Cmd, Ctx};
use crate::flags::{self, Flag};

/// The flags of `kubectl auth can-i`.
pub const FLAGS: &[Flag] = &[flags::ALL_NAMESPACES, flags::QUIET, flags::LIST, flags::SUBRESOURCE];

/// cani.go `knownResourceVerbs` (and the non-resource ones, which kubeplay does not check).
const KNOWN_VERBS: &[&str] = &[
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "use",
    "bind",
    "impersonate",
    "*",
    "approve",
    "sign",
    "escalate",
    "attest",
];

/// Runs `kubectl auth …`.
pub fn auth(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    match p.get(1).map(String::as_str) {
        Some("can-i") => {}
        _ => return Output::err("kubeplay: this console has kubectl auth can-i VERB RESOURCE [NAME]"),
    }
    let args = p.get(2..).unwrap_or_default();
    if a.is_set("list") {
        if !args.is_empty() {
            // cani.go Complete.
            return Output::err("error: list option must be specified with no arguments");
        }
        return Output::err("kubeplay: kubectl auth can-i --list is not simulated; ask about one verb and resource");
    }
    let [verb, target] = args else {
        // cani.go Complete (checked against a kubectl v1.33 client).
        return Output::err("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.");
    };
    let mut out = Output::default();
    if !KNOWN_VERBS.contains(&verb.as_str()) {
        // Printed with a blank line after it (as a kubectl v1.33 client does).
        out.stderr.push_str(&format!("Warning: verb '{verb}' is not a known verb\n\n"));
    }
    let (res, name) = match target.split_once('/') {
        Some((r, n)) => (r, n.to_owned()),
        None => (target.as_str(), String::new()),
    };
    let Some(kind) = Kind::from_resource(res) else {
        out.stderr.push_str(&format!("Warning: the server doesn't have a resource type '{res}'\n\n"));
        out.stdout.push_str("no\n");
        out.status = 1;
        return out;
    };
    let namespace = if a.is_set("all-namespaces") { "" } else { ns };
    let sub = a.get("subresource").unwrap_or("");
    let (decision, _) = ctx.decide(verb, kind, sub, namespace, &name);
    let quiet = a.is_set("quiet");
    if decision.allowed {
        if !quiet {
            out.stdout.push_str("yes\n");
        }
    } else {
        // cani.go: `no`, then ` - <status.reason>` when the authorizers gave one (RBAC gives none,
        // the node authorizer does).
        if !quiet {
            out.stdout.push_str("no");
            if !decision.reason.is_empty() {
                out.stdout.push_str(" - ");
                out.stdout.push_str(&decision.reason);
            }
            out.stdout.push('\n');
        }
        out.status = 1;
    }
    out
}
