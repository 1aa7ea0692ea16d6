//! `kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [--tail N] [--timestamps] [-l SELECTOR]`:
//! a container's log as the kubelet serves it.
//!
//! Mirrors kubectl `pkg/cmd/logs/logs.go` and `pkg/polymorphichelpers/logsforobject.go` (v1.33:
//! default container choice, `Defaulted container … out of: …`, `--tail` 10 with `-l`), and the
//! kubelet's `validateContainerLogStatus` (pkg/kubelet/kubelet_pods.go) for which instance's log
//! is served and its errors. `-f` leaves a [`Follow`] that the console asks for new lines as the
//! simulation runs, until the container stops or the learner presses Ctrl+C.

use kubeplay_api::k8s_openapi::api::core::v1::Pod;
use kubeplay_cluster::container_log::{rfc3339_nano_fixed, LogLine};
use kubeplay_cluster::kubelet::RunState;
use kubeplay_cluster::Cluster;
use kubeplay_shell::Output;

use super::common::{matches_selector, Cmd, Ctx};
use super::exec::CONTAINER;
use crate::flags::{self, Flag, Takes};
use crate::follow::{Follow, LogFollow, LogStream};

/// `-p, --previous`.
pub const PREVIOUS: Flag = Flag { name: "previous", short: Some('p'), takes: Takes::Bool };
/// `-f, --follow`.
pub const FOLLOW: Flag = Flag { name: "follow", short: Some('f'), takes: Takes::Bool };
/// `--tail`.
pub const TAIL: Flag = Flag { name: "tail", short: None, takes: Takes::Int };
/// `--timestamps`.
pub const TIMESTAMPS: Flag = Flag { name: "timestamps", short: None, takes: Takes::Bool };

/// The flags of `kubectl logs` that kubeplay models (logs.go NewCmdLogs).
pub const FLAGS: &[Flag] = &[CONTAINER, PREVIOUS, FOLLOW, TAIL, TIMESTAMPS, flags::SELECTOR];

/// Runs `kubectl logs`.
pub fn logs(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let a = &cmd.args;
    let cluster: &Cluster = ctx.session.cluster();
    let selector = a.get("selector");
    // logs.go: --tail defaults to -1, or 10 when a selector is used.
    let tail: i64 = match a.get("tail").map(str::parse::<i64>) {
        Some(Ok(n)) => n,
        Some(Err(_)) => return Output::err("error: invalid argument for --tail"),
        None if selector.is_some() => 10,
        None => -1,
    };
    let opts = Opts { previous: a.is_set("previous"), timestamps: a.is_set("timestamps"), tail, follow: a.is_set("follow") };
    if let Some(sel) = selector {
        if a.positional.len() > 1 {
            return Output::err("error: only a selector (-l) or a POD name is allowed");
        }
        if let Err(st) = ctx.authorize("list", kubeplay_api::Kind::Pod, "", ns, "") {
            return Output::err(st.kubectl_message());
        }
        let pods: Vec<&Pod> = cluster
            .store()
            .pods()
            .filter(|p| p.metadata.namespace.as_deref() == Some(ns) && matches_selector(p.metadata.labels.as_ref(), sel))
            .collect();
        if pods.is_empty() {
            return Output { stdout: String::new(), stderr: format!("No resources found in {ns} namespace.\n"), status: 0 };
        }
        // logs.go Run: following more streams than --max-log-requests (default 5) is refused.
        if opts.follow && pods.len() > MAX_FOLLOW_CONCURRENCY {
            return Output::err(format!(
                "error: you are attempting to follow {} log streams, but maximum allowed concurrency is {MAX_FOLLOW_CONCURRENCY}, use --max-log-requests to increase the limit",
                pods.len()
            ));
        }
        let mut out = Output::default();
        let mut streams = Vec::new();
        for p in pods {
            let pname = p.metadata.name.as_deref().unwrap_or("");
            if let Err(st) = ctx.authorize("get", kubeplay_api::Kind::Pod, "log", ns, pname) {
                out.stderr.push_str(&st.kubectl_message());
                out.stderr.push('\n');
                out.status = 1;
                return out;
            }
            let (o, cname) = one_pod(cluster, p, a.get("container"), &opts);
            out.stdout.push_str(&o.stdout);
            out.stderr.push_str(&o.stderr);
            if o.status != 0 {
                out.status = o.status;
                return out;
            }
            streams.extend(cname.and_then(|c| opts.stream(cluster, ns, pname, &c)));
        }
        ctx.follow = LogFollow::new(streams, opts.timestamps).map(Follow::Logs);
        return out;
    }
    let Some(name) = a.positional.get(1) else {
        return Output::err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples");
    };
    let name = name.strip_prefix("pod/").or_else(|| name.strip_prefix("pods/")).unwrap_or(name);
    let (name, found) = match first_pod_of(ctx, ns, name) {
        Ok(Some((pod, count))) => (pod, count),
        Ok(None) => (name.to_owned(), 0),
        Err(o) => return o,
    };
    let name = name.as_str();
    let cluster: &Cluster = ctx.session.cluster();
    let container = a.get("container").or(a.positional.get(2).map(String::as_str));
    // logs.go: the builder GETs the pod, then the log is a GET of its `log` subresource (RBAC
    // `get` on `pods/log`): who may read logs reads whatever the container printed.
    if let Err(st) = ctx.authorize("get", kubeplay_api::Kind::Pod, "", ns, name) {
        return Output::err(st.kubectl_message());
    }
    let Some(pod) = cluster.store().pod(ns, name) else {
        return Output::err(format!("error: error from server (NotFound): pods \"{name}\" not found in namespace \"{ns}\""));
    };
    if let Err(st) = ctx.authorize("get", kubeplay_api::Kind::Pod, "log", ns, name) {
        return Output::err(st.kubectl_message());
    }
    let (mut out, cname) = one_pod(cluster, pod, container, &opts);
    if found > 1 {
        // logsforobject.go: more than one pod matched the object's selector.
        out.stderr.insert_str(0, &format!("Found {found} pods, using pod/{name}\n"));
    }
    let stream = cname.and_then(|c| opts.stream(cluster, ns, name, &c));
    ctx.follow = LogFollow::new(stream.into_iter().collect(), opts.timestamps).map(Follow::Logs);
    out
}

