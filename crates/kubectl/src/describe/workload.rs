//! `kubectl describe deployment|replicaset` (describe.go `DeploymentDescriber`,
//! `ReplicaSetDescriber`, `DescribePodTemplate`, `printReplicaSetsByLabels`, `printController`).

use kubeplay_api::k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use kubeplay_api::k8s_openapi::api::core::v1::{Pod, PodTemplateSpec};
use kubeplay_api::k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use kubeplay_cluster::Cluster;

use super::events::events_block;
use super::meta::{print_annotations, print_labels, rfc1123z};
use super::pod::{containers, tolerations, volumes};
use crate::printers::selector_string;
use crate::tabwriter;

/// `DescribePodTemplate`: the pod describer's blocks, one level in (`space` "  ": container and
/// volume names get one more space, their fields stay where a pod's are).
pub(super) fn pod_template(t: Option<&PodTemplateSpec>, o: &mut String) {
    o.push_str("Pod Template:\n");
    let Some(t) = t else {
        o.push_str("  <unset>");
        return;
    };
    let meta = t.metadata.clone().unwrap_or_default();
    print_labels("  Labels", meta.labels.as_ref(), o);
    if meta.annotations.as_ref().is_some_and(|a| !a.is_empty()) {
        print_annotations("  Annotations", meta.annotations.as_ref(), o);
    }
    let spec = t.spec.clone().unwrap_or_default();
    if let Some(sa) = spec.service_account_name.as_deref().filter(|s| !s.is_empty()) {
        o.push_str(&format!("  Service Account:\t{sa}\n"));
    }
    let pod = Pod { metadata: meta, spec: Some(spec.clone()), status: None };
    let mut block = String::new();
    let init = spec.init_containers.as_deref().unwrap_or_default();
    if !init.is_empty() {
        containers("Init Containers", init, &[], &pod, &mut block);
    }
    containers("Containers", &spec.containers, &[], &pod, &mut block);
    volumes(spec.volumes.as_deref().unwrap_or_default(), &mut block);
    for line in block.lines() {
        let indented = line.starts_with("  ") && !line.starts_with("   ");
        if !line.starts_with(' ') && !line.starts_with('\t') {
            o.push_str("  ");
        } else if indented {
            o.push(' ');
        }
        o.push_str(line);
        o.push('\n');
    }
    if let Some(p) = spec.priority_class_name.as_deref().filter(|s| !s.is_empty()) {
        o.push_str(&format!("  Priority Class Name:\t{p}\n"));
    }
    print_labels("  Node-Selectors", spec.node_selector.as_ref(), o);
    let mut tol = String::new();
    tolerations(spec.tolerations.as_deref().unwrap_or_default(), &mut tol);
    o.push_str("  ");
    o.push_str(&tol);
}

fn int_or_string(v: Option<&IntOrString>) -> String {
    match v {
        Some(IntOrString::Int(i)) => i.to_string(),
        Some(IntOrString::String(s)) => s.clone(),
        None => "<nil>".to_owned(),
    }
}

/// `printReplicaSetsByLabels`: `name (current/desired replicas created)`, or `<none>`.
fn replica_sets_line(list: &[&ReplicaSet]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|rs| {
            let cur = rs.status.as_ref().map_or(0, |s| s.replicas);
            let want = rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(0);
            format!("{} ({cur}/{want} replicas created)", rs.metadata.name.as_deref().unwrap_or(""))
        })
        .collect();
    if items.is_empty() {
        "<none>".to_owned()
    } else {
        items.join(", ")
    }
}

