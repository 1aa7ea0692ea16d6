//! Deployments, ReplicaSets and Jobs as `kubeplay run --output json` reports them: their spec's
//! replicas, their status counts and conditions (as `kubectl get deploy,rs,jobs -o json` has them),
//! the revision and, for a ReplicaSet, its owner and `pod-template-hash`; for a Job its
//! completions, parallelism, backoffLimit, pod counts and start and completion times.

use kubeplay_cluster::Cluster;
use serde::Serialize;

/// A condition: type, status, reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConditionView {
    /// `Available`, `Progressing`, ...
    #[serde(rename = "type")]
    pub type_: String,
    /// `True`, `False`, `Unknown`.
    pub status: String,
    /// The reason, e.g. `NewReplicaSetAvailable`.
    pub reason: String,
}

/// A Deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentView {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `spec.replicas`.
    pub replicas: i32,
    /// `status.updatedReplicas`.
    pub updated_replicas: i32,
    /// `status.readyReplicas`.
    pub ready_replicas: i32,
    /// `status.availableReplicas`.
    pub available_replicas: i32,
    /// `deployment.kubernetes.io/revision`.
    pub revision: String,
    /// `status.conditions`.
    pub conditions: Vec<ConditionView>,
}

/// A ReplicaSet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetView {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `Deployment/<name>` of its controller, if any.
    pub owner: Option<String>,
    /// `deployment.kubernetes.io/revision`.
    pub revision: String,
    /// The `pod-template-hash` label.
    pub pod_template_hash: String,
    /// `spec.replicas` (DESIRED).
    pub replicas: i32,
    /// `status.replicas` (CURRENT).
    pub current_replicas: i32,
    /// `status.readyReplicas`.
    pub ready_replicas: i32,
    /// `status.availableReplicas`.
    pub available_replicas: i32,
}

fn annotation(m: &kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta, key: &str) -> String {
    m.annotations.as_ref().and_then(|a| a.get(key)).cloned().unwrap_or_default()
}

/// Every Deployment, by namespace then name.
pub fn deployments(cluster: &Cluster) -> Vec<DeploymentView> {
    cluster
        .store()
        .deployments()
        .map(|d| {
            let st = d.status.clone().unwrap_or_default();
            DeploymentView {
                namespace: d.metadata.namespace.clone().unwrap_or_default(),
                name: d.metadata.name.clone().unwrap_or_default(),
                replicas: d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
                updated_replicas: st.updated_replicas.unwrap_or(0),
                ready_replicas: st.ready_replicas.unwrap_or(0),
                available_replicas: st.available_replicas.unwrap_or(0),
                revision: annotation(&d.metadata, "deployment.kubernetes.io/revision"),
                conditions: st
                    .conditions
                    .iter()
                    .flatten()
                    .map(|c| ConditionView {
                        type_: c.type_.clone(),
                        status: c.status.clone(),
                        reason: c.reason.clone().unwrap_or_default(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Every ReplicaSet, by namespace then name.
pub fn replica_sets(cluster: &Cluster) -> Vec<ReplicaSetView> {
    cluster
        .store()
        .replica_sets()
        .map(|rs| {
            let st = rs.status.clone().unwrap_or_default();
            ReplicaSetView {
                namespace: rs.metadata.namespace.clone().unwrap_or_default(),
                name: rs.metadata.name.clone().unwrap_or_default(),
                owner: rs
                    .metadata
                    .owner_references
                    .iter()
                    .flatten()
                    .find(|r| r.controller == Some(true))
                    .map(|r| format!("{}/{}", r.kind, r.name)),
                revision: annotation(&rs.metadata, "deployment.kubernetes.io/revision"),
                pod_template_hash: rs
                    .metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get("pod-template-hash"))
                    .cloned()
                    .unwrap_or_default(),
                replicas: rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
                current_replicas: st.replicas,
                ready_replicas: st.ready_replicas.unwrap_or(0),
                available_replicas: st.available_replicas.unwrap_or(0),
            }
        })
        .collect()
}

/// A Job (`batch/v1`), with the fields `kubectl get job -o json` holds under `spec` and `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobView {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `spec.completions` (`null` for a work queue Job: parallelism set, completions not).
    pub completions: Option<i32>,
    /// `spec.parallelism`.
    pub parallelism: i32,
    /// `spec.backoffLimit`.
    pub backoff_limit: i32,
    /// `status.active`.
    pub active: i32,
    /// `status.ready`.
    pub ready: i32,
    /// `status.succeeded`.
    pub succeeded: i32,
    /// `status.failed`.
    pub failed: i32,
    /// `status.conditions` (`SuccessCriteriaMet` then `Complete`, or `FailureTarget` then `Failed`).
    pub conditions: Vec<ConditionView>,
    /// `status.startTime` (RFC 3339, as the API serves it), once the controller started the Job.
    pub start_time: Option<String>,
    /// `status.completionTime`, once the Job completed (a failed Job has none).
    pub completion_time: Option<String>,
}

/// Every Job, by namespace then name.
pub fn jobs(cluster: &Cluster) -> Vec<JobView> {
    let rfc3339 = |t: Option<&kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>| {
        t.and_then(|t| serde_json::to_value(t).ok()).and_then(|v| v.as_str().map(str::to_owned))
    };
    cluster
        .store()
        .jobs()
        .map(|j| {
            let spec = j.spec.clone().unwrap_or_default();
            let st = j.status.clone().unwrap_or_default();
            JobView {
                namespace: j.metadata.namespace.clone().unwrap_or_default(),
                name: j.metadata.name.clone().unwrap_or_default(),
                completions: spec.completions,
                parallelism: spec.parallelism.unwrap_or(1),
                backoff_limit: spec.backoff_limit.unwrap_or(6),
                active: st.active.unwrap_or(0),
                ready: st.ready.unwrap_or(0),
                succeeded: st.succeeded.unwrap_or(0),
                failed: st.failed.unwrap_or(0),
                conditions: st
                    .conditions
                    .iter()
                    .flatten()
                    .map(|c| ConditionView {
                        type_: c.type_.clone(),
                        status: c.status.clone(),
                        reason: c.reason.clone().unwrap_or_default(),
                    })
                    .collect(),
                start_time: rfc3339(st.start_time.as_ref()),
                completion_time: rfc3339(st.completion_time.as_ref()),
            }
        })
        .collect()
}
