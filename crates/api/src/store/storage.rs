//! The storage layer under the registry: what etcd holds for each Secret and the transformers
//! values pass on their way in and out (`staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go`
//! with `value.Transformer`; see [`crate::encryption`]).
//!
//! Secrets written through the identity provider are not kept twice: their stored bytes are the
//! protobuf encoding of the object ([`crate::etcd::secret_value`]). A Secret written through an
//! encrypting provider keeps its sealed bytes here, exactly what `etcdctl get` returns.

use k8s_openapi::api::core::v1::Secret;

use super::Store;
use crate::encryption::{self, EncryptionConfig, Transformer};
use crate::etcd;
use crate::status::Status;

/// `authenticatedDataString`: the etcd key, which AES-GCM and KMS v2 bind the value to.
pub fn secret_key(ns: &str, name: &str) -> String {
    format!("/registry/secrets/{ns}/{name}")
}

impl Store {
    /// The secrets transformer of the running API server.
    fn secret_transformer(&self) -> Transformer<'_> {
        Transformer {
            providers: self.encryption.as_deref().and_then(EncryptionConfig::secret_providers),
            plugins: &self.kms_plugins,
        }
    }

    /// Writes a stored Secret's value through the transformer (called on every write).
    pub(super) fn seal_secret(&mut self, ns: &str, name: &str) {
        let key = secret_key(ns, name);
        let Some(s) = self.secret(ns, name) else {
            self.sealed.remove(&key);
            return;
        };
        let plain = etcd::secret_value(s);
        let providers = self.encryption.as_deref().and_then(EncryptionConfig::secret_providers);
        let encrypts = providers.and_then(|p| p.first()).is_some_and(|p| *p != encryption::Provider::Identity);
        if !encrypts {
            self.sealed.remove(&key);
            return;
        }
        let t = Transformer { providers, plugins: &self.kms_plugins };
        match t.to_storage(&plain, key.as_bytes(), &mut self.transformer_rng) {
            Ok(v) => {
                self.sealed.insert(key, v);
            }
            Err(_) => {
                self.sealed.remove(&key);
            }
        }
    }

    /// The bytes etcd holds under `/registry/secrets/<ns>/<name>`.
    pub fn secret_stored_value(&self, ns: &str, name: &str) -> Option<Vec<u8>> {
        let key = secret_key(ns, name);
        if let Some(v) = self.sealed.get(&key) {
            return Some(v.clone());
        }
        self.secret(ns, name).map(etcd::secret_value)
    }

    /// `etcdctl put`: replaces the bytes stored for an existing Secret (the object the API
    /// serves stays the one last written; reading checks the new bytes). False if there is none.
    pub fn etcd_put_secret(&mut self, ns: &str, name: &str, value: Vec<u8>) -> bool {
        if self.secret(ns, name).is_none() {
            return false;
        }
        self.sealed.insert(secret_key(ns, name), value);
        true
    }

    /// A Secret read as the API server reads it: its stored bytes through the transformer.
    /// Returns the object and whether the value is stale (not written with the first provider
    /// and key), or `Internal error occurred: …` when it cannot be decrypted.
    pub fn read_secret(&self, ns: &str, name: &str) -> Result<(&Secret, bool), Status> {
        let s = self.secret(ns, name).ok_or_else(|| Status::not_found("secrets", name))?;
        let key = secret_key(ns, name);
        let t = self.secret_transformer();
        let r = match self.sealed.get(&key) {
            Some(v) => t.from_storage(v, key.as_bytes()),
            None => t.from_storage(&etcd::secret_value(s), key.as_bytes()),
        };
        match r {
            Ok((_, stale)) => Ok((s, stale)),
            Err(e) => Err(Status::internal_error(&e)),
        }
    }

    /// Restarts the API server with `--encryption-provider-config` (`Some((path, text))`) or
    /// without it. A config that does not load leaves the running one in place and returns
    /// kube-apiserver's error.
    pub fn restart_apiserver(&mut self, config: Option<(&str, &str)>) -> Result<(), String> {
        self.encryption = match config {
            None => None,
            Some((path, text)) => Some(Box::new(encryption::load(text, path, &mut self.kms_plugins, &mut self.transformer_rng)?)),
        };
        Ok(())
    }

    /// Restarts the API server with `--audit-policy-file` (`Some((path, text))`) or without it
    /// (no audit log). A policy that does not load leaves the running one in place and returns
    /// kube-apiserver's error.
    pub fn set_audit_policy(&mut self, file: Option<(&str, &str)>) -> Result<(), String> {
        self.audit_policy = match file {
            None => None,
            Some((path, text)) => Some(Box::new(crate::audit::policy::load(text, path)?)),
        };
        Ok(())
    }

    /// The running API server's audit policy, if any.
    pub fn audit_policy(&self) -> Option<&crate::audit::Policy> {
        self.audit_policy.as_deref()
    }

    /// The running API server's encryption config, if any.
    pub fn encryption_config(&self) -> Option<&EncryptionConfig> {
        self.encryption.as_deref()
    }
}
