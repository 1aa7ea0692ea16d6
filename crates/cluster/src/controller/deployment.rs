//! What the Deployment controller's strategies share (`pkg/controller/deployment/sync.go`
//! `getNewReplicaSet`, `scaleReplicaSet`, `cleanupDeployment`, `calculateStatus`; `progress.go`
//! `syncRolloutStatus`). The entry is `deployment_controller.rs`, the strategies `rolling.rs`,
//! the arithmetic `util.rs`.

use std::collections::BTreeMap;

use kubeplay_api::k8s_openapi::api::apps::v1::{Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet, ReplicaSetSpec};
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeplay_api::store::time_at;
use kubeplay_api::{Kind, Object};

use super::hash::compute_hash;
use super::util::{max_surge, max_unavailable, new_rs_new_replicas, rs_available, rs_replicas, Rollout};
use super::{controller_ref, record};
use crate::ctx::Ctx;
use crate::events::{EventType, ObjectRef};

/// The events' source (`deployment-controller`).
pub(crate) const SOURCE: &str = "deployment-controller";
/// `apps.DefaultDeploymentUniqueLabelKey`.
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";
/// `deploymentutil.RevisionAnnotation`.
pub const REVISION: &str = "deployment.kubernetes.io/revision";
const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
const DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
/// `annotationsToSkip`: what `copyDeploymentAnnotationsToReplicaSet` does not copy.
const ANNOTATIONS_TO_SKIP: [&str; 6] = [
    "kubectl.kubernetes.io/last-applied-configuration",
    REVISION,
    REVISION_HISTORY,
    DESIRED_REPLICAS,
    MAX_REPLICAS,
    "deprecated.deployment.rollback.to",
];

