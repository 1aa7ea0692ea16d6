//! The API server as seen through etcd: create, update, delete, get and list with the
//! real errors, `resourceVersion` per write, and a change log for watchers.
//!
//! Mirrors `staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go` (keys
//! `/registry/<resource>/<ns>/<name>`), the NamespaceLifecycle and ServiceAccount
//! admission plugins, and the controllers that give each namespace its `default`
//! ServiceAccount and `kube-root-ca.crt` ConfigMap (run synchronously here).
//!
//! Laid out as the API server is layered: this module holds the object maps and the
//! create/update/delete paths; `watch` the resourceVersions and change log, `names` the
//! generated uids and names, `admission`, `controllers` and `tokens_controller` what runs around a write,
//! `apply` kubectl apply's merge, `registry` the etcd keys.

mod admission;
mod apply;
mod apps;
mod batch;
mod controllers;
mod names;
mod pod_delete;
mod registry;
mod request_body;
mod storage;
mod tokens_controller;
mod watch;

use std::collections::BTreeMap;
use std::rc::Rc;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Pod, Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};

use crate::field::FieldError;
use crate::object::{Kind, Object};
use crate::rng::UidStream;
use crate::status::Status;
use crate::validation;

pub use apply::ApplyOutcome;
pub use batch::{
    CONTROLLER_UID_LABEL, JOB_NAME_LABEL, JOB_TRACKING_FINALIZER, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL,
};
pub use controllers::KUBEPLAY_CA_CRT;
pub use request_body::{body_bytes, check_request_body, MAX_REQUEST_BODY_BYTES};
pub use storage::secret_key;
pub use watch::{Change, ChangeOp};

/// The namespaces every cluster starts with.
pub const INITIAL_NAMESPACES: [&str; 4] = ["default", "kube-node-lease", "kube-public", "kube-system"];

/// Unix time (ms) of virtual time zero: 2026-01-01T00:00:00Z.
pub const EPOCH_UNIX_MS: i64 = 1_767_225_600_000;

/// Objects of one kind by namespace then name (lookups by `&str` allocate nothing).
type Table<T> = BTreeMap<String, BTreeMap<String, T>>;

/// The cluster's API objects.
#[derive(Debug, Clone)]
pub struct Store {
    namespaces: BTreeMap<String, Namespace>,
    service_accounts: Table<ServiceAccount>,
    config_maps: Table<ConfigMap>,
    secrets: Table<Secret>,
    /// Shared, copy-on-write (`Rc::make_mut`): a `Pod` is kilobytes inline, B-tree nodes hold
    /// eleven slots, and a clone of the store (a time-machine snapshot) then shares every pod
    /// until one of the two copies changes it (docs/performance.md, issue 13).
    pods: Table<Rc<Pod>>,
    roles: Table<Role>,
    role_bindings: Table<RoleBinding>,
    cluster_roles: BTreeMap<String, ClusterRole>,
    cluster_role_bindings: BTreeMap<String, ClusterRoleBinding>,
    deployments: Table<Deployment>,
    replica_sets: Table<ReplicaSet>,
    jobs: Table<Job>,
    resource_version: u64,
    /// The uid and name generation stream ([`crate::rng`]).
    uids: UidStream,
    changes: Vec<Change>,
    /// The running `--encryption-provider-config` (`None`: identity, the default).
    encryption: Option<Box<crate::encryption::EncryptionConfig>>,
    /// The simulated KMS plugins by endpoint (they outlive API server restarts).
    kms_plugins: crate::encryption::KmsPlugins,
    /// Stored bytes of Secrets written through an encrypting provider, by etcd key.
    sealed: BTreeMap<String, Vec<u8>>,
    /// The transformers' random stream ([`crate::rng::Component::StorageTransformers`]).
    transformer_rng: crate::rng::ChaCha8Rng,
    /// The running `--audit-policy-file` (`None`: no audit log, the default).
    audit_policy: Option<Box<crate::audit::Policy>>,
    /// The service-account key pair (`--service-account-signing-key-file`).
    token_signer: std::rc::Rc<crate::serviceaccount::TokenSigner>,
}

