//! The ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`, `replica_set_utils.go`).
//!
//! `syncReplicaSet`: claim the pods (adopt orphans that match the selector, release owned pods
//! that no longer match), keep the active ones, create or delete the difference
//! (`manageReplicas`: `SuccessfulCreate` "Created pod: <name>", `SuccessfulDelete`
//! "Deleted pod: <name>", the events `pkg/controller/controller_utils.go` records for
//! `RealPodControl`), then write the status computed from the pods seen before acting
//! (`calculateStatus`), as upstream does; the pods' own watch events bring the next sync.

use std::collections::BTreeMap;

use kubeplay_api::k8s_openapi::api::apps::v1::{ReplicaSet, ReplicaSetStatus};
use kubeplay_api::k8s_openapi::api::core::v1::Pod;
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeplay_api::validation::selector_matches;
use kubeplay_api::{Kind, Object};

use super::{controller_of, controller_ref, pod_active, pod_ready, record};
use crate::ctx::Ctx;
use crate::events::{EventType, ObjectRef};

/// The events' source (`replicaset-controller`, the controller's user agent).
pub(crate) const SOURCE: &str = "replicaset-controller";

/// `burstReplicas`: the most pods one sync creates or deletes (kube-controller-manager's default 500).
const BURST_REPLICAS: usize = 500;

/// `syncReplicaSet`.
pub(crate) fn sync(ctx: &mut Ctx<'_>, ns: &str, name: &str) {
    let Some(rs) = ctx.store.replica_set(ns, name).cloned() else { return };
    let uid = rs.metadata.uid.clone().unwrap_or_default();
    let Some(spec) = rs.spec.clone() else { return };
    let selector = spec.selector.clone();
    // claimPods: adopt matching orphans (not while the ReplicaSet is being deleted), release
    // owned pods whose labels no longer match.
    let mut owned: Vec<Pod> = Vec::new();
    let candidates: Vec<Pod> = ctx.store.pods_in(ns).cloned().collect();
    for p in candidates {
        let labels = p.metadata.labels.clone().unwrap_or_default();
        let matches = selector_matches(&selector, &labels);
        match controller_of(&p.metadata) {
            Some(r) if r.uid == uid => {
                if matches {
                    owned.push(p);
                } else {
                    release(ctx, ns, &p, &uid);
                }
            }
            Some(_) => {}
            None if matches && rs.metadata.deletion_timestamp.is_none() && p.metadata.deletion_timestamp.is_none() => {
                let mut refs = p.metadata.owner_references.clone().unwrap_or_default();
                refs.push(controller_ref("ReplicaSet", &rs.metadata));
                let pname = p.metadata.name.clone().unwrap_or_default();
                ctx.store.set_owner_references(Kind::Pod, ns, &pname, Some(refs));
                ctx.note(|| format!("{SOURCE}: {ns}/{name} adopted pod {pname}"));
                if let Some(p) = ctx.store.pod(ns, &pname).cloned() {
                    owned.push(p);
                }
            }
            None => {}
        }
    }
    let active: Vec<&Pod> = owned.iter().filter(|p| pod_active(p)).collect();
    if rs.metadata.deletion_timestamp.is_none() {
        manage_replicas(ctx, &rs, &active);
    }
    let status = calculate_status(&rs, &active, ctx.now_ms);
    if ctx.store.update_replica_set_status(ns, name, status) {
        ctx.changed();
    }
}

/// Drops this ReplicaSet's reference from a pod (`ReleasePod`).
fn release(ctx: &mut Ctx<'_>, ns: &str, p: &Pod, uid: &str) {
    let refs: Vec<_> = p.metadata.owner_references.iter().flatten().filter(|r| r.uid != uid).cloned().collect();
    let name = p.metadata.name.clone().unwrap_or_default();
    ctx.store.set_owner_references(Kind::Pod, ns, &name, (!refs.is_empty()).then_some(refs));
}

/// `manageReplicas`: create the missing pods from the template, or delete the surplus.
fn manage_replicas(ctx: &mut Ctx<'_>, rs: &ReplicaSet, active: &[&Pod]) {
    let ns = rs.metadata.namespace.clone().unwrap_or_default();
    let name = rs.metadata.name.clone().unwrap_or_default();
    let want = usize::try_from(rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)).unwrap_or(0);
    let who = ObjectRef { kind: "ReplicaSet", namespace: ns.clone(), name: name.clone() };
    if active.len() < want {
        let n = (want - active.len()).min(BURST_REPLICAS);
        for _ in 0..n {
            let mut pod = pod_from_template(rs);
            let mut obj = Object::Pod(pod.clone());
            match ctx.store.create_in(&mut obj, &ns, ctx.now_ms) {
                Ok(()) => {
                    if let Object::Pod(p) = obj {
                        pod = p;
                    }
                    let pname = pod.metadata.name.clone().unwrap_or_default();
                    record(ctx, who.clone(), EventType::Normal, "SuccessfulCreate", SOURCE, format!("Created pod: {pname}"));
                }
                Err(e) => {
                    // controller_utils.go CreatePodsWithGenerateName: FailedCreate "Error creating: %v".
                    record(
                        ctx,
                        who.clone(),
                        EventType::Warning,
                        "FailedCreate",
                        SOURCE,
                        format!("Error creating: {}", e.message),
                    );
                    break;
                }
            }
        }
    } else if active.len() > want {
        let n = (active.len() - want).min(BURST_REPLICAS);
        for p in pods_to_delete(active, n) {
            let pname = p.metadata.name.clone().unwrap_or_default();
            if ctx.store.delete_pod_gracefully(&ns, &pname, None, ctx.now_ms).is_ok() {
                record(ctx, who.clone(), EventType::Normal, "SuccessfulDelete", SOURCE, format!("Deleted pod: {pname}"));
            }
        }
    }
}

