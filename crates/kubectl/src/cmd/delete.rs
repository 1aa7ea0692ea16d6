//! `kubectl delete` (delete.go): by name, by `--all`, or the objects of `-f` files.

use kubeplay_api::Kind;
use kubeplay_cluster::{ApiCall, ApiResult, Propagation};
use kubeplay_shell::Output;

use super::common::{targets, Cmd, Ctx, DryRun, MISSING_RESOURCE};
use crate::flags::{self, Flag, Takes};

/// `-i, --interactive`.
pub const INTERACTIVE: Flag = Flag { name: "interactive", short: Some('i'), takes: Takes::Bool };

/// `--cascade[=background]`: what happens to the dependents (delete_flags.go).
pub const CASCADE: Flag = Flag { name: "cascade", short: None, takes: Takes::Optional("background") };

/// `--now`: `--grace-period=1`.
pub const NOW: Flag = Flag { name: "now", short: None, takes: Takes::Bool };

/// The warning `Validate` prints for `--force --grace-period=0` through the warning printer
/// (kubectl pkg/cmd/delete/delete.go; `Warning: ` from pkg/printers/warningprinter.go).
pub const FORCE_WARNING: &str = "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n";

/// How long `kubectl delete` waits for the objects to be gone: `--timeout=0` means a week (delete.go).
const WAIT_TIMEOUT_MS: u64 = 168 * 3600 * 1000;

/// The flags of `kubectl delete` that kubeplay models (delete_flags.go).
pub const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::SELECTOR,
    flags::ALL,
    flags::ALL_NAMESPACES,
    flags::FORCE,
    flags::GRACE_PERIOD,
    flags::WAIT,
    CASCADE,
    NOW,
    flags::IGNORE_NOT_FOUND,
    flags::OUTPUT,
    flags::DRY_RUN,
    INTERACTIVE,
];

