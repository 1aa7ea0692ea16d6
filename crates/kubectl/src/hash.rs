//! The name suffix of `kubectl create configmap|secret --append-hash`.
//!
//! Mirrors `staging/src/k8s.io/kubectl/pkg/util/hash/hash.go` (v1.33): `json.Marshal` of a
//! map (keys sorted) holding the kind, name, data (and type, immutable, binaryData), its
//! SHA-256 in hex, then `encodeHash`: the first ten hex digits with the vowel-like ones
//! mapped to consonants.

use std::collections::BTreeMap;

use base64::Engine as _;
use kubeplay_api::k8s_openapi::api::core::v1::{ConfigMap, Secret};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::printers::to_json_compact;

/// `hash.ConfigMapHash`: `encodeConfigMap` (kind, name, data; immutable when set; binaryData
/// when not empty) hashed and encoded.
pub fn config_map_hash(cm: &ConfigMap) -> String {
    let mut m = BTreeMap::new();
    m.insert("kind", Value::String("ConfigMap".to_owned()));
    m.insert("name", Value::String(cm.metadata.name.clone().unwrap_or_default()));
    // `"data": cm.Data`: a nil map marshals as null.
    m.insert(
        "data",
        cm.data
            .as_ref()
            .map_or(Value::Null, |d| Value::Object(d.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect())),
    );
    if let Some(i) = cm.immutable {
        m.insert("immutable", Value::Bool(i));
    }
    if let Some(b) = cm.binary_data.as_ref().filter(|b| !b.is_empty()) {
        m.insert("binaryData", bytes_map(b.iter().map(|(k, v)| (k, v.0.as_slice()))));
    }
    encode_hash(&hex_sha256(&marshal(&m)))
}

/// `hash.SecretHash`: `encodeSecret` (kind, type, name, data; immutable when set).
pub fn secret_hash(s: &Secret) -> String {
    let mut m = BTreeMap::new();
    m.insert("kind", Value::String("Secret".to_owned()));
    m.insert("type", Value::String(s.type_.clone().unwrap_or_default()));
    m.insert("name", Value::String(s.metadata.name.clone().unwrap_or_default()));
    m.insert("data", s.data.as_ref().map_or(Value::Null, |d| bytes_map(d.iter().map(|(k, v)| (k, v.0.as_slice())))));
    if let Some(i) = s.immutable {
        m.insert("immutable", Value::Bool(i));
    }
    encode_hash(&hex_sha256(&marshal(&m)))
}

/// `map[string][]byte` as encoding/json writes it: each value in standard base64.
fn bytes_map<'a>(entries: impl Iterator<Item = (&'a String, &'a [u8])>) -> Value {
    Value::Object(entries.map(|(k, v)| (k.clone(), Value::String(base64::engine::general_purpose::STANDARD.encode(v)))).collect())
}

/// `json.Marshal` of a `map[string]interface{}`: keys in sorted order (serde_json's map sorts too).
fn marshal(m: &BTreeMap<&str, Value>) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&to_json_compact(&Value::String((*k).to_owned())));
        out.push(':');
        out.push_str(&to_json_compact(v));
    }
    out.push('}');
    out
}

/// `hash`: `fmt.Sprintf("%x", sha256.Sum256(data))`.
fn hex_sha256(data: &str) -> String {
    Sha256::digest(data.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// `encodeHash`: the first 40 bits (ten hex digits), `0 1 3 a e` mapped to `g h k m t`.
fn encode_hash(hex: &str) -> String {
    hex.chars()
        .take(10)
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    use kubeplay_api::k8s_openapi::ByteString;

    fn cm(name: &str, data: &[(&str, &str)]) -> ConfigMap {
        ConfigMap {
            metadata: ObjectMeta { name: Some(name.into()), ..Default::default() },
            data: Some(data.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()),
            ..Default::default()
        }
    }

    // The expected names were printed by a kubectl v1.33 client:
    // `kubectl create configmap x --from-env-file=e.env --append-hash --dry-run=client -o name`
    // (e.env holding `a=1` and `b=2`), and likewise for the others.
    #[test]
    fn config_map_hashes_match_kubectl() {
        assert_eq!(config_map_hash(&cm("x", &[("a", "1"), ("b", "2")])), "dt66bfkbgh");
        assert_eq!(config_map_hash(&cm("c", &[])), "94b26g54cg");
        // HTML characters are escaped as encoding/json does before hashing.
        assert_eq!(config_map_hash(&cm("c", &[("a", "<b>&")])), "ddth876558");
    }

    #[test]
    fn secret_hashes_match_kubectl() {
        let s = |type_: Option<&str>, v: &str| Secret {
            metadata: ObjectMeta { name: Some("s".into()), ..Default::default() },
            type_: type_.map(str::to_owned),
            data: Some([("a".to_owned(), ByteString(v.as_bytes().to_vec()))].into()),
            ..Default::default()
        };
        // `kubectl create secret generic s --from-literal=a='<b>' --append-hash`: no --type, so "".
        assert_eq!(secret_hash(&s(None, "<b>")), "874gdtmdfk");
        assert_eq!(secret_hash(&s(Some("foo"), "b")), "76gkfd766k");
    }
}
