//! kube-controller-manager's workload controllers: the Deployment controller, the ReplicaSet
//! controller, the Job controller and the garbage collector
//! (`pkg/controller/{deployment,replicaset,job,garbagecollector}`).
//!
//! Driven as the scheduler and the kubelets are: the watches ([`crate::watch`]) hand each store
//! change to [`Cluster::observe_for_controllers`], which puts the object's key on the controllers'
//! work queue (a FIFO without duplicates, as client-go's workqueue) and one
//! `Task::Controller` on the virtual clock per queued key. Each such task is one step: it takes
//! the first key and syncs that one object. Everything is read from and written to the store
//! directly (its reads are always current, so the controllers need no expectations), and the
//! queue is part of the cluster, so a step back replays it exactly.

pub(crate) mod deployment;
mod deployment_controller;
pub(crate) mod garbagecollector;
pub(crate) mod hash;
pub(crate) mod job;
pub(crate) mod replicaset;
mod rolling;
mod util;

use std::collections::{BTreeMap, VecDeque};

use kubeplay_api::k8s_openapi::api::core::v1::Pod;
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use kubeplay_api::{Change, ChangeOp, Kind};

use crate::cluster::Cluster;
use crate::ctx::Ctx;
use crate::events::{Event, EventType, ObjectRef};
use crate::queue::Task;

/// How long after a watch event a controller's worker picks the key up (the informer's
/// delivery and the workqueue; kubeplay's choice, as the scheduler's 5 ms is).
const REACTION_MS: u64 = 1;

/// One unit of controller work: the object a controller syncs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Key {
    /// The deployment controller's `syncDeployment(namespace/name)`.
    Deployment(String, String),
    /// The ReplicaSet controller's `syncReplicaSet(namespace/name)`.
    ReplicaSet(String, String),
    /// The garbage collector's pass over a namespace's owners and dependents.
    Garbage(String),
    /// The Job controller's `syncJob(namespace/name)`.
    Job(String, String),
}

/// The controllers' state: their work queue and what their informers remember of owners.
#[derive(Debug, Clone, Default)]
pub(crate) struct Controllers {
    queue: VecDeque<Key>,
    /// The controller owner of each ReplicaSet and pod last seen (`(kind, ns, name)` → owner
    /// name), so a deletion still reaches the owner (the informers' tombstones).
    owners: BTreeMap<(Kind, String, String), String>,
    /// The Job controlling each pod last seen (`(ns, pod)` → Job name).
    job_pods: BTreeMap<(String, String), String>,
    /// Keys to queue again at a virtual time (`queue.AddAfter`: the Job controller's back-off
    /// and active deadline), in the order they were asked for.
    delayed: Vec<(u64, Key)>,
}

impl Controllers {
    /// Queues a key unless it is already waiting; true when it was added.
    fn add(&mut self, key: Key) -> bool {
        if self.queue.contains(&key) {
            return false;
        }
        self.queue.push_back(key);
        true
    }
    /// The next key, after moving the delayed keys that are due onto the queue.
    pub(crate) fn pop(&mut self, now_ms: u64) -> Option<Key> {
        let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.delayed).into_iter().partition(|(at, _)| *at <= now_ms);
        self.delayed = later;
        for (_, key) in due {
            self.add(key);
        }
        self.queue.pop_front()
    }
}

/// The controller reference of an object (`metav1.GetControllerOf`).
pub(crate) fn controller_of(meta: &ObjectMeta) -> Option<&OwnerReference> {
    meta.owner_references.iter().flatten().find(|r| r.controller == Some(true))
}

