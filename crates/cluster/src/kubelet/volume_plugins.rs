//! What each volume plugin puts in a volume: the pure "get, then make the payload"
//! half of `SetUpAt`; the atomic writer does the rest.
//!
//! Mirrors `pkg/volume/secret/secret.go` (SetUpAt, MakePayload),
//! `pkg/volume/configmap/configmap.go`, `pkg/volume/downwardapi/downwardapi.go` and
//! `pkg/volume/projected/projected.go` (collectData).

use std::rc::Rc;

use kubeplay_api::k8s_openapi::api::core::v1::{DownwardAPIVolumeFile, KeyToPath, Pod, Volume};
use kubeplay_api::Store;

use super::{ConfigMapManager, SecretManager};
use crate::atomic_writer::{FileProjection, Payload};
use crate::error::Error;

/// The kubelet directory plugin name of a volume (`kubernetes.io~secret`, ...).
pub fn plugin_dir(v: &Volume) -> &'static str {
    if v.secret.is_some() {
        "kubernetes.io~secret"
    } else if v.projected.is_some() {
        "kubernetes.io~projected"
    } else if v.config_map.is_some() {
        "kubernetes.io~configmap"
    } else if v.downward_api.is_some() {
        "kubernetes.io~downward-api"
    } else {
        "kubernetes.io~empty-dir"
    }
}

/// Whether the volume is written by the atomic writer (and re-synced on every pod sync).
pub fn is_projected_kind(v: &Volume) -> bool {
    v.secret.is_some() || v.projected.is_some() || v.config_map.is_some() || v.downward_api.is_some()
}

/// What the plugin needs to read objects.
pub struct Sources<'a> {
    /// The API objects.
    pub store: &'a Store,
    /// The node's secret manager.
    pub secrets: &'a mut SecretManager,
    /// The node's config map manager.
    pub config_maps: &'a mut ConfigMapManager,
    /// Virtual time.
    pub now_ms: u64,
    /// When the kubelet took the pod (tokens are issued then and rotated at 80% of their life).
    pub pod_start_ms: u64,
    /// The uid of the node's Node object (the token's `kubernetes.io.node.uid`).
    pub node_uid: &'a str,
}

/// Builds the payload of a secret, projected, configMap or downwardAPI volume, or the
/// error whose text becomes `MountVolume.SetUp failed for volume "<v>" : <error>`.
pub fn make_payload(v: &Volume, pod: &Pod, src: &mut Sources<'_>) -> Result<Payload, Error> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    if let Some(s) = &v.secret {
        let name = s.secret_name.as_deref().unwrap_or("");
        let optional = s.optional == Some(true);
        let mode = s.default_mode.unwrap_or(0o644) as u32;
        return secret_payload(src, ns, name, s.items.as_deref(), mode, optional);
    }
    if let Some(c) = &v.config_map {
        let optional = c.optional == Some(true);
        let mode = c.default_mode.unwrap_or(0o644) as u32;
        return config_map_payload(src, ns, &c.name, c.items.as_deref(), mode, optional);
    }
    if let Some(d) = &v.downward_api {
        let mode = d.default_mode.unwrap_or(0o644) as u32;
        return downward_payload(pod, d.items.as_deref().unwrap_or_default(), mode);
    }
    if let Some(p) = &v.projected {
        let mode = p.default_mode.unwrap_or(0o644) as u32;
        let mut payload = Payload::new();
        let mut errs: Vec<Error> = Vec::new();
        for source in p.sources.iter().flatten() {
            let part = if let Some(s) = &source.secret {
                secret_payload(src, ns, &s.name, s.items.as_deref(), mode, s.optional == Some(true))
            } else if let Some(c) = &source.config_map {
                config_map_payload(src, ns, &c.name, c.items.as_deref(), mode, c.optional == Some(true))
            } else if let Some(d) = &source.downward_api {
                downward_payload(pod, d.items.as_deref().unwrap_or_default(), mode)
            } else if let Some(t) = &source.service_account_token {
                let sc = pod.spec.as_ref().and_then(|s| s.security_context.as_ref());
                // projected.go: the token file is 0600 when RunAsUser or FsGroup is set.
                let token_mode = if sc.is_some_and(|c| c.run_as_user.is_some() || c.fs_group.is_some()) { 0o600 } else { mode };
                let exp = t.expiration_seconds.unwrap_or(3600).max(600);
                // The token manager refreshes a token once 80% of its lifetime has passed.
                let life_ms = exp as u64 * 800;
                let issued = src.pod_start_ms + (src.now_ms.saturating_sub(src.pod_start_ms) / life_ms) * life_ms;
                let sa_name = pod.spec.as_ref().and_then(|s| s.service_account_name.as_deref()).unwrap_or("default");
                let sa_uid = src.store.service_account(ns, sa_name).and_then(|a| a.metadata.uid.as_deref()).unwrap_or("");
                let req = TokenRequest {
                    audience: t.audience.as_deref().filter(|a| !a.is_empty()),
                    expiration_seconds: exp,
                    service_account_uid: sa_uid,
                    node_uid: src.node_uid,
                };
                let token = service_account_token(src.store.token_signer(), pod, &req, issued);
                Ok([(t.path.clone(), FileProjection { data: Rc::from(token.as_bytes()), mode: token_mode })].into())
            } else {
                Ok(Payload::new())
            };
            match part {
                Ok(p) => payload.extend(p),
                Err(e) => errs.push(e),
            }
        }
        // utilerrors.NewAggregate(errlist).Error(): duplicate messages are dropped; one
        // distinct message prints alone, several as "[a, b]" (apimachinery/pkg/util/errors).
        let mut distinct: Vec<Error> = Vec::with_capacity(errs.len());
        for e in errs {
            let text = e.to_string();
            if !distinct.iter().any(|d| d.to_string() == text) {
                distinct.push(e);
            }
        }
        return if distinct.is_empty() { Ok(payload) } else { Err(Error::Projected(distinct)) };
    }
    Ok(Payload::new())
}

