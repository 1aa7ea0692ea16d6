//! `kubectl describe serviceaccount` (`staging/src/k8s.io/kubectl/pkg/describe/describe.go`
//! `ServiceAccountDescriber` and `describeServiceAccount`).

use kubeplay_api::k8s_openapi::api::core::v1::{Secret, ServiceAccount};
use kubeplay_api::serviceaccount::legacy;
use kubeplay_cluster::Cluster;

use super::meta::{print_annotations, print_labels};
use crate::tabwriter;

/// `describeServiceAccount`: name, namespace, labels, annotations, then the three secret lists
/// in the order of their sorted headers (`Image pull secrets:`, `Mountable secrets: `,
/// `Tokens:            `), each name on its own line, `(not found)` after a referenced secret
/// missing from the namespace, `<none>` for an empty list; then the events. `secrets` is the
/// namespace's secrets as the describer lists them (`None`: the list failed, which it tolerates).
pub fn service_account(sa: &ServiceAccount, secrets: Option<&[Secret]>, cluster: &Cluster) -> String {
    let ns = sa.metadata.namespace.as_deref().unwrap_or("");
    let name = sa.metadata.name.as_deref().unwrap_or("");
    let uid = sa.metadata.uid.as_deref().unwrap_or("");
    let mut out = String::new();
    out.push_str(&format!("Name:\t{name}\n"));
    out.push_str(&format!("Namespace:\t{ns}\n"));
    print_labels("Labels", sa.metadata.labels.as_ref(), &mut out);
    print_annotations("Annotations", sa.metadata.annotations.as_ref(), &mut out);
    let ann = |s: &Secret, k: &str| s.metadata.annotations.as_ref().and_then(|a| a.get(k)).cloned().unwrap_or_default();
    // ServiceAccountDescriber.Describe: token Secrets whose name and uid annotations match.
    let tokens: Vec<String> = secrets
        .unwrap_or_default()
        .iter()
        .filter(|s| {
            s.type_.as_deref() == Some(legacy::SECRET_TYPE)
                && ann(s, legacy::SERVICE_ACCOUNT_NAME_KEY) == name
                && ann(s, legacy::SERVICE_ACCOUNT_UID_KEY) == uid
        })
        .filter_map(|s| s.metadata.name.clone())
        .collect();
    let exists = |n: &str| secrets.is_none_or(|all| all.iter().any(|s| s.metadata.name.as_deref() == Some(n)));
    let pull: Vec<String> = sa.image_pull_secrets.iter().flatten().map(|r| r.name.clone()).collect();
    let mount: Vec<String> = sa.secrets.iter().flatten().filter_map(|r| r.name.clone()).collect();
    for (header, names) in [("Image pull secrets:", pull), ("Mountable secrets: ", mount), ("Tokens:            ", tokens)] {
        if names.is_empty() {
            out.push_str(&format!("{header}\t<none>\n"));
            continue;
        }
        let mut prefix = header;
        for n in names {
            let missing = if exists(&n) { "" } else { " (not found)" };
            out.push_str(&format!("{prefix}\t{n}{missing}\n"));
            prefix = "                   ";
        }
    }
    out.push_str(&super::events::events_block(
        cluster
            .events()
            .iter()
            .filter(|e| e.object.kind == "ServiceAccount" && e.object.namespace == ns && e.object.name == name),
        cluster.now_ms(),
    ));
    tabwriter::format(&out, 0, 2)
}
