//! `kubectl delete` (delete.go): by name, by `--all`, or the objects of `-f` files.

use kubeplay_api::Kind;
use kubeplay_cluster::{ApiCall, ApiResult};
use kubeplay_shell::Output;

use super::common::{targets, Cmd, Ctx};
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
pub fn delete(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, stdin: Option<String>) -> Output {
    let a = &cmd.args;
    let mut list: Vec<(Kind, String, String)> = Vec::new();
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
                    list.push((o.kind(), ons, o.name().to_owned()));
                }
            }
        }
    } else {
        let p = a.positional.get(1..).unwrap_or_default();
        if p.is_empty() {
            return Output::err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        }
        let t = match targets(p) {
            Ok(t) => t,
            Err(e) => return Output::err(format!("error: {e}")),
        };
        for (k, name) in t {
            match name {
                Some(n) => list.push((k, ns.to_owned(), n)),
                None if a.is_set("all") => {
                    for o in ctx.session.cluster().store().list(k, Some(ns)) {
                        list.push((k, ns.to_owned(), o.name().to_owned()));
                    }
                }
                None => return Output::err("error: resource(s) were provided, but no name was specified"),
            }
        }
    }
    for (kind, ons, name) in list {
        match ctx.session.call(ApiCall::Delete { kind, namespace: ons.clone(), name: name.clone() }) {
            Ok(ApiResult::Deleted(_)) | Ok(_) => {
                if kind == Kind::Pod {
                    // kubectl delete waits until the object is gone (--wait=true).
                    let deadline = ctx.session.cluster().now_ms() + 60_000;
                    while ctx.session.cluster().store().pod(&ons, &name).is_some() && ctx.session.cluster().now_ms() < deadline {
                        if ctx.session.step().is_none() {
                            break;
                        }
                    }
                }
                out.stdout.push_str(&format!("{} \"{name}\" deleted\n", kind.singular()));
            }
            Err(s) if s.is_not_found() && a.is_set("ignore-not-found") => {}
            Err(s) => {
                out.stderr.push_str(&s.kubectl_message());
                out.stderr.push('\n');
                out.status = 1;
            }
        }
    }
    out
}
