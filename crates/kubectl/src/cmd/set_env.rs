//! `kubectl set env TYPE/NAME [KEY=VALUE ...] [KEY-] [--from=secret/NAME|configmap/NAME] [--prefix=P]
//! [-c CONTAINER]` for Deployments (staging/src/k8s.io/kubectl/pkg/cmd/set/env/, set_env.go and
//! env_parse.go): every key of the secret becomes one `secretKeyRef` variable, named after the key
//! upper-cased with anything outside `[A-Za-z0-9_]` turned into `_`.

use kubeplay_api::k8s_openapi::api::core::v1::{ConfigMapKeySelector, EnvVar, EnvVarSource, SecretKeySelector};
use kubeplay_api::{Kind, Object};
use kubeplay_cluster::ApiCall;
use kubeplay_shell::Output;

use super::common::{targets, Cmd, Ctx};
use crate::flags::{self, Flag, Takes};

/// `--from`.
pub const FROM: Flag = Flag { name: "from", short: None, takes: Takes::Value };
/// `--prefix`.
pub const PREFIX: Flag = Flag { name: "prefix", short: None, takes: Takes::Value };
/// `-c, --containers` (default `*`).
pub const CONTAINERS: Flag = Flag { name: "containers", short: Some('c'), takes: Takes::Value };

/// The flags of `kubectl set env` that kubeplay models.
pub const FLAGS: &[Flag] = &[FROM, PREFIX, CONTAINERS, flags::OUTPUT, flags::DRY_RUN];

/// `keyToEnvName`.
fn env_name(key: &str) -> String {
    key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c.to_ascii_uppercase() } else { '_' }).collect()
}

/// Runs `kubectl set env`.
pub fn set_env(ctx: &mut Ctx<'_>, cmd: &Cmd, ns: &str) -> Output {
    let a = &cmd.args;
    match a.positional.get(1).map(String::as_str) {
        Some("env") => {}
        // `kubectl set` alone: its help on stderr, exit status 1 (as kubectl v1.33.1).
        None => return Output::err(super::help::text_for(&["set".into()]).unwrap_or_default()),
        Some(other) => {
            return Output::err(format!("kubeplay: kubectl set {other} is not simulated here; of kubectl set, only `set env` is"))
        }
    }
    let rest = a.positional.get(2..).unwrap_or_default();
    let (resources, pairs): (Vec<String>, Vec<String>) =
        rest.iter().cloned().partition(|s| !s.contains('=') && !s.ends_with('-'));
    if resources.is_empty() {
        return Output::err(super::common::MISSING_RESOURCE);
    }
    let prefix = a.get("prefix").unwrap_or("");
    let mut add: Vec<EnvVar> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    for p in &pairs {
        match p.split_once('=') {
            Some((k, v)) => add.push(EnvVar { name: k.to_owned(), value: Some(v.to_owned()), value_from: None }),
            None => remove.push(p.trim_end_matches('-').to_owned()),
        }
    }
    if let Some(from) = a.get("from") {
        let Some((ty, src)) = from.split_once('/') else {
            return Output::err("error: arguments in resource/name form must have a single resource and name");
        };
        match Kind::from_resource(ty) {
            Some(Kind::Secret) => {
                if let Err(s) = ctx.authorize("get", Kind::Secret, "", ns, src) {
                    return Output::err(s.kubectl_message());
                }
                let Some(secret) = ctx.session.cluster().store().secret(ns, src).cloned() else {
                    return Output::err(format!("Error from server (NotFound): secrets \"{src}\" not found"));
                };
                for k in secret.data.iter().flatten().map(|(k, _)| k) {
                    add.push(EnvVar {
                        name: format!("{prefix}{}", env_name(k)),
                        value: None,
                        value_from: Some(EnvVarSource {
                            secret_key_ref: Some(SecretKeySelector { name: src.to_owned(), key: k.clone(), optional: None }),
                            ..Default::default()
                        }),
                    });
                }
            }
            Some(Kind::ConfigMap) => {
                let Some(cm) = ctx.session.cluster().store().config_map(ns, src).cloned() else {
                    return Output::err(format!("Error from server (NotFound): configmaps \"{src}\" not found"));
                };
                for k in cm.data.iter().flatten().map(|(k, _)| k) {
                    add.push(EnvVar {
                        name: format!("{prefix}{}", env_name(k)),
                        value: None,
                        value_from: Some(EnvVarSource {
                            config_map_key_ref: Some(ConfigMapKeySelector {
                                name: src.to_owned(),
                                key: k.clone(),
                                optional: None,
                            }),
                            ..Default::default()
                        }),
                    });
                }
            }
            _ => return Output::err(format!("error: unsupported resource specified in --from: {from}")),
        }
    }
    if add.is_empty() && remove.is_empty() {
        return Output::err("error: at least one environment variable must be provided");
    }
    let t = match targets(&resources) {
        Ok(t) => t,
        Err(e) => return Output::err(format!("error: {e}")),
    };
    let only = a.get("containers").unwrap_or("*");
    let mut out = Output::default();
    for (kind, name) in t {
        let Some(name) = name else { return Output::err("error: resource(s) were provided, but no name was specified") };
        if kind != Kind::Deployment {
            return Output::err("kubeplay: kubectl set env works on deployments here");
        }
        if let Err(s) = ctx.authorize("patch", kind, "", ns, &name) {
            return Output::err(s.kubectl_message());
        }
        let mut d = match ctx.session.cluster().store().get(kind, ns, &name) {
            Ok(Object::Deployment(d)) => d,
            Ok(_) => return Output::err("error: not a deployment"),
            Err(s) => return Output::err(s.kubectl_message()),
        };
        let Some(spec) = d.spec.as_mut().and_then(|s| s.template.spec.as_mut()) else { continue };
        for c in spec.containers.iter_mut().filter(|c| only == "*" || c.name == only) {
            let env = c.env.get_or_insert_with(Vec::new);
            // updateEnv: an existing name is replaced where it stands, a new one appended.
            for v in &add {
                match env.iter_mut().find(|e| e.name == v.name) {
                    Some(e) => *e = v.clone(),
                    None => env.push(v.clone()),
                }
            }
            env.retain(|e| !remove.contains(&e.name));
            if env.is_empty() {
                c.env = None;
            }
        }
        if let Err(s) = ctx.session.call(ApiCall::Update { object: Box::new(Object::Deployment(d)) }) {
            return Output::err(s.kubectl_message());
        }
        out.stdout.push_str(&format!("deployment.apps/{name} env updated\n"));
    }
    out
}
