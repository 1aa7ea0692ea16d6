//! The container runtime side of the kubelet: the start order, the environment resolved at
//! container start, container states, and what a container sees under its mounts.
//!
//! Pulls are `image_manager`'s. Mirrors `pkg/kubelet/kubelet_pods.go`
//! (makeEnvironmentVariables) and `pkg/kubelet/kuberuntime/kuberuntime_container.go`
//! (startContainer: Created, Started, CreateContainerConfigError).

use kubeplay_api::k8s_openapi::api::core::v1::{Container, Pod};
use kubeplay_api::Store;

use super::image_manager::Ensure;
use super::images::image_defaults;
use super::kuberuntime::{expand_entries, process_argv};
use super::process::{container_env, container_fs, kubelet_env, run_process, ProcessEnd};
use super::restarts::{field_path, next_to_start, NextStart};
use super::{
    jittered, spec_of, Bind, ConfigMapManager, EnvEntry, EnvSource, Node, PodWorker, RunState, SecretManager, WorkerPhase,
    SYNC_ERROR_BACKOFF_MS,
};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::events::EventType;
use crate::inside::Inside;
use crate::queue::{PodId, Task};
use crate::shell_fs::ReadOnly;
use crate::tmpfs::{join, Inode};

/// Whether the pod worker waits after starting container `i` instead of going on to the next
/// one (an init container must finish first).
fn blocks(w: &PodWorker, i: usize) -> bool {
    w.containers.get(i).is_some_and(|c| c.init && !c.sidecar)
}

impl Node {
    /// Starts containers from index `from` on, in the kubelet's order: pulls the image (an
    /// async step), or goes on (`computePodActions`; see `restarts`).
    pub(super) fn start_next(&mut self, id: PodId, from: usize, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get_mut(&id) else { return };
        let i = match next_to_start(w, from) {
            NextStart::Start(i) => i,
            NextStart::Wait => {
                self.publish_status(id, ctx);
                return;
            }
            NextStart::Done => {
                w.phase = WorkerPhase::Running;
                self.publish_status(id, ctx);
                return;
            }
        };
        if from == 0 {
            // getPullSecretsForPod runs once per SyncPod.
            self.pull_secrets(id, true, ctx);
        }
        if self.crash_backoff(id, i, ctx) {
            if let Some(w) = self.workers.get(&id) {
                if !blocks(w, i) {
                    self.start_next(id, i + 1, ctx);
                }
            }
            return;
        }
        match self.ensure_image(id, i, ctx) {
            Ensure::Pulling => return,
            Ensure::Present => self.create_and_start(id, i, ctx),
            Ensure::Failed => {}
        }
        if self.workers.get(&id).is_some_and(|w| !blocks(w, i)) {
            self.start_next(id, i + 1, ctx);
        }
    }

    /// The image pull of container `i` finished: start it if the pull worked, then go on
    /// with the containers after it; a sync that waited for the pull runs now.
    pub(crate) fn pull_done(&mut self, id: PodId, i: usize, pull_ms: u64, ctx: &mut Ctx<'_>) {
        if self.finish_pull(id, i, pull_ms, ctx) {
            self.create_and_start(id, i, ctx);
        }
        if self.workers.get(&id).is_some_and(|w| w.phase != WorkerPhase::Terminating && !blocks(w, i)) {
            self.start_next(id, i + 1, ctx);
        }
        let node = self.index;
        if let Some(w) = self.workers.get_mut(&id) {
            if w.sync_after_pull && !w.pulling {
                w.sync_after_pull = false;
                w.sync_pending = true;
                ctx.queue.push(ctx.now_ms, Task::Sync { node, pod: id }, true);
            }
        }
    }

