//! The API server as seen through etcd: create, update, delete, get and list with the
//! real errors, `resourceVersion` per write, and a change log for watchers.
//!
//! Mirrors `staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go` (keys
//! `/registry/<resource>/<ns>/<name>`), the NamespaceLifecycle and ServiceAccount
//! admission plugins, and the controllers that give each namespace its `default`
//! ServiceAccount and `kube-root-ca.crt` ConfigMap (run synchronously here).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    ConfigMap, ConfigMapProjection, DownwardAPIProjection, DownwardAPIVolumeFile, KeyToPath, Namespace, ObjectFieldSelector, Pod,
    ProjectedVolumeSource, Secret, ServiceAccount, ServiceAccountTokenProjection, Volume, VolumeMount, VolumeProjection,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};

use crate::field::FieldError;
use crate::object::{Kind, Object};
use crate::rng::UidStream;
use crate::status::Status;
use crate::validation;

/// The namespaces every cluster starts with.
pub const INITIAL_NAMESPACES: [&str; 4] = ["default", "kube-node-lease", "kube-public", "kube-system"];

/// Unix time (ms) of virtual time zero: 2026-01-01T00:00:00Z.
pub const EPOCH_UNIX_MS: i64 = 1_767_225_600_000;

/// What happened to an object, for watchers (`watch.EventType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ChangeOp {
    /// `ADDED`.
    Added,
    /// `MODIFIED`.
    Modified,
    /// `DELETED`.
    Deleted,
}

/// One write, as a watch would deliver it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The kind written.
    pub kind: Kind,
    /// Its namespace (empty for namespaces).
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// Added, modified or deleted.
    pub op: ChangeOp,
    /// The resourceVersion of the write.
    pub resource_version: u64,
}

/// Objects of one kind by namespace then name (lookups by `&str` allocate nothing).
type Table<T> = BTreeMap<String, BTreeMap<String, T>>;

/// The cluster's API objects.
#[derive(Debug, Clone)]
pub struct Store {
    namespaces: BTreeMap<String, Namespace>,
    service_accounts: Table<ServiceAccount>,
    config_maps: Table<ConfigMap>,
    secrets: Table<Secret>,
    /// Boxed: a `Pod` is kilobytes inline, and B-tree nodes hold eleven slots.
    pods: Table<Box<Pod>>,
    resource_version: u64,
    /// The uid and name generation stream ([`crate::rng`]).
    uids: UidStream,
    changes: Vec<Change>,
}

/// A virtual time (ms since [`EPOCH_UNIX_MS`]) as a Kubernetes `Time` (second precision).
pub fn time_at(now_ms: u64) -> Time {
    let secs = (EPOCH_UNIX_MS + now_ms as i64) / 1000;
    Time(k8s_openapi::jiff::Timestamp::from_second(secs).unwrap_or(k8s_openapi::jiff::Timestamp::UNIX_EPOCH))
}

fn table_get<'a, T>(t: &'a Table<T>, ns: &str, name: &str) -> Option<&'a T> {
    t.get(ns).and_then(|m| m.get(name))
}

/// What an apply did (`kubectl apply` prints it after the object name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ApplyOutcome {
    /// `created`.
    Created,
    /// `configured`.
    Configured,
    /// `unchanged`.
    Unchanged,
}

