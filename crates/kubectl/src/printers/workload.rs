//! Cells the workload printers share (`pkg/printers/internalversion/printers.go`
//! `layoutContainerCells`, and `labels.Selector.String()` for the SELECTOR column).

use kubeplay_api::k8s_openapi::api::core::v1::PodSpec;
use kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

/// `CONTAINERS`, `IMAGES` and `SELECTOR` of a wide Deployment or ReplicaSet row.
pub fn workload_wide_cells(spec: Option<&PodSpec>, selector: Option<&LabelSelector>) -> [String; 3] {
    let containers = spec.map(|s| s.containers.as_slice()).unwrap_or_default();
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = containers.iter().map(|c| c.image.as_deref().unwrap_or("")).collect();
    [names.join(","), images.join(","), selector.map(selector_string).unwrap_or_default()]
}

/// `metav1.LabelSelectorAsSelector(s).String()`: requirements sorted by key, `k=v`, `k in (a,b)`,
/// `k notin (a,b)`, `k`, `!k`, joined with commas.
pub fn selector_string(s: &LabelSelector) -> String {
    let mut reqs: Vec<(String, String)> = Vec::new();
    for (k, v) in s.match_labels.iter().flatten() {
        reqs.push((k.clone(), format!("{k}={v}")));
    }
    for e in s.match_expressions.iter().flatten() {
        let mut values = e.values.clone().unwrap_or_default();
        values.sort();
        let text = match e.operator.as_str() {
            "In" => format!("{} in ({})", e.key, values.join(",")),
            "NotIn" => format!("{} notin ({})", e.key, values.join(",")),
            "Exists" => e.key.clone(),
            "DoesNotExist" => format!("!{}", e.key),
            other => format!("{} {other}", e.key),
        };
        reqs.push((e.key.clone(), text));
    }
    reqs.sort_by(|a, b| a.0.cmp(&b.0));
    reqs.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(",")
}