/// A virtual time (ms since [`EPOCH_UNIX_MS`]) as a Kubernetes `Time` (second precision).
pub fn time_at(now_ms: u64) -> Time {
    let secs = (EPOCH_UNIX_MS + now_ms as i64) / 1000;
    Time(k8s_openapi::jiff::Timestamp::from_second(secs).unwrap_or(k8s_openapi::jiff::Timestamp::UNIX_EPOCH))
}

fn table_get<'a, T>(t: &'a Table<T>, ns: &str, name: &str) -> Option<&'a T> {
    t.get(ns).and_then(|m| m.get(name))
}

impl Store {
    /// A store with the initial namespaces, their ServiceAccounts and root CA ConfigMaps.
    pub fn new(seed: u64) -> Self {
        let mut s = Store {
            namespaces: BTreeMap::new(),
            service_accounts: BTreeMap::new(),
            config_maps: BTreeMap::new(),
            secrets: BTreeMap::new(),
            pods: BTreeMap::new(),
            roles: BTreeMap::new(),
            role_bindings: BTreeMap::new(),
            cluster_roles: BTreeMap::new(),
            cluster_role_bindings: BTreeMap::new(),
            deployments: BTreeMap::new(),
            replica_sets: BTreeMap::new(),
            jobs: BTreeMap::new(),
            resource_version: 0,
            uids: UidStream::new(seed),
            changes: Vec::new(),
            encryption: None,
            kms_plugins: Default::default(),
            sealed: BTreeMap::new(),
            transformer_rng: crate::rng::stream(seed, crate::rng::Component::StorageTransformers),
            audit_policy: None,
            token_signer: std::rc::Rc::new(crate::serviceaccount::TokenSigner::from_seed(seed)),
        };
        for ns in INITIAL_NAMESPACES {
            let obj = Object::Namespace(Namespace {
                metadata: ObjectMeta { name: Some(ns.to_owned()), ..Default::default() },
                ..Default::default()
            });
            let _ = s.create(obj, 0);
        }
        s.bootstrap_rbac();
        s.changes.clear();
        s
    }

    /// Whether a namespace exists.
    pub fn namespace_exists(&self, ns: &str) -> bool {
        self.namespaces.contains_key(ns)
    }

    /// A secret by namespace and name.
    pub fn secret(&self, ns: &str, name: &str) -> Option<&Secret> {
        table_get(&self.secrets, ns, name)
    }

    /// A config map by namespace and name.
    pub fn config_map(&self, ns: &str, name: &str) -> Option<&ConfigMap> {
        table_get(&self.config_maps, ns, name)
    }

    /// A pod by namespace and name.
    pub fn pod(&self, ns: &str, name: &str) -> Option<&Pod> {
        table_get(&self.pods, ns, name).map(|p| &**p)
    }

    /// A service account by namespace and name.
    pub fn service_account(&self, ns: &str, name: &str) -> Option<&ServiceAccount> {
        table_get(&self.service_accounts, ns, name)
    }

    /// A namespace by name.
    pub fn namespace(&self, name: &str) -> Option<&Namespace> {
        self.namespaces.get(name)
    }

    /// Every pod, by namespace then name.
    pub fn pods(&self) -> impl Iterator<Item = &Pod> {
        self.pods.values().flat_map(BTreeMap::values).map(|p| &**p)
    }

    /// Every secret, by namespace then name.
    pub fn secrets(&self) -> impl Iterator<Item = &Secret> {
        self.secrets.values().flat_map(BTreeMap::values)
    }

    /// Stores the bootstrap RBAC policy without drawing uids or bumping resourceVersions, so
    /// every other object keeps the uid and resourceVersion it had before RBAC existed here.
    fn bootstrap_rbac(&mut self) {
        let (role, binding) = crate::authorization::rbac::bootstrap();
        let rv = self.resource_version.to_string();
        for mut obj in [Object::ClusterRole(role), Object::ClusterRoleBinding(binding)] {
            let name = obj.name().to_owned();
            let m = obj.meta_mut();
            m.uid = Some(names::name_uid(&name));
            m.resource_version = Some(rv.clone());
            m.creation_timestamp = Some(time_at(0));
            self.insert(obj);
        }
    }

