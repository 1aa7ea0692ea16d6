//! `kubectl describe secret|pod|configmap|serviceaccount` and the event tables.
//!
//! Mirrors `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (describeSecret,
//! describePod, describeContainers, describeVolumes, DescribeEvents): tabwriter with
//! padding 2, two spaces of indent per level.

use kubeplay_api::k8s_openapi::api::core::v1::{ConfigMap, Secret};
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kubeplay_cluster::Cluster;

use crate::printers::age;
use crate::tabwriter;

mod events;
mod job;
mod meta;
mod pod;
mod serviceaccount;
mod workload;

pub use events::{event_row, events_header, events_rows, fold, Folded};
pub use job::job;
pub(crate) use meta::print_annotations;
pub use pod::pod;
pub use serviceaccount::service_account;
pub use workload::{deployment, replica_set};

use meta::print_labels;

/// `kubectl describe secret`: sizes, never values (except a service account token).
pub fn secret(s: &Secret) -> String {
    let mut out = String::new();
    out.push_str(&format!("Name:\t{}\n", s.metadata.name.as_deref().unwrap_or("")));
    out.push_str(&format!("Namespace:\t{}\n", s.metadata.namespace.as_deref().unwrap_or("")));
    print_labels("Labels", s.metadata.labels.as_ref(), &mut out);
    print_annotations("Annotations", s.metadata.annotations.as_ref(), &mut out);
    let type_ = s.type_.as_deref().unwrap_or("Opaque");
    out.push_str(&format!("\nType:\t{type_}\n"));
    out.push_str("\nData\n====\n");
    for (k, v) in s.data.iter().flatten() {
        if type_ == "kubernetes.io/service-account-token" && k == "token" {
            out.push_str(&format!("{k}:\t{}\n", String::from_utf8_lossy(&v.0)));
        } else {
            out.push_str(&format!("{k}:\t{} bytes\n", v.0.len()));
        }
    }
    tabwriter::format(&out, 0, 2)
}

/// `kubectl describe configmap` (describe.go describeConfigMap): every `Data` value in full,
/// `BinaryData` as sizes, then the config map's events (sorted keys where Go walks a map).
pub fn config_map(c: &ConfigMap, cluster: &Cluster) -> String {
    let ns = c.metadata.namespace.as_deref().unwrap_or("");
    let name = c.metadata.name.as_deref().unwrap_or("");
    let mut out = String::new();
    out.push_str(&format!("Name:\t{name}\n"));
    out.push_str(&format!("Namespace:\t{ns}\n"));
    print_labels("Labels", c.metadata.labels.as_ref(), &mut out);
    print_annotations("Annotations", c.metadata.annotations.as_ref(), &mut out);
    out.push_str("\nData\n====\n");
    for (k, v) in c.data.iter().flatten() {
        out.push_str(&format!("{k}:\n----\n{v}\n"));
    }
    out.push_str("\nBinaryData\n====\n");
    for (k, v) in c.binary_data.iter().flatten() {
        out.push_str(&format!("{k}: {} bytes\n", v.0.len()));
    }
    out.push('\n');
    out.push_str(&events::events_block(
        cluster.events().iter().filter(|e| e.object.kind == "ConfigMap" && e.object.namespace == ns && e.object.name == name),
        cluster.now_ms(),
    ));
    tabwriter::format(&out, 0, 2)
}

/// The AGE of an object at the cluster's time.
pub fn object_age(t: Option<&Time>, cluster: &Cluster) -> String {
    age(t, cluster.now_ms())
}
