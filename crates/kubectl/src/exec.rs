//! `kubectl exec POD [-c C] -- CMD`: commands run against what the container sees —
//! its mounts (with kubelet's `..data` symlinks, read-only) and its environment.
//!
//! Mirrors `staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go` for the errors; the container
//! has no real processes, so only the text tools of the console exist inside it.

use kubeplay_api::Object;
use kubeplay_cluster::kubelet::{ContainerRuntime, PodWorker, RunState};
use kubeplay_cluster::tmpfs::Tmpfs;
use kubeplay_cluster::{Cluster, Node};

use crate::lexer::{lex_with, Token};
use crate::shell::{text_command, Console, FsView, Output};

/// kubeplay's note after kubectl's own error when a container has not started yet.
const NOT_STARTED_HINT: &str =
    "kubeplay: the container has not started yet; virtual time moves only when you ask (try `kubectl wait --for=condition=Ready pod/NAME` or `sleep 5`)\n";

/// The container's filesystem: every mount laid out at its mount path.
pub fn container_fs(node: &Node, w: &PodWorker, c: &ContainerRuntime) -> Tmpfs {
    kubeplay_cluster::container_view::container_fs(node, w, c)
}

/// The environment a process in the container sees: image defaults, the pod's env, service links.
pub fn container_env(pod_name: &str, c: &ContainerRuntime) -> Vec<(String, String)> {
    kubeplay_cluster::container_view::container_env(pod_name, c)
}

/// Runs `kubectl exec`.
pub fn exec(console: &mut Console, positional: &[String], container: Option<&str>, cmd: Option<&[String]>, ns: &str) -> Output {
    let Some(pod_name) = positional.get(1) else {
        return Output::err("error: pod, type/name or --filename must be specified");
    };
    let pod_name = pod_name.strip_prefix("pod/").or_else(|| pod_name.strip_prefix("pods/")).unwrap_or(pod_name);
    let Some(cmd) = cmd.filter(|c| !c.is_empty()) else {
        if positional.len() > 2 {
            return Output::err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
        }
        return Output::err("error: you must specify at least one command for the container");
    };
    let cluster: &Cluster = console.session.cluster();
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
    let Some((node, w)) = cluster.worker(ns, pod_name) else { return not_started() };
    let Some(c) = w.containers.iter().find(|c| c.name == cname) else {
        return Output::err(format!("error: unable to upgrade connection: container not found (\"{cname}\")"));
    };
    if !matches!(c.state, RunState::Running { .. }) {
        return not_started();
    }
    let mut fs = container_fs(node, w, c);
    let env = container_env(pod_name, c);
    let mut cwd = "/data".to_owned();
    let r = run_in_container(cmd, &env, &mut fs, &mut cwd);
    out.stdout.push_str(&r.stdout);
    out.stderr.push_str(&r.stderr);
    if r.status != 0 {
        // kubectl: "command terminated with exit code N"
        out.stderr.push_str(&format!("command terminated with exit code {}\n", r.status));
        out.status = r.status;
    }
    out
}

fn run_in_container(cmd: &[String], env: &[(String, String)], fs: &mut Tmpfs, cwd: &mut String) -> Output {
    let name = cmd[0].rsplit('/').next().unwrap_or(&cmd[0]);
    let args = &cmd[1..];
    match name {
        "env" if args.is_empty() => Output::ok(env.iter().map(|(k, v)| format!("{k}={v}\n")).collect::<String>()),
        "printenv" => {
            if args.is_empty() {
                return Output::ok(env.iter().map(|(k, v)| format!("{k}={v}\n")).collect::<String>());
            }
            let mut out = String::new();
            let mut status = 0;
            for a in args {
                match env.iter().find(|(k, _)| k == a) {
                    Some((_, v)) => {
                        out.push_str(v);
                        out.push('\n');
                    }
                    None => status = 1,
                }
            }
            Output { stdout: out, stderr: String::new(), status }
        }
        "sh" | "bash" | "ash" => {
            let script = match (args.first().map(String::as_str), args.get(1)) {
                (Some("-c"), Some(s)) => s.clone(),
                _ => {
                    return Output::err("kubeplay: only `sh -c 'COMMANDS'` is supported inside containers (no interactive shell)")
                }
            };
            let lookup = |n: &str| env.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
            let tokens = match lex_with(&script, &lookup) {
                Ok(t) => t,
                Err(e) => return Output { stdout: String::new(), stderr: format!("sh: {e}\n"), status: 2 },
            };
            run_tokens(tokens, env, fs, cwd)
        }
        _ => {
            let mut view = FsView { fs, cwd, writable: false };
            let mut o = text_command(name, args, None, &mut view);
            if o.status == 127 {
                o.stderr = format!(
                    "kubeplay: {name} is not available in this simulated container (try cat, ls, env, printenv, echo, sh -c)\n"
                );
            }
            o
        }
    }
}

/// `a; b && c | d` inside the container.
fn run_tokens(tokens: Vec<Token>, env: &[(String, String)], fs: &mut Tmpfs, cwd: &mut String) -> Output {
    let mut total = Output::default();
    let mut op: Option<Token> = None;
    let mut segments: Vec<(Option<Token>, Vec<Token>)> = Vec::new();
    let mut cur = Vec::new();
    for t in tokens {
        match t {
            Token::Semi | Token::And | Token::Or => {
                segments.push((op.take(), std::mem::take(&mut cur)));
                op = Some(t);
            }
            t => cur.push(t),
        }
    }
    segments.push((op, cur));
    for (op, seg) in segments {
        let skip = match op {
            Some(Token::And) => total.status != 0,
            Some(Token::Or) => total.status == 0,
            _ => false,
        };
        if skip || seg.is_empty() {
            continue;
        }
        let mut input: Option<String> = None;
        let mut last = Output::default();
        for stage in seg.split(|t| *t == Token::Pipe) {
            let words: Vec<String> =
                stage.iter().filter_map(|t| if let Token::Word(w) = t { Some(w.clone()) } else { None }).collect();
            if stage.iter().any(|t| matches!(t, Token::Out | Token::Append)) {
                last = Output {
                    stdout: String::new(),
                    stderr: "sh: can't create file: Read-only file system\n".to_owned(),
                    status: 1,
                };
                break;
            }
            if words.is_empty() {
                continue;
            }
            last = if matches!(words[0].as_str(), "env" | "printenv" | "sh" | "bash") {
                run_in_container(&words, env, fs, cwd)
            } else {
                let mut view = FsView { fs, cwd, writable: false };
                text_command(&words[0], &words[1..], input.take(), &mut view)
            };
            total.stderr.push_str(&last.stderr);
            input = Some(std::mem::take(&mut last.stdout));
        }
        total.stdout.push_str(&input.unwrap_or_default());
        total.status = last.status;
    }
    total
}
