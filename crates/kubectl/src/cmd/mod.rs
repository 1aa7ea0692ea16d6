//! The `kubectl` subset, one module per command, each with its own flags (see [`crate::flags`])
//! and kubectl's output.
//!
//! Sources: `staging/src/k8s.io/kubectl/pkg/cmd/{create,apply,delete,get,describe,exec,patch,wait,run,version}`,
//! `cmd/util/helpers.go` (CheckErr, UsageErrorf) and `util/templates/templater.go` (flag errors).

pub mod apply;
pub mod create;
pub mod create_secret;
pub mod delete;
pub mod describe;
pub mod exec;
pub mod get;
pub mod patch;
pub mod run;
pub mod version;
pub mod wait;

use kubeplay_api::{Kind, Object};
use kubeplay_cluster::Session;
use kubeplay_shell::{Fs, Output};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::flags::{self, Args, Flag};
use crate::{jsonpath, printers};

/// What a kubectl command works with: the cluster, the console's files and its namespace.
pub struct Ctx<'a> {
    /// The cluster and its history.
    pub session: &'a mut Session,
    /// The console's files (`-f FILE`, `--from-file`).
    pub fs: &'a dyn Fs,
    /// The console's working directory.
    pub cwd: &'a str,
    /// The namespace used without `-n`.
    pub namespace: &'a str,
}

impl Ctx<'_> {
    /// Reads a console file as text.
    pub fn read_file(&self, file: &str) -> Result<String> {
        Ok(kubeplay_shell::fs::read_text(self.fs, self.cwd, file)?)
    }
    /// Whether a console path is a directory.
    pub fn is_dir(&self, file: &str) -> bool {
        kubeplay_shell::fs::is_dir(self.fs, self.cwd, file)
    }
    /// The regular files directly in a console directory: (name, content).
    pub fn dir_files(&self, dir: &str) -> Vec<(String, Vec<u8>)> {
        kubeplay_shell::fs::dir_files(self.fs, self.cwd, dir)
    }
}

/// Real kubectl commands the console does not simulate (said plainly, not "unknown command").
const NOT_SIMULATED: &[&str] = &[
    "replace",
    "scale",
    "rollout",
    "label",
    "annotate",
    "top",
    "cp",
    "port-forward",
    "attach",
    "debug",
    "explain",
    "api-resources",
    "api-versions",
    "config",
    "auth",
    "certificate",
    "cluster-info",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "expose",
    "autoscale",
    "set",
    "diff",
    "kustomize",
    "events",
    "proxy",
    "plugin",
    "completion",
    "alpha",
    "convert",
];

/// `kubectl create` subcommands kubeplay does not simulate.
const CREATE_NOT_SIMULATED: &[&str] = &[
    "configmap",
    "cm",
    "clusterrole",
    "clusterrolebinding",
    "cronjob",
    "cj",
    "deployment",
    "deploy",
    "ingress",
    "ing",
    "job",
    "poddisruptionbudget",
    "pdb",
    "priorityclass",
    "pc",
    "quota",
    "resourcequota",
    "role",
    "rolebinding",
    "service",
    "svc",
    "token",
];

/// Every flag some command has: used to find the command, and as the flags of the commands
/// kubeplay only names (`kubectl logs`, `kubectl create configmap`), which say so instead.
const ANY: &[Flag] = &[
    flags::OUTPUT,
    flags::FILENAME,
    exec::CONTAINER,
    create_secret::FROM_LITERAL,
    flags::FROM_FILE,
    create_secret::FROM_ENV_FILE,
    create_secret::TYPE,
    patch::PATCH,
    patch::TYPE,
    wait::FOR,
    wait::TIMEOUT,
    create_secret::CERT,
    create_secret::KEY,
    create_secret::DOCKER_SERVER,
    create_secret::DOCKER_USERNAME,
    create_secret::DOCKER_PASSWORD,
    create_secret::DOCKER_EMAIL,
    run::IMAGE,
    run::RESTART,
    flags::SELECTOR,
    flags::GRACE_PERIOD,
    flags::ALL_NAMESPACES,
    flags::STDIN,
    flags::TTY,
    flags::FORCE,
    get::SHOW_LABELS,
    flags::SAVE_CONFIG,
    flags::APPEND_HASH,
    flags::ALL,
    flags::WAIT,
    delete::IGNORE_NOT_FOUND,
    get::WATCH,
    flags::DRY_RUN,
];

