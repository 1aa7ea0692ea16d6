//! The admission plugins run on a pod before it is stored: ServiceAccount
//! (`plugin/pkg/admission/serviceaccount/admission.go`) and DefaultTolerationSeconds
//! (`plugin/pkg/admission/defaulttolerationseconds`). NamespaceLifecycle is the check in
//! [`Store::create_in`].

use k8s_openapi::api::core::v1::{
    ConfigMapProjection, DownwardAPIProjection, DownwardAPIVolumeFile, KeyToPath, ObjectFieldSelector, Pod,
    ProjectedVolumeSource, ServiceAccountTokenProjection, Volume, VolumeMount, VolumeProjection,
};

use crate::status::Status;

use super::{table_get, Store};

impl Store {
    /// DefaultTolerationSeconds admission (plugin/pkg/admission/defaulttolerationseconds):
    /// pods tolerate not-ready and unreachable nodes for 300 s unless they say otherwise.
    pub(super) fn default_tolerations(pod: &mut Pod) {
        let Some(spec) = pod.spec.as_mut() else { return };
        let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
        for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
            let tolerated = tolerations.iter().any(|t| {
                (t.key.as_deref() == Some(key)
                    || t.key.as_deref().unwrap_or("").is_empty() && t.operator.as_deref() == Some("Exists"))
                    && t.effect.as_deref().is_none_or(|e| e.is_empty() || e == "NoExecute")
            });
            if !tolerated {
                tolerations.push(k8s_openapi::api::core::v1::Toleration {
                    key: Some(key.to_owned()),
                    operator: Some("Exists".to_owned()),
                    effect: Some("NoExecute".to_owned()),
                    toleration_seconds: Some(300),
                    value: None,
                });
            }
        }
    }

    /// ServiceAccount admission (plugin/pkg/admission/serviceaccount/admission.go).
    pub(super) fn admit_pod(&mut self, pod: &mut Pod) -> Result<(), Status> {
        let ns = pod.metadata.namespace.clone().unwrap_or_default();
        let pod_name = pod.metadata.name.clone().unwrap_or_default();
        let Some(spec) = pod.spec.as_mut() else { return Ok(()) };
        let sa_name = match spec.service_account_name.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => s.to_owned(),
            None => "default".to_owned(),
        };
        spec.service_account_name = Some(sa_name.clone());
        spec.service_account = Some(sa_name.clone());
        let Some(sa) = table_get(&self.service_accounts, &ns, &sa_name).cloned() else {
            return Err(Status::forbidden(
                "pods",
                &pod_name,
                &format!("error looking up service account {ns}/{sa_name}: serviceaccount \"{sa_name}\" not found"),
            ));
        };
        if spec.image_pull_secrets.as_ref().is_none_or(Vec::is_empty) {
            if let Some(ips) = sa.image_pull_secrets.clone().filter(|v| !v.is_empty()) {
                spec.image_pull_secrets = Some(ips);
            }
        }
        let automount = spec.automount_service_account_token.or(sa.automount_service_account_token).unwrap_or(true);
        if !automount {
            return Ok(());
        }
        const MOUNT: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
        let existing = spec.volumes.iter().flatten().find(|v| v.name.starts_with("kube-api-access-")).map(|v| v.name.clone());
        let vol_name = match existing.clone() {
            Some(n) => n,
            None => format!("kube-api-access-{}", self.random_suffix()),
        };
        let Some(spec) = pod.spec.as_mut() else { return Ok(()) };
        let mut mounted = false;
        for c in spec.init_containers.iter_mut().flatten().chain(spec.containers.iter_mut()) {
            let mounts = c.volume_mounts.get_or_insert_with(Vec::new);
            if !mounts.iter().any(|m| m.mount_path == MOUNT) {
                mounts.push(VolumeMount {
                    name: vol_name.clone(),
                    mount_path: MOUNT.to_owned(),
                    read_only: Some(true),
                    ..Default::default()
                });
                mounted = true;
            }
        }
        if mounted && existing.is_none() {
            spec.volumes.get_or_insert_with(Vec::new).push(Volume {
                name: vol_name,
                projected: Some(ProjectedVolumeSource {
                    default_mode: Some(0o644),
                    sources: Some(vec![
                        VolumeProjection {
                            service_account_token: Some(ServiceAccountTokenProjection {
                                expiration_seconds: Some(3607),
                                path: "token".to_owned(),
                                audience: None,
                            }),
                            ..Default::default()
                        },
                        VolumeProjection {
                            config_map: Some(ConfigMapProjection {
                                name: "kube-root-ca.crt".to_owned(),
                                items: Some(vec![KeyToPath { key: "ca.crt".to_owned(), path: "ca.crt".to_owned(), mode: None }]),
                                optional: None,
                            }),
                            ..Default::default()
                        },
                        VolumeProjection {
                            downward_api: Some(DownwardAPIProjection {
                                items: Some(vec![DownwardAPIVolumeFile {
                                    path: "namespace".to_owned(),
                                    field_ref: Some(ObjectFieldSelector {
                                        api_version: Some("v1".to_owned()),
                                        field_path: "metadata.namespace".to_owned(),
                                    }),
                                    ..Default::default()
                                }]),
                            }),
                            ..Default::default()
                        },
                    ]),
                }),
                ..Default::default()
            });
        }
        Ok(())
    }
}