    /// generateContainerConfig (env), then Created and Started, or Failed with CreateContainerConfigError.
    /// A started container's process runs (see `process`); its exit is scheduled when it is reached.
    pub(super) fn create_and_start(&mut self, id: PodId, i: usize, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get(&id) else { return };
        let Some(c) = w.containers.get(i) else { return };
        let Some(spec) = spec_of(&w.pod, c) else { return };
        let who = crate::ctx::pod_ref(&w.pod);
        let field = field_path(c);
        let env = {
            let ns = w.pod.metadata.namespace.as_deref().unwrap_or("");
            make_environment(spec, &w.pod, &w.ip, &self.ip, ns, &mut self.secrets, &mut self.config_maps, ctx.store, ctx.now_ms)
        };
        let command = spec.command.clone().unwrap_or_default();
        let args = spec.args.clone().unwrap_or_default();
        let container = c.name.clone();
        // The secret manager's lookups for env and envFrom, then the resolution itself.
        for (ns, name, lookup) in self.secrets.take_lookups() {
            ctx.inside(&self.name, who.clone(), Inside::SecretLookup { secret: format!("{ns}/{name}"), lookup });
        }
        if let Ok(env) = &env {
            ctx.inside(&self.name, who.clone(), Inside::EnvResolved { container: container.clone(), vars: env.len() });
        }
        let Some(w) = self.workers.get_mut(&id) else { return };
        match env {
            Err(err) => {
                let msg = err.to_string();
                ctx.event_at(who, Some(&field), EventType::Warning, "Failed", format!("Error: {msg}"));
                if let Some(c) = w.containers.get_mut(i) {
                    c.state = RunState::Waiting { reason: "CreateContainerConfigError".to_owned(), message: Some(msg) };
                }
                // The pod worker retries the failed start on its next sync.
                if !w.sync_pending {
                    w.sync_pending = true;
                    let at = ctx.now_ms + jittered(ctx, SYNC_ERROR_BACKOFF_MS);
                    ctx.queue.push(at, Task::Sync { node: self.index, pod: id }, false);
                }
                self.publish_status(id, ctx);
            }
            Ok(env) => {
                // Capture subPath binds now: they never follow later updates.
                let fs = &self.fs;
                let volumes = &w.volumes;
                let Some(c) = w.containers.get_mut(i) else { return };
                for m in &mut c.mounts {
                    if let (Some(sub), Some(vol)) = (&m.sub_path, volumes.get(m.volume)) {
                        let path = join(&vol.host_dir, sub);
                        m.bind = Some(match fs.stat(&path) {
                            Some(inode @ Inode::File { .. }) => Bind::File(inode.clone()),
                            Some(Inode::Dir { .. }) => {
                                Bind::Dir(fs.visible_files(&path).into_iter().map(|(p, n)| (p, n.clone())).collect())
                            }
                            _ => Bind::Missing,
                        });
                    }
                }
                c.env = env;
                c.state = RunState::Running { started_ms: ctx.now_ms };
                c.ready = true;
                let name = c.name.clone();
                let restart = u32::try_from(c.restart_count).unwrap_or(0);
                ctx.event_at(who.clone(), Some(&field), EventType::Normal, "Created", format!("Created container: {name}"));
                ctx.event_at(who, Some(&field), EventType::Normal, "Started", format!("Started container {name}"));
                ctx.changed();
                self.run_container_process(id, i, &command, &args, restart, ctx);
                self.publish_status(id, ctx);
            }
        }
    }

    /// The started container's process runs against its files and env; its exit is queued.
    fn run_container_process(
        &mut self,
        id: PodId,
        i: usize,
        command: &[String],
        args: &[String],
        restart: u32,
        ctx: &mut Ctx<'_>,
    ) {
        let node = self.index;
        let Some(w) = self.workers.get(&id) else { return };
        let Some(c) = w.containers.get(i) else { return };
        let pod_name = w.pod.metadata.name.clone().unwrap_or_default();
        let defaults = image_defaults(&c.image);
        let argv = process_argv(command, args, defaults, &kubelet_env(c));
        let fs = ReadOnly(container_fs(self, w, c));
        let env = kubeplay_shell::Env::new(container_env(&pod_name, c));
        let run = run_process(argv, &c.image, defaults.is_some(), fs, env, ctx.now_ms);
        let Some(c) = self.workers.get_mut(&id).and_then(|w| w.containers.get_mut(i)) else { return };
        c.argv = run.argv;
        let started = Inside::ProcessStarted { container: c.name.clone(), argv: c.argv.clone() };
        if let Some(w) = self.workers.get(&id) {
            ctx.inside(&self.name, crate::ctx::pod_ref(&w.pod), started);
        }
        let Some(c) = self.workers.get_mut(&id).and_then(|w| w.containers.get_mut(i)) else { return };
        c.assumption = run.assumption;
        c.log = run.log;
        if let ProcessEnd::Exits { code, after_ms } = run.end {
            // A crash loop's later exits are retries: they do not keep the cluster from idling.
            let productive = restart == 0;
            ctx.queue.push(
                ctx.now_ms + after_ms,
                Task::ContainerExit { node, pod: id, container: i as u16, restart, code },
                productive,
            );
        }
    }
}

