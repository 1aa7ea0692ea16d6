//! The time machine: snapshots of a state every K steps, bounded in number, plus
//! deterministic replay from the nearest one. [`History`] is generic over any cloneable
//! state; [`Session`] (a cluster plus the API calls made on it) uses it for `go_to_step`.
//!
//! Memory per snapshot (`tests/history_memory.rs`: resident memory while 100 clones of a
//! cluster are held, over 100; file contents are `Rc<[u8]>` shared with the live cluster, so
//! only the structures are copied): a fresh one-node cluster ≈ 57 KB; after the docs'
//! `mysecret` + `mypod` run to idle ≈ 100 KB; 20 such pods on 3 nodes ≈ 840 KB, i.e. ≈ 39 KB
//! per pod (the store's and the kubelet's copies of the pod, its tmpfs tree, its events).
//! At most [`MAX_SNAPSHOTS`] are kept, so the time machine of the docs' scenario costs
//! under 5 MB however long the session runs.

use kubeplay_api::Status;

use crate::api_calls::{ApiCall, ApiResult};
use crate::cluster::{Cluster, RunEnd, StepReport, MAX_STEPS_PER_RUN};
use crate::error::Error;
use crate::settings::Settings;

/// The most snapshots kept; older ones are thinned out (replay covers the gaps).
pub const MAX_SNAPSHOTS: usize = 48;
/// Steps between snapshots at first; doubles each time the snapshots are thinned out.
pub const SNAPSHOT_EVERY: u64 = 128;

/// One kept state: the step it was taken after, the number of recorded actions applied, the state.
#[derive(Debug, Clone)]
struct Snapshot<T> {
    step: u64,
    actions: usize,
    state: T,
}

/// Snapshots of a state every K steps, bounded in number; K doubles as old snapshots are thinned out.
#[derive(Debug, Clone)]
pub struct History<T> {
    /// Oldest first; the first one (step 0) is never dropped.
    snapshots: Vec<Snapshot<T>>,
    /// K: a snapshot is kept when the step is a multiple of it.
    interval: u64,
}

impl<T: Clone> History<T> {
    /// A history holding `initial` as the snapshot at step 0, with 0 actions applied.
    pub fn new(initial: T) -> Self {
        History { snapshots: vec![Snapshot { step: 0, actions: 0, state: initial }], interval: SNAPSHOT_EVERY }
    }

    /// Called after a step completes: keeps a clone when `step` is a multiple of the current interval.
    pub fn record(&mut self, step: u64, actions: usize, state: &T) {
        if !step.is_multiple_of(self.interval) {
            return;
        }
        self.snapshots.push(Snapshot { step, actions, state: state.clone() });
        if self.snapshots.len() > MAX_SNAPSHOTS {
            // Keep the first and every other one after it; snapshot half as often from now on.
            let mut i = 0;
            self.snapshots.retain(|_| {
                i += 1;
                i == 1 || i % 2 == 0
            });
            self.interval = self.interval.saturating_mul(2);
        }
    }

    /// The latest snapshot at or before `step`: (its step, the number of recorded actions applied, the state).
    pub fn nearest(&self, step: u64) -> Option<(u64, usize, &T)> {
        self.snapshots.iter().rev().find(|s| s.step <= step).map(|s| (s.step, s.actions, &s.state))
    }

    /// Forgets snapshots after `step` (the abandoned future).
    pub fn truncate_after(&mut self, step: u64) {
        self.snapshots.retain(|s| s.step <= step);
    }

    /// Snapshots kept now.
    #[allow(clippy::len_without_is_empty)] // never empty: the step-0 snapshot is always kept
    pub fn len(&self) -> usize {
        self.snapshots.len()
    }
}

/// A cluster plus the record needed to go back in time.
#[derive(Debug, Clone)]
pub struct Session {
    cluster: Cluster,
    calls: Vec<(u64, ApiCall)>,
    history: History<Cluster>,
}

impl Default for Session {
    /// A session on [`Cluster::default`].
    fn default() -> Self {
        let cluster = Cluster::default();
        Session { history: History::new(cluster.clone()), cluster, calls: Vec::new() }
    }
}

impl Session {
    /// A new session on a fresh cluster.
    pub fn new(settings: Settings) -> Result<Self, Error> {
        let cluster = Cluster::new(settings)?;
        Ok(Session { history: History::new(cluster.clone()), cluster, calls: Vec::new() })
    }

    /// The cluster as it is now.
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// The snapshots kept for stepping back.
    pub fn history(&self) -> &History<Cluster> {
        &self.history
    }

