//! The resources view's workload tree: Deployment → ReplicaSets (revision, current or not) → Pods.
//! Rendered from `kubeplay_scenario::workload_view`; a pod's name opens the pod view.

use kubeplay_scenario::i18n::{tr, Lang, Ui};
use kubeplay_scenario::workload_view::{WorkloadKind, WorkloadRow};
use yew::prelude::*;

use super::common::{select, ViewProps};
use crate::Tab;

/// The tree, or nothing when the cluster has no Deployment or ReplicaSet.
pub fn workloads(p: &ViewProps, rows: &[WorkloadRow], l: Lang) -> Html {
    if rows.is_empty() {
        return html! {};
    }
    html! {
        <>
            <h3>{ tr(l, Ui::Workloads) }</h3>
            <div id="workloads" role="tree">
                { for rows.iter().map(|r| row(p, r)) }
            </div>
        </>
    }
}

fn row(p: &ViewProps, r: &WorkloadRow) -> Html {
    let (kind, prefix) = match r.kind {
        WorkloadKind::Deployment => ("deployment", "deployment.apps/"),
        WorkloadKind::ReplicaSet => ("replicaset", "replicaset.apps/"),
        WorkloadKind::Pod => ("pod", "pod/"),
    };
    let name = if r.kind == WorkloadKind::Pod {
        let key = (r.namespace.clone(), r.name.clone());
        let open = select(&p.sel, move |s| {
            s.pod = Some(key.clone());
            s.tab = Tab::Pod;
        });
        html! { <button class="link" onclick={open}>{ format!("{prefix}{}", r.name) }</button> }
    } else {
        html! { <span class="wname">{ format!("{prefix}{}", r.name) }</span> }
    };
    html! {
        <div class={classes!("wrow", kind, format!("depth-{}", r.depth.min(3)), (!r.current).then_some("old"))}
             role="treeitem" aria-level={(r.depth + 1).to_string()} data-name={r.name.clone()} data-kind={kind}>
            { name }
            <span class="wready">{ r.ready.clone() }</span>
            <span class="wdetail">{ r.detail.clone() }</span>
            <span class="wage">{ r.age.clone() }</span>
        </div>
    }
}