fn revision_of(meta: &ObjectMeta) -> i64 {
    meta.annotations.as_ref().and_then(|a| a.get(REVISION)).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// `getNewReplicaSet(createIfNotExisted)`: brings the new ReplicaSet's revision up to date, or
/// creates it (`Scaled up replica set <name> from 0 to <n>`), and records the revision on the Deployment.
pub(crate) fn get_new_replica_set(ctx: &mut Ctx<'_>, r: &mut Rollout, create: bool) {
    let max_old = r.old.iter().map(|rs| revision_of(&rs.metadata)).max().unwrap_or(0);
    let new_revision = (max_old + 1).to_string();
    let ns = r.d.metadata.namespace.clone().unwrap_or_default();
    let dname = r.d.metadata.name.clone().unwrap_or_default();
    if let Some(rs) = r.new_rs.as_mut() {
        let before = rs.metadata.annotations.clone();
        set_new_rs_annotations(&r.d, &mut rs.metadata, &new_revision, true);
        if rs.metadata.annotations != before {
            if let Ok(Object::ReplicaSet(updated)) = ctx.store.update(Object::ReplicaSet(rs.clone())) {
                *rs = updated;
            }
        }
        set_deployment_revision(ctx, r, &new_revision);
        return;
    }
    if !create {
        return;
    }
    let template = r.d.spec.as_ref().map(|s| s.template.clone()).unwrap_or_default();
    let collision = r.d.status.as_ref().and_then(|s| s.collision_count);
    let hash = compute_hash(&template, collision);
    let mut rs_template = template;
    let tm = rs_template.metadata.get_or_insert_with(Default::default);
    tm.labels.get_or_insert_with(BTreeMap::new).insert(POD_TEMPLATE_HASH.to_owned(), hash.clone());
    let mut selector = r.d.spec.as_ref().map(|s| s.selector.clone()).unwrap_or_default();
    selector.match_labels.get_or_insert_with(BTreeMap::new).insert(POD_TEMPLATE_HASH.to_owned(), hash.clone());
    let new_replicas = new_rs_new_replicas(r);
    let mut meta = ObjectMeta {
        name: Some(format!("{dname}-{hash}")),
        namespace: Some(ns.clone()),
        labels: tm.labels.clone(),
        owner_references: Some(vec![controller_ref("Deployment", &r.d.metadata)]),
        ..Default::default()
    };
    set_new_rs_annotations(&r.d, &mut meta, &new_revision, false);
    set_replicas_annotations(&mut meta, r.replicas(), r.replicas() + max_surge(&r.d));
    let rs = ReplicaSet {
        metadata: meta,
        spec: Some(ReplicaSetSpec {
            replicas: Some(new_replicas),
            min_ready_seconds: r.d.spec.as_ref().and_then(|s| s.min_ready_seconds),
            selector,
            template: Some(rs_template),
        }),
        status: None,
    };
    let mut obj = Object::ReplicaSet(rs);
    match ctx.store.create_in(&mut obj, &ns, ctx.now_ms) {
        Ok(()) => {
            let Object::ReplicaSet(created) = obj else { return };
            let rname = created.metadata.name.clone().unwrap_or_default();
            if new_replicas > 0 {
                let msg = format!("Scaled up replica set {rname} from 0 to {new_replicas}");
                record(ctx, deployment_ref(&r.d), EventType::Normal, "ScalingReplicaSet", SOURCE, msg);
            }
            set_condition(
                &mut r.d,
                ctx.now_ms,
                "Progressing",
                "True",
                "NewReplicaSetCreated",
                format!("Created new replica set {:?}", rname),
            );
            r.new_rs = Some(created);
            set_deployment_revision(ctx, r, &new_revision);
        }
        Err(e) if e.reason == kubeplay_api::Reason::AlreadyExists => {
            // A hash collision: count it, so the next sync hashes differently.
            let status = r.d.status.get_or_insert_with(Default::default);
            status.collision_count = Some(status.collision_count.unwrap_or(0) + 1);
            write_status(ctx, r);
        }
        Err(e) => {
            let msg = format!("Failed to create new replica set {:?}: {}", format!("{dname}-{hash}"), e.message);
            record(ctx, deployment_ref(&r.d), EventType::Warning, "FailedCreate", SOURCE, msg);
        }
    }
}

/// `SetNewReplicaSetAnnotations`: the Deployment's annotations (but `annotationsToSkip`) and the revision.
fn set_new_rs_annotations(d: &Deployment, meta: &mut ObjectMeta, new_revision: &str, exists: bool) {
    let a = meta.annotations.get_or_insert_with(BTreeMap::new);
    for (k, v) in d.metadata.annotations.iter().flatten() {
        if !ANNOTATIONS_TO_SKIP.contains(&k.as_str()) {
            a.insert(k.clone(), v.clone());
        }
    }
    let old: i64 = a.get(REVISION).and_then(|v| v.parse().ok()).unwrap_or(0);
    let new: i64 = new_revision.parse().unwrap_or(0);
    if old < new {
        if exists && old > 0 {
            let history = a.get(REVISION_HISTORY).cloned().filter(|h| !h.is_empty());
            let h = match history {
                Some(h) => format!("{h},{old}"),
                None => old.to_string(),
            };
            a.insert(REVISION_HISTORY.to_owned(), h);
        }
        a.insert(REVISION.to_owned(), new_revision.to_owned());
    }
}

/// `SetReplicasAnnotations`: desired and max replicas; true when they changed.
pub(crate) fn set_replicas_annotations(meta: &mut ObjectMeta, desired: i32, max: i32) -> bool {
    let a = meta.annotations.get_or_insert_with(BTreeMap::new);
    let before = (a.get(DESIRED_REPLICAS).cloned(), a.get(MAX_REPLICAS).cloned());
    a.insert(DESIRED_REPLICAS.to_owned(), desired.to_string());
    a.insert(MAX_REPLICAS.to_owned(), max.to_string());
    before != (Some(desired.to_string()), Some(max.to_string()))
}

/// `SetDeploymentRevision` and the status write that carries it.
fn set_deployment_revision(ctx: &mut Ctx<'_>, r: &mut Rollout, revision: &str) {
    let a = r.d.metadata.annotations.get_or_insert_with(BTreeMap::new);
    if a.get(REVISION).map(String::as_str) != Some(revision) {
        a.insert(REVISION.to_owned(), revision.to_owned());
        write_status(ctx, r);
    }
}

/// `scaleReplicaSetAndRecordEvent`: `Scaled up|down replica set <name> from <a> to <b>`.
pub(crate) fn scale(ctx: &mut Ctx<'_>, d: &Deployment, rs: &mut ReplicaSet, to: i32) -> bool {
    let from = rs_replicas(rs);
    let replicas = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let annotations_changed = set_replicas_annotations(&mut rs.metadata, replicas, replicas + max_surge(d));
    if from == to && !annotations_changed {
        return false;
    }
    if let Some(s) = rs.spec.as_mut() {
        s.replicas = Some(to);
    }
    match ctx.store.update(Object::ReplicaSet(rs.clone())) {
        Ok(Object::ReplicaSet(updated)) => *rs = updated,
        _ => return false,
    }
    if from != to {
        let op = if from < to { "up" } else { "down" };
        let rname = rs.metadata.name.clone().unwrap_or_default();
        let msg = format!("Scaled {op} replica set {rname} from {from} to {to}");
        record(ctx, deployment_ref(d), EventType::Normal, "ScalingReplicaSet", SOURCE, msg);
        return true;
    }
    false
}

/// `cleanupDeployment`: deletes the oldest fully scaled-down old ReplicaSets beyond `revisionHistoryLimit`.
pub(crate) fn cleanup(ctx: &mut Ctx<'_>, r: &Rollout) {
    let limit = usize::try_from(r.d.spec.as_ref().and_then(|s| s.revision_history_limit).unwrap_or(10)).unwrap_or(0);
    let mut cleanable: Vec<&ReplicaSet> = r
        .old
        .iter()
        .filter(|rs| {
            rs_replicas(rs) == 0 && rs.status.as_ref().is_none_or(|s| s.replicas == 0) && rs.metadata.deletion_timestamp.is_none()
        })
        .collect();
    if cleanable.len() <= limit {
        return;
    }
    cleanable.sort_by_key(|rs| revision_of(&rs.metadata));
    let n = cleanable.len() - limit;
    for rs in cleanable.into_iter().take(n) {
        let ns = rs.metadata.namespace.clone().unwrap_or_default();
        let name = rs.metadata.name.clone().unwrap_or_default();
        if ctx.store.delete(Kind::ReplicaSet, &ns, &name).is_ok() {
            ctx.note(|| format!("{SOURCE}: deleted old replica set {ns}/{name} (revisionHistoryLimit {limit})"));
            ctx.changed();
        }
    }
}

pub(crate) fn deployment_ref(d: &Deployment) -> ObjectRef {
    ObjectRef {
        kind: "Deployment",
        namespace: d.metadata.namespace.clone().unwrap_or_default(),
        name: d.metadata.name.clone().unwrap_or_default(),
    }
}

/// `SetDeploymentCondition`: a condition whose status and reason are unchanged is left alone; one
/// whose status is unchanged keeps its `lastTransitionTime`.
pub(crate) fn set_condition(d: &mut Deployment, now_ms: u64, type_: &str, status: &str, reason: &str, message: String) {
    let st = d.status.get_or_insert_with(Default::default);
    let conds = st.conditions.get_or_insert_with(Vec::new);
    let now = time_at(now_ms);
    let existing = conds.iter().position(|c| c.type_ == type_);
    if let Some(i) = existing {
        let c = &conds[i];
        if c.status == status && c.reason.as_deref() == Some(reason) {
            return;
        }
    }
    let transition =
        existing.and_then(|i| conds.get(i)).filter(|c| c.status == status).and_then(|c| c.last_transition_time.clone());
    let cond = DeploymentCondition {
        type_: type_.to_owned(),
        status: status.to_owned(),
        reason: Some(reason.to_owned()),
        message: Some(message),
        last_update_time: Some(now.clone()),
        last_transition_time: Some(transition.unwrap_or(now)),
    };
    match existing {
        Some(i) => {
            conds.remove(i);
            conds.push(cond);
        }
        None => conds.push(cond),
    }
}

/// `calculateStatus` then `syncRolloutStatus`: counts over the ReplicaSets, `Available` and `Progressing`.
pub(crate) fn sync_rollout_status(ctx: &mut Ctx<'_>, r: &mut Rollout) {
    let sum = |f: &dyn Fn(&ReplicaSet) -> i32| r.all().map(f).sum::<i32>();
    let available = sum(&rs_available);
    let total_spec = sum(&rs_replicas);
    let actual = sum(&|rs| rs.status.as_ref().map_or(0, |s| s.replicas));
    let ready = sum(&|rs| rs.status.as_ref().and_then(|s| s.ready_replicas).unwrap_or(0));
    let updated = r.new_rs.as_ref().and_then(|rs| rs.status.as_ref()).map_or(0, |s| s.replicas);
    let replicas = r.replicas();
    let old = r.d.status.clone().unwrap_or_default();
    let nz = |n: i32| Some(n).filter(|n| *n != 0);
    let mut st = DeploymentStatus {
        observed_generation: r.d.metadata.generation,
        replicas: nz(actual),
        updated_replicas: nz(updated),
        ready_replicas: nz(ready),
        available_replicas: nz(available),
        unavailable_replicas: nz((total_spec - available).max(0)),
        collision_count: old.collision_count,
        conditions: old.conditions.clone(),
        terminating_replicas: None,
    };
    r.d.status = Some(st.clone());
    if available >= replicas - max_unavailable(&r.d) {
        set_condition(
            &mut r.d,
            ctx.now_ms,
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.".to_owned(),
        );
    } else {
        set_condition(
            &mut r.d,
            ctx.now_ms,
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.".to_owned(),
        );
    }
    st.conditions = r.d.status.as_ref().and_then(|s| s.conditions.clone());
    // progress.go syncRolloutStatus (a Deployment with a progress deadline, not paused).
    let paused = r.d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false);
    if r.d.spec.as_ref().and_then(|s| s.progress_deadline_seconds).is_some() && !paused {
        let rs_name = r.new_rs.as_ref().and_then(|rs| rs.metadata.name.clone()).unwrap_or_default();
        let current = st.conditions.iter().flatten().find(|c| c.type_ == "Progressing").cloned();
        let is_complete = st.replicas == st.updated_replicas
            && current.as_ref().is_some_and(|c| c.reason.as_deref() == Some("NewReplicaSetAvailable"));
        let complete = st.updated_replicas.unwrap_or(0) == replicas
            && st.replicas.unwrap_or(0) == replicas
            && st.available_replicas.unwrap_or(0) == replicas
            && st.observed_generation >= r.d.metadata.generation;
        let old_old = old.replicas.unwrap_or(0) - old.updated_replicas.unwrap_or(0);
        let new_old = st.replicas.unwrap_or(0) - st.updated_replicas.unwrap_or(0);
        let progressing = st.updated_replicas > old.updated_replicas
            || new_old < old_old
            || st.ready_replicas > old.ready_replicas
            || st.available_replicas > old.available_replicas;
        if complete && !is_complete {
            let msg = format!("ReplicaSet {rs_name:?} has successfully progressed.");
            set_condition(&mut r.d, ctx.now_ms, "Progressing", "True", "NewReplicaSetAvailable", msg);
        } else if progressing && !complete {
            let msg = format!("ReplicaSet {rs_name:?} is progressing.");
            // Not the same reason: the update time moves even when status and reason stay.
            if let Some(c) =
                r.d.status
                    .as_mut()
                    .and_then(|s| s.conditions.as_mut())
                    .and_then(|cs| cs.iter_mut().find(|c| c.type_ == "Progressing"))
            {
                if c.status == "True" && c.reason.as_deref() == Some("ReplicaSetUpdated") {
                    c.last_update_time = Some(time_at(ctx.now_ms));
                    c.message = Some(msg.clone());
                }
            }
            set_condition(&mut r.d, ctx.now_ms, "Progressing", "True", "ReplicaSetUpdated", msg);
        }
    }
    write_status(ctx, r);
}

fn write_status(ctx: &mut Ctx<'_>, r: &Rollout) {
    let ns = r.d.metadata.namespace.clone().unwrap_or_default();
    let name = r.d.metadata.name.clone().unwrap_or_default();
    let status = r.d.status.clone().unwrap_or_default();
    if ctx.store.update_deployment_status(&ns, &name, r.d.metadata.annotations.clone(), status) {
        ctx.changed();
    }
}
