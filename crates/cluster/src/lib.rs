//! The kubeplay cluster simulator: an API server store, a scheduler, and kubelets with
//! their secret manager, volume manager, atomic writer and tmpfs, driven by a
//! deterministic discrete-event loop on a virtual clock.
//!
//! State changes only by popping the next task from a queue ordered by (time, sequence):
//! [`Cluster::step`] applies one; [`Cluster::run_until`] and [`Cluster::run_until_idle`]
//! loop on it. One seed drives every random choice (ChaCha8, the same on native and wasm).

pub mod atomic_writer;
pub mod events;
pub mod history;
pub mod kubelet;
pub mod manager;
pub mod scheduler;
pub mod secret_manager;
pub mod shell_fs;
pub mod tmpfs;
pub mod volume_plugins;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use kubeplay_api::k8s_openapi::api::core::v1::Pod;
use kubeplay_api::{ApplyOutcome, ChangeOp, Kind, Object, Status, Store};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use serde::{Deserialize, Serialize};

pub use events::{Event, EventType, Explanation};
pub use history::Session;
pub use kubelet::Node;
pub use manager::Strategy;

/// The largest number of nodes a cluster may have.
pub const MAX_NODES: u16 = 1000;
/// The most tasks one `run_*` call executes before it stops (a bound on every loop).
pub const MAX_STEPS_PER_RUN: u64 = 50_000_000;

/// Cluster settings: what a scenario or `kubeplay run` flags choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Number of nodes (`node-1` ...).
    pub nodes: u16,
    /// The seed of every random choice.
    pub seed: u64,
    /// The kubelet's secret change detection strategy.
    pub strategy: Strategy,
    /// TTL of the Cache strategy (kubelet default: 1 minute).
    pub cache_ttl_ms: u64,
    /// The kubelet's `syncFrequency` (default 1 minute; resyncs come every 1–1.5×).
    pub sync_period_ms: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { nodes: 1, seed: 1, strategy: Strategy::Watch, cache_ttl_ms: 60_000, sync_period_ms: 60_000 }
    }
}

impl Default for Cluster {
    /// A cluster with [`Settings::default`] (one node, seed 1, Watch).
    fn default() -> Self {
        Self::build(Settings::default())
    }
}

/// The crate's error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A setting is out of range.
    #[error("invalid cluster setting {name}: {why}")]
    Setting {
        /// Which setting.
        name: &'static str,
        /// What is wrong.
        why: String,
    },
    /// The API server refused a call.
    #[error(transparent)]
    Api(#[from] Status),
}

/// A pod's identity inside the simulator (one per created object; never reused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PodId(pub u32);

/// Work waiting on the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Task {
    Schedule { pod: PodId },
    KubeletAdd { node: u16, pod: PodId },
    Mount { node: u16, pod: PodId, volume: u16 },
    Sync { node: u16, pod: PodId },
    Resync { node: u16, pod: PodId },
    PullDone { node: u16, pod: PodId, container: u16, pull_ms: u64 },
    UpdatePod { node: u16, pod: PodId },
    Kill { node: u16, pod: PodId },
    Remove { node: u16, pod: PodId },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    at_ms: u64,
    seq: u64,
    task: Task,
    productive: bool,
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at_ms, self.seq).cmp(&(other.at_ms, other.seq))
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The event queue, ordered by (time, sequence).
#[derive(Debug, Clone, Default)]
pub(crate) struct Queue {
    heap: BinaryHeap<Reverse<Entry>>,
    seq: u64,
    productive: usize,
}

impl Queue {
    /// Schedules `task` at `at_ms`. Productive tasks move the cluster forward; the others
    /// (retries, resyncs) may repeat forever and do not keep the cluster from being idle.
    pub(crate) fn push(&mut self, at_ms: u64, task: Task, productive: bool) {
        self.seq += 1;
        if productive {
            self.productive += 1;
        }
        self.heap.push(Reverse(Entry { at_ms, seq: self.seq, task, productive }));
    }
    fn pop(&mut self) -> Option<Entry> {
        let e = self.heap.pop()?.0;
        if e.productive {
            self.productive -= 1;
        }
        Some(e)
    }
    fn peek_time(&self) -> Option<u64> {
        self.heap.peek().map(|e| e.0.at_ms)
    }
    fn len(&self) -> usize {
        self.heap.len()
    }
}

/// What a task handler may touch besides its own node.
pub(crate) struct Ctx<'a> {
    pub(crate) now_ms: u64,
    /// The number of the step being applied.
    pub(crate) step: u64,
    pub(crate) store: &'a mut Store,
    pub(crate) queue: &'a mut Queue,
    pub(crate) events: &'a mut Vec<Event>,
    pub(crate) rng: &'a mut ChaCha8Rng,
    pub(crate) settings: &'a Settings,
    pub(crate) notes: &'a mut Vec<String>,
    pub(crate) record_notes: bool,
    pub(crate) changed: &'a mut bool,
}

