//! What the kubelet does when a container's process exits: the runtime reports the exit, the
//! PLEG notices it at its next relist, and the pod worker decides — by `restartPolicy` and the
//! crash-loop back-off — whether and when to start the container again.
//!
//! Mirrors `pkg/kubelet/container/helpers.go` (`ShouldContainerBeRestarted`),
//! `pkg/kubelet/kuberuntime/kuberuntime_manager.go` (`computePodActions`,
//! `computeInitContainerActions`, `doBackOff`), `pkg/kubelet/kubelet.go` (the back-off's
//! constants), `pkg/kubelet/pleg/generic.go` (relist every second) and client-go
//! `util/flowcontrol/backoff.go` (`IsInBackOffSince`, `Next`).

use super::{BackOffEntry, ContainerRuntime, Node, PodWorker, RunState, WorkerPhase, SYNC_ERROR_BACKOFF_MS};
use crate::ctx::Ctx;
use crate::events::{go_duration, EventType};
use crate::queue::{PodId, Task};

/// `initialCrashLoopBackOff` (pkg/kubelet/kubelet.go; `ReduceDefaultCrashLoopBackOffDecay` is off in v1.33).
pub const CRASH_BACKOFF_INITIAL_MS: u64 = 10_000;
/// `MaxCrashLoopBackOff` = `v1beta1.MaxContainerBackOff` = 300 s (pkg/kubelet/kubelet.go).
pub const CRASH_BACKOFF_MAX_MS: u64 = 300_000;
/// A back-off entry expires when the container ran this long before exiting again
/// (`HasExpiredFunc` in pkg/kubelet/kubelet.go: `eventTime.Sub(lastUpdate) > 600*time.Second`).
pub const CRASH_BACKOFF_RESET_MS: u64 = 600_000;
/// `genericPlegRelistPeriod` = 1 s (pkg/kubelet/kubelet.go): how often the PLEG relists containers.
pub const PLEG_RELIST_MS: u64 = 1_000;

/// A pod's `restartPolicy` (`Always` by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestartPolicy {
    /// Restart whenever the container exits.
    Always,
    /// Restart when it exits with a non-zero code.
    OnFailure,
    /// Never restart.
    Never,
}

impl RestartPolicy {
    /// The policy of a pod spec.
    pub fn of(w: &PodWorker) -> Self {
        match w.pod.spec.as_ref().and_then(|s| s.restart_policy.as_deref()) {
            Some("Never") => RestartPolicy::Never,
            Some("OnFailure") => RestartPolicy::OnFailure,
            _ => RestartPolicy::Always,
        }
    }
}

/// `ShouldContainerBeRestarted` for a container that exited with `exit_code` (a sidecar is
/// always restarted: `podutil.IsRestartableInitContainer`).
pub fn should_restart(policy: RestartPolicy, c: &ContainerRuntime, exit_code: i32) -> bool {
    if c.sidecar {
        return true;
    }
    match policy {
        RestartPolicy::Always => true,
        RestartPolicy::OnFailure => exit_code != 0,
        RestartPolicy::Never => false,
    }
}

/// What the pod worker does next for a pod (`computePodActions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NextStart {
    /// Start (or restart) container `i`.
    Start(usize),
    /// Wait: an init container is running, or the pod failed its initialisation for good.
    Wait,
    /// Nothing left to start.
    Done,
}

