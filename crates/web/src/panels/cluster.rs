//! The cluster views: resource lists, one secret, `kubectl describe pod`, the node's tmpfs,
//! and raw etcd (a container from the inside is `container`'s).

use std::rc::Rc;

use kubeplay_scenario::app::{tree_line, ObjectKey};
use kubeplay_scenario::i18n::{tr, Ui};
use kubeplay_scenario::views::PODS_DIR;
use yew::prelude::*;

use super::common::{select, PanelProps, ViewProps, VirtualList};
use crate::Tab;

/// The resource lists: namespaces, workloads (Deployment → ReplicaSets → Pods), secrets, pods and nodes.
pub fn resources(p: &ViewProps) -> Html {
    let l = p.lang;
    let v = p.model.state.borrow().resources();
    let secrets = Rc::new(v.secrets);
    let pods = Rc::new(v.pods);
    let render_secret = {
        let secrets = secrets.clone();
        let sel = p.sel.clone();
        Callback::from(move |i: usize| {
            let Some(r) = secrets.get(i) else { return html! {} };
            let key = (r.namespace.clone(), r.name.clone());
            let open = select(&sel, move |x| {
                x.secret = Some(key.clone());
                x.tab = Tab::Secret;
            });
            html! {
                <div class="row srow secret-row" data-secret={r.name.clone()}>
                    <span>{ r.namespace.clone() }</span>
                    <button class="link" onclick={open}>{ r.name.clone() }</button>
                    <span>{ r.type_.clone() }</span>
                    <span>{ r.data }</span>
                    <span>{ r.age.clone() }</span>
                </div>
            }
        })
    };
    let render_pod = {
        let pods = pods.clone();
        let sel = p.sel.clone();
        Callback::from(move |i: usize| {
            let Some(r) = pods.get(i) else { return html! {} };
            let key = (r.namespace.clone(), r.name.clone());
            let open = select(&sel, move |s| {
                s.pod = Some(key.clone());
                s.tab = Tab::Pod;
            });
            html! {
                <div class="row pod-row" data-pod={r.name.clone()}>
                    <span>{ r.namespace.clone() }</span>
                    <button class="link" onclick={open}>{ r.name.clone() }</button>
                    <span>{ r.ready.clone() }</span>
                    <span class={classes!("status", r.status.clone())}>{ r.status.clone() }</span>
                    <span>{ r.node.clone() }</span>
                    <span>{ r.age.clone() }</span>
                </div>
            }
        })
    };
    html! {
        <div id="resources">
            <h3>{ tr(l, Ui::Namespaces) }</h3>
            <p class="chips">{ for v.namespaces.iter().map(|n| html!{ <span class="chip">{ n.clone() }</span> }) }</p>
            { super::workloads::workloads(p, &v.workloads, l) }
            <h3>{ tr(l, Ui::Secrets) }</h3>
            <div class="row head srow"><span>{"NAMESPACE"}</span><span>{"NAME"}</span><span>{"TYPE"}</span><span>{"DATA"}</span><span>{"AGE"}</span></div>
            <VirtualList id="secrets-list" rows={secrets.len()} height_px={200.0} render={render_secret} />
            <h3>{ tr(l, Ui::Pods) }{ format!(" ({})", pods.len()) }</h3>
            <div class="row head"><span>{"NAMESPACE"}</span><span>{"NAME"}</span><span>{"READY"}</span><span>{"STATUS"}</span><span>{"NODE"}</span><span>{"AGE"}</span></div>
            <VirtualList id="pods-list" rows={pods.len()} height_px={300.0} render={render_pod} />
            <h3>{ tr(l, Ui::Nodes) }</h3>
            <table class="grid"><thead><tr><th>{"NAME"}</th><th>{"STATUS"}</th><th>{"PODS"}</th><th>{ tr(l, Ui::TmpfsInUse) }</th></tr></thead>
                <tbody>{ for v.nodes.iter().map(|n| {
                    let name = n.name.clone();
                    let open = select(&p.sel, move |x| { x.node = Some(name.clone()); x.tab = Tab::Node; });
                    html!{ <tr><td><button class="link" onclick={open}>{ n.name.clone() }</button></td><td>{"Ready"}</td><td>{ n.pods }</td><td>{ format!("{} B", n.tmpfs_bytes) }</td></tr> }
                }) }</tbody>
            </table>
        </div>
    }
}

pub(super) fn nothing(p: &ViewProps) -> Html {
    html! { <p class="empty">{ tr(p.lang, Ui::NothingSelected) }</p> }
}

