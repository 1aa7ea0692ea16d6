//! Validation of Jobs.
//!
//! Mirrors `pkg/apis/batch/validation/validation.go` (v1.33): `ValidateJob` →
//! `validateGeneratedSelector` (`ValidateHasLabel` from `pkg/apis/core/validation`),
//! `ValidateJobSpec` → `validateJobSpec` (the non-negative counts, `completionMode`,
//! `podReplacementPolicy`, the pod template, `restartPolicy` OnFailure or Never), then the
//! selector against the template's labels. The Job's name is a DNS-1123 subdomain
//! (`ValidateReplicationControllerName`).

use std::collections::BTreeMap;

use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Pod, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::apps::{go_selector, go_string_map, selector_matches};
use super::{validate_object_meta, validate_pod};
use crate::field::{BadValue, FieldError};
use crate::store::{CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL};

/// `apivalidation.ValidateNonnegativeField`'s detail.
const NONNEGATIVE: &str = "must be greater than or equal to 0";

/// `ValidateJob` (create and update; the strategy requires the `batch.kubernetes.io/` labels on create).
pub fn validate_job(job: &Job) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&job.metadata, false, &mut errs);
    let Some(spec) = &job.spec else {
        errs.push(FieldError::required("spec.selector", ""));
        return errs;
    };
    validate_generated_selector(job, &mut errs);
    // validateJobSpec
    let counts = [
        ("spec.parallelism", spec.parallelism.map(i64::from)),
        ("spec.completions", spec.completions.map(i64::from)),
        ("spec.activeDeadlineSeconds", spec.active_deadline_seconds),
        ("spec.backoffLimit", spec.backoff_limit.map(i64::from)),
        ("spec.ttlSecondsAfterFinished", spec.ttl_seconds_after_finished.map(i64::from)),
        ("spec.backoffLimitPerIndex", spec.backoff_limit_per_index.map(i64::from)),
        ("spec.maxFailedIndexes", spec.max_failed_indexes.map(i64::from)),
    ];
    for (field, value) in counts {
        if let Some(v) = value.filter(|v| *v < 0) {
            errs.push(FieldError::invalid(field, v, NONNEGATIVE));
        }
    }
    if spec.max_failed_indexes.is_some() && spec.backoff_limit_per_index.is_none() {
        errs.push(FieldError::required("spec.backoffLimitPerIndex", "when maxFailedIndexes is specified"));
    }
    let mode = spec.completion_mode.as_deref();
    if let Some(m) = mode.filter(|m| *m != "NonIndexed" && *m != "Indexed") {
        errs.push(FieldError::not_supported("spec.completionMode", m, &["NonIndexed", "Indexed"]));
    }
    if mode == Some("Indexed") && spec.completions.is_none() {
        errs.push(FieldError::required("spec.completions", "when completion mode is Indexed"));
    }
    if mode.is_none_or(|m| m == "NonIndexed") {
        if let Some(v) = spec.backoff_limit_per_index {
            errs.push(FieldError::invalid("spec.backoffLimitPerIndex", i64::from(v), "requires indexed completion mode"));
        }
        if let Some(v) = spec.max_failed_indexes {
            errs.push(FieldError::invalid("spec.maxFailedIndexes", i64::from(v), "requires indexed completion mode"));
        }
    }
    // validatePodReplacementPolicy: `Failed` only with a podFailurePolicy, else the sorted set.
    if let Some(p) = spec.pod_replacement_policy.as_deref() {
        if spec.pod_failure_policy.is_some() {
            if p != "Failed" {
                errs.push(FieldError::not_supported("spec.podReplacementPolicy", p, &["Failed"]));
            }
        } else if p != "Failed" && p != "TerminatingOrFailed" {
            errs.push(FieldError::not_supported("spec.podReplacementPolicy", p, &["Failed", "TerminatingOrFailed"]));
        }
    }
    validate_pod_template(&spec.template, &mut errs);
    // SetDefaults_PodSpec has made an unset restartPolicy `Always`, so both count as missing.
    let policy = spec.template.spec.as_ref().and_then(|s| s.restart_policy.as_deref()).unwrap_or("");
    match policy {
        "Always" | "" => {
            errs.push(FieldError::required("spec.template.spec.restartPolicy", "valid values: \"OnFailure\", \"Never\""))
        }
        "OnFailure" | "Never" => {
            if spec.pod_failure_policy.is_some() && policy != "Never" {
                errs.push(FieldError::invalid(
                    "spec.template.spec.restartPolicy",
                    policy,
                    "only \"Never\" is supported when podFailurePolicy is specified",
                ));
            }
        }
        other => errs.push(FieldError::not_supported("spec.template.spec.restartPolicy", other, &["OnFailure", "Never"])),
    }
    // ValidateJobSpec: the selector is required and must select the template's labels.
    let labels = spec.template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
    match &spec.selector {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(s) => {
            if !selector_matches(s, &labels) {
                errs.push(FieldError::invalid(
                    "spec.template.metadata.labels",
                    BadValue::Raw(go_string_map(spec.template.metadata.as_ref().and_then(|m| m.labels.as_ref()))),
                    "`selector` does not match template `labels`",
                ));
            }
        }
    }
    errs
}

