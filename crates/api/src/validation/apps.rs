//! Validation of Deployments and ReplicaSets.
//!
//! Mirrors `pkg/apis/apps/validation/validation.go` (v1.33): `ValidateDeploymentSpec`,
//! `ValidateReplicaSetSpec`, `ValidatePodTemplateSpecForReplicaSet`, `ValidateDeploymentStrategy`,
//! `ValidateRollingUpdateDeployment`. The pod template goes through the same pod rules as a Pod
//! (`ValidatePodTemplateSpec`), with its paths under `spec.template`.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentStrategy, ReplicaSet};
use k8s_openapi::api::core::v1::{Pod, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{validate_object_meta, validate_pod};
use crate::field::{go_quote, BadValue, FieldError};

/// `apivalidation.ValidateNonnegativeField`'s detail.
const NONNEGATIVE: &str = "must be greater than or equal to 0";

/// `ValidateDeployment` (create and update).
pub fn validate_deployment(d: &Deployment) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&d.metadata, false, &mut errs);
    let Some(spec) = &d.spec else {
        errs.push(FieldError::required("spec.selector", ""));
        return errs;
    };
    let replicas = spec.replicas.unwrap_or(1);
    nonnegative("spec.replicas", replicas, &mut errs);
    let selector = selector_or_nil(&spec.selector);
    match selector {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(s)
            if s.match_labels.as_ref().is_none_or(BTreeMap::is_empty)
                && s.match_expressions.as_ref().is_none_or(Vec::is_empty) =>
        {
            errs.push(FieldError::invalid(
                "spec.selector",
                BadValue::Raw(go_selector(s)),
                "empty selector is invalid for deployment",
            ));
        }
        Some(_) => {}
    }
    validate_template(Some(&spec.template), selector, &mut errs);
    if let Some(strategy) = &spec.strategy {
        validate_strategy(strategy, &mut errs);
    }
    let min_ready = spec.min_ready_seconds.unwrap_or(0);
    nonnegative("spec.minReadySeconds", min_ready, &mut errs);
    if let Some(limit) = spec.revision_history_limit {
        nonnegative("spec.revisionHistoryLimit", limit, &mut errs);
    }
    if let Some(deadline) = spec.progress_deadline_seconds {
        nonnegative("spec.progressDeadlineSeconds", deadline, &mut errs);
        if deadline <= min_ready {
            errs.push(FieldError::invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"));
        }
    }
    errs
}

/// `ValidateReplicaSet` (create and update).
pub fn validate_replica_set(rs: &ReplicaSet) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&rs.metadata, false, &mut errs);
    let Some(spec) = &rs.spec else {
        errs.push(FieldError::required("spec.selector", ""));
        return errs;
    };
    nonnegative("spec.replicas", spec.replicas.unwrap_or(1), &mut errs);
    nonnegative("spec.minReadySeconds", spec.min_ready_seconds.unwrap_or(0), &mut errs);
    let selector = selector_or_nil(&spec.selector);
    match selector {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(s)
            if s.match_labels.as_ref().is_none_or(BTreeMap::is_empty)
                && s.match_expressions.as_ref().is_none_or(Vec::is_empty) =>
        {
            errs.push(FieldError::invalid(
                "spec.selector",
                BadValue::Raw(go_selector(s)),
                "empty selector is invalid for deployment",
            ));
        }
        Some(_) => {}
    }
    validate_template(spec.template.as_ref(), selector, &mut errs);
    errs
}

/// A selector as Go's decoder would leave it: `None` when the manifest gave none (k8s-openapi
/// makes the field required, so a missing one decodes as an empty struct).
fn selector_or_nil(s: &LabelSelector) -> Option<&LabelSelector> {
    (s.match_labels.is_some() || s.match_expressions.is_some()).then_some(s)
}

fn nonnegative(field: &str, value: i32, errs: &mut Vec<FieldError>) {
    if value < 0 {
        errs.push(FieldError::invalid(field, value, NONNEGATIVE));
    }
}

/// `ValidatePodTemplateSpecForReplicaSet`: the selector must match the template's labels (a nil
/// selector is `labels.Nothing()`, which matches nothing), then the pod rules, then
/// `restartPolicy: Always` and no `activeDeadlineSeconds`.
fn validate_template(template: Option<&PodTemplateSpec>, selector: Option<&LabelSelector>, errs: &mut Vec<FieldError>) {
    let Some(template) = template else {
        errs.push(FieldError::required("spec.template", ""));
        return;
    };
    let labels = template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
    let selector_empty = selector.is_some_and(|s| {
        s.match_labels.as_ref().is_none_or(BTreeMap::is_empty) && s.match_expressions.as_ref().is_none_or(Vec::is_empty)
    });
    if !selector_empty && !selector.is_some_and(|s| selector_matches(s, &labels)) {
        errs.push(FieldError::invalid(
            "spec.template.metadata.labels",
            BadValue::Raw(go_string_map(template.metadata.as_ref().and_then(|m| m.labels.as_ref()))),
            "`selector` does not match template `labels`",
        ));
    }
    // ValidatePodTemplateSpec: the template's metadata (labels, annotations) and its pod spec.
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
    if let Some(spec) = &template.spec {
        let policy = spec.restart_policy.as_deref().unwrap_or("Always");
        if policy != "Always" {
            errs.push(FieldError::not_supported("spec.template.spec.restartPolicy", policy, &["Always"]));
        }
        if spec.active_deadline_seconds.is_some() {
            errs.push(FieldError::forbidden(
                "spec.template.spec.activeDeadlineSeconds",
                "activeDeadlineSeconds in ReplicaSet is not Supported",
            ));
        }
    }
}

