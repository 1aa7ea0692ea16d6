//! One node's kubelet: pod workers, the volume manager's mounts with exponential
//! backoff, image pulls, container starts with their environment, and pod status.
//!
//! Mirrors `pkg/kubelet/kubelet.go` (SyncPod), `pkg/kubelet/pod_workers.go` (resync
//! every syncFrequency with jitter 0.5), `pkg/kubelet/volumemanager/` (reconciler,
//! `WaitForAttachAndMount` polling every 300 ms up to 2m3s),
//! `pkg/util/goroutinemap/exponentialbackoff/` (500 ms doubling to 2m2s),
//! `pkg/kubelet/kubelet_pods.go` (makeEnvironmentVariables, generateAPIPodStatus) and
//! `pkg/kubelet/kuberuntime/kuberuntime_container.go` (startContainer events).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use kubeplay_api::k8s_openapi::api::core::v1::{
    Container, ContainerState as ApiContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    ContainerStatus, HostIP, Pod, PodCondition, PodIP, PodSpec, PodStatus,
};
use kubeplay_api::store::time_at;
use kubeplay_api::Store;
use serde::Serialize;

use crate::atomic_writer;
use crate::events::{go_duration, EventType};
use crate::secret_manager::{ConfigMapManager, SecretManager};
use crate::tmpfs::{join, Inode, Tmpfs};
use crate::volume_plugins::{self, Sources};
use crate::{Ctx, PodId, Task};

/// `initialDurationBeforeRetry` (pkg/util/goroutinemap/exponentialbackoff).
pub const BACKOFF_INITIAL_MS: u64 = 500;
/// `maxDurationBeforeRetry` = 2m2s.
pub const BACKOFF_MAX_MS: u64 = 2 * 60_000 + 2_000;
/// `podAttachAndMountTimeout` = 2m3s (WaitForAttachAndMount gives up, the pod worker retries).
pub const MOUNT_WAIT_TIMEOUT_MS: u64 = 2 * 60_000 + 3_000;
/// `podAttachAndMountRetryInterval` = 300 ms.
pub const MOUNT_POLL_MS: u64 = 300;
/// The pod worker's back-off after a failed sync (`backOffPeriod` = 10 s, jitter 0.5).
pub const SYNC_ERROR_BACKOFF_MS: u64 = 10_000;

/// The root of pod directories on a node.
pub const PODS_DIR: &str = "/var/lib/kubelet/pods";

/// Where a value of the container's environment came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "camelCase")]
pub enum EnvSource {
    /// A literal `value`.
    Value,
    /// `valueFrom.secretKeyRef`.
    SecretKeyRef {
        /// Secret name.
        name: String,
        /// Key.
        key: String,
    },
    /// `valueFrom.configMapKeyRef`.
    ConfigMapKeyRef {
        /// ConfigMap name.
        name: String,
        /// Key.
        key: String,
    },
    /// `envFrom.secretRef` (with its prefix).
    SecretRef {
        /// Secret name.
        name: String,
        /// Prefix.
        prefix: String,
    },
    /// `envFrom.configMapRef`.
    ConfigMapRef {
        /// ConfigMap name.
        name: String,
        /// Prefix.
        prefix: String,
    },
    /// `valueFrom.fieldRef`.
    FieldRef {
        /// The field path.
        path: String,
    },
}

/// One environment variable as the container got it at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvEntry {
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
    /// Origin.
    pub source: EnvSource,
}

/// A container's state on the node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RunState {
    /// Not running yet; the reason is what `kubectl get pods` shows.
    Waiting {
        /// `ContainerCreating`, `CreateContainerConfigError`, ...
        reason: String,
        /// Details.
        message: Option<String>,
    },
    /// Running since a virtual time.
    Running {
        /// Start time (ms).
        started_ms: u64,
    },
    /// Stopped.
    Terminated {
        /// `Completed`, `Error`.
        reason: String,
        /// Exit code.
        exit_code: i32,
        /// When it stopped (ms).
        finished_ms: u64,
    },
}

/// A file or directory captured for a `subPath` mount at container start (a bind mount
/// of the resolved path: later atomic-writer updates never reach it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bind {
    /// A single file.
    File(Inode),
    /// A directory's visible files.
    Dir(Vec<(String, Inode)>),
    /// Nothing at that path.
    Missing,
}

/// One volume mount of a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerMount {
    /// Where the container sees it.
    pub mount_path: String,
    /// Index of the volume in the pod.
    pub volume: usize,
    /// `readOnly`.
    pub read_only: bool,
    /// `subPath`, if any.
    pub sub_path: Option<String>,
    /// The captured subPath content (set at start).
    pub bind: Option<Bind>,
}

