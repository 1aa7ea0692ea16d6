//! A cluster with its past: every API call is recorded with the step it came after, and
//! snapshots are kept, so any earlier step can be restored (snapshot + deterministic replay).

use kubeplay_api::Status;

use crate::{ApiCall, ApiResult, Cluster, Error, RunEnd, Settings, StepReport};

/// The most snapshots kept; older ones are thinned out (replay covers the gaps).
const MAX_SNAPSHOTS: usize = 48;
/// Steps between snapshots, at least.
const SNAPSHOT_EVERY: u64 = 128;

#[derive(Debug, Clone)]
struct Snapshot {
    cluster: Cluster,
    /// How many recorded calls had been applied.
    calls: usize,
}

/// A cluster plus the record needed to go back in time.
#[derive(Debug, Clone)]
pub struct Session {
    cluster: Cluster,
    calls: Vec<(u64, ApiCall)>,
    snapshots: Vec<Snapshot>,
    interval: u64,
}

impl Default for Session {
    /// A session on [`Cluster::default`].
    fn default() -> Self {
        let cluster = Cluster::default();
        Session {
            snapshots: vec![Snapshot { cluster: cluster.clone(), calls: 0 }],
            cluster,
            calls: Vec::new(),
            interval: SNAPSHOT_EVERY,
        }
    }
}

impl Session {
    /// A new session on a fresh cluster.
    pub fn new(settings: Settings) -> Result<Self, Error> {
        let cluster = Cluster::new(settings)?;
        Ok(Session {
            snapshots: vec![Snapshot { cluster: cluster.clone(), calls: 0 }],
            cluster,
            calls: Vec::new(),
            interval: SNAPSHOT_EVERY,
        })
    }

    /// The cluster as it is now.
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
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

    fn maybe_snapshot(&mut self) {
        if !self.cluster.steps().is_multiple_of(self.interval) {
            return;
        }
        self.snapshots.push(Snapshot { cluster: self.cluster.clone(), calls: self.calls.len() });
        if self.snapshots.len() > MAX_SNAPSHOTS {
            // Keep the first and every other one after it; snapshot half as often from now on.
            let mut i = 0;
            self.snapshots.retain(|_| {
                i += 1;
                i == 1 || i % 2 == 0
            });
            self.interval *= 2;
        }
    }

    /// One step forward.
    pub fn step(&mut self) -> Option<StepReport> {
        let r = self.cluster.step();
        if r.is_some() {
            self.maybe_snapshot();
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
            if n >= crate::MAX_STEPS_PER_RUN {
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
            if n >= crate::MAX_STEPS_PER_RUN {
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
        let snap = self.snapshots.iter().rev().find(|s| s.cluster.steps() <= target).cloned();
        let Some(snap) = snap else { return };
        let mut cluster = snap.cluster;
        let mut next_call = snap.calls;
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
        self.snapshots.retain(|s| s.cluster.steps() <= target);
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
