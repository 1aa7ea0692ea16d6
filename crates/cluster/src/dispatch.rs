//! The task dispatch: one popped task goes to the scheduler or to a node's kubelet.

use kubeplay_api::k8s_openapi::api::core::v1::Pod;
use kubeplay_api::Kind;

use crate::cluster::Cluster;
use crate::ctx::Ctx;
use crate::events::{self, Event, EventType};
use crate::queue::Task;
use crate::scheduler;

impl Cluster {
    pub(crate) fn dispatch(&mut self, task: Task, notes: &mut Vec<String>, changed: &mut bool) -> bool {
        if task == Task::Controller {
            return self.run_controller(notes, changed);
        }
        let Cluster {
            store,
            nodes,
            queue,
            scheduler_rng,
            node_rngs,
            events,
            internals,
            settings,
            pods,
            bound,
            now_ms,
            record_notes,
            ids_by_uid,
            steps,
            ..
        } = self;
        // Each component draws from its own stream (kubeplay_api::rng).
        let rng = match task.node() {
            None => scheduler_rng,
            Some(n) => match node_rngs.get_mut(usize::from(n)) {
                Some(rng) => rng,
                None => return false,
            },
        };
        let mut ctx = Ctx {
            now_ms: *now_ms,
            step: *steps + 1,
            store,
            queue,
            events,
            internals,
            rng,
            settings,
            notes,
            record_notes: *record_notes,
            changed,
        };
        let node_of = |n: u16| n as usize;
        match task {
            Task::Schedule { pod } => {
                let Some(rec) = pods.get_mut(&pod) else { return false };
                if rec.node.is_some() || rec.deleting.is_some() {
                    return false;
                }
                let Some(p) = ctx.store.pod(&rec.namespace, &rec.name) else { return false };
                let selector = p.spec.as_ref().and_then(|s| s.node_selector.clone());
                // The scheduler cache counts a pod from the moment it is bound (assumed), not
                // when the kubelet admits it (pkg/scheduler/internal/cache/cache.go AssumePod).
                let infos: Vec<scheduler::NodeInfo<'_>> =
                    nodes.iter().zip(bound.iter()).map(|(n, c)| scheduler::NodeInfo { labels: &n.labels, pods: *c }).collect();
                match scheduler::pick_node(selector.as_ref(), &infos) {
                    Ok(i) => {
                        let Some(node_name) = nodes.get(i).map(|n| n.name.clone()) else { return false };
                        if ctx.store.bind_pod(&rec.namespace, &rec.name, &node_name).is_err() {
                            return false;
                        }
                        rec.node = Some(i as u16);
                        if let Some(count) = bound.get_mut(i) {
                            *count += 1;
                        }
                        ctx.events.push(Event {
                            time_ms: ctx.now_ms,
                            step: ctx.step,
                            type_: EventType::Normal,
                            reason: "Scheduled",
                            object: events::ObjectRef { kind: "Pod", namespace: rec.namespace.clone(), name: rec.name.clone() },
                            message: format!("Successfully assigned {}/{} to {node_name}", rec.namespace, rec.name),
                            source: "default-scheduler",
                            field_path: None,
                        });
                        ctx.note(|| format!("scheduler bound {}/{} to {node_name}", rec.namespace, rec.name));
                        ctx.changed();
                        ctx.queue.push(ctx.now_ms + 10, Task::KubeletAdd { node: i as u16, pod }, true);
                    }
                    Err(err) => {
                        let who = events::ObjectRef { kind: "Pod", namespace: rec.namespace.clone(), name: rec.name.clone() };
                        ctx.event_at(who, None, EventType::Warning, "FailedScheduling", err.to_string());
                        if let Some(e) = ctx.events.last_mut() {
                            e.source = "default-scheduler";
                        }
                        ctx.note(|| format!("scheduler found no node for {}/{}", rec.namespace, rec.name));
                    }
                }
                true
            }
            Task::KubeletAdd { node, pod } => {
                let Some(rec) = pods.get(&pod) else { return false };
                let Some(p) = ctx.store.pod(&rec.namespace, &rec.name) else { return false };
                // The kubelet's copy leaves the status out: it never reads it.
                let p = std::rc::Rc::new(Pod { metadata: p.metadata.clone(), spec: p.spec.clone(), status: None });
                let deleting = p.metadata.deletion_timestamp.is_some();
                let Some(n) = nodes.get_mut(node_of(node)) else { return false };
                n.add_pod(pod, p, &mut ctx);
                // Deleted between binding and the kubelet seeing it: the kill found no pod worker,
                // so the kubelet terminates it as soon as it takes it (pod_workers.go UpdatePod).
                if deleting {
                    ctx.queue.push(ctx.now_ms, Task::Kill { node, pod }, true);
                }
                true
            }
            Task::Mount { node, pod, volume } => match nodes.get_mut(node_of(node)) {
                Some(n) if n.workers.contains_key(&pod) => {
                    n.mount(pod, volume as usize, &mut ctx);
                    true
                }
                _ => false,
            },
            Task::Sync { node, pod } => match nodes.get_mut(node_of(node)) {
                Some(n) if n.workers.contains_key(&pod) => {
                    n.sync(pod, &mut ctx);
                    true
                }
                _ => false,
            },
            Task::Resync { node, pod } => match nodes.get_mut(node_of(node)) {
                Some(n) if n.workers.contains_key(&pod) => {
                    n.resync(pod, &mut ctx);
                    true
                }
                _ => false,
            },
            Task::PullDone { node, pod, container, pull_ms } => match nodes.get_mut(node_of(node)) {
                Some(n) if n.workers.contains_key(&pod) => {
                    n.pull_done(pod, container as usize, pull_ms, &mut ctx);
                    true
                }
                _ => false,
            },
            Task::ContainerExit { node, pod, container, restart, code } => match nodes.get_mut(node_of(node)) {
                Some(n) if n.workers.contains_key(&pod) => {
                    n.container_exited(pod, container as usize, restart, code, &mut ctx);
                    true
                }
                _ => false,
            },
            Task::UpdatePod { node, pod } => {
                let Some(rec) = pods.get(&pod) else { return false };
                let Some(p) = ctx.store.pod(&rec.namespace, &rec.name).cloned() else { return false };
                match nodes.get_mut(node_of(node)) {
                    Some(n) if n.workers.contains_key(&pod) => {
                        n.update_pod(pod, &p, &mut ctx);
                        true
                    }
                    _ => false,
                }
            }
            Task::Kill { node, pod } => match nodes.get_mut(node_of(node)) {
                Some(n) if n.workers.contains_key(&pod) => {
                    n.kill(pod, &mut ctx);
                    true
                }
                _ => false,
            },
            Task::Controller => false,
            Task::Remove { node, pod } => {
                let Some(n) = nodes.get_mut(node_of(node)) else { return false };
                let Some(w) = n.remove(pod, &mut ctx) else { return false };
                let ns = w.pod.metadata.namespace.clone().unwrap_or_default();
                let name = w.pod.metadata.name.clone().unwrap_or_default();
                // The status manager deletes this pod, not one created since under its name.
                if ctx.store.pod(&ns, &name).is_some_and(|p| p.metadata.uid == w.pod.metadata.uid) {
                    let _ = ctx.store.delete(Kind::Pod, &ns, &name);
                }
                if let Some(uid) = w.pod.metadata.uid.clone() {
                    ids_by_uid.remove(&uid);
                }
                if let Some(count) = pods.remove(&pod).and_then(|r| r.node).and_then(|n| bound.get_mut(usize::from(n))) {
                    *count = count.saturating_sub(1);
                }
                true
            }
        }
    }
}