/// One secret, values hidden until revealed.
pub fn secret(p: &ViewProps) -> Html {
    let l = p.lang;
    let Some(v) = p.model.state.borrow().secret(p.sel.secret.as_ref()) else { return nothing(p) };
    let reveal = p.sel.reveal;
    let toggle = select(&p.sel, move |s| s.reveal = !reveal);
    html! {
        <div id="secret-view">
            <h3>{ format!("secret/{} ", v.name) }<small>{ format!("{} · {}{}", v.namespace, v.type_, if v.immutable { " · immutable" } else { "" }) }</small></h3>
            <button id="reveal" onclick={toggle}>{ if reveal { tr(l, Ui::HideValues) } else { tr(l, Ui::RevealValues) } }</button>
            <table class="grid">
                <thead><tr><th>{ tr(l, Ui::Key) }</th><th>{ tr(l, Ui::Size) }</th>{ if reveal { html!{ <><th>{"base64 (data)"}</th><th>{ tr(l, Ui::Decoded) }</th></> } } else { html!{} } }</tr></thead>
                <tbody>{ for v.keys.iter().map(|k| html!{
                    <tr><td>{ k.key.clone() }</td><td>{ format!("{} bytes", k.bytes) }</td>
                    { if reveal { html!{ <><td><code>{ k.base64.clone() }</code></td><td><code>{ k.decoded.clone() }</code></td></> } } else { html!{} } }</tr>
                }) }</tbody>
            </table>
            <p>{ tr(l, Ui::UsedByPods) }{": "}{ if v.used_by.is_empty() { "—".to_owned() } else { v.used_by.join(", ") } }</p>
        </div>
    }
}

pub(super) fn pod_picker(p: &ViewProps, choices: &[String], current: &ObjectKey) -> Html {
    let sel = p.sel.clone();
    let onchange = Callback::from(move |e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Some((ns, n)) = s.value().split_once('/') {
            let mut x = (*sel).clone();
            x.pod = Some((ns.to_owned(), n.to_owned()));
            sel.set(x);
        }
    });
    let cur = format!("{}/{}", current.0, current.1);
    html! {
        <select id="pod-picker" onchange={onchange} aria-label="pod">
            { for choices.iter().map(|key| html!{ <option value={key.clone()} selected={*key == cur}>{ key.clone() }</option> }) }
        </select>
    }
}

/// `kubectl describe pod` of the pod shown.
pub fn pod(p: &ViewProps) -> Html {
    let l = p.lang;
    let Some(v) = p.model.state.borrow().pod(p.sel.pod.as_ref()) else { return nothing(p) };
    let to_container = select(&p.sel, |s| s.tab = Tab::Container);
    html! {
        <div id="pod-view">
            <div class="pane-head">{ pod_picker(p, &v.choices, &v.key) }<button onclick={to_container}>{ tr(l, Ui::Container) }{" →"}</button></div>
            <pre class="describe" tabindex="0">{ v.describe }</pre>
        </div>
    }
}

/// The node's kubelet directory on its tmpfs.
pub fn node(p: &ViewProps) -> Html {
    let l = p.lang;
    let Some(v) = p.model.state.borrow().node(p.sel.node.as_deref()) else { return nothing(p) };
    let graph = p.model.state.borrow().node_graph(Some(&v.name));
    html! {
        <div id="node-view">
            <h3>{ v.name.clone() }<small>{ format!(" · {} pods · {}: {} B", v.pods, tr(l, Ui::TmpfsInUse), v.tmpfs_bytes) }</small></h3>
            { for graph.iter().map(|g| super::node_graph::node_graph(p, g)) }
            <h4>{ tr(l, Ui::KubeletDirectory) }{ format!(" ({PODS_DIR})") }</h4>
            <pre class="tree" id="node-tree" tabindex="0">{ for v.entries.iter().map(tree_line) }</pre>
        </div>
    }
}

/// Raw etcd keys and values, filtered by a substring of the key.
#[function_component(EtcdPanel)]
pub fn etcd_panel(p: &PanelProps) -> Html {
    let l = p.lang;
    let filter = use_state(|| "/registry/secrets/".to_owned());
    let v = p.model.state.borrow().etcd(&filter);
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
            filter.set(i.value());
        })
    };
    html! {
        <div id="etcd-view">
            if v.encrypted_with.is_some() {
                <p class="banner ok" id="etcd-encrypted">{ tr(l, Ui::EtcdEncrypted) }</p>
            } else {
                <p class="banner warn">{ tr(l, Ui::EtcdWarning) }</p>
            }
            <label>{ "key ⊇ " }<input id="etcd-filter" value={(*filter).clone()} oninput={oninput} /></label>
            <p class="empty">{ format!("{} / {}", v.rows.len(), v.matching) }</p>
            { for v.rows.iter().map(|r| html!{
                <details class="etcd-key" open={r.open}>
                    <summary><code>{ r.key.clone() }</code></summary>
                    <pre tabindex="0">{ r.value.clone() }</pre>
                    { for r.hexdump.iter().map(|h| html!{
                        <details class="etcd-hexdump">
                            <summary><code>{ format!("etcdctl get {} | hexdump -C", r.key) }</code></summary>
                            <pre tabindex="0">{ h.clone() }</pre>
                        </details>
                    }) }
                </details>
            }) }
        </div>
    }
}
