//! `EncryptionConfiguration` (apiserver.config.k8s.io/v1) as kube-apiserver reads it from
//! `--encryption-provider-config`: decoded (`staging/src/k8s.io/apiserver/pkg/apis/apiserver/v1/types_encryption.go`,
//! defaults from `v1/defaults.go`), validated with `validation/validation_encryption.go`'s
//! messages, then turned into transformers (`pkg/server/options/encryptionconfig/config.go`).

use serde::Deserialize;

use crate::field::{go_quote, BadValue, FieldError};

/// One key of an AES or secretbox provider.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct KeyConfig {
    /// The key's name, written into every value it encrypts.
    pub name: String,
    /// The key bytes, base64.
    pub secret: String,
}

/// `aescbc`, `aesgcm` or `secretbox`: an ordered key list (the first encrypts).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct KeysConfig {
    /// The keys.
    pub keys: Vec<KeyConfig>,
}

/// `kms`: an external key management service plugin.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct KmsConfig {
    /// `v1` (default, disabled since 1.29) or `v2`.
    pub api_version: Option<String>,
    /// The provider's name (in every value's prefix).
    pub name: String,
    /// `cachesize` (v1 only).
    pub cachesize: Option<i64>,
    /// The plugin's socket, `unix:///…`.
    pub endpoint: String,
    /// The call timeout (default 3s).
    pub timeout: Option<String>,
}

/// One element of `providers`: exactly one of these must be set.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ProviderConfig {
    /// AES-GCM.
    pub aesgcm: Option<KeysConfig>,
    /// AES-CBC.
    pub aescbc: Option<KeysConfig>,
    /// XSalsa20-Poly1305.
    pub secretbox: Option<KeysConfig>,
    /// No encryption.
    pub identity: Option<serde_json::Value>,
    /// Envelope encryption through a KMS plugin.
    pub kms: Option<KmsConfig>,
}

/// One element of `resources`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ResourceConfig {
    /// `secrets`, `*.`, `*.*`, `resource.group`, …
    pub resources: Vec<String>,
    /// The providers in order.
    pub providers: Vec<ProviderConfig>,
}

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct EncryptionConfiguration {
    /// Must be `apiserver.config.k8s.io/v1`.
    pub api_version: String,
    /// Must be `EncryptionConfiguration`.
    pub kind: String,
    /// The rules, earlier first.
    pub resources: Vec<ResourceConfig>,
}

/// validation_encryption.go `aesKeySizes`.
pub const AES_KEY_SIZES: &[usize] = &[16, 24, 32];
/// validation_encryption.go `secretBoxKeySizes`.
pub const SECRETBOX_KEY_SIZES: &[usize] = &[32];

fn go_ints(v: &[usize]) -> String {
    format!("[{}]", v.iter().map(usize::to_string).collect::<Vec<_>>().join(" "))
}

/// `schema.ParseGroupResource`: `secrets` → ("", secrets); `a.b.c` → ("b.c", a).
pub fn parse_group_resource(s: &str) -> (String, String) {
    match s.split_once('.') {
        Some((r, g)) => (g.to_owned(), r.to_owned()),
        None => (String::new(), s.to_owned()),
    }
}

/// `%#v` of a `[]string`.
fn go_string_slice(v: &[String]) -> String {
    format!("[]string{{{}}}", v.iter().map(|s| go_quote(s)).collect::<Vec<_>>().join(", "))
}

/// `%#v` of the internal `ProviderConfiguration` (pointer fields print as addresses in Go; a
/// fixed placeholder address stands for a set one).
fn go_provider(p: &ProviderConfig) -> String {
    let ptr = |set: bool, ty: &str| {
        if set {
            format!("(*apiserver.{ty})(0xc000010000)")
        } else {
            format!("(*apiserver.{ty})(nil)")
        }
    };
    format!(
        "apiserver.ProviderConfiguration{{AESGCM:{}, AESCBC:{}, Secretbox:{}, Identity:{}, KMS:{}}}",
        ptr(p.aesgcm.is_some(), "AESConfiguration"),
        ptr(p.aescbc.is_some(), "AESConfiguration"),
        ptr(p.secretbox.is_some(), "SecretboxConfiguration"),
        ptr(p.identity.is_some(), "IdentityConfiguration"),
        ptr(p.kms.is_some(), "KMSConfiguration"),
    )
}

