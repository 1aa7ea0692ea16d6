//! The kubelet's generic object manager: reference-counted registration of the
//! secrets (or config maps) that pods on the node use, over a swappable freshness
//! rule (watch, TTL cache, or plain GET).
//!
//! Mirrors `pkg/kubelet/util/manager/manager.go` (the contract),
//! `watch_based_manager.go` and `cache_based_manager.go`.
//!
//! Contract (from manager.go): `register` must be idempotent per pod reference and
//! never blocks; `get` returns the object as the chosen strategy currently sees it.

use crate::inside::Lookup;
use std::collections::BTreeMap;
use std::rc::Rc;

use kubeplay_api::field::go_quote;
use kubeplay_api::Store;

/// How the kubelet learns about object changes (`configMapAndSecretChangeDetectionStrategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Strategy {
    /// A watch per referenced object: changes arrive almost at once (the default).
    #[default]
    Watch,
    /// A TTL cache: an object is re-read from the API server once its entry is older than the TTL.
    Cache,
    /// A GET to the API server every time.
    Get,
}

/// Why `get` failed: the message the kubelet sees, and whether it is a NotFound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct GetError {
    /// `apierrors.IsNotFound(err)`.
    pub not_found: bool,
    /// The error text.
    pub message: String,
}

/// A kind the manager can hold.
pub trait Managed: Clone {
    /// The singular resource used in the watch manager's NotFound (`secret "x" not found`).
    const SINGULAR: &'static str;
    /// The plural resource used in the API server's NotFound (`secrets "x" not found`).
    const RESOURCE: &'static str;
    /// A GET to the API server: the object, `None` for NotFound, or the error the API server
    /// returned (e.g. `Internal error occurred: …` for a value it cannot decrypt).
    fn fetch(store: &Store, ns: &str, name: &str) -> Result<Option<Self>, String>;
    /// Whether `immutable: true` is set (then it is never re-read).
    fn immutable(&self) -> bool;
}

#[derive(Debug, Clone)]
struct Entry<T> {
    refs: u32,
    /// `None` is a cached NotFound.
    object: Option<Rc<T>>,
    /// The last fetch failed with this API error (Watch: the reflector's list has not succeeded).
    error: Option<String>,
    fetched_ms: u64,
    /// The watch was stopped because the object is immutable.
    stopped: bool,
}

/// The per-node manager for one kind.
#[derive(Debug, Clone)]
pub struct Manager<T> {
    strategy: Strategy,
    ttl_ms: u64,
    entries: BTreeMap<String, BTreeMap<String, Entry<T>>>,
    /// How the lookups since the last [`Manager::take_lookups`] were answered (for the timeline).
    lookups: Vec<(String, String, Lookup)>,
}

/// The most lookups kept between two [`Manager::take_lookups`] (a bound: older ones are dropped).
const MAX_LOOKUPS: usize = 64;

impl<T: Managed> Manager<T> {
    /// A manager with a strategy and (for `Cache`) a TTL.
    pub fn new(strategy: Strategy, ttl_ms: u64) -> Self {
        Manager { strategy, ttl_ms, entries: BTreeMap::new(), lookups: Vec::new() }
    }

    /// `RegisterPod` the first time for one reference of a pod (cacheBasedManager.RegisterPod only
    /// calls AddReference "the first time RegisterPod is called for a pod", or for a name the pod
    /// did not reference before; the pod workers call this once per pod and reference).
    /// Watch: objectCache.AddReference starts a reflector for a new object (watch_based_manager.go
    /// newReflectorLocked). Cache: objectStore.AddReference sets `item.data = nil` — "This will
    /// trigger fetch on the next Get() operation" — so a second pod using the secret reads it afresh.
    /// Get (NewSimpleSecretManager): RegisterPod does nothing; the entry only counts references.
    pub fn register(&mut self, store: &Store, ns: &str, name: &str, now_ms: u64) {
        let watch = self.strategy == Strategy::Watch;
        let by_name = self.entries.entry(ns.to_owned()).or_default();
        if let Some(e) = by_name.get_mut(name) {
            e.refs += 1;
            if self.strategy == Strategy::Cache {
                e.object = None;
                e.fetched_ms = u64::MAX;
            }
            return;
        }
        // Watch: the reflector's initial list. Cache/Get: empty until the first get.
        let (object, error, fetched_ms) = if watch {
            match T::fetch(store, ns, name) {
                Ok(o) => (o.map(Rc::new), None, now_ms),
                Err(e) => (None, Some(e), now_ms),
            }
        } else {
            (None, None, u64::MAX)
        };
        by_name.insert(name.to_owned(), Entry { refs: 1, object, error, fetched_ms, stopped: false });
    }

