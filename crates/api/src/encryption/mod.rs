//! Encryption at rest: the API server's storage transformers.
//!
//! kube-apiserver layers a request as authentication → authorization → admission → storage;
//! at the storage layer every value passes a *transformer* on its way to and from etcd
//! (`staging/src/k8s.io/apiserver/pkg/storage/value/transformer.go`). Without
//! `--encryption-provider-config` the transformer is `identity.NewEncryptCheckTransformer()`
//! (`storagebackend/factory/etcd3.go`); with one, each resource gets the ordered providers of
//! the first rule naming it (`pkg/server/options/encryptionconfig/config.go`).
//!
//! - `config`: the file, its defaults and validation.
//! - `aes`, `secretbox`, `kms`: the providers' cryptography and byte layouts.
//! - this module: the prefix transformers (`k8s:enc:<provider>:v1:<key>:`), the read/write rules.

pub mod aes;
pub mod config;
pub mod kms;
pub mod secretbox;

use std::collections::BTreeMap;

use rand_chacha::ChaCha8Rng;

pub use config::EncryptionConfiguration;
use kms::{DekState, KmsPlugin};

/// config.go `aesCBCTransformerPrefixV1`.
pub const AESCBC_PREFIX: &str = "k8s:enc:aescbc:v1:";
/// config.go `aesGCMTransformerPrefixV1`.
pub const AESGCM_PREFIX: &str = "k8s:enc:aesgcm:v1:";
/// config.go `secretboxTransformerPrefixV1`.
pub const SECRETBOX_PREFIX: &str = "k8s:enc:secretbox:v1:";
/// config.go `kmsTransformerPrefixV2`.
pub const KMSV2_PREFIX: &str = "k8s:enc:kms:v2:";
/// identity.go: data with this prefix is encrypted, and identity refuses to read it.
pub const ENCRYPTED_PREFIX: &str = "k8s:enc:";
/// identity.go `errEncryptedData`.
pub const ERR_IDENTITY_ENCRYPTED: &str = "identity transformer tried to read encrypted data";
/// config.go: no provider's prefix matched.
pub const ERR_NO_PREFIX: &str = "no matching prefix found";

/// A named key (its bytes decoded from base64).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The name, part of the stored prefix.
    pub name: String,
    /// The key bytes.
    pub secret: Vec<u8>,
}

/// One provider, ready to transform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provider {
    /// Plaintext.
    Identity,
    /// AES-CBC with PKCS#7 padding.
    AesCbc(Vec<Key>),
    /// AES-GCM.
    AesGcm(Vec<Key>),
    /// XSalsa20-Poly1305.
    Secretbox(Vec<Key>),
    /// KMS v2 envelope encryption.
    Kms {
        /// The provider name.
        name: String,
        /// The plugin's endpoint (which simulated plugin holds the KEK).
        endpoint: String,
        /// The seed generated at API server start.
        state: DekState,
    },
}

impl Provider {
    /// The provider's type as the config names it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Provider::Identity => "identity",
            Provider::AesCbc(_) => "aescbc",
            Provider::AesGcm(_) => "aesgcm",
            Provider::Secretbox(_) => "secretbox",
            Provider::Kms { .. } => "kms",
        }
    }
    /// The provider's prefix (empty for identity).
    pub fn prefix(&self) -> String {
        match self {
            Provider::Identity => String::new(),
            Provider::AesCbc(_) => AESCBC_PREFIX.to_owned(),
            Provider::AesGcm(_) => AESGCM_PREFIX.to_owned(),
            Provider::Secretbox(_) => SECRETBOX_PREFIX.to_owned(),
            Provider::Kms { name, .. } => format!("{KMSV2_PREFIX}{name}:"),
        }
    }
    /// The keys' names, the writing one first.
    pub fn key_names(&self) -> Vec<&str> {
        match self {
            Provider::AesCbc(k) | Provider::AesGcm(k) | Provider::Secretbox(k) => k.iter().map(|k| k.name.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}

/// One rule: the resources it names and their providers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    resources: Vec<(String, String)>,
    providers: Vec<Provider>,
}

/// A loaded `--encryption-provider-config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptionConfig {
    /// The file it came from.
    pub path: String,
    /// The text of the file.
    pub text: String,
    rules: Vec<Rule>,
}

/// The simulated KMS plugins, by endpoint: they outlive API server restarts.
pub type KmsPlugins = BTreeMap<String, KmsPlugin>;

