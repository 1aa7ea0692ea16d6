//! `kubectl get` (get.go) and its table printers for the kinds kubeplay serves.

use kubeplay_api::{Kind, Object};
use kubeplay_shell::Output;
use serde_json::json;

use super::common::{api_json, matches_selector, targets, Cmd, Ctx};
use crate::describe::events_rows;
use crate::flags::{self, Flag, Takes};
use crate::follow::{EventWatch, Follow, Watch};
use crate::jsonpath;
use crate::printers::Columns;
use crate::printers::{self, table};

/// `--show-labels`.
pub const SHOW_LABELS: Flag = Flag { name: "show-labels", short: None, takes: Takes::Bool };
/// `-w, --watch`.
pub const WATCH: Flag = Flag { name: "watch", short: Some('w'), takes: Takes::Bool };

/// The flags of `kubectl get` that kubeplay models.
pub const FLAGS: &[Flag] =
    &[flags::OUTPUT, flags::SELECTOR, flags::ALL_NAMESPACES, WATCH, SHOW_LABELS, flags::IGNORE_NOT_FOUND, flags::FILENAME];

/// Runs `kubectl get`.
pub fn get(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let a = &cmd.args;
    let p = a.positional.get(1..).unwrap_or_default();
    let Some(first) = p.first() else {
        // get.go: the hint goes to stderr first, then UsageErrorf.
        return Output::err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
    };
    if a.is_set("watch") {
        return watch(ctx, cmd, ns, p);
    }
    let all_ns = a.is_set("all-namespaces");
    let output = a.get("output").unwrap_or("");
    // Special kinds served by the cluster, not the store.
    match first.as_str() {
        "events" | "event" | "ev" => {
            return ok_or_none(
                events_table(ctx.session.cluster(), if all_ns { None } else { Some(ns) }, output == "wide"),
                ns,
                all_ns,
            )
        }
        "nodes" | "node" | "no" => return Output::ok(nodes_table(ctx.session.cluster())),
        "all" => {
            return Output::err("kubeplay: `get all` lists workloads kubeplay does not simulate; try kubectl get pods,secrets")
        }
        _ => {}
    }
    let t = match targets(p) {
        Ok(t) => t,
        Err(e) => return Output::err(format!("error: {e}")),
    };
    // `-l`: the list's label selector (the API server filters LIST results by it).
    let selector = a.get("selector");
    let mut objects: Vec<Object> = Vec::new();
    let mut errs = String::new();
    let mut named = false;
    for (kind, name) in &t {
        match name {
            Some(n) => {
                named = true;
                let ons = if kind.namespaced() { ns } else { "" };
                match ctx.get_object(*kind, ons, n) {
                    Ok(o) => objects.push(o),
                    Err(s) => {
                        errs.push_str(&s.kubectl_message());
                        errs.push('\n');
                    }
                }
            }
            None => match ctx.list_objects(*kind, if all_ns || !kind.namespaced() { None } else { Some(ns) }) {
                Ok(items) => objects.extend(
                    items.into_iter().filter(|o| selector.is_none_or(|sel| matches_selector(o.meta().labels.as_ref(), sel))),
                ),
                Err(s) => {
                    errs.push_str(&s.kubectl_message());
                    errs.push('\n');
                }
            },
        }
    }
    let cluster = ctx.session.cluster();
    let mut out = Output { stderr: errs, status: 0, stdout: String::new() };
    if !out.stderr.is_empty() {
        out.status = 1;
    }
    if objects.is_empty() && !named && (output == "yaml" || output == "json") {
        // get.go: structured output of nothing is an empty List, without the "No resources" line.
        let v = json!({"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}});
        out.stdout = if output == "yaml" { printers::to_yaml(&v) } else { printers::to_json(&v) };
        return out;
    }
    if objects.is_empty() {
        // A failed LIST printed its error; kubectl says nothing more.
        if !named && out.status == 0 {
            out.stderr.push_str(&if all_ns || t.iter().all(|(k, _)| !k.namespaced()) {
                "No resources found\n".to_owned()
            } else {
                format!("No resources found in {ns} namespace.\n")
            });
        }
        return out;
    }
    out.stdout = match output {
        "yaml" | "json" => {
            let v = if let (Some(only), 1, true, 1) = (objects.first(), objects.len(), named, t.len()) {
                api_json(only)
            } else {
                json!({"apiVersion": "v1", "items": objects.iter().map(api_json).collect::<Vec<_>>(), "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            if output == "yaml" { printers::to_yaml(&v) } else { printers::to_json(&v) }
        }
        "name" => objects.iter().map(|o| format!("{}/{}\n", o.kind().singular(), o.name())).collect(),
        o if o.starts_with("jsonpath=") || o.starts_with("jsonpath-as-json=") => {
            let tpl = o.split_once('=').map(|(_, t)| t).unwrap_or("");
            let v = if let (Some(only), 1, true) = (objects.first(), objects.len(), named) {
                api_json(only)
            } else {
                json!({"apiVersion": "v1", "items": objects.iter().map(api_json).collect::<Vec<_>>(), "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            match jsonpath::eval(tpl, &v) {
                Ok(s) => s,
                Err(e) => return Output::err(format!("error: {e}")),
            }
        }
        "" | "wide" => object_tables(&objects, cluster, all_ns, output == "wide", a.is_set("show-labels")),
        other => {
            return Output::err(format!(
                "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
            ))
        }
    };
    out
}

/// `kubectl get -w` (get.go `watch()`): the current table, then the console follows the watch.
fn watch(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, p: &[String]) -> Output {
    let a = &cmd.args;
    let all_ns = a.is_set("all-namespaces");
    let output = a.get("output").unwrap_or("");
    if !matches!(output, "" | "wide") {
        return Output::err(format!(
            "kubeplay: `kubectl get -w -o {output}` is not simulated; watch with the table (or -o wide)"
        ));
    }
    let first = p.first().map(String::as_str).unwrap_or_default();
    // resource.Builder SingleResourceType(): one type per watch.
    if first.contains(',') {
        return Output::err("error: you may only specify a single resource type");
    }
    match first {
        "events" | "event" | "ev" => {
            let (w, text) = EventWatch::start(ctx.session.cluster(), if all_ns { None } else { Some(ns) }, output == "wide");
            ctx.follow = Some(Follow::Events(w));
            return Output::ok(text);
        }
        "nodes" | "node" | "no" => {
            // The simulated nodes never change: their table, then a watch that stays quiet.
            ctx.follow = Some(Follow::Quiet);
            return Output::ok(nodes_table(ctx.session.cluster()));
        }
        _ => {}
    }
    let t = match targets(p) {
        Ok(t) => t,
        Err(e) => return Output::err(format!("error: {e}")),
    };
    let Some(kind) = t.first().map(|(k, _)| *k) else {
        return Output::err("error: you may only specify a single resource type");
    };
    // get.go multipleGVKsRequested.
    if t.iter().any(|(k, _)| *k != kind) {
        return Output::err(
            "error: watch is only supported on individual resources and resource collections - more than 1 resource was found",
        );
    }
    let names: Vec<String> = t.into_iter().filter_map(|(_, n)| n).collect();
    let scope = if kind.namespaced() && !all_ns { Some(ns) } else { None };
    let in_ns = if kind.namespaced() { ns } else { "" };
    // A watch is a LIST (a GET for named objects; audited like any) then a WATCH, each authorized.
    if names.is_empty() {
        if let Err(st) = ctx.list_objects(kind, scope).and_then(|_| ctx.authorize("watch", kind, "", scope.unwrap_or(""), "")) {
            return Output::err(st.kubectl_message());
        }
    }
    for n in &names {
        if let Err(st) = ctx.get_object(kind, in_ns, n).and_then(|_| ctx.authorize("watch", kind, "", in_ns, n)) {
            return Output::err(st.kubectl_message());
        }
    }
    let cluster = ctx.session.cluster();
    let cols = Columns { all_ns: all_ns && kind.namespaced(), wide: output == "wide", labels: a.is_set("show-labels") };
    let scope = if names.is_empty() { scope } else { Some(in_ns) };
    let (w, text) = Watch::start(cluster, kind, scope, names, a.get("selector"), cols);
    ctx.follow = Some(Follow::Watch(w));
    Output::ok(text)
}

/// `kubectl get nodes`.
fn nodes_table(cluster: &kubeplay_cluster::Cluster) -> String {
    let mut rows = vec![vec!["NAME".into(), "STATUS".into(), "ROLES".into(), "AGE".into(), "VERSION".into()]];
    for n in cluster.nodes() {
        rows.push(vec![n.name.clone(), "Ready".into(), "<none>".into(), human_age(cluster.now_ms()), "v1.33.0".into()]);
    }
    table(&rows)
}

/// A table, or kubectl's "No resources found" on stderr when it is empty.
fn ok_or_none(text: String, ns: &str, all: bool) -> Output {
    if text.is_empty() {
        let msg = if all { "No resources found\n".to_owned() } else { format!("No resources found in {ns} namespace.\n") };
        return Output { stdout: String::new(), stderr: msg, status: 0 };
    }
    Output::ok(text)
}

fn human_age(now_ms: u64) -> String {
    printers::human_duration(now_ms as i64 + 3_600_000)
}

fn object_tables(objects: &[Object], cluster: &kubeplay_cluster::Cluster, all_ns: bool, wide: bool, labels: bool) -> String {
    let now = cluster.now_ms();
    let cols = Columns { all_ns, wide, labels };
    let mut out = String::new();
    for kind in Kind::ALL {
        let of_kind: Vec<&Object> = objects.iter().filter(|o| o.kind() == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let mut rows = vec![cols.header(kind)];
        rows.extend(of_kind.into_iter().map(|o| cols.row(o, now)));
        out.push_str(&table(&rows));
    }
    out
}

fn events_table(cluster: &kubeplay_cluster::Cluster, ns: Option<&str>, wide: bool) -> String {
    let rows = events_rows(cluster, ns, wide);
    if rows.is_empty() {
        return String::new();
    }
    table(&rows)
}