fn secret_payload(
    src: &mut Sources<'_>,
    ns: &str,
    name: &str,
    items: Option<&[KeyToPath]>,
    mode: u32,
    optional: bool,
) -> Result<Payload, Error> {
    let secret = match src.secrets.get(src.store, ns, name, src.now_ms) {
        Ok(s) => Some(s),
        // SetUpAt: NotFound and optional → an empty secret (an empty volume).
        Err(e) if e.not_found && optional => None,
        Err(e) => return Err(e.into()),
    };
    let empty = Default::default();
    let data = secret.as_ref().and_then(|s| s.data.as_ref()).unwrap_or(&empty);
    make_key_payload(
        data.iter().map(|(k, v)| (k.as_str(), v.0.as_slice())),
        |k| data.get(k).map(|v| v.0.as_slice()),
        items,
        mode,
        optional,
        "references non-existent secret key",
    )
}

fn config_map_payload(
    src: &mut Sources<'_>,
    ns: &str,
    name: &str,
    items: Option<&[KeyToPath]>,
    mode: u32,
    optional: bool,
) -> Result<Payload, Error> {
    let cm = match src.config_maps.get(src.store, ns, name, src.now_ms) {
        Ok(c) => Some(c),
        Err(e) if e.not_found && optional => None,
        Err(e) => return Err(e.into()),
    };
    let empty_s = Default::default();
    let empty_b = Default::default();
    let data = cm.as_ref().and_then(|c| c.data.as_ref()).unwrap_or(&empty_s);
    let bin = cm.as_ref().and_then(|c| c.binary_data.as_ref()).unwrap_or(&empty_b);
    let all = data.iter().map(|(k, v)| (k.as_str(), v.as_bytes())).chain(bin.iter().map(|(k, v)| (k.as_str(), v.0.as_slice())));
    let lookup = |k: &str| data.get(k).map(|v| v.as_bytes()).or_else(|| bin.get(k).map(|v| v.0.as_slice()));
    make_key_payload(all, lookup, items, mode, optional, "configmap references non-existent config key")
}

/// `MakePayload`: every key (no items), or just the listed items with their paths and modes.
fn make_key_payload<'a>(
    all: impl Iterator<Item = (&'a str, &'a [u8])>,
    lookup: impl Fn(&str) -> Option<&'a [u8]>,
    items: Option<&[KeyToPath]>,
    mode: u32,
    optional: bool,
    missing: &'static str,
) -> Result<Payload, Error> {
    let mut payload = Payload::new();
    match items.filter(|i| !i.is_empty()) {
        None => {
            for (k, v) in all {
                payload.insert(k.to_owned(), FileProjection { data: Rc::from(v), mode });
            }
        }
        Some(items) => {
            for item in items {
                let Some(v) = lookup(&item.key) else {
                    if optional {
                        continue;
                    }
                    return Err(Error::VolumeKey { what: missing, key: item.key.clone() });
                };
                let m = item.mode.map(|m| m as u32).unwrap_or(mode);
                payload.insert(item.path.clone(), FileProjection { data: Rc::from(v), mode: m });
            }
        }
    }
    Ok(payload)
}

