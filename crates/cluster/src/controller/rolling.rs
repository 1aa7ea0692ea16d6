//! The two Deployment strategies: `rolling.go` (`rolloutRolling`, `reconcileNewReplicaSet`,
//! `reconcileOldReplicaSets`, `cleanupUnhealthyReplicas`, `scaleDownOldReplicaSetsForRollingUpdate`)
//! and `recreate.go` (`rolloutRecreate`).

use super::controller_of;
use super::deployment::{cleanup, get_new_replica_set, scale, sync_rollout_status};
use super::util::{complete, max_unavailable, new_rs_new_replicas, rs_available, rs_replicas, Rollout};
use crate::ctx::Ctx;

/// `rolloutRolling`.
pub(crate) fn rollout_rolling(ctx: &mut Ctx<'_>, r: &mut Rollout) {
    get_new_replica_set(ctx, r, true);
    if reconcile_new(ctx, r) || reconcile_old(ctx, r) {
        sync_rollout_status(ctx, r);
        return;
    }
    if complete(r) {
        cleanup(ctx, r);
    }
    sync_rollout_status(ctx, r);
}

/// `reconcileNewReplicaSet`.
fn reconcile_new(ctx: &mut Ctx<'_>, r: &mut Rollout) -> bool {
    let replicas = r.replicas();
    let target = {
        let Some(rs) = r.new_rs.as_ref() else { return false };
        let have = rs_replicas(rs);
        if have == replicas {
            return false;
        }
        if have > replicas {
            replicas
        } else {
            new_rs_new_replicas(r)
        }
    };
    let d = r.d.clone();
    match r.new_rs.as_mut() {
        Some(rs) => scale(ctx, &d, rs, target),
        None => false,
    }
}

/// `reconcileOldReplicaSets`: scale the old ReplicaSets down as far as availability allows.
fn reconcile_old(ctx: &mut Ctx<'_>, r: &mut Rollout) -> bool {
    let old_pods: i32 = r.old.iter().map(rs_replicas).sum();
    if old_pods == 0 {
        return false;
    }
    let all_pods: i32 = r.all().map(rs_replicas).sum();
    let min_available = r.replicas() - max_unavailable(&r.d);
    let new_unavailable = r.new_rs.as_ref().map_or(0, |rs| rs_replicas(rs) - rs_available(rs));
    let max_scaled_down = all_pods - min_available - new_unavailable;
    if max_scaled_down <= 0 {
        return false;
    }
    let d = r.d.clone();
    // cleanupUnhealthyReplicas: first the old pods that are not available anyway.
    let mut cleaned = 0;
    for rs in r.old.iter_mut() {
        if cleaned >= max_scaled_down {
            break;
        }
        let (have, avail) = (rs_replicas(rs), rs_available(rs));
        if have == 0 || have == avail {
            continue;
        }
        let n = (max_scaled_down - cleaned).min(have - avail);
        if scale(ctx, &d, rs, have - n) {
            cleaned += n;
        }
    }
    // scaleDownOldReplicaSetsForRollingUpdate: then as many available ones as minAvailable allows.
    let available: i32 = r.all().map(rs_available).sum();
    let mut scaled_down = 0;
    if available > min_available {
        let total = available - min_available;
        for rs in r.old.iter_mut() {
            if scaled_down >= total {
                break;
            }
            let have = rs_replicas(rs);
            if have == 0 {
                continue;
            }
            let n = have.min(total - scaled_down);
            if scale(ctx, &d, rs, have - n) {
                scaled_down += n;
            }
        }
    }
    cleaned + scaled_down > 0
}

/// `rolloutRecreate`: scale every old ReplicaSet to 0, wait until none of their pods runs, then
/// create or scale up the new one.
pub(crate) fn rollout_recreate(ctx: &mut Ctx<'_>, r: &mut Rollout) {
    get_new_replica_set(ctx, r, false);
    let d = r.d.clone();
    let mut scaled_down = false;
    for rs in r.old.iter_mut().filter(|rs| rs_replicas(rs) > 0) {
        scaled_down |= scale(ctx, &d, rs, 0);
    }
    if scaled_down || old_pods_running(ctx, r) {
        sync_rollout_status(ctx, r);
        return;
    }
    if r.new_rs.is_none() {
        get_new_replica_set(ctx, r, true);
    }
    let replicas = r.replicas();
    if let Some(rs) = r.new_rs.as_mut() {
        scale(ctx, &d, rs, replicas);
    }
    if complete(r) {
        cleanup(ctx, r);
    }
    sync_rollout_status(ctx, r);
}

/// `oldPodsRunning`: an old ReplicaSet still counts pods, or one of its pods (terminating
/// ones included) has not finished.
fn old_pods_running(ctx: &Ctx<'_>, r: &Rollout) -> bool {
    if r.old.iter().any(|rs| rs.status.as_ref().is_some_and(|s| s.replicas > 0)) {
        return true;
    }
    let ns = r.d.metadata.namespace.clone().unwrap_or_default();
    let old_uids: Vec<&str> = r.old.iter().filter_map(|rs| rs.metadata.uid.as_deref()).collect();
    ctx.store.pods_in(&ns).any(|p| {
        let owned = controller_of(&p.metadata).is_some_and(|o| old_uids.contains(&o.uid.as_str()));
        let phase = p.status.as_ref().and_then(|s| s.phase.as_deref());
        owned && !matches!(phase, Some("Succeeded" | "Failed"))
    })
}