/// The command `words` name (cobra's `Find`): its path as `CommandPath()` prints it, and its flags.
fn find(words: &[String]) -> (String, &'static [Flag]) {
    let w = |i: usize| words.get(i).map(String::as_str);
    let (path, flags): (&str, &'static [Flag]) = match w(0) {
        None => ("kubectl", &[]),
        Some("create") => match w(1) {
            Some("secret") => match w(2) {
                Some("generic") => ("kubectl create secret generic", create_secret::GENERIC_FLAGS),
                Some("tls") => ("kubectl create secret tls", create_secret::TLS_FLAGS),
                Some("docker-registry") => ("kubectl create secret docker-registry", create_secret::DOCKER_FLAGS),
                _ => ("kubectl create secret", &[]),
            },
            Some("namespace" | "ns") => ("kubectl create namespace", create::OBJECT_FLAGS),
            Some("serviceaccount" | "sa") => ("kubectl create serviceaccount", create::OBJECT_FLAGS),
            Some(other) if CREATE_NOT_SIMULATED.contains(&other) => return (format!("kubectl create {other}"), ANY),
            _ => ("kubectl create", create::FLAGS),
        },
        Some("apply") => ("kubectl apply", apply::FLAGS),
        Some("delete") => ("kubectl delete", delete::FLAGS),
        Some("get") => ("kubectl get", get::FLAGS),
        Some("describe") => ("kubectl describe", describe::FLAGS),
        Some("exec") => ("kubectl exec", exec::FLAGS),
        Some("patch") => ("kubectl patch", patch::FLAGS),
        Some("wait") => ("kubectl wait", wait::FLAGS),
        Some("run") => ("kubectl run", run::FLAGS),
        Some("version") => ("kubectl version", version::FLAGS),
        Some(other) if NOT_SIMULATED.contains(&other) || other == "edit" || other == "logs" => {
            return (format!("kubectl {other}"), ANY)
        }
        Some(_) => ("kubectl", ANY),
    };
    (path.to_owned(), flags)
}

/// Runs `kubectl ARGS` in the console.
pub fn run(ctx: &mut Ctx<'_>, args: &[String], stdin: Option<String>) -> Output {
    let (path, flags) = find(&flags::command_words(args, ANY));
    let a = match flags::parse(args, flags) {
        // templater.go FlagErrorFunc, then CheckErr's `error: `.
        Ok(a) => a,
        Err(e) => return Output::err(format!("error: {e}\nSee '{path} --help' for usage.")),
    };
    let cmd = Cmd { path, args: a };
    let ns = cmd.args.get("namespace").unwrap_or(ctx.namespace).to_owned();
    let verb = cmd.args.positional.first().map(String::as_str).unwrap_or("");
    let mut warning = String::new();
    let dry = match dry_run_strategy(ctx, &cmd.args, &mut warning) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let mut out = match verb {
        "" => Output::ok(crate::console::HELP),
        "create" => create::create(ctx, &cmd, &ns, stdin, dry),
        "apply" => apply::from_files(ctx, &cmd, &ns, stdin, crate::Mode::Apply, dry),
        "delete" => delete::delete(ctx, &cmd, &ns, stdin),
        "get" => get::get(ctx, &cmd, &ns),
        "describe" => describe::describe(ctx, &cmd, &ns),
        "exec" => exec::exec(ctx, &cmd, &ns),
        "patch" => patch::patch(ctx, &cmd, &ns),
        "wait" => wait::wait(ctx, &cmd, &ns),
        "run" => run::run(ctx, &cmd, &ns),
        "version" => version::version(),
        "edit" => Output::err("kubeplay: kubectl edit needs an interactive editor and is not supported here; use kubectl apply -f FILE or kubectl patch"),
        "logs" => Output::err("kubeplay: containers in kubeplay run no real processes, so there are no logs; use kubectl exec to look inside"),
        // cobra's "unknown command" (kubectl has no plugin by that name); its "Did you mean this?"
        // suggestions are not reproduced.
        other if NOT_SIMULATED.contains(&other) => Output::err(format!(
            "kubeplay: kubectl {other} is a real command that kubeplay does not simulate; this console has create, apply, delete, get, describe, exec, patch, wait, run and version"
        )),
        other => Output::err(format!("Error: unknown command \"{other}\" for \"kubectl\"")),
    };
    out.stderr.insert_str(0, &warning);
    out
}

/// A command as cobra found it: its path and its parsed flags and arguments.
pub struct Cmd {
    /// `kubectl create secret generic`.
    pub path: String,
    /// The parsed command line.
    pub args: Args,
}

impl Cmd {
    /// `UsageErrorf`: `error: MSG` and `See 'PATH -h' for help and examples`.
    pub fn usage_error(&self, msg: &str) -> Output {
        Output::err(format!("error: {msg}\nSee '{} -h' for help and examples", self.path))
    }
}

/// How `--dry-run` was given (cmd/util/helpers.go GetDryRunStrategy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryRun {
    /// Really send the request.
    None,
    /// Print the object as kubectl built it.
    Client,
    /// Ask the server to check without storing.
    Server,
}

