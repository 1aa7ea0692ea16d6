//! The apps group's storage: Deployments and ReplicaSets, their `status` subresource, their
//! generation, and the finalizers the garbage collector works with.
//!
//! Mirrors `pkg/registry/apps/deployment/strategy.go` and `pkg/registry/apps/replicaset/strategy.go`
//! (`PrepareForUpdate`: status is kept, `metadata.generation` moves when the spec changes) and
//! `apiserver/pkg/registry/generic/registry/store.go` (`deletionTimestamp` plus the `orphan` or
//! `foregroundDeletion` finalizer while the garbage collector works).

use k8s_openapi::api::apps::v1::{Deployment, DeploymentStatus, ReplicaSet, ReplicaSetStatus};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;

use super::{table_get, time_at, ChangeOp, Store};
use crate::object::{Kind, Object};
use crate::status::Status;

/// `PrepareForUpdate` of the apps strategies: a `PUT` of the main resource keeps the stored
/// status, and a changed spec takes the next generation.
pub(super) fn prepare_for_update(new: &mut Object, old: &Object) {
    match (new, old) {
        (Object::Deployment(n), Object::Deployment(o)) => {
            n.status = o.status.clone();
            if n.spec != o.spec {
                n.metadata.generation = Some(o.metadata.generation.unwrap_or(0) + 1);
            }
        }
        (Object::ReplicaSet(n), Object::ReplicaSet(o)) => {
            n.status = o.status.clone();
            if n.spec != o.spec {
                n.metadata.generation = Some(o.metadata.generation.unwrap_or(0) + 1);
            }
        }
        _ => {}
    }
}

impl Store {
    /// A Deployment by namespace and name.
    pub fn deployment(&self, ns: &str, name: &str) -> Option<&Deployment> {
        table_get(&self.deployments, ns, name)
    }

    /// A ReplicaSet by namespace and name.
    pub fn replica_set(&self, ns: &str, name: &str) -> Option<&ReplicaSet> {
        table_get(&self.replica_sets, ns, name)
    }

    /// Every Deployment, by namespace then name.
    pub fn deployments(&self) -> impl Iterator<Item = &Deployment> {
        self.deployments.values().flat_map(|m| m.values())
    }

    /// Every ReplicaSet, by namespace then name.
    pub fn replica_sets(&self) -> impl Iterator<Item = &ReplicaSet> {
        self.replica_sets.values().flat_map(|m| m.values())
    }

