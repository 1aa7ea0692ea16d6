//! The `kubectl` subset, with kubectl's flag syntax and output.
//!
//! Sources: `staging/src/k8s.io/kubectl/pkg/cmd/{create,apply,delete,get,describe,exec,patch,wait}`,
//! `cmd/util/helpers.go` (CheckErr, UsageErrorf) and `util/templates/templater.go` (unknown flags).

use std::collections::BTreeMap;

use base64::Engine as _;
use kubeplay_api::k8s_openapi::api::core::v1::{Namespace, Secret};
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeplay_api::k8s_openapi::ByteString;
use kubeplay_api::validation::names;
use kubeplay_api::{Kind, Object};
use kubeplay_cluster::{ApiCall, ApiResult};
use serde_json::{json, Value};

use crate::apply::{apply_manifest, Mode};
use crate::printers::{self, age, parse_duration, table};
use crate::shell::{Console, Output};
use crate::{describe, exec, jsonpath};

/// Flags that take a value.
const VALUE_FLAGS: &[(&str, Option<char>)] = &[
    ("namespace", Some('n')),
    ("output", Some('o')),
    ("filename", Some('f')),
    ("container", Some('c')),
    ("from-literal", None),
    ("from-file", None),
    ("from-env-file", None),
    ("type", None),
    ("patch", Some('p')),
    ("for", None),
    ("timeout", None),
    ("cert", None),
    ("key", None),
    ("docker-server", None),
    ("docker-username", None),
    ("docker-password", None),
    ("docker-email", None),
    ("image", None),
    ("selector", Some('l')),
    ("grace-period", None),
    ("restart", None),
];
/// Flags without a value.
const BOOL_FLAGS: &[(&str, Option<char>)] = &[
    ("all-namespaces", Some('A')),
    ("stdin", Some('i')),
    ("tty", Some('t')),
    ("force", None),
    ("show-labels", None),
    ("save-config", None),
    ("append-hash", None),
    ("all", None),
    ("wait", None),
    ("ignore-not-found", None),
    ("watch", Some('w')),
];

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

#[derive(Debug, Default)]
struct Args {
    positional: Vec<String>,
    flags: Vec<(String, String)>,
    after_dash: Option<Vec<String>>,
    dry_run: Option<String>,
}

impl Args {
    fn get(&self, name: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn all(&self, name: &str) -> Vec<&str> {
        self.flags.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }
    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(k, _)| k == name)
    }
}

fn command_path(positional: &[String]) -> String {
    let mut p = vec!["kubectl".to_owned()];
    let sub: &[&str] = match positional.first().map(String::as_str) {
        Some("create") => &["secret", "namespace", "configmap", "serviceaccount"],
        _ => &[],
    };
    if let Some(v) = positional.first() {
        p.push(v.clone());
        if let Some(s) = positional.get(1).filter(|s| sub.contains(&s.as_str())) {
            p.push(s.clone());
            if s == "secret" {
                if let Some(t) = positional.get(2).filter(|t| ["generic", "tls", "docker-registry"].contains(&t.as_str())) {
                    p.push(t.clone());
                }
            }
        }
    }
    p.join(" ")
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args::default();
    let mut i = 0;
    let lookup = |name: &str| -> Option<bool> {
        if VALUE_FLAGS.iter().any(|(n, _)| *n == name) {
            Some(true)
        } else if BOOL_FLAGS.iter().any(|(n, _)| *n == name) {
            Some(false)
        } else {
            None
        }
    };
    let short = |c: char| -> Option<(&'static str, bool)> {
        VALUE_FLAGS
            .iter()
            .find(|(_, s)| *s == Some(c))
            .map(|(n, _)| (*n, true))
            .or_else(|| BOOL_FLAGS.iter().find(|(_, s)| *s == Some(c)).map(|(n, _)| (*n, false)))
    };
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--" {
            a.after_dash = Some(args[i..].to_vec());
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (long, None),
            };
            if name == "dry-run" {
                a.dry_run = Some(inline.unwrap_or_else(|| "unchanged".to_owned()));
                continue;
            }
            match lookup(name) {
                Some(true) => {
                    let v = match inline {
                        Some(v) => v,
                        None if i < args.len() => {
                            i += 1;
                            args[i - 1].clone()
                        }
                        None => return Err(format!("Error: flag needs an argument: --{name}\n{}", see_help(&a.positional))),
                    };
                    a.flags.push((name.to_owned(), v));
                }
                Some(false) => a.flags.push((name.to_owned(), inline.unwrap_or_else(|| "true".to_owned()))),
                None => return Err(format!("Error: unknown flag: --{name}\n{}", see_help(&a.positional))),
            }
        } else if arg.len() > 1 && arg.starts_with('-') {
            let body = &arg[1..];
            for (pos, c) in body.char_indices() {
                match short(c) {
                    Some((name, true)) => {
                        let rest = body[pos + c.len_utf8()..].trim_start_matches('=');
                        let v = if !rest.is_empty() {
                            rest.to_owned()
                        } else if i < args.len() {
                            i += 1;
                            args[i - 1].clone()
                        } else {
                            return Err(format!("Error: flag needs an argument: '{c}' in -{c}\n{}", see_help(&a.positional)));
                        };
                        a.flags.push((name.to_owned(), v));
                        break;
                    }
                    Some((name, false)) => a.flags.push((name.to_owned(), "true".to_owned())),
                    None => return Err(format!("Error: unknown shorthand flag: '{c}' in {arg}\n{}", see_help(&a.positional))),
                }
            }
        } else {
            a.positional.push(arg.clone());
        }
    }
    Ok(a)
}

fn see_help(positional: &[String]) -> String {
    format!("See '{} --help' for usage.", command_path(positional))
}

fn usage_error(positional: &[String], msg: &str) -> Output {
    Output::err(format!("error: {msg}\nSee '{} -h' for help and examples", command_path(positional)))
}

/// Runs `kubectl ARGS` in the console.
pub fn run(console: &mut Console, args: &[String], stdin: Option<String>) -> Output {
    let a = match parse(args) {
        Ok(a) => a,
        Err(e) => return Output::err(e),
    };
    let ns = a.get("namespace").unwrap_or(&console.namespace).to_owned();
    let verb = a.positional.first().map(String::as_str).unwrap_or("");
    // --dry-run is a flag of the commands that change objects only.
    if a.dry_run.is_some() && !matches!(verb, "create" | "apply" | "delete" | "patch" | "run" | "") {
        return Output::err(format!("Error: unknown flag: --dry-run\n{}", see_help(&a.positional)));
    }
    let mut warning = String::new();
    let dry = match dry_run_strategy(console, &a, &mut warning) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let mut out = run_verb(console, &a, &ns, stdin, verb, dry);
    out.stderr.insert_str(0, &warning);
    out
}