/// `GetPodFromTemplate`: the template's labels, annotations and spec, `generateName`
/// `<replicaset>-`, and the controller reference.
fn pod_from_template(rs: &ReplicaSet) -> Pod {
    let template = rs.spec.as_ref().and_then(|s| s.template.clone()).unwrap_or_default();
    let tm = template.metadata.unwrap_or_default();
    let prefix = format!("{}-", rs.metadata.name.as_deref().unwrap_or(""));
    Pod {
        metadata: ObjectMeta {
            generate_name: Some(prefix),
            namespace: rs.metadata.namespace.clone(),
            labels: tm.labels,
            annotations: tm.annotations,
            finalizers: tm.finalizers,
            owner_references: Some(vec![controller_ref("ReplicaSet", &rs.metadata)]),
            ..Default::default()
        },
        spec: template.spec,
        status: None,
    }
}

/// `getPodsToDelete`: the `n` pods ranked first by `ActivePodsWithRanks` (not yet scheduled before
/// scheduled, Pending before Unknown before Running, not ready before ready, more restarts
/// before fewer, newer before older; the ranks by co-located pods are all equal on kubeplay's
/// node spread).
fn pods_to_delete<'a>(active: &[&'a Pod], n: usize) -> Vec<&'a Pod> {
    let mut ranked: Vec<&Pod> = active.to_vec();
    let key = |p: &Pod| {
        let assigned = p.spec.as_ref().and_then(|s| s.node_name.as_deref()).is_some_and(|n| !n.is_empty());
        let phase = match p.status.as_ref().and_then(|s| s.phase.as_deref()) {
            Some("Pending") => 0,
            Some("Unknown") => 1,
            Some("Running") => 2,
            _ => 3,
        };
        let restarts: i32 = p
            .status
            .as_ref()
            .and_then(|s| s.container_statuses.as_ref())
            .map_or(0, |cs| cs.iter().map(|c| c.restart_count).sum());
        let created = p.metadata.creation_timestamp.as_ref().map_or(0, |t| t.0.as_second());
        (assigned, phase, pod_ready(p), -restarts, -created, p.metadata.name.clone())
    };
    ranked.sort_by_key(|p| key(p));
    ranked.truncate(n);
    ranked
}

/// `calculateStatus`: counts over the active pods the sync started from.
fn calculate_status(rs: &ReplicaSet, active: &[&Pod], now_ms: u64) -> ReplicaSetStatus {
    let template_labels: BTreeMap<String, String> = rs
        .spec
        .as_ref()
        .and_then(|s| s.template.as_ref())
        .and_then(|t| t.metadata.as_ref())
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    let min_ready_ms = u64::try_from(rs.spec.as_ref().and_then(|s| s.min_ready_seconds).unwrap_or(0)).unwrap_or(0) * 1000;
    let fully = active.iter().filter(|p| {
        let l = p.metadata.labels.clone().unwrap_or_default();
        template_labels.iter().all(|(k, v)| l.get(k) == Some(v))
    });
    let ready: Vec<&&Pod> = active.iter().filter(|p| pod_ready(p)).collect();
    let available = ready.iter().filter(|p| available_since(p, now_ms, min_ready_ms)).count();
    let old = rs.status.clone().unwrap_or_default();
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    ReplicaSetStatus {
        replicas: count(active.len()),
        fully_labeled_replicas: Some(count(fully.count())).filter(|n| *n > 0),
        ready_replicas: Some(count(ready.len())).filter(|n| *n > 0),
        available_replicas: Some(count(available)).filter(|n| *n > 0),
        observed_generation: rs.metadata.generation,
        conditions: old.conditions,
        terminating_replicas: None,
    }
}

/// `podutil.IsPodAvailable`: ready for at least `minReadySeconds`.
fn available_since(p: &Pod, now_ms: u64, min_ready_ms: u64) -> bool {
    if min_ready_ms == 0 {
        return true;
    }
    let since = p
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
        .and_then(|c| c.last_transition_time.as_ref())
        .map(|t| u64::try_from(t.0.as_millisecond() - kubeplay_api::store::EPOCH_UNIX_MS).unwrap_or(0));
    since.is_some_and(|t| t + min_ready_ms <= now_ms)
}