/// `computeInitContainerActions` then `computePodActions`, from container index `from` on:
/// init containers one at a time in order (each must exit 0 before the next; a sidecar must
/// have started), then every app container that is not running and should run.
pub(super) fn next_to_start(w: &PodWorker, from: usize) -> NextStart {
    let policy = RestartPolicy::of(w);
    for (i, c) in w.containers.iter().enumerate().skip(from) {
        let exit_code = match &c.state {
            RunState::Running { .. } if c.init && !c.sidecar => return NextStart::Wait,
            RunState::Running { .. } => continue,
            RunState::Waiting { .. } => return NextStart::Start(i),
            RunState::Terminated { exit_code, .. } => *exit_code,
        };
        if c.init && !c.sidecar {
            if exit_code == 0 {
                continue;
            }
            // An init container that failed under `restartPolicy: Never` fails the pod.
            return if policy == RestartPolicy::Never { NextStart::Wait } else { NextStart::Start(i) };
        }
        if should_restart(policy, c, exit_code) {
            return NextStart::Start(i);
        }
    }
    NextStart::Done
}

/// `flowcontrol.Backoff.IsInBackOffSince(key, finishedAt)`: whether a restart must wait.
fn in_backoff(entry: Option<BackOffEntry>, finished_ms: u64, now_ms: u64) -> bool {
    let Some(e) = entry else { return false };
    if finished_ms.saturating_sub(e.last_update_ms) > CRASH_BACKOFF_RESET_MS {
        return false;
    }
    now_ms.saturating_sub(finished_ms) < e.delay_ms
}

/// `flowcontrol.Backoff.Next(key, finishedAt)`: the first delay, or the doubled one (capped),
/// or the first again when the entry expired.
fn next_backoff(entry: Option<BackOffEntry>, finished_ms: u64, now_ms: u64) -> BackOffEntry {
    let delay_ms = match entry {
        Some(e) if finished_ms.saturating_sub(e.last_update_ms) <= CRASH_BACKOFF_RESET_MS => {
            (e.delay_ms * 2).min(CRASH_BACKOFF_MAX_MS)
        }
        _ => CRASH_BACKOFF_INITIAL_MS,
    };
    BackOffEntry { delay_ms, last_update_ms: now_ms }
}

/// The container's field path in events (`spec.containers{NAME}` / `spec.initContainers{NAME}`).
pub(crate) fn field_path(c: &ContainerRuntime) -> String {
    let list = if c.init { "initContainers" } else { "containers" };
    format!("spec.{list}{{{}}}", c.name)
}

/// `format.Pod`: `name_namespace(uid)`.
pub(crate) fn format_pod(w: &PodWorker) -> String {
    let m = &w.pod.metadata;
    format!("{}_{}({})", m.name.as_deref().unwrap_or(""), m.namespace.as_deref().unwrap_or(""), m.uid.as_deref().unwrap_or(""))
}

impl Node {
    /// The runtime reports that container `i`'s process exited (its instance number is
    /// `restart`): it is Terminated (`Completed` for 0, else `Error`); the PLEG's next relist
    /// wakes the pod worker.
    pub(crate) fn container_exited(&mut self, id: PodId, i: usize, restart: u32, code: i32, ctx: &mut Ctx<'_>) {
        let node = self.index;
        let Some(w) = self.workers.get_mut(&id) else { return };
        let terminating = w.phase == WorkerPhase::Terminating;
        let Some(c) = w.containers.get_mut(i) else { return };
        let RunState::Running { started_ms } = c.state else { return };
        if u32::try_from(c.restart_count).ok() != Some(restart) {
            return;
        }
        // containerd internal/cri/server/helpers.go: completeExitReason / errorExitReason.
        let reason = if code == 0 { "Completed" } else { "Error" };
        c.state = RunState::Terminated {
            reason: reason.to_owned(),
            message: None,
            exit_code: code,
            started_ms,
            finished_ms: ctx.now_ms,
        };
        c.ready = false;
        let name = c.name.clone();
        ctx.inside(&self.name, crate::ctx::pod_ref(&w.pod), crate::inside::Inside::ProcessExited { container: name, code });
        ctx.changed();
        if terminating {
            // A stopped container of a deleted pod is not restarted (ShouldContainerBeRestarted).
            self.publish_status(id, ctx);
            self.terminated_container_stopped(id, ctx);
            return;
        }
        let relist = ctx.now_ms + PLEG_RELIST_MS - ctx.now_ms % PLEG_RELIST_MS;
        w.sync_pending = true;
        // Only the first exit moves the cluster forward; a crash loop's syncs are retries.
        ctx.queue.push(relist, Task::Sync { node, pod: id }, restart == 0);
        self.publish_status(id, ctx);
    }