/// How `--dry-run` was given (cmd/util/helpers.go GetDryRunStrategy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DryRun {
    None,
    Client,
    Server,
}

/// `GetDryRunStrategy`: a bare `--dry-run` means client, with a klog warning (helpers.go).
fn dry_run_strategy(console: &Console, a: &Args, warning: &mut String) -> Result<DryRun, Output> {
    match a.dry_run.as_deref() {
        None | Some("none") => Ok(DryRun::None),
        Some("unchanged") => {
            warning.push_str(&klog_line(
                console,
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
fn klog_line(console: &Console, level: char, at: &str, msg: &str) -> String {
    let ms = kubeplay_api::store::EPOCH_UNIX_MS + console.session.cluster().now_ms() as i64;
    let jiff_ts = kubeplay_api::k8s_openapi::jiff::Timestamp::from_millisecond(ms)
        .unwrap_or(kubeplay_api::k8s_openapi::jiff::Timestamp::UNIX_EPOCH);
    format!("{level}{}.{:06} {:>7} {at}] {msg}\n", jiff_ts.strftime("%m%d %H:%M:%S"), ms.rem_euclid(1000) * 1000, 1)
}

fn run_verb(console: &mut Console, a: &Args, ns: &str, stdin: Option<String>, verb: &str, dry: DryRun) -> Output {
    let (a, ns) = (a, ns);
    match verb {
        "" => Output::ok(crate::shell::HELP),
        "create" => create(console, a, ns, stdin, dry),
        "apply" => from_files(console, a, ns, stdin, Mode::Apply, dry),
        "delete" => delete(console, a, ns, stdin),
        "get" => get(console, a, ns),
        "describe" => describe_cmd(console, a, ns),
        "exec" => exec::exec(console, &a.positional, a.get("container"), a.after_dash.as_deref(), ns),
        "patch" => patch(console, a, ns),
        "wait" => wait(console, a, ns),
        "run" => run_pod(console, a, ns),
        "version" => Output::ok("Client Version: v1.33.0\nKustomize Version: v5.6.0\nServer Version: v1.33.0\n"),
        "edit" => Output::err("kubeplay: kubectl edit needs an interactive editor and is not supported here; use kubectl apply -f FILE or kubectl patch"),
        "logs" => Output::err("kubeplay: containers in kubeplay run no real processes, so there are no logs; use kubectl exec to look inside"),
        // cobra's "unknown command" (kubectl has no plugin by that name); its "Did you mean this?"
        // suggestions are not reproduced.
        other if NOT_SIMULATED.contains(&other) => Output::err(format!(
            "kubeplay: kubectl {other} is a real command that kubeplay does not simulate; this console has create, apply, delete, get, describe, exec, patch, wait, run and version"
        )),
        other => Output::err(format!("Error: unknown command \"{other}\" for \"kubectl\"")),
    }
}

fn from_files(console: &mut Console, a: &Args, ns: &str, stdin: Option<String>, mode: Mode, dry: DryRun) -> Output {
    let files = a.all("filename");
    if files.is_empty() {
        // create.go / apply.go Validate: `must specify one of -f and -k` (kubectl v1.32.4 prints it alone).
        return Output::err("error: must specify one of -f and -k");
    }
    if let Err(o) = check_output_format(a) {
        return o;
    }
    let mut out = Output::default();
    for f in files {
        let (text, source) = if f == "-" {
            (stdin.clone().unwrap_or_default(), "STDIN".to_owned())
        } else if console.is_dir(f) {
            let mut all = String::new();
            for (name, data) in console.dir_files(f) {
                if name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json") {
                    all.push_str("\n---\n");
                    all.push_str(&String::from_utf8_lossy(&data));
                }
            }
            (all, f.to_owned())
        } else {
            match console.read_file(f) {
                Ok(t) => (t, f.to_owned()),
                Err(_) => {
                    out.stderr.push_str(&format!("error: the path \"{f}\" does not exist\n"));
                    out.status = 1;
                    continue;
                }
            }
        };
        if dry != DryRun::None {
            dry_run_manifest(console, a, &text, &source, mode, ns, dry, &mut out);
            continue;
        }
        let results = apply_manifest(&mut console.session, &text, &source, mode, ns);
        if results.is_empty() {
            out.stderr
                .push_str(&format!("error: no objects passed to {}\n", if mode == Mode::Apply { "apply" } else { "create" }));
            out.status = 1;
        }
        for r in results {
            if let Some(w) = &r.warning {
                out.stderr.push_str(w);
                out.stderr.push('\n');
            }
            if r.error {
                out.stderr.push_str(&r.text);
                out.stderr.push('\n');
                out.status = 1;
            } else {
                out.stdout.push_str(&r.text);
                out.stdout.push('\n');
            }
        }
    }
    out
}

fn create(console: &mut Console, a: &Args, ns: &str, stdin: Option<String>, dry: DryRun) -> Output {
    let p = &a.positional;
    let sub = p.get(1).map(String::as_str);
    if a.has("filename") && !matches!(sub, Some("secret" | "namespace" | "ns" | "serviceaccount" | "sa")) {
        return from_files(console, a, ns, stdin, Mode::Create, dry);
    }
    if let Err(o) = check_output_format(a) {
        return o;
    }
    match sub {
        Some("secret") => match p.get(2).map(String::as_str) {
            Some("generic") => create_secret_generic(console, a, ns, dry),
            Some("tls") => create_secret_tls(console, a, ns, dry),
            Some("docker-registry") => create_secret_docker(console, a, ns, dry),
            // cobra: a group command with unknown args reports them all (`unknown command "foo x"`).
            Some(_) => Output::err(format!("error: unknown command \"{}\"\nSee 'kubectl create secret -h' for help and examples", p[2..].join(" "))),
            // cobra runs the help of a group command that got no subcommand, on stderr, and exits 1.
            None => Output::err(CREATE_SECRET_HELP),
        },
        Some("namespace" | "ns") => {
            let Some(name) = single_name(p, 2) else { return usage_error(p, &format!("exactly one NAME is required, got {}", p.len().saturating_sub(2))) };
            let obj = Object::Namespace(Namespace { metadata: ObjectMeta { name: Some(name.clone()), ..Default::default() }, ..Default::default() });
            send_create(console, obj, ns, a, "namespace", dry)
        }
        Some("serviceaccount" | "sa") => {
            let Some(name) = single_name(p, 2) else { return usage_error(p, &format!("exactly one NAME is required, got {}", p.len().saturating_sub(2))) };
            let obj = Object::ServiceAccount(kubeplay_api::k8s_openapi::api::core::v1::ServiceAccount {
                metadata: ObjectMeta { name: Some(name.clone()), ..Default::default() },
                ..Default::default()
            });
            send_create(console, obj, ns, a, "serviceaccount", dry)
        }
        Some(other @ ("configmap" | "cm" | "clusterrole" | "clusterrolebinding" | "cronjob" | "cj" | "deployment" | "deploy" | "ingress" | "ing" | "job"
            | "poddisruptionbudget" | "pdb" | "priorityclass" | "pc" | "quota" | "resourcequota" | "role" | "rolebinding" | "service" | "svc" | "token")) => {
            Output::err(format!("kubeplay: kubectl create {other} is not simulated here; kubeplay covers secrets, namespaces, service accounts and pods (kubectl create -f FILE)"))
        }
        // create.go RunCreate: with no -f, extra args are refused with `Unexpected args: [...]`.
        Some(_) => usage_error(&p[..1], &format!("Unexpected args: [{}]", p[1..].join(" "))),
        None => Output::err("error: must specify one of -f and -k"),
    }
}

/// `kubectl create secret` without a type: cobra prints the group's help (on stderr) and exits 1.
const CREATE_SECRET_HELP: &str = "Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret

Usage:
  kubectl create secret (docker-registry | generic | tls) [options]

Use \"kubectl create secret <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";

/// The formats `kubectl create` and `apply` print with (`genericclioptions.PrintFlags`, no table printer).
const ALLOWED_FORMATS: &str =
    "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

/// Refuses an `-o` that `PrintFlags.ToPrinter` does not know.
fn check_output_format(a: &Args) -> Result<(), Output> {
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
fn print_object(v: &Value, a: &Args, singular: &str, name: &str, op: &str, typed: bool) -> Output {
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

/// `create|apply -f --dry-run`: each object as read from the file (unstructured), nothing sent.
#[allow(clippy::too_many_arguments)]
fn dry_run_manifest(
    console: &mut Console,
    a: &Args,
    text: &str,
    source: &str,
    mode: Mode,
    ns: &str,
    dry: DryRun,
    out: &mut Output,
) {
    let decoded = kubeplay_api::decode_manifest(text, source);
    let mut n = 0;
    for d in decoded.docs {
        let obj = match d.result {
            Ok(o) => o,
            Err(kubeplay_api::DecodeError::Client(m)) => {
                out.stderr.push_str(&format!("error: {m}\n"));
                out.status = 1;
                continue;
            }
            Err(kubeplay_api::DecodeError::Server(s)) => {
                out.stderr.push_str(&s.with_source("creating", source).kubectl_message());
                out.stderr.push('\n');
                out.status = 1;
                continue;
            }
        };
        n += 1;
        let kind = obj.kind();
        let ons = if !kind.namespaced() {
            ""
        } else if obj.namespace().is_empty() {
            ns
        } else {
            obj.namespace()
        };
        let exists = console.session.cluster().store().get(kind, ons, obj.name()).is_ok();
        let suffix = if dry == DryRun::Server { "(server dry run)" } else { "(dry run)" };
        let op = match mode {
            Mode::Create if dry == DryRun::Server && exists => {
                out.stderr.push_str(&format!(
                    "Error from server (AlreadyExists): error when creating \"{source}\": {}s \"{}\" already exists\n",
                    kind.singular(),
                    obj.name()
                ));
                out.status = 1;
                continue;
            }
            Mode::Create => format!("created {suffix}"),
            Mode::Apply if exists => format!("configured {suffix}"),
            Mode::Apply => format!("created {suffix}"),
        };
        let o = print_object(&obj.to_json(), a, kind.singular(), obj.name(), &op, false);
        out.stdout.push_str(&o.stdout);
        out.stderr.push_str(&o.stderr);
        if o.status != 0 {
            out.status = o.status;
        }
    }
    if let Some((_, msg)) = decoded.syntax_error {
        out.stderr.push_str(&format!("error: {msg}\n"));
        out.status = 1;
    } else if n == 0 && out.status == 0 {
        out.stderr.push_str(&format!("error: no objects passed to {}\n", if mode == Mode::Apply { "apply" } else { "create" }));
        out.status = 1;
    }
}

fn single_name(p: &[String], at: usize) -> Option<&String> {
    if p.len() == at + 1 {
        p.get(at)
    } else {
        None
    }
}

/// Sends a create (or prints it for `--dry-run=client`) and prints `kind/name created`.
///
/// create_secret.go, create_namespace.go, create_serviceaccount.go: the object is a typed struct,
/// printed after `--dry-run=client` as built, otherwise as the server returned it.
fn send_create(console: &mut Console, obj: Object, ns: &str, a: &Args, what: &str, dry: DryRun) -> Output {
    let singular = obj.kind().singular();
    let name = obj.name().to_owned();
    if dry == DryRun::Client {
        return print_dry_run(&obj, a, singular, &name, "created (dry run)");
    }
    if dry == DryRun::Server {
        let kind = obj.kind();
        let ons = if kind.namespaced() { ns } else { "" };
        if console.session.cluster().store().get(kind, ons, &name).is_ok() {
            let msg = format!("Error from server (AlreadyExists): {}s \"{name}\" already exists", kind.singular());
            return Output::err(if what == "secret" {
                format!("error: failed to create secret {}", msg.trim_start_matches("Error from server (AlreadyExists): "))
            } else {
                msg
            });
        }
        return print_dry_run(&obj, a, singular, &name, "created (server dry run)");
    }
    match console.session.call(ApiCall::Create { object: Box::new(obj), namespace: ns.to_owned() }) {
        Ok(ApiResult::Object(o)) => print_object(&api_json(&o), a, singular, &name, "created", true),
        Ok(_) => print_object(&Value::Null, a, singular, &name, "created", true),
        // create_secret.go: `fmt.Errorf("failed to create secret %v", err)`; kubectl v1.32.4 prints
        // `error: failed to create secret secrets "x" already exists` (the colon of PR #126516 never landed by v1.33).
        Err(s) if what == "secret" => Output::err(format!("error: failed to create secret {s}")),
        Err(s) => Output::err(s.kubectl_message()),
    }
}

fn print_dry_run(obj: &Object, a: &Args, singular: &str, name: &str, op: &str) -> Output {
    let mut v = obj.to_json();
    if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        // kubectl <= v1.33 prints the zero creationTimestamp as null.
        m.insert("creationTimestamp".to_owned(), Value::Null);
    }
    if let (Object::Namespace(_), Some(m)) = (obj, v.as_object_mut()) {
        // NamespaceSpec and NamespaceStatus are structs (no omitempty on the pointer-less fields): `{}`.
        m.entry("spec").or_insert_with(|| json!({}));
        m.entry("status").or_insert_with(|| json!({}));
    }
    print_object(&v, a, singular, name, op, true)
}

fn secret_obj(name: &str, ns: Option<&str>, type_: Option<&str>, data: BTreeMap<String, ByteString>) -> Object {
    Object::Secret(Secret {
        metadata: ObjectMeta { name: Some(name.to_owned()), namespace: ns.map(str::to_owned), ..Default::default() },
        type_: type_.filter(|t| !t.is_empty()).map(str::to_owned),
        // `Data map[string][]byte `json:"data,omitempty"``: no key, no field.
        data: (!data.is_empty()).then_some(data),
        ..Default::default()
    })
}

/// `addKeyFromLiteralToSecret`.
fn add_key(data: &mut BTreeMap<String, ByteString>, key: &str, value: Vec<u8>) -> Result<(), String> {
    let errs = names::is_config_map_key(key);
    if !errs.is_empty() {
        return Err(format!("{} is not valid key name for a Secret {}", kubeplay_api::field::go_quote(key), errs.join(";")));
    }
    if data.contains_key(key) {
        return Err(format!("cannot add key {key}, another key by that name already exists"));
    }
    data.insert(key.to_owned(), ByteString(value));
    Ok(())
}

fn create_secret_generic(console: &mut Console, a: &Args, ns: &str, dry: DryRun) -> Output {
    let p = &a.positional;
    let Some(name) = single_name(p, 3).cloned() else {
        return usage_error(p, &format!("exactly one NAME is required, got {}", p.len().saturating_sub(3)));
    };
    let literals = a.all("from-literal");
    let files = a.all("from-file");
    let env_files = a.all("from-env-file");
    if !env_files.is_empty() && (!literals.is_empty() || !files.is_empty()) {
        return Output::err("error: from-env-file cannot be combined with from-file or from-literal");
    }
    let mut data = BTreeMap::new();
    for lit in literals {
        // util.ParseLiteralSource: split at the first '='.
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Output::err(format!("error: invalid literal source {lit}, expected key=value"));
        };
        if let Err(e) = add_key(&mut data, k, v.as_bytes().to_vec()) {
            return Output::err(format!("error: {e}"));
        }
    }
    for src in files {
        // util.ParseFileSource
        let (key, path) = match src.matches('=').count() {
            0 => (src.rsplit('/').next().unwrap_or(src).to_owned(), src.to_owned()),
            1 => {
                let (k, v) = src.split_once('=').unwrap_or((src, ""));
                if k.is_empty() {
                    return Output::err(format!("error: key name for file path {v} missing"));
                }
                if v.is_empty() {
                    return Output::err(format!("error: file path for key name {k} missing"));
                }
                (k.to_owned(), v.to_owned())
            }
            _ => return Output::err("error: key names or file paths cannot contain '='"),
        };
        if console.is_dir(&path) {
            if src.contains('=') {
                return Output::err("error: cannot give a key name for a directory path");
            }
            for (fname, content) in console.dir_files(&path) {
                if let Err(e) = add_key(&mut data, &fname, content) {
                    return Output::err(format!("error: {e}"));
                }
            }
            continue;
        }
        match console.read_file(&path) {
            Ok(content) => {
                if let Err(e) = add_key(&mut data, &key, content.into_bytes()) {
                    return Output::err(format!("error: {e}"));
                }
            }
            Err(_) => return Output::err(format!("error: error reading {path}: no such file or directory")),
        }
    }
    for f in env_files {
        if console.is_dir(f) {
            return Output::err("error: env secret file cannot be a directory");
        }
        let Ok(text) = console.read_file(f) else {
            return Output::err(format!("error: error reading {f}: no such file or directory"));
        };
        for (n, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = line.split_once('=').unwrap_or((line, ""));
            let errs = names::is_env_var_name(k);
            if !errs.is_empty() {
                return Output::err(format!(
                    "error: {} is not a valid key name: {}",
                    kubeplay_api::field::go_quote(k),
                    errs.join(";")
                ));
            }
            let _ = n;
            if let Err(e) = add_key(&mut data, k, v.as_bytes().to_vec()) {
                return Output::err(format!("error: {e}"));
            }
        }
    }
    let explicit_ns = a.get("namespace");
    let obj = secret_obj(&name, explicit_ns, a.get("type"), data);
    send_create(console, obj, ns, a, "secret", dry)
}

fn create_secret_tls(console: &mut Console, a: &Args, ns: &str, dry: DryRun) -> Output {
    let p = &a.positional;
    let Some(name) = single_name(p, 3).cloned() else {
        return usage_error(p, &format!("exactly one NAME is required, got {}", p.len().saturating_sub(3)));
    };
    let (Some(cert), Some(key)) = (a.get("cert"), a.get("key")) else {
        return Output::err("error: key and cert must be specified");
    };
    let read = |f: &str| {
        console.read_file(f).map_err(|_| Output::err(format!("error: Cannot read file {f}, open {f}: no such file or directory")))
    };
    let c = match read(cert) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let k = match read(key) {
        Ok(k) => k,
        Err(o) => return o,
    };
    if let Err(e) = check_x509_key_pair(&c, &k) {
        return Output::err(format!("error: {e}"));
    }
    let data = [("tls.crt".to_owned(), ByteString(c.into_bytes())), ("tls.key".to_owned(), ByteString(k.into_bytes()))].into();
    let obj = secret_obj(&name, a.get("namespace"), Some("kubernetes.io/tls"), data);
    send_create(console, obj, ns, a, "secret", dry)
}

fn create_secret_docker(console: &mut Console, a: &Args, ns: &str, dry: DryRun) -> Output {
    let p = &a.positional;
    let Some(name) = single_name(p, 3).cloned() else {
        return usage_error(p, &format!("exactly one NAME is required, got {}", p.len().saturating_sub(3)));
    };
    let server = a.get("docker-server").unwrap_or("https://index.docker.io/v1/");
    let (Some(user), Some(pass)) = (a.get("docker-username"), a.get("docker-password")) else {
        return Output::err("error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required");
    };
    // create_secret_docker.go: `json.Marshal(DockerConfigJSON{Auths: {server: DockerConfigEntry{Username,
    // Password, Email omitempty, Auth}}})`: struct field order, HTML characters escaped.
    let q = |s: &str| printers::to_json_compact(&Value::String(s.to_owned()));
    let mut body = format!("{{\"username\":{},\"password\":{}", q(user), q(pass));
    if let Some(e) = a.get("docker-email").filter(|e| !e.is_empty()) {
        body.push_str(&format!(",\"email\":{}", q(e)));
    }
    body.push_str(&format!(",\"auth\":{}}}", q(&base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}")))));
    let config = format!("{{\"auths\":{{{}:{body}}}}}", q(server));
    let data = [(".dockerconfigjson".to_owned(), ByteString(config.into_bytes()))].into();
    let obj = secret_obj(&name, a.get("namespace"), Some("kubernetes.io/dockerconfigjson"), data);
    // create_secret_docker.go: "failed to create secret %v" (no colon), as send_create prints it.
    send_create(console, obj, ns, a, "secret", dry)
}

/// The PEM checks of Go's `tls.X509KeyPair` (crypto/tls/tls.go), with its messages. The DER inside
/// is not parsed: kubeplay does not check that the certificate is well formed or matches the key.
fn check_x509_key_pair(cert: &str, key: &str) -> Result<(), String> {
    let cert_blocks = pem_block_types(cert);
    if !cert_blocks.iter().any(|t| t == "CERTIFICATE") {
        let skipped = cert_blocks;
        return Err(match skipped.as_slice() {
            [] => "tls: failed to find any PEM data in certificate input".to_owned(),
            [one] if one.ends_with("PRIVATE KEY") => {
                "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched".to_owned()
            }
            _ => format!("tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: [{}]", skipped.join(" ")),
        });
    }
    let mut skipped = Vec::new();
    for t in pem_block_types(key) {
        if t == "PRIVATE KEY" || t.ends_with(" PRIVATE KEY") {
            return Ok(());
        }
        skipped.push(t);
    }
    Err(match skipped.as_slice() {
        [] => "tls: failed to find any PEM data in key input".to_owned(),
        [one] if one == "CERTIFICATE" => "tls: found a certificate rather than a key in the PEM for the private key".to_owned(),
        _ => format!("tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [{}]", skipped.join(" ")),
    })
}

/// The types of the PEM blocks `encoding/pem.Decode` finds, in order (a block needs its
/// `-----END TYPE-----` line and a base64 body).
fn pem_block_types(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + "-----BEGIN ".len()..];
        let Some(end_of_type) = after.find("-----") else { break };
        let ty = &after[..end_of_type];
        let body_start = &after[end_of_type + 5..];
        let end_marker = format!("-----END {ty}-----");
        match (ty.contains('\n'), body_start.find(&end_marker)) {
            (false, Some(end)) => {
                let body: String = body_start[..end].chars().filter(|c| !c.is_whitespace()).collect();
                if base64::engine::general_purpose::STANDARD.decode(&body).is_ok() {
                    out.push(ty.to_owned());
                }
                rest = &body_start[end + end_marker.len()..];
            }
            _ => rest = after,
        }
    }
    out
}

/// `kubectl run NAME --image=IMAGE [--restart=Never]`.
fn run_pod(console: &mut Console, a: &Args, ns: &str) -> Output {
    let p = &a.positional;
    let Some(name) = single_name(p, 1).cloned() else { return usage_error(p, "NAME is required for run") };
    let Some(image) = a.get("image") else { return Output::err("error: required flag(s) \"image\" not set") };
    let text = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": {"run": name}},
        "spec": {"containers": [{"name": name, "image": image}], "restartPolicy": a.get("restart").unwrap_or("Always")}})
    .to_string();
    let decoded = kubeplay_api::decode_manifest(&text, "run");
    let Some(Ok(obj)) = decoded.docs.into_iter().next().map(|d| d.result) else { return Output::err("error: invalid pod") };
    match console.session.call(ApiCall::Create { object: Box::new(obj), namespace: ns.to_owned() }) {
        Ok(_) => Output::ok(format!("pod/{name} created\n")),
        Err(s) => Output::err(s.kubectl_message()),
    }
}

/// Resolves `TYPE NAME...` or `TYPE/NAME...` arguments.
fn targets(p: &[String]) -> Result<Vec<(Kind, Option<String>)>, String> {
    let mut out = Vec::new();
    let Some(first) = p.first() else { return Ok(out) };
    if first.contains('/') {
        for t in p {
            let (ty, name) = t.split_once('/').unwrap_or((t, ""));
            let kind =
                Kind::from_resource(ty).ok_or_else(|| format!("error: the server doesn't have a resource type \"{ty}\""))?;
            out.push((kind, Some(name.to_owned())));
        }
        return Ok(out);
    }
    let kinds: Vec<Kind> = first
        .split(',')
        .map(|t| Kind::from_resource(t).ok_or_else(|| format!("error: the server doesn't have a resource type \"{t}\"")))
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

fn delete(console: &mut Console, a: &Args, ns: &str, stdin: Option<String>) -> Output {
    let mut list: Vec<(Kind, String, String)> = Vec::new();
    let mut out = Output::default();
    if a.has("filename") {
        for f in a.all("filename") {
            let text = if f == "-" {
                stdin.clone().unwrap_or_default()
            } else {
                match console.read_file(f) {
                    Ok(t) => t,
                    Err(_) => return Output::err(format!("error: the path \"{f}\" does not exist")),
                }
            };
            for d in kubeplay_api::decode_manifest(&text, f).docs {
                if let Ok(o) = d.result {
                    let ons = if o.namespace().is_empty() { ns.to_owned() } else { o.namespace().to_owned() };
                    list.push((o.kind(), ons, o.name().to_owned()));
                }
            }
        }
    } else {
        let p = &a.positional[1..];
        if p.is_empty() {
            return Output::err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        }
        let t = match targets(p) {
            Ok(t) => t,
            Err(e) => return Output::err(e),
        };
        for (k, name) in t {
            match name {
                Some(n) => list.push((k, ns.to_owned(), n)),
                None if a.has("all") => {
                    for o in console.session.cluster().store().list(k, Some(ns)) {
                        list.push((k, ns.to_owned(), o.name().to_owned()));
                    }
                }
                None => return Output::err("error: resource(s) were provided, but no name was specified"),
            }
        }
    }
    for (kind, ons, name) in list {
        match console.session.call(ApiCall::Delete { kind, namespace: ons.clone(), name: name.clone() }) {
            Ok(ApiResult::Deleted(_)) | Ok(_) => {
                if kind == Kind::Pod {
                    // kubectl delete waits until the object is gone (--wait=true).
                    let deadline = console.session.cluster().now_ms() + 60_000;
                    while console.session.cluster().store().pod(&ons, &name).is_some()
                        && console.session.cluster().now_ms() < deadline
                    {
                        if console.session.step().is_none() {
                            break;
                        }
                    }
                }
                out.stdout.push_str(&format!("{} \"{name}\" deleted\n", kind.singular()));
            }
            Err(s) if s.is_not_found() && a.has("ignore-not-found") => {}
            Err(s) => {
                out.stderr.push_str(&s.kubectl_message());
                out.stderr.push('\n');
                out.status = 1;
            }
        }
    }
    out
}

/// The object as the API server returns it to `kubectl get -o yaml|json`.
fn api_json(o: &Object) -> Value {
    let mut v = o.to_json();
    if let Some(m) = v.as_object_mut() {
        m.insert("apiVersion".into(), "v1".into());
        m.insert("kind".into(), o.kind().as_str().into());
    }
    v
}

fn get(console: &mut Console, a: &Args, ns: &str) -> Output {
    if a.has("watch") {
        return Output::err(
            "kubeplay: --watch is not simulated (time moves only when you ask): step or `sleep 10`, then get again",
        );
    }
    let p = &a.positional[1..];
    if p.is_empty() {
        // get.go: the hint goes to stderr first, then UsageErrorf.
        return Output::err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
    }
    let cluster = console.session.cluster();
    let all_ns = a.has("all-namespaces");
    let output = a.get("output").unwrap_or("");
    // Special kinds served by the cluster, not the store.
    match p[0].as_str() {
        "events" | "event" | "ev" => {
            return Output::ok_or_none(events_table(cluster, if all_ns { None } else { Some(ns) }, output == "wide"), ns, all_ns)
        }
        "nodes" | "node" | "no" => {
            let mut rows = vec![vec!["NAME".into(), "STATUS".into(), "ROLES".into(), "AGE".into(), "VERSION".into()]];
            for n in cluster.nodes() {
                rows.push(vec![n.name.clone(), "Ready".into(), "<none>".into(), human_age(cluster.now_ms()), "v1.33.0".into()]);
            }
            return Output::ok(table(&rows));
        }
        "all" => {
            return Output::err("kubeplay: `get all` lists workloads kubeplay does not simulate; try kubectl get pods,secrets")
        }
        _ => {}
    }
    let t = match targets(p) {
        Ok(t) => t,
        Err(e) => return Output::err(e),
    };
    let mut objects: Vec<Object> = Vec::new();
    let mut errs = String::new();
    let mut named = false;
    for (kind, name) in &t {
        match name {
            Some(n) => {
                named = true;
                let ons = if kind.namespaced() { ns } else { "" };
                match cluster.store().get(*kind, ons, n) {
                    Ok(o) => objects.push(o),
                    Err(s) => {
                        errs.push_str(&s.kubectl_message());
                        errs.push('\n');
                    }
                }
            }
            None => objects.extend(cluster.store().list(*kind, if all_ns || !kind.namespaced() { None } else { Some(ns) })),
        }
    }
    let mut out = Output { stderr: errs, status: 0, stdout: String::new() };
    if !out.stderr.is_empty() {
        out.status = 1;
    }
    if objects.is_empty() && !named && (output == "yaml" || output == "json") {
        // get.go: structured output of nothing is an empty List, without the "No resources" line.
        let v = json!({"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}});
        out.stdout = if output == "yaml" { printers::to_yaml(&v) } else { printers::to_json(&v) };
        return out;
    }
    if objects.is_empty() {
        if !named {
            out.stderr.push_str(&if all_ns || t.iter().all(|(k, _)| !k.namespaced()) {
                "No resources found\n".to_owned()
            } else {
                format!("No resources found in {ns} namespace.\n")
            });
        }
        return out;
    }
    out.stdout = match output {
        "yaml" | "json" => {
            let v = if objects.len() == 1 && named && t.len() == 1 {
                api_json(&objects[0])
            } else {
                json!({"apiVersion": "v1", "items": objects.iter().map(api_json).collect::<Vec<_>>(), "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            if output == "yaml" { printers::to_yaml(&v) } else { printers::to_json(&v) }
        }
        "name" => objects.iter().map(|o| format!("{}/{}\n", o.kind().singular(), o.name())).collect(),
        o if o.starts_with("jsonpath=") || o.starts_with("jsonpath-as-json=") => {
            let tpl = o.split_once('=').map(|(_, t)| t).unwrap_or("");
            let v = if objects.len() == 1 && named {
                api_json(&objects[0])
            } else {
                json!({"apiVersion": "v1", "items": objects.iter().map(api_json).collect::<Vec<_>>(), "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            match jsonpath::eval(tpl, &v) {
                Ok(s) => s,
                Err(e) => return Output::err(format!("error: {e}")),
            }
        }
        "" | "wide" => object_tables(&objects, cluster, all_ns, output == "wide", a.has("show-labels")),
        other => {
            return Output::err(format!(
                "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
            ))
        }
    };
    out
}

impl Output {
    fn ok_or_none(text: String, ns: &str, all: bool) -> Output {
        if text.is_empty() {
            let msg = if all { "No resources found\n".to_owned() } else { format!("No resources found in {ns} namespace.\n") };
            return Output { stdout: String::new(), stderr: msg, status: 0 };
        }
        Output::ok(text)
    }
}

fn human_age(now_ms: u64) -> String {
    printers::human_duration(now_ms as i64 + 3_600_000)
}

fn object_tables(objects: &[Object], cluster: &kubeplay_cluster::Cluster, all_ns: bool, wide: bool, labels: bool) -> String {
    let now = cluster.now_ms();
    let mut out = String::new();
    for kind in Kind::ALL {
        let of_kind: Vec<&Object> = objects.iter().filter(|o| o.kind() == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let mut header: Vec<String> = match kind {
            Kind::Secret => vec!["NAME", "TYPE", "DATA", "AGE"],
            Kind::Pod => vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            Kind::Namespace => vec!["NAME", "STATUS", "AGE"],
            Kind::ConfigMap => vec!["NAME", "DATA", "AGE"],
            Kind::ServiceAccount => vec!["NAME", "SECRETS", "AGE"],
        }
        .into_iter()
        .map(str::to_owned)
        .collect();
        if wide && kind == Kind::Pod {
            header.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"].map(str::to_owned));
        }
        if all_ns && kind.namespaced() {
            header.insert(0, "NAMESPACE".to_owned());
        }
        if labels {
            header.push("LABELS".to_owned());
        }
        let mut rows = vec![header];
        for o in of_kind {
            let meta = o.meta();
            let age = age(meta.creation_timestamp.as_ref(), now);
            let mut row: Vec<String> = match o {
                Object::Secret(s) => vec![
                    o.name().into(),
                    s.type_.clone().unwrap_or_else(|| "Opaque".into()),
                    s.data.as_ref().map_or(0, |d| d.len()).to_string(),
                    age,
                ],
                Object::Pod(p) => {
                    let mut r =
                        vec![o.name().into(), printers::pod_ready(p), printers::pod_status(p), printers::pod_restarts(p), age];
                    if wide {
                        let st = p.status.as_ref();
                        r.push(st.and_then(|s| s.pod_ip.clone()).unwrap_or_else(|| "<none>".into()));
                        r.push(p.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_else(|| "<none>".into()));
                        r.push("<none>".into());
                        r.push("<none>".into());
                    }
                    r
                }
                Object::Namespace(_) => {
                    vec![o.name().into(), if meta.deletion_timestamp.is_some() { "Terminating" } else { "Active" }.into(), age]
                }
                Object::ConfigMap(c) => vec![
                    o.name().into(),
                    (c.data.as_ref().map_or(0, |d| d.len()) + c.binary_data.as_ref().map_or(0, |d| d.len())).to_string(),
                    age,
                ],
                Object::ServiceAccount(s) => vec![o.name().into(), s.secrets.as_ref().map_or(0, |d| d.len()).to_string(), age],
            };
            if all_ns && kind.namespaced() {
                row.insert(0, o.namespace().to_owned());
            }
            if labels {
                let l: Vec<String> = meta.labels.iter().flatten().map(|(k, v)| format!("{k}={v}")).collect();
                row.push(if l.is_empty() { "<none>".into() } else { l.join(",") });
            }
            rows.push(row);
        }
        out.push_str(&table(&rows));
    }
    out
}

fn events_table(cluster: &kubeplay_cluster::Cluster, ns: Option<&str>, wide: bool) -> String {
    let mut evs: Vec<&kubeplay_cluster::Event> =
        cluster.events().iter().filter(|e| ns.is_none_or(|n| e.object.namespace == n)).collect();
    // Event names are "<object>.<timestamp hex>": the server lists them by object, then time.
    evs.sort_by(|a, b| (&a.object.namespace, &a.object.name).cmp(&(&b.object.namespace, &b.object.name)));
    let folded = describe::fold(evs.into_iter());
    if folded.is_empty() {
        return String::new();
    }
    let now = cluster.now_ms() as i64;
    let mut rows = vec![if wide {
        vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]
    } else {
        vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    }
    .into_iter()
    .map(str::to_owned)
    .collect::<Vec<_>>()];
    if ns.is_none() {
        rows[0].insert(0, "NAMESPACE".to_owned());
    }
    for f in folded {
        let e = f.last;
        let last = printers::human_duration(now - e.time_ms as i64);
        let obj = format!("pod/{}", e.object.name);
        let mut row = if wide {
            vec![
                last,
                e.type_.as_str().into(),
                e.reason.into(),
                obj,
                e.field_path.clone().unwrap_or_default(),
                format!("{}{}", e.source, if e.source == "kubelet" { format!(", {}", "node-1") } else { String::new() }),
                e.message.trim().to_owned(),
                printers::human_duration(now - f.first_ms as i64),
                f.count.to_string(),
                format!("{}.{:016x}", e.object.name, f.first_ms),
            ]
        } else {
            vec![last, e.type_.as_str().into(), e.reason.into(), obj, e.message.trim().to_owned()]
        };
        if ns.is_none() {
            row.insert(0, e.object.namespace.clone());
        }
        rows.push(row);
    }
    table(&rows)
}

fn describe_cmd(console: &mut Console, a: &Args, ns: &str) -> Output {
    let p = &a.positional[1..];
    if p.is_empty() {
        return Output::err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
    }
    if matches!(p[0].as_str(), "node" | "nodes" | "no") || p[0].starts_with("node/") || p[0].starts_with("nodes/") {
        return describe_nodes(console, p);
    }
    let t = match targets(p) {
        Ok(t) => t,
        Err(e) => return Output::err(e),
    };
    let cluster = console.session.cluster();
    let mut out = Output::default();
    let mut first = true;
    for (kind, name) in t {
        let objs: Vec<Object> = match &name {
            Some(n) => match cluster.store().get(kind, if kind.namespaced() { ns } else { "" }, n) {
                Ok(o) => vec![o],
                Err(s) => {
                    out.stderr.push_str(&s.kubectl_message());
                    out.stderr.push('\n');
                    out.status = 1;
                    continue;
                }
            },
            None => cluster.store().list(kind, Some(ns)),
        };
        for o in objs {
            if !first {
                out.stdout.push_str("\n\n");
            }
            first = false;
            out.stdout.push_str(&match &o {
                Object::Secret(s) => describe::secret(s),
                Object::Pod(pd) => describe::pod(pd, cluster),
                other => {
                    let mut s = format!("Name:\t{}\n", other.name());
                    if other.kind().namespaced() {
                        s.push_str(&format!("Namespace:\t{}\n", other.namespace()));
                    }
                    crate::tabwriter::format(&s, 0, 2)
                }
            });
        }
    }
    out
}

/// `kubectl describe node`: the parts kubeplay models (name, labels, addresses, pods with
/// their namespaces), in describe.go's layout; the rest of a real node is not simulated.
fn describe_nodes(console: &mut Console, p: &[String]) -> Output {
    let cluster = console.session.cluster();
    let wanted: Vec<String> = if let Some((_, n)) = p[0].split_once('/') { vec![n.to_owned()] } else { p[1..].to_vec() };
    let mut out = Output::default();
    let mut first = true;
    for n in cluster.nodes() {
        if !wanted.is_empty() && !wanted.contains(&n.name) {
            continue;
        }
        let mut t = format!("Name:\t{}\nRoles:\t<none>\n", n.name);
        for (i, (k, v)) in n.labels.iter().enumerate() {
            t.push_str(&format!("{}\t{k}={v}\n", if i == 0 { "Labels:" } else { "" }));
        }
        t.push_str("Annotations:\t<none>\nUnschedulable:\tfalse\n");
        t.push_str(&format!("Addresses:\n  InternalIP:\t{}\n  Hostname:\t{}\n", n.ip, n.name));
        t.push_str(&format!("Non-terminated Pods:\t({} in total)\n  Namespace\tName\n  ---------\t----\n", n.workers.len()));
        for w in n.workers.values() {
            t.push_str(&format!(
                "  {}\t{}\n",
                w.pod.metadata.namespace.as_deref().unwrap_or(""),
                w.pod.metadata.name.as_deref().unwrap_or("")
            ));
        }
        t.push_str(&format!(
            "kubeplay:\tsecret, configMap and projected volumes use {} bytes of tmpfs on this node\n",
            n.tmpfs_bytes()
        ));
        if !first {
            out.stdout.push_str("\n\n");
        }
        first = false;
        out.stdout.push_str(&crate::tabwriter::format(&t, 0, 2));
    }
    for w in &wanted {
        if !cluster.nodes().iter().any(|n| &n.name == w) {
            out.stderr.push_str(&format!("Error from server (NotFound): nodes \"{w}\" not found\n"));
            out.status = 1;
        }
    }
    out
}

fn patch(console: &mut Console, a: &Args, ns: &str) -> Output {
    // patch.go Validate runs before the resource lookup.
    let Some(patch_text) = a.get("patch") else {
        return Output::err("error: must specify --patch or --patch-file containing the contents of the patch");
    };
    let t = match targets(&a.positional[1..]) {
        Ok(t) => t,
        Err(e) => return Output::err(e),
    };
    let Some((kind, Some(name))) = t.into_iter().next() else {
        return Output::err("error: resource(s) were provided, but no name was specified");
    };
    let patch: Value = match kubeplay_api::yaml::load(patch_text).docs.into_iter().next() {
        Some(d) => d.value,
        None => return Output::err(format!("error: unable to parse \"{patch_text}\": yaml: did not find expected node content")),
    };
    let current = match console.session.cluster().store().get(kind, ns, &name) {
        Ok(o) => o,
        Err(s) => return Output::err(s.kubectl_message()),
    };
    let mut doc = api_json(&current);
    match a.get("type").unwrap_or("strategic") {
        "merge" | "strategic" => merge_patch(&mut doc, &patch),
        "json" => {
            if let Err(e) = json_patch(&mut doc, &patch) {
                return Output::err(format!("error: {e}"));
            }
        }
        other => return Output::err(format!("error: --type must be one of [json merge strategic], not \"{other}\"")),
    }
    if let Some(m) = doc.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("resourceVersion");
    }
    let text = doc.to_string();
    let decoded = kubeplay_api::decode_manifest(&text, "patch");
    let obj = match decoded.docs.into_iter().next().map(|d| d.result) {
        Some(Ok(o)) => o,
        Some(Err(kubeplay_api::DecodeError::Server(s))) => return Output::err(s.kubectl_message()),
        Some(Err(kubeplay_api::DecodeError::Client(m))) => return Output::err(format!("error: {m}")),
        None => return Output::err("error: the patch produced no object"),
    };
    let before = current.meta().resource_version.clone();
    match console.session.call(ApiCall::Update { object: Box::new(obj) }) {
        Ok(ApiResult::Object(o)) => {
            let op = if o.meta().resource_version == before { "patched (no change)" } else { "patched" };
            Output::ok(format!("{}/{name} {op}\n", kind.singular()))
        }
        Ok(_) => Output::ok(format!("{}/{name} patched\n", kind.singular())),
        Err(s) => Output::err(s.kubectl_message()),
    }
}

/// RFC 7386 JSON merge patch (a strategic merge patch is the same for Secret fields).
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

fn json_patch(doc: &mut Value, patch: &Value) -> Result<(), String> {
    let ops = patch.as_array().ok_or("json patch must be a list of operations")?;
    for op in ops {
        let path = op.get("path").and_then(Value::as_str).ok_or("json patch operation without a path")?;
        let parts: Vec<String> = path.split('/').skip(1).map(|p| p.replace("~1", "/").replace("~0", "~")).collect();
        let (last, parents) = parts.split_last().ok_or("empty json patch path")?;
        let mut cur = &mut *doc;
        for p in parents {
            cur = cur.get_mut(p.as_str()).ok_or_else(|| format!("doc is missing path: \"{path}\""))?;
        }
        let obj = cur.as_object_mut().ok_or_else(|| format!("doc is missing path: \"{path}\""))?;
        match op.get("op").and_then(Value::as_str) {
            Some("add" | "replace") => {
                obj.insert(last.clone(), op.get("value").cloned().unwrap_or(Value::Null));
            }
            Some("remove") => {
                obj.remove(last).ok_or_else(|| format!("Unable to remove nonexistent key: {last}: missing value"))?;
            }
            other => return Err(format!("Unexpected kind: {}", other.unwrap_or(""))),
        }
    }
    Ok(())
}

/// The longest `kubectl wait --timeout` kubeplay simulates.
pub const MAX_WAIT_MS: u64 = 3_600_000;

fn wait(console: &mut Console, a: &Args, ns: &str) -> Output {
    // wait.go conditionFuncFor: an empty --for is an unrecognized condition.
    let cond = a.get("for").unwrap_or("");
    let timeout = match a.get("timeout") {
        Some(t) => match parse_duration(t) {
            Some(ms) if ms <= MAX_WAIT_MS => ms,
            Some(_) => return Output::err(
                "kubeplay: kubectl wait --timeout is at most 1h here (virtual time; the cluster simulates every retry meanwhile)",
            ),
            None => {
                return Output::err(format!(
                    "error: invalid argument \"{t}\" for \"--timeout\" flag: time: invalid duration \"{t}\""
                ))
            }
        },
        None => 30_000,
    };
    let t = match targets(&a.positional[1..]) {
        Ok(t) => t,
        Err(e) => return Output::err(e),
    };
    let mut out = Output::default();
    for (kind, name) in t {
        let Some(name) = name else { return Output::err("error: resource name may not be empty") };
        let holds = |c: &kubeplay_cluster::Cluster| -> Option<bool> {
            let obj = c.store().get(kind, ns, &name).ok();
            if cond == "delete" {
                return Some(obj.is_none());
            }
            let want = cond.strip_prefix("condition=")?;
            let (ctype, cstatus) = want.split_once('=').unwrap_or((want, "True"));
            let Some(Object::Pod(p)) = obj else { return Some(false) };
            Some(
                p.status
                    .iter()
                    .flat_map(|s| s.conditions.iter().flatten())
                    .any(|c| c.type_.eq_ignore_ascii_case(ctype) && c.status.eq_ignore_ascii_case(cstatus)),
            )
        };
        if holds(console.session.cluster()).is_none() {
            return Output::err(format!("error: unrecognized condition: \"{cond}\""));
        }
        if cond != "delete" && console.session.cluster().store().get(kind, ns, &name).is_err() {
            out.stderr.push_str(&format!("Error from server (NotFound): {}s \"{name}\" not found\n", kind.singular()));
            out.status = 1;
            continue;
        }
        let deadline = console.session.cluster().now_ms().saturating_add(timeout);
        let mut met = holds(console.session.cluster()) == Some(true);
        // Virtual time passes in 100 ms slices until the condition holds or the timeout ends.
        let slice = 100;
        while !met && console.session.cluster().now_ms() < deadline {
            let next = console.session.cluster().now_ms().saturating_add(slice).min(deadline);
            console.session.run_until(next);
            met = holds(console.session.cluster()) == Some(true);
        }
        if met {
            out.stdout.push_str(&format!("{}/{name} condition met\n", kind.singular()));
        } else {
            out.stderr.push_str(&format!("error: timed out waiting for the condition on {}/{name}\n", kind.resource()));
            out.status = 1;
        }
    }
    out
}
