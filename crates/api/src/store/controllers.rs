//! The controllers that furnish a new namespace, run synchronously at its creation: the
//! serviceaccount controller (`pkg/controller/serviceaccount/serviceaccounts_controller.go`) and
//! the root-ca-cert-publisher (`pkg/controller/certificates/rootcacertpublisher/publisher.go`).

use k8s_openapi::api::core::v1::{ConfigMap, ServiceAccount};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::object::Object;

use super::Store;

impl Store {
    /// The serviceaccount controller and root-ca-cert-publisher, run at once for a new namespace.
    pub(super) fn namespace_controllers(&mut self, ns: &str, now_ms: u64) {
        let sa = Object::ServiceAccount(ServiceAccount {
            metadata: ObjectMeta { name: Some("default".to_owned()), namespace: Some(ns.to_owned()), ..Default::default() },
            ..Default::default()
        });
        let _ = self.create(sa, now_ms);
        let cm = Object::ConfigMap(ConfigMap {
            metadata: ObjectMeta {
                name: Some("kube-root-ca.crt".to_owned()),
                namespace: Some(ns.to_owned()),
                annotations: Some(
                    [(
                        "kubernetes.io/description".to_owned(),
                        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.".to_owned(),
                    )]
                    .into(),
                ),
                ..Default::default()
            },
            data: Some([("ca.crt".to_owned(), KUBEPLAY_CA_CRT.to_owned())].into()),
            ..Default::default()
        });
        let _ = self.create(cm, now_ms);
    }
}

/// The CA certificate of kubeplay's pretend API server (published as `kube-root-ca.crt`).
pub const KUBEPLAY_CA_CRT: &str = "-----BEGIN CERTIFICATE-----
MIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrdWJlcGxh
eS1zZXJ2ZXItY2FAMTc2NzIyNTYwMDAeFw0yNjAxMDEwMDAwMDBaFw0zNjAxMDEw
MDAwMDBaMCMxITAfBgNVBAMMGGt1YmVwbGF5LXNlcnZlci1jYUAxNzY3MjI1NjAw
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEa2VwbGF5IGlzIGEgcGxheWdyb3Vu
ZCBub3QgYSByZWFsIGNsdXN0ZXIuIFRoaXMgaXMgbm90IGEga2V5LqNCMEAwDgYD
VR0PAQH/BAQDAgKkMA8GA1UdEwEB/wQFMAMBAf8wHQYDVR0OBBYEFGt1YmVwbGF5
IGNhIGNlcnQgMTIzMAoGCCqGSM49BAMCA0gAMEUCIGt1YmVwbGF5IHNpbXVsYXRl
cyB0aGlzIGNlcnQCIQDrdWJlcGxheSBwcmV0ZW5kIHNpZ25hdHVyZSBoZXJlIQ==
-----END CERTIFICATE-----
";
