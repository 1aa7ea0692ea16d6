//! `kubectl get` (get.go) and its table printers for the kinds kubeplay serves.

use kubeplay_api::{Kind, Object};
use kubeplay_shell::Output;
use serde_json::json;

use super::common::{api_json, targets, Cmd, Ctx};
use crate::flags::{self, Flag, Takes};
use crate::printers::{self, age, table};
use crate::{describe, jsonpath};

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
    if a.is_set("watch") {
        return Output::err(
            "kubeplay: --watch is not simulated (time moves only when you ask): step or `sleep 10`, then get again",
        );
    }
    let p = a.positional.get(1..).unwrap_or_default();
    let Some(first) = p.first() else {
        // get.go: the hint goes to stderr first, then UsageErrorf.
        return Output::err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
    };
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
        "nodes" | "node" | "no" => {
            let mut rows = vec![vec!["NAME".into(), "STATUS".into(), "ROLES".into(), "AGE".into(), "VERSION".into()]];
            let cluster = ctx.session.cluster();
            for n in cluster.nodes() {
                rows.push(vec![n.name.clone(), "Ready".into(), "<none>".into(), human_age(cluster.now_ms()), "v1.33.0".into()]);
            }
            return Output::ok(table(&rows));
        }
        "all" => {
            return Output::err("kubeplay: `get all` lists workloads kubeplay does not simulate; try kubectl get pods,secrets")
        }
        _ => {}
    }
    let t = match targets(p) {
        Ok(t) => t,
        Err(e) => return Output::err(format!("error: {e}")),
    };
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
                Ok(items) => objects.extend(items),
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
    let mut out = String::new();
    for kind in Kind::ALL {
        let of_kind: Vec<&Object> = objects.iter().filter(|o| o.kind() == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let mut header: Vec<String> = match kind {
            Kind::Secret => vec!["NAME", "TYPE", "DATA", "AGE"],
            Kind::Pod => vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            Kind::Namespace => vec!["NAME", "STATUS", "AGE"],
            Kind::ConfigMap => vec!["NAME", "DATA", "AGE"],
            Kind::ServiceAccount => vec!["NAME", "SECRETS", "AGE"],
            // printers.go roleColumnDefinitions / roleBindingsColumnDefinitions (and the cluster ones).
            Kind::Role | Kind::ClusterRole => vec!["NAME", "CREATED AT"],
            Kind::RoleBinding | Kind::ClusterRoleBinding => vec!["NAME", "ROLE", "AGE"],
            // printers.go deploymentColumnDefinitions / replicaSetColumnDefinitions.
            Kind::Deployment => vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            Kind::ReplicaSet => vec!["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
        }
        .into_iter()
        .map(str::to_owned)
        .collect();
        if wide && kind == Kind::Pod {
            header.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"].map(str::to_owned));
        }
        if wide && matches!(kind, Kind::Deployment | Kind::ReplicaSet) {
            header.extend(["CONTAINERS", "IMAGES", "SELECTOR"].map(str::to_owned));
        }
        if all_ns && kind.namespaced() {
            header.insert(0, "NAMESPACE".to_owned());
        }
        if labels {
            header.push("LABELS".to_owned());
        }
        let mut rows = vec![header];
        for o in of_kind {
            let meta = o.meta();
            let age = age(meta.creation_timestamp.as_ref(), now);
            let mut row: Vec<String> = match o {
                Object::Secret(s) => vec![
                    o.name().into(),
                    s.type_.clone().unwrap_or_else(|| "Opaque".into()),
                    s.data.as_ref().map_or(0, |d| d.len()).to_string(),
                    age,
                ],
                Object::Pod(p) => {
                    let cols = printers::pod_columns(p, now);
                    let mut r = vec![o.name().into(), cols.ready, cols.status, cols.restarts, age];
                    if wide {
                        let st = p.status.as_ref();
                        r.push(st.and_then(|s| s.pod_ip.clone()).unwrap_or_else(|| "<none>".into()));
                        r.push(p.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_else(|| "<none>".into()));
                        r.push("<none>".into());
                        r.push("<none>".into());
                    }
                    r
                }
                Object::Namespace(_) => {
                    vec![o.name().into(), if meta.deletion_timestamp.is_some() { "Terminating" } else { "Active" }.into(), age]
                }
                Object::ConfigMap(c) => vec![
                    o.name().into(),
                    (c.data.as_ref().map_or(0, |d| d.len()) + c.binary_data.as_ref().map_or(0, |d| d.len())).to_string(),
                    age,
                ],
                Object::ServiceAccount(s) => vec![o.name().into(), s.secrets.as_ref().map_or(0, |d| d.len()).to_string(), age],
                // printRole: the creation time in RFC 3339.
                Object::Role(_) | Object::ClusterRole(_) => vec![
                    o.name().into(),
                    meta.creation_timestamp.as_ref().map(|t| t.0.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default(),
                ],
                // printRoleBinding: `<kind>/<name>` of the roleRef.
                Object::RoleBinding(b) => vec![o.name().into(), format!("{}/{}", b.role_ref.kind, b.role_ref.name), age],
                Object::ClusterRoleBinding(b) => vec![o.name().into(), format!("{}/{}", b.role_ref.kind, b.role_ref.name), age],
                // printDeployment: READY is ready/desired.
                Object::Deployment(d) => {
                    let st = d.status.clone().unwrap_or_default();
                    let spec = d.spec.as_ref();
                    let mut r = vec![
                        o.name().into(),
                        format!("{}/{}", st.ready_replicas.unwrap_or(0), spec.and_then(|s| s.replicas).unwrap_or(0)),
                        st.updated_replicas.unwrap_or(0).to_string(),
                        st.available_replicas.unwrap_or(0).to_string(),
                        age,
                    ];
                    if wide {
                        r.extend(printers::workload_wide_cells(
                            spec.and_then(|s| s.template.spec.as_ref()),
                            spec.map(|s| &s.selector),
                        ));
                    }
                    r
                }
                // printReplicaSet.
                Object::ReplicaSet(rs) => {
                    let st = rs.status.clone().unwrap_or_default();
                    let spec = rs.spec.as_ref();
                    let mut r = vec![
                        o.name().into(),
                        spec.and_then(|s| s.replicas).unwrap_or(0).to_string(),
                        st.replicas.to_string(),
                        st.ready_replicas.unwrap_or(0).to_string(),
                        age,
                    ];
                    if wide {
                        let pod_spec = spec.and_then(|s| s.template.as_ref()).and_then(|t| t.spec.as_ref());
                        r.extend(printers::workload_wide_cells(pod_spec, spec.map(|s| &s.selector)));
                    }
                    r
                }
            };
            if all_ns && kind.namespaced() {
                row.insert(0, o.namespace().to_owned());
            }
            if labels {
                let l: Vec<String> = meta.labels.iter().flatten().map(|(k, v)| format!("{k}={v}")).collect();
                row.push(if l.is_empty() { "<none>".into() } else { l.join(",") });
            }
            rows.push(row);
        }
        out.push_str(&table(&rows));
    }
    out
}

fn events_table(cluster: &kubeplay_cluster::Cluster, ns: Option<&str>, wide: bool) -> String {
    let mut evs: Vec<&kubeplay_cluster::Event> =
        cluster.events().iter().filter(|e| ns.is_none_or(|n| e.object.namespace == n)).collect();
    // Event names are "<object>.<timestamp hex>": the server lists them by object, then time.
    evs.sort_by(|a, b| (&a.object.namespace, &a.object.name).cmp(&(&b.object.namespace, &b.object.name)));
    let folded = describe::fold(evs.into_iter());
    if folded.is_empty() {
        return String::new();
    }
    let now = cluster.now_ms() as i64;
    let mut rows = vec![if wide {
        vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]
    } else {
        vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    }
    .into_iter()
    .map(str::to_owned)
    .collect::<Vec<_>>()];
    if ns.is_none() {
        if let Some(header) = rows.first_mut() {
            header.insert(0, "NAMESPACE".to_owned());
        }
    }
    for f in folded {
        let e = f.last;
        let last = printers::human_duration(now - e.time_ms as i64);
        let obj = format!("{}/{}", e.object.kind.to_ascii_lowercase(), e.object.name);
        let mut row = if wide {
            vec![
                last,
                e.type_.as_str().into(),
                e.reason.into(),
                obj,
                e.field_path.clone().unwrap_or_default(),
                format!("{}{}", e.source, if e.source == "kubelet" { format!(", {}", "node-1") } else { String::new() }),
                e.message.trim().to_owned(),
                printers::human_duration(now - f.first_ms as i64),
                f.count.to_string(),
                format!("{}.{:016x}", e.object.name, f.first_ms),
            ]
        } else {
            vec![last, e.type_.as_str().into(), e.reason.into(), obj, e.message.trim().to_owned()]
        };
        if ns.is_none() {
            row.insert(0, e.object.namespace.clone());
        }
        rows.push(row);
    }
    table(&rows)
}
