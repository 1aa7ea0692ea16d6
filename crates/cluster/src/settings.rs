//! The cluster's settings: what a scenario or `kubeplay run` flags choose.

use serde::{Deserialize, Serialize};

use crate::kubelet::manager::Strategy;

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
