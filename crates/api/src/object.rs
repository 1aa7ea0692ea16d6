//! The kinds kubeplay stores, as one enum over the k8s-openapi types.

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Pod, Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// Which kind of object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Kind {
    /// `v1/Namespace` (cluster-scoped).
    Namespace,
    /// `v1/ServiceAccount`.
    ServiceAccount,
    /// `v1/ConfigMap`.
    ConfigMap,
    /// `v1/Secret`.
    Secret,
    /// `v1/Pod`.
    Pod,
    /// `rbac.authorization.k8s.io/v1` Role.
    Role,
    /// `rbac.authorization.k8s.io/v1` RoleBinding.
    RoleBinding,
    /// `rbac.authorization.k8s.io/v1` ClusterRole (cluster-scoped).
    ClusterRole,
    /// `rbac.authorization.k8s.io/v1` ClusterRoleBinding (cluster-scoped).
    ClusterRoleBinding,
    /// `apps/v1` Deployment.
    Deployment,
    /// `apps/v1` ReplicaSet.
    ReplicaSet,
    /// `batch/v1` Job.
    Job,
}

impl Kind {
    /// The kind as written in manifests, e.g. `Secret`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::ServiceAccount => "ServiceAccount",
            Kind::ConfigMap => "ConfigMap",
            Kind::Secret => "Secret",
            Kind::Pod => "Pod",
            Kind::Role => "Role",
            Kind::RoleBinding => "RoleBinding",
            Kind::ClusterRole => "ClusterRole",
            Kind::ClusterRoleBinding => "ClusterRoleBinding",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Job => "Job",
        }
    }
    /// The group/version objects of this kind are served in (`v1` or `rbac.authorization.k8s.io/v1`).
    pub fn api_version(self) -> &'static str {
        match self {
            Kind::Role | Kind::RoleBinding | Kind::ClusterRole | Kind::ClusterRoleBinding => "rbac.authorization.k8s.io/v1",
            Kind::Deployment | Kind::ReplicaSet => "apps/v1",
            Kind::Job => "batch/v1",
            _ => "v1",
        }
    }
    /// The API group (`""` for the core group), as authorization sees it.
    pub fn group(self) -> &'static str {
        match self {
            Kind::Role | Kind::RoleBinding | Kind::ClusterRole | Kind::ClusterRoleBinding => "rbac.authorization.k8s.io",
            Kind::Deployment | Kind::ReplicaSet => "apps",
            Kind::Job => "batch",
            _ => "",
        }
    }
    /// The plural resource name, e.g. `secrets` (used in URLs, etcd keys and NotFound messages).
    pub fn resource(self) -> &'static str {
        match self {
            Kind::Namespace => "namespaces",
            Kind::ServiceAccount => "serviceaccounts",
            Kind::ConfigMap => "configmaps",
            Kind::Secret => "secrets",
            Kind::Pod => "pods",
            Kind::Role => "roles",
            Kind::RoleBinding => "rolebindings",
            Kind::ClusterRole => "clusterroles",
            Kind::ClusterRoleBinding => "clusterrolebindings",
            Kind::Deployment => "deployments",
            Kind::ReplicaSet => "replicasets",
            Kind::Job => "jobs",
        }
    }
    /// The resource as the API server names it in errors (`schema.GroupResource.String()`):
    /// `deployments.apps`; the core group and RBAC as kubeplay has always printed them.
    pub fn qualified_resource(self) -> String {
        match self {
            Kind::Deployment | Kind::ReplicaSet | Kind::Job => format!("{}.{}", self.resource(), self.group()),
            _ => self.resource().to_owned(),
        }
    }
    /// The singular lower-case name kubectl prints, e.g. `secret` in `secret/x created`, and
    /// group-qualified outside the core group (`role.rbac.authorization.k8s.io/x created`).
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Role => "role.rbac.authorization.k8s.io",
            Kind::RoleBinding => "rolebinding.rbac.authorization.k8s.io",
            Kind::ClusterRole => "clusterrole.rbac.authorization.k8s.io",
            Kind::ClusterRoleBinding => "clusterrolebinding.rbac.authorization.k8s.io",
            Kind::Namespace => "namespace",
            Kind::ServiceAccount => "serviceaccount",
            Kind::ConfigMap => "configmap",
            Kind::Secret => "secret",
            Kind::Pod => "pod",
            Kind::Deployment => "deployment.apps",
            Kind::ReplicaSet => "replicaset.apps",
            Kind::Job => "job.batch",
        }
    }
    /// Whether objects of this kind live in a namespace.
    pub fn namespaced(self) -> bool {
        !matches!(self, Kind::Namespace | Kind::ClusterRole | Kind::ClusterRoleBinding)
    }
    /// Parses a resource as kubectl accepts it: `secret`, `secrets`, `Secret`, short names (`po`, `ns`, `cm`, `sa`).
    pub fn from_resource(s: &str) -> Option<Kind> {
        Some(match s.to_ascii_lowercase().as_str() {
            "secret" | "secrets" => Kind::Secret,
            "pod" | "pods" | "po" => Kind::Pod,
            "namespace" | "namespaces" | "ns" => Kind::Namespace,
            "configmap" | "configmaps" | "cm" => Kind::ConfigMap,
            "serviceaccount" | "serviceaccounts" | "sa" => Kind::ServiceAccount,
            "role" | "roles" | "role.rbac.authorization.k8s.io" | "roles.rbac.authorization.k8s.io" => Kind::Role,
            "rolebinding"
            | "rolebindings"
            | "rolebinding.rbac.authorization.k8s.io"
            | "rolebindings.rbac.authorization.k8s.io" => Kind::RoleBinding,
            "clusterrole"
            | "clusterroles"
            | "clusterrole.rbac.authorization.k8s.io"
            | "clusterroles.rbac.authorization.k8s.io" => Kind::ClusterRole,
            "clusterrolebinding"
            | "clusterrolebindings"
            | "clusterrolebinding.rbac.authorization.k8s.io"
            | "clusterrolebindings.rbac.authorization.k8s.io" => Kind::ClusterRoleBinding,
            "deployment" | "deployments" | "deploy" | "deployment.apps" | "deployments.apps" => Kind::Deployment,
            "replicaset" | "replicasets" | "rs" | "replicaset.apps" | "replicasets.apps" => Kind::ReplicaSet,
            "job" | "jobs" | "job.batch" | "jobs.batch" => Kind::Job,
            _ => return None,
        })
    }
    /// All kinds, in the order kubeplay lists them.
    pub const ALL: [Kind; 12] = [
        Kind::Namespace,
        Kind::ServiceAccount,
        Kind::ConfigMap,
        Kind::Secret,
        Kind::Pod,
        Kind::Role,
        Kind::RoleBinding,
        Kind::ClusterRole,
        Kind::ClusterRoleBinding,
        Kind::Deployment,
        Kind::ReplicaSet,
        Kind::Job,
    ];
}

