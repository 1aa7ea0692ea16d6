//! Goals about the API server's security layers, checked on the simulator's own state: what
//! etcd holds for a Secret (the storage transformers), which keys the running API server
//! encrypts with (`--encryption-provider-config`), and what its audit log (`--audit-policy-file`)
//! recorded of a Secret.

use base64::Engine as _;
use kubeplay_api::authentication::UserInfo;
use kubeplay_api::authorization::{self, Attributes};
use kubeplay_api::store::Store;

use super::goals::CanIAsk;

use crate::playground::Playground;

/// `etcdStored`: the bytes under `/registry/secrets/<ns>/<name>` start with `prefix`.
pub(super) fn etcd_stored(store: &Store, ns: &str, name: &str, prefix: &str) -> (bool, String) {
    let Some(value) = store.secret_stored_value(ns, name) else {
        return (false, format!("secret {ns}/{name} does not exist"));
    };
    let ok = value.starts_with(prefix.as_bytes());
    (ok, format!("etcd holds secret {name} as {}", stored_prefix(&value)))
}

/// How a stored value begins, for a detail line: the transformer prefix up to the key name
/// (`k8s:enc:aescbc:v1:key1:`), or `k8s\0 + protobuf (plain text)` for an unencrypted Secret.
fn stored_prefix(value: &[u8]) -> String {
    if value.starts_with(b"k8s\0") {
        return "k8s\\0 + protobuf (plain text)".to_owned();
    }
    if value.starts_with(b"k8s:enc:") {
        // `k8s:enc:<provider>:v1:<key>:` is five colons long.
        let mut colons = 0;
        let end = value
            .iter()
            .position(|&b| {
                colons += usize::from(b == b':');
                colons == 5
            })
            .map_or(value.len().min(40), |i| i + 1);
        return String::from_utf8_lossy(&value[..end]).into_owned();
    }
    let head: String = value.iter().take(24).map(|&b| if (0x20..0x7f).contains(&b) { char::from(b) } else { '.' }).collect();
    format!("{head}…")
}

/// `encryptionKeys`: the running API server's first provider for `secrets` (the one that
/// writes) is `provider` (when given) with exactly `keys`, in order.
pub(super) fn encryption_keys(store: &Store, provider: Option<&str>, keys: &[String]) -> (bool, String) {
    let Some(first) = store.encryption_config().and_then(|c| c.secret_providers()).and_then(|p| p.first()) else {
        return (false, "the API server runs without --encryption-provider-config: secrets are stored as plain text".to_owned());
    };
    let now = first.key_names();
    let ok =
        provider.is_none_or(|p| p == first.type_name()) && now.len() == keys.len() && now.iter().zip(keys).all(|(a, b)| a == b);
    let detail = if now.is_empty() {
        format!("the API server writes secrets with {}", first.type_name())
    } else {
        format!("the API server writes secrets with {} keys [{}] (the first encrypts)", first.type_name(), now.join(", "))
    };
    (ok, detail)
}

/// `auditLogged`: some audit event is about the secret, and one of its values is (`leaks`)
/// or is nowhere in the log. A logged object carries `data` in base64; a logged patch may
/// carry `stringData` in plain text, so both forms are looked for.
pub(super) fn audit_logged(pg: &Playground, ns: &str, name: &str, leaks: bool) -> (bool, String) {
    let session = &pg.console().session;
    let store = session.cluster().store();
    let entries = session.audit_log().entries();
    let about: Vec<_> =
        entries.iter().filter(|e| e.event.resource == "secrets" && e.event.namespace == ns && e.event.name == name).collect();
    let Some(secret) = store.secret(ns, name) else {
        return (false, format!("secret {ns}/{name} does not exist"));
    };
    let mut needles: Vec<String> = Vec::new();
    for v in secret.data.iter().flat_map(|d| d.values()).filter(|v| !v.0.is_empty()) {
        needles.push(base64::engine::general_purpose::STANDARD.encode(&v.0));
        if let Ok(plain) = std::str::from_utf8(&v.0) {
            // Short values (a digit, a word) would match anything; the plain form needs some length.
            if plain.len() >= 6 {
                needles.push(plain.to_owned());
            }
        }
    }
    if about.is_empty() {
        let why = if store.audit_policy().is_none() { " (the API server runs without --audit-policy-file)" } else { "" };
        return (false, format!("the audit log has no event about secret {name}{why}"));
    }
    let leaking = entries.iter().find(|e| needles.iter().any(|n| e.event.line.contains(n.as_str())));
    match leaking {
        Some(e) => (
            leaks,
            format!(
                "the audit log holds secret {name}'s data: a {} event of {} {} at level {}",
                e.event.stage.as_str(),
                e.event.verb,
                e.event.resource,
                e.event.level.as_str()
            ),
        ),
        None => (!leaks, format!("the audit log has {} events about secret {name}, none with its data", about.len())),
    }
}

