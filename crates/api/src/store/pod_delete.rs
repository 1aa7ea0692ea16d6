//! Graceful pod deletion as the API server decides it.

use std::rc::Rc;

use super::{table_get, time_at, ChangeOp, Store, EPOCH_UNIX_MS};
use crate::object::Kind;
use crate::status::Status;

impl Store {
    /// Graceful pod deletion (`DELETE` with `gracePeriodSeconds`, or the pod's
    /// `terminationGracePeriodSeconds` when `None`), as `pkg/registry/core/pod/strategy.go`
    /// `CheckGracefulDelete` and `apiserver/pkg/registry/rest/delete.go` `BeforeDelete` decide it:
    /// an unscheduled or terminal (`Succeeded`/`Failed`) pod and a grace period of 0 are deleted at
    /// once (`Ok(true)`); otherwise `deletionTimestamp` = now + grace and
    /// `deletionGracePeriodSeconds` = grace are set and the kubelet removes the pod once its
    /// containers stopped (`Ok(false)`). A second delete may only shorten a grace period in
    /// progress: the new timestamp is the first request's time plus the new period.
    pub fn delete_pod_gracefully(
        &mut self,
        ns: &str,
        name: &str,
        grace_period_seconds: Option<i64>,
        now_ms: u64,
    ) -> Result<bool, Status> {
        let Some(p) = table_get(&self.pods, ns, name) else {
            return Err(Status::not_found("pods", name));
        };
        // CheckGracefulDelete: the request's period, else the spec's (defaulted to 30), ...
        let mut period =
            grace_period_seconds.or_else(|| p.spec.as_ref().and_then(|s| s.termination_grace_period_seconds)).unwrap_or(0);
        // ... 0 for a pod not yet scheduled ...
        if p.spec.as_ref().and_then(|s| s.node_name.as_deref()).is_none_or(str::is_empty) {
            period = 0;
        }
        // ... or already terminated ...
        if matches!(p.status.as_ref().and_then(|s| s.phase.as_deref()), Some("Succeeded" | "Failed")) {
            period = 0;
        }
        // ... and 1 for a negative one.
        if period < 0 {
            period = 1;
        }
        let requested_ms = match (&p.metadata.deletion_timestamp, p.metadata.deletion_grace_period_seconds) {
            // BeforeDelete: a deletion in progress is only ever shortened.
            (Some(_), Some(current)) if period >= current => return Ok(false),
            (Some(ts), Some(current)) => u64::try_from(ts.0.as_millisecond() - EPOCH_UNIX_MS)
                .unwrap_or(0)
                .saturating_sub(u64::try_from(current).unwrap_or(0).saturating_mul(1000)),
            _ => now_ms,
        };
        if period == 0 {
            self.delete(Kind::Pod, ns, name)?;
            return Ok(true);
        }
        let Some(p) = self.pods.get_mut(ns).and_then(|m| m.get_mut(name)) else {
            return Err(Status::not_found("pods", name));
        };
        let p = Rc::make_mut(p);
        let period_ms = u64::try_from(period).unwrap_or(0).saturating_mul(1000);
        p.metadata.deletion_timestamp = Some(time_at(requested_ms.saturating_add(period_ms)));
        p.metadata.deletion_grace_period_seconds = Some(period);
        // Every write takes a new resourceVersion, this one too (a watch sees it as MODIFIED).
        p.metadata.resource_version = Some((self.resource_version + 1).to_string());
        self.bump(Kind::Pod, ns, name, ChangeOp::Modified);
        Ok(false)
    }
}