    /// The ReplicaSets of one namespace, by name.
    pub fn replica_sets_in<'a>(&'a self, ns: &str) -> impl Iterator<Item = &'a ReplicaSet> + 'a {
        self.replica_sets.get(ns).into_iter().flat_map(|m| m.values())
    }

    /// The pods of one namespace, by name.
    pub fn pods_in<'a>(&'a self, ns: &str) -> impl Iterator<Item = &'a k8s_openapi::api::core::v1::Pod> + 'a {
        self.pods.get(ns).into_iter().flat_map(|m| m.values()).map(|p| &**p)
    }

    /// The `deployments/status` subresource: writes the status and the annotations (the status
    /// strategy resets spec and labels, not annotations, which is how the deployment controller
    /// records `deployment.kubernetes.io/revision`). A change takes a resourceVersion and a watch
    /// event; an equal write changes nothing.
    pub fn update_deployment_status(
        &mut self,
        ns: &str,
        name: &str,
        annotations: Option<std::collections::BTreeMap<String, String>>,
        status: DeploymentStatus,
    ) -> bool {
        let Some(d) = self.deployments.get_mut(ns).and_then(|m| m.get_mut(name)) else { return false };
        if d.status.as_ref() == Some(&status) && d.metadata.annotations == annotations {
            return false;
        }
        d.status = Some(status);
        d.metadata.annotations = annotations;
        d.metadata.resource_version = Some((self.resource_version + 1).to_string());
        self.bump(Kind::Deployment, ns, name, ChangeOp::Modified);
        true
    }

    /// The `replicasets/status` subresource (as [`Store::update_deployment_status`]).
    pub fn update_replica_set_status(&mut self, ns: &str, name: &str, status: ReplicaSetStatus) -> bool {
        let Some(rs) = self.replica_sets.get_mut(ns).and_then(|m| m.get_mut(name)) else { return false };
        if rs.status.as_ref() == Some(&status) {
            return false;
        }
        rs.status = Some(status);
        rs.metadata.resource_version = Some((self.resource_version + 1).to_string());
        self.bump(Kind::ReplicaSet, ns, name, ChangeOp::Modified);
        true
    }

    /// A `DELETE` whose propagation policy is `Orphan` or `Foreground`: the object stays, with a
    /// `deletionTimestamp` and the finalizer (`orphan` or `foregroundDeletion`) the garbage
    /// collector removes when its work is done (store.go `updateForGracefulDeletionAndFinalizers`).
    pub fn delete_with_finalizer(
        &mut self,
        kind: Kind,
        ns: &str,
        name: &str,
        finalizer: &str,
        now_ms: u64,
    ) -> Result<Object, Status> {
        let mut obj = self.get(kind, ns, name)?;
        let meta = obj.meta_mut();
        if meta.deletion_timestamp.is_none() {
            meta.deletion_timestamp = Some(time_at(now_ms));
            meta.deletion_grace_period_seconds = Some(0);
        }
        let finalizers = meta.finalizers.get_or_insert_with(Vec::new);
        if !finalizers.iter().any(|f| f == finalizer) {
            finalizers.push(finalizer.to_owned());
        }
        let rv = self.bump(kind, ns, name, ChangeOp::Modified);
        obj.meta_mut().resource_version = Some(rv.to_string());
        self.insert(obj.clone());
        Ok(obj)
    }

    /// Removes a finalizer (the garbage collector's last step); an object being deleted with no
    /// finalizer left is removed.
    pub fn remove_finalizer(&mut self, kind: Kind, ns: &str, name: &str, finalizer: &str) -> Result<(), Status> {
        let mut obj = self.get(kind, ns, name)?;
        let meta = obj.meta_mut();
        let before = meta.finalizers.as_ref().map_or(0, Vec::len);
        if let Some(f) = meta.finalizers.as_mut() {
            f.retain(|x| x != finalizer);
        }
        let left = meta.finalizers.as_ref().map_or(0, Vec::len);
        if meta.finalizers.as_ref().is_some_and(Vec::is_empty) {
            meta.finalizers = None;
        }
        if left == 0 && meta.deletion_timestamp.is_some() {
            self.delete(kind, ns, name)?;
            return Ok(());
        }
        if left != before {
            let rv = self.bump(kind, ns, name, ChangeOp::Modified);
            obj.meta_mut().resource_version = Some(rv.to_string());
            self.insert(obj);
        }
        Ok(())
    }

    /// Replaces an object's `ownerReferences` (the garbage collector orphaning a dependent; the
    /// deployment controller adopting). `None` when there is no such object.
    pub fn set_owner_references(&mut self, kind: Kind, ns: &str, name: &str, refs: Option<Vec<OwnerReference>>) -> Option<()> {
        if kind == Kind::Pod {
            return self
                .modify_pod(ns, name, |p| {
                    if p.metadata.owner_references == refs {
                        return false;
                    }
                    p.metadata.owner_references = refs;
                    true
                })
                .map(|_| ());
        }
        let mut obj = self.get(kind, ns, name).ok()?;
        if obj.meta().owner_references == refs {
            return Some(());
        }
        obj.meta_mut().owner_references = refs;
        let rv = self.bump(kind, ns, name, ChangeOp::Modified);
        obj.meta_mut().resource_version = Some(rv.to_string());
        self.insert(obj);
        Some(())
    }
}