/// `LoadEncryptionConfig`: decode, default, validate, build the transformers. `rng` is the API
/// server's transformer stream (KMS v2 seeds); `plugins` gains a plugin per new endpoint.
///
/// Errors read as kube-apiserver reports them before it exits.
pub fn load(text: &str, path: &str, plugins: &mut KmsPlugins, rng: &mut ChaCha8Rng) -> Result<EncryptionConfig, String> {
    let parse = |e: String| format!("error while parsing file: {e}");
    if text.is_empty() {
        return Err(parse(format!("encryption provider configuration file {} is empty", crate::field::go_quote(path))));
    }
    let stream = crate::yaml::load(text);
    if let Some(e) = stream.error {
        return Err(parse(format!(
            "error decoding encryption provider configuration file {}: error converting YAML to JSON: {}",
            crate::field::go_quote(path),
            e.message
        )));
    }
    let value = stream.docs.into_iter().next().map(|d| d.value).unwrap_or(serde_json::Value::Null);
    let cfg: EncryptionConfiguration = serde_json::from_value(value).map_err(|e| {
        parse(format!("error decoding encryption provider configuration file {}: {e}", crate::field::go_quote(path)))
    })?;
    if cfg.api_version != "apiserver.config.k8s.io/v1" || cfg.kind != "EncryptionConfiguration" {
        // kubeplay's wording: the scheme knows only this kind (the real decoder's text depends on
        // which of apiVersion/kind is off).
        return Err(parse(format!(
            "kubeplay: {} must be an apiVersion apiserver.config.k8s.io/v1, kind EncryptionConfiguration (got apiVersion {}, kind {})",
            crate::field::go_quote(path),
            crate::field::go_quote(&cfg.api_version),
            crate::field::go_quote(&cfg.kind)
        )));
    }
    let errs = config::validate(&cfg);
    if !errs.is_empty() {
        // field.ErrorList.ToAggregate(): one error as is, several as `[a, b]` (duplicates once).
        let mut msgs: Vec<String> = Vec::new();
        for e in &errs {
            let s = e.to_string();
            if !msgs.contains(&s) {
                msgs.push(s);
            }
        }
        let agg = if msgs.len() == 1 { msgs.concat() } else { format!("[{}]", msgs.join(", ")) };
        return Err(parse(agg));
    }
    let build = |e: String| format!("error while building transformers: {e}");
    let mut rules: Vec<Rule> = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    for rc in &cfg.resources {
        let mut providers = Vec::new();
        for p in &rc.providers {
            providers.push(build_provider(p, plugins, rng).map_err(build)?);
        }
        let mut resources = Vec::new();
        for r in &rc.resources {
            let gr = config::parse_group_resource(r);
            let group_any = (gr.0.clone(), "*".to_owned());
            let any = ("*".to_owned(), "*".to_owned());
            for mask in [&group_any, &any] {
                if seen.contains(mask) {
                    return Err(build(format!(
                        "resource {} is masked by earlier rule {}",
                        crate::field::go_quote(&gr_yaml(&gr)),
                        crate::field::go_quote(&gr_yaml(mask))
                    )));
                }
            }
            seen.push(gr.clone());
            resources.push(gr);
        }
        rules.push(Rule { resources, providers });
    }
    Ok(EncryptionConfig { path: path.to_owned(), text: text.to_owned(), rules })
}

/// config.go `grYAMLString`: `secrets`, `*.`, `*.*`, `resource.group`.
fn gr_yaml(gr: &(String, String)) -> String {
    if gr.0.is_empty() && gr.1 == "*" {
        return "*.".to_owned();
    }
    if gr.0.is_empty() {
        return gr.1.clone();
    }
    format!("{}.{}", gr.1, gr.0)
}

fn keys(k: &config::KeysConfig) -> Vec<Key> {
    k.keys
        .iter()
        .map(|k| Key { name: k.name.clone(), secret: crate::gobase64::decode(k.secret.as_bytes()).unwrap_or_default() })
        .collect()
}

fn build_provider(p: &config::ProviderConfig, plugins: &mut KmsPlugins, rng: &mut ChaCha8Rng) -> Result<Provider, String> {
    if let Some(k) = &p.aesgcm {
        return Ok(Provider::AesGcm(keys(k)));
    }
    if let Some(k) = &p.aescbc {
        return Ok(Provider::AesCbc(keys(k)));
    }
    if let Some(k) = &p.secretbox {
        return Ok(Provider::Secretbox(keys(k)));
    }
    if let Some(k) = &p.kms {
        if k.api_version.as_deref().unwrap_or("v1") == "v1" {
            // config.go kmsPrefixTransformer: the KMSv1 gate is off by default since 1.29.
            return Err("KMSv1 is deprecated and will only receive security updates going forward. Use KMSv2 instead.  Set --feature-gates=KMSv1=true to use the deprecated KMSv1 feature.".to_owned());
        }
        let plugin = plugins.entry(k.endpoint.clone()).or_insert_with(|| KmsPlugin::new(rng)).clone();
        let state = DekState::generate(&plugin, rng);
        return Ok(Provider::Kms { name: k.name.clone(), endpoint: k.endpoint.clone(), state });
    }
    Ok(Provider::Identity)
}

impl EncryptionConfig {
    /// `TransformerForResource`: the providers for (group, resource) — the exact rule, else
    /// `*.group`, else `*.*`; `None` means identity.
    pub fn providers_for(&self, group: &str, resource: &str) -> Option<&[Provider]> {
        let candidates = [(group, resource), (group, "*"), ("*", "*")];
        for (g, r) in candidates {
            for rule in &self.rules {
                if rule.resources.iter().any(|(rg, rr)| rg == g && rr == r) {
                    return Some(&rule.providers);
                }
            }
        }
        None
    }