/// `validateGeneratedSelector`: unless `manualSelector` is true, the template must carry the
/// generated labels and the selector must select them.
fn validate_generated_selector(job: &Job, errs: &mut Vec<FieldError>) {
    let Some(spec) = &job.spec else { return };
    if spec.manual_selector == Some(true) {
        return;
    }
    let Some(selector) = &spec.selector else { return };
    let uid = job.metadata.uid.clone().unwrap_or_default();
    let name = job.metadata.name.clone().unwrap_or_default();
    if uid.is_empty() {
        errs.push(FieldError::required("metadata.uid", ""));
    }
    let meta = spec.template.metadata.clone().unwrap_or_default();
    for (key, want) in [
        (LEGACY_CONTROLLER_UID_LABEL, &uid),
        (LEGACY_JOB_NAME_LABEL, &name),
        (CONTROLLER_UID_LABEL, &uid),
        (JOB_NAME_LABEL, &name),
    ] {
        validate_has_label(&meta, key, want, errs);
    }
    let expected: BTreeMap<String, String> = [
        (CONTROLLER_UID_LABEL, &uid),
        (JOB_NAME_LABEL, &name),
        (LEGACY_CONTROLLER_UID_LABEL, &uid),
        (LEGACY_JOB_NAME_LABEL, &name),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.clone()))
    .collect();
    if !selector_matches(selector, &expected) {
        errs.push(FieldError::invalid("spec.selector", BadValue::Raw(go_selector(selector)), "`selector` not auto-generated"));
    }
}

/// `ValidateHasLabel` (pkg/apis/core/validation/validation.go).
fn validate_has_label(meta: &ObjectMeta, key: &str, want: &str, errs: &mut Vec<FieldError>) {
    let field = format!("spec.template.metadata.labels[{key}]");
    match meta.labels.as_ref().and_then(|l| l.get(key)) {
        None => errs.push(FieldError::required(field, format!("must be '{want}'"))),
        Some(v) if v != want => {
            errs.push(FieldError::invalid(field, BadValue::Raw(go_string_map(meta.labels.as_ref())), format!("must be '{want}'")))
        }
        Some(_) => {}
    }
}

/// `ValidatePodTemplateSpec`: the template's labels and its pod spec, under `spec.template`.
fn validate_pod_template(template: &PodTemplateSpec, errs: &mut Vec<FieldError>) {
    let pod = Pod {
        metadata: ObjectMeta {
            name: Some("template".to_owned()),
            labels: template.metadata.as_ref().and_then(|m| m.labels.clone()),
            ..Default::default()
        },
        spec: template.spec.clone(),
        status: None,
    };
    for mut e in validate_pod(&pod) {
        e.field = match e.field.strip_prefix("spec") {
            Some(rest) => format!("spec.template.spec{rest}"),
            None => format!("spec.template.{}", e.field),
        };
        errs.push(e);
    }
}