/// One API object of a kind kubeplay stores.
// A Pod is much larger than the other kinds; the store boxes what it keeps, and boxing here
// would cost every decode an extra allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    /// A Secret.
    Secret(Secret),
    /// A Pod.
    Pod(Pod),
    /// A Namespace.
    Namespace(Namespace),
    /// A ServiceAccount.
    ServiceAccount(ServiceAccount),
    /// A ConfigMap.
    ConfigMap(ConfigMap),
    /// A Role.
    Role(Role),
    /// A RoleBinding.
    RoleBinding(RoleBinding),
    /// A ClusterRole.
    ClusterRole(ClusterRole),
    /// A ClusterRoleBinding.
    ClusterRoleBinding(ClusterRoleBinding),
    /// A Deployment.
    Deployment(Deployment),
    /// A ReplicaSet.
    ReplicaSet(ReplicaSet),
    /// A Job.
    Job(Job),
}

impl Object {
    /// The object's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Object::Secret(_) => Kind::Secret,
            Object::Pod(_) => Kind::Pod,
            Object::Namespace(_) => Kind::Namespace,
            Object::ServiceAccount(_) => Kind::ServiceAccount,
            Object::ConfigMap(_) => Kind::ConfigMap,
            Object::Role(_) => Kind::Role,
            Object::RoleBinding(_) => Kind::RoleBinding,
            Object::ClusterRole(_) => Kind::ClusterRole,
            Object::ClusterRoleBinding(_) => Kind::ClusterRoleBinding,
            Object::Deployment(_) => Kind::Deployment,
            Object::ReplicaSet(_) => Kind::ReplicaSet,
            Object::Job(_) => Kind::Job,
        }
    }
    /// The object's metadata.
    pub fn meta(&self) -> &ObjectMeta {
        match self {
            Object::Secret(o) => &o.metadata,
            Object::Pod(o) => &o.metadata,
            Object::Namespace(o) => &o.metadata,
            Object::ServiceAccount(o) => &o.metadata,
            Object::ConfigMap(o) => &o.metadata,
            Object::Role(o) => &o.metadata,
            Object::RoleBinding(o) => &o.metadata,
            Object::ClusterRole(o) => &o.metadata,
            Object::ClusterRoleBinding(o) => &o.metadata,
            Object::Deployment(o) => &o.metadata,
            Object::ReplicaSet(o) => &o.metadata,
            Object::Job(o) => &o.metadata,
        }
    }
    /// The object's metadata, mutably.
    pub fn meta_mut(&mut self) -> &mut ObjectMeta {
        match self {
            Object::Secret(o) => &mut o.metadata,
            Object::Pod(o) => &mut o.metadata,
            Object::Namespace(o) => &mut o.metadata,
            Object::ServiceAccount(o) => &mut o.metadata,
            Object::ConfigMap(o) => &mut o.metadata,
            Object::Role(o) => &mut o.metadata,
            Object::RoleBinding(o) => &mut o.metadata,
            Object::ClusterRole(o) => &mut o.metadata,
            Object::ClusterRoleBinding(o) => &mut o.metadata,
            Object::Deployment(o) => &mut o.metadata,
            Object::ReplicaSet(o) => &mut o.metadata,
            Object::Job(o) => &mut o.metadata,
        }
    }
    /// `metadata.name`, or empty.
    pub fn name(&self) -> &str {
        self.meta().name.as_deref().unwrap_or("")
    }
    /// `metadata.namespace`, or empty.
    pub fn namespace(&self) -> &str {
        self.meta().namespace.as_deref().unwrap_or("")
    }
    /// The object as JSON, the way the API server serialises it (with apiVersion and kind).
    pub fn to_json(&self) -> serde_json::Value {
        let v = match self {
            Object::Secret(o) => serde_json::to_value(o),
            Object::Pod(o) => serde_json::to_value(o),
            Object::Namespace(o) => serde_json::to_value(o),
            Object::ServiceAccount(o) => serde_json::to_value(o),
            Object::ConfigMap(o) => serde_json::to_value(o),
            Object::Role(o) => serde_json::to_value(o),
            Object::RoleBinding(o) => serde_json::to_value(o),
            Object::ClusterRole(o) => serde_json::to_value(o),
            Object::ClusterRoleBinding(o) => serde_json::to_value(o),
            Object::Deployment(o) => serde_json::to_value(o),
            Object::ReplicaSet(o) => serde_json::to_value(o),
            Object::Job(o) => serde_json::to_value(o),
        };
        v.unwrap_or(serde_json::Value::Null)
    }
}