/// `ValidateDeploymentStrategy` and `ValidateRollingUpdateDeployment`.
fn validate_strategy(strategy: &DeploymentStrategy, errs: &mut Vec<FieldError>) {
    match strategy.type_.as_deref().unwrap_or("") {
        "Recreate" => {
            if strategy.rolling_update.is_some() {
                errs.push(FieldError::forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        "RollingUpdate" => {
            let Some(ru) = &strategy.rolling_update else {
                errs.push(FieldError::required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"));
                return;
            };
            let unavailable = ru.max_unavailable.as_ref();
            let surge = ru.max_surge.as_ref();
            if let Some(v) = unavailable {
                positive_int_or_percent(v, "spec.strategy.rollingUpdate.maxUnavailable", errs);
                if percent(v).is_some_and(|p| p > 100) {
                    errs.push(FieldError::invalid(
                        "spec.strategy.rollingUpdate.maxUnavailable",
                        int_or_string_value(v),
                        "must not be greater than 100%",
                    ));
                }
            }
            if let Some(v) = surge {
                positive_int_or_percent(v, "spec.strategy.rollingUpdate.maxSurge", errs);
            }
            if unavailable.is_some_and(is_zero) && surge.is_some_and(is_zero) {
                // Both 0: a rollout could never make progress.
                if let Some(v) = unavailable {
                    errs.push(FieldError::invalid(
                        "spec.strategy.rollingUpdate.maxUnavailable",
                        int_or_string_value(v),
                        "may not be 0 when `maxSurge` is 0",
                    ));
                }
            }
        }
        other => errs.push(FieldError::not_supported("spec.strategy.type", other, &["Recreate", "RollingUpdate"])),
    }
}

fn int_or_string_value(v: &IntOrString) -> BadValue {
    match v {
        IntOrString::Int(i) => BadValue::Int(i64::from(*i)),
        IntOrString::String(s) => BadValue::Str(s.clone()),
    }
}

fn percent(v: &IntOrString) -> Option<i64> {
    match v {
        IntOrString::String(s) => s.strip_suffix('%').and_then(|n| n.parse().ok()),
        IntOrString::Int(_) => None,
    }
}

fn is_zero(v: &IntOrString) -> bool {
    match v {
        IntOrString::Int(i) => *i == 0,
        IntOrString::String(s) => percent(v) == Some(0) || s == "0",
    }
}

/// `ValidatePositiveIntOrPercent`.
fn positive_int_or_percent(v: &IntOrString, field: &str, errs: &mut Vec<FieldError>) {
    match v {
        IntOrString::Int(i) if *i < 0 => errs.push(FieldError::invalid(field, *i, NONNEGATIVE)),
        IntOrString::Int(_) => {}
        IntOrString::String(s) => match percent(v) {
            Some(p) if p < 0 => errs.push(FieldError::invalid(field, s.as_str(), NONNEGATIVE)),
            Some(_) => {}
            None => errs.push(FieldError::invalid(
                field,
                s.as_str(),
                "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
            )),
        },
    }
}

/// Whether a label selector selects a set of labels (`metav1.LabelSelectorAsSelector` then
/// `Matches`): every `matchLabels` pair and every expression (`In`, `NotIn`, `Exists`, `DoesNotExist`).
pub fn selector_matches(s: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    let pairs = s.match_labels.iter().flatten().all(|(k, v)| labels.get(k) == Some(v));
    let exprs = s.match_expressions.iter().flatten().all(|e| {
        let values = e.values.as_deref().unwrap_or_default();
        match e.operator.as_str() {
            "In" => labels.get(&e.key).is_some_and(|v| values.contains(v)),
            "NotIn" => labels.get(&e.key).is_none_or(|v| !values.contains(v)),
            "Exists" => labels.contains_key(&e.key),
            "DoesNotExist" => !labels.contains_key(&e.key),
            _ => false,
        }
    });
    pairs && exprs
}

/// Go's `%#v` of a `map[string]string` (keys sorted, as fmt prints maps).
pub fn go_string_map(m: Option<&BTreeMap<String, String>>) -> String {
    match m {
        None => "map[string]string(nil)".to_owned(),
        Some(m) => {
            let body: Vec<String> = m.iter().map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v))).collect();
            format!("map[string]string{{{}}}", body.join(", "))
        }
    }
}

/// Go's `%#v` of a `*v1.LabelSelector` (dereferenced, as `ErrorBody` does), for the expressions-free case.
pub(super) fn go_selector(s: &LabelSelector) -> String {
    let exprs = match &s.match_expressions {
        None => "[]v1.LabelSelectorRequirement(nil)".to_owned(),
        Some(v) if v.is_empty() => "[]v1.LabelSelectorRequirement{}".to_owned(),
        Some(v) => format!("[]v1.LabelSelectorRequirement{{/* {} */}}", v.len()),
    };
    format!("v1.LabelSelector{{MatchLabels:{}, MatchExpressions:{exprs}}}", go_string_map(s.match_labels.as_ref()))
}
