//! The arithmetic of `pkg/controller/deployment/util/deployment_util.go`: `ResolveFenceposts`,
//! `MaxSurge`, `MaxUnavailable`, `NewRSNewReplicas`, `DeploymentComplete`, and what one sync of a
//! Deployment works on.

use kubeplay_api::k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use kubeplay_api::k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// What one sync works on: the Deployment and its ReplicaSets, updated as the sync writes.
pub(crate) struct Rollout {
    pub(crate) d: Deployment,
    pub(crate) new_rs: Option<ReplicaSet>,
    /// The old ReplicaSets, oldest first (`ReplicaSetsByCreationTimestamp`).
    pub(crate) old: Vec<ReplicaSet>,
}

impl Rollout {
    pub(crate) fn replicas(&self) -> i32 {
        self.d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
    }
    pub(crate) fn all(&self) -> impl Iterator<Item = &ReplicaSet> {
        self.old.iter().chain(self.new_rs.iter())
    }
}

pub(crate) fn rs_replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(0)
}
pub(crate) fn rs_available(rs: &ReplicaSet) -> i32 {
    rs.status.as_ref().and_then(|s| s.available_replicas).unwrap_or(0)
}

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
pub(crate) fn complete(r: &Rollout) -> bool {
    let replicas = r.replicas();
    let updated = r.new_rs.as_ref().and_then(|rs| rs.status.as_ref()).map_or(0, |s| s.replicas);
    let total: i32 = r.all().map(|rs| rs.status.as_ref().map_or(0, |s| s.replicas)).sum();
    let available: i32 = r.all().map(rs_available).sum();
    updated == replicas && total == replicas && available == replicas
}

/// `rolloutRolling`.
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
            }),
        });
        d.spec = Some(spec);
        assert_eq!(fenceposts(&d), (0, 1));
    }
}
