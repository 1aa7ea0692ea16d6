//! The watches: API writes become work for the scheduler and the kubelets, and secret
//! and config map changes reach every node's reflector.

use kubeplay_api::{ChangeOp, Kind};

use crate::cluster::{Cluster, PodRecord};
use crate::events::ObjectRef;
use crate::inside::{Inside, Internal};
use crate::queue::{PodId, Task};

impl Cluster {
    /// Turns API writes into work for the scheduler and kubelets (the watches).
    pub(crate) fn react(&mut self) {
        for change in self.store.drain_changes() {
            self.observe_for_controllers(&change);
            match (change.kind, change.op) {
                (Kind::Pod, ChangeOp::Added) => {
                    let Some(pod) = self.store.pod(&change.namespace, &change.name) else { continue };
                    let uid = pod.metadata.uid.clone().unwrap_or_default();
                    let node_name = pod.spec.as_ref().and_then(|s| s.node_name.clone());
                    let id = PodId(self.next_pod_id);
                    self.next_pod_id += 1;
                    self.ids_by_uid.insert(uid, id);
                    let node = node_name.as_deref().and_then(|n| self.nodes.iter().position(|x| x.name == n)).map(|i| i as u16);
                    if let Some(count) = node.and_then(|n| self.bound.get_mut(usize::from(n))) {
                        *count += 1;
                    }
                    self.pods.insert(
                        id,
                        PodRecord { namespace: change.namespace.clone(), name: change.name.clone(), node, deleting: None },
                    );
                    match (node_name, node) {
                        (None, _) => self.queue.push(self.now_ms + 5, Task::Schedule { pod: id }, true),
                        (Some(_), Some(n)) => self.queue.push(self.now_ms + 10, Task::KubeletAdd { node: n, pod: id }, true),
                        // A node that does not exist: the pod stays Pending, as in a real cluster.
                        (Some(_), None) => {}
                    }
                }
                (Kind::Pod, ChangeOp::Modified) => {
                    let Some(pod) = self.store.pod(&change.namespace, &change.name) else { continue };
                    if pod.metadata.deletion_timestamp.is_none() {
                        // A spec update (only images may change): the kubelet restarts what changed.
                        let id = pod.metadata.uid.as_ref().and_then(|u| self.ids_by_uid.get(u)).copied();
                        if let Some((id, Some(n))) = id.and_then(|id| self.pods.get(&id).map(|r| (id, r.node))) {
                            let changed = self.nodes.get(n as usize).and_then(|node| node.workers.get(&id)).is_some_and(|w| {
                                let new = pod.spec.iter().flat_map(|s| s.containers.iter().map(|c| c.image.as_deref()));
                                let old = w.pod.spec.iter().flat_map(|s| s.containers.iter().map(|c| c.image.as_deref()));
                                !new.eq(old)
                            });
                            if changed {
                                self.queue.push(self.now_ms, Task::UpdatePod { node: n, pod: id }, true);
                            }
                        }
                        continue;
                    }
                    let Some(id) = pod.metadata.uid.as_ref().and_then(|u| self.ids_by_uid.get(u)).copied() else { continue };
                    let Some(rec) = self.pods.get_mut(&id) else { continue };
                    // A second delete that shortened the grace period reaches the kubelet too
                    // (pod_workers.go UpdatePod: `wasGracePeriodShortened` restarts the kill).
                    let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
                    if rec.deleting.is_some_and(|seen| seen <= grace) {
                        continue;
                    }
                    rec.deleting = Some(grace);
                    match rec.node {
                        Some(n) => self.queue.push(self.now_ms, Task::Kill { node: n, pod: id }, true),
                        None => {
                            let _ = self.store.delete(Kind::Pod, &change.namespace, &change.name);
                        }
                    }
                }
                (Kind::Pod, ChangeOp::Deleted) => {
                    // A pod removed without a grace period (`kubectl delete --force --grace-period=0`)
                    // while its containers still run: the kubelet sees it disappear and stops them
                    // (kubelet.go HandlePodRemoves -> pod_workers.go UpdatePod with SyncPodKill).
                    let live = self
                        .pods
                        .iter_mut()
                        .find(|(_, r)| r.deleting.is_none() && r.namespace == change.namespace && r.name == change.name);
                    if let Some((id, rec)) = live {
                        rec.deleting = Some(0);
                        if let Some(n) = rec.node {
                            self.queue.push(self.now_ms, Task::Kill { node: n, pod: *id }, true);
                        }
                    }
                }
                (Kind::Secret, _) => {
                    // One shared copy for every node's reflector (nodes that do not watch it ignore it).
                    let obj = self.store.secret(&change.namespace, &change.name).cloned().map(std::rc::Rc::new);
                    for n in &mut self.nodes {
                        if self.record_notes && n.secrets.watches(&change.namespace, &change.name) {
                            self.internals.push(Internal {
                                time_ms: self.now_ms,
                                step: self.steps,
                                after_events: self.events.len(),
                                node: n.name.clone(),
                                object: ObjectRef {
                                    kind: "Secret",
                                    namespace: change.namespace.clone(),
                                    name: change.name.clone(),
                                },
                                what: Inside::WatchNotified {
                                    secret: format!("{}/{}", change.namespace, change.name),
                                    deleted: obj.is_none(),
                                },
                            });
                        }
                        n.secrets.observe(&change.namespace, &change.name, obj.as_ref(), self.now_ms);
                    }
                }
                (Kind::ConfigMap, _) => {
                    let obj = self.store.config_map(&change.namespace, &change.name).cloned().map(std::rc::Rc::new);
                    for n in &mut self.nodes {
                        n.config_maps.observe(&change.namespace, &change.name, obj.as_ref(), self.now_ms);
                    }
                }
                _ => {}
            }
        }
    }
}
