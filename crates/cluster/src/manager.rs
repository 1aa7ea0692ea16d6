//! The kubelet's generic object manager: reference-counted registration of the
//! secrets (or config maps) that pods on the node use, over a swappable freshness
//! rule (watch, TTL cache, or plain GET).
//!
//! Mirrors `pkg/kubelet/util/manager/manager.go` (the contract),
//! `watch_based_manager.go` and `cache_based_manager.go`.
//!
//! Contract (from manager.go): `register` must be idempotent per pod reference and
//! never blocks; `get` returns the object as the chosen strategy currently sees it.

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
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Reads the object from the store.
    fn fetch(store: &Store, ns: &str, name: &str) -> Option<Self>;
    /// Whether `immutable: true` is set (then it is never re-read).
    fn immutable(&self) -> bool;
}

#[derive(Debug, Clone)]
struct Entry<T> {
    refs: u32,
    /// `None` is a cached NotFound.
    object: Option<Rc<T>>,
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
}

impl<T: Managed> Manager<T> {
    /// A manager with a strategy and (for `Cache`) a TTL.
    pub fn new(strategy: Strategy, ttl_ms: u64) -> Self {
        Manager { strategy, ttl_ms, entries: BTreeMap::new() }
    }

    /// `RegisterPod` for one reference: starts the watch (Watch) on first use.
    pub fn register(&mut self, store: &Store, ns: &str, name: &str, now_ms: u64) {
        let by_name = self.entries.entry(ns.to_owned()).or_default();
        if let Some(e) = by_name.get_mut(name) {
            e.refs += 1;
            return;
        }
        let object = if self.strategy == Strategy::Watch { T::fetch(store, ns, name).map(Rc::new) } else { None };
        let stopped = object.as_ref().is_some_and(|o| o.immutable());
        // Cache/Get entries start empty: the first get reads the API server.
        by_name.insert(name.to_owned(), Entry { refs: 1, object, fetched_ms: now_ms, stopped });
        if self.strategy != Strategy::Watch {
            if let Some(e) = by_name.get_mut(name) {
                e.fetched_ms = u64::MAX;
            }
        }
    }

    /// `UnregisterPod` for one reference: the last one stops the watch and drops the entry.
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
    pub fn observe(&mut self, ns: &str, name: &str, object: Option<&T>, now_ms: u64) {
        if self.strategy != Strategy::Watch {
            return;
        }
        let Some(e) = self.entries.get_mut(ns).and_then(|m| m.get_mut(name)) else { return };
        if e.stopped {
            return;
        }
        e.object = object.cloned().map(Rc::new);
        e.fetched_ms = now_ms;
        e.stopped = object.is_some_and(T::immutable);
    }

    /// `GetObject`: the object as the strategy sees it now, or the error message the kubelet gets.
    pub fn get(&mut self, store: &Store, ns: &str, name: &str, now_ms: u64) -> Result<Rc<T>, GetError> {
        let not_registered =
            || GetError { not_found: false, message: format!("object {}/{} not registered", go_quote(ns), go_quote(name)) };
        let not_found = |resource: &str| GetError { not_found: true, message: format!("{resource} {} not found", go_quote(name)) };
        match self.strategy {
            Strategy::Watch => {
                let e = self.entries.get(ns).and_then(|m| m.get(name)).ok_or_else(not_registered)?;
                // watch_based_manager: apierrors.NewNotFound(Resource(SINGULAR), name)
                e.object.clone().ok_or_else(|| not_found(T::SINGULAR))
            }
            Strategy::Cache => {
                let ttl = self.ttl_ms;
                let e = self.entries.get_mut(ns).and_then(|m| m.get_mut(name)).ok_or_else(not_registered)?;
                // cache_based_manager: serve the cached object while fresh; immutable objects stay forever.
                let fresh = e.fetched_ms != u64::MAX
                    && (now_ms.saturating_sub(e.fetched_ms) < ttl || e.object.as_ref().is_some_and(|o| o.immutable()));
                if !fresh {
                    e.object = T::fetch(store, ns, name).map(Rc::new);
                    e.fetched_ms = now_ms;
                }
                e.object.clone().ok_or_else(|| not_found(T::RESOURCE))
            }
            Strategy::Get => T::fetch(store, ns, name).map(Rc::new).ok_or_else(|| not_found(T::RESOURCE)),
        }
    }

    /// How many distinct objects are registered (for the node view).
    pub fn registered(&self) -> usize {
        self.entries.values().map(BTreeMap::len).sum()
    }
}