/// `downwardapi.CollectData` for the field references kubeplay knows.
fn downward_payload(pod: &Pod, items: &[DownwardAPIVolumeFile], mode: u32) -> Result<Payload, Error> {
    let mut payload = Payload::new();
    for item in items {
        let value = match item.field_ref.as_ref().map(|f| f.field_path.as_str()) {
            Some("metadata.namespace") => pod.metadata.namespace.clone().unwrap_or_default(),
            Some("metadata.name") => pod.metadata.name.clone().unwrap_or_default(),
            Some("metadata.uid") => pod.metadata.uid.clone().unwrap_or_default(),
            Some("metadata.labels") => format_map(pod.metadata.labels.as_ref()),
            Some("metadata.annotations") => format_map(pod.metadata.annotations.as_ref()),
            Some("spec.nodeName") => pod.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_default(),
            Some("spec.serviceAccountName") => pod.spec.as_ref().and_then(|s| s.service_account_name.clone()).unwrap_or_default(),
            Some(other) => return Err(Error::FieldPath { path: other.to_owned() }),
            None => String::new(),
        };
        let m = item.mode.map(|m| m as u32).unwrap_or(mode);
        payload.insert(item.path.clone(), FileProjection { data: Rc::from(value.into_bytes()), mode: m });
    }
    Ok(payload)
}

/// `fieldpath.FormatMap`: `key="value"` lines, sorted.
fn format_map(m: Option<&std::collections::BTreeMap<String, String>>) -> String {
    m.into_iter().flatten().map(|(k, v)| format!("{k}={}", kubeplay_api::field::go_quote(v))).collect::<Vec<_>>().join("\n")
}

/// `WarnOnlyBoundTokenExpirationSeconds` (pkg/serviceaccount/claims.go): the kubelet asks for
/// 3607 s, and the API server, with `--service-account-extend-token-expiration` (default true),
/// makes such a token valid for `ExpirationExtensionSeconds` and only warns after 3607 s.
pub const WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS: i64 = 3607;
/// `ExpirationExtensionSeconds` (pkg/serviceaccount/claims.go): one year.
pub const EXPIRATION_EXTENSION_SECONDS: i64 = 24 * 365 * 60 * 60;

/// What the kubelet's TokenRequest asks for, and the uids the API server puts in the token.
#[derive(Debug, Clone, Copy)]
pub struct TokenRequest<'a> {
    /// The projection's `audience` (`None`: the API server's own audience).
    pub audience: Option<&'a str>,
    /// The projection's `expirationSeconds`.
    pub expiration_seconds: i64,
    /// The ServiceAccount's uid (empty if it does not exist: the claim is then omitted).
    pub service_account_uid: &'a str,
    /// The Node's uid.
    pub node_uid: &'a str,
}

