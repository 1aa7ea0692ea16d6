//! `kubectl describe` (describe.go): secrets, pods, nodes; other kinds by name.

use kubeplay_api::{Kind, Object};
use kubeplay_cluster::{Strategy, TtlSource};
use kubeplay_shell::Output;

use super::common::{targets, Cmd, Ctx};
use crate::describe as describe_printer;
use crate::describe::print_annotations;
use crate::flags::{self, Flag};

/// The flags of `kubectl describe` that kubeplay models.
pub const FLAGS: &[Flag] = &[flags::FILENAME, flags::SELECTOR, flags::ALL_NAMESPACES];

/// Runs `kubectl describe`.
pub fn describe(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let a = &cmd.args;
    let p = a.positional.get(1..).unwrap_or_default();
    let Some(first) = p.first() else {
        return Output::err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
    };
    if matches!(first.as_str(), "node" | "nodes" | "no") || first.starts_with("node/") || first.starts_with("nodes/") {
        return describe_nodes(ctx, p);
    }
    let t = match targets(p) {
        Ok(t) => t,
        Err(e) => return Output::err(format!("error: {e}")),
    };
    let mut out = Output::default();
    let mut first = true;
    for (kind, name) in t {
        let objs: Vec<Object> = match &name {
            Some(n) => match ctx.get_object(kind, ns, n) {
                Ok(o) => vec![o],
                Err(s) => {
                    out.stderr.push_str(&s.kubectl_message());
                    out.stderr.push('\n');
                    out.status = 1;
                    continue;
                }
            },
            // A list as kubectl describe sends it (a store read: undecryptable secrets still list).
            None => match ctx.authorize("list", kind, "", ns, "") {
                Ok(()) => ctx.session.cluster().store().list(kind, Some(ns)),
                Err(s) => {
                    out.stderr.push_str(&s.kubectl_message());
                    out.stderr.push('\n');
                    out.status = 1;
                    continue;
                }
            },
        };
        // ServiceAccountDescriber lists the namespace's secrets (a failed list is tolerated).
        let secrets = (kind == Kind::ServiceAccount && ctx.authorize("list", Kind::Secret, "", ns, "").is_ok()).then(|| {
            ctx.session
                .cluster()
                .store()
                .secrets()
                .filter(|s| s.metadata.namespace.as_deref() == Some(ns))
                .cloned()
                .collect::<Vec<_>>()
        });
        let cluster = ctx.session.cluster();
        for o in objs {
            if !first {
                out.stdout.push_str("\n\n");
            }
            first = false;
            out.stdout.push_str(&match &o {
                Object::Secret(s) => describe_printer::secret(s),
                Object::Pod(pd) => describe_printer::pod(pd, cluster),
                Object::ConfigMap(c) => describe_printer::config_map(c, cluster),
                Object::Deployment(d) => describe_printer::deployment(d, cluster),
                Object::ReplicaSet(r) => describe_printer::replica_set(r, cluster),
                Object::ServiceAccount(a) => describe_printer::service_account(a, secrets.as_deref(), cluster),
                Object::Job(j) => describe_printer::job(j, cluster),
                other => {
                    let mut s = format!("Name:\t{}\n", other.name());
                    if other.kind().namespaced() {
                        s.push_str(&format!("Namespace:\t{}\n", other.namespace()));
                    }
                    crate::tabwriter::format(&s, 0, 2)
                }
            });
        }
    }
    out
}

/// `kubectl describe node`: the parts kubeplay models (name, labels, addresses, pods with
/// their namespaces), in describe.go's layout; the rest of a real node is not simulated.
fn describe_nodes(ctx: &mut Ctx<'_>, p: &[String]) -> Output {
    let cluster = ctx.session.cluster();
    let wanted: Vec<String> = match p.first().and_then(|f| f.split_once('/')) {
        Some((_, n)) => vec![n.to_owned()],
        None => p.get(1..).unwrap_or_default().to_vec(),
    };
    let mut out = Output::default();
    let mut first = true;
    for n in cluster.nodes() {
        if !wanted.is_empty() && !wanted.contains(&n.name) {
            continue;
        }
        let mut t = format!("Name:\t{}\nRoles:\t<none>\n", n.name);
        for (i, (k, v)) in n.labels.iter().enumerate() {
            t.push_str(&format!("{}\t{k}={v}\n", if i == 0 { "Labels:" } else { "" }));
        }
        // describe.go printAnnotationsMultiline: the TTL controller's node.alpha.kubernetes.io/ttl.
        print_annotations("Annotations", Some(&n.annotations), &mut t);
        t.push_str("Unschedulable:\tfalse\n");
        t.push_str(&format!("Addresses:\n  InternalIP:\t{}\n  Hostname:\t{}\n", n.ip, n.name));
        t.push_str(&format!("Non-terminated Pods:\t({} in total)\n  Namespace\tName\n  ---------\t----\n", n.workers.len()));
        for w in n.workers.values() {
            t.push_str(&format!(
                "  {}\t{}\n",
                w.pod.metadata.namespace.as_deref().unwrap_or(""),
                w.pod.metadata.name.as_deref().unwrap_or("")
            ));
        }
        t.push_str(&format!(
            "kubeplay:\tsecret, configMap and projected volumes use {} bytes of tmpfs on this node\n",
            n.tmpfs_bytes()
        ));
        if let (ttl_ms, TtlSource::Override) = n.cache_ttl {
            if cluster.settings().strategy == Strategy::Cache {
                let ttl = if ttl_ms % 1000 == 0 { format!("{}s", ttl_ms / 1000) } else { format!("{ttl_ms}ms") };
                t.push_str(&format!(
                    "kubeplay:\tthe Cache strategy's TTL is {ttl} on this node: the cluster settings override the annotation\n"
                ));
            }
        }
        if !first {
            out.stdout.push_str("\n\n");
        }
        first = false;
        out.stdout.push_str(&crate::tabwriter::format(&t, 0, 2));
    }
    for w in &wanted {
        if !cluster.nodes().iter().any(|n| &n.name == w) {
            out.stderr.push_str(&format!("Error from server (NotFound): nodes \"{w}\" not found\n"));
            out.status = 1;
        }
    }
    out
}
