//! `kubectl create -f`, `create namespace`, `create serviceaccount`, and what the `create`
//! commands share (create.go, create_namespace.go, create_serviceaccount.go).

use kubeplay_api::k8s_openapi::api::core::v1::Namespace;
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeplay_api::Object;
use kubeplay_cluster::{ApiCall, ApiResult};
use kubeplay_shell::Output;
use serde_json::{json, Value};

use super::{api_json, apply, check_output_format, create_secret, print_object, single_name, Cmd, Ctx, DryRun};
use crate::apply::Mode;
use crate::flags::{self, Args, Flag};

/// The flags of `kubectl create` (-f) that kubeplay models (create.go NewCmdCreate).
pub const FLAGS: &[Flag] = &[flags::FILENAME, flags::OUTPUT, flags::DRY_RUN, flags::SAVE_CONFIG, flags::SELECTOR];
/// The flags of `kubectl create namespace|serviceaccount` (PrintFlags, dry-run, save-config).
pub const OBJECT_FLAGS: &[Flag] = &[flags::OUTPUT, flags::DRY_RUN, flags::SAVE_CONFIG];

/// Runs `kubectl create ...`.
pub fn create(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, stdin: Option<String>, dry: DryRun) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    let sub = p.get(1).map(String::as_str);
    if a.has("filename") && !matches!(sub, Some("secret" | "namespace" | "ns" | "serviceaccount" | "sa")) {
        return apply::from_files(ctx, cmd, ns, stdin, Mode::Create, dry);
    }
    if let Err(o) = check_output_format(a) {
        return o;
    }
    match sub {
        Some("secret") => match p.get(2).map(String::as_str) {
            Some("generic") => create_secret::generic(ctx, cmd, ns, dry),
            Some("tls") => create_secret::tls(ctx, cmd, ns, dry),
            Some("docker-registry") => create_secret::docker_registry(ctx, cmd, ns, dry),
            // cobra: a group command with unknown args reports them all (`unknown command "foo x"`).
            Some(_) => Output::err(format!("error: unknown command \"{}\"\nSee 'kubectl create secret -h' for help and examples", p[2..].join(" "))),
            // cobra runs the help of a group command that got no subcommand, on stderr, and exits 1.
            None => Output::err(CREATE_SECRET_HELP),
        },
        Some("namespace" | "ns") => {
            let Some(name) = single_name(p, 2) else { return cmd.usage_error(&format!("exactly one NAME is required, got {}", p.len().saturating_sub(2))) };
            let obj = Object::Namespace(Namespace { metadata: ObjectMeta { name: Some(name.clone()), ..Default::default() }, ..Default::default() });
            send_create(ctx, obj, ns, a, "namespace", dry)
        }
        Some("serviceaccount" | "sa") => {
            let Some(name) = single_name(p, 2) else { return cmd.usage_error(&format!("exactly one NAME is required, got {}", p.len().saturating_sub(2))) };
            let obj = Object::ServiceAccount(kubeplay_api::k8s_openapi::api::core::v1::ServiceAccount {
                metadata: ObjectMeta { name: Some(name.clone()), ..Default::default() },
                ..Default::default()
            });
            send_create(ctx, obj, ns, a, "serviceaccount", dry)
        }
        Some(other @ ("configmap" | "cm" | "clusterrole" | "clusterrolebinding" | "cronjob" | "cj" | "deployment" | "deploy" | "ingress" | "ing" | "job"
            | "poddisruptionbudget" | "pdb" | "priorityclass" | "pc" | "quota" | "resourcequota" | "role" | "rolebinding" | "service" | "svc" | "token")) => {
            Output::err(format!("kubeplay: kubectl create {other} is not simulated here; kubeplay covers secrets, namespaces, service accounts and pods (kubectl create -f FILE)"))
        }
        // create.go RunCreate: with no -f, extra args are refused with `Unexpected args: [...]`.
        Some(_) => Output::err(format!(
            "error: Unexpected args: [{}]\nSee 'kubectl create -h' for help and examples",
            p.get(1..).unwrap_or_default().join(" ")
        )),
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

/// Sends a create (or prints it for `--dry-run=client`) and prints `kind/name created`.
///
/// create_secret.go, create_namespace.go, create_serviceaccount.go: the object is a typed struct,
/// printed after `--dry-run=client` as built, otherwise as the server returned it.
pub(super) fn send_create(ctx: &mut Ctx<'_>, obj: Object, ns: &str, a: &Args, what: &str, dry: DryRun) -> Output {
    let singular = obj.kind().singular();
    let name = obj.name().to_owned();
    if dry == DryRun::Client {
        return print_dry_run(&obj, a, singular, &name, "created (dry run)");
    }
    if dry == DryRun::Server {
        let kind = obj.kind();
        let ons = if kind.namespaced() { ns } else { "" };
        if ctx.session.cluster().store().get(kind, ons, &name).is_ok() {
            let msg = format!("Error from server (AlreadyExists): {}s \"{name}\" already exists", kind.singular());
            return Output::err(if what == "secret" {
                format!("error: failed to create secret {}", msg.trim_start_matches("Error from server (AlreadyExists): "))
            } else {
                msg
            });
        }
        return print_dry_run(&obj, a, singular, &name, "created (server dry run)");
    }
    match ctx.session.call(ApiCall::Create { object: Box::new(obj), namespace: ns.to_owned() }) {
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
