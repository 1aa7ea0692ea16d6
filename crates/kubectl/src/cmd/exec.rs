//! `kubectl exec POD [-c C] -- CMD`: commands run against what the container sees —
//! its mounts (with kubelet's `..data` symlinks, read-only) and its environment.
//!
//! Mirrors `staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go` for the errors; the container
//! has no real processes: the command runs in kubeplay's shell against the container's files
//! and env, with the container's `env`, `printenv` and `sh -c` registered.

use kubeplay_api::Object;
use kubeplay_cluster::kubelet::RunState;
use kubeplay_cluster::shell_fs::ReadOnly;
use kubeplay_cluster::{container_view, Cluster, Error as ClusterError};
use kubeplay_shell::{Commands, Env, Output, Shell};

use super::common::{Cmd, Ctx};
use crate::flags::{self, Flag, Takes};

/// `-c, --container`.
pub const CONTAINER: Flag = Flag { name: "container", short: Some('c'), takes: Takes::Value };

/// The flags of `kubectl exec` that kubeplay models (exec.go NewCmdExec).
pub const FLAGS: &[Flag] = &[CONTAINER, flags::STDIN, flags::TTY, flags::FILENAME];

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
    if !matches!(view.state, RunState::Running { .. }) {
        return not_started();
    }
    let mut fs = ReadOnly(view.file_tree(cluster));
    let env = Env::new(view.env);
    let mut cwd = "/data".to_owned();
    let mut sh = Shell { fs: &mut fs, cwd: &mut cwd, env: &env };
    // The runtime starts argv[0] by its base name (`/bin/cat` is `cat`).
    let mut argv = argv.to_vec();
    if let Some(first) = argv.first_mut() {
        *first = first.rsplit('/').next().unwrap_or(first).to_owned();
    }
    let r = sh.run_simple(&mut ContainerCommands, &argv, None);
    out.stdout.push_str(&r.stdout);
    out.stderr.push_str(&r.stderr);
    if r.status != 0 {
        // kubectl: "command terminated with exit code N"
        out.stderr.push_str(&format!("command terminated with exit code {}\n", r.status));
        out.status = r.status;
    }
    out
}

/// The programs of a container's image beyond the shell's built-ins: `env`, `printenv`, `sh -c`.
struct ContainerCommands;

impl Commands for ContainerCommands {
    fn run(&mut self, sh: &mut Shell<'_>, argv: &[String], _stdin: Option<String>) -> Option<Output> {
        let (name, args) = argv.split_first()?;
        let list = |env: &Env| env.iter().map(|(k, v)| format!("{k}={v}\n")).collect::<String>();
        Some(match name.as_str() {
            "env" if args.is_empty() => Output::ok(list(sh.env)),
            "printenv" if args.is_empty() => Output::ok(list(sh.env)),
            "printenv" => {
                let mut out = String::new();
                let mut status = 0;
                for a in args {
                    match sh.env.get(a) {
                        Some(v) => {
                            out.push_str(v);
                            out.push('\n');
                        }
                        None => status = 1,
                    }
                }
                Output { stdout: out, stderr: String::new(), status }
            }
            "sh" | "bash" | "ash" => match (args.first().map(String::as_str), args.get(1)) {
                (Some("-c"), Some(script)) => sh.run_script(self, script),
                _ => Output::err("kubeplay: only `sh -c 'COMMANDS'` is supported inside containers (no interactive shell)"),
            },
            // Virtual time moves only from the console.
            "sleep" | "help" => self.not_found(name),
            _ => return None,
        })
    }

    fn not_found(&self, name: &str) -> Output {
        Output {
            stdout: String::new(),
            stderr: format!(
                "kubeplay: {name} is not available in this simulated container (try cat, ls, env, printenv, echo, sh -c)\n"
            ),
            status: 127,
        }
    }
}