/// A container on the node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRuntime {
    /// Name.
    pub name: String,
    /// Image as written in the spec.
    pub image: String,
    /// State.
    pub state: RunState,
    /// Ready (no probes: ready once running).
    pub ready: bool,
    /// The environment resolved at start (empty before).
    pub env: Vec<EnvEntry>,
    /// Its mounts.
    pub mounts: Vec<ContainerMount>,
    /// How many times it was restarted.
    pub restart_count: i32,
}

/// One volume of a pod on the node (the volume manager's actual state of the world).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeState {
    /// Volume name.
    pub name: String,
    /// Host directory, `/var/lib/kubelet/pods/<uid>/volumes/<plugin>/<name>`.
    pub host_dir: String,
    /// Mounted at least once.
    pub mounted: bool,
    /// Current exponential backoff (0 = none).
    pub backoff_ms: u64,
    /// A retry is queued.
    pub retry_pending: bool,
}

/// Where a pod is in its life on the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum WorkerPhase {
    /// Waiting for volumes to mount.
    WaitingForVolumes,
    /// Pulling images and starting containers.
    Starting,
    /// All containers started (or failed to, and waiting for a retry).
    Running,
    /// Being deleted.
    Terminating,
}

/// A pod on a node.
#[derive(Debug, Clone)]
pub struct PodWorker {
    /// The pod as the kubelet received it, without its status (the status manager's
    /// writes go to the API server). Boxed: a `Pod` is kilobytes inline.
    pub pod: Box<Pod>,
    /// Its volumes.
    pub volumes: Vec<VolumeState>,
    /// Its containers.
    pub containers: Vec<ContainerRuntime>,
    /// Where it is.
    pub phase: WorkerPhase,
    /// When the current WaitForAttachAndMount began.
    pub wait_start_ms: u64,
    /// Pod IP.
    pub ip: String,
    /// When the kubelet took the pod.
    pub start_ms: u64,
    /// The sandbox exists (volumes were ready once).
    pub sandbox_ready: bool,
    /// A pod sync is queued.
    pub sync_pending: bool,
    /// Secret and config map references registered with the managers.
    refs: Vec<(bool, String)>,
}

/// A node and its kubelet.
#[derive(Debug, Clone)]
pub struct Node {
    /// Node name, `node-1`...
    pub name: String,
    /// Labels (`kubernetes.io/hostname`, `kubernetes.io/os`, `kubernetes.io/arch`).
    pub labels: BTreeMap<String, String>,
    /// The node's filesystem (volumes live here; secret volumes are tmpfs).
    pub fs: Tmpfs,
    /// The secret manager.
    pub secrets: SecretManager,
    /// The config map manager.
    pub config_maps: ConfigMapManager,
    /// Pods on this node.
    pub workers: BTreeMap<PodId, PodWorker>,
    /// Images present.
    images: BTreeSet<String>,
    /// Internal IP.
    pub ip: String,
    index: u16,
    next_pod_ip: u32,
    /// The last formatted timestamp-directory second: (virtual second, `YYYY_MM_DD_hh_mm_ss`).
    ts_cache: (Option<u64>, String),
}

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

/// `docker.io/library/redis:latest` for `redis`: how the runtime names an image.
pub fn normalize_image(image: &str) -> String {
    let (name, tagged) = match image.rsplit_once('/') {
        Some((_, last)) => (image.to_owned(), last.contains(':') || last.contains('@')),
        None => (image.to_owned(), image.contains(':') || image.contains('@')),
    };
    let first = name.split('/').next().unwrap_or("");
    let has_registry = name.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    let mut full = if has_registry {
        name
    } else if name.contains('/') {
        format!("docker.io/{name}")
    } else {
        format!("docker.io/library/{name}")
    };
    if !tagged {
        full.push_str(":latest");
    }
    full
}

/// 64 hex digits derived from a seed (image digests and container ids).
fn hex64(seed: u64) -> String {
    use std::fmt::Write as _;
    let mut x = seed;
    let mut out = String::with_capacity(64);
    for _ in 0..4 {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        // Writing to a String cannot fail.
        let _ = write!(out, "{:016x}", z ^ (z >> 31));
    }
    out
}

/// A stable pseudo-size of an image in bytes (kubeplay pulls nothing).
fn image_size(image: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in image.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    30_000_000 + h % 100_000_000
}

impl Node {
    /// A node named `node-<index+1>`.
    pub fn new(index: u16, settings: &crate::Settings) -> Self {
        let name = format!("node-{}", index + 1);
        let labels = [
            ("kubernetes.io/arch".to_owned(), "amd64".to_owned()),
            ("kubernetes.io/hostname".to_owned(), name.clone()),
            ("kubernetes.io/os".to_owned(), "linux".to_owned()),
        ]
        .into();
        Node {
            name,
            labels,
            fs: Tmpfs::default(),
            secrets: SecretManager::new(settings.strategy, settings.cache_ttl_ms),
            config_maps: ConfigMapManager::new(settings.strategy, settings.cache_ttl_ms),
            workers: BTreeMap::new(),
            images: BTreeSet::new(),
            ip: format!("172.18.0.{}", u32::from(index) + 2),
            index,
            next_pod_ip: 2,
            ts_cache: (None, String::new()),
        }
    }

