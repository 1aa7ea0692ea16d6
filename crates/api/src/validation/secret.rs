//! `ValidateSecret` and `ValidateSecretUpdate`.
//!
//! Mirrors `pkg/apis/core/validation/validation.go` (v1.33). Keys are checked in
//! sorted order (real Kubernetes walks a Go map, so its order varies).

use k8s_openapi::api::core::v1::Secret;

use super::{names, validate_object_meta};
use crate::field::{BadValue, FieldError};

/// `core.MaxSecretSize`: the sum of the value lengths may not exceed 1 MiB.
pub const MAX_SECRET_SIZE: usize = 1024 * 1024;

/// `ValidateSecret`: metadata, keys, total size and the rules of the secret's type.
pub fn validate_secret(secret: &Secret) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&secret.metadata, false, &mut errs);
    let empty = Default::default();
    let data = secret.data.as_ref().unwrap_or(&empty);
    let mut total = 0usize;
    for (key, value) in data {
        for m in names::is_config_map_key(key) {
            errs.push(FieldError::invalid(format!("data[{key}]"), key.as_str(), m));
        }
        total += value.0.len();
    }
    if total > MAX_SECRET_SIZE {
        errs.push(FieldError::too_long_bytes("data", MAX_SECRET_SIZE));
    }
    let has = |k: &str| data.contains_key(k);
    match secret.type_.as_deref().unwrap_or("Opaque") {
        "kubernetes.io/service-account-token" => {
            let sa = secret
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("kubernetes.io/service-account.name"))
                .map(String::as_str)
                .unwrap_or("");
            if sa.is_empty() {
                errs.push(FieldError::required("metadata.annotations[kubernetes.io/service-account.name]", ""));
            }
        }
        "kubernetes.io/dockercfg" => json_object_key(data, ".dockercfg", &mut errs),
        "kubernetes.io/dockerconfigjson" => json_object_key(data, ".dockerconfigjson", &mut errs),
        "kubernetes.io/basic-auth" if !has("username") && !has("password") => {
            errs.push(FieldError::required("data[username]", ""));
            errs.push(FieldError::required("data[password]", ""));
        }
        "kubernetes.io/ssh-auth" if data.get("ssh-privatekey").is_none_or(|v| v.0.is_empty()) => {
            errs.push(FieldError::required("data[ssh-privatekey]", ""));
        }
        "kubernetes.io/tls" => {
            if !has("tls.crt") {
                errs.push(FieldError::required("data[tls.crt]", ""));
            }
            if !has("tls.key") {
                errs.push(FieldError::required("data[tls.key]", ""));
            }
        }
        // Opaque, "" and custom types (bootstrap.kubernetes.io/token included) have no rules.
        _ => {}
    }
    errs
}

/// The dockercfg rules: the key exists and its value unmarshals into a JSON object.
fn json_object_key(data: &std::collections::BTreeMap<String, k8s_openapi::ByteString>, key: &str, errs: &mut Vec<FieldError>) {
    let field = format!("data[{key}]");
    match data.get(key) {
        None => errs.push(FieldError::required(field, "")),
        Some(v) => {
            if let Err(e) = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&v.0) {
                errs.push(FieldError {
                    field,
                    kind: crate::field::ErrorType::Invalid(BadValue::Str("<secret contents redacted>".to_owned())),
                    detail: go_json_error(&v.0, &e),
                });
            }
        }
    }
}

/// A `json.Unmarshal` error as Go words it, for the common cases.
fn go_json_error(bytes: &[u8], e: &serde_json::Error) -> String {
    let trimmed = bytes.iter().position(|b| !b.is_ascii_whitespace());
    match trimmed {
        None => "unexpected end of JSON input".to_owned(),
        Some(i) => {
            let first = bytes[i];
            if e.is_eof() {
                return "unexpected end of JSON input".to_owned();
            }
            if e.is_data() {
                // Valid JSON that is not an object.
                let what = match first {
                    b'[' => "array",
                    b'"' => "string",
                    b't' | b'f' => "bool",
                    b'n' => return "json: cannot unmarshal null into Go value of type map[string]interface {}".to_owned(),
                    _ => "number",
                };
                return format!("json: cannot unmarshal {what} into Go value of type map[string]interface {{}}");
            }
            // Syntax: Go names the offending character.
            let col = e.column().saturating_sub(1);
            let line_start = bytes.split(|b| *b == b'\n').take(e.line().saturating_sub(1)).map(|l| l.len() + 1).sum::<usize>();
            let at = bytes.get(line_start + col).copied().unwrap_or(first);
            if line_start + col == i {
                format!("invalid character {} looking for beginning of value", go_char(at))
            } else {
                format!("invalid character {} after top-level value", go_char(at))
                    .replace(" after top-level value", &syntax_context(bytes, line_start + col))
            }
        }
    }
}

fn syntax_context(bytes: &[u8], at: usize) -> String {
    // Go: "looking for beginning of object key string", "after object key", etc.
    let before = bytes[..at.min(bytes.len())].iter().rev().find(|b| !b.is_ascii_whitespace()).copied();
    match before {
        Some(b'{') | Some(b',') => " looking for beginning of object key string".to_owned(),
        Some(b'"') => " after object key".to_owned(),
        Some(b':') => " looking for beginning of value".to_owned(),
        _ => " after object key:value pair".to_owned(),
    }
}

/// Go's `quoteChar`: `'x'`, or `'\''`, `'"'`.
fn go_char(b: u8) -> String {
    match b {
        b'\'' => "'\\''".to_owned(),
        b'"' => "'\"'".to_owned(),
        b if b.is_ascii_graphic() || b == b' ' => format!("'{}'", b as char),
        b => format!("'\\x{b:02x}'"),
    }
}

/// `ValidateSecretUpdate`: type is immutable, and so are data and `immutable` once it is true.
pub fn validate_secret_update(new: &Secret, old: &Secret) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let new_type = new.type_.as_deref().unwrap_or("Opaque");
    let old_type = old.type_.as_deref().unwrap_or("Opaque");
    if new_type != old_type {
        // ValidateImmutableField → apimachineryvalidation.FieldImmutableErrorMsg
        errs.push(FieldError::invalid("type", new_type, "field is immutable"));
    }
    if old.immutable == Some(true) {
        if new.immutable != Some(true) {
            errs.push(FieldError::forbidden("immutable", "field is immutable when `immutable` is set"));
        }
        let empty = Default::default();
        if new.data.as_ref().unwrap_or(&empty) != old.data.as_ref().unwrap_or(&empty) {
            errs.push(FieldError::forbidden("data", "field is immutable when `immutable` is set"));
        }
    }
    errs.extend(validate_secret(new));
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_json_errors_read_like_encoding_json() {
        let e = |s: &str| {
            let err = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(s.as_bytes()).expect_err("bad");
            go_json_error(s.as_bytes(), &err)
        };
        assert_eq!(e("xyz"), "invalid character 'x' looking for beginning of value");
        assert_eq!(e("{"), "unexpected end of JSON input");
        assert_eq!(e("[]"), "json: cannot unmarshal array into Go value of type map[string]interface {}");
        assert_eq!(e("{x}"), "invalid character 'x' looking for beginning of object key string");
    }
}
