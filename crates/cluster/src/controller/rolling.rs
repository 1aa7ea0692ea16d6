//! The two Deployment strategies: `rolling.go` (`rolloutRolling`, `reconcileNewReplicaSet`,
//! `reconcileOldReplicaSets`, `cleanupUnhealthyReplicas`, `scaleDownOldReplicaSetsForRollingUpdate`)
//! and `recreate.go` (`rolloutRecreate`), with `util/deployment_util.go`'s arithmetic
//! (`ResolveFenceposts`, `MaxSurge`, `MaxUnavailable`, `NewRSNewReplicas`, `DeploymentComplete`).

use kubeplay_api::k8s_openapi::api::apps::v1::Deployment;
use kubeplay_api::k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::controller_of;
use super::deployment::{cleanup, get_new_replica_set, rs_available, rs_replicas, scale, sync_rollout_status, Rollout};
use crate::ctx::Ctx;

fn is_rolling(d: &Deployment) -> bool {
    d.spec.as_ref().and_then(|s| s.strategy.as_ref()).and_then(|s| s.type_.as_deref()) != Some("Recreate")
}

/// `intstr.GetScaledValueFromIntOrPercent`.
fn scaled(v: Option<&IntOrString>, total: i32, round_up: bool) -> i32 {
    match v {
        None => 0,
        Some(IntOrString::Int(i)) => *i,
        Some(IntOrString::String(s)) => {
            let p: i64 = s.trim_end_matches('%').parse().unwrap_or(0);
            let x = p * i64::from(total);
            let v = if round_up { (x + 99).div_euclid(100) } else { x.div_euclid(100) };
            i32::try_from(v).unwrap_or(0)
        }
    }
}

/// `ResolveFenceposts`: maxSurge rounds up, maxUnavailable down; both 0 makes maxUnavailable 1.
fn fenceposts(d: &Deployment) -> (i32, i32) {
    let replicas = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let ru = d.spec.as_ref().and_then(|s| s.strategy.as_ref()).and_then(|s| s.rolling_update.as_ref());
    let surge = scaled(ru.and_then(|r| r.max_surge.as_ref()), replicas, true);
    let mut unavailable = scaled(ru.and_then(|r| r.max_unavailable.as_ref()), replicas, false);
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge, unavailable)
}

/// `MaxSurge`.
pub(crate) fn max_surge(d: &Deployment) -> i32 {
    if !is_rolling(d) {
        return 0;
    }
    fenceposts(d).0
}

/// `MaxUnavailable` (never more than the replicas).
pub(crate) fn max_unavailable(d: &Deployment) -> i32 {
    let replicas = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    if !is_rolling(d) || replicas == 0 {
        return 0;
    }
    fenceposts(d).1.min(replicas)
}

/// `NewRSNewReplicas`: how far the new ReplicaSet may grow now.
pub(crate) fn new_rs_new_replicas(r: &Rollout) -> i32 {
    let replicas = r.replicas();
    if !is_rolling(&r.d) {
        return replicas;
    }
    let new = r.new_rs.as_ref().map_or(0, rs_replicas);
    let current: i32 = r.all().map(rs_replicas).sum();
    let max_total = replicas + max_surge(&r.d);
    if current >= max_total {
        return new;
    }
    new + (max_total - current).min(replicas - new)
}

/// `DeploymentComplete` over the ReplicaSets' current counts.
fn complete(r: &Rollout) -> bool {
    let replicas = r.replicas();
    let updated = r.new_rs.as_ref().and_then(|rs| rs.status.as_ref()).map_or(0, |s| s.replicas);
    let total: i32 = r.all().map(|rs| rs.status.as_ref().map_or(0, |s| s.replicas)).sum();
    let available: i32 = r.all().map(rs_available).sum();
    updated == replicas && total == replicas && available == replicas
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// deployment_util_test.go TestResolveFenceposts: 25% of 3 is a surge of 1 and 0 unavailable;
    /// 0% and 0% resolve to 1 unavailable.
    #[test]
    fn fenceposts_round_as_upstream() {
        assert_eq!(scaled(Some(&IntOrString::String("25%".into())), 3, true), 1);
        assert_eq!(scaled(Some(&IntOrString::String("25%".into())), 3, false), 0);
        assert_eq!(scaled(Some(&IntOrString::String("25%".into())), 10, true), 3);
        assert_eq!(scaled(Some(&IntOrString::String("25%".into())), 10, false), 2);
        let mut d = Deployment::default();
        let mut spec = kubeplay_api::k8s_openapi::api::apps::v1::DeploymentSpec { replicas: Some(3), ..Default::default() };
        spec.strategy = Some(kubeplay_api::k8s_openapi::api::apps::v1::DeploymentStrategy {
            type_: Some("RollingUpdate".into()),
            rolling_update: Some(kubeplay_api::k8s_openapi::api::apps::v1::RollingUpdateDeployment {
                max_surge: Some(IntOrString::String("0%".into())),
                max_unavailable: Some(IntOrString::String("0%".into())),
                ..Default::default()
            }),
        });
        d.spec = Some(spec);
        assert_eq!(fenceposts(&d), (0, 1));
    }
}
