//! The Deployment controller's entry (`pkg/controller/deployment/deployment_controller.go`
//! `syncDeployment`, `getReplicaSetsForDeployment`; `util.FindNewReplicaSet` with `EqualIgnoreHash`).

use std::collections::BTreeMap;

use kubeplay_api::k8s_openapi::api::apps::v1::ReplicaSet;
use kubeplay_api::k8s_openapi::api::core::v1::PodTemplateSpec;
use kubeplay_api::validation::selector_matches;
use kubeplay_api::Kind;

use super::deployment::{sync_rollout_status, POD_TEMPLATE_HASH};
use super::util::Rollout;
use super::{controller_of, controller_ref, rolling};
use crate::ctx::Ctx;

/// `syncDeployment`.
pub(crate) fn sync(ctx: &mut Ctx<'_>, ns: &str, name: &str) {
    let Some(d) = ctx.store.deployment(ns, name).cloned() else { return };
    let uid = d.metadata.uid.clone().unwrap_or_default();
    // getReplicaSetsForDeployment: the ReplicaSets this Deployment controls (adopting matching orphans).
    let selector = d.spec.as_ref().map(|s| s.selector.clone()).unwrap_or_default();
    let mut owned: Vec<ReplicaSet> = Vec::new();
    let candidates: Vec<ReplicaSet> = ctx.store.replica_sets_in(ns).cloned().collect();
    for rs in candidates {
        match controller_of(&rs.metadata) {
            Some(r) if r.uid == uid => owned.push(rs),
            None if d.metadata.deletion_timestamp.is_none() && rs.metadata.deletion_timestamp.is_none() => {
                let labels = rs.metadata.labels.clone().unwrap_or_default();
                if selector_matches(&selector, &labels) {
                    let rname = rs.metadata.name.clone().unwrap_or_default();
                    ctx.store.set_owner_references(
                        Kind::ReplicaSet,
                        ns,
                        &rname,
                        Some(vec![controller_ref("Deployment", &d.metadata)]),
                    );
                    if let Some(rs) = ctx.store.replica_set(ns, &rname).cloned() {
                        owned.push(rs);
                    }
                }
            }
            _ => {}
        }
    }
    owned.sort_by(|a, b| {
        (&a.metadata.creation_timestamp, &a.metadata.name).cmp(&(&b.metadata.creation_timestamp, &b.metadata.name))
    });
    let template = d.spec.as_ref().map(|s| s.template.clone()).unwrap_or_default();
    let new_idx = owned.iter().position(|rs| equal_ignore_hash(rs.spec.as_ref().and_then(|s| s.template.as_ref()), &template));
    let new_rs = new_idx.map(|i| owned.remove(i));
    let mut r = Rollout { d, new_rs, old: owned };
    if r.d.metadata.deletion_timestamp.is_some() {
        // Being deleted: only the status is kept current (syncStatusOnly).
        sync_rollout_status(ctx, &mut r);
        return;
    }
    match r.d.spec.as_ref().and_then(|s| s.strategy.as_ref()).and_then(|s| s.type_.as_deref()) {
        Some("Recreate") => rolling::rollout_recreate(ctx, &mut r),
        _ => rolling::rollout_rolling(ctx, &mut r),
    }
}

/// `EqualIgnoreHash`: templates equal once the `pod-template-hash` label is taken out (an
/// empty label map counts as none, as `apiequality.Semantic` compares them).
fn equal_ignore_hash(a: Option<&PodTemplateSpec>, b: &PodTemplateSpec) -> bool {
    let strip = |t: &PodTemplateSpec| {
        let mut t = t.clone();
        if let Some(m) = t.metadata.as_mut() {
            if let Some(l) = m.labels.as_mut() {
                l.remove(POD_TEMPLATE_HASH);
            }
            if m.labels.as_ref().is_some_and(BTreeMap::is_empty) {
                m.labels = None;
            }
            if m.annotations.as_ref().is_some_and(BTreeMap::is_empty) {
                m.annotations = None;
            }
        }
        t
    };
    a.is_some_and(|a| strip(a) == strip(b))
}
