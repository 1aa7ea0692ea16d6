//! The kubelet's secret and config map managers (`pkg/kubelet/secret/secret_manager.go`,
//! `pkg/kubelet/configmap/configmap_manager.go`): the generic [`Manager`] for each kind.

use kubeplay_api::k8s_openapi::api::core::v1::{ConfigMap, Secret};
use kubeplay_api::Store;

use super::manager::{Managed, Manager};

/// The secret manager of one node.
pub type SecretManager = Manager<Secret>;
/// The config map manager of one node.
pub type ConfigMapManager = Manager<ConfigMap>;

impl Managed for Secret {
    const SINGULAR: &'static str = "secret";
    const RESOURCE: &'static str = "secrets";
    /// The kubelet's GET goes through the API server's storage transformer: a value it cannot
    /// decrypt is an error (`Internal error occurred: …`), not a NotFound.
    fn fetch(store: &Store, ns: &str, name: &str) -> Result<Option<Self>, String> {
        match store.read_secret(ns, name) {
            Ok((s, _)) => Ok(Some(s.clone())),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e.message),
        }
    }
    fn immutable(&self) -> bool {
        self.immutable == Some(true)
    }
}

impl Managed for ConfigMap {
    const SINGULAR: &'static str = "configmap";
    const RESOURCE: &'static str = "configmaps";
    fn fetch(store: &Store, ns: &str, name: &str) -> Result<Option<Self>, String> {
        Ok(store.config_map(ns, name).cloned())
    }
    fn immutable(&self) -> bool {
        self.immutable == Some(true)
    }
}
