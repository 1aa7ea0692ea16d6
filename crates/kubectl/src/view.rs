//! Read-only views of the cluster shared by the CLI and the web app: what each pod and
//! container looks like from outside (`kubectl get`) and inside (files, env).

use std::collections::BTreeMap;

use kubeplay_cluster::kubelet::RunState;
use kubeplay_cluster::{container_view, Cluster};
use serde::Serialize;

use crate::printers;

/// A file as a container sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileView {
    /// `0644`.
    pub mode: String,
    /// The content (invalid UTF-8 replaced).
    pub content: String,
}

/// A container from the outside and the inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerView {
    /// Name.
    pub name: String,
    /// Ready.
    pub ready: bool,
    /// `waiting`, `running` or `terminated` (the container status's state).
    pub state: String,
    /// The waiting or terminated reason (`CrashLoopBackOff`, `Completed`, `Error`, …).
    pub reason: Option<String>,
    /// The exit code of a terminated container, else of its last run, if any.
    pub exit_code: Option<i32>,
    /// `restartCount`.
    pub restart_count: i32,
    /// Its log lines so far (the current run, or the last one while it waits to restart).
    pub logs: Vec<String>,
    /// What kubeplay assumed about its process, if anything.
    pub assumption: Option<String>,
    /// Its full environment as `env` inside it prints it (started containers only).
    pub env: BTreeMap<String, String>,
    /// Every regular file under its mount paths.
    pub files: BTreeMap<String, FileView>,
}

/// A pod as `kubeplay run --output json` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PodView {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Node, if bound.
    pub node: Option<String>,
    /// `status.phase`.
    pub phase: String,
    /// The STATUS column of `kubectl get pods`.
    pub status: String,
    /// Containers in spec order.
    pub containers: Vec<ContainerView>,
}

/// Every pod of the cluster, by namespace then name.
pub fn pods(cluster: &Cluster) -> Vec<PodView> {
    cluster
        .store()
        .pods()
        .map(|pod| {
            let ns = pod.metadata.namespace.clone().unwrap_or_default();
            let name = pod.metadata.name.clone().unwrap_or_default();
            let containers = pod
                .spec
                .iter()
                .flat_map(|s| s.containers.iter())
                .map(|c| {
                    // What the container sees, from the one view every reader uses.
                    let Ok(view) = container_view(cluster, &ns, &name, Some(&c.name)) else {
                        return ContainerView {
                            name: c.name.clone(),
                            ready: false,
                            state: "waiting".to_owned(),
                            reason: Some("ContainerCreating".to_owned()),
                            exit_code: None,
                            restart_count: 0,
                            logs: Vec::new(),
                            assumption: None,
                            env: BTreeMap::new(),
                            files: BTreeMap::new(),
                        };
                    };
                    let files = view
                        .files
                        .into_iter()
                        .map(|(p, (mode, data, _))| {
                            (p, FileView { mode: format!("{mode:04o}"), content: String::from_utf8_lossy(&data).into_owned() })
                        })
                        .collect();
                    let last_exit = match &view.last_state {
                        Some(RunState::Terminated { exit_code, .. }) => Some(*exit_code),
                        _ => None,
                    };
                    let (state, reason, exit_code) = match &view.state {
                        RunState::Waiting { reason, .. } => ("waiting", Some(reason.clone()), last_exit),
                        RunState::Running { .. } => ("running", None, last_exit),
                        RunState::Terminated { reason, exit_code, .. } => ("terminated", Some(reason.clone()), Some(*exit_code)),
                    };
                    // kubectl logs on a container waiting to restart serves its last run.
                    let logs = if matches!(view.state, RunState::Waiting { .. }) {
                        previous_log(cluster, &ns, &name, &c.name)
                    } else {
                        view.log.into_iter().map(|l| l.text).collect()
                    };
                    ContainerView {
                        name: c.name.clone(),
                        ready: view.ready,
                        state: state.to_owned(),
                        reason,
                        exit_code,
                        restart_count: view.restart_count,
                        logs,
                        assumption: view.assumption,
                        env: view.env.into_iter().collect(),
                        files,
                    }
                })
                .collect();
            PodView {
                namespace: ns,
                name,
                node: pod.spec.as_ref().and_then(|s| s.node_name.clone()),
                phase: pod.status.as_ref().and_then(|s| s.phase.clone()).unwrap_or_else(|| "Pending".to_owned()),
                status: printers::pod_status(pod),
                containers,
            }
        })
        .collect()
}

/// A config map as `kubeplay run --output json` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigMapView {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `data`: the values in full (config maps are not secret).
    pub data: BTreeMap<String, String>,
    /// `binaryData`: each key's size in bytes.
    pub binary_data: BTreeMap<String, usize>,
    /// `immutable: true`.
    pub immutable: bool,
}

/// Every config map of the cluster, by namespace then name.
pub fn config_maps(cluster: &Cluster) -> Vec<ConfigMapView> {
    cluster
        .store()
        .list(kubeplay_api::Kind::ConfigMap, None)
        .into_iter()
        .filter_map(|o| match o {
            kubeplay_api::Object::ConfigMap(c) => Some(ConfigMapView {
                namespace: c.metadata.namespace.clone().unwrap_or_default(),
                name: c.metadata.name.clone().unwrap_or_default(),
                data: c.data.clone().unwrap_or_default(),
                binary_data: c.binary_data.iter().flatten().map(|(k, v)| (k.clone(), v.0.len())).collect(),
                immutable: c.immutable == Some(true),
            }),
            _ => None,
        })
        .collect()
}

/// The previous run's log lines of a container (empty if it has none).
fn previous_log(cluster: &Cluster, ns: &str, pod: &str, container: &str) -> Vec<String> {
    let Some((_, w)) = cluster.worker(ns, pod) else { return Vec::new() };
    let Some(c) = w.containers.iter().find(|c| c.name == container) else { return Vec::new() };
    c.previous_log.as_ref().map(|l| l.visible(cluster.now_ms()).map(|l| l.text.clone()).collect()).unwrap_or_default()
}
