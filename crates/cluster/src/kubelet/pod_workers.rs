//! The pod workers: a pod's life on the node, from admission (HandlePodAdditions) through
//! SyncPod and the periodic resync to graceful deletion and removal.
//!
//! Mirrors `pkg/kubelet/kubelet.go` (SyncPod, HandlePodAdditions) and
//! `pkg/kubelet/pod_workers.go` (resync every syncFrequency with jitter 0.5, `backOffPeriod`).

use crate::ctx::pod_ref;
use crate::inside::Inside;
use std::collections::BTreeSet;

use kubeplay_api::k8s_openapi::api::core::v1::{Container, Pod, PodSpec};

use super::{
    jittered, ContainerMount, ContainerRuntime, Node, PodWorker, RunState, VolumeState, WorkerPhase, MOUNT_WAIT_TIMEOUT_MS,
    PODS_DIR, SYNC_ERROR_BACKOFF_MS,
};
use crate::ctx::Ctx;
use crate::events::EventType;
use crate::queue::{PodId, Task};

/// Volume names a pod's secrets are referenced by (`podutil.VisitPodSecretNames` and config maps).
fn pod_refs(pod: &Pod) -> Vec<(bool, String)> {
    let mut out: BTreeSet<(bool, String)> = BTreeSet::new();
    let Some(spec) = &pod.spec else { return Vec::new() };
    for v in spec.volumes.iter().flatten() {
        if let Some(s) = v.secret.as_ref().and_then(|s| s.secret_name.clone()) {
            out.insert((true, s));
        }
        if let Some(c) = &v.config_map {
            out.insert((false, c.name.clone()));
        }
        for src in v.projected.iter().flat_map(|p| p.sources.iter().flatten()) {
            if let Some(s) = &src.secret {
                out.insert((true, s.name.clone()));
            }
            if let Some(c) = &src.config_map {
                out.insert((false, c.name.clone()));
            }
        }
    }
    for c in spec.init_containers.iter().flatten().chain(spec.containers.iter()) {
        for e in c.env_from.iter().flatten() {
            if let Some(s) = &e.secret_ref {
                out.insert((true, s.name.clone()));
            }
            if let Some(m) = &e.config_map_ref {
                out.insert((false, m.name.clone()));
            }
        }
        for e in c.env.iter().flatten() {
            if let Some(s) = e.value_from.as_ref().and_then(|v| v.secret_key_ref.as_ref()) {
                out.insert((true, s.name.clone()));
            }
            if let Some(m) = e.value_from.as_ref().and_then(|v| v.config_map_key_ref.as_ref()) {
                out.insert((false, m.name.clone()));
            }
        }
    }
    for s in spec.image_pull_secrets.iter().flatten() {
        out.insert((true, s.name.clone()));
    }
    out.into_iter().collect()
}

fn container_mounts(c: &Container, volumes: &[VolumeState]) -> Vec<ContainerMount> {
    c.volume_mounts
        .iter()
        .flatten()
        .filter_map(|m| {
            let volume = volumes.iter().position(|v| v.name == m.name)?;
            Some(ContainerMount {
                mount_path: m.mount_path.clone(),
                volume,
                read_only: m.read_only == Some(true),
                sub_path: m.sub_path.clone().filter(|s| !s.is_empty()),
                bind: None,
            })
        })
        .collect()
}