/// `metav1.NewControllerRef`: what a controller writes into the objects it creates.
pub(crate) fn controller_ref(kind: &str, meta: &ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".to_owned(),
        kind: kind.to_owned(),
        name: meta.name.clone().unwrap_or_default(),
        uid: meta.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// Whether a pod is Ready (`podutil.IsPodReady`).
pub(crate) fn pod_ready(p: &Pod) -> bool {
    p.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
}

/// Whether a pod counts as active (`controller.IsPodActive`): not Succeeded, not Failed, not being deleted.
pub(crate) fn pod_active(p: &Pod) -> bool {
    let phase = p.status.as_ref().and_then(|s| s.phase.as_deref());
    !matches!(phase, Some("Succeeded" | "Failed")) && p.metadata.deletion_timestamp.is_none()
}

/// Records an event a controller emits about one of its objects.
pub(crate) fn record(
    ctx: &mut Ctx<'_>,
    object: ObjectRef,
    type_: EventType,
    reason: &'static str,
    source: &'static str,
    message: String,
) {
    ctx.note(|| format!("{source}: {reason} {}/{}: {message}", object.namespace, object.name));
    ctx.events.push(Event { time_ms: ctx.now_ms, step: ctx.step, type_, reason, object, message, source, field_path: None });
    ctx.changed();
}

impl Cluster {
    /// The controllers' informers: a store change queues the keys that care about it.
    pub(crate) fn observe_for_controllers(&mut self, change: &Change) {
        let ns = change.namespace.clone();
        let mut keys = Vec::new();
        match change.kind {
            Kind::Deployment => {
                keys.push(Key::Deployment(ns.clone(), change.name.clone()));
                if self.store.deployment(&ns, &change.name).is_none_or(|d| d.metadata.deletion_timestamp.is_some()) {
                    keys.push(Key::Garbage(ns.clone()));
                }
            }
            Kind::ReplicaSet => {
                let id = (Kind::ReplicaSet, ns.clone(), change.name.clone());
                let rs = self.store.replica_set(&ns, &change.name);
                if let Some(owner) = rs.and_then(|r| controller_of(&r.metadata)).filter(|r| r.kind == "Deployment") {
                    self.controllers.owners.insert(id.clone(), owner.name.clone());
                }
                if let Some(owner) = self.controllers.owners.get(&id) {
                    keys.push(Key::Deployment(ns.clone(), owner.clone()));
                }
                if change.op == ChangeOp::Deleted {
                    self.controllers.owners.remove(&id);
                } else {
                    keys.push(Key::ReplicaSet(ns.clone(), change.name.clone()));
                }
                if rs.is_none_or(|r| r.metadata.deletion_timestamp.is_some()) {
                    keys.push(Key::Garbage(ns.clone()));
                }
            }
            Kind::Job => {
                keys.push(Key::Job(ns.clone(), change.name.clone()));
                if self.store.job(&ns, &change.name).is_none_or(|j| j.metadata.deletion_timestamp.is_some()) {
                    keys.push(Key::Garbage(ns.clone()));
                }
            }
            Kind::Pod => {
                let pid = (ns.clone(), change.name.clone());
                let pod = self.store.pod(&ns, &change.name);
                match pod.and_then(|p| controller_of(&p.metadata)).filter(|r| r.kind == "Job") {
                    Some(owner) => {
                        self.controllers.job_pods.insert(pid.clone(), owner.name.clone());
                    }
                    None if pod.is_some() => {
                        self.controllers.job_pods.remove(&pid);
                        // An orphan a Job's selector matches is adopted by that Job's sync.
                        let labels = pod.and_then(|p| p.metadata.labels.clone()).unwrap_or_default();
                        for j in self.store.jobs().filter(|j| j.metadata.namespace.as_deref() == Some(&ns)) {
                            let selects = j.spec.as_ref().and_then(|s| s.selector.as_ref());
                            if selects.is_some_and(|s| kubeplay_api::validation::selector_matches(s, &labels)) {
                                keys.push(Key::Job(ns.clone(), j.metadata.name.clone().unwrap_or_default()));
                            }
                        }
                    }
                    None => {}
                }
                if let Some(job) = self.controllers.job_pods.get(&pid) {
                    keys.push(Key::Job(ns.clone(), job.clone()));
                }
                if change.op == ChangeOp::Deleted {
                    self.controllers.job_pods.remove(&pid);
                }
                let id = (Kind::Pod, ns.clone(), change.name.clone());
                if let Some(owner) = pod.and_then(|p| controller_of(&p.metadata)).filter(|r| r.kind == "ReplicaSet") {
                    self.controllers.owners.insert(id.clone(), owner.name.clone());
                } else if pod.is_some() {
                    self.controllers.owners.remove(&id);
                }
                if let Some(owner) = self.controllers.owners.get(&id) {
                    keys.push(Key::ReplicaSet(ns.clone(), owner.clone()));
                }
                if change.op == ChangeOp::Deleted {
                    // deployment_controller.go deletePod: a Recreate rollout waits for the last old pod.
                    if let Some(rs) = self.controllers.owners.get(&id) {
                        if let Some(d) = self.controllers.owners.get(&(Kind::ReplicaSet, ns.clone(), rs.clone())) {
                            let recreate = self.store.deployment(&ns, d).is_some_and(|d| {
                                d.spec.as_ref().and_then(|s| s.strategy.as_ref()).and_then(|s| s.type_.as_deref())
                                    == Some("Recreate")
                            });
                            if recreate {
                                keys.push(Key::Deployment(ns.clone(), d.clone()));
                            }
                        }
                    }
                    self.controllers.owners.remove(&id);
                    // A foreground deletion waits for its dependents to be gone.
                    let waiting = self.store.replica_sets_in(&ns).any(|r| r.metadata.deletion_timestamp.is_some())
                        || self
                            .store
                            .jobs()
                            .any(|j| j.metadata.namespace.as_deref() == Some(&ns) && j.metadata.deletion_timestamp.is_some());
                    if waiting {
                        keys.push(Key::Garbage(ns.clone()));
                    }
                }
            }
            _ => {}
        }
        for key in keys {
            if self.controllers.add(key) {
                self.queue.push(self.now_ms + REACTION_MS, Task::Controller, true);
            }
        }
    }
}

impl Cluster {
    /// One `Task::Controller`: the next key's sync.
    pub(crate) fn run_controller(&mut self, notes: &mut Vec<String>, changed: &mut bool) -> bool {
        let Some(key) = self.controllers.pop(self.now_ms) else { return false };
        let mut ctx = Ctx {
            now_ms: self.now_ms,
            step: self.steps + 1,
            store: &mut self.store,
            queue: &mut self.queue,
            events: &mut self.events,
            internals: &mut self.internals,
            rng: &mut self.scheduler_rng,
            settings: &self.settings,
            notes,
            record_notes: self.record_notes,
            changed,
        };
        match &key {
            Key::Deployment(ns, name) => deployment_controller::sync(&mut ctx, ns, name),
            Key::ReplicaSet(ns, name) => replicaset::sync(&mut ctx, ns, name),
            Key::Garbage(ns) => garbagecollector::sync(&mut ctx, ns),
            Key::Job(ns, name) => {
                if let Some(after_ms) = job::sync(&mut ctx, ns, name) {
                    let at = self.now_ms + after_ms;
                    if !self.controllers.delayed.iter().any(|(t, k)| *t == at && *k == key) {
                        self.controllers.delayed.push((at, key.clone()));
                        self.queue.push(at, Task::Controller, true);
                    }
                }
            }
        }
        true
    }
}
