//! One node's kubelet, laid out as the kubelet is: the [`Node`] and the types its parts
//! share (pod worker, container runtime state, volume state) live here; each part is a
//! module that adds its methods to [`Node`] and imports shared items only from this file.
//!
//! - `pod_workers`: HandlePodAdditions, SyncPod, resync, update, kill, removal
//!   (`pkg/kubelet/kubelet.go`, `pkg/kubelet/pod_workers.go`: resync every syncFrequency
//!   with jitter 0.5);
//! - `volume_manager`: mount attempts with exponential backoff (`pkg/kubelet/volumemanager/`
//!   reconciler, `WaitForAttachAndMount` polling every 300 ms up to 2m3s,
//!   `pkg/util/goroutinemap/exponentialbackoff/`: 500 ms doubling to 2m2s), over
//!   [`volume_plugins`] and the node's `atomic_writer`;
//! - [`secret_manager`] over the generic [`manager`] (`pkg/kubelet/secret/`, `pkg/kubelet/util/manager/`);
//! - [`image_manager`] over the [`keyring`]: pulls, pull secrets, the image back-off
//!   (`pkg/kubelet/images/image_manager.go`, `pkg/credentialprovider/keyring.go`);
//! - `runtime`: env resolution at start (`pkg/kubelet/kubelet_pods.go`
//!   makeEnvironmentVariables), container states (`pkg/kubelet/kuberuntime/kuberuntime_container.go`
//!   startContainer events);
//! - `status`: phase, conditions and container statuses (`generateAPIPodStatus`).

pub mod image_manager;
pub mod images;
pub mod keyring;
pub mod kuberuntime;
pub mod manager;
mod pod_workers;
pub mod process;
mod restarts;
mod runtime;
pub mod secret_manager;
mod status;
pub mod termination;
mod volume_manager;
pub mod volume_plugins;

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use kubeplay_api::k8s_openapi::api::core::v1::{Container, Pod};
use serde::Serialize;

use crate::ctx::Ctx;
use crate::queue::PodId;
use crate::tmpfs::{Inode, Tmpfs};
use crate::ttl_controller::{desired_ttl_seconds, TtlSource, TTL_ANNOTATION};

pub use secret_manager::{ConfigMapManager, SecretManager};

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
        /// `Completed`, `Error`, `StartError`.
        reason: String,
        /// The runtime's message, if any.
        message: Option<String>,
        /// Exit code.
        exit_code: i32,
        /// When it started (ms).
        started_ms: u64,
        /// When it stopped (ms).
        finished_ms: u64,
    },
}

/// The kubelet's crash-loop back-off entry of one container (`flowcontrol.Backoff`'s
/// `backoffEntry`, keyed by pod and container).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BackOffEntry {
    /// The current delay.
    pub delay_ms: u64,
    /// When `Next` last moved it.
    pub last_update_ms: u64,
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
    /// The previous instance's end (`lastState.terminated`), once it was restarted or is waiting to be.
    pub last_state: Option<RunState>,
    /// The command line its process runs (empty before it started, or for an unknown image without `command`).
    pub argv: Vec<String>,
    /// What kubeplay assumed about its process (an image or program it does not simulate).
    pub assumption: Option<String>,
    /// The current instance's log.
    pub log: crate::container_log::ContainerLog,
    /// The previous instance's log (`kubectl logs --previous`).
    pub previous_log: Option<crate::container_log::ContainerLog>,
    /// The crash-loop back-off entry (none until its first restart).
    pub backoff: Option<BackOffEntry>,
    /// An init container (`spec.initContainers`).
    pub init: bool,
    /// A native sidecar: an init container with `restartPolicy: Always`.
    pub sidecar: bool,
    /// The registry's refusal of the pull under way, reported when the pull ends.
    pub pull_error: Option<String>,
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
    /// writes go to the API server). Shared (`Rc`, copy-on-write): a `Pod` is kilobytes
    /// inline, and a time-machine snapshot then shares it instead of copying it.
    pub pod: std::rc::Rc<Pod>,
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
    /// An image pull is under way: SyncPod blocks on it, so other syncs wait for it.
    pub pulling: bool,
    /// A sync came while pulling: run it when the pull is done.
    pub sync_after_pull: bool,
    /// The image back-off of each image that failed to pull (`<podUID>_<image>` keys).
    pub image_backoff: Vec<image_manager::ImageBackOff>,
    /// The grace period its termination uses (0 until it is deleted; pod_workers.go `gracePeriod`).
    pub grace_period_s: i64,
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
    /// The Node object's uid (derived from the seed and the name; kubeplay's store holds no Node).
    pub uid: String,
    /// Annotations: `node.alpha.kubernetes.io/ttl` as the TTL controller sets it.
    pub annotations: BTreeMap<String, String>,
    /// The Cache strategy's TTL on this node and whether it is kubeplay's override of the annotation.
    pub cache_ttl: (u64, TtlSource),
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
pub(crate) fn hex64(seed: u64) -> String {
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

/// A UUID (version 4 layout) derived from a seed: the uid of a simulated object that the store
/// does not hold (a Node) or a token's `jti`.
pub(crate) fn uuid_from(seed: u64) -> String {
    let h = hex64(seed);
    let hex = |r: std::ops::Range<usize>| h.get(r).unwrap_or("");
    format!("{}-{}-4{}-a{}-{}", hex(0..8), hex(8..12), hex(13..16), hex(17..20), hex(20..32))
}

/// FNV-1a of some bytes (stable seeds for derived ids).
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A stable pseudo-size of an image in bytes (kubeplay pulls nothing).
pub(crate) fn image_size(image: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in image.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    30_000_000 + h % 100_000_000
}

impl Node {
    /// A node named `node-<index+1>`.
    pub fn new(index: u16, settings: &crate::settings::Settings) -> Self {
        let name = format!("node-{}", index + 1);
        let labels = [
            ("kubernetes.io/arch".to_owned(), "amd64".to_owned()),
            ("kubernetes.io/hostname".to_owned(), name.clone()),
            ("kubernetes.io/os".to_owned(), "linux".to_owned()),
        ]
        .into();
        // pkg/controller/ttl/ttl_controller.go updateNodeIfNeeded: every node carries the TTL for the cluster's size.
        let annotations = [(TTL_ANNOTATION.to_owned(), desired_ttl_seconds(u32::from(settings.nodes)).to_string())].into();
        let ttl_ms = settings.effective_cache_ttl_ms();
        let uid = uuid_from(settings.seed ^ fnv(name.as_bytes()));
        Node {
            name,
            uid,
            labels,
            annotations,
            cache_ttl: (ttl_ms, settings.cache_ttl_source),
            fs: Tmpfs::default(),
            secrets: SecretManager::new(settings.strategy, ttl_ms),
            config_maps: ConfigMapManager::new(settings.strategy, ttl_ms),
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
}

/// The spec of a container on the node (init containers by their own list).
pub(crate) fn spec_of<'a>(pod: &'a Pod, c: &ContainerRuntime) -> Option<&'a Container> {
    let spec = pod.spec.as_ref()?;
    if c.init {
        spec.init_containers.iter().flatten().find(|s| s.name == c.name)
    } else {
        spec.containers.iter().find(|s| s.name == c.name)
    }
}

/// `wait.Jitter(d, 0.5)`: a duration in [d, 1.5d).
pub(crate) fn jittered(ctx: &mut Ctx<'_>, d: u64) -> u64 {
    let span = (d / 2).max(1);
    d + ctx.random() % span
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
