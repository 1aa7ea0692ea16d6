//! The node authorizer's graph as one node's kubelet sees it: which Secrets
//! `system:node:<node>` may read, and why — the edges secret → pod → node that
//! `plugin/pkg/auth/authorizer/node/graph.go` `AddPod` adds for each pod bound to the node
//! (from `VisitPodSecretNames`: secret volumes, projected sources, env, envFrom,
//! imagePullSecrets, volume plugins), the service account → pod edges (the kubelet may request
//! those accounts' tokens), and the Secrets it is refused, with the authorizer's reason.
//! Every answer comes from the API server's own authorizer chain, so the view cannot disagree
//! with what `kubectl get secret … --as=system:node:<node> --as-group=system:nodes` prints.

use kubeplay_api::authentication::UserInfo;
use kubeplay_api::authorization::node::{pod_secret_refs, SecretRefKind, NODES_GROUP, NODE_USER_PREFIX};
use kubeplay_api::authorization::{self, Attributes};
use kubeplay_cluster::Cluster;
use serde::Serialize;

/// The most refused Secrets listed (the rest are counted).
pub const REFUSED_SHOWN: usize = 50;

/// How a pod refers to a Secret (or, for a service account, how the pod runs as it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EdgeKind {
    /// A `secret` volume.
    Volume,
    /// A `secret` source of a `projected` volume.
    Projected,
    /// `env[].valueFrom.secretKeyRef`.
    Env,
    /// `envFrom[].secretRef`.
    EnvFrom,
    /// `spec.imagePullSecrets`.
    ImagePullSecret,
    /// A volume plugin's secret reference (csi `nodePublishSecretRef`, cephfs, …).
    VolumePlugin,
    /// `spec.serviceAccountName`: the service account → pod edge.
    ServiceAccount,
}

impl From<SecretRefKind> for EdgeKind {
    fn from(k: SecretRefKind) -> Self {
        match k {
            SecretRefKind::Volume => EdgeKind::Volume,
            SecretRefKind::Projected => EdgeKind::Projected,
            SecretRefKind::Env => EdgeKind::Env,
            SecretRefKind::EnvFrom => EdgeKind::EnvFrom,
            SecretRefKind::ImagePullSecret => EdgeKind::ImagePullSecret,
            SecretRefKind::VolumePlugin => EdgeKind::VolumePlugin,
        }
    }
}

/// One edge into a pod bound to the node: the pod, the kind of reference and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PodEdge {
    /// The pod's name (same namespace as the object).
    pub pod: String,
    /// How the pod refers to the object.
    pub kind: EdgeKind,
    /// Where in the pod spec: `volume db`, `container api env API_KEY`, `imagePullSecrets`.
    pub via: String,
}

/// An object the node reaches through its pods: a Secret or a service account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GraphObject {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Whether the object exists now (a pod may name a Secret that does not: the GET is
    /// allowed and answers NotFound).
    pub exists: bool,
    /// The edges that give the path to the node, in pod order.
    pub edges: Vec<PodEdge>,
}

/// A Secret the kubelet may not read, with the authorizer's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedSecret {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The reason (`no relationship found between node 'node-1' and this object`).
    pub reason: String,
}

/// The node authorizer's view for one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeGraphView {
    /// The node.
    pub node: String,
    /// Its kubelet's user (`system:node:<node>`, group `system:nodes`).
    pub user: String,
    /// How many pods are bound to it (mirror pods included; they add no Secret edges).
    pub pods: usize,
    /// The Secrets it may get, by namespace and name, with the edges that allow each.
    pub readable: Vec<GraphObject>,
    /// The service accounts its pods run as (the kubelet may create their tokens).
    pub service_accounts: Vec<GraphObject>,
    /// Secrets in the cluster it is refused (at most [`REFUSED_SHOWN`]).
    pub refused: Vec<RefusedSecret>,
    /// How many Secrets it is refused in all.
    pub refused_total: usize,
    /// Why a plain list of Secrets is refused (`No Object name found`).
    pub list_reason: String,
}

fn add_edge(objects: &mut Vec<GraphObject>, ns: &str, name: &str, edge: PodEdge) {
    match objects.iter_mut().find(|o| o.namespace == ns && o.name == name) {
        Some(o) => o.edges.push(edge),
        None => objects.push(GraphObject { namespace: ns.to_owned(), name: name.to_owned(), exists: false, edges: vec![edge] }),
    }
}

/// The graph of `node` now, or `None` if there is no such node.
pub fn node_graph_view(c: &Cluster, node: &str) -> Option<NodeGraphView> {
    c.nodes().iter().find(|n| n.name == node)?;
    let store = c.store();
    let user = UserInfo::impersonate(&format!("{NODE_USER_PREFIX}{node}"), &[NODES_GROUP.to_owned()]);
    let ask = |verb: &str, ns: &str, name: &str| {
        let attrs = Attributes { user: &user, verb, group: "", resource: "secrets", subresource: "", namespace: ns, name };
        authorization::authorize(store, &attrs)
    };
    let mut pods = 0;
    let mut readable: Vec<GraphObject> = Vec::new();
    let mut service_accounts: Vec<GraphObject> = Vec::new();
    for p in store.pods().filter(|p| p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(node)) {
        pods += 1;
        // graph.go: a mirror pod gets only its pod → node edge.
        if p.metadata.annotations.as_ref().is_some_and(|a| a.contains_key("kubernetes.io/config.mirror")) {
            continue;
        }
        let ns = p.metadata.namespace.as_deref().unwrap_or("");
        let pod = p.metadata.name.clone().unwrap_or_default();
        for r in pod_secret_refs(p) {
            add_edge(&mut readable, ns, &r.secret, PodEdge { pod: pod.clone(), kind: r.kind.into(), via: r.via });
        }
        let sa = p.spec.as_ref().and_then(|s| s.service_account_name.as_deref()).unwrap_or("");
        if !sa.is_empty() {
            let edge = PodEdge { pod: pod.clone(), kind: EdgeKind::ServiceAccount, via: "serviceAccountName".to_owned() };
            add_edge(&mut service_accounts, ns, sa, edge);
        }
    }
    for o in &mut readable {
        o.exists = store.secret(&o.namespace, &o.name).is_some();
    }
    for o in &mut service_accounts {
        o.exists = store.service_account(&o.namespace, &o.name).is_some();
    }
    let by_name = |a: &GraphObject, b: &GraphObject| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name));
    readable.sort_by(by_name);
    service_accounts.sort_by(by_name);
    let mut refused = Vec::new();
    let mut refused_total = 0;
    for s in store.secrets() {
        let (ns, name) = (s.metadata.namespace.as_deref().unwrap_or(""), s.metadata.name.as_deref().unwrap_or(""));
        let d = ask("get", ns, name);
        if d.allowed {
            continue;
        }
        refused_total += 1;
        if refused.len() < REFUSED_SHOWN {
            refused.push(RefusedSecret { namespace: ns.to_owned(), name: name.to_owned(), reason: d.reason });
        }
    }
    let list_reason = ask("list", "default", "").reason;
    Some(NodeGraphView {
        node: node.to_owned(),
        user: user.name.clone(),
        pods,
        readable,
        service_accounts,
        refused,
        refused_total,
        list_reason,
    })
}