/// Runs `kubectl delete`.
///
/// delete.go `DeleteResult`: `--dry-run=client` prints each object without sending anything,
/// `--dry-run=server` asks the server (a missing object is still NotFound) and stores nothing;
/// neither waits. `deleteResource` wraps a server error of an object read from a file with
/// `cmdutil.AddSourceToErr("deleting", info.Source, err)`: `error when deleting "f.yaml": ...`.
pub fn delete(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, stdin: Option<String>, dry: DryRun) -> Output {
    let a = &cmd.args;
    // Complete: `--grace-period` (-1: the object's default), `--now`, `--force`.
    let mut grace: i64 = a.get("grace-period").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let force = a.is_set("force");
    if a.is_set("now") {
        if grace != -1 {
            return Output::err("error: --now and --grace-period cannot be specified together");
        }
        grace = 1;
    }
    if grace == 0 && !force {
        // "To preserve backwards compatibility, but prevent accidental data loss, we convert
        // --grace-period=0 into --grace-period=1. Users may provide --force to bypass this conversion."
        grace = 1;
    }
    if force && grace < 0 {
        grace = 0;
    }
    // GetCascadingStrategy (kubectl pkg/cmd/util/helpers.go): the boolean spellings are deprecated.
    let mut out = Output::default();
    let propagation = match a.get("cascade").unwrap_or("background") {
        "background" => Propagation::Background,
        "orphan" => Propagation::Orphan,
        "foreground" => Propagation::Foreground,
        "true" => {
            out.stderr.push_str(
                "warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n",
            );
            Propagation::Background
        }
        "false" => {
            out.stderr
                .push_str("warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n");
            Propagation::Orphan
        }
        other => {
            return Output::err(format!(
                "error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            ))
        }
    };
    // (kind, namespace, name, the file it came from: "" for names given as arguments)
    let mut list: Vec<(Kind, String, String, String)> = Vec::new();
    if a.has("filename") {
        for f in a.all("filename") {
            let text = if f == "-" {
                stdin.clone().unwrap_or_default()
            } else {
                match ctx.read_file(f) {
                    Ok(t) => t,
                    Err(_) => return Output::err(format!("error: the path \"{f}\" does not exist")),
                }
            };
            for d in kubeplay_api::decode_manifest(&text, f).docs {
                if let Ok(o) = d.result {
                    let ons = if o.namespace().is_empty() { ns.to_owned() } else { o.namespace().to_owned() };
                    let source = if f == "-" { "STDIN" } else { f };
                    list.push((o.kind(), ons, o.name().to_owned(), source.to_owned()));
                }
            }
        }
    } else {
        let p = a.positional.get(1..).unwrap_or_default();
        if p.is_empty() && (a.is_set("all") || a.has("selector")) {
            // cli-runtime resource/builder.go: a selector (or --all) needs a resource type.
            return Output::err("error: at least one resource must be specified to use a selector");
        }
        if p.is_empty() {
            return Output::err(MISSING_RESOURCE);
        }
        let t = match targets(p) {
            Ok(t) => t,
            Err(e) => return Output::err(format!("error: {e}")),
        };
        for (k, name) in t {
            match name {
                Some(n) => list.push((k, ns.to_owned(), n, String::new())),
                None if a.is_set("all") => {
                    for o in ctx.session.cluster().store().list(k, Some(ns)) {
                        list.push((k, ns.to_owned(), o.name().to_owned(), String::new()));
                    }
                }
                None => return Output::err("error: resource(s) were provided, but no name was specified"),
            }
        }
    }
    // Validate.
    if force && grace > 0 {
        return Output::err("error: --force and --grace-period greater than 0 cannot be specified together");
    }
    if force && grace == 0 {
        out.stderr.push_str(FORCE_WARNING);
    }
    let grace_period_seconds = (grace >= 0).then_some(grace);
    // The pods to wait for: (namespace, name, uid).
    let mut deleted_pods: Vec<(String, String, Option<String>)> = Vec::new();
    for (kind, ons, name, source) in list {
        let result = match dry {
            // DryRunClient: `o.PrintObj(info)` and nothing is sent.
            DryRun::Client => Ok(None),
            // The server checks the object exists and deletes nothing.
            DryRun::Server => {
                let store_ns = if kind.namespaced() { ons.as_str() } else { "" };
                ctx.session.cluster().store().get(kind, store_ns, &name).map(|_| None)
            }
            DryRun::None => {
                let call = crate::audit::Call { verb: "delete", kind, sub: "", ns: &ons, name: &name, query: "", body: None };
                let namespace = ons.clone();
                let api =
                    ApiCall::Delete { kind, namespace, name: name.clone(), grace_period_seconds, propagation: Some(propagation) };
                ctx.send(call, api).map(Some)
            }
        };
        match result {
            Ok(r) => {
                if let Some(ApiResult::Deleted(kubeplay_api::Object::Pod(p))) = r {
                    deleted_pods.push((ons.clone(), name.clone(), p.metadata.uid.clone()));
                }
                // PrintObj: "force deleted" for a grace period of 0.
                let op = if grace == 0 { "force deleted" } else { "deleted" };
                let op = match dry {
                    DryRun::None => op.to_owned(),
                    DryRun::Client => format!("{op} (dry run)"),
                    DryRun::Server => format!("{op} (server dry run)"),
                };
                out.stdout.push_str(&format!("{} \"{name}\" {op}\n", kind.singular()));
            }
            Err(s) if s.is_not_found() && a.is_set("ignore-not-found") => {}
            Err(s) => {
                let s = if source.is_empty() { s } else { s.with_source("deleting", &source) };
                out.stderr.push_str(&s.kubectl_message());
                out.stderr.push('\n');
                out.status = 1;
            }
        }
    }
    // DeleteResult: unless --wait=false, wait until every deleted object is gone (the same uid
    // no longer exists): virtual time runs while the kubelets stop the pods' containers.
    if a.get("wait") != Some("false") && !deleted_pods.is_empty() {
        let deadline = ctx.session.cluster().now_ms().saturating_add(WAIT_TIMEOUT_MS);
        let present = |c: &kubeplay_cluster::Cluster, (ns, name, uid): &(String, String, Option<String>)| {
            c.store().pod(ns, name).is_some_and(|p| p.metadata.uid == *uid)
        };
        while deleted_pods.iter().any(|d| present(ctx.session.cluster(), d)) && ctx.session.cluster().now_ms() < deadline {
            if ctx.session.step().is_none() {
                break;
            }
        }
    }
    out
}