impl Node {
    /// HandlePodAdditions: a pod was bound to this node.
    pub(crate) fn add_pod(&mut self, id: PodId, pod: std::rc::Rc<Pod>, ctx: &mut Ctx<'_>) {
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        let ns = pod.metadata.namespace.clone().unwrap_or_default();
        let refs = pod_refs(&pod);
        for (is_secret, name) in &refs {
            if *is_secret {
                self.secrets.register(ctx.store, &ns, name, ctx.now_ms);
            } else {
                self.config_maps.register(ctx.store, &ns, name, ctx.now_ms);
            }
        }
        let empty = PodSpec::default();
        let spec = pod.spec.as_ref().unwrap_or(&empty);
        let volumes = VolumeState::for_pod(&uid, spec);
        // kubelet_pods.go: containers without a status wait as `PodInitializing` in a pod with
        // init containers, else as `ContainerCreating`.
        let has_init = spec.init_containers.as_ref().is_some_and(|v| !v.is_empty());
        let waiting = if has_init { "PodInitializing" } else { "ContainerCreating" };
        let inits = spec.init_containers.iter().flatten().map(|c| (c, true));
        let containers = inits
            .chain(spec.containers.iter().map(|c| (c, false)))
            .map(|(c, init)| ContainerRuntime {
                name: c.name.clone(),
                image: c.image.clone().unwrap_or_default(),
                state: RunState::Waiting { reason: waiting.to_owned(), message: None },
                ready: false,
                env: Vec::new(),
                mounts: container_mounts(c, &volumes),
                restart_count: 0,
                last_state: None,
                argv: Vec::new(),
                assumption: None,
                log: Default::default(),
                previous_log: None,
                backoff: None,
                init,
                sidecar: init && c.restart_policy.as_deref() == Some("Always"),
                pull_error: None,
            })
            .collect();
        let ip = format!("10.244.{}.{}", self.index, self.next_pod_ip);
        self.next_pod_ip += 1;
        let n_volumes = volumes.len();
        self.workers.insert(
            id,
            PodWorker {
                pod,
                volumes,
                containers,
                phase: WorkerPhase::WaitingForVolumes,
                wait_start_ms: ctx.now_ms,
                ip,
                start_ms: ctx.now_ms,
                sandbox_ready: false,
                sync_pending: true,
                pulling: false,
                sync_after_pull: false,
                image_backoff: Vec::new(),
                grace_period_s: 0,
                refs,
            },
        );
        // The volume reconciler picks the new pod up; the pod worker syncs it.
        for v in 0..n_volumes {
            ctx.queue.push(ctx.now_ms, Task::Mount { node: self.index, pod: id, volume: v as u16 }, true);
        }
        ctx.queue.push(ctx.now_ms, Task::Sync { node: self.index, pod: id }, true);
        let resync = jittered(ctx, ctx.settings.sync_period_ms);
        ctx.queue.push(ctx.now_ms + resync, Task::Resync { node: self.index, pod: id }, false);
        self.publish_status(id, ctx);
        if let Some(w) = self.workers.get(&id) {
            ctx.inside(&self.name, pod_ref(&w.pod), Inside::Admitted);
        }
    }

    /// SyncPod: wait for volumes, then start containers that are not running.
    pub(crate) fn sync(&mut self, id: PodId, ctx: &mut Ctx<'_>) {
        let node_index = self.index;
        // syncPod calls RegisterPod on every sync (pkg/kubelet/kubelet.go), but for a pod already
        // registered cacheBasedManager.RegisterPod adds only references it did not have before
        // (cache_based_manager.go), and a running pod's volumes and env cannot change: nothing to do.
        let Some(w) = self.workers.get_mut(&id) else { return };
        w.sync_pending = false;
        if w.phase == WorkerPhase::Terminating {
            return;
        }
        // SyncPod runs one at a time per pod and blocks on image pulls (pod_workers.go).
        if w.pulling {
            w.sync_after_pull = true;
            return;
        }
        if !w.volumes.iter().all(|v| v.mounted) {
            if ctx.now_ms >= w.wait_start_ms + MOUNT_WAIT_TIMEOUT_MS {
                // WaitForAttachAndMount timed out: the pod worker backs off and tries again.
                let backoff = jittered(ctx, SYNC_ERROR_BACKOFF_MS);
                w.wait_start_ms = ctx.now_ms + backoff;
            }
            ctx.inside(&self.name, pod_ref(&w.pod), Inside::WaitingForVolumes);
            return;
        }
        if !w.sandbox_ready {
            w.sandbox_ready = true;
            ctx.changed();
        }
        w.phase = WorkerPhase::Starting;
        self.publish_status(id, ctx);
        self.start_next(id, 0, ctx);
        let _ = node_index;
    }

