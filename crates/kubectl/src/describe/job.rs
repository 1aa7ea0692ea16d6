//! `kubectl describe job` (staging/src/k8s.io/kubectl/pkg/describe/describe.go `describeJob`, v1.33).

use kubeplay_api::k8s_openapi::api::batch::v1::Job;
use kubeplay_cluster::Cluster;

use super::events::events_block;
use super::meta::{print_annotations, print_labels, rfc1123z};
use super::workload::pod_template;
use crate::printers::{human_duration, selector_string};
use crate::tabwriter;

/// `describeJob`: name, selector, labels, annotations, controller, the spec's counts and modes,
/// start / completion / duration, `Pods Statuses`, the pod template and the Job's events.
pub fn job(j: &Job, cluster: &Cluster) -> String {
    let ns = j.metadata.namespace.as_deref().unwrap_or("");
    let name = j.metadata.name.as_deref().unwrap_or("");
    let spec = j.spec.clone().unwrap_or_default();
    let st = j.status.clone().unwrap_or_default();
    let mut o = String::new();
    o.push_str(&format!("Name:\t{name}\nNamespace:\t{ns}\n"));
    o.push_str(&format!("Selector:\t{}\n", spec.selector.as_ref().map(selector_string).unwrap_or_default()));
    print_labels("Labels", j.metadata.labels.as_ref(), &mut o);
    print_annotations("Annotations", j.metadata.annotations.as_ref(), &mut o);
    if let Some(r) = j.metadata.owner_references.iter().flatten().find(|r| r.controller == Some(true)) {
        o.push_str(&format!("Controlled By:\t{}/{}\n", r.kind, r.name));
    }
    if let Some(p) = spec.parallelism {
        o.push_str(&format!("Parallelism:\t{p}\n"));
    }
    match spec.completions {
        Some(c) => o.push_str(&format!("Completions:\t{c}\n")),
        None => o.push_str("Completions:\t<unset>\n"),
    }
    if let Some(m) = &spec.completion_mode {
        o.push_str(&format!("Completion Mode:\t{m}\n"));
    }
    if let Some(s) = spec.suspend {
        o.push_str(&format!("Suspend:\t{s}\n"));
    }
    if let Some(b) = spec.backoff_limit {
        o.push_str(&format!("Backoff Limit:\t{b}\n"));
    }
    if let Some(t) = spec.ttl_seconds_after_finished {
        o.push_str(&format!("TTL Seconds After Finished:\t{t}\n"));
    }
    if st.start_time.is_some() {
        o.push_str(&format!("Start Time:\t{}\n", rfc1123z(st.start_time.as_ref())));
    }
    if st.completion_time.is_some() {
        o.push_str(&format!("Completed At:\t{}\n", rfc1123z(st.completion_time.as_ref())));
    }
    if let (Some(s), Some(c)) = (&st.start_time, &st.completion_time) {
        o.push_str(&format!("Duration:\t{}\n", human_duration(c.0.as_millisecond() - s.0.as_millisecond())));
    }
    if let Some(d) = spec.active_deadline_seconds {
        o.push_str(&format!("Active Deadline Seconds:\t{d}s\n"));
    }
    let (active, succeeded, failed) = (st.active.unwrap_or(0), st.succeeded.unwrap_or(0), st.failed.unwrap_or(0));
    match st.ready {
        None => o.push_str(&format!("Pods Statuses:\t{active} Active / {succeeded} Succeeded / {failed} Failed\n")),
        Some(r) => {
            o.push_str(&format!("Pods Statuses:\t{active} Active ({r} Ready) / {succeeded} Succeeded / {failed} Failed\n"))
        }
    }
    if spec.completion_mode.as_deref() == Some("Indexed") {
        let idx = st.completed_indexes.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "<none>".to_owned());
        o.push_str(&format!("Completed Indexes:\t{idx}\n"));
    }
    pod_template(Some(&spec.template), &mut o);
    o.push_str(&events_block(
        cluster.events().iter().filter(|e| e.object.kind == "Job" && e.object.namespace == ns && e.object.name == name),
        cluster.now_ms(),
    ));
    tabwriter::format(&o, 0, 2)
}
