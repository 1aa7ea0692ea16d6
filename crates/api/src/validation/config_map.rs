//! `ValidateConfigMap` and `ValidateConfigMapUpdate`.
//!
//! Mirrors `pkg/apis/core/validation/validation.go` (v1.33). Keys are checked in sorted order
//! (real Kubernetes walks a Go map, so its order varies).

use k8s_openapi::api::core::v1::ConfigMap;

use super::{names, validate_object_meta, MAX_SECRET_SIZE};
use crate::field::FieldError;

/// `ValidateConfigMap`: metadata, `data` keys (each also refused when `binaryData` has it),
/// `binaryData` keys, and the values' total size at most `MaxSecretSize` (1 MiB).
pub fn validate_config_map(cm: &ConfigMap) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&cm.metadata, false, &mut errs);
    let mut total = 0usize;
    for (key, value) in cm.data.iter().flatten() {
        for m in names::is_config_map_key(key) {
            errs.push(FieldError::invalid(format!("data[{key}]"), key.as_str(), m));
        }
        // "check if we have a duplicate key in the other bag"
        if cm.binary_data.as_ref().is_some_and(|b| b.contains_key(key)) {
            errs.push(FieldError::invalid(format!("data[{key}]"), key.as_str(), "duplicate of key present in binaryData"));
        }
        total += value.len();
    }
    for (key, value) in cm.binary_data.iter().flatten() {
        for m in names::is_config_map_key(key) {
            errs.push(FieldError::invalid(format!("binaryData[{key}]"), key.as_str(), m));
        }
        total += value.0.len();
    }
    if total > MAX_SECRET_SIZE {
        // "pass back "" to indicate that the error refers to the whole object."
        errs.push(FieldError::too_long_bytes("", MAX_SECRET_SIZE));
    }
    errs
}

/// `ValidateConfigMapUpdate`: once `immutable` is true, neither it nor `data` nor `binaryData`
/// may change; then the new object is validated as on create.
pub fn validate_config_map_update(new: &ConfigMap, old: &ConfigMap) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if old.immutable == Some(true) {
        if new.immutable != Some(true) {
            errs.push(FieldError::forbidden("immutable", "field is immutable when `immutable` is set"));
        }
        // reflect.DeepEqual: a nil map and an empty one differ, as they do here.
        if new.data != old.data {
            errs.push(FieldError::forbidden("data", "field is immutable when `immutable` is set"));
        }
        if new.binary_data != old.binary_data {
            errs.push(FieldError::forbidden("binaryData", "field is immutable when `immutable` is set"));
        }
    }
    errs.extend(validate_config_map(new));
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    use k8s_openapi::ByteString;

    fn cm(data: &[(&str, &str)], bin: &[(&str, &[u8])], immutable: Option<bool>) -> ConfigMap {
        ConfigMap {
            metadata: ObjectMeta { name: Some("c".into()), namespace: Some("default".into()), ..Default::default() },
            data: Some(data.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()),
            binary_data: (!bin.is_empty()).then(|| bin.iter().map(|(k, v)| ((*k).to_owned(), ByteString(v.to_vec()))).collect()),
            immutable,
        }
    }

    fn texts(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn keys_are_checked_in_both_bags_with_their_own_paths() {
        let e = texts(&validate_config_map(&cm(&[("a", "1"), ("..b", "2")], &[("a", b"x"), ("c d", b"y")], None)));
        assert_eq!(
            e,
            [
                "data[..b]: Invalid value: \"..b\": must not start with '..'",
                "data[a]: Invalid value: \"a\": duplicate of key present in binaryData",
                "binaryData[c d]: Invalid value: \"c d\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
            ]
        );
    }

    #[test]
    fn only_values_count_toward_the_size_limit() {
        let big = "x".repeat(MAX_SECRET_SIZE);
        assert!(validate_config_map(&cm(&[("a", &big)], &[], None)).is_empty());
        let e = texts(&validate_config_map(&cm(&[("a", &big)], &[("b", b"1")], None)));
        assert_eq!(e, [": Too long: may not be more than 1048576 bytes"]);
    }

    #[test]
    fn an_immutable_config_map_keeps_its_data() {
        let old = cm(&[("a", "1")], &[], Some(true));
        assert!(validate_config_map_update(&cm(&[("a", "1")], &[], Some(true)), &old).is_empty());
        let e = texts(&validate_config_map_update(&cm(&[("a", "2")], &[("b", b"x")], None), &old));
        assert_eq!(
            e,
            [
                "immutable: Forbidden: field is immutable when `immutable` is set",
                "data: Forbidden: field is immutable when `immutable` is set",
                "binaryData: Forbidden: field is immutable when `immutable` is set",
            ]
        );
        // A mutable one may become immutable, and change its data on the way.
        assert!(validate_config_map_update(&cm(&[("a", "2")], &[], Some(true)), &cm(&[("a", "1")], &[], None)).is_empty());
    }
}