impl ApplyOutcome {
    /// The word kubectl prints.
    pub fn as_str(self) -> &'static str {
        match self {
            ApplyOutcome::Created => "created",
            ApplyOutcome::Configured => "configured",
            ApplyOutcome::Unchanged => "unchanged",
        }
    }
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
            resource_version: 0,
            uids: UidStream::new(seed),
            changes: Vec::new(),
        };
        for ns in INITIAL_NAMESPACES {
            let obj = Object::Namespace(Namespace {
                metadata: ObjectMeta { name: Some(ns.to_owned()), ..Default::default() },
                ..Default::default()
            });
            let _ = s.create(obj, 0);
        }
        s.changes.clear();
        s
    }

    /// The latest resourceVersion written.
    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    /// Takes the writes made since the last call, oldest first.
    pub fn drain_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    /// The next number of the uid and name generation stream.
    pub fn next_random(&mut self) -> u64 {
        self.uids.next_u64()
    }

    fn new_uid(&mut self) -> String {
        let a = self.next_random();
        let b = self.next_random();
        // RFC 4122 version 4 layout, as the API server's uuid.NewUUID() looks.
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            ((b >> 48) & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }

    /// `names.SimpleNameGenerator`: 5 characters from `bcdfghjklmnpqrstvwxz2456789`.
    pub fn random_suffix(&mut self) -> String {
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        let mut r = self.next_random();
        (0..5)
            .map(|_| {
                let c = ALPHABET[(r % ALPHABET.len() as u64) as usize] as char;
                r /= ALPHABET.len() as u64;
                c
            })
            .collect()
    }

    fn bump(&mut self, kind: Kind, namespace: &str, name: &str, op: ChangeOp) -> u64 {
        self.resource_version += 1;
        self.changes.push(Change {
            kind,
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            op,
            resource_version: self.resource_version,
        });
        self.resource_version
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
            Kind::Secret => table_get(&self.secrets, ns, name).cloned().map(Object::Secret),
            Kind::Pod => table_get(&self.pods, ns, name).map(|p| Object::Pod((**p).clone())),
        };
        found.ok_or_else(|| Status::not_found(kind.resource(), name))
    }

    /// Whether an object exists (a [`Store::get`] without the copy).
    pub fn exists(&self, kind: Kind, ns: &str, name: &str) -> bool {
        match kind {
            Kind::Namespace => self.namespaces.contains_key(name),
            Kind::ServiceAccount => table_get(&self.service_accounts, ns, name).is_some(),
            Kind::ConfigMap => table_get(&self.config_maps, ns, name).is_some(),
            Kind::Secret => table_get(&self.secrets, ns, name).is_some(),
            Kind::Pod => table_get(&self.pods, ns, name).is_some(),
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
            Kind::Pod => pick(&self.pods, ns, |p| Object::Pod(*p)),
        }
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
        let errs = Self::validate(obj);
        if !errs.is_empty() {
            return Err(Status::invalid(kind.as_str(), &name, errs));
        }
        if self.exists(kind, &ns, &name) {
            return Err(Status::already_exists(kind.resource(), &name));
        }
        let uid = self.new_uid();
        let rv = self.bump(kind, &ns, &name, ChangeOp::Added);
        let meta = obj.meta_mut();
        meta.uid = Some(uid);
        meta.resource_version = Some(rv.to_string());
        meta.creation_timestamp = Some(time_at(now_ms));
        if meta.generation.is_none() && kind == Kind::Pod {
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
        if let Object::Namespace(_) = obj {
            self.namespace_controllers(&name, now_ms);
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
                self.secrets.entry(ns).or_default().insert(name, o);
            }
            Object::Pod(o) => {
                self.pods.entry(ns).or_default().insert(name, Box::new(o));
            }
        }
    }

    /// The serviceaccount controller and root-ca-cert-publisher, run at once for a new namespace.
    fn namespace_controllers(&mut self, ns: &str, now_ms: u64) {
        let sa = Object::ServiceAccount(ServiceAccount {
            metadata: ObjectMeta { name: Some("default".to_owned()), namespace: Some(ns.to_owned()), ..Default::default() },
            ..Default::default()
        });
        let _ = self.create(sa, now_ms);
        let cm = Object::ConfigMap(ConfigMap {
            metadata: ObjectMeta {
                name: Some("kube-root-ca.crt".to_owned()),
                namespace: Some(ns.to_owned()),
                annotations: Some(
                    [(
                        "kubernetes.io/description".to_owned(),
                        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.".to_owned(),
                    )]
                    .into(),
                ),
                ..Default::default()
            },
            data: Some([("ca.crt".to_owned(), KUBEPLAY_CA_CRT.to_owned())].into()),
            ..Default::default()
        });
        let _ = self.create(cm, now_ms);
    }

    /// DefaultTolerationSeconds admission (plugin/pkg/admission/defaulttolerationseconds):
    /// pods tolerate not-ready and unreachable nodes for 300 s unless they say otherwise.
    fn default_tolerations(pod: &mut Pod) {
        let Some(spec) = pod.spec.as_mut() else { return };
        let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
        for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
            let tolerated = tolerations.iter().any(|t| {
                (t.key.as_deref() == Some(key)
                    || t.key.as_deref().unwrap_or("").is_empty() && t.operator.as_deref() == Some("Exists"))
                    && t.effect.as_deref().is_none_or(|e| e.is_empty() || e == "NoExecute")
            });
            if !tolerated {
                tolerations.push(k8s_openapi::api::core::v1::Toleration {
                    key: Some(key.to_owned()),
                    operator: Some("Exists".to_owned()),
                    effect: Some("NoExecute".to_owned()),
                    toleration_seconds: Some(300),
                    value: None,
                });
            }
        }
    }

    /// ServiceAccount admission (plugin/pkg/admission/serviceaccount/admission.go).
    fn admit_pod(&mut self, pod: &mut Pod) -> Result<(), Status> {
        let ns = pod.metadata.namespace.clone().unwrap_or_default();
        let pod_name = pod.metadata.name.clone().unwrap_or_default();
        let Some(spec) = pod.spec.as_mut() else { return Ok(()) };
        let sa_name = match spec.service_account_name.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => s.to_owned(),
            None => "default".to_owned(),
        };
        spec.service_account_name = Some(sa_name.clone());
        spec.service_account = Some(sa_name.clone());
        let Some(sa) = table_get(&self.service_accounts, &ns, &sa_name).cloned() else {
            return Err(Status::forbidden(
                "pods",
                &pod_name,
                &format!("error looking up service account {ns}/{sa_name}: serviceaccount \"{sa_name}\" not found"),
            ));
        };
        if spec.image_pull_secrets.as_ref().is_none_or(Vec::is_empty) {
            if let Some(ips) = sa.image_pull_secrets.clone().filter(|v| !v.is_empty()) {
                spec.image_pull_secrets = Some(ips);
            }
        }
        let automount = spec.automount_service_account_token.or(sa.automount_service_account_token).unwrap_or(true);
        if !automount {
            return Ok(());
        }
        const MOUNT: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
        let existing = spec.volumes.iter().flatten().find(|v| v.name.starts_with("kube-api-access-")).map(|v| v.name.clone());
        let vol_name = match existing.clone() {
            Some(n) => n,
            None => format!("kube-api-access-{}", self.random_suffix()),
        };
        let Some(spec) = pod.spec.as_mut() else { return Ok(()) };
        let mut mounted = false;
        for c in spec.init_containers.iter_mut().flatten().chain(spec.containers.iter_mut()) {
            let mounts = c.volume_mounts.get_or_insert_with(Vec::new);
            if !mounts.iter().any(|m| m.mount_path == MOUNT) {
                mounts.push(VolumeMount {
                    name: vol_name.clone(),
                    mount_path: MOUNT.to_owned(),
                    read_only: Some(true),
                    ..Default::default()
                });
                mounted = true;
            }
        }
        if mounted && existing.is_none() {
            spec.volumes.get_or_insert_with(Vec::new).push(Volume {
                name: vol_name,
                projected: Some(ProjectedVolumeSource {
                    default_mode: Some(0o644),
                    sources: Some(vec![
                        VolumeProjection {
                            service_account_token: Some(ServiceAccountTokenProjection {
                                expiration_seconds: Some(3607),
                                path: "token".to_owned(),
                                audience: None,
                            }),
                            ..Default::default()
                        },
                        VolumeProjection {
                            config_map: Some(ConfigMapProjection {
                                name: "kube-root-ca.crt".to_owned(),
                                items: Some(vec![KeyToPath { key: "ca.crt".to_owned(), path: "ca.crt".to_owned(), mode: None }]),
                                optional: None,
                            }),
                            ..Default::default()
                        },
                        VolumeProjection {
                            downward_api: Some(DownwardAPIProjection {
                                items: Some(vec![DownwardAPIVolumeFile {
                                    path: "namespace".to_owned(),
                                    field_ref: Some(ObjectFieldSelector {
                                        api_version: Some("v1".to_owned()),
                                        field_path: "metadata.namespace".to_owned(),
                                    }),
                                    ..Default::default()
                                }]),
                            }),
                            ..Default::default()
                        },
                    ]),
                }),
                ..Default::default()
            });
        }
        Ok(())
    }

    /// `PUT`: replace an object. A set `resourceVersion` must match (optimistic concurrency).
    pub fn update(&mut self, mut obj: Object) -> Result<Object, Status> {
        let kind = obj.kind();
        let ns = if kind.namespaced() { obj.namespace().to_owned() } else { String::new() };
        let name = obj.name().to_owned();
        let old = self.get(kind, &ns, &name)?;
        if let Some(rv) = obj.meta().resource_version.as_deref().filter(|s| !s.is_empty()) {
            if Some(rv) != old.meta().resource_version.as_deref() {
                return Err(Status::conflict(kind.resource(), &name));
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
            return Err(Status::invalid(kind.as_str(), &name, errs));
        }
        if let (Object::Pod(new), Object::Pod(old)) = (&mut obj, &old) {
            new.status = old.status.clone();
        }
        let mut unchanged_probe = obj.clone();
        unchanged_probe.meta_mut().resource_version = old.meta().resource_version.clone();
        if unchanged_probe == old {
            return Ok(old);
        }
        let rv = self.bump(kind, &ns, &name, ChangeOp::Modified);
        obj.meta_mut().resource_version = Some(rv.to_string());
        self.insert(obj.clone());
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
        if !f(p) {
            return Some(false);
        }
        p.metadata.resource_version = Some((self.resource_version + 1).to_string());
        self.bump(Kind::Pod, ns, name, ChangeOp::Modified);
        Some(true)
    }

    /// `kubectl apply`: create when absent, otherwise update with the given fields.
    pub fn apply(&mut self, mut obj: Object, namespace: &str, now_ms: u64) -> Result<(Object, ApplyOutcome), Status> {
        let kind = obj.kind();
        if kind.namespaced() && obj.namespace().is_empty() {
            obj.meta_mut().namespace = Some(namespace.to_owned());
        }
        let ns = obj.namespace().to_owned();
        let name = obj.name().to_owned();
        if !self.exists(kind, &ns, &name) {
            self.create_in(&mut obj, namespace, now_ms)?;
            return Ok((obj, ApplyOutcome::Created));
        }
        match self.get(kind, &ns, &name) {
            Err(e) => Err(e),
            Ok(old) => {
                // Keep what the server owns and the user did not give.
                let om = old.meta();
                {
                    let m = obj.meta_mut();
                    m.resource_version = None;
                    if m.labels.is_none() {
                        m.labels = om.labels.clone();
                    }
                    if m.annotations.is_none() {
                        m.annotations = om.annotations.clone();
                    }
                }
                if let (Object::Pod(new), Object::Pod(old)) = (&mut obj, &old) {
                    crate::defaults::default_pod(new);
                    // Admission-added fields stay as they were.
                    if let (Some(ns_), Some(os)) = (new.spec.as_mut(), old.spec.as_ref()) {
                        ns_.service_account_name = os.service_account_name.clone();
                        ns_.service_account = os.service_account.clone();
                        ns_.node_name = ns_.node_name.clone().or_else(|| os.node_name.clone());
                        if ns_.image_pull_secrets.is_none() {
                            ns_.image_pull_secrets = os.image_pull_secrets.clone();
                        }
                        if ns_.tolerations.is_none() {
                            ns_.tolerations = os.tolerations.clone();
                        }
                        for (nc, oc) in ns_.containers.iter_mut().zip(&os.containers) {
                            for m in oc.volume_mounts.iter().flatten().filter(|m| m.name.starts_with("kube-api-access-")) {
                                let mounts = nc.volume_mounts.get_or_insert_with(Vec::new);
                                if !mounts.iter().any(|x| x.name == m.name) {
                                    mounts.push(m.clone());
                                }
                            }
                        }
                        for v in os.volumes.iter().flatten().filter(|v| v.name.starts_with("kube-api-access-")) {
                            let vols = ns_.volumes.get_or_insert_with(Vec::new);
                            if !vols.iter().any(|x| x.name == v.name) {
                                vols.push(v.clone());
                            }
                        }
                    }
                }
                let before = old.meta().resource_version.clone();
                let updated = self.update(obj)?;
                let outcome =
                    if updated.meta().resource_version == before { ApplyOutcome::Unchanged } else { ApplyOutcome::Configured };
                Ok((updated, outcome))
            }
        }
    }

    /// `DELETE`: removes the object (pods: see [`Store::mark_pod_deleting`]).
    pub fn delete(&mut self, kind: Kind, ns: &str, name: &str) -> Result<Object, Status> {
        let obj = self.get(kind, ns, name)?;
        let removed = match kind {
            Kind::Namespace => self.namespaces.remove(name).is_some(),
            Kind::ServiceAccount => remove_from(&mut self.service_accounts, ns, name),
            Kind::ConfigMap => remove_from(&mut self.config_maps, ns, name),
            Kind::Secret => remove_from(&mut self.secrets, ns, name),
            Kind::Pod => remove_from(&mut self.pods, ns, name),
        };
        if removed {
            self.bump(kind, ns, name, ChangeOp::Deleted);
        }
        Ok(obj)
    }

    /// Graceful pod deletion: sets `deletionTimestamp`; the kubelet removes it when stopped.
    pub fn mark_pod_deleting(&mut self, ns: &str, name: &str, now_ms: u64) -> Result<(), Status> {
        let Some(p) = self.pods.get_mut(ns).and_then(|m| m.get_mut(name)) else {
            return Err(Status::not_found("pods", name));
        };
        if p.metadata.deletion_timestamp.is_some() {
            return Ok(());
        }
        p.metadata.deletion_timestamp = Some(time_at(now_ms + 30_000));
        p.metadata.deletion_grace_period_seconds = Some(30);
        self.bump(Kind::Pod, ns, name, ChangeOp::Modified);
        Ok(())
    }

    /// The raw keys and values as etcd holds them: `/registry/<resource>/<ns>/<name>` → JSON.
    /// Secret values sit there in plain text (base64 in JSON is an encoding, not encryption).
    pub fn etcd(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for kind in Kind::ALL {
            for obj in self.list(kind, None) {
                let key = if kind.namespaced() {
                    format!("/registry/{}/{}/{}", kind.resource(), obj.namespace(), obj.name())
                } else {
                    format!("/registry/{}/{}", kind.resource(), obj.name())
                };
                let mut v = obj.to_json();
                if let Some(m) = v.as_object_mut() {
                    m.insert("apiVersion".to_owned(), "v1".into());
                    m.insert("kind".to_owned(), kind.as_str().into());
                }
                out.push((key, serde_json::to_string(&v).unwrap_or_default()));
            }
        }
        out.sort();
        out
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

/// The CA certificate of kubeplay's pretend API server (published as `kube-root-ca.crt`).
pub const KUBEPLAY_CA_CRT: &str = "-----BEGIN CERTIFICATE-----
MIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrdWJlcGxh
eS1zZXJ2ZXItY2FAMTc2NzIyNTYwMDAeFw0yNjAxMDEwMDAwMDBaFw0zNjAxMDEw
MDAwMDBaMCMxITAfBgNVBAMMGGt1YmVwbGF5LXNlcnZlci1jYUAxNzY3MjI1NjAw
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEa2VwbGF5IGlzIGEgcGxheWdyb3Vu
ZCBub3QgYSByZWFsIGNsdXN0ZXIuIFRoaXMgaXMgbm90IGEga2V5LqNCMEAwDgYD
VR0PAQH/BAQDAgKkMA8GA1UdEwEB/wQFMAMBAf8wHQYDVR0OBBYEFGt1YmVwbGF5
IGNhIGNlcnQgMTIzMAoGCCqGSM49BAMCA0gAMEUCIGt1YmVwbGF5IHNpbXVsYXRl
cyB0aGlzIGNlcnQCIQDrdWJlcGxheSBwcmV0ZW5kIHNpZ25hdHVyZSBoZXJlIQ==
-----END CERTIFICATE-----
";