/// `makeEnvironmentVariables`: envFrom first (later sources win), then env (wins over envFrom).
/// Since v1.30 envFrom keys are not checked against env-var name rules: every key is injected.
#[allow(clippy::too_many_arguments)]
fn make_environment(
    c: &Container,
    pod: &Pod,
    pod_ip: &str,
    host_ip: &str,
    ns: &str,
    secrets: &mut SecretManager,
    config_maps: &mut ConfigMapManager,
    store: &Store,
    now_ms: u64,
) -> Result<Vec<EnvEntry>, Error> {
    let mut env: Vec<EnvEntry> = Vec::new();
    let set = |env: &mut Vec<EnvEntry>, name: String, value: String, source: EnvSource| {
        if let Some(e) = env.iter_mut().find(|e| e.name == name) {
            e.value = value;
            e.source = source;
        } else {
            env.push(EnvEntry { name, value, source });
        }
    };
    for from in c.env_from.iter().flatten() {
        let prefix = from.prefix.clone().unwrap_or_default();
        if let Some(s) = &from.secret_ref {
            match secrets.get(store, ns, &s.name, now_ms) {
                Ok(secret) => {
                    for (k, v) in secret.data.iter().flatten() {
                        let value = String::from_utf8_lossy(&v.0).into_owned();
                        set(
                            &mut env,
                            format!("{prefix}{k}"),
                            value,
                            EnvSource::SecretRef { name: s.name.clone(), prefix: prefix.clone() },
                        );
                    }
                }
                Err(e) if e.not_found && s.optional == Some(true) => {}
                Err(e) => return Err(e.into()),
            }
        }
        if let Some(m) = &from.config_map_ref {
            match config_maps.get(store, ns, &m.name, now_ms) {
                Ok(cm) => {
                    for (k, v) in cm.data.iter().flatten() {
                        set(
                            &mut env,
                            format!("{prefix}{k}"),
                            v.clone(),
                            EnvSource::ConfigMapRef { name: m.name.clone(), prefix: prefix.clone() },
                        );
                    }
                }
                Err(e) if e.not_found && m.optional == Some(true) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    for e in c.env.iter().flatten() {
        let value = e.value.clone().unwrap_or_default();
        if !value.is_empty() {
            let expanded = expand_entries(&value, &env);
            set(&mut env, e.name.clone(), expanded, EnvSource::Value);
            continue;
        }
        let Some(from) = &e.value_from else {
            set(&mut env, e.name.clone(), String::new(), EnvSource::Value);
            continue;
        };
        if let Some(r) = &from.secret_key_ref {
            let secret = match secrets.get(store, ns, &r.name, now_ms) {
                Ok(s) => s,
                Err(err) if err.not_found && r.optional == Some(true) => continue,
                Err(err) => return Err(err.into()),
            };
            match secret.data.as_ref().and_then(|d| d.get(&r.key)) {
                Some(v) => {
                    let value = String::from_utf8_lossy(&v.0).into_owned();
                    set(&mut env, e.name.clone(), value, EnvSource::SecretKeyRef { name: r.name.clone(), key: r.key.clone() });
                }
                None if r.optional == Some(true) => continue,
                None => {
                    return Err(Error::EnvKey {
                        key: r.key.clone(),
                        kind: "Secret",
                        namespace: ns.to_owned(),
                        name: r.name.clone(),
                    })
                }
            }
        } else if let Some(r) = &from.config_map_key_ref {
            let cm = match config_maps.get(store, ns, &r.name, now_ms) {
                Ok(c) => c,
                Err(err) if err.not_found && r.optional == Some(true) => continue,
                Err(err) => return Err(err.into()),
            };
            match cm.data.as_ref().and_then(|d| d.get(&r.key)) {
                Some(v) => set(
                    &mut env,
                    e.name.clone(),
                    v.clone(),
                    EnvSource::ConfigMapKeyRef { name: r.name.clone(), key: r.key.clone() },
                ),
                None if r.optional == Some(true) => continue,
                None => {
                    return Err(Error::EnvKey {
                        key: r.key.clone(),
                        kind: "ConfigMap",
                        namespace: ns.to_owned(),
                        name: r.name.clone(),
                    })
                }
            }
        } else if let Some(f) = &from.field_ref {
            let v = match f.field_path.as_str() {
                "metadata.name" => pod.metadata.name.clone().unwrap_or_default(),
                "metadata.namespace" => ns.to_owned(),
                "metadata.uid" => pod.metadata.uid.clone().unwrap_or_default(),
                "spec.nodeName" => pod.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_default(),
                "spec.serviceAccountName" => pod.spec.as_ref().and_then(|s| s.service_account_name.clone()).unwrap_or_default(),
                "status.podIP" => pod_ip.to_owned(),
                "status.hostIP" => host_ip.to_owned(),
                other => return Err(Error::FieldPath { path: other.to_owned() }),
            };
            set(&mut env, e.name.clone(), v, EnvSource::FieldRef { path: f.field_path.clone() });
        }
    }
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::super::normalize_image;

    #[test]
    fn images_normalize_like_the_runtime() {
        assert_eq!(normalize_image("redis"), "docker.io/library/redis:latest");
        assert_eq!(normalize_image("bitnami/redis:7"), "docker.io/bitnami/redis:7");
        assert_eq!(normalize_image("registry.k8s.io/pause:3.9"), "registry.k8s.io/pause:3.9");
    }
}
