//! The node view's node authorizer graph: for the node shown, the Secrets its kubelet may read
//! and the edges secret → pod → node behind each, the service accounts of its pods, and the
//! Secrets it is refused with the authorizer's reason. Rendered from
//! `kubeplay_scenario::node_graph_view` as nested lists a reader follows at phone width; a
//! Secret's name opens the secret view, a pod's the pod view.

use kubeplay_scenario::i18n::{tr, Lang, Ui};
use kubeplay_scenario::node_graph_view::{EdgeKind, GraphObject, NodeGraphView, PodEdge};
use yew::prelude::*;

use super::common::{select, ViewProps};
use crate::Tab;

/// What an edge's kind is called.
fn edge_label(l: Lang, k: EdgeKind) -> &'static str {
    tr(
        l,
        match k {
            EdgeKind::Volume => Ui::EdgeVolume,
            EdgeKind::Projected => Ui::EdgeProjected,
            EdgeKind::Env => Ui::EdgeEnv,
            EdgeKind::EnvFrom => Ui::EdgeEnvFrom,
            EdgeKind::ImagePullSecret => Ui::EdgeImagePullSecret,
            EdgeKind::VolumePlugin => Ui::EdgeVolumePlugin,
            EdgeKind::ServiceAccount => Ui::EdgeServiceAccount,
        },
    )
}

/// The graph section of the node view.
pub fn node_graph(p: &ViewProps, v: &NodeGraphView) -> Html {
    let l = p.lang;
    html! {
        <section id="node-graph" aria-labelledby="node-graph-title">
            <h4 id="node-graph-title">{ tr(l, Ui::NodeGraph) }</h4>
            <p class="graph-user"><code>{ v.user.clone() }</code>{ " · " }<code>{ "system:nodes" }</code></p>
            if v.readable.is_empty() {
                <p class="empty" id="node-graph-none">{ tr(l, Ui::NodeGraphNone) }</p>
            } else {
                <ul class="graph-list" id="node-graph-secrets">
                    { for v.readable.iter().map(|o| object(p, o, true, &v.node)) }
                </ul>
            }
            if !v.service_accounts.is_empty() {
                <h5>{ tr(l, Ui::NodeGraphServiceAccounts) }</h5>
                <ul class="graph-list" id="node-graph-sas">
                    { for v.service_accounts.iter().map(|o| object(p, o, false, &v.node)) }
                </ul>
            }
            <h5>{ tr(l, Ui::NodeGraphRefused) }</h5>
            <ul class="graph-refused" id="node-graph-refused">
                <li data-kind="list"><code>{ "list secrets" }</code><span class="reason">{ v.list_reason.clone() }</span></li>
                { for v.refused.iter().map(|r| html! {
                    <li data-name={format!("{}/{}", r.namespace, r.name)}>
                        { secret_link(p, &r.namespace, &r.name) }
                        <span class="reason">{ r.reason.clone() }</span>
                    </li>
                }) }
            </ul>
            if v.refused_total > v.refused.len() {
                <p class="empty">{ format!("… +{}", v.refused_total - v.refused.len()) }</p>
            }
        </section>
    }
}

fn secret_link(p: &ViewProps, ns: &str, name: &str) -> Html {
    let key = (ns.to_owned(), name.to_owned());
    let open = select(&p.sel, move |s| {
        s.secret = Some(key.clone());
        s.tab = Tab::Secret;
    });
    html! {
        <span class="graph-name">
            <button class="link" onclick={open}>{ format!("secret/{name}") }</button>
            <small>{ format!(" {ns}") }</small>
        </span>
    }
}

/// A Secret (or service account) and its edges to pods on the node.
fn object(p: &ViewProps, o: &GraphObject, is_secret: bool, node: &str) -> Html {
    let head = if is_secret {
        secret_link(p, &o.namespace, &o.name)
    } else {
        html! { <span class="graph-name"><code>{ format!("serviceaccount/{}", o.name) }</code><small>{ format!(" {}", o.namespace) }</small></span> }
    };
    html! {
        <li class="graph-obj" data-name={format!("{}/{}", o.namespace, o.name)}>
            <div class="graph-head">
                { head }
                if !o.exists { <span class="badge warn">{ tr(p.lang, Ui::NodeGraphMissing) }</span> }
            </div>
            <ul class="graph-edges">{ for o.edges.iter().map(|e| edge(p, &o.namespace, e, node)) }</ul>
        </li>
    }
}

fn edge(p: &ViewProps, ns: &str, e: &PodEdge, node: &str) -> Html {
    let key = (ns.to_owned(), e.pod.clone());
    let open = select(&p.sel, move |s| {
        s.pod = Some(key.clone());
        s.tab = Tab::Pod;
    });
    html! {
        <li class="graph-edge" data-pod={e.pod.clone()}>
            <span class="edge-how">
                <span class="edge-kind">{ edge_label(p.lang, e.kind) }</span>
                <code class="edge-via">{ e.via.clone() }</code>
            </span>
            <span class="edge-path">
                { "→ " }<button class="link" onclick={open}>{ format!("pod/{}", e.pod) }</button>
                { format!(" → node/{node}") }
            </span>
        </li>
    }
}
