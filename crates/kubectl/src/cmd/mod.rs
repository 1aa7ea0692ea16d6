//! The `kubectl` subset, one module per command, each with its own flags (see [`crate::flags`])
//! and kubectl's output.
//!
//! Sources: `staging/src/k8s.io/kubectl/pkg/cmd/{create,apply,delete,get,describe,exec,patch,wait,run,version}`,
//! `cmd/util/helpers.go` (CheckErr, UsageErrorf) and `util/templates/templater.go` (flag errors).

pub mod apply;
pub mod auth;
pub mod common;
pub mod create;
pub mod create_configmap;
pub mod create_deployment;
pub mod create_job;
pub mod create_secret;
pub mod delete;
pub mod describe;
pub mod exec;
pub mod get;
pub mod help;
pub mod logs;
pub mod patch;
pub mod rbac;
pub mod rollout;
pub mod run;
pub mod set_env;
pub mod token;
pub mod version;
pub mod wait;

use kubeplay_shell::Output;

pub use common::{Cmd, Ctx, DryRun};

use crate::flags::{self, Args, Flag};

/// Real kubectl commands the console does not simulate (said plainly, not "unknown command").
const NOT_SIMULATED: &[&str] = &[
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
    "certificate",
    "cluster-info",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "expose",
    "autoscale",
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
    "cronjob",
    "cj",
    "ingress",
    "ing",
    "poddisruptionbudget",
    "pdb",
    "priorityclass",
    "pc",
    "quota",
    "resourcequota",
    "service",
    "svc",
];

/// Every flag some command has: used to find the command, and as the flags of the commands
/// kubeplay only names (`kubectl logs`, `kubectl create job`), which say so instead.
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
    run::ENV,
    run::COMMAND,
    logs::TAIL,
    logs::TIMESTAMPS,
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
    flags::IGNORE_NOT_FOUND,
    get::WATCH,
    flags::DRY_RUN,
    flags::VERB,
    flags::RESOURCE,
    flags::RESOURCE_NAME,
    flags::ROLE,
    flags::CLUSTERROLE,
    flags::USER,
    flags::GROUP,
    flags::SERVICEACCOUNT,
    flags::QUIET,
    flags::LIST,
    flags::SUBRESOURCE,
    create_deployment::REPLICAS,
    create_deployment::PORT,
    rollout::TO_REVISION,
    rollout::REVISION,
    set_env::FROM,
    set_env::PREFIX,
    set_env::CONTAINERS,
    delete::CASCADE,
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
            Some("configmap" | "cm") => ("kubectl create configmap", create_configmap::FLAGS),
            Some("deployment" | "deploy") => ("kubectl create deployment", create_deployment::FLAGS),
            Some("job") => ("kubectl create job", create_job::FLAGS),
            Some("namespace" | "ns") => ("kubectl create namespace", create::OBJECT_FLAGS),
            Some("serviceaccount" | "sa") => ("kubectl create serviceaccount", create::OBJECT_FLAGS),
            Some("role") => ("kubectl create role", rbac::ROLE_FLAGS),
            Some("clusterrole") => ("kubectl create clusterrole", rbac::ROLE_FLAGS),
            Some("rolebinding") => ("kubectl create rolebinding", rbac::BINDING_FLAGS),
            Some("clusterrolebinding") => ("kubectl create clusterrolebinding", rbac::BINDING_FLAGS),
            Some("token") => ("kubectl create token", token::FLAGS),
            Some(other) if CREATE_NOT_SIMULATED.contains(&other) => return (format!("kubectl create {other}"), ANY),
            _ => ("kubectl create", create::FLAGS),
        },
        Some("apply") => ("kubectl apply", apply::FLAGS),
        Some("replace") => ("kubectl replace", apply::FLAGS),
        Some("auth") => ("kubectl auth can-i", auth::FLAGS),
        Some("delete") => ("kubectl delete", delete::FLAGS),
        Some("get") => ("kubectl get", get::FLAGS),
        Some("describe") => ("kubectl describe", describe::FLAGS),
        Some("exec") => ("kubectl exec", exec::FLAGS),
        Some("patch") => ("kubectl patch", patch::FLAGS),
        Some("wait") => ("kubectl wait", wait::FLAGS),
        Some("run") => ("kubectl run", run::FLAGS),
        Some("version") => ("kubectl version", version::FLAGS),
        Some("logs") => ("kubectl logs", logs::FLAGS),
        Some("scale") => ("kubectl scale", rollout::SCALE_FLAGS),
        Some("rollout") => match w(1) {
            Some("restart") => ("kubectl rollout restart", rollout::ROLLOUT_FLAGS),
            Some("status") => ("kubectl rollout status", rollout::ROLLOUT_FLAGS),
            Some("history") => ("kubectl rollout history", rollout::ROLLOUT_FLAGS),
            Some("undo") => ("kubectl rollout undo", rollout::ROLLOUT_FLAGS),
            _ => ("kubectl rollout", rollout::ROLLOUT_FLAGS),
        },
        Some("set") => ("kubectl set env", set_env::FLAGS),
        Some(other) if NOT_SIMULATED.contains(&other) || other == "edit" => return (format!("kubectl {other}"), ANY),
        Some(_) => ("kubectl", ANY),
    };
    (path.to_owned(), flags)
}