/// A bound service account token: a JWT signed by the API server's service-account key
/// (`kubeplay_api::serviceaccount::TokenSigner`, ES256).
///
/// The claim set is v1.33's (pkg/serviceaccount/claims.go `Claims`, signed by jwt.go
/// `JWTTokenGenerator` which adds `iss`): `aud`, `exp`, `iat`, `iss`, `jti`
/// (ServiceAccountTokenJTI, beta and on since 1.30), `kubernetes.io` with `namespace`,
/// `node` {name, uid} (ServiceAccountTokenPodNodeInfo, on since 1.30), `pod` {name, uid},
/// `serviceaccount` {name, uid} and `warnafter` (only for an extended token,
/// pkg/registry/core/serviceaccount/storage/token.go), `nbf`, `sub`. go-jose marshals the
/// merged claims as a map, so keys are sorted at every level; `ref` fields are `omitempty`.
/// The claims are written by hand in the bytes `serde_json` prints for them (compact,
/// strings escaped by `serde_json`): a token is built on every mount and resync.
pub fn service_account_token(
    signer: &kubeplay_api::serviceaccount::TokenSigner,
    pod: &Pod,
    req: &TokenRequest<'_>,
    now_ms: u64,
) -> Rc<str> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let sa = pod.spec.as_ref().and_then(|s| s.service_account_name.as_deref()).unwrap_or("default");
    let node = pod.spec.as_ref().and_then(|s| s.node_name.as_deref()).unwrap_or("");
    let name = pod.metadata.name.as_deref().unwrap_or("");
    let uid = pod.metadata.uid.as_deref().unwrap_or("");
    let iat = (kubeplay_api::store::EPOCH_UNIX_MS + now_ms as i64) / 1000;
    const ISS: &str = "https://kubernetes.default.svc.cluster.local";
    // token.go: extend only the kubelet's default request for the API server's own audience.
    let extended = req.expiration_seconds == WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS && req.audience.is_none();
    let (exp, warn_after) = if extended {
        (iat + EXPIRATION_EXTENSION_SECONDS, Some(iat + req.expiration_seconds))
    } else {
        (iat + req.expiration_seconds, None)
    };
    // A random UUID upstream (uuid.NewUUID); derived from the pod and the time here.
    let jti = super::uuid_from(super::fnv(uid.as_bytes()) ^ (iat as u64));
    let mut claims: Vec<u8> = Vec::with_capacity(480 + ns.len() * 2 + sa.len() * 2 + node.len() + name.len() + uid.len());
    claims.extend_from_slice(b"{\"aud\":[");
    json_string(&mut claims, req.audience.unwrap_or(ISS));
    claims.extend_from_slice(b"],\"exp\":");
    claims.extend_from_slice(exp.to_string().as_bytes());
    claims.extend_from_slice(b",\"iat\":");
    claims.extend_from_slice(iat.to_string().as_bytes());
    claims.extend_from_slice(b",\"iss\":\"");
    claims.extend_from_slice(ISS.as_bytes());
    claims.extend_from_slice(b"\",\"jti\":\"");
    claims.extend_from_slice(jti.as_bytes());
    claims.extend_from_slice(b"\",\"kubernetes.io\":{\"namespace\":");
    json_string(&mut claims, ns);
    claims.extend_from_slice(b",\"node\":");
    json_ref(&mut claims, node, req.node_uid);
    claims.extend_from_slice(b",\"pod\":");
    json_ref(&mut claims, name, uid);
    claims.extend_from_slice(b",\"serviceaccount\":");
    json_ref(&mut claims, sa, req.service_account_uid);
    if let Some(w) = warn_after {
        claims.extend_from_slice(b",\"warnafter\":");
        claims.extend_from_slice(w.to_string().as_bytes());
    }
    claims.extend_from_slice(b"},\"nbf\":");
    claims.extend_from_slice(iat.to_string().as_bytes());
    claims.extend_from_slice(b",\"sub\":");
    json_string(&mut claims, &format!("system:serviceaccount:{ns}:{sa}"));
    claims.push(b'}');
    signer.sign(&claims)
}

/// Appends claims.go's `ref{Name, UID}` with its `omitempty` tags.
fn json_ref(out: &mut Vec<u8>, name: &str, uid: &str) {
    out.push(b'{');
    if !name.is_empty() {
        out.extend_from_slice(b"\"name\":");
        json_string(out, name);
    }
    if !uid.is_empty() {
        if !name.is_empty() {
            out.push(b',');
        }
        out.extend_from_slice(b"\"uid\":");
        json_string(out, uid);
    }
    out.push(b'}');
}

