//! The cluster's settings: what a scenario or `kubeplay run` flags choose.

use serde::{Deserialize, Serialize};

use crate::kubelet::manager::Strategy;
use crate::ttl_controller::TtlSource;

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
    /// TTL of the Cache strategy when `cache_ttl_source` is `Override` (the kubelet's own fallback
    /// without a node annotation is 1 minute; the TTL controller writes 0 s up to 100 nodes).
    pub cache_ttl_ms: u64,
    /// The kubelet's `syncFrequency` (default 1 minute; resyncs come every 1–1.5×).
    pub sync_period_ms: u64,
    /// Where the Cache TTL comes from: `cacheTtlMs` as an override (default) or the TTL
    /// controller's node annotation (`Node`, as a real v1.33 cluster).
    #[serde(default, skip_serializing_if = "TtlSource::is_override")]
    pub cache_ttl_source: TtlSource,
    /// The API server's `EncryptionConfiguration` (YAML), as if kube-apiserver started with
    /// `--encryption-provider-config` pointing at [`ENCRYPTION_CONFIG_PATH`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_provider_config: Option<String>,
    /// The API server's audit `Policy` (YAML), as if kube-apiserver started with
    /// `--audit-policy-file` pointing at [`AUDIT_POLICY_PATH`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_policy: Option<String>,
    /// Private registries: pulling an image from one needs its credentials in the pod's
    /// `imagePullSecrets` (every other registry serves anyone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registries: Vec<PrivateRegistry>,
}

/// A private registry a scenario declares (a `registry:2` with basic auth, one user).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrivateRegistry {
    /// Its host and port as images name it (`registry.example.com`, `localhost:5000`).
    pub server: String,
    /// The user it accepts.
    pub username: String,
    /// That user's password.
    pub password: String,
}

/// Where a scenario's `encryptionProviderConfig` lives on the control plane (the docs' path).
pub const ENCRYPTION_CONFIG_PATH: &str = "/etc/kubernetes/enc/enc.yaml";

/// Where a scenario's `auditPolicy` lives on the control plane (the audit docs' path).
pub const AUDIT_POLICY_PATH: &str = "/etc/kubernetes/audit-policy.yaml";

impl Settings {
    /// The TTL a node's Cache strategy uses (`isObjectFresh`, pkg/kubelet/util/manager/cache_based_manager.go):
    /// the override, or the `node.alpha.kubernetes.io/ttl` annotation the TTL controller writes.
    pub fn effective_cache_ttl_ms(&self) -> u64 {
        match self.cache_ttl_source {
            TtlSource::Override => self.cache_ttl_ms,
            TtlSource::Node => u64::from(crate::ttl_controller::desired_ttl_seconds(u32::from(self.nodes))) * 1000,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            nodes: 1,
            seed: 1,
            strategy: Strategy::Watch,
            cache_ttl_ms: crate::ttl_controller::DEFAULT_TTL_MS,
            sync_period_ms: 60_000,
            cache_ttl_source: TtlSource::Override,
            encryption_provider_config: None,
            audit_policy: None,
            registries: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Saved links and the web app's settings have no `cacheTtlSource`: they keep meaning the TTL
    /// override, and serialise as before; `Node` takes the TTL controller's annotation
    /// (pkg/controller/ttl/ttl_controller.go: 0 s for a small cluster).
    #[test]
    fn ttl_source_defaults_to_the_override_and_stays_out_of_old_links() {
        let old: Settings = serde_json::from_str(r#"{"nodes":1,"seed":1,"strategy":"Cache","cacheTtlMs":120000}"#).unwrap();
        assert_eq!(old.cache_ttl_source, TtlSource::Override);
        assert_eq!(old.effective_cache_ttl_ms(), 120_000);
        assert!(!serde_json::to_string(&old).unwrap().contains("cacheTtlSource"));
        let node: Settings = serde_json::from_str(r#"{"cacheTtlMs":120000,"cacheTtlSource":"Node"}"#).unwrap();
        assert_eq!(node.effective_cache_ttl_ms(), 0);
    }
}