impl Ctx<'_> {
    /// Adds a line to this step's summary (built only when someone reads summaries).
    pub(crate) fn note(&mut self, f: impl FnOnce() -> String) {
        if self.record_notes {
            self.notes.push(f());
        }
    }
    /// Marks the step as one that changed the cluster (not a mere repeat).
    pub(crate) fn changed(&mut self) {
        *self.changed = true;
    }
    /// The next random number of the cluster's generator.
    pub(crate) fn random(&mut self) -> u64 {
        self.rng.next_u64()
    }
    /// Records a kubelet event about a pod.
    pub(crate) fn event(&mut self, pod: &Pod, field: Option<&str>, type_: EventType, reason: &'static str, message: String) {
        self.event_at(pod_ref(pod), field, type_, reason, message);
    }
    /// Records a kubelet event about the pod `object` (no need to hold the whole pod).
    pub(crate) fn event_at(
        &mut self,
        object: events::ObjectRef,
        field: Option<&str>,
        type_: EventType,
        reason: &'static str,
        message: String,
    ) {
        self.events.push(Event {
            time_ms: self.now_ms,
            step: self.step,
            type_,
            reason,
            object,
            message,
            source: "kubelet",
            field_path: field.map(str::to_owned),
        });
    }
}

/// The `involvedObject` of an event about a pod.
pub(crate) fn pod_ref(pod: &Pod) -> events::ObjectRef {
    events::ObjectRef {
        kind: "Pod",
        namespace: pod.metadata.namespace.clone().unwrap_or_default(),
        name: pod.metadata.name.clone().unwrap_or_default(),
    }
}

/// A mutating API call: what users (kubectl, the editor) do to the cluster. Calls are
/// plain data so a session can replay them.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiCall {
    /// `POST` (kubectl create).
    Create {
        /// The object.
        object: Box<Object>,
        /// Namespace for objects that name none.
        namespace: String,
    },
    /// kubectl apply.
    Apply {
        /// The object.
        object: Box<Object>,
        /// Namespace for objects that name none.
        namespace: String,
    },
    /// `PUT`.
    Update {
        /// The object, with its namespace.
        object: Box<Object>,
    },
    /// `DELETE`.
    Delete {
        /// Kind.
        kind: Kind,
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
}

/// The result of an [`ApiCall`].
#[derive(Debug, Clone, PartialEq)]
pub enum ApiResult {
    /// Created or updated.
    Object(Object),
    /// Applied.
    Applied(Object, ApplyOutcome),
    /// Deleted (for pods: deletion started).
    Deleted(Object),
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepReport {
    /// How many steps have run, this one included.
    pub step: u64,
    /// Virtual time of the step.
    pub time_ms: u64,
    /// What happened, in words.
    pub summary: Vec<String>,
    /// The range of [`Cluster::events`] this step added.
    pub events: std::ops::Range<usize>,
}

/// Why a run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RunEnd {
    /// Nothing left but retries and resyncs that change nothing.
    Idle,
    /// The time limit was reached.
    Limit,
    /// The step bound was reached.
    Bound,
}

#[derive(Debug, Clone)]
struct PodRecord {
    namespace: String,
    name: String,
    node: Option<u16>,
    deleting: bool,
}

/// The simulated cluster.
#[derive(Debug, Clone)]
pub struct Cluster {
    settings: Settings,
    store: Store,
    nodes: Vec<Node>,
    queue: Queue,
    rng: ChaCha8Rng,
    now_ms: u64,
    steps: u64,
    events: Vec<Event>,
    pods: BTreeMap<PodId, PodRecord>,
    /// Pods bound to each node, as the scheduler's cache counts them (from binding on).
    bound: Vec<usize>,
    ids_by_uid: BTreeMap<String, PodId>,
    next_pod_id: u32,
    last_change_ms: u64,
    record_notes: bool,
}

impl Cluster {
    /// A cluster with the initial namespaces and `settings.nodes` nodes.
    pub fn new(settings: Settings) -> Result<Self, Error> {
        if settings.nodes == 0 || settings.nodes > MAX_NODES {
            return Err(Error::Setting {
                name: "nodes",
                why: format!("must be between 1 and {MAX_NODES}, got {}", settings.nodes),
            });
        }
        if settings.sync_period_ms < 1000 || settings.sync_period_ms > 3_600_000 {
            return Err(Error::Setting { name: "syncPeriod", why: "must be between 1s and 1h".to_owned() });
        }
        if settings.cache_ttl_ms > 3_600_000 {
            return Err(Error::Setting { name: "cacheTTL", why: "must be at most 1h".to_owned() });
        }
        Ok(Self::build(settings))
    }

