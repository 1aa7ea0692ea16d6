//! The resources view's workloads: each Deployment, under it its ReplicaSets (newest revision
//! first, with the revision and the secret values their pods started with), under each its pods —
//! the grouping `kubectl get deploy,rs,pods` leaves to the reader, drawn as a tree.

use kubeplay_api::k8s_openapi::api::apps::v1::ReplicaSet;
use kubeplay_cluster::Cluster;
use kubeplay_kubectl::printers::{age, pod_ready, pod_status};
use serde::Serialize;

/// What a row of the workload tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum WorkloadKind {
    /// A Deployment.
    Deployment,
    /// A ReplicaSet.
    ReplicaSet,
    /// A pod.
    Pod,
}

/// One row of the workload tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkloadRow {
    /// Deployment, ReplicaSet or Pod.
    pub kind: WorkloadKind,
    /// 0 for a Deployment (or a ReplicaSet without one), one more per level down.
    pub depth: usize,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// READY as `kubectl get` prints it (`3/3`; for a ReplicaSet ready/desired).
    pub ready: String,
    /// Deployment: `UP-TO-DATE n, AVAILABLE n`; ReplicaSet: `revision N` (and `current` for the
    /// one the Deployment's template matches); pod: its STATUS.
    pub detail: String,
    /// AGE.
    pub age: String,
    /// Whether this ReplicaSet (or pod of it) belongs to the Deployment's current template.
    pub current: bool,
}

fn controlled_by(meta: &kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta, uid: &str) -> bool {
    meta.owner_references.iter().flatten().any(|r| r.uid == uid && r.controller == Some(true))
}

fn revision(rs: &ReplicaSet) -> i64 {
    rs.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("deployment.kubernetes.io/revision"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn rs_rows(c: &Cluster, rs: &ReplicaSet, depth: usize, current: bool, out: &mut Vec<WorkloadRow>) {
    let now = c.now_ms();
    let ns = rs.metadata.namespace.clone().unwrap_or_default();
    let desired = rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(0);
    let ready = rs.status.as_ref().and_then(|s| s.ready_replicas).unwrap_or(0);
    let rev = revision(rs);
    out.push(WorkloadRow {
        kind: WorkloadKind::ReplicaSet,
        depth,
        namespace: ns.clone(),
        name: rs.metadata.name.clone().unwrap_or_default(),
        ready: format!("{ready}/{desired}"),
        detail: if rev > 0 { format!("revision {rev}") } else { String::new() },
        age: age(rs.metadata.creation_timestamp.as_ref(), now),
        current,
    });
    let uid = rs.metadata.uid.clone().unwrap_or_default();
    for p in c.store().pods_in(&ns).filter(|p| controlled_by(&p.metadata, &uid)) {
        out.push(WorkloadRow {
            kind: WorkloadKind::Pod,
            depth: depth + 1,
            namespace: ns.clone(),
            name: p.metadata.name.clone().unwrap_or_default(),
            ready: pod_ready(p),
            detail: pod_status(p),
            age: age(p.metadata.creation_timestamp.as_ref(), now),
            current,
        });
    }
}

/// The workload tree of the whole cluster: Deployments (by namespace, then name) with their
/// ReplicaSets (highest revision first) and pods, then ReplicaSets that no Deployment controls.
pub fn workload_rows(c: &Cluster) -> Vec<WorkloadRow> {
    let now = c.now_ms();
    let mut out = Vec::new();
    for d in c.store().deployments() {
        let ns = d.metadata.namespace.clone().unwrap_or_default();
        let st = d.status.clone().unwrap_or_default();
        let replicas = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(0);
        out.push(WorkloadRow {
            kind: WorkloadKind::Deployment,
            depth: 0,
            namespace: ns.clone(),
            name: d.metadata.name.clone().unwrap_or_default(),
            ready: format!("{}/{replicas}", st.ready_replicas.unwrap_or(0)),
            detail: format!("UP-TO-DATE {}, AVAILABLE {}", st.updated_replicas.unwrap_or(0), st.available_replicas.unwrap_or(0)),
            age: age(d.metadata.creation_timestamp.as_ref(), now),
            current: true,
        });
        let uid = d.metadata.uid.clone().unwrap_or_default();
        let mut owned: Vec<&ReplicaSet> = c.store().replica_sets_in(&ns).filter(|rs| controlled_by(&rs.metadata, &uid)).collect();
        owned.sort_by_key(|rs| std::cmp::Reverse(revision(rs)));
        let current = d
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get("deployment.kubernetes.io/revision"))
            .and_then(|v| v.parse::<i64>().ok());
        for rs in owned {
            rs_rows(c, rs, 1, Some(revision(rs)) == current, &mut out);
        }
    }
    let deployment_uids: Vec<String> = c.store().deployments().filter_map(|d| d.metadata.uid.clone()).collect();
    for rs in c.store().replica_sets() {
        if !deployment_uids.iter().any(|u| controlled_by(&rs.metadata, u)) {
            rs_rows(c, rs, 0, true, &mut out);
        }
    }
    out
}
