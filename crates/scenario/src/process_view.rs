//! A container's process and its logs as the web app's container view shows them: the command
//! line as run, its state, exit code and restarts, what kubeplay assumed about it, and the
//! log as `kubectl logs` (and `kubectl logs --previous`) would print it.

use kubeplay_cluster::kubelet::RunState;
use kubeplay_cluster::{Cluster, ContainerView as Inside};
use kubeplay_kubectl::cmd::logs::served_log;
use serde::Serialize;

/// The process of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcessView {
    /// The command line as run, shell-quoted (`ls -l /etc/secret-volume`); empty before the
    /// container started, or for an image kubeplay does not know run without a `command`.
    pub command_line: String,
    /// `Running`, `Waiting: CrashLoopBackOff`, `Terminated: Completed`...
    pub state: String,
    /// The exit code of the run that ended last (the current one if it ended, else the previous).
    pub exit_code: Option<i32>,
    /// `restartCount`.
    pub restarts: i32,
    /// The previous run's end (`lastState`): `Terminated: Completed (exit code 0)`.
    pub last_state: Option<String>,
    /// What kubeplay assumed (an image or program it does not simulate), shown as such.
    pub assumption: Option<String>,
}

/// The container's logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogsView {
    /// What `kubectl logs POD -c NAME` prints: the lines, or the kubelet's refusal (the text after
    /// `Error from server (BadRequest): `).
    pub current: Result<Vec<String>, String>,
    /// What `kubectl logs -p` prints, when the container has a previous run.
    pub previous: Option<Vec<String>>,
    /// The command that shows the same in the console.
    pub command: String,
}

/// One argument quoted as a POSIX shell would need it to read it back (`'daemon off;'`).
pub fn shell_quote(arg: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_./=:,@%+-".contains(c);
    if !arg.is_empty() && arg.chars().all(safe) {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

fn state_text(s: &RunState) -> String {
    match s {
        RunState::Waiting { reason, .. } => format!("Waiting: {reason}"),
        RunState::Running { .. } => "Running".to_owned(),
        RunState::Terminated { reason, exit_code, .. } => format!("Terminated: {reason} (exit code {exit_code})"),
    }
}

/// The process and logs of one container, from the view every reader uses.
pub fn process_and_logs(c: &Cluster, v: &Inside) -> (ProcessView, LogsView) {
    let last_exit = match &v.last_state {
        Some(RunState::Terminated { exit_code, .. }) => Some(*exit_code),
        _ => None,
    };
    let exit_code = match &v.state {
        RunState::Terminated { exit_code, .. } => Some(*exit_code),
        _ => last_exit,
    };
    let process = ProcessView {
        command_line: v.argv.iter().map(|a| shell_quote(a)).collect::<Vec<_>>().join(" "),
        state: state_text(&v.state),
        exit_code,
        restarts: v.restart_count,
        last_state: v.last_state.as_ref().map(state_text),
        assumption: v.assumption.clone(),
    };
    let lines = |r: Result<Vec<kubeplay_cluster::container_log::LogLine>, String>| {
        r.map(|ls| ls.into_iter().map(|l| l.text).collect::<Vec<String>>())
    };
    let current = lines(served_log(c, &v.namespace, &v.pod, &v.container, false));
    let previous = if last_exit.is_some() { lines(served_log(c, &v.namespace, &v.pod, &v.container, true)).ok() } else { None };
    let ns = if v.namespace == "default" { String::new() } else { format!(" -n {}", v.namespace) };
    let command = format!("kubectl logs {}{ns} -c {}", v.pod, v.container);
    (process, LogsView { current, previous, command })
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn arguments_are_quoted_only_when_needed() {
        assert_eq!(shell_quote("/etc/secret-volume"), "/etc/secret-volume");
        assert_eq!(shell_quote("daemon off;"), "'daemon off;'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
