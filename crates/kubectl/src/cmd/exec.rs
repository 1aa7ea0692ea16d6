//! `kubectl exec POD [-c C] -- CMD`: commands run against what the container sees —
//! its mounts (with kubelet's `..data` symlinks, read-only) and its environment.
//!
//! Mirrors `staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go` for the errors; the container
//! command runs in kubeplay's shell against the container's files and env, with the same container
//! programs its own process uses (`kubeplay_cluster::kubelet::process::ContainerCommands`).

use kubeplay_api::Object;
use kubeplay_cluster::kubelet::process::{ContainerCommands, WORKDIR};
use kubeplay_cluster::kubelet::RunState;
use kubeplay_cluster::shell_fs::ReadOnly;
use kubeplay_cluster::{container_view, Cluster, Error as ClusterError};
use kubeplay_shell::{Env, Output, Shell};

use super::common::{Cmd, Ctx};
use crate::flags::{self, Flag, Takes};

/// `-c, --container`.
pub const CONTAINER: Flag = Flag { name: "container", short: Some('c'), takes: Takes::Value };

/// The flags of `kubectl exec` that kubeplay models (exec.go NewCmdExec).
pub const FLAGS: &[Flag] = &[CONTAINER, flags::STDIN, flags::TTY, flags::FILENAME];

/// kubeplay's note after kubectl's own error when a container's process has exited.
const NOT_RUNNING_HINT: &str =
    "kubeplay: the container's process has exited (see `kubectl logs POD` and `kubectl describe pod POD`)\n";

/// kubeplay's note after kubectl's own error when a container has not started yet.
const NOT_STARTED_HINT: &str =
    "kubeplay: the container has not started yet; virtual time moves only when you ask (try `kubectl wait --for=condition=Ready pod/NAME` or `sleep 5`)\n";

/// Runs `kubectl exec`.
pub fn exec(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let positional = &cmd.args.positional;
    let container = cmd.args.get("container");
    let Some(pod_name) = positional.get(1) else {
        return Output::err("error: pod, type/name or --filename must be specified");
    };
    let pod_name = pod_name.strip_prefix("pod/").or_else(|| pod_name.strip_prefix("pods/")).unwrap_or(pod_name);
    let Some(argv) = cmd.args.after_dash.as_deref().filter(|c| !c.is_empty()) else {
        if positional.len() > 2 {
            return Output::err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
        }
        return Output::err("error: you must specify at least one command for the container");
    };
    // exec.go: GET the pod, then POST its `exec` subresource (RBAC verb `create` on `pods/exec`).
    if let Err(s) = ctx
        .authorize("get", kubeplay_api::Kind::Pod, "", ns, pod_name)
        .and_then(|()| ctx.authorize("create", kubeplay_api::Kind::Pod, "exec", ns, pod_name))
    {
        return Output::err(s.kubectl_message());
    }
    let cluster: &Cluster = ctx.session.cluster();
    let pod = match cluster.store().get(kubeplay_api::Kind::Pod, ns, pod_name) {
        Ok(Object::Pod(p)) => p,
        Ok(_) => return Output::err("error: not a pod"),
        Err(s) => return Output::err(s.kubectl_message()),
    };
    let phase = pod.status.as_ref().and_then(|s| s.phase.clone()).unwrap_or_default();
    if phase == "Succeeded" || phase == "Failed" {
        return Output::err(format!("error: cannot exec into a container in a completed pod; current phase is {phase}"));
    }
    let names: Vec<String> = pod.spec.iter().flat_map(|s| s.containers.iter().map(|c| c.name.clone())).collect();
    let mut out = Output::default();
    let cname = match container {
        Some(c) => c.to_owned(),
        None => {
            let first = names.first().cloned().unwrap_or_default();
            if names.len() > 1 {
                out.stderr.push_str(&format!("Defaulted container \"{first}\" out of: {}\n", names.join(", ")));
            }
            first
        }
    };
    if !names.contains(&cname) {
        return Output::err(format!("error: container {cname} not found in pod {pod_name}"));
    }
    let not_started = || {
        let mut o = Output::err(format!("error: unable to upgrade connection: container not found (\"{cname}\")"));
        o.stderr.push_str(NOT_STARTED_HINT);
        o
    };
    // What the container sees: the one view every reader uses (kubeplay_cluster::container_view).
    let view = match container_view(cluster, ns, pod_name, Some(&cname)) {
        Ok(v) => v,
        Err(ClusterError::PodNotOnNode { .. }) => return not_started(),
        Err(_) => return Output::err(format!("error: unable to upgrade connection: container not found (\"{cname}\")")),
    };
    match (&view.state, &view.last_state) {
        (RunState::Running { .. }, _) => {}
        // It ran and stopped (or waits to restart): there is no process to exec into.
        (RunState::Terminated { .. }, _) | (RunState::Waiting { .. }, Some(_)) => {
            let mut o = Output::err(format!("error: unable to upgrade connection: container not found (\"{cname}\")"));
            o.stderr.push_str(NOT_RUNNING_HINT);
            return o;
        }
        (RunState::Waiting { .. }, None) => return not_started(),
    }
    let mut fs = ReadOnly(view.file_tree(cluster));
    let env = Env::new(view.env);
    let mut cwd = WORKDIR.to_owned();
    let mut sh = Shell::new(&mut fs, &mut cwd, &env);
    let image = pod.spec.iter().flat_map(|s| s.containers.iter()).find(|c| c.name == cname).and_then(|c| c.image.as_deref());
    if image.is_some_and(kubeplay_cluster::kubelet::images::busybox_userland) {
        sh.userland = kubeplay_shell::Userland::Busybox;
    }
    // The runtime starts argv[0] by its base name (`/bin/cat` is `cat`).
    let mut argv = argv.to_vec();
    if let Some(first) = argv.first_mut() {
        *first = first.rsplit('/').next().unwrap_or(first).to_owned();
    }
    let r = sh.run_simple(&mut ContainerCommands::exec(), &argv, None);
    out.stdout.push_str(&r.stdout);
    out.stderr.push_str(&r.stderr);
    if r.status != 0 {
        // kubectl: "command terminated with exit code N"
        out.stderr.push_str(&format!("command terminated with exit code {}\n", r.status));
        out.status = r.status;
    }
    out
}
