//! The simulated cluster: its state, the step loop and the runs built on it.

use std::collections::BTreeMap;

use kubeplay_api::rng::{self, ChaCha8Rng, Component};
use kubeplay_api::Store;
use serde::Serialize;

use crate::error::Error;
use crate::events::Event;
use crate::inside::Internal;
use crate::kubelet::manager::Strategy;
use crate::kubelet::{self, Node};
use crate::queue::{PodId, Queue};
use crate::settings::Settings;

/// The largest number of nodes a cluster may have.
pub const MAX_NODES: u16 = 1000;
/// The most tasks one `run_*` call executes before it stops (a bound on every loop).
pub const MAX_STEPS_PER_RUN: u64 = 50_000_000;

impl Default for Cluster {
    /// A cluster with [`Settings::default`] (one node, seed 1, Watch).
    fn default() -> Self {
        Self::build(Settings::default())
    }
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
pub(crate) struct PodRecord {
    pub(crate) namespace: String,
    pub(crate) name: String,
    pub(crate) node: Option<u16>,
    /// Being deleted: the `deletionGracePeriodSeconds` the kubelet was last told (0: removed at once).
    pub(crate) deleting: Option<i64>,
}

/// The simulated cluster.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub(crate) settings: Settings,
    pub(crate) store: Store,
    pub(crate) nodes: Vec<Node>,
    pub(crate) queue: Queue,
    /// The scheduler's random stream ([`kubeplay_api::rng`]).
    pub(crate) scheduler_rng: ChaCha8Rng,
    /// Each node's random stream, by node index ([`kubeplay_api::rng`]).
    pub(crate) node_rngs: Vec<ChaCha8Rng>,
    pub(crate) now_ms: u64,
    pub(crate) steps: u64,
    pub(crate) events: Vec<Event>,
    /// The steps inside the kubelets between the Events (recorded with the notes).
    pub(crate) internals: Vec<Internal>,
    pub(crate) pods: BTreeMap<PodId, PodRecord>,
    /// Pods bound to each node, as the scheduler's cache counts them (from binding on).
    pub(crate) bound: Vec<usize>,
    pub(crate) ids_by_uid: BTreeMap<String, PodId>,
    pub(crate) next_pod_id: u32,
    pub(crate) last_change_ms: u64,
    pub(crate) record_notes: bool,
    /// kube-controller-manager's workload controllers ([`crate::controller`]).
    pub(crate) controllers: crate::controller::Controllers,
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
        let mut cluster = Self::build(settings);
        if let Some(text) = cluster.settings.encryption_provider_config.clone() {
            cluster
                .store
                .restart_apiserver(Some((crate::settings::ENCRYPTION_CONFIG_PATH, &text)))
                .map_err(|why| Error::Setting { name: "encryptionProviderConfig", why })?;
        }
        if let Some(text) = cluster.settings.audit_policy.clone() {
            cluster
                .store
                .set_audit_policy(Some((crate::settings::AUDIT_POLICY_PATH, &text)))
                .map_err(|why| Error::Setting { name: "auditPolicy", why })?;
        }
        Ok(cluster)
    }

    /// Builds a cluster from settings already checked.
    fn build(settings: Settings) -> Self {
        let nodes = (0..settings.nodes).map(|i| Node::new(i, &settings)).collect();
        Cluster {
            store: Store::new(settings.seed),
            nodes,
            queue: Queue::default(),
            scheduler_rng: rng::stream(settings.seed, Component::Scheduler),
            node_rngs: (0..settings.nodes).map(|i| rng::stream(settings.seed, Component::Node(i))).collect(),
            now_ms: 0,
            steps: 0,
            events: Vec::new(),
            internals: Vec::new(),
            pods: BTreeMap::new(),
            bound: vec![0; usize::from(settings.nodes)],
            ids_by_uid: BTreeMap::new(),
            next_pod_id: 0,
            last_change_ms: 0,
            record_notes: true,
            controllers: Default::default(),
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
    /// Every step inside the kubelets so far (when notes are recorded), oldest first.
    pub fn internals(&self) -> &[Internal] {
        &self.internals
    }
    /// Virtual time of the next pending task, in ms, if any (a task of a pod that is gone is
    /// skipped when its turn comes, so the next step may report a later time).
    pub fn next_event_ms(&self) -> Option<u64> {
        self.queue.peek_time()
    }
    /// Tasks waiting on the clock.
    pub fn pending(&self) -> usize {
        self.queue.len()
    }
    /// Whether step summaries are recorded (off for benchmarks and batch runs).
    pub fn set_record_notes(&mut self, on: bool) {
        self.record_notes = on;
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
            let reacted_from = self.internals.len();
            self.react();
            self.steps += 1;
            // Watch notifications delivered while this step's writes are reacted to belong to it.
            for x in self.internals.iter_mut().skip(reacted_from) {
                x.step = self.steps;
            }
            return Some(StepReport {
                step: self.steps,
                time_ms: self.now_ms,
                summary: notes,
                events: first_event..self.events.len(),
            });
        }
    }

    /// How long nothing may change before the cluster counts as idle: one resync period
    /// with jitter, plus the cache TTL when the Cache strategy may hold stale data.
    fn quiet_window_ms(&self) -> u64 {
        let ttl = if self.settings.strategy == Strategy::Cache { self.settings.effective_cache_ttl_ms() } else { 0 };
        self.settings.sync_period_ms * 3 / 2 + ttl + 1_000
    }

    /// Whether only retries and resyncs that change nothing remain.
    pub fn is_idle(&self) -> bool {
        if self.queue.productive() > 0 {
            return false;
        }
        match self.queue.peek_time() {
            None => true,
            Some(t) => t > self.last_change_ms + self.quiet_window_ms(),
        }
    }

    /// Lets time pass up to `t_ms` before a replayed input that was made at that time, after a
    /// run that only moved the clock ("Jump to time"). In a faithful replay nothing but the
    /// tasks of pods that are gone (skipped without a step) is due before it, as in the run.
    pub fn catch_up(&mut self, t_ms: u64) {
        if t_ms > self.now_ms {
            self.run_until(t_ms);
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