/// Appends `s` as a JSON string literal, escaped exactly as `serde_json` escapes it.
fn json_string(out: &mut Vec<u8>, s: &str) {
    // Writing to a Vec cannot fail; serde_json only errors on I/O.
    let _ = serde_json::to_writer(&mut *out, s);
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn signer() -> kubeplay_api::serviceaccount::TokenSigner {
        kubeplay_api::serviceaccount::TokenSigner::from_seed(1)
    }

    /// The token with serde_json's `json!` (the reference for the fast path): v1.33's claim set,
    /// pkg/serviceaccount/claims.go.
    fn reference_token(pod: &Pod, req: &TokenRequest<'_>, now_ms: u64) -> Rc<str> {
        let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
        let sa = pod.spec.as_ref().and_then(|s| s.service_account_name.as_deref()).unwrap_or("default");
        let iat = (kubeplay_api::store::EPOCH_UNIX_MS + now_ms as i64) / 1000;
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        let ext = req.expiration_seconds == 3607 && req.audience.is_none();
        // claims.go `ref`: `json:"name,omitempty"`, `json:"uid,omitempty"`.
        let r = |name: &str, uid: &str| {
            let mut m = serde_json::Map::new();
            for (k, v) in [("name", name), ("uid", uid)] {
                if !v.is_empty() {
                    m.insert(k.to_owned(), serde_json::json!(v));
                }
            }
            serde_json::Value::Object(m)
        };
        let node = pod.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_default();
        let mut k8s = serde_json::json!({
            "namespace": ns,
            "node": r(&node, req.node_uid),
            "pod": r(pod.metadata.name.as_deref().unwrap_or_default(), &uid),
            "serviceaccount": r(sa, req.service_account_uid),
        });
        if ext {
            k8s["warnafter"] = serde_json::json!(iat + 3607);
        }
        let claims = serde_json::json!({
            "aud": [req.audience.unwrap_or("https://kubernetes.default.svc.cluster.local")],
            "exp": iat + if ext { 31_536_000 } else { req.expiration_seconds },
            "iat": iat,
            "iss": "https://kubernetes.default.svc.cluster.local",
            "jti": crate::kubelet::uuid_from(crate::kubelet::fnv(uid.as_bytes()) ^ (iat as u64)),
            "kubernetes.io": k8s,
            "nbf": iat,
            "sub": format!("system:serviceaccount:{ns}:{sa}"),
        });
        signer().sign(claims.to_string().as_bytes())
    }

    fn claims_of(token: &str) -> serde_json::Value {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let part = token.split('.').nth(1).expect("claims part");
        serde_json::from_slice(&b64.decode(part).expect("base64url")).expect("json")
    }

    /// pkg/serviceaccount/claims.go: the claim set of a pod-bound token in v1.33, with the
    /// 3607 s request extended to a year (storage/token.go) and `warnafter` at 3607 s.
    #[test]
    fn token_carries_v1_33_claims() {
        let mut pod = Pod::default();
        pod.metadata.name = Some("mypod".to_owned());
        pod.metadata.uid = Some("0b7c1d2e-aaaa-4bbb-8ccc-123456789abc".to_owned());
        pod.spec = Some(kubeplay_api::k8s_openapi::api::core::v1::PodSpec {
            node_name: Some("node-1".to_owned()),
            ..Default::default()
        });
        let req = TokenRequest { audience: None, expiration_seconds: 3607, service_account_uid: "sa-uid", node_uid: "node-uid" };
        let c = claims_of(&service_account_token(&signer(), &pod, &req, 0));
        let keys: Vec<&str> = c.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(keys, ["aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub"]);
        let iat = c["iat"].as_i64().expect("iat");
        assert_eq!(c["exp"].as_i64(), Some(iat + 31_536_000));
        assert_eq!(c["kubernetes.io"]["warnafter"].as_i64(), Some(iat + 3607));
        assert_eq!(c["kubernetes.io"]["node"], serde_json::json!({"name": "node-1", "uid": "node-uid"}));
        assert_eq!(c["kubernetes.io"]["serviceaccount"], serde_json::json!({"name": "default", "uid": "sa-uid"}));
        assert_eq!(c["jti"].as_str().map(str::len), Some(36));
        // A custom audience or lifetime is not extended and has no warnafter.
        let req = TokenRequest { audience: Some("vault"), expiration_seconds: 600, ..req };
        let c = claims_of(&service_account_token(&signer(), &pod, &req, 0));
        assert_eq!(c["aud"], serde_json::json!(["vault"]));
        assert_eq!(c["exp"].as_i64(), Some(iat + 600));
        assert!(c["kubernetes.io"].get("warnafter").is_none());
    }

    #[test]
    fn token_bytes_match_serde_json() {
        let mut pod = Pod::default();
        let req = TokenRequest { audience: None, expiration_seconds: 3607, service_account_uid: "u-1", node_uid: "n-1" };
        assert_eq!(service_account_token(&signer(), &pod, &req, 0), reference_token(&pod, &req, 0));
        pod.metadata.namespace = Some("team-a".to_owned());
        pod.metadata.name = Some("web \"1\"\\\n\u{1}é✓".to_owned());
        pod.metadata.uid = Some("0b7c1d2e-aaaa-4bbb-8ccc-123456789abc".to_owned());
        pod.spec = Some(kubeplay_api::k8s_openapi::api::core::v1::PodSpec {
            node_name: Some("node-7".to_owned()),
            service_account_name: Some("builder\t".to_owned()),
            ..Default::default()
        });
        for now in [0, 1_999, 90_000_123] {
            assert_eq!(service_account_token(&signer(), &pod, &req, now), reference_token(&pod, &req, now));
            let custom = TokenRequest { audience: Some("a\"b"), expiration_seconds: 7200, ..req };
            assert_eq!(service_account_token(&signer(), &pod, &custom, now), reference_token(&pod, &custom, now));
        }
    }
}