/// `TYPE/NAME` of a Job, Deployment or ReplicaSet (logsforobject.go: `SelectorsForObject`, then
/// `GetFirstPod` sorted by `podutils.ByLogging`): the pod whose log is served and how many pods
/// the selector matched. `None` for a plain pod name.
fn first_pod_of(ctx: &mut Ctx<'_>, ns: &str, target: &str) -> Result<Option<(String, usize)>, Output> {
    let Some((ty, name)) = target.split_once('/') else { return Ok(None) };
    let kind = kubeplay_api::Kind::from_resource(ty)
        .ok_or_else(|| Output::err(format!("error: the server doesn't have a resource type \"{ty}\"")))?;
    ctx.authorize("get", kind, "", ns, name).map_err(|st| Output::err(st.kubectl_message()))?;
    let store = ctx.session.cluster().store();
    let obj = store.get(kind, ns, name).map_err(|st| Output::err(st.kubectl_message()))?;
    let selector = match &obj {
        kubeplay_api::Object::Job(j) => j.spec.as_ref().and_then(|s| s.selector.clone()),
        kubeplay_api::Object::Deployment(d) => d.spec.as_ref().map(|s| s.selector.clone()),
        kubeplay_api::Object::ReplicaSet(r) => r.spec.as_ref().map(|s| s.selector.clone()),
        kubeplay_api::Object::Pod(_) => return Ok(None),
        other => {
            // SelectorsForObject: `selector for %T not implemented`.
            let t = format!("*v1.{}", other.kind().as_str());
            return Err(Output::err(format!("error: cannot get the logs from {t}: selector for {t} not implemented")));
        }
    };
    let selector = selector.unwrap_or_default();
    let mut pods: Vec<&Pod> = store
        .pods_in(ns)
        .filter(|p| kubeplay_api::validation::selector_matches(&selector, &p.metadata.labels.clone().unwrap_or_default()))
        .collect();
    if pods.is_empty() {
        // GetFirstPod waits --pod-running-timeout (20 s) for one to appear; nothing runs meanwhile here.
        return Err(Output::err("error: timed out waiting for the condition"));
    }
    // ByLogging: assigned first; Running (and finished) < Unknown < Pending; ready first; more
    // restarts first; older first.
    let key = |p: &Pod| {
        let st = p.status.as_ref();
        let assigned = p.spec.as_ref().and_then(|s| s.node_name.as_deref()).is_some_and(|n| !n.is_empty());
        let phase = match st.and_then(|s| s.phase.as_deref()) {
            Some("Unknown") => 1,
            Some("Pending") => 2,
            _ => 0,
        };
        let ready =
            st.and_then(|s| s.conditions.as_ref()).is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"));
        let restarts =
            st.and_then(|s| s.container_statuses.as_ref()).map_or(0, |c| c.iter().map(|c| c.restart_count).max().unwrap_or(0));
        let created = p.metadata.creation_timestamp.as_ref().map_or(0, |t| t.0.as_millisecond());
        (!assigned, phase, !ready, -restarts, created)
    };
    pods.sort_by_key(|p| key(p));
    let count = pods.len();
    Ok(pods.first().map(|p| (p.metadata.name.clone().unwrap_or_default(), count)))
}

/// `--max-log-requests`' default (logs.go).
const MAX_FOLLOW_CONCURRENCY: usize = 5;

