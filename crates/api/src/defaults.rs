//! Defaulting the API server applies on create (`pkg/apis/core/v1/defaults.go`) and the
//! Secret `stringData` conversion (`pkg/apis/core/v1/conversion.go`).

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Pod, PodSpec, Secret, Volume};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use k8s_openapi::ByteString;

/// `SetDefaults_Secret` and `Convert_v1_Secret_To_core_Secret`: `type` defaults to Opaque,
/// `stringData` is merged over `data` ("StringData overwrites Data") and dropped.
pub fn default_secret(s: &mut Secret) {
    if s.type_.as_deref().unwrap_or("").is_empty() {
        s.type_ = Some("Opaque".to_owned());
    }
    if let Some(sd) = s.string_data.take() {
        if !sd.is_empty() {
            let data = s.data.get_or_insert_with(Default::default);
            for (k, v) in sd {
                data.insert(k, ByteString(v.into_bytes()));
            }
        }
    }
}

/// `SetDefaults_Pod`, `SetDefaults_PodSpec`, `SetDefaults_Container`, `SetDefaults_Volume` and the
/// volume-source defaults (mode 0644 = 420).
pub fn default_pod(pod: &mut Pod) {
    if let Some(spec) = pod.spec.as_mut() {
        default_pod_spec(spec);
    }
}

/// `SetDefaults_PodSpec` and what it calls (also applied to a Deployment's or ReplicaSet's
/// pod template: `SetObjectDefaults_Deployment` walks `Spec.Template.Spec`).
pub fn default_pod_spec(spec: &mut PodSpec) {
    spec.restart_policy.get_or_insert_with(|| "Always".to_owned());
    spec.dns_policy.get_or_insert_with(|| "ClusterFirst".to_owned());
    spec.scheduler_name.get_or_insert_with(|| "default-scheduler".to_owned());
    spec.termination_grace_period_seconds.get_or_insert(30);
    spec.security_context.get_or_insert_with(Default::default);
    spec.enable_service_links.get_or_insert(true);
    spec.preemption_policy.get_or_insert_with(|| "PreemptLowerPriority".to_owned());
    spec.priority.get_or_insert(0);
    for c in spec.init_containers.iter_mut().flatten().chain(spec.containers.iter_mut()) {
        default_container(c);
    }
    for v in spec.volumes.iter_mut().flatten() {
        default_volume(v);
    }
}

/// `SetDefaults_Deployment` (pkg/apis/apps/v1/defaults.go): replicas 1, strategy RollingUpdate
/// with maxUnavailable and maxSurge 25%, revisionHistoryLimit 10, progressDeadlineSeconds 600;
/// then the pod template's defaults.
pub fn default_deployment(d: &mut Deployment) {
    let Some(spec) = d.spec.as_mut() else { return };
    spec.replicas.get_or_insert(1);
    let strategy = spec.strategy.get_or_insert_with(Default::default);
    if strategy.type_.as_deref().unwrap_or("").is_empty() {
        strategy.type_ = Some("RollingUpdate".to_owned());
    }
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy.rolling_update.get_or_insert_with(Default::default);
        ru.max_unavailable.get_or_insert_with(|| IntOrString::String("25%".to_owned()));
        ru.max_surge.get_or_insert_with(|| IntOrString::String("25%".to_owned()));
    }
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    if let Some(ps) = spec.template.spec.as_mut() {
        default_pod_spec(ps);
    }
}

/// `SetDefaults_ReplicaSet` (pkg/apis/apps/v1/defaults.go): replicas 1; then the pod template's defaults.
pub fn default_replica_set(rs: &mut ReplicaSet) {
    let Some(spec) = rs.spec.as_mut() else { return };
    spec.replicas.get_or_insert(1);
    if let Some(ps) = spec.template.as_mut().and_then(|t| t.spec.as_mut()) {
        default_pod_spec(ps);
    }
}