/// `kubectl describe deployment`.
pub fn deployment(d: &Deployment, cluster: &Cluster) -> String {
    let ns = d.metadata.namespace.as_deref().unwrap_or("");
    let name = d.metadata.name.as_deref().unwrap_or("");
    let spec = d.spec.clone().unwrap_or_default();
    let st = d.status.clone().unwrap_or_default();
    let mut o = String::new();
    o.push_str(&format!("Name:\t{name}\nNamespace:\t{ns}\n"));
    o.push_str(&format!("CreationTimestamp:\t{}\n", rfc1123z(d.metadata.creation_timestamp.as_ref())));
    print_labels("Labels", d.metadata.labels.as_ref(), &mut o);
    print_annotations("Annotations", d.metadata.annotations.as_ref(), &mut o);
    o.push_str(&format!("Selector:\t{}\n", selector_string(&spec.selector)));
    o.push_str(&format!(
        "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
        spec.replicas.unwrap_or(1),
        st.updated_replicas.unwrap_or(0),
        st.replicas.unwrap_or(0),
        st.available_replicas.unwrap_or(0),
        st.unavailable_replicas.unwrap_or(0)
    ));
    let strategy = spec.strategy.clone().unwrap_or_default();
    o.push_str(&format!("StrategyType:\t{}\n", strategy.type_.as_deref().unwrap_or("")));
    o.push_str(&format!("MinReadySeconds:\t{}\n", spec.min_ready_seconds.unwrap_or(0)));
    if let Some(ru) = &strategy.rolling_update {
        o.push_str(&format!(
            "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
            int_or_string(ru.max_unavailable.as_ref()),
            int_or_string(ru.max_surge.as_ref())
        ));
    }
    pod_template(Some(&spec.template), &mut o);
    if let Some(conds) = st.conditions.as_ref().filter(|c| !c.is_empty()) {
        o.push_str("Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n");
        for c in conds {
            o.push_str(&format!("  {} \t{}\t{}\n", c.type_, c.status, c.reason.as_deref().unwrap_or("")));
        }
    }
    // deploymentutil.GetAllReplicaSets: the new one (same template) and the old ones with replicas.
    let uid = d.metadata.uid.clone().unwrap_or_default();
    let owned: Vec<&ReplicaSet> = cluster
        .store()
        .replica_sets_in(ns)
        .filter(|rs| rs.metadata.owner_references.iter().flatten().any(|r| r.uid == uid && r.controller == Some(true)))
        .collect();
    let strip = |t: Option<&PodTemplateSpec>| {
        let mut t = t.cloned().unwrap_or_default();
        if let Some(l) = t.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
            l.remove("pod-template-hash");
        }
        t
    };
    let new: Vec<&ReplicaSet> = owned
        .iter()
        .copied()
        .filter(|rs| strip(rs.spec.as_ref().and_then(|s| s.template.as_ref())) == spec.template)
        .take(1)
        .collect();
    let old: Vec<&ReplicaSet> = owned
        .iter()
        .copied()
        .filter(|rs| !new.iter().any(|n| n.metadata.name == rs.metadata.name))
        .filter(|rs| rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(0) != 0)
        .collect();
    o.push_str(&format!("OldReplicaSets:\t{}\n", replica_sets_line(&old)));
    o.push_str(&format!("NewReplicaSet:\t{}\n", replica_sets_line(&new)));
    o.push_str(&events_block(
        cluster.events().iter().filter(|e| e.object.kind == "Deployment" && e.object.namespace == ns && e.object.name == name),
        cluster.now_ms(),
    ));
    tabwriter::format(&o, 0, 2)
}

/// `kubectl describe replicaset`.
pub fn replica_set(rs: &ReplicaSet, cluster: &Cluster) -> String {
    let ns = rs.metadata.namespace.as_deref().unwrap_or("");
    let name = rs.metadata.name.as_deref().unwrap_or("");
    let spec = rs.spec.clone().unwrap_or_default();
    let mut o = String::new();
    o.push_str(&format!("Name:\t{name}\nNamespace:\t{ns}\n"));
    o.push_str(&format!("Selector:\t{}\n", selector_string(&spec.selector)));
    print_labels("Labels", rs.metadata.labels.as_ref(), &mut o);
    print_annotations("Annotations", rs.metadata.annotations.as_ref(), &mut o);
    if let Some(r) = rs.metadata.owner_references.iter().flatten().find(|r| r.controller == Some(true)) {
        o.push_str(&format!("Controlled By:\t{}/{}\n", r.kind, r.name));
    }
    o.push_str(&format!(
        "Replicas:\t{} current / {} desired\n",
        rs.status.as_ref().map_or(0, |s| s.replicas),
        spec.replicas.unwrap_or(1)
    ));
    // getPodStatusForController: the pods it controls, by phase.
    let uid = rs.metadata.uid.clone().unwrap_or_default();
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for p in cluster.store().pods_in(ns) {
        if !p.metadata.owner_references.iter().flatten().any(|r| r.uid == uid && r.controller == Some(true)) {
            continue;
        }
        match p.status.as_ref().and_then(|s| s.phase.as_deref()) {
            Some("Running") => running += 1,
            Some("Pending") => waiting += 1,
            Some("Succeeded") => succeeded += 1,
            Some("Failed") => failed += 1,
            _ => {}
        }
    }
    o.push_str(&format!("Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n"));
    pod_template(spec.template.as_ref(), &mut o);
    o.push_str(&events_block(
        cluster.events().iter().filter(|e| e.object.kind == "ReplicaSet" && e.object.namespace == ns && e.object.name == name),
        cluster.now_ms(),
    ));
    tabwriter::format(&o, 0, 2)
}
