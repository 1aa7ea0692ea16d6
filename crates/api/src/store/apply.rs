//! `kubectl apply` as the store sees it: create when absent, otherwise an update that keeps
//! what the server owns and the manifest leaves out (admission-added service account and
//! token volume, tolerations, node binding).

use crate::object::Object;
use crate::status::Status;

use super::Store;

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
                    // apply sends a strategic merge patch (containers merged by name), so a field
                    // the manifest leaves out keeps its live value instead of being defaulted
                    // again: `image: redis` -> `redis:7` keeps the stored `imagePullPolicy:
                    // Always` (staging/src/k8s.io/kubectl/pkg/cmd/apply/patcher.go; defaulting in
                    // pkg/apis/core/v1/defaults.go SetDefaults_Container only fills an empty policy).
                    if let (Some(ns_), Some(os)) = (new.spec.as_mut(), old.spec.as_ref()) {
                        for nc in ns_.containers.iter_mut().filter(|c| c.image_pull_policy.is_none()) {
                            if let Some(oc) = os.containers.iter().find(|oc| oc.name == nc.name) {
                                nc.image_pull_policy = oc.image_pull_policy.clone();
                            }
                        }
                    }
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
}