/// Runs `kubectl ARGS` in the console.
pub fn run(ctx: &mut Ctx<'_>, args: &[String], stdin: Option<String>) -> Output {
    let words = flags::command_words(args, ANY);
    if help::wanted(args) {
        return help_of(&words);
    }
    let (path, flags) = find(&words);
    let a = match flags::parse(args, flags) {
        // templater.go FlagErrorFunc, then CheckErr's `error: `.
        Ok(a) => a,
        Err(e) => return Output::err(format!("error: {e}\nSee '{path} --help' for usage.")),
    };
    let cmd = Cmd { path, args: a };
    ctx.user = common::user_of(&cmd.args);
    // --token: the bearer token authenticates every request of this command (a bad one is a 401).
    let mut warning = String::new();
    if let Some(t) = cmd.args.get("token") {
        match token::authenticate(ctx.session, t) {
            Ok((u, w)) => {
                ctx.authn = Some(u);
                if let Some(w) = w {
                    // The response's Warning header, printed by kubectl's warning handler.
                    warning.push_str(&format!("Warning: {w}\n"));
                }
            }
            Err(_) => return Output::err(token::UNAUTHORIZED),
        }
    }
    let ns = cmd.args.get("namespace").unwrap_or(ctx.namespace).to_owned();
    let verb = cmd.args.positional.first().map(String::as_str).unwrap_or("");
    let dry = match dry_run_strategy(ctx, &cmd.args, &mut warning) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let mut out = match verb {
        // cobra: the root command alone runs its help.
        "" => help::root(),
        "help" => match words.get(1..).unwrap_or_default() {
            [] => help::root(),
            [first, ..] if NOT_SIMULATED.contains(&first.as_str()) || first == "edit" => not_simulated(first),
            topic @ [first, ..] if !ROOT_COMMANDS.contains(&first.as_str()) => help::unknown_topic(topic),
            topic => help_of(topic),
        },
        "options" => help::options(),
        "create" => create::create(ctx, &cmd, &ns, stdin, dry),
        "apply" => apply::from_files(ctx, &cmd, &ns, stdin, crate::Mode::Apply, dry),
        "replace" => apply::from_files(ctx, &cmd, &ns, stdin, crate::Mode::Replace, dry),
        "auth" => auth::auth(ctx, &cmd, &ns),
        "delete" => delete::delete(ctx, &cmd, &ns, stdin, dry),
        "get" => get::get(ctx, &cmd, &ns),
        "describe" => describe::describe(ctx, &cmd, &ns),
        "exec" => exec::exec(ctx, &cmd, &ns),
        "patch" => patch::patch(ctx, &cmd, &ns),
        "wait" => wait::wait(ctx, &cmd, &ns),
        "run" => run::run(ctx, &cmd, &ns, dry),
        "version" => version::version(&cmd),
        "edit" => not_simulated("edit"),
        "logs" => logs::logs(ctx, &cmd, &ns),
        "scale" => rollout::scale(ctx, &cmd, &ns),
        "rollout" => rollout::rollout(ctx, &cmd, &ns),
        "set" => set_env::set_env(ctx, &cmd, &ns),
        other if NOT_SIMULATED.contains(&other) => not_simulated(other),
        other => Output::err(unknown_command(other)),
    };
    out.stderr.insert_str(0, &warning);
    out
}

/// A real kubectl command the console does not simulate, said plainly.
fn not_simulated(name: &str) -> Output {
    if name == "edit" {
        return Output::err("kubeplay: kubectl edit needs an interactive editor and is not supported here; use kubectl apply -f FILE or kubectl patch");
    }
    Output::err(format!(
        "kubeplay: kubectl {name} is a real command that kubeplay does not simulate; this console has create, apply, replace, auth can-i, delete, get, describe, exec, logs, patch, wait, run, scale, rollout, set env and version"
    ))
}

/// `kubectl WORDS --help` (cobra's help flag, checked before the arguments): the help of the
/// command the words name, kubectl's own text; an unknown command is still refused as such.
fn help_of(words: &[String]) -> Output {
    match words.first().map(String::as_str) {
        None => help::root(),
        Some(w) if NOT_SIMULATED.contains(&w) || w == "edit" => not_simulated(w),
        Some(w) if !ROOT_COMMANDS.contains(&w) && w != "help" => Output::err(unknown_command(w)),
        Some("create") if words.get(1).is_some_and(|w| CREATE_NOT_SIMULATED.contains(&w.as_str())) => {
            create::not_simulated(words.get(1).map(String::as_str).unwrap_or_default())
        }
        Some(_) => help::text_for(words).map_or_else(help::root, Output::ok),
    }
}