/// `ValidateEncryptionConfiguration(c, reload=false)`.
pub fn validate(c: &EncryptionConfiguration) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if c.resources.is_empty() {
        errs.push(FieldError::required("resources", "at least one resources is required"));
        return errs;
    }
    let mut kms_names: Vec<String> = Vec::new();
    for (i, conf) in c.resources.iter().enumerate() {
        let r = format!("resources[{i}].resources");
        let p = format!("resources[{i}].providers");
        if conf.resources.is_empty() {
            errs.push(FieldError::required(&r, format!("at least one {r} is required")));
        }
        errs.extend(validate_resource_overlap(&conf.resources, &r));
        errs.extend(validate_resource_names(&conf.resources, &r));
        if conf.providers.is_empty() {
            errs.push(FieldError::required(&p, format!("at least one {p} is required")));
        }
        for (j, provider) in conf.providers.iter().enumerate() {
            let path = format!("{p}[{j}]");
            let found = [
                provider.kms.is_some(),
                provider.aesgcm.is_some(),
                provider.aescbc.is_some(),
                provider.secretbox.is_some(),
                provider.identity.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count();
            if found == 0 {
                errs.push(FieldError::invalid(
                    &path,
                    BadValue::Raw(go_provider(provider)),
                    "provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity",
                ));
            } else if found > 1 {
                errs.push(FieldError::invalid(
                    &path,
                    BadValue::Raw(go_provider(provider)),
                    "more than one provider specified in a single element, should split into different list elements",
                ));
            }
            if let Some(k) = &provider.kms {
                errs.extend(validate_kms(k, &format!("{path}.kms"), &kms_names));
                kms_names.push(k.name.clone());
            } else if let Some(a) = &provider.aesgcm {
                errs.extend(validate_keys(&a.keys, &format!("{path}.aesgcm.keys"), AES_KEY_SIZES));
            } else if let Some(a) = &provider.aescbc {
                errs.extend(validate_keys(&a.keys, &format!("{path}.aescbc.keys"), AES_KEY_SIZES));
            } else if let Some(a) = &provider.secretbox {
                errs.extend(validate_keys(&a.keys, &format!("{path}.secretbox.keys"), SECRETBOX_KEY_SIZES));
            }
        }
    }
    errs
}

fn validate_resource_overlap(resources: &[String], path: &str) -> Vec<FieldError> {
    if resources.len() < 2 {
        return Vec::new();
    }
    let r: Vec<(String, String)> = resources.iter().map(|s| parse_group_resource(s)).collect();
    let any = ("*".to_owned(), "*".to_owned());
    let (mut overlap, mut dup) = (false, false);
    for (i, r1) in r.iter().enumerate() {
        for (j, r2) in r.iter().enumerate() {
            if i == j {
                continue;
            }
            if r1 == r2 && !dup {
                dup = true;
                continue;
            }
            if overlap {
                continue;
            }
            if *r1 == any {
                overlap = true;
                continue;
            }
            if r1.0 != r2.0 {
                continue;
            }
            if r1.1 == "*" || r2.1 == "*" {
                overlap = true;
            }
        }
    }
    let mut errs = Vec::new();
    if dup {
        errs.push(FieldError::invalid(
            path,
            BadValue::Raw(go_string_slice(resources)),
            "the same resource cannot be specified multiple times",
        ));
    }
    if overlap {
        errs.push(FieldError::invalid(
            path,
            BadValue::Raw(go_string_slice(resources)),
            "using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked",
        ));
    }
    errs
}