    /// The periodic pod resync: remount projected volumes (their content may have changed)
    /// and retry containers that failed to start.
    pub(crate) fn resync(&mut self, id: PodId, ctx: &mut Ctx<'_>) {
        let node = self.index;
        let Some(w) = self.workers.get_mut(&id) else { return };
        if w.phase == WorkerPhase::Terminating {
            return;
        }
        let vols: Vec<usize> =
            w.volumes.iter().enumerate().filter(|(_, v)| v.mounted && !v.retry_pending).map(|(i, _)| i).collect();
        let failed = w.containers.iter().any(|c| matches!(c.state, RunState::Waiting { .. }));
        let needs_sync = failed && w.volumes.iter().all(|v| v.mounted) && !w.sync_pending;
        if needs_sync {
            w.sync_pending = true;
        }
        ctx.inside(&self.name, pod_ref(&w.pod), Inside::Resync);
        for v in vols {
            self.mount(id, v, ctx);
        }
        if needs_sync {
            ctx.queue.push(ctx.now_ms, Task::Sync { node, pod: id }, false);
        }
        let next = jittered(ctx, ctx.settings.sync_period_ms);
        ctx.queue.push(ctx.now_ms + next, Task::Resync { node, pod: id }, false);
    }

    /// A pod update changed container images: each changed container is killed and started
    /// again with the new image (kuberuntime_manager.go computePodActions: "definition changed").
    /// Its environment is resolved again at that start.
    pub(crate) fn update_pod(&mut self, id: PodId, new: &Pod, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get_mut(&id) else { return };
        if w.phase == WorkerPhase::Terminating {
            return;
        }
        let new_images: Vec<(String, Option<String>)> =
            new.spec.iter().flat_map(|s| s.containers.iter().map(|c| (c.name.clone(), c.image.clone()))).collect();
        let mut first_changed = None;
        if let Some(spec) = std::rc::Rc::make_mut(&mut w.pod).spec.as_mut() {
            for (c, (_, img)) in spec.containers.iter_mut().zip(&new_images) {
                if c.image != *img {
                    c.image = img.clone();
                    first_changed = Some(0);
                }
            }
        }
        let Some(from) = first_changed else { return };
        let pod = w.pod.clone();
        for c in w.containers.iter_mut().filter(|c| !c.init) {
            let Some(img) = new_images.iter().find(|(n, _)| *n == c.name).and_then(|(_, i)| i.clone()) else { continue };
            if c.image == img {
                continue;
            }
            c.image = img;
            if matches!(c.state, RunState::Running { .. }) {
                let name = c.name.clone();
                ctx.event(
                    &pod,
                    Some(&format!("spec.containers{{{name}}}")),
                    EventType::Normal,
                    "Killing",
                    format!("Container {name} definition changed, will be restarted"),
                );
                c.restart_count += 1;
            }
            c.state = RunState::Waiting { reason: "ContainerCreating".to_owned(), message: None };
            c.ready = false;
            c.env.clear();
        }
        w.phase = WorkerPhase::Starting;
        ctx.changed();
        self.publish_status(id, ctx);
        self.start_next(id, from, ctx);
    }

    /// The pod is gone: volumes (and their tmpfs content) are torn down, references released.
    pub(crate) fn remove(&mut self, id: PodId, ctx: &mut Ctx<'_>) -> Option<PodWorker> {
        let w = self.workers.remove(&id)?;
        let ns = w.pod.metadata.namespace.clone().unwrap_or_default();
        for (is_secret, name) in &w.refs {
            if *is_secret {
                self.secrets.unregister(&ns, name);
            } else {
                self.config_maps.unregister(&ns, name);
            }
        }
        if let Some(uid) = &w.pod.metadata.uid {
            self.fs.remove_all(&format!("{PODS_DIR}/{uid}"));
        }
        ctx.inside(&self.name, pod_ref(&w.pod), Inside::Removed);
        ctx.changed();
        Some(w)
    }
}