/// `SetDefaults_Job` (pkg/apis/batch/v1/defaults.go, v1.33): completions and parallelism 1 when
/// both are unset, parallelism 1, backoffLimit 6 (`MaxInt32` with backoffLimitPerIndex), the
/// Job's labels from the template's when it has none, completionMode `NonIndexed`, suspend
/// false, podReplacementPolicy `TerminatingOrFailed` (`Failed` with a podFailurePolicy; the
/// JobPodReplacementPolicy gate is on in v1.33), manualSelector false; then the template's pod defaults.
pub fn default_job(j: &mut Job) {
    let Some(spec) = j.spec.as_mut() else { return };
    if spec.completions.is_none() && spec.parallelism.is_none() {
        spec.completions = Some(1);
    }
    spec.parallelism.get_or_insert(1);
    if spec.backoff_limit.is_none() {
        spec.backoff_limit = Some(if spec.backoff_limit_per_index.is_some() { i32::MAX } else { 6 });
    }
    let template_labels = spec.template.metadata.as_ref().and_then(|m| m.labels.clone());
    if template_labels.is_some() && j.metadata.labels.as_ref().is_none_or(|l| l.is_empty()) {
        j.metadata.labels = template_labels;
    }
    spec.completion_mode.get_or_insert_with(|| "NonIndexed".to_owned());
    spec.suspend.get_or_insert(false);
    for rule in spec.pod_failure_policy.iter_mut().flat_map(|p| p.rules.iter_mut()) {
        for pattern in rule.on_pod_conditions.iter_mut().flatten() {
            if pattern.status.is_empty() {
                pattern.status = "True".to_owned();
            }
        }
    }
    if spec.pod_replacement_policy.is_none() {
        let policy = if spec.pod_failure_policy.is_some() { "Failed" } else { "TerminatingOrFailed" };
        spec.pod_replacement_policy = Some(policy.to_owned());
    }
    spec.manual_selector.get_or_insert(false);
    if let Some(ps) = spec.template.spec.as_mut() {
        default_pod_spec(ps);
    }
}

fn default_container(c: &mut k8s_openapi::api::core::v1::Container) {
    if c.image_pull_policy.is_none() {
        c.image_pull_policy = Some(default_pull_policy(c.image.as_deref().unwrap_or("")).to_owned());
    }
    c.termination_message_path.get_or_insert_with(|| "/dev/termination-log".to_owned());
    c.termination_message_policy.get_or_insert_with(|| "File".to_owned());
    c.resources.get_or_insert_with(Default::default);
    for e in c.env.iter_mut().flatten() {
        if let Some(f) = e.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
            f.api_version.get_or_insert_with(|| "v1".to_owned());
        }
    }
}

/// `Always` for `:latest` or untagged images, `IfNotPresent` otherwise (SetDefaults_Container).
pub fn default_pull_policy(image: &str) -> &'static str {
    if image.contains('@') {
        return "IfNotPresent";
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => "Always",
        Some((_, "latest")) => "Always",
        Some(_) => "IfNotPresent",
    }
}

fn default_volume(v: &mut Volume) {
    let no_source =
        serde_json::to_value(&*v).ok().and_then(|j| j.as_object().map(|m| m.keys().all(|k| k == "name"))).unwrap_or(false);
    if no_source {
        // SetDefaults_Volume: a volume without a source is an emptyDir.
        v.empty_dir = Some(Default::default());
    }
    if let Some(s) = v.secret.as_mut() {
        s.default_mode.get_or_insert(0o644);
    }
    if let Some(c) = v.config_map.as_mut() {
        c.default_mode.get_or_insert(0o644);
    }
    if let Some(d) = v.downward_api.as_mut() {
        d.default_mode.get_or_insert(0o644);
        for i in d.items.iter_mut().flatten() {
            if let Some(f) = i.field_ref.as_mut() {
                f.api_version.get_or_insert_with(|| "v1".to_owned());
            }
        }
    }
    if let Some(p) = v.projected.as_mut() {
        p.default_mode.get_or_insert(0o644);
        for src in p.sources.iter_mut().flatten() {
            if let Some(t) = src.service_account_token.as_mut() {
                t.expiration_seconds.get_or_insert(3600);
            }
            if let Some(d) = src.downward_api.as_mut() {
                for i in d.items.iter_mut().flatten() {
                    if let Some(f) = i.field_ref.as_mut() {
                        f.api_version.get_or_insert_with(|| "v1".to_owned());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_policy_follows_the_tag() {
        assert_eq!(default_pull_policy("redis"), "Always");
        assert_eq!(default_pull_policy("redis:latest"), "Always");
        assert_eq!(default_pull_policy("redis:7.2"), "IfNotPresent");
        assert_eq!(default_pull_policy("localhost:5000/redis"), "Always");
        assert_eq!(default_pull_policy("r@sha256:abc"), "IfNotPresent");
    }

    #[test]
    fn string_data_overwrites_data() {
        let mut s = Secret {
            data: Some([("a".to_owned(), ByteString(b"old".to_vec()))].into()),
            string_data: Some([("a".to_owned(), "new".to_owned()), ("b".to_owned(), "x".to_owned())].into()),
            ..Default::default()
        };
        default_secret(&mut s);
        assert_eq!(s.type_.as_deref(), Some("Opaque"));
        assert!(s.string_data.is_none());
        let d = s.data.unwrap_or_default();
        assert_eq!(d.get("a").map(|b| b.0.as_slice()), Some(&b"new"[..]));
        assert_eq!(d.len(), 2);
    }
}