/// The commands of kubectl v1.33's root in the order `NewKubectlCommand` (kubectl/pkg/cmd/cmd.go)
/// adds them — the command groups, then config, plugin, version, api-versions, api-resources,
/// options (`alpha` has no subcommands in v1.33, so it is not available) — which is the order
/// `Did you mean this?` lists them in (checked against a kubectl v1.33.1 client).
const ROOT_COMMANDS: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "config",
    "plugin",
    "version",
    "api-versions",
    "api-resources",
    "options",
];

/// cobra's `legacyArgs` error for an unknown root subcommand, with `findSuggestions`, as
/// kubectl prints it: `cmd/kubectl/kubectl.go` runs `cli.RunNoErrOutput` and then
/// `cmdutil.CheckErr`, which adds `error: ` (cobra's own `Error: ` is silenced).
///
/// cobra `command.go`: `unknown command %q for %q%s`; `SuggestionsFor` suggests a command whose
/// name is within Levenshtein distance 2 (case-insensitive) or starts with what was typed.
fn unknown_command(typed: &str) -> String {
    let mut msg = format!("error: unknown command {} for \"kubectl\"", kubeplay_api::field::go_quote(typed));
    let lower = typed.to_lowercase();
    let mut suggestions: Vec<&str> = Vec::new();
    for c in ROOT_COMMANDS {
        if levenshtein(&lower, c) <= 2 || c.starts_with(&lower) {
            suggestions.push(c);
        }
        // `SuggestFor` of get.go and wait.go: `[]string{"list", "ps"}`.
        if matches!(*c, "get" | "wait") && ["list", "ps"].contains(&lower.as_str()) {
            suggestions.push(c);
        }
    }
    if !suggestions.is_empty() {
        msg.push_str("\n\nDid you mean this?\n");
        for s in suggestions {
            msg.push('\t');
            msg.push_str(s);
            msg.push('\n');
        }
        // CheckErr adds no second newline to a message that already ends in one.
        msg.pop();
    }
    msg
}

/// cobra's `ld`: the Levenshtein distance over characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
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

/// The help text of the console and of `kubectl` alone.
pub const HELP: &str = "kubeplay console — kubectl against a simulated Kubernetes v1.33 cluster.

  kubectl create secret generic NAME --from-literal=k=v --from-file=[key=]path --from-env-file=path
  kubectl create secret tls|docker-registry NAME ...     kubectl create|apply|delete -f FILE (or -f - <<EOF)
  kubectl create configmap NAME --from-literal=k=v --from-file=[key=]path --from-env-file=path [--append-hash]
  kubectl get secrets|configmaps|pods|events|nodes|namespaces [NAME] [-o wide|yaml|json|name|jsonpath=...]
  kubectl describe secret|configmap|pod NAME     kubectl exec POD [-c C] -- cat|ls|env|printenv|sh -c '...'
  kubectl patch secret NAME -p '{\"stringData\":{\"k\":\"v\"}}'   kubectl wait --for=condition=Ready pod/NAME
  kubectl logs POD [-c C] [-p] [--tail N] [--timestamps] [-l k=v]   (containers run: their output is the log)
  kubectl run NAME --image=IMAGE [--restart=Always|OnFailure|Never] [--env=K=V] [--command] -- ARGS...
  kubectl create deployment NAME --image=IMAGE [--replicas=N]   kubectl get deploy,rs   kubectl scale deployment/NAME --replicas=N
  kubectl set env deployment/NAME --from=secret/NAME   kubectl rollout restart|status|history|undo deployment/NAME
  kubectl delete deployment NAME [--cascade=background|orphan|foreground]
  Shell: echo [-n] TEXT > FILE, cat, ls [-l] [-a], rm, pwd, cd, mkdir, base64 [-d], head, tail, wc, grep, pipes.
  Time moves only when you ask: sleep 10 (10 s of virtual time), kubeplay step [N], kubeplay idle, kubeplay time.
  Control plane: kubeplay apiserver --encryption-provider-config=FILE --audit-policy-file=FILE (restart),
  kubeplay audit (the audit log, one JSON event per line), etcdctl get KEY | hexdump -C,
  kubectl replace -f FILE (kubectl get secrets -A -o json | kubectl replace -f - rewrites every secret).
  RBAC: kubectl create role|rolebinding|clusterrole|clusterrolebinding, kubectl auth can-i VERB RESOURCE,
  any command --as=USER (or --as=system:serviceaccount:NS:NAME) [--as-group=G].
  Tokens: kubectl create token SA [--duration 10m], any command --token=TOKEN, kubeplay token inspect TOKEN|-f FILE
  (kubeplay's own inspector: decodes a service-account JWT, checks its signature, says whether the API server accepts it).
";
