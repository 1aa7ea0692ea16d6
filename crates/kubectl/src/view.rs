//! Read-only views of the cluster shared by the CLI and the web app: what each pod and
//! container looks like from outside (`kubectl get`) and inside (files, env).

use std::collections::BTreeMap;

use kubeplay_cluster::kubelet::{container_files, RunState};
use kubeplay_cluster::Cluster;
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
pub struct ContainerView {
    /// Name.
    pub name: String,
    /// Ready.
    pub ready: bool,
    /// Resolved environment from the pod spec (started containers only).
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
            let worker = cluster.worker(&ns, &name);
            let containers = pod
                .spec
                .iter()
                .flat_map(|s| s.containers.iter())
                .map(|c| {
                    let rt = worker.and_then(|(_, w)| w.containers.iter().find(|x| x.name == c.name).map(|rt| (w, rt)));
                    let (env, files, ready) = match (worker, rt) {
                        (Some((node, _)), Some((w, rt))) => {
                            // A container that never started has no filesystem and no environment to look at.
                            if !matches!(rt.state, RunState::Running { .. } | RunState::Terminated { .. }) {
                                (BTreeMap::new(), BTreeMap::new(), rt.ready)
                            } else {
                                let env = rt.env.iter().map(|e| (e.name.clone(), e.value.clone())).collect();
                                let files = container_files(node, w, rt)
                                    .into_iter()
                                    .map(|(p, (mode, data, _))| {
                                        (
                                            p,
                                            FileView {
                                                mode: format!("{mode:04o}"),
                                                content: String::from_utf8_lossy(&data).into_owned(),
                                            },
                                        )
                                    })
                                    .collect();
                                (env, files, rt.ready)
                            }
                        }
                        _ => (BTreeMap::new(), BTreeMap::new(), false),
                    };
                    ContainerView { name: c.name.clone(), ready, env, files }
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