/// `GetDryRunStrategy`: a bare `--dry-run` means client, with a klog warning (helpers.go).
fn dry_run_strategy(ctx: &Ctx<'_>, a: &Args, warning: &mut String) -> Result<DryRun, Output> {
    match a.get("dry-run") {
        None | Some("none") => Ok(DryRun::None),
        Some("unchanged") => {
            warning.push_str(&klog_line(
                ctx,
                'W',
                "helpers.go:702",
                "--dry-run is deprecated and can be replaced with --dry-run=client.",
            ));
            Ok(DryRun::Client)
        }
        Some("client") => Ok(DryRun::Client),
        Some("server") => Ok(DryRun::Server),
        Some(other) => {
            Err(Output::err(format!("error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\".")))
        }
    }
}

/// A klog line (`Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`) at the cluster's virtual time.
fn klog_line(ctx: &Ctx<'_>, level: char, at: &str, msg: &str) -> String {
    let ms = kubeplay_api::store::EPOCH_UNIX_MS + ctx.session.cluster().now_ms() as i64;
    let jiff_ts = kubeplay_api::k8s_openapi::jiff::Timestamp::from_millisecond(ms)
        .unwrap_or(kubeplay_api::k8s_openapi::jiff::Timestamp::UNIX_EPOCH);
    format!("{level}{}.{:06} {:>7} {at}] {msg}\n", jiff_ts.strftime("%m%d %H:%M:%S"), ms.rem_euclid(1000) * 1000, 1)
}

/// The formats `kubectl create` and `apply` print with (`genericclioptions.PrintFlags`, no table printer).
const ALLOWED_FORMATS: &str =
    "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

/// Refuses an `-o` that `PrintFlags.ToPrinter` does not know.
pub(crate) fn check_output_format(a: &Args) -> Result<(), Output> {
    let Some(o) = a.get("output") else { return Ok(()) };
    let name = o.split_once('=').map_or(o, |(n, _)| n);
    match name {
        "" | "json" | "yaml" | "name" | "jsonpath" | "jsonpath-as-json" => Ok(()),
        "go-template" | "go-template-file" | "template" | "templatefile" | "jsonpath-file" => {
            Err(Output::err(format!("kubeplay: -o {name} is not supported here; use -o jsonpath='...', -o yaml or -o json")))
        }
        _ => Err(Output::err(format!(
            "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: {ALLOWED_FORMATS}"
        ))),
    }
}

/// Prints an object as `-o` asks, or the `kind/name <op>` line.
///
/// `typed`: the object is a Go struct kubectl built (`create secret ...`), whose JSON keeps the
/// struct field order; otherwise it is unstructured and its keys are sorted.
pub(crate) fn print_object(v: &Value, a: &Args, singular: &str, name: &str, op: &str, typed: bool) -> Output {
    match a.get("output") {
        Some("yaml") => Output::ok(printers::to_yaml(v)),
        Some("json") => Output::ok(if typed { printers::to_json_typed(v) } else { printers::to_json(v) }),
        Some("name") => Output::ok(format!("{singular}/{name}\n")),
        Some(o) if o.starts_with("jsonpath=") || o.starts_with("jsonpath-as-json=") => {
            let tpl = o.split_once('=').map_or("", |(_, t)| t);
            match jsonpath::eval(tpl, v) {
                Ok(s) => Output::ok(s),
                Err(e) => Output::err(format!("error: {e}")),
            }
        }
        _ => Output::ok(format!("{singular}/{name} {op}\n")),
    }
}

pub(crate) fn single_name(p: &[String], at: usize) -> Option<&String> {
    if p.len() == at + 1 {
        p.get(at)
    } else {
        None
    }
}

/// Resolves `TYPE NAME...` or `TYPE/NAME...` arguments.
pub(crate) fn targets(p: &[String]) -> Result<Vec<(Kind, Option<String>)>> {
    let mut out = Vec::new();
    let Some(first) = p.first() else { return Ok(out) };
    if first.contains('/') {
        for t in p {
            let (ty, name) = t.split_once('/').unwrap_or((t, ""));
            let kind = Kind::from_resource(ty).ok_or_else(|| Error::UnknownResource(ty.to_owned()))?;
            out.push((kind, Some(name.to_owned())));
        }
        return Ok(out);
    }
    let kinds: Vec<Kind> = first
        .split(',')
        .map(|t| Kind::from_resource(t).ok_or_else(|| Error::UnknownResource(t.to_owned())))
        .collect::<Result<_, _>>()?;
    for k in kinds {
        if p.len() == 1 {
            out.push((k, None));
        }
        for n in &p[1..] {
            out.push((k, Some(n.clone())));
        }
    }
    Ok(out)
}

/// The object as the API server returns it to `kubectl get -o yaml|json`.
pub(crate) fn api_json(o: &Object) -> Value {
    let mut v = o.to_json();
    if let Some(m) = v.as_object_mut() {
        m.insert("apiVersion".into(), "v1".into());
        m.insert("kind".into(), o.kind().as_str().into());
    }
    v
}
