//! The `deployment` goal: a Deployment's revision, whether its rollout is done, and the env the
//! pods of its current ReplicaSet started with (the pods a rollout replaced are not asked).

use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeplay_cluster::{container_view, Cluster};
use kubeplay_kubectl::cmd::rollout::status_line;

use super::checks::short;
use super::goals::DeploymentExpect;

/// `deployment.kubernetes.io/revision` (pkg/controller/deployment/util/deployment_util.go RevisionAnnotation).
const REVISION: &str = "deployment.kubernetes.io/revision";

fn revision(meta: &ObjectMeta) -> &str {
    meta.annotations.as_ref().and_then(|a| a.get(REVISION)).map_or("", String::as_str)
}

/// Whether `meta` names `kind`/`name` as its controller.
fn controlled_by(meta: &ObjectMeta, kind: &str, name: &str) -> bool {
    meta.owner_references.iter().flatten().any(|r| r.controller == Some(true) && r.kind == kind && r.name == name)
}

/// Evaluates a `deployment` goal: met when every expectation holds; the detail says what is there.
pub(super) fn deployment(c: &Cluster, want: &DeploymentExpect) -> (bool, String) {
    let (ns, name) = (want.namespace.as_str(), want.name.as_str());
    let Some(d) = c.store().deployment(ns, name) else {
        return (false, format!("deployment {ns}/{name} does not exist"));
    };
    let rev = revision(&d.metadata);
    let mut detail = format!("deployment {name}: revision {}", if rev.is_empty() { "none yet" } else { rev });
    let mut ok = want.revision.as_deref().is_none_or(|r| r == rev);
    if want.rolled_out {
        let (line, done) = status_line(d);
        detail.push_str(&format!("; {}", line.trim_end()));
        ok &= done;
    }
    if want.pods_env.is_empty() {
        return (ok, detail);
    }
    // The current ReplicaSet: the one the Deployment owns at its own revision (FindNewReplicaSet
    // matches the template; the controller gives that ReplicaSet the Deployment's revision).
    let Some(rs) = c
        .store()
        .replica_sets_in(ns)
        .find(|rs| controlled_by(&rs.metadata, "Deployment", name) && !rev.is_empty() && revision(&rs.metadata) == rev)
    else {
        return (false, format!("{detail}; no ReplicaSet at that revision yet"));
    };
    let rs_name = rs.metadata.name.clone().unwrap_or_default();
    let pods: Vec<String> = c
        .store()
        .pods_in(ns)
        .filter(|p| p.metadata.deletion_timestamp.is_none() && controlled_by(&p.metadata, "ReplicaSet", &rs_name))
        .filter_map(|p| p.metadata.name.clone())
        .collect();
    let replicas = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    if pods.len() != usize::try_from(replicas).unwrap_or(0) {
        return (false, format!("{detail}; ReplicaSet {rs_name} has {} of {replicas} pods", pods.len()));
    }
    for pod in &pods {
        let v = match container_view(c, ns, pod, want.container.as_deref()) {
            Ok(v) if v.started() => v,
            Ok(_) => return (false, format!("{detail}; pod {pod} has not started")),
            Err(_) => return (false, format!("{detail}; pod {pod} is not running on a node yet")),
        };
        for (var, value) in &want.pods_env {
            match v.env.iter().rev().find(|(n, _)| n == var) {
                Some((_, now)) if now == value => {}
                Some((_, now)) => return (false, format!("{detail}; pod {pod} started with {var}={}", short(now))),
                None => return (false, format!("{detail}; pod {pod} has no {var}")),
            }
        }
    }
    let vars: Vec<String> = want.pods_env.iter().map(|(k, v)| format!("{k}={}", short(v))).collect();
    (ok, format!("{detail}; the {} pods of {rs_name} started with {}", pods.len(), vars.join(", ")))
}