fn validate_resource_names(resources: &[String], path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (j, res) in resources.iter().enumerate() {
        let jj = format!("{path}[{j}]");
        let (group, resource) = parse_group_resource(res);
        let msg = if res.to_lowercase() != *res {
            "resource name should not contain capital letters"
        } else if res == "*" {
            "use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources"
        } else if ["apiserveripinfo", "serviceipallocations", "servicenodeportallocations"].contains(&res.as_str()) {
            "resources which do not have REST API/s cannot be encrypted"
        } else if group == "events.k8s.io" {
            "'*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file"
        } else if group == "extensions" {
            "'extensions' group has been removed and cannot be used for encryption"
        } else if group == "*" && resource != "*" {
            "encrypting the same resource across groups is not supported"
        } else {
            continue;
        };
        errs.push(FieldError::invalid(&jj, res.as_str(), msg));
    }
    errs
}

fn validate_keys(keys: &[KeyConfig], path: &str, sizes: &[usize]) -> Vec<FieldError> {
    if keys.is_empty() {
        return vec![FieldError::required(path, "at least one keys is required")];
    }
    let mut errs = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let kp = format!("{path}[{i}]");
        if key.name.is_empty() {
            errs.push(FieldError::required(format!("{kp}.name"), "name is a mandatory field for a key"));
        }
        if key.secret.is_empty() {
            errs.push(FieldError::required(format!("{kp}.secret"), "secret is a mandatory field for a key"));
            continue;
        }
        let Ok(secret) = crate::gobase64::decode(key.secret.as_bytes()) else {
            errs.push(FieldError::invalid(format!("{kp}.secret"), "REDACTED", "secrets must be base64 encoded"));
            continue;
        };
        if !sizes.contains(&secret.len()) {
            errs.push(FieldError::invalid(
                format!("{kp}.secret"),
                "REDACTED",
                format!("secret is not of the expected length, got {}, expected one of {}", secret.len(), go_ints(sizes)),
            ));
        }
    }
    errs
}

/// Whether a Go duration string is positive (`validateKMSTimeout`); unparsable ones fail decoding earlier.
fn duration_positive(s: &str) -> bool {
    !s.starts_with('-') && s.chars().any(|c| c.is_ascii_digit() && c != '0')
}

fn validate_kms(c: &KmsConfig, path: &str, names: &[String]) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let version = c.api_version.as_deref().unwrap_or("v1");
    let np = format!("{path}.name");
    if c.name.is_empty() {
        errs.push(FieldError::required(&np, "name is a mandatory field for a provider"));
    }
    if version != "v1" && c.name.contains(':') {
        errs.push(FieldError::invalid(
            &np,
            c.name.as_str(),
            format!("invalid KMS provider name {}, must not contain ':'", c.name),
        ));
    }
    if version != "v1" && names.contains(&c.name) {
        errs.push(FieldError::invalid(
            &np,
            c.name.as_str(),
            format!("duplicate KMS provider name {}, names must be unique", c.name),
        ));
    }
    if let Some(t) = &c.timeout {
        if !duration_positive(t) {
            errs.push(FieldError::invalid(
                format!("{path}.timeout"),
                BadValue::Raw(t.clone()),
                "timeout should be a positive value",
            ));
        }
    }
    let ep = format!("{path}.endpoint");
    if c.endpoint.is_empty() {
        errs.push(FieldError::invalid(&ep, "", "endpoint is a mandatory field for a kms"));
    } else {
        let scheme = c.endpoint.split_once("://").map(|(s, _)| s).unwrap_or("");
        if scheme != "unix" {
            errs.push(FieldError::invalid(
                &ep,
                c.endpoint.as_str(),
                format!("unsupported scheme {} for KMS provider, only unix is supported", go_quote(scheme)),
            ));
        }
    }
    let cp = format!("{path}.cachesize");
    if version != "v1" {
        if let Some(n) = c.cachesize {
            errs.push(FieldError::invalid(&cp, n, "cachesize is not supported in v2"));
        }
    } else if c.cachesize == Some(0) {
        errs.push(FieldError::invalid(&cp, 0i64, "cachesize should be a positive value, or negative to disable"));
    }
    if version != "v1" && version != "v2" {
        errs.push(FieldError::invalid(
            format!("{path}.apiVersion"),
            version,
            "unsupported apiVersion apiVersion for KMS provider, only v1 and v2 are supported",
        ));
    }
    errs
}