    /// The node's index in the cluster.
    pub fn index(&self) -> u16 {
        self.index
    }

    /// Bytes of secret, config map and projected volume content held in memory on this node.
    pub fn tmpfs_bytes(&self) -> usize {
        self.fs.bytes_used()
    }

    /// HandlePodAdditions: a pod was bound to this node.
    pub(crate) fn add_pod(&mut self, id: PodId, pod: Box<Pod>, ctx: &mut Ctx<'_>) {
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
        let volumes: Vec<VolumeState> = spec
            .volumes
            .iter()
            .flatten()
            .map(|v| VolumeState {
                name: v.name.clone(),
                host_dir: format!("{PODS_DIR}/{uid}/volumes/{}/{}", volume_plugins::plugin_dir(v), v.name),
                mounted: false,
                backoff_ms: 0,
                retry_pending: false,
            })
            .collect();
        let containers = spec
            .containers
            .iter()
            .map(|c| ContainerRuntime {
                name: c.name.clone(),
                image: c.image.clone().unwrap_or_default(),
                state: RunState::Waiting { reason: "ContainerCreating".to_owned(), message: None },
                ready: false,
                env: Vec::new(),
                mounts: container_mounts(c, &volumes),
                restart_count: 0,
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
        ctx.note(|| format!("kubelet on {} admitted pod {}/{}", self.name, ns, self.pod_name(id)));
    }

    fn pod_name(&self, id: PodId) -> String {
        self.workers.get(&id).and_then(|w| w.pod.metadata.name.clone()).unwrap_or_default()
    }

    /// The volume reconciler's attempt to (re)mount one volume.
    pub(crate) fn mount(&mut self, id: PodId, vol: usize, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get_mut(&id) else { return };
        if w.phase == WorkerPhase::Terminating {
            return;
        }
        let Some(state) = w.volumes.get_mut(vol) else { return };
        state.retry_pending = false;
        let was_mounted = state.mounted;
        let Some(spec_vol) = w.pod.spec.as_ref().and_then(|s| s.volumes.as_ref()).and_then(|v| v.get(vol)) else { return };
        let Some(host_dir) = w.volumes.get(vol).map(|v| v.host_dir.as_str()) else { return };
        let result = if volume_plugins::is_projected_kind(spec_vol) {
            let mut src = Sources {
                store: ctx.store,
                secrets: &mut self.secrets,
                config_maps: &mut self.config_maps,
                now_ms: ctx.now_ms,
                pod_start_ms: w.start_ms,
            };
            volume_plugins::make_payload(spec_vol, &w.pod, &mut src).and_then(|payload| {
                let fs_group =
                    w.pod.spec.as_ref().and_then(|s| s.security_context.as_ref()).and_then(|c| c.fs_group).map(|g| g as u32);
                let ts = ts_dir_name(&mut self.ts_cache, ctx);
                atomic_writer::write(&mut self.fs, host_dir, &payload, &ts, fs_group)
            })
        } else {
            // emptyDir (and anything else): a plain directory.
            if self.fs.lstat(host_dir).is_none() {
                self.fs.mkdir_all(host_dir, 0o777);
            }
            Ok(atomic_writer::WriteOutcome { written: !was_mounted, ts_dir: String::new() })
        };
        let Some(state) = w.volumes.get_mut(vol) else { return };
        let node = &self.name;
        let pod = &w.pod;
        match result {
            Ok(outcome) => {
                let first = !state.mounted;
                state.mounted = true;
                state.backoff_ms = 0;
                let vol_name = &state.name;
                if first {
                    ctx.note(|| format!("kubelet on {node} mounted volume {vol_name:?} of pod {}", pod_key(pod)));
                    ctx.changed();
                } else if outcome.written {
                    ctx.note(|| {
                        format!(
                            "kubelet on {node} updated volume {vol_name:?} of pod {}: new {} directory, ..data swapped",
                            pod_key(pod),
                            outcome.ts_dir
                        )
                    });
                    ctx.changed();
                } else {
                    ctx.note(|| format!("kubelet on {node} re-checked volume {vol_name:?} of pod {}: unchanged", pod_key(pod)));
                }
                if first && w.phase == WorkerPhase::WaitingForVolumes && w.volumes.iter().all(|v| v.mounted) && !w.sync_pending {
                    // WaitForAttachAndMount notices at its next 300 ms poll, or the pod worker's next try.
                    let at = next_mount_poll(w.wait_start_ms, ctx.now_ms);
                    w.sync_pending = true;
                    ctx.queue.push(at, Task::Sync { node: self.index, pod: id }, true);
                }
            }
            Err(err) => {
                let vol_name = &state.name;
                // operation_generator: GenerateError("MountVolume.SetUp failed", err) → `… for volume "v" : err`
                let msg = format!("MountVolume.SetUp failed for volume {} : {err}", kubeplay_api::field::go_quote(vol_name));
                state.backoff_ms =
                    if state.backoff_ms == 0 { BACKOFF_INITIAL_MS } else { (state.backoff_ms * 2).min(BACKOFF_MAX_MS) };
                let retry = state.backoff_ms;
                if !state.mounted {
                    state.retry_pending = true;
                    ctx.queue.push(ctx.now_ms + retry, Task::Mount { node: self.index, pod: id, volume: vol as u16 }, false);
                }
                ctx.event(pod, None, EventType::Warning, "FailedMount", msg);
                let vol_name = &state.name;
                ctx.note(|| {
                    format!(
                        "kubelet on {node}: mount of {vol_name:?} for {} failed; retry in {}",
                        pod_key(pod),
                        go_duration(retry)
                    )
                });
            }
        }
    }

    /// syncPod's "ensure the kubelet knows about referenced secrets or configmaps used by
    /// the pod" (pkg/kubelet/kubelet.go): RegisterPod on every sync. Only the Cache strategy
    /// notices: its AddReference drops the cached objects (cache_based_manager.go).
    fn register_again(&mut self, id: PodId) {
        let Some(w) = self.workers.get(&id) else { return };
        let ns = w.pod.metadata.namespace.as_deref().unwrap_or("");
        for (is_secret, name) in &w.refs {
            if *is_secret {
                self.secrets.refresh(ns, name);
            } else {
                self.config_maps.refresh(ns, name);
            }
        }
    }

    /// SyncPod: wait for volumes, then start containers that are not running.
    pub(crate) fn sync(&mut self, id: PodId, ctx: &mut Ctx<'_>) {
        let node_index = self.index;
        if self.workers.get(&id).is_some_and(|w| w.phase != WorkerPhase::Terminating) {
            self.register_again(id);
        }
        let Some(w) = self.workers.get_mut(&id) else { return };
        w.sync_pending = false;
        if w.phase == WorkerPhase::Terminating {
            return;
        }
        if !w.volumes.iter().all(|v| v.mounted) {
            if ctx.now_ms >= w.wait_start_ms + MOUNT_WAIT_TIMEOUT_MS {
                // WaitForAttachAndMount timed out: the pod worker backs off and tries again.
                let backoff = jittered(ctx, SYNC_ERROR_BACKOFF_MS);
                w.wait_start_ms = ctx.now_ms + backoff;
            }
            ctx.note(|| format!("kubelet on {} is waiting for the volumes of {}", self.name, pod_key(&w.pod)));
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

    /// Starts containers from index `from` on: pulls the image (an async step), or goes on.
    fn start_next(&mut self, id: PodId, from: usize, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get_mut(&id) else { return };
        let Some(i) = (from..w.containers.len()).find(|&i| !matches!(w.containers[i].state, RunState::Running { .. })) else {
            w.phase = WorkerPhase::Running;
            self.publish_status(id, ctx);
            return;
        };
        let Some(spec) = w.pod.spec.as_ref().and_then(|s| s.containers.get(i)) else { return };
        let image = spec.image.clone().unwrap_or_default();
        let policy = spec.image_pull_policy.clone().unwrap_or_else(|| "IfNotPresent".to_owned());
        let who = crate::pod_ref(&w.pod);
        let field = format!("spec.containers{{{}}}", spec.name);
        if i == 0 || from == 0 {
            self.check_pull_secrets(id, ctx);
        }
        let present = self.images.contains(&image);
        if policy == "Never" && !present {
            let msg =
                format!("Container image {} is not present with pull policy of Never", kubeplay_api::field::go_quote(&image));
            ctx.event_at(who, Some(&field), EventType::Warning, "ErrImageNeverPull", msg.clone());
            if let Some(c) = self.workers.get_mut(&id).and_then(|w| w.containers.get_mut(i)) {
                c.state = RunState::Waiting { reason: "ErrImageNeverPull".to_owned(), message: Some(msg) };
            }
            self.publish_status(id, ctx);
            self.start_next(id, i + 1, ctx);
            return;
        }
        if policy == "Always" || !present {
            // image_manager.go: Pulling, then Pulled when the pull finishes.
            ctx.event_at(
                who,
                Some(&field),
                EventType::Normal,
                "Pulling",
                format!("Pulling image {}", kubeplay_api::field::go_quote(&image)),
            );
            let pull_ms = 800 + ctx.random() % 2200;
            ctx.queue.push(
                ctx.now_ms + pull_ms,
                Task::PullDone { node: self.index, pod: id, container: i as u16, pull_ms },
                true,
            );
            return;
        }
        // Container image "x" already present on machine (no size suffix).
        ctx.event_at(
            who,
            Some(&field),
            EventType::Normal,
            "Pulled",
            format!("Container image {} already present on machine", kubeplay_api::field::go_quote(&image)),
        );
        self.create_and_start(id, i, ctx);
        self.start_next(id, i + 1, ctx);
    }

    /// getPullSecretsForPod: a missing pull secret is a warning, not a blocker.
    fn check_pull_secrets(&mut self, id: PodId, ctx: &mut Ctx<'_>) {
        let Some(pod) = self.workers.get(&id).map(|w| &w.pod) else { return };
        let ns = pod.metadata.namespace.as_deref().unwrap_or("");
        let mut missing = Vec::new();
        for s in pod.spec.iter().flat_map(|s| s.image_pull_secrets.iter().flatten()) {
            if s.name.is_empty() {
                continue;
            }
            if self.secrets.get(ctx.store, ns, &s.name, ctx.now_ms).is_err() {
                missing.push(s.name.clone());
            }
        }
        if !missing.is_empty() {
            let msg = format!(
                "Unable to retrieve some image pull secrets ({}); attempting to pull the image may not succeed.",
                missing.join(", ")
            );
            ctx.event(pod, None, EventType::Warning, "FailedToRetrieveImagePullSecret", msg);
        }
    }

    /// The image pull of container `i` finished.
    pub(crate) fn pull_done(&mut self, id: PodId, i: usize, pull_ms: u64, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get(&id) else { return };
        if w.phase == WorkerPhase::Terminating {
            return;
        }
        let Some(c) = w.containers.get(i) else { return };
        let image = c.image.clone();
        let field = format!("spec.containers{{{}}}", c.name);
        let who = crate::pod_ref(&w.pod);
        self.images.insert(image.clone());
        let d = go_duration(pull_ms);
        ctx.event_at(
            who,
            Some(&field),
            EventType::Normal,
            "Pulled",
            format!(
                "Successfully pulled image {} in {d} ({d} including waiting). Image size: {} bytes.",
                kubeplay_api::field::go_quote(&image),
                image_size(&image)
            ),
        );
        self.create_and_start(id, i, ctx);
        self.start_next(id, i + 1, ctx);
    }

    /// generateContainerConfig (env), then Created and Started, or Failed with CreateContainerConfigError.
    fn create_and_start(&mut self, id: PodId, i: usize, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get(&id) else { return };
        let Some(spec) = w.pod.spec.as_ref().and_then(|s| s.containers.get(i)) else { return };
        let who = crate::pod_ref(&w.pod);
        let field = format!("spec.containers{{{}}}", spec.name);
        let env = {
            let ns = w.pod.metadata.namespace.as_deref().unwrap_or("");
            make_environment(spec, &w.pod, &w.ip, &self.ip, ns, &mut self.secrets, &mut self.config_maps, ctx.store, ctx.now_ms)
        };
        let Some(w) = self.workers.get_mut(&id) else { return };
        match env {
            Err(msg) => {
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
                ctx.event_at(who.clone(), Some(&field), EventType::Normal, "Created", format!("Created container: {name}"));
                ctx.event_at(who, Some(&field), EventType::Normal, "Started", format!("Started container {name}"));
                ctx.changed();
                self.publish_status(id, ctx);
            }
        }
    }

    /// The periodic pod resync: remount projected volumes (their content may have changed)
    /// and retry containers that failed to start.
    pub(crate) fn resync(&mut self, id: PodId, ctx: &mut Ctx<'_>) {
        let node = self.index;
        if self.workers.get(&id).is_some_and(|w| w.phase != WorkerPhase::Terminating) {
            self.register_again(id);
        }
        let Some(w) = self.workers.get_mut(&id) else { return };
        if w.phase == WorkerPhase::Terminating {
            return;
        }
        let vols: Vec<usize> =
            w.volumes.iter().enumerate().filter(|(_, v)| v.mounted && !v.retry_pending).map(|(i, _)| i).collect();
        let failed = w.containers.iter().any(|c| !matches!(c.state, RunState::Running { .. }));
        let needs_sync = failed && w.volumes.iter().all(|v| v.mounted) && !w.sync_pending;
        if needs_sync {
            w.sync_pending = true;
        }
        ctx.note(|| format!("kubelet on {} resyncs pod {}", self.name, pod_key(&w.pod)));
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
        let new_images: Vec<Option<String>> =
            new.spec.iter().flat_map(|s| s.containers.iter().map(|c| c.image.clone())).collect();
        let mut first_changed = None;
        if let Some(spec) = w.pod.spec.as_mut() {
            for (i, (c, img)) in spec.containers.iter_mut().zip(&new_images).enumerate() {
                if c.image != *img {
                    c.image = img.clone();
                    first_changed = first_changed.or(Some(i));
                }
            }
        }
        let Some(from) = first_changed else { return };
        let pod = w.pod.clone();
        for (i, c) in w.containers.iter_mut().enumerate() {
            let Some(img) = new_images.get(i).cloned().flatten() else { continue };
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

    /// Graceful deletion: stop the containers (`Killing`), then remove the pod.
    pub(crate) fn kill(&mut self, id: PodId, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get_mut(&id) else { return };
        if w.phase == WorkerPhase::Terminating {
            return;
        }
        w.phase = WorkerPhase::Terminating;
        let who = crate::pod_ref(&w.pod);
        let running: Vec<String> =
            w.containers.iter().filter(|c| matches!(c.state, RunState::Running { .. })).map(|c| c.name.clone()).collect();
        for c in &mut w.containers {
            if matches!(c.state, RunState::Running { .. }) {
                c.state = RunState::Terminated { reason: "Completed".to_owned(), exit_code: 0, finished_ms: ctx.now_ms + 100 };
                c.ready = false;
            }
        }
        for name in running {
            ctx.event_at(
                who.clone(),
                Some(&format!("spec.containers{{{name}}}")),
                EventType::Normal,
                "Killing",
                format!("Stopping container {name}"),
            );
        }
        ctx.queue.push(ctx.now_ms + 100, Task::Remove { node: self.index, pod: id }, true);
        ctx.changed();
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
        ctx.note(|| format!("kubelet on {} removed pod {} and its volumes", self.name, pod_key(&w.pod)));
        ctx.changed();
        Some(w)
    }

    /// generateAPIPodStatus → the status manager's write to the API server.
    pub(crate) fn publish_status(&self, id: PodId, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get(&id) else { return };
        let mut status = pod_status(w, &self.ip, ctx.now_ms);
        let ns = w.pod.metadata.namespace.as_deref().unwrap_or("");
        let name = w.pod.metadata.name.as_deref().unwrap_or("");
        // A condition keeps its lastTransitionTime while its status stays the same.
        let old = ctx.store.pod(ns, name).and_then(|p| p.status.as_ref()).and_then(|s| s.conditions.as_ref());
        if let (Some(old), Some(new)) = (old, status.conditions.as_mut()) {
            for c in new.iter_mut() {
                if let Some(o) = old.iter().find(|o| o.type_ == c.type_ && o.status == c.status) {
                    c.last_transition_time = o.last_transition_time.clone();
                }
            }
        }
        if ctx.store.update_pod_status(ns, name, status) {
            ctx.changed();
        }
    }
}

fn pod_key(p: &Pod) -> String {
    format!("{}/{}", p.metadata.namespace.as_deref().unwrap_or(""), p.metadata.name.as_deref().unwrap_or(""))
}

/// `wait.Jitter(d, 0.5)`: a duration in [d, 1.5d).
fn jittered(ctx: &mut Ctx<'_>, d: u64) -> u64 {
    let span = (d / 2).max(1);
    d + ctx.random() % span
}

/// When WaitForAttachAndMount (started at `wait_start`, polling every 300 ms, giving up
/// after 2m3s, retried 10 s later) next notices that the volumes are ready.
pub fn next_mount_poll(wait_start: u64, now: u64) -> u64 {
    if now < wait_start {
        return wait_start;
    }
    let into = now - wait_start;
    if into > MOUNT_WAIT_TIMEOUT_MS {
        // The pod worker's next attempt starts a new wait that sees them at once.
        let cycle = MOUNT_WAIT_TIMEOUT_MS + SYNC_ERROR_BACKOFF_MS;
        let cycles = into / cycle;
        let in_cycle = into % cycle;
        if in_cycle <= MOUNT_WAIT_TIMEOUT_MS {
            return wait_start + cycles * cycle + in_cycle.div_ceil(MOUNT_POLL_MS) * MOUNT_POLL_MS;
        }
        return wait_start + (cycles + 1) * cycle;
    }
    wait_start + into.div_ceil(MOUNT_POLL_MS) * MOUNT_POLL_MS
}

/// `..YYYY_MM_DD_hh_mm_ss.<random>`, the name of a new timestamped directory: the formatted
/// second is cached in `cache`, the random suffix is drawn every time.
fn ts_dir_name(cache: &mut (Option<u64>, String), ctx: &mut Ctx<'_>) -> String {
    let second = ctx.now_ms / 1000;
    if cache.0 != Some(second) {
        *cache = (Some(second), ts_stamp(ctx.now_ms));
    }
    format!("..{}.{}", cache.1, ctx.random() % 4_294_967_296)
}

/// The `YYYY_MM_DD_hh_mm_ss` of `..YYYY_MM_DD_hh_mm_ss.<random>`, the name
/// `os.MkdirTemp(dir, time.Now().UTC().Format("..2006_01_02_15_04_05."))` gives.
fn ts_stamp(now_ms: u64) -> String {
    let ms = kubeplay_api::store::EPOCH_UNIX_MS + now_ms as i64;
    kubeplay_api::k8s_openapi::jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y_%m_%d_%H_%M_%S").to_string())
        .unwrap_or_default()
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
) -> Result<Vec<EnvEntry>, String> {
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
                Err(e) => return Err(e.message),
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
                Err(e) => return Err(e.message),
            }
        }
    }
    for e in c.env.iter().flatten() {
        let value = e.value.clone().unwrap_or_default();
        if !value.is_empty() {
            let expanded = expand(&value, &env);
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
                Err(err) => return Err(err.message),
            };
            match secret.data.as_ref().and_then(|d| d.get(&r.key)) {
                Some(v) => {
                    let value = String::from_utf8_lossy(&v.0).into_owned();
                    set(&mut env, e.name.clone(), value, EnvSource::SecretKeyRef { name: r.name.clone(), key: r.key.clone() });
                }
                None if r.optional == Some(true) => continue,
                None => return Err(format!("couldn't find key {} in Secret {ns}/{}", r.key, r.name)),
            }
        } else if let Some(r) = &from.config_map_key_ref {
            let cm = match config_maps.get(store, ns, &r.name, now_ms) {
                Ok(c) => c,
                Err(err) if err.not_found && r.optional == Some(true) => continue,
                Err(err) => return Err(err.message),
            };
            match cm.data.as_ref().and_then(|d| d.get(&r.key)) {
                Some(v) => set(
                    &mut env,
                    e.name.clone(),
                    v.clone(),
                    EnvSource::ConfigMapKeyRef { name: r.name.clone(), key: r.key.clone() },
                ),
                None if r.optional == Some(true) => continue,
                None => return Err(format!("couldn't find key {} in ConfigMap {ns}/{}", r.key, r.name)),
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
                other => return Err(format!("unsupported fieldPath: {other}")),
            };
            set(&mut env, e.name.clone(), v, EnvSource::FieldRef { path: f.field_path.clone() });
        }
    }
    Ok(env)
}

/// `$(VAR)` expansion (third_party/forked/golang/expansion): `$$` escapes, unknown names stay.
fn expand(input: &str, env: &[EnvEntry]) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('(') {
            match body.find(')') {
                Some(j) => {
                    let name = &body[..j];
                    match env.iter().find(|e| e.name == name) {
                        Some(e) => out.push_str(&e.value),
                        None => {
                            out.push_str("$(");
                            out.push_str(name);
                            out.push(')');
                        }
                    }
                    rest = &body[j + 1..];
                }
                None => {
                    out.push_str("$(");
                    rest = body;
                }
            }
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn condition(type_: &str, ok: bool, reason: Option<&str>, message: Option<String>, at_ms: u64) -> PodCondition {
    PodCondition {
        type_: type_.to_owned(),
        status: if ok { "True" } else { "False" }.to_owned(),
        reason: reason.map(str::to_owned),
        message,
        last_transition_time: Some(time_at(at_ms)),
        last_probe_time: None,
        ..Default::default()
    }
}

/// `generateAPIPodStatus`: phase, conditions (in the kubelet's order) and container statuses.
fn pod_status(w: &PodWorker, host_ip: &str, now_ms: u64) -> PodStatus {
    let mut statuses: Vec<ContainerStatus> = w
        .containers
        .iter()
        .map(|c| {
            let (state, started, image, image_id, container_id) = match &c.state {
                RunState::Waiting { reason, message } => (
                    ApiContainerState {
                        waiting: Some(ContainerStateWaiting { reason: Some(reason.clone()), message: message.clone() }),
                        ..Default::default()
                    },
                    false,
                    c.image.clone(),
                    String::new(),
                    None,
                ),
                RunState::Running { started_ms } => {
                    let image = normalize_image(&c.image);
                    let image_id = format!(
                        "{}@sha256:{}",
                        image.rsplit_once(':').map(|(n, _)| n).unwrap_or(""),
                        hex64(image_size(&c.image))
                    );
                    (
                        ApiContainerState {
                            running: Some(ContainerStateRunning { started_at: Some(time_at(*started_ms)) }),
                            ..Default::default()
                        },
                        true,
                        image,
                        image_id,
                        Some(format!("containerd://{}", hex64(image_size(&c.name) ^ *started_ms))),
                    )
                }
                RunState::Terminated { reason, exit_code, finished_ms } => (
                    ApiContainerState {
                        terminated: Some(ContainerStateTerminated {
                            reason: Some(reason.clone()),
                            exit_code: *exit_code,
                            finished_at: Some(time_at(*finished_ms)),
                            ..Default::default()
                        }),
                        ..Default::default()
                    },
                    false,
                    normalize_image(&c.image),
                    String::new(),
                    None,
                ),
            };
            ContainerStatus {
                name: c.name.clone(),
                image,
                image_id,
                container_id,
                ready: c.ready,
                restart_count: c.restart_count,
                started: Some(started),
                state: Some(state),
                ..Default::default()
            }
        })
        .collect();
    // kubetypes.SortedContainerStatuses
    statuses.sort_by(|a, b| a.name.cmp(&b.name));
    let waiting = w.containers.iter().any(|c| matches!(c.state, RunState::Waiting { .. }));
    let running = w.containers.iter().any(|c| matches!(c.state, RunState::Running { .. }));
    let phase = if waiting || !running { "Pending" } else { "Running" };
    let unready: Vec<&str> = w.containers.iter().filter(|c| !c.ready).map(|c| c.name.as_str()).collect();
    let ready = unready.is_empty();
    let unready_msg = (!ready).then(|| format!("containers with unready status: [{}]", unready.join(" ")));
    let reason = (!ready).then_some("ContainersNotReady");
    PodStatus {
        phase: Some(phase.to_owned()),
        conditions: Some(vec![
            condition("PodReadyToStartContainers", w.sandbox_ready, None, None, w.start_ms),
            condition("Initialized", true, None, None, w.start_ms),
            condition("Ready", ready, reason, unready_msg.clone(), now_ms),
            condition("ContainersReady", ready, reason, unready_msg, now_ms),
            condition("PodScheduled", true, None, None, w.start_ms),
        ]),
        container_statuses: Some(statuses),
        host_ip: Some(host_ip.to_owned()),
        host_ips: Some(vec![HostIP { ip: host_ip.to_owned() }]),
        pod_ip: w.sandbox_ready.then(|| w.ip.clone()),
        pod_ips: w.sandbox_ready.then(|| vec![PodIP { ip: w.ip.clone() }]),
        qos_class: Some("BestEffort".to_owned()),
        start_time: Some(time_at(w.start_ms)),
        ..Default::default()
    }
}

/// What a container sees under its mounts: absolute path → (mode, content, gid), following symlinks
/// and skipping `..` entries; subPath mounts show what was captured at start.
pub fn container_files(node: &Node, w: &PodWorker, c: &ContainerRuntime) -> BTreeMap<String, (u32, Rc<[u8]>, u32)> {
    let mut out = BTreeMap::new();
    for m in &c.mounts {
        let base = m.mount_path.trim_end_matches('/');
        let mut put = |rel: &str, inode: &Inode| {
            if let Inode::File { data, mode, gid } = inode {
                let path = if rel.is_empty() { base.to_owned() } else { format!("{base}/{rel}") };
                out.insert(path, (*mode, data.clone(), *gid));
            }
        };
        match (&m.sub_path, &m.bind) {
            (Some(_), Some(Bind::File(inode))) => put("", inode),
            (Some(_), Some(Bind::Dir(files))) => files.iter().for_each(|(p, n)| put(p, n)),
            (Some(_), _) => {}
            (None, _) => {
                let Some(vol) = w.volumes.get(m.volume) else { continue };
                for (rel, inode) in node.fs.visible_files(&vol.host_dir) {
                    put(&rel, inode);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_normalize_like_the_runtime() {
        assert_eq!(normalize_image("redis"), "docker.io/library/redis:latest");
        assert_eq!(normalize_image("bitnami/redis:7"), "docker.io/bitnami/redis:7");
        assert_eq!(normalize_image("registry.k8s.io/pause:3.9"), "registry.k8s.io/pause:3.9");
    }

    #[test]
    fn mount_poll_rounds_up_to_the_next_300ms() {
        assert_eq!(next_mount_poll(0, 0), 0);
        assert_eq!(next_mount_poll(0, 1), 300);
        assert_eq!(next_mount_poll(1000, 1500), 1600);
        // After the 2m3s window the next pod-worker attempt notices.
        assert_eq!(next_mount_poll(0, MOUNT_WAIT_TIMEOUT_MS + 5_000), MOUNT_WAIT_TIMEOUT_MS + SYNC_ERROR_BACKOFF_MS);
    }

    #[test]
    fn expansion_follows_kubernetes_rules() {
        let env = vec![EnvEntry { name: "A".to_owned(), value: "x".to_owned(), source: EnvSource::Value }];
        assert_eq!(expand("$(A)-$(B)-$$(A)", &env), "x-$(B)-$(A)");
    }
}