    /// `doBackOff` before (re)starting container `i`: `true` when the restart must wait (the
    /// container shows `CrashLoopBackOff` and a `BackOff` event is recorded; the pod worker
    /// requeues the pod). Otherwise the restart goes ahead: the back-off moves on (`Next`), the
    /// old instance becomes `lastState`, its log the previous log, and `restartCount` grows.
    pub(super) fn crash_backoff(&mut self, id: PodId, i: usize, ctx: &mut Ctx<'_>) -> bool {
        let node = self.index;
        let Some(w) = self.workers.get_mut(&id) else { return false };
        let pod = format_pod(w);
        let who = crate::ctx::pod_ref(&w.pod);
        let Some(c) = w.containers.get_mut(i) else { return false };
        let finished_ms = match (&c.state, &c.last_state) {
            (RunState::Terminated { finished_ms, .. }, _) => *finished_ms,
            (RunState::Waiting { .. }, Some(RunState::Terminated { finished_ms, .. })) => *finished_ms,
            _ => return false,
        };
        if in_backoff(c.backoff, finished_ms, ctx.now_ms) {
            let delay = go_duration(c.backoff.map(|e| e.delay_ms).unwrap_or(0));
            let name = c.name.clone();
            if matches!(c.state, RunState::Terminated { .. }) {
                c.last_state = Some(c.state.clone());
                // A repeated BackOff while already waiting changes nothing.
                ctx.changed();
            }
            c.state = RunState::Waiting {
                reason: "CrashLoopBackOff".to_owned(),
                message: Some(format!("back-off {delay} restarting failed container={name} pod={pod}")),
            };
            ctx.event_at(
                who,
                Some(&field_path(c)),
                EventType::Warning,
                "BackOff",
                format!("Back-off restarting failed container {name} in pod {pod}"),
            );
            // pod_workers.go: a sync that failed is requeued after backOffPeriod with jitter 0.5.
            if !w.sync_pending {
                w.sync_pending = true;
                let at = ctx.now_ms + super::jittered(ctx, SYNC_ERROR_BACKOFF_MS);
                ctx.queue.push(at, Task::Sync { node, pod: id }, false);
            }
            self.publish_status(id, ctx);
            return true;
        }
        c.backoff = Some(next_backoff(c.backoff, finished_ms, ctx.now_ms));
        if matches!(c.state, RunState::Terminated { .. }) {
            c.last_state = Some(c.state.clone());
        }
        c.restart_count += 1;
        c.previous_log = Some(std::mem::take(&mut c.log));
        c.state = RunState::Waiting { reason: "ContainerCreating".to_owned(), message: None };
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_doubles_to_five_minutes_and_resets_after_ten() {
        // Restart waits for a container that dies at once: 0, 10, 20, 40, 80, 160, 300, 300 s.
        let mut e = None;
        let mut delays = Vec::new();
        let mut now = 0;
        for _ in 0..8 {
            let next = next_backoff(e, now, now);
            delays.push(next.delay_ms / 1000);
            e = Some(next);
            now += 1_000;
            assert!(in_backoff(e, now, now));
            now += next.delay_ms;
        }
        assert_eq!(delays, [10, 20, 40, 80, 160, 300, 300, 300]);
        // A container that ran more than 10 minutes starts from 10 s again.
        let e = BackOffEntry { delay_ms: 300_000, last_update_ms: 0 };
        assert!(!in_backoff(Some(e), 600_001, 600_001));
        assert_eq!(next_backoff(Some(e), 600_001, 600_001).delay_ms, 10_000);
    }
}
