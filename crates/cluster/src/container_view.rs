//! What a container sees from the inside: its full environment as the runtime sets it, its
//! file tree through its mounts, and its state. One function, [`container_view`], for every
//! reader (`kubectl exec`, the playground's views, scenario goals, `run --output json`).
//!
//! The environment mirrors what `env` prints in a real container: the image's `PATH`, the
//! runtime's `HOSTNAME` (the pod name), the pod spec's env/envFrom as the kubelet resolved
//! them at start (`pkg/kubelet/kubelet_pods.go` makeEnvironmentVariables), then the
//! `kubernetes` service's variables the kubelet adds (`getServiceEnvVarMap`,
//! `pkg/kubelet/envvars/envvars.go` FromServices) and the image's `HOME`, each only when the
//! spec did not set that name.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::cluster::Cluster;
use crate::container_log::LogLine;
use crate::error::Error;
use crate::kubelet::process::{container_env, container_fs};
use crate::kubelet::{container_files, EnvEntry, RunState};
use crate::tmpfs::Tmpfs;

/// Files visible under a container's mounts: absolute path → (mode, content, gid).
pub type Files = BTreeMap<String, (u32, Rc<[u8]>, u32)>;

/// One volume mount of the container, named as the pod spec names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountView {
    /// Where the container sees it.
    pub mount_path: String,
    /// The volume's name.
    pub volume: String,
    /// `readOnly`.
    pub read_only: bool,
    /// `subPath`, if any.
    pub sub_path: Option<String>,
}

/// What one container sees. `env`, `env_sources` and `files` are empty until the container has
/// started (a container that never started has no filesystem or environment); its whole file
/// tree is built on demand by [`ContainerView::file_tree`].
#[derive(Debug, Clone)]
pub struct ContainerView {
    /// The pod's namespace.
    pub namespace: String,
    /// The pod's name.
    pub pod: String,
    /// The container's name.
    pub container: String,
    /// Its state on the node.
    pub state: RunState,
    /// Ready (no probes: ready once running).
    pub ready: bool,
    /// Its full environment as `env` inside it prints it, in that order.
    pub env: Vec<(String, String)>,
    /// The pod spec's env and envFrom as resolved at start, with where each value came from.
    pub env_sources: Vec<EnvEntry>,
    /// Its mounts.
    pub mounts: Vec<MountView>,
    /// The files visible under its mounts (symlinks followed, `..` entries skipped).
    pub files: Files,
    /// The command line its process runs (empty before it started).
    pub argv: Vec<String>,
    /// What kubeplay assumed about its process, if anything (an image or program it does not simulate).
    pub assumption: Option<String>,
    /// How many times it was restarted.
    pub restart_count: i32,
    /// The previous instance's end, if it was restarted or waits to be.
    pub last_state: Option<RunState>,
    /// Its log lines written so far (the current instance's).
    pub log: Vec<LogLine>,
    /// An init container.
    pub init: bool,
}

impl ContainerView {
    /// Whether the container has started (running, or ran and stopped).
    pub fn started(&self) -> bool {
        matches!(self.state, RunState::Running { .. } | RunState::Terminated { .. })
    }

    /// Its whole file tree: the image's directories and every mount laid out at its mount path
    /// (with the kubelet's `..data` symlinks and timestamped directories); empty before it started.
    /// Built only for the readers that walk it (`kubectl exec`), not for every view.
    pub fn file_tree(&self, cluster: &Cluster) -> Tmpfs {
        let Some((node, w)) = cluster.worker(&self.namespace, &self.pod) else { return Tmpfs::default() };
        match w.containers.iter().find(|c| c.name == self.container) {
            Some(rt) if self.started() => container_fs(node, w, rt),
            _ => Tmpfs::default(),
        }
    }
}

/// What container `container` (the first one when `None`) of pod `namespace/pod` sees.
/// Errors name the pod or container that is missing, or say the pod is not on a node yet.
pub fn container_view(cluster: &Cluster, namespace: &str, pod: &str, container: Option<&str>) -> Result<ContainerView, Error> {
    if cluster.store().pod(namespace, pod).is_none() {
        return Err(Error::PodNotFound { namespace: namespace.to_owned(), name: pod.to_owned() });
    }
    let Some((node, w)) = cluster.worker(namespace, pod) else {
        return Err(Error::PodNotOnNode { namespace: namespace.to_owned(), name: pod.to_owned() });
    };
    let rt = match container {
        Some(name) => w.containers.iter().find(|c| c.name == name),
        None => w.containers.iter().find(|c| !c.init),
    };
    let Some(rt) = rt else {
        return Err(Error::ContainerNotFound {
            namespace: namespace.to_owned(),
            name: pod.to_owned(),
            container: container.unwrap_or_default().to_owned(),
        });
    };
    let mounts = rt
        .mounts
        .iter()
        .map(|m| MountView {
            mount_path: m.mount_path.clone(),
            volume: w.volumes.get(m.volume).map(|v| v.name.clone()).unwrap_or_default(),
            read_only: m.read_only,
            sub_path: m.sub_path.clone(),
        })
        .collect();
    let mut view = ContainerView {
        namespace: namespace.to_owned(),
        pod: pod.to_owned(),
        container: rt.name.clone(),
        state: rt.state.clone(),
        ready: rt.ready,
        env: Vec::new(),
        env_sources: Vec::new(),
        mounts,
        files: Files::new(),
        argv: rt.argv.clone(),
        assumption: rt.assumption.clone(),
        restart_count: rt.restart_count,
        last_state: rt.last_state.clone(),
        log: rt.log.visible(cluster.now_ms()).cloned().collect(),
        init: rt.init,
    };
    if view.started() {
        view.env = container_env(pod, rt);
        view.env_sources = rt.env.clone();
        view.files = container_files(node, w, rt);
    }
    Ok(view)
}
