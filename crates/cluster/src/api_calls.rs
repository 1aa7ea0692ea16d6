//! The API calls users make (kubectl, the editor) and how the cluster performs them.

use kubeplay_api::{ApplyOutcome, Kind, Object, Status};

use crate::cluster::Cluster;

/// A mutating API call: what users (kubectl, the editor) do to the cluster. Calls are
/// plain data so a session can replay them.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiCall {
    /// `POST` (kubectl create).
    Create {
        /// The object.
        object: Box<Object>,
        /// Namespace for objects that name none.
        namespace: String,
    },
    /// kubectl apply.
    Apply {
        /// The object.
        object: Box<Object>,
        /// Namespace for objects that name none.
        namespace: String,
    },
    /// `PUT`.
    Update {
        /// The object, with its namespace.
        object: Box<Object>,
    },
    /// Restarts kube-apiserver with `--encryption-provider-config=<path>` (the file's text) or,
    /// with `None`, without it (as editing its static pod manifest does).
    RestartApiServer {
        /// The config file's path and text.
        encryption_provider_config: Option<(String, String)>,
        /// `--audit-policy-file=<path>`: the policy file's path and text (`None`: no audit log).
        audit_policy_file: Option<(String, String)>,
    },
    /// `DELETE`.
    Delete {
        /// Kind.
        kind: Kind,
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
        /// `DeleteOptions.gracePeriodSeconds` (`kubectl delete --grace-period`, `--now`, `--force`);
        /// `None`: the object's default (a pod's `terminationGracePeriodSeconds`).
        grace_period_seconds: Option<i64>,
        /// `DeleteOptions.propagationPolicy` (`kubectl delete --cascade`); `None`: the kind's
        /// default (background for Deployments and ReplicaSets).
        propagation: Option<Propagation>,
    },
}

/// `DeleteOptions.propagationPolicy`: what happens to the dependents ([`crate::controller::garbagecollector`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Propagation {
    /// The owner goes at once; the garbage collector deletes the dependents afterwards.
    Background,
    /// The owner waits (finalizer `foregroundDeletion`) until its dependents are deleted.
    Foreground,
    /// The owner waits (finalizer `orphan`) until its dependents no longer reference it.
    Orphan,
}

/// The result of an [`ApiCall`].
#[derive(Debug, Clone, PartialEq)]
pub enum ApiResult {
    /// Created or updated.
    Object(Object),
    /// Applied.
    Applied(Object, ApplyOutcome),
    /// Deleted (for pods: deletion started).
    Deleted(Object),
    /// The API server restarted with the requested configuration.
    Restarted,
}

impl Cluster {
    /// Performs an API call as a user would, at the current virtual time.
    pub fn call(&mut self, call: ApiCall) -> Result<ApiResult, Status> {
        let now = self.now_ms;
        // The handler reads the body before anything else (rest.go limitedReadBody). For an
        // apply to an existing object kubectl sends a patch holding the whole applied object in
        // its last-applied annotation, so the object's size stands for the patch's.
        if let ApiCall::Create { object, .. } | ApiCall::Apply { object, .. } | ApiCall::Update { object } = &call {
            kubeplay_api::store::check_request_body(object)?;
        }
        let result = match call {
            ApiCall::Create { object, namespace } => {
                let mut obj = *object;
                self.store.create_in(&mut obj, &namespace, now).map(|()| ApiResult::Object(obj))
            }
            ApiCall::Apply { object, namespace } => {
                self.store.apply(*object, &namespace, now).map(|(o, outcome)| ApiResult::Applied(o, outcome))
            }
            ApiCall::Update { object } => self.store.update(*object).map(ApiResult::Object),
            ApiCall::Delete { kind, namespace, name, grace_period_seconds, propagation } => match propagation.or(
                // pkg/registry/batch/job/strategy.go DefaultGarbageCollectionPolicy: batch/v1 Jobs
                // orphan their pods unless the request names a policy (kubectl always does).
                (kind == Kind::Job).then_some(Propagation::Orphan),
            ) {
                Some(p @ (Propagation::Foreground | Propagation::Orphan)) if kind != Kind::Pod && kind != Kind::Namespace => {
                    let finalizer = if p == Propagation::Orphan {
                        crate::controller::garbagecollector::ORPHAN
                    } else {
                        crate::controller::garbagecollector::FOREGROUND
                    };
                    self.store.delete_with_finalizer(kind, &namespace, &name, finalizer, now).map(ApiResult::Deleted)
                }
                _ => self.delete(kind, &namespace, &name, grace_period_seconds).map(ApiResult::Deleted),
            },
            ApiCall::RestartApiServer { encryption_provider_config, audit_policy_file } => {
                // Either file failing to load stops the start: the running server keeps both.
                let audit = audit_policy_file.as_ref().map(|(p, t)| (p.as_str(), t.as_str()));
                audit
                    .map_or(Ok(()), |(p, t)| kubeplay_api::audit::policy::load(t, p).map(drop))
                    .and_then(|()| {
                        self.store.restart_apiserver(encryption_provider_config.as_ref().map(|(p, t)| (p.as_str(), t.as_str())))
                    })
                    .and_then(|()| self.store.set_audit_policy(audit))
                    .map(|()| ApiResult::Restarted)
                    .map_err(Status::bad_request)
            }
        };
        if result.is_ok() {
            self.last_change_ms = now;
        }
        self.react();
        result
    }

    fn delete(&mut self, kind: Kind, ns: &str, name: &str, grace_period_seconds: Option<i64>) -> Result<Object, Status> {
        match kind {
            Kind::Pod => {
                let obj = self.store.get(Kind::Pod, ns, name)?;
                self.store.delete_pod_gracefully(ns, name, grace_period_seconds, self.now_ms)?;
                Ok(obj)
            }
            Kind::Namespace => {
                let obj = self.store.get(Kind::Namespace, "", name)?;
                // The namespace controller empties it first.
                for k in [
                    Kind::Job,
                    Kind::Deployment,
                    Kind::ReplicaSet,
                    Kind::Pod,
                    Kind::Secret,
                    Kind::ConfigMap,
                    Kind::ServiceAccount,
                    Kind::Role,
                    Kind::RoleBinding,
                ] {
                    for o in self.store.list(k, Some(name)) {
                        let _ = self.delete(k, name, o.name(), None);
                    }
                }
                self.store.delete(Kind::Namespace, "", name)?;
                Ok(obj)
            }
            _ => self.store.delete(kind, ns, name),
        }
    }
}
