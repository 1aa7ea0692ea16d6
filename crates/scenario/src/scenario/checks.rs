//! Evaluating a goal's check against the playground now.

use std::collections::BTreeMap;

use kubeplay_cluster::kubelet::PODS_DIR;
use kubeplay_cluster::tmpfs::Inode;
use kubeplay_cluster::{container_view, Cluster, Error as ClusterError};

use super::goals::{Check, ContainerRef, EnvExpect, FileExpect, SecretKeyRef};
use super::security;
use crate::playground::Playground;

/// The started container's files and full environment (the one container view every reader
/// uses), or why it cannot be looked into.
#[allow(clippy::type_complexity)]
fn container(c: &Cluster, at: &ContainerRef) -> Result<(BTreeMap<String, (u32, Vec<u8>)>, Vec<(String, String)>), String> {
    let p = &at.pod;
    let v = match container_view(c, &p.namespace, &p.name, at.container.as_deref()) {
        Ok(v) => v,
        Err(ClusterError::PodNotFound { .. }) => return Err(format!("pod {}/{} does not exist", p.namespace, p.name)),
        Err(ClusterError::PodNotOnNode { .. }) => return Err(format!("pod {} is not running on a node yet", p.name)),
        Err(_) => {
            return Err(match &at.container {
                Some(name) => format!("pod {} has no container {name}", p.name),
                None => format!("pod {} has no containers", p.name),
            })
        }
    };
    if !v.started() {
        return Err(format!("container {} of pod {} has not started", v.container, p.name));
    }
    let files = v.files.into_iter().map(|(path, (mode, data, _))| (path, (mode, data.to_vec()))).collect();
    Ok((files, v.env))
}

fn secret_value(c: &Cluster, ns: &str, r: &SecretKeyRef) -> Option<Vec<u8>> {
    c.store().secret(ns, &r.name)?.data.as_ref()?.get(&r.key).map(|b| b.0.clone())
}