    /// Every Role and RoleBinding of a namespace, and every ClusterRole and ClusterRoleBinding:
    /// what the RBAC authorizer reads.
    pub fn rbac(&self) -> crate::authorization::rbac::RbacObjects<'_> {
        crate::authorization::rbac::RbacObjects {
            roles: &self.roles,
            role_bindings: &self.role_bindings,
            cluster_roles: &self.cluster_roles,
            cluster_role_bindings: &self.cluster_role_bindings,
        }
    }

    /// Every namespace, by name.
    pub fn namespaces(&self) -> impl Iterator<Item = &Namespace> {
        self.namespaces.values()
    }

    /// Any object by kind, namespace and name.
    pub fn get(&self, kind: Kind, ns: &str, name: &str) -> Result<Object, Status> {
        let found = match kind {
            Kind::Namespace => self.namespaces.get(name).cloned().map(Object::Namespace),
            Kind::ServiceAccount => table_get(&self.service_accounts, ns, name).cloned().map(Object::ServiceAccount),
            Kind::ConfigMap => table_get(&self.config_maps, ns, name).cloned().map(Object::ConfigMap),
            Kind::Secret => return self.read_secret(ns, name).map(|(s, _)| Object::Secret(s.clone())),
            Kind::Pod => table_get(&self.pods, ns, name).map(|p| Object::Pod((**p).clone())),
            Kind::Role => table_get(&self.roles, ns, name).cloned().map(Object::Role),
            Kind::RoleBinding => table_get(&self.role_bindings, ns, name).cloned().map(Object::RoleBinding),
            Kind::ClusterRole => self.cluster_roles.get(name).cloned().map(Object::ClusterRole),
            Kind::ClusterRoleBinding => self.cluster_role_bindings.get(name).cloned().map(Object::ClusterRoleBinding),
            Kind::Deployment => table_get(&self.deployments, ns, name).cloned().map(Object::Deployment),
            Kind::ReplicaSet => table_get(&self.replica_sets, ns, name).cloned().map(Object::ReplicaSet),
            Kind::Job => table_get(&self.jobs, ns, name).cloned().map(Object::Job),
        };
        found.ok_or_else(|| Status::not_found(&kind.qualified_resource(), name))
    }

    /// Whether an object exists (a [`Store::get`] without the copy).
    pub fn exists(&self, kind: Kind, ns: &str, name: &str) -> bool {
        match kind {
            Kind::Namespace => self.namespaces.contains_key(name),
            Kind::ServiceAccount => table_get(&self.service_accounts, ns, name).is_some(),
            Kind::ConfigMap => table_get(&self.config_maps, ns, name).is_some(),
            Kind::Secret => table_get(&self.secrets, ns, name).is_some(),
            Kind::Pod => table_get(&self.pods, ns, name).is_some(),
            Kind::Role => table_get(&self.roles, ns, name).is_some(),
            Kind::RoleBinding => table_get(&self.role_bindings, ns, name).is_some(),
            Kind::ClusterRole => self.cluster_roles.contains_key(name),
            Kind::ClusterRoleBinding => self.cluster_role_bindings.contains_key(name),
            Kind::Deployment => table_get(&self.deployments, ns, name).is_some(),
            Kind::ReplicaSet => table_get(&self.replica_sets, ns, name).is_some(),
            Kind::Job => table_get(&self.jobs, ns, name).is_some(),
        }
    }

    /// All objects of a kind, in one namespace or (with `None`) all of them, sorted.
    pub fn list(&self, kind: Kind, ns: Option<&str>) -> Vec<Object> {
        fn pick<T: Clone>(t: &Table<T>, ns: Option<&str>, f: fn(T) -> Object) -> Vec<Object> {
            match ns {
                Some(ns) => t.get(ns).into_iter().flat_map(|m| m.values().cloned().map(f)).collect(),
                None => t.values().flat_map(|m| m.values().cloned().map(f)).collect(),
            }
        }
        match kind {
            Kind::Namespace => self.namespaces.values().cloned().map(Object::Namespace).collect(),
            Kind::ServiceAccount => pick(&self.service_accounts, ns, Object::ServiceAccount),
            Kind::ConfigMap => pick(&self.config_maps, ns, Object::ConfigMap),
            Kind::Secret => pick(&self.secrets, ns, Object::Secret),
            Kind::Pod => pick(&self.pods, ns, |p| Object::Pod(Rc::unwrap_or_clone(p))),
            Kind::Role => pick(&self.roles, ns, Object::Role),
            Kind::RoleBinding => pick(&self.role_bindings, ns, Object::RoleBinding),
            Kind::ClusterRole => self.cluster_roles.values().cloned().map(Object::ClusterRole).collect(),
            Kind::ClusterRoleBinding => self.cluster_role_bindings.values().cloned().map(Object::ClusterRoleBinding).collect(),
            Kind::Deployment => pick(&self.deployments, ns, Object::Deployment),
            Kind::ReplicaSet => pick(&self.replica_sets, ns, Object::ReplicaSet),
            Kind::Job => pick(&self.jobs, ns, Object::Job),
        }
    }

    /// A LIST as the API server serves it: Secrets are read through the transformer, and the
    /// first that cannot be decrypted fails the whole list (etcd3/store.go `GetList`:
    /// `unable to transform key %q: %w`, aborting on the first error).
    pub fn list_checked(&self, kind: Kind, ns: Option<&str>) -> Result<Vec<Object>, Status> {
        let items = self.list(kind, ns);
        if kind == Kind::Secret {
            for o in &items {
                if let Err(e) = self.read_secret(o.namespace(), o.name()) {
                    let key = secret_key(o.namespace(), o.name());
                    let inner = e.message.strip_prefix("Internal error occurred: ").unwrap_or(&e.message).to_owned();
                    return Err(Status::internal_error(&format!(
                        "unable to transform key {}: {inner}",
                        crate::field::go_quote(&key)
                    )));
                }
            }
        }
        Ok(items)
    }

    /// Fills the namespace, defaults and (for pods) admission, then validates: the steps before storage.
    fn prepare(&mut self, obj: &mut Object, namespace: &str) -> Result<(), Status> {
        if obj.kind().namespaced() {
            let meta = obj.meta_mut();
            if meta.namespace.as_deref().unwrap_or("").is_empty() {
                meta.namespace = Some(namespace.to_owned());
            }
        } else {
            obj.meta_mut().namespace = None;
        }
        match obj {
            Object::Secret(s) => crate::defaults::default_secret(s),
            Object::Pod(p) => crate::defaults::default_pod(p),
            Object::Deployment(d) => crate::defaults::default_deployment(d),
            Object::ReplicaSet(r) => crate::defaults::default_replica_set(r),
            Object::Job(j) => crate::defaults::default_job(j),
            _ => {}
        }
        Ok(())
    }

    fn validate(obj: &Object) -> Vec<FieldError> {
        match obj {
            Object::Secret(s) => validation::validate_secret(s),
            Object::Pod(p) => validation::validate_pod(p),
            Object::Namespace(n) => validation::validate_namespace(n),
            Object::ServiceAccount(s) => validation::validate_service_account(s),
            Object::ConfigMap(c) => validation::validate_config_map(c),
            Object::Role(_) | Object::RoleBinding(_) | Object::ClusterRole(_) | Object::ClusterRoleBinding(_) => {
                crate::authorization::rbac::validate(obj)
            }
            Object::Deployment(d) => validation::validate_deployment(d),
            Object::ReplicaSet(r) => validation::validate_replica_set(r),
            Object::Job(j) => validation::validate_job(j),
        }
    }

    /// `POST`: create an object in `namespace` (used when the object names none), at virtual time `now_ms`.
    pub fn create(&mut self, mut obj: Object, now_ms: u64) -> Result<Object, Status> {
        self.create_in(&mut obj, "default", now_ms)?;
        Ok(obj)
    }

    /// `POST` into a given default namespace.
    pub fn create_in(&mut self, obj: &mut Object, namespace: &str, now_ms: u64) -> Result<(), Status> {
        self.prepare(obj, namespace)?;
        // BeforeCreate (registry/rest/create.go): a name from `generateName` when none is given.
        let meta = obj.meta_mut();
        if meta.name.as_deref().unwrap_or("").is_empty() {
            if let Some(base) = meta.generate_name.clone().filter(|g| !g.is_empty()) {
                // names.SimpleNameGenerator: the base cut to 58 bytes, then 5 random characters.
                let cut = base.char_indices().map(|(i, c)| i + c.len_utf8()).take_while(|&end| end <= 58).last().unwrap_or(0);
                let suffix = self.random_suffix();
                obj.meta_mut().name = Some(format!("{}{suffix}", &base[..cut]));
            }
        }
        let kind = obj.kind();
        let ns = obj.namespace().to_owned();
        let name = obj.name().to_owned();
        // NamespaceLifecycle admission (plugin/pkg/admission/namespace/lifecycle).
        if kind.namespaced() && !self.namespaces.contains_key(&ns) {
            return Err(Status::not_found("namespaces", &ns));
        }
        if let Object::Pod(p) = obj {
            self.admit_pod(p)?;
            Self::default_tolerations(p);
        }
        if let Object::Job(j) = obj {
            // The Job strategy's PrepareForCreate runs with the uid already set (generateSelector).
            let uid = self.new_uid();
            batch::prepare_job_for_create(j, uid);
        }
        let errs = Self::validate(obj);
        if !errs.is_empty() {
            return Err(batch::invalid(kind, &name, errs));
        }
        if self.exists(kind, &ns, &name) {
            return Err(Status::already_exists(&kind.qualified_resource(), &name));
        }
        let uid = match obj.meta().uid.clone() {
            Some(uid) if kind == Kind::Job => uid,
            _ => self.new_uid(),
        };
        let rv = self.bump(kind, &ns, &name, ChangeOp::Added);
        let meta = obj.meta_mut();
        meta.uid = Some(uid);
        meta.resource_version = Some(rv.to_string());
        meta.creation_timestamp = Some(time_at(now_ms));
        // Pods, and apps objects (registry/apps/*/strategy.go PrepareForCreate: Generation = 1).
        if (meta.generation.is_none() && kind == Kind::Pod) || matches!(kind, Kind::Deployment | Kind::ReplicaSet | Kind::Job) {
            meta.generation = Some(1);
        }
        if let Object::Pod(p) = obj {
            p.status = Some(k8s_openapi::api::core::v1::PodStatus {
                phase: Some("Pending".to_owned()),
                qos_class: Some("BestEffort".to_owned()),
                ..Default::default()
            });
        }
        self.insert(obj.clone());
        match obj {
            Object::Namespace(_) => self.namespace_controllers(&name, now_ms),
            Object::Secret(_) => self.tokens_controller_sync_secret(&ns, &name),
            _ => {}
        }
        Ok(())
    }

    fn insert(&mut self, obj: Object) {
        let ns = obj.namespace().to_owned();
        let name = obj.name().to_owned();
        match obj {
            Object::Namespace(n) => {
                self.namespaces.insert(name, n);
            }
            Object::ServiceAccount(o) => {
                self.service_accounts.entry(ns).or_default().insert(name, o);
            }
            Object::ConfigMap(o) => {
                self.config_maps.entry(ns).or_default().insert(name, o);
            }
            Object::Secret(o) => {
                self.secrets.entry(ns.clone()).or_default().insert(name.clone(), o);
                self.seal_secret(&ns, &name);
            }
            Object::Pod(o) => {
                self.pods.entry(ns).or_default().insert(name, Rc::new(o));
            }
            Object::Role(o) => {
                self.roles.entry(ns).or_default().insert(name, o);
            }
            Object::RoleBinding(o) => {
                self.role_bindings.entry(ns).or_default().insert(name, o);
            }
            Object::ClusterRole(o) => {
                self.cluster_roles.insert(name, o);
            }
            Object::ClusterRoleBinding(o) => {
                self.cluster_role_bindings.insert(name, o);
            }
            Object::Deployment(o) => {
                self.deployments.entry(ns).or_default().insert(name, o);
            }
            Object::ReplicaSet(o) => {
                self.replica_sets.entry(ns).or_default().insert(name, o);
            }
            Object::Job(o) => {
                self.jobs.entry(ns).or_default().insert(name, o);
            }
        }
    }

    /// `PUT`: replace an object. A set `resourceVersion` must match (optimistic concurrency).
    pub fn update(&mut self, mut obj: Object) -> Result<Object, Status> {
        let kind = obj.kind();
        let ns = if kind.namespaced() { obj.namespace().to_owned() } else { String::new() };
        let name = obj.name().to_owned();
        let old = self.get(kind, &ns, &name)?;
        // etcd3 store GuaranteedUpdate: an unchanged object is not written again unless it was
        // read stale (through a provider or key other than the first), which is what makes
        // `kubectl get secrets -A -o json | kubectl replace -f -` re-encrypt everything.
        let stale = kind == Kind::Secret && self.read_secret(&ns, &name).map(|(_, s)| s).unwrap_or(false);
        if let Some(rv) = obj.meta().resource_version.as_deref().filter(|s| !s.is_empty()) {
            if Some(rv) != old.meta().resource_version.as_deref() {
                return Err(Status::conflict(&kind.qualified_resource(), &name));
            }
        }
        self.prepare(&mut obj, &ns)?;
        // Server-owned metadata is kept.
        {
            let om = old.meta().clone();
            let m = obj.meta_mut();
            m.uid = om.uid;
            m.creation_timestamp = om.creation_timestamp;
            m.deletion_timestamp = om.deletion_timestamp;
            m.generation = om.generation;
        }
        let errs = match (&obj, &old) {
            (Object::Secret(new), Object::Secret(old)) => validation::validate_secret_update(new, old),
            (Object::ConfigMap(new), Object::ConfigMap(old)) => validation::validate_config_map_update(new, old),
            (Object::Pod(new), Object::Pod(old)) => {
                let mut errs = validation::validate_pod(new);
                // ValidatePodUpdate: copy the fields that may change (images, activeDeadlineSeconds,
                // tolerations, terminationGracePeriodSeconds) from the old spec; anything else differing is refused.
                let mut munged = new.spec.clone();
                if let (Some(m), Some(o)) = (munged.as_mut(), old.spec.as_ref()) {
                    for (mc, oc) in m.containers.iter_mut().zip(&o.containers) {
                        mc.image = oc.image.clone();
                    }
                    for (mc, oc) in m.init_containers.iter_mut().flatten().zip(o.init_containers.iter().flatten()) {
                        mc.image = oc.image.clone();
                    }
                    m.active_deadline_seconds = o.active_deadline_seconds;
                    m.tolerations = o.tolerations.clone();
                    m.termination_grace_period_seconds = o.termination_grace_period_seconds;
                }
                if munged != old.spec {
                    errs.push(FieldError::forbidden("spec", POD_UPDATE_FORBIDDEN));
                }
                errs
            }
            _ => Self::validate(&obj),
        };
        if !errs.is_empty() {
            return Err(batch::invalid(kind, &name, errs));
        }
        if let (Object::Pod(new), Object::Pod(old)) = (&mut obj, &old) {
            new.status = old.status.clone();
        }
        apps::prepare_for_update(&mut obj, &old);
        batch::prepare_for_update(&mut obj, &old);
        let mut unchanged_probe = obj.clone();
        unchanged_probe.meta_mut().resource_version = old.meta().resource_version.clone();
        if unchanged_probe == old && !stale {
            return Ok(old);
        }
        let rv = self.bump(kind, &ns, &name, ChangeOp::Modified);
        obj.meta_mut().resource_version = Some(rv.to_string());
        self.insert(obj.clone());
        if kind == Kind::Secret {
            self.tokens_controller_sync_secret(&ns, &name);
        }
        Ok(obj)
    }

    /// The pod status subresource: the kubelet's writes (no validation, no spec change).
    pub fn update_pod_status(&mut self, ns: &str, name: &str, status: k8s_openapi::api::core::v1::PodStatus) -> bool {
        self.modify_pod(ns, name, |p| {
            if p.status.as_ref() == Some(&status) {
                return false;
            }
            p.status = Some(status);
            true
        }) == Some(true)
    }

    /// Binds a pod to a node (the `pods/binding` subresource the scheduler calls).
    pub fn bind_pod(&mut self, ns: &str, name: &str, node: &str) -> Result<(), Status> {
        let bound = self.modify_pod(ns, name, |p| {
            if let Some(spec) = p.spec.as_mut() {
                spec.node_name = Some(node.to_owned());
            }
            true
        });
        bound.map(|_| ()).ok_or_else(|| Status::not_found("pods", name))
    }

    /// Changes a stored pod in place; a change (`f` returns true) gets a new resourceVersion
    /// and a watch event. `None` when there is no such pod.
    fn modify_pod(&mut self, ns: &str, name: &str, f: impl FnOnce(&mut Pod) -> bool) -> Option<bool> {
        let p = self.pods.get_mut(ns).and_then(|m| m.get_mut(name))?;
        // Copy-on-write: a pod shared with a snapshot is cloned here, one not shared is not.
        let p = Rc::make_mut(p);
        if !f(p) {
            return Some(false);
        }
        p.metadata.resource_version = Some((self.resource_version + 1).to_string());
        self.bump(Kind::Pod, ns, name, ChangeOp::Modified);
        Some(true)
    }

    /// `DELETE`: removes the object (pods: see [`Store::mark_pod_deleting`]).
    pub fn delete(&mut self, kind: Kind, ns: &str, name: &str) -> Result<Object, Status> {
        let obj = self.get(kind, ns, name)?;
        let removed = match kind {
            Kind::Namespace => self.namespaces.remove(name).is_some(),
            Kind::ServiceAccount => remove_from(&mut self.service_accounts, ns, name),
            Kind::ConfigMap => remove_from(&mut self.config_maps, ns, name),
            Kind::Secret => {
                self.sealed.remove(&secret_key(ns, name));
                remove_from(&mut self.secrets, ns, name)
            }
            Kind::Pod => remove_from(&mut self.pods, ns, name),
            Kind::Role => remove_from(&mut self.roles, ns, name),
            Kind::RoleBinding => remove_from(&mut self.role_bindings, ns, name),
            Kind::ClusterRole => self.cluster_roles.remove(name).is_some(),
            Kind::ClusterRoleBinding => self.cluster_role_bindings.remove(name).is_some(),
            Kind::Deployment => remove_from(&mut self.deployments, ns, name),
            Kind::ReplicaSet => remove_from(&mut self.replica_sets, ns, name),
            Kind::Job => remove_from(&mut self.jobs, ns, name),
        };
        if removed {
            self.bump(kind, ns, name, ChangeOp::Deleted);
            if kind == Kind::ServiceAccount {
                self.tokens_controller_account_deleted(ns, name, obj.meta().uid.as_deref().unwrap_or_default());
            }
        }
        Ok(obj)
    }
}

fn remove_from<T>(t: &mut Table<T>, ns: &str, name: &str) -> bool {
    let Some(m) = t.get_mut(ns) else { return false };
    let removed = m.remove(name).is_some();
    if m.is_empty() {
        t.remove(ns);
    }
    removed
}

/// The ValidatePodUpdate message (pkg/apis/core/validation/validation.go), without the spec diff.
pub const POD_UPDATE_FORBIDDEN: &str = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
