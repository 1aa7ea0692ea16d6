//! kube-controller-manager's service-account tokens controller
//! (`pkg/controller/serviceaccount/tokens_controller.go`), run synchronously after the write that
//! wakes it (upstream it reacts within milliseconds), as the namespace controllers are here:
//!
//! - `syncSecret`: a `kubernetes.io/service-account-token` Secret whose service account (by the
//!   `kubernetes.io/service-account.name` annotation, and `…uid` when set) does not exist is
//!   deleted (`deleteToken`); otherwise `generateTokenIfNeeded` fills what is missing —
//!   `ca.crt` (the root CA, when it differs), `namespace`, `token` (a legacy JWT,
//!   `pkg/serviceaccount/legacy.go` `LegacyClaims`) — and sets both annotations.
//! - `syncServiceAccount`: when a service account is deleted, its token Secrets are deleted
//!   (`deleteTokens` over `listTokenSecrets`, which matches name and uid:
//!   `apiserverserviceaccount.IsServiceAccountToken`).
//!
//! No Secret is created per service account: `ensureReferencedToken` is gone since v1.24
//! (`LegacyServiceAccountTokenNoAutoGeneration`, GA in 1.26).

use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::ByteString;

use crate::object::{Kind, Object};
use crate::serviceaccount::legacy;

use super::{Store, KUBEPLAY_CA_CRT};

/// Whether a Secret is a service-account token (`Type == kubernetes.io/service-account-token`).
fn is_token_secret(s: &Secret) -> bool {
    s.type_.as_deref() == Some(legacy::SECRET_TYPE)
}

fn annotation<'a>(s: &'a Secret, key: &str) -> &'a str {
    s.metadata.annotations.as_ref().and_then(|a| a.get(key)).map_or("", String::as_str)
}

impl Store {
    /// `syncSecret` for `ns/name` after it was created or updated.
    pub(super) fn tokens_controller_sync_secret(&mut self, ns: &str, name: &str) {
        let Some(secret) = self.secret(ns, name).filter(|s| is_token_secret(s)) else { return };
        let sa_name = annotation(secret, legacy::SERVICE_ACCOUNT_NAME_KEY).to_owned();
        let sa_uid = annotation(secret, legacy::SERVICE_ACCOUNT_UID_KEY).to_owned();
        // parseSecretQueueKey: a key without the account's name is dropped.
        if sa_name.is_empty() {
            return;
        }
        // getServiceAccount(ns, saName, saUID): a uid annotation must match.
        let account =
            self.service_account(ns, &sa_name).filter(|a| sa_uid.is_empty() || a.metadata.uid.as_deref() == Some(&sa_uid));
        let Some(account) = account else {
            let _ = self.delete(Kind::Secret, ns, name);
            return;
        };
        let account_uid = account.metadata.uid.clone().unwrap_or_default();
        // secretUpdateNeeded.
        let data = secret.data.clone().unwrap_or_default();
        let needs_ca = data.get(legacy::ROOT_CA_KEY).map(|b| b.0.as_slice()) != Some(KUBEPLAY_CA_CRT.as_bytes());
        let needs_namespace = data.get(legacy::NAMESPACE_KEY).is_none_or(|b| b.0.is_empty());
        let needs_token = data.get(legacy::TOKEN_KEY).is_none_or(|b| b.0.is_empty());
        if !needs_ca && !needs_namespace && !needs_token {
            return;
        }
        let mut live = secret.clone();
        let d = live.data.get_or_insert_with(Default::default);
        if needs_ca {
            d.insert(legacy::ROOT_CA_KEY.to_owned(), ByteString(KUBEPLAY_CA_CRT.as_bytes().to_vec()));
        }
        if needs_namespace {
            d.insert(legacy::NAMESPACE_KEY.to_owned(), ByteString(ns.as_bytes().to_vec()));
        }
        if needs_token {
            let claims = legacy::legacy_claims(ns, &sa_name, &account_uid, name);
            let token = self.token_signer().sign(claims.to_string().as_bytes());
            d.insert(legacy::TOKEN_KEY.to_owned(), ByteString(token.as_bytes().to_vec()));
        }
        let a = live.metadata.annotations.get_or_insert_with(Default::default);
        a.insert(legacy::SERVICE_ACCOUNT_NAME_KEY.to_owned(), sa_name);
        a.insert(legacy::SERVICE_ACCOUNT_UID_KEY.to_owned(), account_uid);
        // secrets.Update: a conflict or a vanished secret is left for the next event.
        let _ = self.update(Object::Secret(live));
    }

    /// `syncServiceAccount` for a deleted account: `deleteTokens`.
    pub(super) fn tokens_controller_account_deleted(&mut self, ns: &str, name: &str, uid: &str) {
        let tokens: Vec<String> = self
            .secrets
            .get(ns)
            .into_iter()
            .flat_map(|m| m.values())
            .filter(|s| {
                is_token_secret(s)
                    && annotation(s, legacy::SERVICE_ACCOUNT_NAME_KEY) == name
                    && annotation(s, legacy::SERVICE_ACCOUNT_UID_KEY) == uid
            })
            .filter_map(|s| s.metadata.name.clone())
            .collect();
        for t in tokens {
            let _ = self.delete(Kind::Secret, ns, &t);
        }
    }
}
