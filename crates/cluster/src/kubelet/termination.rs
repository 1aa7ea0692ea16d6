//! Pod termination: what the kubelet does once a pod is deleted.
//!
//! 1. The grace period is `calculateEffectiveGracePeriod` (pkg/kubelet/pod_workers.go): the API
//!    server's `deletionGracePeriodSeconds` (a later, shorter one wins; a pod removed at once reads
//!    0), else the spec's `terminationGracePeriodSeconds`, and never less than 1 s. It is handed to
//!    `killContainer` as the override, so its 2 s floor does not apply.
//! 2. Each running container gets the `Killing` event `Stopping container NAME`
//!    (pkg/kubelet/kuberuntime/kuberuntime_container.go `killContainer`) and containerd's
//!    `StopContainer` sends it its stop signal: the image's `STOPSIGNAL`, else SIGTERM
//!    (containerd internal/cri/server/container_stop.go).
//! 3. A process with a handler for that signal shuts down and exits ([`stop_response`]). Every
//!    other process is PID 1 of its container, and the kernel delivers no signal to PID 1 that it
//!    has no handler for (pid_namespaces(7)): `sleep`, a shell without `trap`, `tail -f` ignore the
//!    signal, run on (to their own end if that comes first) and are killed with SIGKILL when the
//!    grace period ends: exit code 128 + 9 = 137, reason `Error`.
//! 4. When no container runs any more, the kubelet tears the volumes down and the status manager
//!    deletes the pod object (pkg/kubelet/status/status_manager.go `canBeDeleted`).

use super::images::STOP_SIGNALS;
use super::{Node, RunState, WorkerPhase};
use crate::ctx::Ctx;
use crate::events::EventType;
use crate::queue::{PodId, Task};

/// How long a server takes to shut down after its stop signal (an assumption: kubeplay does not
/// model the shutdown's length; real servers take milliseconds to seconds).
pub const SHUTDOWN_MS: u64 = 100;

/// Exit code of a process killed by SIGKILL (128 + 9), as containerd reports it.
pub const SIGKILL_EXIT_CODE: i32 = 137;

/// `calculateEffectiveGracePeriod` (pkg/kubelet/pod_workers.go): `current` is the grace period the
/// pod worker already uses (0 before termination), `deletion` the pod's
/// `deletionGracePeriodSeconds`, `spec` its `terminationGracePeriodSeconds`.
pub fn effective_grace_period_s(current: i64, deletion: Option<i64>, spec: Option<i64>) -> i64 {
    let mut grace = current;
    if let Some(d) = deletion {
        if grace == 0 || d < grace {
            grace = d;
        }
    }
    if grace == 0 {
        if let Some(s) = spec {
            grace = s;
        }
    }
    grace.max(1)
}

/// How a container's process answers its stop signal: `Some(exit code)` when it handles it (the
/// catalogue's servers, [`STOP_SIGNALS`]), `None` when PID 1 has no handler and ignores it.
pub fn stop_response(argv: &[String]) -> Option<i32> {
    let mut args = argv.iter().map(|a| a.rsplit('/').next().unwrap_or(a));
    let mut program = args.next()?;
    // The images' entrypoint scripts end with `exec "$@"`: the server itself becomes PID 1.
    if program == "docker-entrypoint.sh" {
        program = args.next()?;
    }
    STOP_SIGNALS.iter().find(|s| s.program == program).map(|_| 0)
}

impl Node {
    /// The pod was deleted (or its grace period shortened): stop its running containers.
    pub(crate) fn kill(&mut self, id: PodId, ctx: &mut Ctx<'_>) {
        let node = self.index;
        let Some(w) = self.workers.get_mut(&id) else { return };
        let ns = w.pod.metadata.namespace.as_deref().unwrap_or("");
        let name = w.pod.metadata.name.as_deref().unwrap_or("");
        // The API object, if it is still this pod; one removed at once reads 0.
        let deletion = ctx
            .store
            .pod(ns, name)
            .filter(|p| p.metadata.uid == w.pod.metadata.uid)
            .map_or(Some(0), |p| p.metadata.deletion_grace_period_seconds);
        let spec = w.pod.spec.as_ref().and_then(|s| s.termination_grace_period_seconds);
        let grace = effective_grace_period_s(w.grace_period_s, deletion, spec);
        let first = w.phase != WorkerPhase::Terminating;
        if !first && grace >= w.grace_period_s {
            return;
        }
        w.phase = WorkerPhase::Terminating;
        w.grace_period_s = grace;
        let who = crate::ctx::pod_ref(&w.pod);
        let kill_at = ctx.now_ms.saturating_add(u64::try_from(grace).unwrap_or(1).saturating_mul(1000));
        let mut running = false;
        for (i, c) in w.containers.iter().enumerate() {
            if !matches!(c.state, RunState::Running { .. }) {
                continue;
            }
            running = true;
            let restart = u32::try_from(c.restart_count).unwrap_or(0);
            let container = u16::try_from(i).unwrap_or(u16::MAX);
            ctx.event_at(
                who.clone(),
                Some(&super::restarts::field_path(c)),
                EventType::Normal,
                "Killing",
                format!("Stopping container {}", c.name),
            );
            if first {
                if let Some(code) = stop_response(&c.argv) {
                    let at = ctx.now_ms + SHUTDOWN_MS;
                    ctx.queue.push(at, Task::ContainerExit { node, pod: id, container, restart, code }, true);
                }
            }
            let code = SIGKILL_EXIT_CODE;
            ctx.queue.push(kill_at, Task::ContainerExit { node, pod: id, container, restart, code }, true);
        }
        if !running {
            ctx.queue.push(ctx.now_ms, Task::Remove { node, pod: id }, true);
        }
        ctx.changed();
    }

    /// A container of a terminating pod stopped: once none runs, the pod is removed.
    pub(super) fn terminated_container_stopped(&mut self, id: PodId, ctx: &mut Ctx<'_>) {
        let node = self.index;
        let Some(w) = self.workers.get(&id) else { return };
        if !w.containers.iter().any(|c| matches!(c.state, RunState::Running { .. })) {
            ctx.queue.push(ctx.now_ms, Task::Remove { node, pod: id }, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grace_period_is_the_api_servers_then_the_specs_and_at_least_one_second() {
        assert_eq!(effective_grace_period_s(0, Some(30), Some(30)), 30);
        assert_eq!(effective_grace_period_s(0, Some(1), Some(30)), 1);
        // Force deletion: the API server says 0, the spec's period applies.
        assert_eq!(effective_grace_period_s(0, Some(0), Some(45)), 45);
        assert_eq!(effective_grace_period_s(0, Some(0), Some(0)), 1);
        // Only ever shortened.
        assert_eq!(effective_grace_period_s(30, Some(60), Some(30)), 30);
        assert_eq!(effective_grace_period_s(30, Some(5), Some(30)), 5);
    }

    #[test]
    fn servers_handle_their_stop_signal_and_everything_else_is_pid_1_without_a_handler() {
        let argv = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(stop_response(&argv(&["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"])), Some(0));
        assert_eq!(stop_response(&argv(&["docker-entrypoint.sh", "redis-server"])), Some(0));
        assert_eq!(stop_response(&argv(&["sleep", "3600"])), None);
        assert_eq!(stop_response(&argv(&["/bin/sh", "-c", "sleep 3600"])), None);
        assert_eq!(stop_response(&argv(&["docker-entrypoint.sh", "node"])), None);
        assert_eq!(stop_response(&[]), None);
    }
}