    /// `UnregisterPod` (or a dropped reference) for one reference: DeleteReference; the last one
    /// stops the reflector (watch_based_manager.go objectCache.DeleteReference `item.stop()`) or
    /// drops the cached item (cache_based_manager.go objectStore.DeleteReference).
    pub fn unregister(&mut self, ns: &str, name: &str) {
        let Some(by_name) = self.entries.get_mut(ns) else { return };
        if let Some(e) = by_name.get_mut(name) {
            e.refs = e.refs.saturating_sub(1);
            if e.refs == 0 {
                by_name.remove(name);
            }
        }
        if by_name.is_empty() {
            self.entries.remove(ns);
        }
    }

    /// A watch event (Watch strategy): the reflector's store follows the API server,
    /// unless it was stopped for an immutable object.
    pub fn observe(&mut self, ns: &str, name: &str, object: Option<&Rc<T>>, now_ms: u64) {
        if self.strategy != Strategy::Watch {
            return;
        }
        let Some(e) = self.entries.get_mut(ns).and_then(|m| m.get_mut(name)) else { return };
        if e.stopped {
            return;
        }
        e.object = object.cloned();
        e.fetched_ms = now_ms;
    }

    /// Whether the manager holds a registered entry for this object (a watch event for an
    /// unregistered object is of no interest to this node).
    pub fn is_registered(&self, ns: &str, name: &str) -> bool {
        self.entries.get(ns).is_some_and(|m| m.contains_key(name))
    }

    /// Whether this node's watch delivers changes of the object (Watch strategy, registered, not
    /// stopped as immutable).
    pub fn watches(&self, ns: &str, name: &str) -> bool {
        self.strategy == Strategy::Watch && self.entries.get(ns).and_then(|m| m.get(name)).is_some_and(|e| !e.stopped)
    }

    /// How the lookups since the last call were answered: (namespace, name, how), oldest first.
    pub fn take_lookups(&mut self) -> Vec<(String, String, Lookup)> {
        std::mem::take(&mut self.lookups)
    }

    /// `GetObject`: the object as the strategy sees it now, or the error message the kubelet gets.
    pub fn get(&mut self, store: &Store, ns: &str, name: &str, now_ms: u64) -> Result<Rc<T>, GetError> {
        let entry = self.entries.get(ns).and_then(|m| m.get(name));
        let how = match self.strategy {
            Strategy::Watch if entry.is_some_and(|e| e.error.is_some()) => Lookup::WatchRefetch,
            Strategy::Watch => Lookup::WatchCache,
            Strategy::Cache
                if entry.is_some_and(|e| {
                    e.fetched_ms != u64::MAX && e.object.is_some() && now_ms.saturating_sub(e.fetched_ms) < self.ttl_ms
                }) =>
            {
                Lookup::CacheHit
            }
            Strategy::Cache => Lookup::CacheRefresh,
            Strategy::Get => Lookup::Get,
        };
        let result = self.lookup(store, ns, name, now_ms);
        let how = match &result {
            Err(e) if e.not_found => Lookup::NotFound,
            Err(e) => Lookup::Error(e.message.clone()),
            Ok(_) => how,
        };
        if self.lookups.len() >= MAX_LOOKUPS {
            self.lookups.clear();
        }
        self.lookups.push((ns.to_owned(), name.to_owned(), how));
        result
    }