    /// The recorded calls with the step each came after.
    pub fn calls(&self) -> &[(u64, ApiCall)] {
        &self.calls
    }

    /// Performs and records an API call (failed calls are recorded too: replay fails them the same way).
    pub fn call(&mut self, call: ApiCall) -> Result<ApiResult, Status> {
        self.calls.push((self.cluster.steps(), call.clone()));
        self.cluster.call(call)
    }

    /// One step forward.
    pub fn step(&mut self) -> Option<StepReport> {
        let r = self.cluster.step();
        if r.is_some() {
            self.history.record(self.cluster.steps(), self.calls.len(), &self.cluster);
        }
        r
    }

    /// Steps until idle or `limit_ms`.
    pub fn run_until_idle(&mut self, limit_ms: u64) -> RunEnd {
        let mut n = 0u64;
        loop {
            if self.cluster.is_idle() {
                return RunEnd::Idle;
            }
            if n >= MAX_STEPS_PER_RUN {
                return RunEnd::Bound;
            }
            match self.next_time() {
                Some(t) if t <= limit_ms => {
                    self.step();
                    n += 1;
                }
                _ => {
                    self.cluster.run_until(limit_ms);
                    return RunEnd::Limit;
                }
            }
        }
    }

    /// Steps through everything due at or before `t_ms`, then sets the clock there.
    pub fn run_until(&mut self, t_ms: u64) -> RunEnd {
        let mut n = 0u64;
        while self.next_time().is_some_and(|t| t <= t_ms) {
            if n >= MAX_STEPS_PER_RUN {
                return RunEnd::Bound;
            }
            self.step();
            n += 1;
        }
        self.cluster.run_until(t_ms);
        RunEnd::Limit
    }

    fn next_time(&self) -> Option<u64> {
        self.cluster.queue.peek_time()
    }

    /// Restores the state right after step `target` (and the calls made after it).
    /// Later history is dropped, as in an editor's undo.
    pub fn go_to_step(&mut self, target: u64) {
        if target > self.cluster.steps() {
            return;
        }
        let Some((_, applied, snap)) = self.history.nearest(target) else { return };
        let mut cluster = snap.clone();
        let mut next_call = applied;
        loop {
            while let Some((at, call)) = self.calls.get(next_call) {
                if *at != cluster.steps() {
                    break;
                }
                let _ = cluster.call(call.clone());
                next_call += 1;
            }
            if cluster.steps() >= target || cluster.step().is_none() {
                break;
            }
        }
        // Calls recorded after `target` belong to the abandoned future.
        self.calls.retain(|(at, _)| *at <= target);
        self.history.truncate_after(target);
        self.cluster = cluster;
    }

    /// One step back.
    pub fn step_back(&mut self) {
        let s = self.cluster.steps();
        if s > 0 {
            self.go_to_step(s - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_keeps_every_kth_step_and_thins_out_when_full() {
        let mut h = History::new(0u64);
        for step in 1..=SNAPSHOT_EVERY * 3 {
            h.record(step, step as usize / 10, &step);
        }
        assert_eq!(h.len(), 4);
        assert_eq!(h.nearest(SNAPSHOT_EVERY * 2 + 5), Some((SNAPSHOT_EVERY * 2, (SNAPSHOT_EVERY * 2 / 10) as usize, &256)));
        assert_eq!(h.nearest(3), Some((0, 0, &0)));
        // Fill past the bound: the count stays bounded, step 0 survives, K doubles.
        let last = SNAPSHOT_EVERY * 400;
        for step in SNAPSHOT_EVERY * 3 + 1..=last {
            h.record(step, 0, &step);
        }
        assert!(h.len() <= MAX_SNAPSHOTS, "{} snapshots", h.len());
        assert_eq!(h.nearest(0).map(|s| s.0), Some(0));
        assert!(h.interval > SNAPSHOT_EVERY);
        let latest = h.nearest(last).map(|s| s.0).unwrap();
        assert!(latest <= last && last - latest < h.interval, "latest {latest}, interval {}", h.interval);
    }

    #[test]
    fn truncate_forgets_the_abandoned_future() {
        let mut h = History::new("start");
        h.record(SNAPSHOT_EVERY, 1, &"a");
        h.record(SNAPSHOT_EVERY * 2, 2, &"b");
        h.truncate_after(SNAPSHOT_EVERY * 2 - 1);
        assert_eq!(h.len(), 2);
        assert_eq!(h.nearest(u64::MAX), Some((SNAPSHOT_EVERY, 1, &"a")));
        h.truncate_after(0);
        assert_eq!(h.nearest(u64::MAX), Some((0, 0, &"start")));
    }
}
