//! `kubectl create -f`, `create namespace`, `create serviceaccount`, and what the `create`
//! commands share (create.go, create_namespace.go, create_serviceaccount.go).

use kubeplay_api::k8s_openapi::api::core::v1::Namespace;
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeplay_api::Object;
use kubeplay_shell::Output;

use super::common::{check_output_format, send_create, single_name, Cmd, Ctx, DryRun};
use super::{apply, create_secret};
use crate::apply::Mode;
use crate::flags::{self, Flag};

/// The flags of `kubectl create` (-f) that kubeplay models (create.go NewCmdCreate).
pub const FLAGS: &[Flag] = &[flags::FILENAME, flags::OUTPUT, flags::DRY_RUN, flags::SAVE_CONFIG, flags::SELECTOR];
/// The flags of `kubectl create namespace|serviceaccount` (PrintFlags, dry-run, save-config).
pub const OBJECT_FLAGS: &[Flag] = &[flags::OUTPUT, flags::DRY_RUN, flags::SAVE_CONFIG];

/// Runs `kubectl create ...`.
pub fn create(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str, stdin: Option<String>, dry: DryRun) -> Output {
    let a = &cmd.args;
    let p = &a.positional;
    let sub = p.get(1).map(String::as_str);
    if a.has("filename")
        && !matches!(
            sub,
            Some(
                "secret"
                    | "namespace"
                    | "ns"
                    | "configmap"
                    | "cm"
                    | "serviceaccount"
                    | "sa"
                    | "role"
                    | "clusterrole"
                    | "rolebinding"
                    | "clusterrolebinding"
                    | "token"
            )
        )
    {
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
            Some(_) => Output::err(format!(
                "error: unknown command \"{}\"\nSee 'kubectl create secret -h' for help and examples",
                p.get(2..).unwrap_or_default().join(" ")
            )),
            // cobra runs the help of a group command that got no subcommand, on stderr, and exits 1.
            None => Output::err(super::help::text_for(&["create".into(), "secret".into()]).unwrap_or_default()),
        },
        Some("namespace" | "ns") => {
            let Some(name) = single_name(p, 2) else {
                return cmd.usage_error(&format!("exactly one NAME is required, got {}", p.len().saturating_sub(2)));
            };
            let obj = Object::Namespace(Namespace {
                metadata: ObjectMeta { name: Some(name.clone()), ..Default::default() },
                ..Default::default()
            });
            send_create(ctx, obj, ns, a, "namespace", dry)
        }
        Some("serviceaccount" | "sa") => {
            let Some(name) = single_name(p, 2) else {
                return cmd.usage_error(&format!("exactly one NAME is required, got {}", p.len().saturating_sub(2)));
            };
            let obj = Object::ServiceAccount(kubeplay_api::k8s_openapi::api::core::v1::ServiceAccount {
                metadata: ObjectMeta { name: Some(name.clone()), ..Default::default() },
                ..Default::default()
            });
            send_create(ctx, obj, ns, a, "serviceaccount", dry)
        }
        Some("role") => super::rbac::create_role(ctx, cmd, ns, dry, false),
        Some("clusterrole") => super::rbac::create_role(ctx, cmd, ns, dry, true),
        Some("rolebinding") => super::rbac::create_binding(ctx, cmd, ns, dry, false),
        Some("clusterrolebinding") => super::rbac::create_binding(ctx, cmd, ns, dry, true),
        Some("configmap" | "cm") => super::create_configmap::create_config_map(ctx, cmd, ns, dry),
        Some("deployment" | "deploy") => super::create_deployment::create_deployment(ctx, cmd, ns, dry),
        Some("job") => super::create_job::create_job(ctx, cmd, ns, dry),
        Some(
            other @ ("cronjob"
            | "cj"
            | "ingress"
            | "ing"
            | "poddisruptionbudget"
            | "pdb"
            | "priorityclass"
            | "pc"
            | "quota"
            | "resourcequota"
            | "service"
            | "svc"),
        ) => not_simulated(other),
        Some("token") => super::token::create_token(ctx, cmd, ns),
        // create.go RunCreate: with no -f, extra args are refused with `Unexpected args: [...]`.
        Some(_) => Output::err(format!(
            "error: Unexpected args: [{}]\nSee 'kubectl create -h' for help and examples",
            p.get(1..).unwrap_or_default().join(" ")
        )),
        None => Output::err("error: must specify one of -f and -k"),
    }
}

/// A `kubectl create` subcommand kubeplay does not simulate, said plainly.
pub fn not_simulated(sub: &str) -> Output {
    Output::err(format!("kubeplay: kubectl create {sub} is not simulated here; kubeplay covers secrets, config maps, namespaces, service accounts, roles, role bindings and pods (kubectl create -f FILE)"))
}