    /// The providers for secrets, if the config names them.
    pub fn secret_providers(&self) -> Option<&[Provider]> {
        self.providers_for("", "secrets")
    }
}

/// The transformer for one resource: the configured providers, or identity's encrypt check.
#[derive(Debug, Clone, Copy)]
pub struct Transformer<'a> {
    /// `None`: no config for this resource.
    pub providers: Option<&'a [Provider]>,
    /// The KMS plugins.
    pub plugins: &'a KmsPlugins,
}

impl Transformer<'_> {
    /// `TransformToStorage`: the first provider (and its first key) writes. `aad` is the etcd key.
    pub fn to_storage(&self, data: &[u8], aad: &[u8], rng: &mut ChaCha8Rng) -> Result<Vec<u8>, String> {
        let Some(first) = self.providers.and_then(|p| p.first()) else { return Ok(data.to_vec()) };
        let mut out = first.prefix().into_bytes();
        match first {
            Provider::Identity => out.extend_from_slice(data),
            Provider::AesCbc(k) | Provider::AesGcm(k) | Provider::Secretbox(k) => {
                let Some(key) = k.first() else { return Err("no keys".to_owned()) };
                out.extend_from_slice(key.name.as_bytes());
                out.push(b':');
                out.extend(match first {
                    Provider::AesCbc(_) => aes::cbc_encrypt(&key.secret, data, rng),
                    Provider::AesGcm(_) => aes::gcm_encrypt(&key.secret, data, aad, rng),
                    _ => secretbox::encrypt(&key.secret, data, rng),
                });
            }
            Provider::Kms { state, .. } => out.extend(kms::encrypt(state, data, aad, rng)?),
        }
        Ok(out)
    }

    /// `TransformFromStorage`: the plaintext and whether it is stale (not written by the
    /// first provider and key), or the error the API server wraps as an internal error.
    pub fn from_storage(&self, data: &[u8], aad: &[u8]) -> Result<(Vec<u8>, bool), String> {
        let Some(providers) = self.providers else {
            // identity.NewEncryptCheckTransformer.
            if data.starts_with(ENCRYPTED_PREFIX.as_bytes()) {
                return Err(ERR_IDENTITY_ENCRYPTED.to_owned());
            }
            return Ok((data.to_vec(), false));
        };
        // transformer.go prefixTransformers.TransformFromStorage: every matching prefix in
        // order; identity's refusal is skipped; other errors are collected and aggregated.
        let mut errs: Vec<String> = Vec::new();
        for (i, p) in providers.iter().enumerate() {
            let prefix = p.prefix();
            let Some(rest) = data.strip_prefix(prefix.as_bytes()) else { continue };
            let r = match p {
                Provider::Identity => {
                    if rest.starts_with(ENCRYPTED_PREFIX.as_bytes()) {
                        continue;
                    }
                    Ok((rest.to_vec(), false))
                }
                Provider::AesCbc(k) | Provider::AesGcm(k) | Provider::Secretbox(k) => key_read(p, k, rest, aad),
                Provider::Kms { state, endpoint, .. } => match self.plugins.get(endpoint) {
                    Some(plugin) => kms::decrypt(state, plugin, rest, aad),
                    None => Err("failed to decrypt DEK, error: kubeplay kms plugin not running".to_owned()),
                },
            };
            match r {
                Ok((out, stale)) => return Ok((out, stale || i != 0)),
                Err(e) => errs.push(e),
            }
        }
        match errs.len() {
            0 => Err(ERR_NO_PREFIX.to_owned()),
            1 => Err(errs.concat()),
            _ => {
                errs.dedup();
                Err(format!("[{}]", errs.join(", ")))
            }
        }
    }
}

/// The key level: `<name>:` prefixes, the first key writes, others read (stale).
fn key_read(p: &Provider, keys: &[Key], data: &[u8], aad: &[u8]) -> Result<(Vec<u8>, bool), String> {
    let mut errs: Vec<String> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        let Some(rest) = data.strip_prefix(k.name.as_bytes()).and_then(|r| r.strip_prefix(b":")) else { continue };
        let r = match p {
            Provider::AesCbc(_) => aes::cbc_decrypt(&k.secret, rest),
            Provider::AesGcm(_) => aes::gcm_decrypt(&k.secret, rest, aad),
            _ => secretbox::decrypt(&k.secret, rest),
        };
        match r {
            Ok(out) => return Ok((out, i != 0)),
            Err(e) => errs.push(e),
        }
    }
    match errs.len() {
        // config.go: `no matching key was found for the provided AES transformer` (aescbc and
        // aesgcm share it) / `... Secretbox transformer`.
        0 if matches!(p, Provider::Secretbox(_)) => {
            Err("no matching key was found for the provided Secretbox transformer".to_owned())
        }
        0 => Err("no matching key was found for the provided AES transformer".to_owned()),
        1 => Err(errs.concat()),
        _ => Err(format!("[{}]", errs.join(", "))),
    }
}