/// What to print.
struct Opts {
    previous: bool,
    timestamps: bool,
    tail: i64,
    follow: bool,
}

impl Opts {
    /// The stream `-f` keeps open on a container: only a running container's current log is
    /// followed (the kubelet closes the stream of one that stopped, and of a previous instance).
    fn stream(&self, cluster: &Cluster, ns: &str, pod: &str, container: &str) -> Option<LogStream> {
        if !self.follow || self.previous {
            return None;
        }
        LogStream::open(cluster, ns, pod, container)
    }
}

/// The log of one pod's container (the default one when `container` is `None`), and that
/// container's name when its log was served.
fn one_pod(cluster: &Cluster, pod: &Pod, container: Option<&str>, opts: &Opts) -> (Output, Option<String>) {
    let name = pod.metadata.name.as_deref().unwrap_or("");
    let ns = pod.metadata.namespace.as_deref().unwrap_or("");
    let spec = pod.spec.clone().unwrap_or_default();
    let mut out = Output::default();
    let cname = match container {
        Some(c) => {
            let known = spec.containers.iter().chain(spec.init_containers.iter().flatten()).any(|s| s.name == c);
            if !known {
                return (Output::err(format!("error: container {c} is not valid for pod {name}")), None);
            }
            c.to_owned()
        }
        None => {
            // logsforobject.go: the first container; say so when there was a choice.
            let first = spec.containers.first().map(|c| c.name.clone()).unwrap_or_default();
            let inits = spec.init_containers.as_deref().unwrap_or_default();
            if spec.containers.len() > 1 || !inits.is_empty() {
                let names: Vec<String> = spec
                    .containers
                    .iter()
                    .map(|c| c.name.clone())
                    .chain(inits.iter().map(|c| format!("{} (init)", c.name)))
                    .collect();
                out.stderr.push_str(&format!("Defaulted container \"{first}\" out of: {}\n", names.join(", ")));
            }
            first
        }
    };
    let lines = match served_log(cluster, ns, name, &cname, opts.previous) {
        Ok(lines) => lines,
        Err(msg) => return (bad_request(out, msg), None),
    };
    let skip = if opts.tail >= 0 { lines.len().saturating_sub(opts.tail as usize) } else { 0 };
    for l in lines.into_iter().skip(skip) {
        if opts.timestamps {
            out.stdout.push_str(&rfc3339_nano_fixed(l.at_ms));
            out.stdout.push(' ');
        }
        out.stdout.push_str(&l.text);
        out.stdout.push('\n');
    }
    (out, Some(cname))
}

/// The log lines the kubelet serves for container `cname` of pod `ns/name` (the previous
/// instance's with `previous`), or its refusal (`kubelet_pods.go` validateContainerLogStatus):
/// the text kubectl prints after `Error from server (BadRequest): `. A pod not on a node yet has
/// an empty log (the API server's null stream, pod/strategy.go LogLocation).
pub fn served_log(cluster: &Cluster, ns: &str, name: &str, cname: &str, previous: bool) -> Result<Vec<LogLine>, String> {
    let Some((_, w)) = cluster.worker(ns, name) else { return Ok(Vec::new()) };
    let Some(c) = w.containers.iter().find(|c| c.name == cname) else {
        return Err(format!("container \"{cname}\" in pod \"{name}\" is not available"));
    };
    let now = cluster.now_ms();
    let has_previous = matches!(c.last_state, Some(RunState::Terminated { .. }));
    if previous {
        return match (&c.previous_log, has_previous) {
            (Some(log), true) => Ok(log.visible(now).cloned().collect()),
            _ => Err(format!("previous terminated container \"{cname}\" in pod \"{name}\" not found")),
        };
    }
    match &c.state {
        RunState::Running { .. } | RunState::Terminated { .. } => Ok(c.log.visible(now).cloned().collect()),
        // A container waiting to restart serves its previous run's log (why `kubectl logs` works in CrashLoopBackOff).
        RunState::Waiting { .. } if has_previous => {
            Ok(c.previous_log.as_ref().map(|l| l.visible(now).cloned().collect()).unwrap_or_default())
        }
        RunState::Waiting { reason, .. } => {
            let why = match reason.as_str() {
                "ErrImagePull" => "image can't be pulled",
                "ImagePullBackOff" => "trying and failing to pull image",
                other => other,
            };
            Err(format!("container \"{cname}\" in pod \"{name}\" is waiting to start: {why}"))
        }
    }
}

/// kubectl's `Error from server (BadRequest): …` for a kubelet refusal (cmd/util/helpers.go).
fn bad_request(mut out: Output, msg: String) -> Output {
    out.stderr.push_str(&format!("Error from server (BadRequest): {msg}\n"));
    out.status = 1;
    out
}
