//! The API server's validation of the objects kubeplay stores.
//!
//! Mirrors `pkg/apis/core/validation/validation.go` (Kubernetes v1.33): every
//! message is the one that source builds, rendered as `kubectl` prints it.

mod apps;
mod batch;
mod config_map;
pub mod names;
mod pod;
mod secret;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

pub use apps::{go_string_map, selector_matches, validate_deployment, validate_replica_set};
pub use batch::validate_job;
pub use config_map::{validate_config_map, validate_config_map_update};
pub use pod::validate_pod;
pub use secret::{validate_secret, validate_secret_update, MAX_SECRET_SIZE};

use crate::field::FieldError;

/// `ValidateObjectMeta` for a namespaced object whose name must be a DNS-1123 subdomain.
pub(crate) fn validate_object_meta(meta: &ObjectMeta, name_is_label: bool, errs: &mut Vec<FieldError>) {
    let name = meta.name.as_deref().unwrap_or("");
    if name.is_empty() {
        if meta.generate_name.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required("metadata.name", "name or generateName is required"));
        }
    } else {
        // ValidateObjectMeta → nameFn (NameIsDNSSubdomain / ValidateNamespaceName = label)
        let msgs = if name_is_label { names::is_dns1123_label(name) } else { names::is_dns1123_subdomain(name) };
        for m in msgs {
            errs.push(FieldError::invalid("metadata.name", name, m));
        }
    }
    if let Some(labels) = &meta.labels {
        for (k, v) in labels {
            validate_label(k, v, errs);
        }
    }
}

/// `ValidateLabels`: qualified-name keys and label values (`metav1validation.ValidateLabels`).
fn validate_label(key: &str, value: &str, errs: &mut Vec<FieldError>) {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    let name_ok = !name.is_empty()
        && name.len() <= 63
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        && name.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric)
        && name.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric);
    let prefix_ok = prefix.is_none_or(|p| names::is_dns1123_subdomain(p).is_empty());
    if !name_ok || !prefix_ok {
        // staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsQualifiedName
        errs.push(FieldError::invalid(
            "metadata.labels",
            key,
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ));
    }
    let value_ok = value.is_empty()
        || (value.len() <= 63
            && value.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
            && value.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric)
            && value.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric));
    if !value_ok {
        // IsValidLabelValue
        errs.push(FieldError::invalid(
            "metadata.labels",
            value,
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ));
    }
}

/// `ValidateNamespace`: the name is a DNS-1123 label.
pub fn validate_namespace(ns: &k8s_openapi::api::core::v1::Namespace) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&ns.metadata, true, &mut errs);
    errs
}

/// `ValidateServiceAccount`: the name is a DNS-1123 subdomain.
pub fn validate_service_account(sa: &k8s_openapi::api::core::v1::ServiceAccount) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&sa.metadata, false, &mut errs);
    errs
}
