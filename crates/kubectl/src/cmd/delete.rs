//! `kubectl delete` (delete.go): by name, by `--all`, or the objects of `-f` files.

use kubeplay_api::Kind;
use kubeplay_cluster::{ApiCall, ApiResult};
use kubeplay_shell::Output;

use super::common::{targets, Cmd, Ctx, DryRun, MISSING_RESOURCE};
use crate::flags::{self, Flag, Takes};

/// `-i, --interactive`.
pub const INTERACTIVE: Flag = Flag { name: "interactive", short: Some('i'), takes: Takes::Bool };

/// The flags of `kubectl delete` that kubeplay models (delete_flags.go).
pub const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::SELECTOR,
    flags::ALL,
    flags::ALL_NAMESPACES,
    flags::FORCE,
    flags::GRACE_PERIOD,
    flags::WAIT,
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
    // (kind, namespace, name, the file it came from: "" for names given as arguments)
    let mut list: Vec<(Kind, String, String, String)> = Vec::new();
    let mut out = Output::default();
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
    for (kind, ons, name, source) in list {
        let result = match dry {
            // DryRunClient: `o.PrintObj(info)` and nothing is sent.
            DryRun::Client => Ok(None),
            // The server checks the object exists and deletes nothing.
            DryRun::Server => {
                let store_ns = if kind.namespaced() { ons.as_str() } else { "" };
                ctx.session.cluster().store().get(kind, store_ns, &name).map(|_| None)
            }
            DryRun::None => ctx
                .authorize("delete", kind, "", &ons, &name)
                .and_then(|()| ctx.session.call(ApiCall::Delete { kind, namespace: ons.clone(), name: name.clone() }))
                .map(Some),
        };
        match result {
            Ok(r) => {
                if kind == Kind::Pod && matches!(r, Some(ApiResult::Deleted(_))) {
                    // kubectl delete waits until the object is gone (--wait=true).
                    let deadline = ctx.session.cluster().now_ms() + 60_000;
                    while ctx.session.cluster().store().pod(&ons, &name).is_some() && ctx.session.cluster().now_ms() < deadline {
                        if ctx.session.step().is_none() {
                            break;
                        }
                    }
                }
                let op = match dry {
                    DryRun::None => "deleted",
                    DryRun::Client => "deleted (dry run)",
                    DryRun::Server => "deleted (server dry run)",
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
    out
}