    /// Builds a cluster from settings already checked.
    fn build(settings: Settings) -> Self {
        let nodes = (0..settings.nodes).map(|i| Node::new(i, &settings)).collect();
        Cluster {
            store: Store::new(settings.seed),
            nodes,
            queue: Queue::default(),
            rng: ChaCha8Rng::seed_from_u64(settings.seed),
            now_ms: 0,
            steps: 0,
            events: Vec::new(),
            pods: BTreeMap::new(),
            bound: vec![0; usize::from(settings.nodes)],
            ids_by_uid: BTreeMap::new(),
            next_pod_id: 0,
            last_change_ms: 0,
            record_notes: true,
            settings,
        }
    }

    /// The settings the cluster was made with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    /// The API objects.
    pub fn store(&self) -> &Store {
        &self.store
    }
    /// The nodes.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }
    /// Virtual time now, in ms.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }
    /// Steps run so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }
    /// Every event so far, oldest first.
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    /// Tasks waiting on the clock.
    pub fn pending(&self) -> usize {
        self.queue.len()
    }
    /// Whether step summaries are recorded (off for benchmarks and batch runs).
    pub fn set_record_notes(&mut self, on: bool) {
        self.record_notes = on;
    }

    /// Performs an API call as a user would, at the current virtual time.
    pub fn call(&mut self, call: ApiCall) -> Result<ApiResult, Status> {
        let now = self.now_ms;
        let result = match call {
            ApiCall::Create { object, namespace } => {
                let mut obj = *object;
                self.store.create_in(&mut obj, &namespace, now).map(|()| ApiResult::Object(obj))
            }
            ApiCall::Apply { object, namespace } => {
                self.store.apply(*object, &namespace, now).map(|(o, outcome)| ApiResult::Applied(o, outcome))
            }
            ApiCall::Update { object } => self.store.update(*object).map(ApiResult::Object),
            ApiCall::Delete { kind, namespace, name } => self.delete(kind, &namespace, &name).map(ApiResult::Deleted),
        };
        if result.is_ok() {
            self.last_change_ms = now;
        }
        self.react();
        result
    }

    fn delete(&mut self, kind: Kind, ns: &str, name: &str) -> Result<Object, Status> {
        match kind {
            Kind::Pod => {
                let obj = self.store.get(Kind::Pod, ns, name)?;
                let bound = matches!(&obj, Object::Pod(p) if p.spec.as_ref().and_then(|s| s.node_name.as_ref()).is_some());
                if bound {
                    self.store.mark_pod_deleting(ns, name, self.now_ms)?;
                    Ok(obj)
                } else {
                    self.store.delete(Kind::Pod, ns, name)
                }
            }
            Kind::Namespace => {
                let obj = self.store.get(Kind::Namespace, "", name)?;
                // The namespace controller empties it first.
                for k in [Kind::Pod, Kind::Secret, Kind::ConfigMap, Kind::ServiceAccount] {
                    for o in self.store.list(k, Some(name)) {
                        let _ = self.delete(k, name, o.name());
                    }
                }
                self.store.delete(Kind::Namespace, "", name)?;
                Ok(obj)
            }
            _ => self.store.delete(kind, ns, name),
        }
    }

