//! The time machine: snapshots of a state every K steps, bounded in number, plus
//! deterministic replay from the nearest one. [`History`] is generic over any state that can
//! [`Replay`] its recorded inputs; [`History::rebuild`] is the one way back in time.
//!
//! Who owns the history: exactly one [`History`] per state, never nested. The playground
//! (`kubeplay_scenario::Playground`) owns a `History` of its whole state (console files, the
//! cluster session, transcript, last apply result) and replays its recipe's actions. A
//! [`Session`] is only a cluster plus the log of API calls made on it (no snapshots of its
//! own, so a snapshot of a playground holds no second history); callers that drive a bare
//! session and want to step back keep a `History<Cluster>` beside it and call
//! [`Session::go_to_step`] with it (the [`Replay`] of a [`Cluster`] is its calls).
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

/// A state the time machine can rebuild: it counts its steps, takes one more, and applies a
/// recorded input (each input carries the step it came right after).
pub trait Replay: Clone {
    /// One recorded input (an API call, a playground action).
    type Input;
    /// Steps taken so far.
    fn steps(&self) -> u64;
    /// Takes one step; false when nothing is left to do.
    fn step_once(&mut self) -> bool;
    /// The step `input` was recorded after (it applies once that many steps are done).
    fn input_at(input: &Self::Input) -> u64;
    /// Applies one recorded input again.
    fn apply_input(&mut self, input: &Self::Input);
    /// Takes the state back to `target` steps, after an input that let time pass (a console
    /// `sleep` or `kubectl wait`) went beyond it. States whose inputs never step do nothing.
    fn rewind(&mut self, target: u64);
}

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
    /// K: a snapshot is kept when the step reaches the next multiple of it.
    interval: u64,
}

/// A state rebuilt by [`History::rebuild`], with what it cost.
#[derive(Debug, Clone)]
pub struct Rebuilt<T> {
    /// The state right after the target step (and the inputs recorded at it).
    pub state: T,
    /// The step of the snapshot replay started from.
    pub from_step: u64,
    /// Steps replayed on top of that snapshot.
    pub replayed_steps: u64,
}

impl<T: Clone> History<T> {
    /// A history holding `initial` as the snapshot at step 0, with 0 actions applied.
    pub fn new(initial: T) -> Self {
        History { snapshots: vec![Snapshot { step: 0, actions: 0, state: initial }], interval: SNAPSHOT_EVERY }
    }