/// `canI`: runs the authorizer chain as a SelfSubjectAccessReview for the impersonated user
/// does (`kubectl auth can-i … --as`), on the cluster as it is now.
pub(super) fn can_i(store: &Store, ask: &CanIAsk, allowed: bool) -> (bool, String) {
    let user = UserInfo::impersonate(&ask.user, &ask.groups);
    let attrs = Attributes {
        user: &user,
        verb: &ask.verb,
        group: &ask.group,
        resource: &ask.resource,
        subresource: "",
        namespace: &ask.namespace,
        name: &ask.name,
    };
    let d = authorization::authorize(store, &attrs);
    let mut what = ask.resource.clone();
    if !ask.group.is_empty() {
        what = format!("{what}.{}", ask.group);
    }
    if !ask.name.is_empty() {
        what = format!("{what}/{}", ask.name);
    }
    let detail = if d.allowed {
        format!("{} may {} {what} in {}", ask.user, ask.verb, ask.namespace)
    } else if d.reason.is_empty() {
        format!("{} may not {} {what} in {}", ask.user, ask.verb, ask.namespace)
    } else {
        format!("{} may not {} {what} in {}: {}", ask.user, ask.verb, ask.namespace, d.reason)
    };
    (d.allowed == allowed, detail)
}

/// Parses a `canI` question `VERB RESOURCE[.GROUP][/NAME]`, as `kubectl auth can-i` takes it.
pub(super) fn parse_can_i(text: &str) -> Option<(String, String, String, String)> {
    let mut words = text.split_whitespace();
    let (verb, target) = (words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    let (resource, name) = target.split_once('/').unwrap_or((target, ""));
    let (resource, group) = resource.split_once('.').unwrap_or((resource, ""));
    if resource.is_empty() || name.contains('/') {
        return None;
    }
    Some((verb.to_owned(), resource.to_owned(), group.to_owned(), name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::{parse_can_i, stored_prefix};

    #[test]
    fn can_i_questions_read_as_kubectl_reads_them() {
        let q = |v: &str, r: &str, g: &str, n: &str| Some((v.to_owned(), r.to_owned(), g.to_owned(), n.to_owned()));
        assert_eq!(parse_can_i("get secrets/db"), q("get", "secrets", "", "db"));
        assert_eq!(parse_can_i("list secrets"), q("list", "secrets", "", ""));
        assert_eq!(parse_can_i("create deployments.apps"), q("create", "deployments", "apps", ""));
        assert_eq!(parse_can_i("get"), None);
        assert_eq!(parse_can_i("get a/b/c"), None);
        assert_eq!(parse_can_i("get secrets db"), None);
    }

    #[test]
    fn stored_prefixes_read_up_to_the_key_name() {
        assert_eq!(stored_prefix(b"k8s:enc:aescbc:v1:key1:\x01\x02:"), "k8s:enc:aescbc:v1:key1:");
        assert_eq!(stored_prefix(b"k8s\0\x0a\x0c"), "k8s\\0 + protobuf (plain text)");
        assert_eq!(stored_prefix(b"k8s:enc:kms:v2:"), "k8s:enc:kms:v2:");
        assert_eq!(stored_prefix(b"abc\x01"), "abc.…");
    }
}
