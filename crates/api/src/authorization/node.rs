//! The node authorizer's secret rules (`plugin/pkg/auth/authorizer/node/node_authorizer.go`
//! `authorizeReadNamespacedObject`, graph from `graph.go` `AddPod`): a kubelet
//! (`system:node:<name>` in `system:nodes`) may read a Secret only by name, and only if a pod
//! bound to its node references it (`pkg/api/v1/pod/util.go` `VisitPodSecretNames`; mirror pods
//! add no secret edges). Its refusals are NoOpinions with a reason, which the union keeps.

use k8s_openapi::api::core::v1::Pod;

use super::{Attributes, Decision};
use crate::Store;

/// `user.NodesGroup`.
pub const NODES_GROUP: &str = "system:nodes";
/// `nodeidentifier`: the user name prefix of a kubelet.
pub const NODE_USER_PREFIX: &str = "system:node:";

/// How a pod refers to a secret (`VisitPodSecretNames`'s places).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SecretRefKind {
    /// `spec.imagePullSecrets[]`.
    ImagePullSecret,
    /// `env[].valueFrom.secretKeyRef` of a container.
    Env,
    /// `envFrom[].secretRef` of a container.
    EnvFrom,
    /// A `secret` volume.
    Volume,
    /// A `secret` source of a `projected` volume.
    Projected,
    /// A volume plugin's secret reference (azureFile, cephfs, cinder, flexVolume, rbd, scaleIO,
    /// iscsi, storageos, csi `nodePublishSecretRef`).
    VolumePlugin,
}

/// One reference from a pod to a secret: what kind, and where (`volume db`, `container api
/// env API_KEY`, ...), as plain names a reader can find in the pod spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretRef {
    /// The secret's name (same namespace as the pod).
    pub secret: String,
    /// The kind of reference.
    pub kind: SecretRefKind,
    /// The volume, or the container (and variable), that refers to it.
    pub via: String,
}

/// The node name of a kubelet's identity (`NodeIdentity`: prefix and group both required).
pub fn node_of<'a>(attrs: &Attributes<'a>) -> Option<&'a str> {
    let name = attrs.user.name.strip_prefix(NODE_USER_PREFIX)?;
    (attrs.user.in_group(NODES_GROUP) && !name.is_empty()).then_some(name)
}

/// `VisitPodSecretNames`: every secret a pod references (pull secrets, env, envFrom, volumes,
/// projected sources, and the volume plugins' secret references).
pub fn pod_secret_names(pod: &Pod) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in pod_secret_refs(pod) {
        if !out.contains(&r.secret) {
            out.push(r.secret);
        }
    }
    out
}

/// Every reference `VisitPodSecretNames` visits, in its order, with where it is (empty names
/// are skipped, as there).
pub fn pod_secret_refs(pod: &Pod) -> Vec<SecretRef> {
    let mut out: Vec<SecretRef> = Vec::new();
    let Some(spec) = pod.spec.as_ref() else { return out };
    let mut add = |n: &str, kind: SecretRefKind, via: String| {
        if !n.is_empty() {
            out.push(SecretRef { secret: n.to_owned(), kind, via });
        }
    };
    for s in spec.image_pull_secrets.iter().flatten() {
        add(&s.name, SecretRefKind::ImagePullSecret, "imagePullSecrets".to_owned());
    }
    // Init, app and ephemeral containers alike: envFrom secretRefs and env secretKeyRefs.
    let envs = spec.init_containers.iter().flatten().chain(spec.containers.iter()).map(|c| (&c.name, &c.env_from, &c.env));
    let ephemeral = spec.ephemeral_containers.iter().flatten().map(|c| (&c.name, &c.env_from, &c.env));
    for (container, env_from, env) in envs.chain(ephemeral) {
        for e in env_from.iter().flatten() {
            if let Some(r) = &e.secret_ref {
                add(&r.name, SecretRefKind::EnvFrom, format!("container {container}"));
            }
        }
        for e in env.iter().flatten() {
            if let Some(r) = e.value_from.as_ref().and_then(|v| v.secret_key_ref.as_ref()) {
                add(&r.name, SecretRefKind::Env, format!("container {container} env {}", e.name));
            }
        }
    }
    for v in spec.volumes.iter().flatten() {
        let via = || format!("volume {}", v.name);
        if let Some(s) = &v.secret {
            add(s.secret_name.as_deref().unwrap_or(""), SecretRefKind::Volume, via());
        }
        for src in v.projected.iter().flat_map(|p| p.sources.iter().flatten()) {
            if let Some(s) = &src.secret {
                add(&s.name, SecretRefKind::Projected, via());
            }
        }
        if let Some(a) = &v.azure_file {
            add(&a.secret_name, SecretRefKind::VolumePlugin, via());
        }
        let refs = [
            v.cephfs.as_ref().and_then(|x| x.secret_ref.as_ref()).map(|r| r.name.as_str()),
            v.cinder.as_ref().and_then(|x| x.secret_ref.as_ref()).map(|r| r.name.as_str()),
            v.flex_volume.as_ref().and_then(|x| x.secret_ref.as_ref()).map(|r| r.name.as_str()),
            v.rbd.as_ref().and_then(|x| x.secret_ref.as_ref()).map(|r| r.name.as_str()),
            v.scale_io.as_ref().map(|x| x.secret_ref.name.as_str()),
            v.iscsi.as_ref().and_then(|x| x.secret_ref.as_ref()).map(|r| r.name.as_str()),
            v.storageos.as_ref().and_then(|x| x.secret_ref.as_ref()).map(|r| r.name.as_str()),
            v.csi.as_ref().and_then(|x| x.node_publish_secret_ref.as_ref()).map(|r| r.name.as_str()),
        ];
        for n in refs.into_iter().flatten() {
            add(n, SecretRefKind::VolumePlugin, via());
        }
    }
    out
}

/// Whether the graph has secret → pod → node for this secret and node.
fn has_path(store: &Store, node: &str, ns: &str, secret: &str) -> bool {
    store.pods().any(|p| {
        let bound = p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(node);
        let mirror = p.metadata.annotations.as_ref().is_some_and(|a| a.contains_key("kubernetes.io/config.mirror"));
        bound && !mirror && p.metadata.namespace.as_deref() == Some(ns) && pod_secret_names(p).iter().any(|n| n == secret)
    })
}

/// The node authorizer's answer for a kubelet's request on secrets (`None`: not its business).
pub fn authorize(store: &Store, attrs: &Attributes<'_>) -> Option<Decision> {
    let node = node_of(attrs)?;
    if !attrs.group.is_empty() || attrs.resource != "secrets" {
        return None;
    }
    let deny = |reason: String| Some(Decision { allowed: false, reason });
    if !matches!(attrs.verb, "get" | "list" | "watch") {
        return deny("can only read resources of this type".to_owned());
    }
    if !attrs.subresource.is_empty() {
        return deny("cannot read subresource".to_owned());
    }
    if attrs.namespace.is_empty() {
        return deny("can only read namespaced object of this type".to_owned());
    }
    if attrs.name.is_empty() {
        return deny("No Object name found".to_owned());
    }
    if has_path(store, node, attrs.namespace, attrs.name) {
        return Some(Decision { allowed: true, reason: String::new() });
    }
    deny(format!("no relationship found between node '{node}' and this object"))
}