    /// Called after steps complete (before any input recorded at `step`): keeps a clone when
    /// `step` reached a multiple of the current interval since the latest snapshot (one call
    /// may cover several steps, e.g. after a console command that let time pass).
    pub fn record(&mut self, step: u64, actions: usize, state: &T) {
        let latest = self.snapshots.last().map_or(0, |s| s.step);
        if step <= latest || step / self.interval == latest / self.interval {
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

impl<T: Replay> History<T> {
    /// The state right after step `target` and the inputs recorded at it: the nearest snapshot
    /// at or before `target`, then `inputs` (sorted by their step) and steps replayed from there.
    /// Inputs recorded after `target` are ignored; if the state can take no more steps before
    /// `target`, the remaining inputs up to `target` still apply (as a recipe replay does).
    pub fn rebuild(&self, target: u64, inputs: &[T::Input]) -> Option<Rebuilt<T>> {
        let (from_step, _, snap) = self.nearest(target)?;
        let mut state = snap.clone();
        // A snapshot at step s is taken before the inputs recorded at s.
        let mut next = inputs.partition_point(|i| T::input_at(i) < from_step);
        let mut replayed_steps = 0u64;
        let mut stuck = false;
        while replayed_steps < MAX_STEPS_PER_RUN {
            while let Some(input) = inputs.get(next) {
                let at = T::input_at(input);
                if at > target || (at > state.steps() && !stuck) {
                    break;
                }
                if at < state.steps() {
                    // An earlier input let time pass beyond this one's step.
                    state.rewind(at);
                }
                state.apply_input(input);
                next += 1;
            }
            if stuck || state.steps() >= target {
                break;
            }
            if state.step_once() {
                replayed_steps += 1;
            } else {
                stuck = true;
            }
        }
        if state.steps() > target {
            state.rewind(target);
        }
        Some(Rebuilt { state, from_step, replayed_steps })
    }
}

/// An API call as a [`Session`] recorded it: the steps done before it, the virtual time it
/// was made at (past the last step's time after a run that only moved the clock) and the call.
#[derive(Debug, Clone)]
pub struct RecordedCall {
    /// Steps done before the call.
    pub at: u64,
    /// Virtual time of the call, in ms.
    pub ms: u64,
    /// The call.
    pub call: ApiCall,
}

impl Replay for Cluster {
    type Input = RecordedCall;
    fn steps(&self) -> u64 {
        Cluster::steps(self)
    }
    fn step_once(&mut self) -> bool {
        self.step().is_some()
    }
    fn input_at(input: &Self::Input) -> u64 {
        input.at
    }
    fn apply_input(&mut self, input: &Self::Input) {
        self.catch_up(input.ms);
        // Failed calls fail the same way again; the result was shown when the call was made.
        let _ = self.call(input.call.clone());
    }
    fn rewind(&mut self, _target: u64) {
        // An API call never steps the cluster.
    }
}

/// A cluster plus the API calls made on it (each with the step and time it came at), so a
/// [`History<Cluster>`] kept beside it can rebuild any earlier state.
#[derive(Debug, Clone, Default)]
pub struct Session {
    cluster: Cluster,
    calls: Vec<RecordedCall>,
    audit: crate::audit_log::AuditLog,
}

impl Session {
    /// A new session on a fresh cluster.
    pub fn new(settings: Settings) -> Result<Self, Error> {
        Ok(Session { cluster: Cluster::new(settings)?, calls: Vec::new(), audit: Default::default() })
    }

    /// The cluster as it is now.
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// The recorded calls, oldest first.
    pub fn calls(&self) -> &[RecordedCall] {
        &self.calls
    }

    /// Performs and records an API call (failed calls are recorded too: replay fails them the same way).
    pub fn call(&mut self, call: ApiCall) -> Result<ApiResult, Status> {
        self.calls.push(RecordedCall { at: self.cluster.steps(), ms: self.cluster.now_ms(), call: call.clone() });
        self.cluster.call(call)
    }

    /// Writes the audit events of one request made by a user (see [`crate::audit_log`]).
    pub fn audit(&mut self, req: &kubeplay_api::audit::Request, resp: &kubeplay_api::audit::Response) {
        let (seed, at, now) = (self.cluster.settings().seed, self.cluster.steps(), self.cluster.now_ms());
        self.audit.record(self.cluster.store().audit_policy(), seed, at, now, req, resp);
    }

    /// The audit log.
    pub fn audit_log(&self) -> &crate::audit_log::AuditLog {
        &self.audit
    }

    /// One step forward.
    pub fn step(&mut self) -> Option<StepReport> {
        self.cluster.step()
    }

    /// Virtual time of the next pending task, if any (see [`Cluster::next_event_ms`]).
    pub fn next_event_ms(&self) -> Option<u64> {
        self.cluster.next_event_ms()
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
            match self.next_event_ms() {
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

    /// Lets time pass up to a replayed input's time (see [`Cluster::catch_up`]).
    pub fn catch_up(&mut self, t_ms: u64) {
        self.cluster.catch_up(t_ms);
    }

    /// Steps through everything due at or before `t_ms`, then sets the clock there.
    pub fn run_until(&mut self, t_ms: u64) -> RunEnd {
        let mut n = 0u64;
        while self.next_event_ms().is_some_and(|t| t <= t_ms) {
            if n >= MAX_STEPS_PER_RUN {
                return RunEnd::Bound;
            }
            self.step();
            n += 1;
        }
        self.cluster.run_until(t_ms);
        RunEnd::Limit
    }

    /// Restores the state right after step `target` (and the calls made right after it) from
    /// `history`, snapshots of this session's cluster. Later calls are dropped, as in an
    /// editor's undo; the caller drops its later snapshots (`History::truncate_after`).
    pub fn go_to_step(&mut self, history: &History<Cluster>, target: u64) {
        if target > self.cluster.steps() {
            return;
        }
        let Some(rebuilt) = history.rebuild(target, &self.calls) else { return };
        // Calls recorded after `target` belong to the abandoned future.
        self.calls.retain(|c| c.at <= target);
        self.audit.truncate_after(target);
        self.cluster = rebuilt.state;
    }

    /// Restores the state right after step `target` by replaying every recorded call on a
    /// fresh cluster with the same settings (no snapshots needed: the cluster is deterministic).
    pub fn go_to_step_from_start(&mut self, target: u64) {
        let Ok(fresh) = Cluster::new(self.cluster.settings().clone()) else { return };
        self.go_to_step(&History::new(fresh), target);
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