    /// [`Manager::get`] without the record of how it was answered.
    fn lookup(&mut self, store: &Store, ns: &str, name: &str, now_ms: u64) -> Result<Rc<T>, GetError> {
        let not_registered =
            || GetError { not_found: false, message: format!("object {}/{} not registered", go_quote(ns), go_quote(name)) };
        let not_found =
            |resource: &str| GetError { not_found: true, message: format!("{resource} {} not found", go_quote(name)) };
        match self.strategy {
            Strategy::Watch => {
                // objectCache.Get restarts a reflector stopped as idle (startRecycleIdleWatch stops
                // those not read for maxIdleTime) and waits for its list: the result is the API
                // server's current object, which is what an always-running watch holds here too.
                let e = self.entries.get_mut(ns).and_then(|m| m.get_mut(name)).ok_or_else(not_registered)?;
                // A reflector whose list failed keeps retrying; Get waits up to a second for it to
                // sync (`wait.PollImmediate(10ms, 1s, item.hasSynced)`) and otherwise returns
                // `failed to sync %s cache: %v` with wait's timeout error.
                if e.error.is_some() {
                    match T::fetch(store, ns, name) {
                        Ok(o) => {
                            e.object = o.map(Rc::new);
                            e.error = None;
                            e.fetched_ms = now_ms;
                        }
                        Err(_) => {
                            return Err(GetError {
                                not_found: false,
                                message: format!("failed to sync {} cache: timed out waiting for the condition", T::SINGULAR),
                            })
                        }
                    }
                }
                // watch_based_manager: apierrors.NewNotFound(Resource(SINGULAR), name)
                let object = e.object.clone().ok_or_else(|| not_found(T::SINGULAR))?;
                // objectCache.Get: "If the returned object is immutable, stop the reflector."
                // From now on neither updates nor a deletion reach this node.
                if object.immutable() {
                    e.stopped = true;
                }
                Ok(object)
            }
            Strategy::Cache => {
                let ttl = self.ttl_ms;
                let e = self.entries.get_mut(ns).and_then(|m| m.get_mut(name)).ok_or_else(not_registered)?;
                // cache_based_manager.go objectStore.Get: `if data.err != nil || !s.isObjectFresh(data)`
                // refetch. isObjectFresh: `now.Before(lastUpdateTime + ttl)`, the TTL being the node's
                // `node.alpha.kubernetes.io/ttl` (GetObjectTTLFromNodeFunc) or defaultTTL (1 minute);
                // kubeplay's settings may override it (Node::cache_ttl). A NotFound is stored
                // (`data.err = err`) but, being an error, re-read on every Get; there is no special
                // case for immutable objects in this manager. isObjectOlder (never go back in
                // resourceVersion) cannot trigger: the simulated API server is always current.
                let fresh = e.fetched_ms != u64::MAX && e.object.is_some() && now_ms.saturating_sub(e.fetched_ms) < ttl;
                if !fresh {
                    match T::fetch(store, ns, name) {
                        Ok(o) => {
                            e.object = o.map(Rc::new);
                            e.error = None;
                        }
                        Err(m) => {
                            e.object = None;
                            e.error = Some(m);
                        }
                    }
                    e.fetched_ms = now_ms;
                }
                if let Some(m) = &e.error {
                    return Err(GetError { not_found: false, message: m.clone() });
                }
                e.object.clone().ok_or_else(|| not_found(T::RESOURCE))
            }
            Strategy::Get => match T::fetch(store, ns, name) {
                Ok(o) => o.map(Rc::new).ok_or_else(|| not_found(T::RESOURCE)),
                Err(message) => Err(GetError { not_found: false, message }),
            },
        }
    }

    /// How many distinct objects are registered (for the node view).
    pub fn registered(&self) -> usize {
        self.entries.values().map(BTreeMap::len).sum()
    }
}
