//! Read-only views of the cluster shared by the CLI and the web app: what each pod and
//! container looks like from outside (`kubectl get`) and inside (files, env).

use std::collections::BTreeMap;

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
pub struct ContainerView {
    /// Name.
    pub name: String,
    /// Ready.
    pub ready: bool,
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
                    ContainerView { name: c.name.clone(), ready: view.ready, env: view.env.into_iter().collect(), files }
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