pub(super) fn check(check: &Check, pg: &Playground) -> (bool, String) {
    let c = pg.cluster();
    match check {
        Check::Pod { pod, phase, status } => {
            let Some(p) = c.store().pod(&pod.namespace, &pod.name) else {
                return (false, format!("pod {}/{} does not exist", pod.namespace, pod.name));
            };
            let now_phase = p.status.as_ref().and_then(|s| s.phase.clone()).unwrap_or_else(|| "Pending".to_owned());
            let now_status = kubeplay_kubectl::printers::pod_status(p);
            let ok = phase.as_ref().is_none_or(|x| *x == now_phase) && status.as_ref().is_none_or(|x| *x == now_status);
            (ok, format!("pod {}: phase {now_phase}, STATUS {now_status}", pod.name))
        }
        Check::PodAbsent(pod) => {
            let in_store = c.store().pod(&pod.namespace, &pod.name).is_some();
            let on_node = c.worker(&pod.namespace, &pod.name).is_some();
            match (in_store, on_node) {
                (false, false) => (true, format!("pod {} is gone", pod.name)),
                (true, _) => (false, format!("pod {} still exists", pod.name)),
                (false, true) => (false, format!("pod {} is still being torn down on its node", pod.name)),
            }
        }
        Check::File { at, path, expect } => {
            let (files, _) = match container(c, at) {
                Ok(x) => x,
                Err(e) => return (false, e),
            };
            let file = files.get(path);
            match (expect, file) {
                (FileExpect::Absent, None) => (true, format!("{path} does not exist")),
                (FileExpect::Absent, Some(_)) => (false, format!("{path} exists")),
                (_, None) => (false, format!("{path} does not exist")),
                (FileExpect::Exists, Some((mode, _))) => (true, format!("{path} exists (mode {mode:04o})")),
                (FileExpect::Is { mode, content }, Some((m, data))) => {
                    let text = String::from_utf8_lossy(data);
                    let ok = mode.is_none_or(|x| x == *m) && content.as_ref().is_none_or(|x| x.as_bytes() == data.as_slice());
                    (ok, format!("{path}: mode {m:04o}, content {:?}", short(&text)))
                }
            }
        }
        Check::Env { at, name, expect } => {
            let (_, env) = match container(c, at) {
                Ok(x) => x,
                Err(e) => return (false, e),
            };
            let now = env.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone());
            match (expect, now) {
                (EnvExpect::Absent, None) => (true, format!("{name} is not set")),
                (EnvExpect::Absent, Some(v)) => (false, format!("{name}={}", short(&v))),
                (_, None) => (false, format!("{name} is not set")),
                (EnvExpect::Exists, Some(v)) => (true, format!("{name}={}", short(&v))),
                (EnvExpect::Value(x), Some(v)) => (*x == v, format!("{name}={}", short(&v))),
                (EnvExpect::EqualsSecret(r), Some(v)) => match secret_value(c, &at.pod.namespace, r) {
                    Some(s) => (
                        s == v.as_bytes(),
                        format!(
                            "{name}={}; secret {} key {} is {}",
                            short(&v),
                            r.name,
                            r.key,
                            short(&String::from_utf8_lossy(&s))
                        ),
                    ),
                    None => (false, format!("secret {} has no key {}", r.name, r.key)),
                },
            }
        }
        Check::Event { reason, type_, pod, message } => {
            let found = c.events().iter().rev().find(|e| {
                e.reason == reason.as_str()
                    && type_.as_ref().is_none_or(|t| t == e.type_.as_str())
                    && pod
                        .as_ref()
                        .is_none_or(|p| e.object.kind == "Pod" && e.object.namespace == p.namespace && e.object.name == p.name)
                    && message.as_ref().is_none_or(|m| e.message.contains(m.as_str()))
            });
            match found {
                Some(e) => (true, format!("{} {} {}: {}", e.type_.as_str(), e.reason, e.object.name, short(&e.message))),
                None => (false, format!("no {reason} event yet")),
            }
        }
        Check::Secret { namespace, name, keys, data, type_, absent } => {
            let Some(s) = c.store().secret(namespace, name) else {
                return (*absent, format!("secret {namespace}/{name} does not exist"));
            };
            if *absent {
                return (false, format!("secret {name} exists"));
            }
            // Read as the API server reads it: through the storage transformers, which fail
            // when etcd holds it under a key the running configuration no longer has.
            if let Err(e) = c.store().read_secret(namespace, name) {
                return (false, format!("reading secret {name} fails: {}", e.message));
            }
            let have: BTreeMap<&str, &[u8]> = s.data.iter().flatten().map(|(k, v)| (k.as_str(), v.0.as_slice())).collect();
            let now_type = s.type_.clone().unwrap_or_else(|| "Opaque".to_owned());
            let missing: Vec<&str> = keys.iter().map(String::as_str).filter(|k| !have.contains_key(k)).collect();
            let wrong: Vec<&str> =
                data.iter().filter(|(k, v)| have.get(k.as_str()) != Some(&v.as_bytes())).map(|(k, _)| k.as_str()).collect();
            let type_ok = type_.as_ref().is_none_or(|t| *t == now_type);
            let keys_now: Vec<&str> = have.keys().copied().collect();
            let mut detail = format!("secret {name} ({now_type}) has keys [{}]", keys_now.join(", "));
            if !missing.is_empty() {
                detail.push_str(&format!("; missing [{}]", missing.join(", ")));
            }
            if !wrong.is_empty() {
                detail.push_str(&format!("; other values for [{}]", wrong.join(", ")));
            }
            (missing.is_empty() && wrong.is_empty() && type_ok, detail)
        }
        Check::SecretImmutable { namespace, name } => match c.store().secret(namespace, name) {
            None => (false, format!("secret {namespace}/{name} does not exist")),
            Some(s) if s.immutable == Some(true) => (true, format!("secret {name} is immutable")),
            Some(_) => (false, format!("secret {name} is not immutable")),
        },
        Check::NoFileOfSecret { namespace, secret, visible_to } => {
            let (files, _) = match container_or_all(c, visible_to) {
                Ok(x) => x,
                Err(e) => return (false, e),
            };
            let values: Vec<Vec<u8>> = c
                .store()
                .secret(namespace, secret)
                .and_then(|s| s.data.as_ref())
                .map(|d| d.values().map(|b| b.0.clone()).filter(|v| !v.is_empty()).collect())
                .unwrap_or_default();
            if values.is_empty() {
                return (false, format!("secret {secret} does not exist or holds no data"));
            }
            match files.iter().find(|(_, data)| values.contains(data)) {
                Some((path, _)) => (false, format!("{path} in pod {} holds a value of secret {secret}", visible_to.pod.name)),
                None => (true, format!("pod {} sees no file of secret {secret}", visible_to.pod.name)),
            }
        }
        Check::TmpfsHolds { namespace, key, absent } => {
            let Some(value) = secret_value(c, namespace, key) else {
                return (false, format!("secret {} has no key {}", key.name, key.key));
            };
            let holder = c.nodes().iter().find_map(|n| {
                n.fs.tree(PODS_DIR)
                    .into_iter()
                    .find(|(_, i)| matches!(i, Inode::File { data, .. } if **data == *value.as_slice()))
                    .map(|(p, _)| (n.name.clone(), p.to_owned()))
            });
            match holder {
                Some((node, path)) => (!absent, format!("{node} holds it at {path}")),
                None => (*absent, format!("no node's tmpfs holds the value of {}/{}", key.name, key.key)),
            }
        }
        Check::SecretShows { namespace, shows, absent } => {
            let Some(secret) = c.store().secret(namespace, &shows.name) else {
                return (false, format!("secret {namespace}/{} does not exist", shows.name));
            };
            // What the API returns, as `kubectl get -o yaml` prints it; `data` is base64 there,
            // so only a plain copy elsewhere (an annotation, a label) shows the value.
            let mut seen = secret.clone();
            seen.data = None;
            let value = shows.value.as_str();
            let annotation = seen.metadata.annotations.iter().flatten().find(|(_, v)| v.contains(value)).map(|(k, _)| k.clone());
            let anywhere = annotation.is_some() || serde_json::to_string(&seen).unwrap_or_default().contains(value);
            let name = &shows.name;
            match (annotation, anywhere) {
                (Some(key), _) => {
                    (!absent, format!("secret {name} shows {:?} in the clear in its annotation {key}", short(value)))
                }
                (None, true) => (!absent, format!("secret {name} shows {:?} in the clear", short(value))),
                (None, false) => (*absent, format!("secret {name} does not show {:?} in the clear", short(value))),
            }
        }
        Check::EtcdContains(text) => {
            let store = c.store();
            let raw = store.etcd().iter().any(|(_, v)| v.contains(text.as_str()));
            // A Secret's bytes as etcd holds them: plain protobuf, or sealed by a provider.
            let data = store.secrets().any(|s| {
                let (ns, name) = (s.metadata.namespace.as_deref().unwrap_or(""), s.metadata.name.as_deref().unwrap_or(""));
                store.secret_stored_value(ns, name).is_some_and(|v| contains(&v, text.as_bytes()))
            });
            if raw || data {
                (true, format!("etcd holds {:?} in plain text", short(text)))
            } else {
                (false, format!("nothing in etcd contains {:?}", short(text)))
            }
        }
        Check::EtcdStored { namespace, name, prefix } => security::etcd_stored(c.store(), namespace, name, prefix),
        Check::EncryptionKeys { provider, keys } => security::encryption_keys(c.store(), provider.as_deref(), keys),
        Check::AuditLogged { namespace, name, leaks } => security::audit_logged(pg, namespace, name, *leaks),
        Check::CanI { ask, allowed } => security::can_i(c.store(), ask, *allowed),
        Check::Deployment(expect) => super::workloads::deployment(c, expect),
        Check::CommandRun { command, output } => {
            let found = pg.transcript().iter().rev().find(|e| {
                e.command.contains(command.as_str()) && output.as_ref().is_none_or(|o| e.output.combined().contains(o.as_str()))
            });
            match found {
                Some(e) => (true, format!("ran: {}", short(e.command.lines().next().unwrap_or("")))),
                None if output.is_some() => (false, format!("no command with {command:?} printed the expected output yet")),
                None => (false, format!("no command with {command:?} yet")),
            }
        }
    }
}

/// Files of one container, or of all started containers of the pod.
#[allow(clippy::type_complexity)]
fn container_or_all(c: &Cluster, at: &ContainerRef) -> Result<(Vec<(String, Vec<u8>)>, ()), String> {
    if at.container.is_some() {
        return container(c, at).map(|(f, _)| (f.into_iter().map(|(p, (_, d))| (p, d)).collect(), ()));
    }
    let Some((_, w)) = c.worker(&at.pod.namespace, &at.pod.name) else {
        return Err(format!("pod {} is not running on a node yet", at.pod.name));
    };
    let mut all = Vec::new();
    for rt in &w.containers {
        let one = ContainerRef { pod: at.pod.clone(), container: Some(rt.name.clone()) };
        let (f, _) = container(c, &one)?;
        all.extend(f.into_iter().map(|(p, (_, d))| (format!("{}:{p}", rt.name), d)));
    }
    Ok((all, ()))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

pub(super) fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}