    /// Turns API writes into work for the scheduler and kubelets (the watches).
    fn react(&mut self) {
        for change in self.store.drain_changes() {
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
                        PodRecord { namespace: change.namespace.clone(), name: change.name.clone(), node, deleting: false },
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
                    if rec.deleting {
                        continue;
                    }
                    rec.deleting = true;
                    match rec.node {
                        Some(n) => self.queue.push(self.now_ms, Task::Kill { node: n, pod: id }, true),
                        None => {
                            let _ = self.store.delete(Kind::Pod, &change.namespace, &change.name);
                        }
                    }
                }
                (Kind::Pod, ChangeOp::Deleted) => {}
                (Kind::Secret, _) => {
                    // One shared copy for every node's reflector (nodes that do not watch it ignore it).
                    let obj = self.store.secret(&change.namespace, &change.name).cloned().map(std::rc::Rc::new);
                    for n in &mut self.nodes {
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

    /// Applies the next task, if any. Tasks of pods that are gone are skipped silently.
    pub fn step(&mut self) -> Option<StepReport> {
        loop {
            let entry = self.queue.pop()?;
            let first_event = self.events.len();
            let mut notes = Vec::new();
            let mut changed = false;
            self.now_ms = self.now_ms.max(entry.at_ms);
            let live = self.dispatch(entry.task, &mut notes, &mut changed);
            if !live {
                continue;
            }
            if changed {
                self.last_change_ms = self.now_ms;
            }
            self.react();
            self.steps += 1;
            return Some(StepReport {
                step: self.steps,
                time_ms: self.now_ms,
                summary: notes,
                events: first_event..self.events.len(),
            });
        }
    }

    fn dispatch(&mut self, task: Task, notes: &mut Vec<String>, changed: &mut bool) -> bool {
        let Cluster { store, nodes, queue, rng, events, settings, pods, bound, now_ms, record_notes, ids_by_uid, steps, .. } =
            self;
        let mut ctx = Ctx {
            now_ms: *now_ms,
            step: *steps + 1,
            store,
            queue,
            events,
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
                if rec.node.is_some() || rec.deleting {
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
                    Err(msg) => {
                        let who = events::ObjectRef { kind: "Pod", namespace: rec.namespace.clone(), name: rec.name.clone() };
                        ctx.event_at(who, None, EventType::Warning, "FailedScheduling", msg);
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
                let p = Box::new(Pod { metadata: p.metadata.clone(), spec: p.spec.clone(), status: None });
                let Some(n) = nodes.get_mut(node_of(node)) else { return false };
                n.add_pod(pod, p, &mut ctx);
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
            Task::Remove { node, pod } => {
                let Some(n) = nodes.get_mut(node_of(node)) else { return false };
                let Some(w) = n.remove(pod, &mut ctx) else { return false };
                let ns = w.pod.metadata.namespace.unwrap_or_default();
                let name = w.pod.metadata.name.unwrap_or_default();
                let _ = ctx.store.delete(Kind::Pod, &ns, &name);
                if let Some(uid) = w.pod.metadata.uid {
                    ids_by_uid.remove(&uid);
                }
                if let Some(count) = pods.remove(&pod).and_then(|r| r.node).and_then(|n| bound.get_mut(usize::from(n))) {
                    *count = count.saturating_sub(1);
                }
                true
            }
        }
    }

    /// How long nothing may change before the cluster counts as idle: one resync period
    /// with jitter, plus the cache TTL when the Cache strategy may hold stale data.
    fn quiet_window_ms(&self) -> u64 {
        let ttl = if self.settings.strategy == Strategy::Cache { self.settings.cache_ttl_ms } else { 0 };
        self.settings.sync_period_ms * 3 / 2 + ttl + 1_000
    }

    /// Whether only retries and resyncs that change nothing remain.
    pub fn is_idle(&self) -> bool {
        if self.queue.productive > 0 {
            return false;
        }
        match self.queue.peek_time() {
            None => true,
            Some(t) => t > self.last_change_ms + self.quiet_window_ms(),
        }
    }

    /// Runs every task due at or before `t_ms`, then sets the clock to `t_ms`.
    pub fn run_until(&mut self, t_ms: u64) -> RunEnd {
        let mut n = 0;
        while self.queue.peek_time().is_some_and(|at| at <= t_ms) {
            if n >= MAX_STEPS_PER_RUN {
                return RunEnd::Bound;
            }
            self.step();
            n += 1;
        }
        self.now_ms = self.now_ms.max(t_ms);
        RunEnd::Limit
    }

    /// Runs until idle (see [`Cluster::is_idle`]) or until `limit_ms`, whichever is first.
    pub fn run_until_idle(&mut self, limit_ms: u64) -> RunEnd {
        let mut n = 0;
        loop {
            if self.is_idle() {
                return RunEnd::Idle;
            }
            match self.queue.peek_time() {
                Some(t) if t <= limit_ms => {}
                _ => {
                    self.now_ms = self.now_ms.max(limit_ms);
                    return RunEnd::Limit;
                }
            }
            if n >= MAX_STEPS_PER_RUN {
                return RunEnd::Bound;
            }
            self.step();
            n += 1;
        }
    }

    /// The pod worker of a pod and its node, if the pod runs somewhere.
    pub fn worker(&self, ns: &str, name: &str) -> Option<(&Node, &kubelet::PodWorker)> {
        let uid = self.store.pod(ns, name)?.metadata.uid.as_ref()?;
        let id = self.ids_by_uid.get(uid)?;
        let rec = self.pods.get(id)?;
        let node = self.nodes.get(rec.node? as usize)?;
        Some((node, node.workers.get(id)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked() {
        assert!(Cluster::new(Settings { nodes: 0, ..Settings::default() }).is_err());
        assert!(Cluster::new(Settings { nodes: 3, ..Settings::default() }).is_ok());
    }
}
