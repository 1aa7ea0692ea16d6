//! The panels: timeline, resource lists, secret, pod, container, node, etcd and console
//! views. Each renders data from `kubeplay_scenario::views`.

use std::rc::Rc;

use kubeplay_scenario::views;
use web_sys::{Element, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::state::{Model, Msg};
use crate::{Selection, Tab};

/// Rows taller than this many are windowed: only the visible ones are rendered.
const ROW_PX: f64 = 26.0;
/// Timeline rows hold two lines.
const EVENT_ROW_PX: f64 = 42.0;

#[derive(Properties, PartialEq)]
struct VirtualListProps {
    rows: usize,
    #[prop_or(ROW_PX)]
    row_px: f64,
    height_px: f64,
    render: Callback<usize, Html>,
    #[prop_or_default]
    id: AttrValue,
}

/// A scrolling list that renders only the rows in view (10,000 pods stay fluid).
#[function_component(VirtualList)]
fn virtual_list(p: &VirtualListProps) -> Html {
    let top = use_state(|| 0.0f64);
    let onscroll = {
        let top = top.clone();
        Callback::from(move |e: Event| {
            let el: Element = e.target_unchecked_into();
            top.set(f64::from(el.scroll_top()));
        })
    };
    let row = p.row_px.max(1.0);
    let first = ((*top / row).floor() as usize).min(p.rows);
    let visible = (p.height_px / row).ceil() as usize + 2;
    let last = (first + visible).min(p.rows);
    let style = format!("max-height:{}px", p.height_px);
    let inner = format!("height:{}px;position:relative", p.rows as f64 * row);
    html! {
        <div class="vlist" style={style} onscroll={onscroll} id={p.id.clone()} tabindex="0">
            <div style={inner}>
                { for (first..last).map(|i| html!{
                    <div class="vrow" style={format!("position:absolute;top:{}px;left:0;right:0;height:{}px", i as f64 * row, row)}>
                        { p.render.emit(i) }
                    </div>
                }) }
            </div>
        </div>
    }
}

/// Props shared by the panels.
#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// The app state.
    pub model: UseReducerHandle<Model>,
    /// The UI language.
    pub lang: Lang,
}

/// The event timeline; clicking an event shows the cluster right after it.
#[function_component(Timeline)]
pub fn timeline(p: &PanelProps) -> Html {
    let l = p.lang;
    let count = p.model.pg.borrow().cluster().events().len();
    let selected = use_state(|| Option::<usize>::None);
    if count == 0 {
        return html! { <p class="empty" id="timeline-empty">{ tr(l, "No events yet. Apply a manifest, then step or run.") }</p> };
    }
    let render = {
        let model = p.model.clone();
        let selected = selected.clone();
        Callback::from(move |i: usize| {
            // Only the rows in view are built.
            let Some(r) = views::timeline_row(model.pg.borrow().cluster(), i) else { return html! {} };
            let step = r.step;
            let model = model.clone();
            let selected2 = selected.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                selected2.set(Some(i));
                model.dispatch(Msg::GoToStep(step));
            });
            html! {
                <button class={classes!("event", r.type_.to_lowercase(), (*selected == Some(i)).then_some("sel"))} onclick={onclick}
                    title={if l == Lang::Ko { r.explain_ko.clone() } else { r.explain_en.clone() }}>
                    <span class="line1">
                        <span class="t">{ r.time.clone() }</span>
                        <span class="ty">{ r.type_.clone() }</span>
                        <span class="reason">{ r.reason.clone() }</span>
                        <span class="obj">{ r.object.clone() }</span>
                    </span>
                    <span class="msg">{ r.message.clone() }</span>
                </button>
            }
        })
    };
    let shown = selected.filter(|i| *i < count).unwrap_or(count - 1);
    let explain =
        views::timeline_row(p.model.pg.borrow().cluster(), shown)
            .map(|r| if l == Lang::Ko { r.explain_ko } else { r.explain_en });
    html! {
        <div class="timeline">
            <h2>{ tr(l, "Timeline") }</h2>
            <VirtualList id="timeline" rows={count} row_px={EVENT_ROW_PX} height_px={360.0} render={render} />
            { for explain.map(|e| html!{ <p class="explain" id="explain">{ e }</p> }) }
        </div>
    }
}

/// Props of the view panel.
#[derive(Properties, PartialEq)]
pub struct ViewProps {
    /// The app state.
    pub model: UseReducerHandle<Model>,
    /// The UI language.
    pub lang: Lang,
    /// Tab and selection.
    pub sel: UseStateHandle<Selection>,
}

/// The right-hand panel.
#[function_component(View)]
pub fn view(p: &ViewProps) -> Html {
    match p.sel.tab {
        Tab::Lessons => lessons(p),
        Tab::Resources => resources(p),
        Tab::Secret => secret(p),
        Tab::Pod => pod(p),
        Tab::Container => container(p),
        Tab::Node => node(p),
        Tab::Etcd => etcd(p),
        Tab::Console => html! { <ConsolePanel model={p.model.clone()} lang={p.lang} sel={p.sel.clone()} /> },
    }
}

fn select(sel: &UseStateHandle<Selection>, f: impl Fn(&mut Selection) + 'static) -> Callback<MouseEvent> {
    let sel = sel.clone();
    Callback::from(move |_: MouseEvent| {
        let mut s = (*sel).clone();
        f(&mut s);
        sel.set(s);
    })
}

fn resources(p: &ViewProps) -> Html {
    let l = p.lang;
    let pg = p.model.pg.borrow();
    let c = pg.cluster();
    let secrets = Rc::new(views::secret_rows(c));
    let pods = Rc::new(views::pod_rows(c));
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
            <h3>{ tr(l, "Namespaces") }</h3>
            <p class="chips">{ for c.store().namespaces().map(|n| html!{ <span class="chip">{ n.metadata.name.clone().unwrap_or_default() }</span> }) }</p>
            <h3>{ tr(l, "Secrets") }</h3>
            <div class="row head srow"><span>{"NAMESPACE"}</span><span>{"NAME"}</span><span>{"TYPE"}</span><span>{"DATA"}</span><span>{"AGE"}</span></div>
            <VirtualList id="secrets-list" rows={secrets.len()} height_px={200.0} render={render_secret} />
            <h3>{ tr(l, "Pods") }{ format!(" ({})", pods.len()) }</h3>
            <div class="row head"><span>{"NAMESPACE"}</span><span>{"NAME"}</span><span>{"READY"}</span><span>{"STATUS"}</span><span>{"NODE"}</span><span>{"AGE"}</span></div>
            <VirtualList id="pods-list" rows={pods.len()} height_px={300.0} render={render_pod} />
            <h3>{ tr(l, "Nodes") }</h3>
            <table class="grid"><thead><tr><th>{"NAME"}</th><th>{"STATUS"}</th><th>{"PODS"}</th><th>{ tr(l, "tmpfs in use") }</th></tr></thead>
                <tbody>{ for c.nodes().iter().map(|n| {
                    let name = n.name.clone();
                    let open = select(&p.sel, move |x| { x.node = Some(name.clone()); x.tab = Tab::Node; });
                    html!{ <tr><td><button class="link" onclick={open}>{ n.name.clone() }</button></td><td>{"Ready"}</td><td>{ n.workers.len() }</td><td>{ format!("{} B", n.tmpfs_bytes()) }</td></tr> }
                }) }</tbody>
            </table>
        </div>
    }
}

fn pick_secret(p: &ViewProps) -> Option<(String, String)> {
    let pg = p.model.pg.borrow();
    p.sel.secret.clone().filter(|(ns, n)| pg.cluster().store().secret(ns, n).is_some()).or_else(|| {
        pg.cluster()
            .store()
            .secrets()
            .next()
            .map(|s| (s.metadata.namespace.clone().unwrap_or_default(), s.metadata.name.clone().unwrap_or_default()))
    })
}

fn secret(p: &ViewProps) -> Html {
    let l = p.lang;
    let Some((ns, name)) = pick_secret(p) else { return html! { <p class="empty">{ tr(l, "Nothing selected.") }</p> } };
    let pg = p.model.pg.borrow();
    let Some(v) = views::secret_view(pg.cluster(), &ns, &name) else { return html! {} };
    let reveal = p.sel.reveal;
    let toggle = select(&p.sel, move |s| s.reveal = !reveal);
    html! {
        <div id="secret-view">
            <h3>{ format!("secret/{} ", v.name) }<small>{ format!("{} · {}{}", v.namespace, v.type_, if v.immutable { " · immutable" } else { "" }) }</small></h3>
            <button id="reveal" onclick={toggle}>{ if reveal { tr(l, "Hide values") } else { tr(l, "Reveal values") } }</button>
            <table class="grid">
                <thead><tr><th>{ tr(l, "Key") }</th><th>{ tr(l, "Size") }</th>{ if reveal { html!{ <><th>{"base64 (data)"}</th><th>{ tr(l, "Decoded") }</th></> } } else { html!{} } }</tr></thead>
                <tbody>{ for v.keys.iter().map(|k| html!{
                    <tr><td>{ k.key.clone() }</td><td>{ format!("{} bytes", k.bytes) }</td>
                    { if reveal { html!{ <><td><code>{ k.base64.clone() }</code></td><td><code>{ k.decoded.clone() }</code></td></> } } else { html!{} } }</tr>
                }) }</tbody>
            </table>
            <p>{ tr(l, "Used by pods") }{": "}{ if v.used_by.is_empty() { "—".to_owned() } else { v.used_by.join(", ") } }</p>
        </div>
    }
}

fn pick_pod(p: &ViewProps) -> Option<(String, String)> {
    let pg = p.model.pg.borrow();
    p.sel.pod.clone().filter(|(ns, n)| pg.cluster().store().pod(ns, n).is_some()).or_else(|| {
        pg.cluster()
            .store()
            .pods()
            .next()
            .map(|x| (x.metadata.namespace.clone().unwrap_or_default(), x.metadata.name.clone().unwrap_or_default()))
    })
}

fn pod_picker(p: &ViewProps, current: &(String, String)) -> Html {
    let pg = p.model.pg.borrow();
    let sel = p.sel.clone();
    let onchange = Callback::from(move |e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Some((ns, n)) = s.value().split_once('/') {
            let mut x = (*sel).clone();
            x.pod = Some((ns.to_owned(), n.to_owned()));
            sel.set(x);
        }
    });
    html! {
        <select id="pod-picker" onchange={onchange} aria-label="pod">
            { for pg.cluster().store().pods().take(500).map(|x| {
                let key = format!("{}/{}", x.metadata.namespace.as_deref().unwrap_or(""), x.metadata.name.as_deref().unwrap_or(""));
                let selected = key == format!("{}/{}", current.0, current.1);
                html!{ <option value={key.clone()} selected={selected}>{ key }</option> }
            }) }
        </select>
    }
}

fn pod(p: &ViewProps) -> Html {
    let l = p.lang;
    let Some(cur) = pick_pod(p) else { return html! { <p class="empty">{ tr(l, "Nothing selected.") }</p> } };
    let pg = p.model.pg.borrow();
    let Some(pod) = pg.cluster().store().pod(&cur.0, &cur.1) else { return html! {} };
    let text = kubeplay_kubectl::describe::pod(pod, pg.cluster());
    let to_container = select(&p.sel, |s| s.tab = Tab::Container);
    html! {
        <div id="pod-view">
            <div class="pane-head">{ pod_picker(p, &cur) }<button onclick={to_container}>{ tr(l, "Container") }{" →"}</button></div>
            <pre class="describe">{ text }</pre>
        </div>
    }
}

fn container(p: &ViewProps) -> Html {
    let l = p.lang;
    let Some(cur) = pick_pod(p) else { return html! { <p class="empty">{ tr(l, "Nothing selected.") }</p> } };
    let pg = p.model.pg.borrow();
    let cs = views::container_views(pg.cluster(), &cur.0, &cur.1);
    html! {
        <div id="container-view">
            <div class="pane-head">{ pod_picker(p, &cur) }</div>
            { for cs.iter().map(|c| html!{
                <section class="container" data-container={c.name.clone()}>
                    <h3>{ format!("{} — {}", c.name, c.state) }</h3>
                    { for c.message.as_ref().map(|m| html!{ <p class="warn">{ m.clone() }</p> }) }
                    <p class="mounts">{ for c.mounts.iter().map(|(path, vol, ro, sub)| html!{
                        <span class="chip">{ format!("{path} ← {vol}{}{}", if *ro { " (ro)" } else { "" }, sub.as_ref().map(|s| format!(" subPath={s}")).unwrap_or_default()) }</span>
                    }) }</p>
                    { if c.files.is_empty() && c.env.is_empty() && !c.state.starts_with("Running") {
                        html!{ <p class="empty">{ tr(l, "The container has not started: it has no files or environment yet.") }</p> }
                    } else { html!{} } }
                    <h4>{ tr(l, "Files the container sees") }</h4>
                    <div class="files">{ for c.files.iter().map(|f| html!{
                        <div class="file" data-path={f.path.clone()}>
                            <div class="file-head">
                                <code class="path">{ f.path.clone() }</code>
                                <code class="mode" title={tr(l, "Mode")}>{ f.mode.clone() }</code>
                                <span class="num">{ format!("{} = {}", f.octal, f.decimal) }</span>
                                { if f.gid != 0 { html!{ <span class="num">{ format!("gid {}", f.gid) }</span> } } else { html!{} } }
                            </div>
                            <pre class="content">{ f.content.clone() }</pre>
                        </div>
                    }) }</div>
                    <h4>{ tr(l, "Environment variables") }</h4>
                    <table class="grid env">
                        <thead><tr><th>{"NAME"}</th><th>{"VALUE"}</th><th>{ tr(l, "Source") }</th></tr></thead>
                        <tbody>{ for c.env.iter().map(|e| html!{
                            <tr><td><code>{ e.name.clone() }</code></td><td><code>{ e.value.clone() }</code></td><td>{ e.source.clone() }</td></tr>
                        }) }</tbody>
                    </table>
                </section>
            }) }
        </div>
    }
}

fn node(p: &ViewProps) -> Html {
    let l = p.lang;
    let pg = p.model.pg.borrow();
    let c = pg.cluster();
    let name = p.sel.node.clone().unwrap_or_else(|| c.nodes().first().map(|n| n.name.clone()).unwrap_or_default());
    let Some(v) = views::node_view(c, &name, 5000) else { return html! { <p class="empty">{ tr(l, "Nothing selected.") }</p> } };
    let root = kubeplay_cluster::kubelet::PODS_DIR;
    html! {
        <div id="node-view">
            <h3>{ v.name.clone() }<small>{ format!(" · {} pods · {}: {} B", v.pods, tr(l, "tmpfs in use"), v.tmpfs_bytes) }</small></h3>
            <h4>{ tr(l, "Kubelet directory on the node") }{ format!(" ({root})") }</h4>
            <pre class="tree" id="node-tree">{ for v.entries.iter().map(|e| {
                let name = e.path.rsplit('/').next().unwrap_or("");
                let indent = "  ".repeat(e.depth.saturating_sub(1));
                let tail = match &e.target { Some(t) => format!(" -> {t}"), None if e.kind == '-' => format!("  ({} B)", e.bytes), None => String::new() };
                format!("{} {indent}{name}{tail}\n", e.mode)
            }) }</pre>
        </div>
    }
}

/// The most etcd keys listed at once (a filter narrows them).
const ETCD_SHOWN: usize = 200;

fn etcd(p: &ViewProps) -> Html {
    html! { <EtcdPanel model={p.model.clone()} lang={p.lang} /> }
}

/// Raw etcd keys and values, filtered by a substring of the key.
#[function_component(EtcdPanel)]
fn etcd_panel(p: &PanelProps) -> Html {
    let l = p.lang;
    let filter = use_state(|| "/registry/secrets/".to_owned());
    let pg = p.model.pg.borrow();
    let rows = pg.cluster().store().etcd();
    let matching: Vec<&(String, String)> = rows.iter().filter(|(k, _)| k.contains(filter.as_str())).collect();
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
            filter.set(i.value());
        })
    };
    html! {
        <div id="etcd-view">
            <p class="banner warn">{ tr(l, "etcd holds Secret data unencrypted: base64 is an encoding, not encryption. Anyone who can read etcd (or its backups) can read every secret.") }</p>
            <label>{ "key ⊇ " }<input id="etcd-filter" value={(*filter).clone()} oninput={oninput} /></label>
            <p class="empty">{ format!("{} / {}", matching.len().min(ETCD_SHOWN), matching.len()) }</p>
            { for matching.iter().take(ETCD_SHOWN).map(|(k, v)| html!{
                <details class="etcd-key" open={k.starts_with("/registry/secrets/")}>
                    <summary><code>{ k.clone() }</code></summary>
                    <pre>{ v.clone() }</pre>
                </details>
            }) }
        </div>
    }
}

/// Console output with `secret/NAME` and `pod/NAME` turned into links to their views.
fn linkify(text: &str, ns: &str, sel: &UseStateHandle<Selection>) -> Html {
    let mut parts: Vec<Html> = Vec::new();
    let mut rest = text;
    loop {
        let next = ["secret/", "pod/"].iter().filter_map(|p| rest.find(p).map(|i| (i, *p))).min_by_key(|(i, _)| *i);
        let Some((i, prefix)) = next else { break };
        let boundary_ok = i == 0 || rest[..i].ends_with(|c: char| c.is_whitespace() || c == '"');
        let name_len = rest[i + prefix.len()..]
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'))
            .unwrap_or(rest.len() - i - prefix.len());
        let end = i + prefix.len() + name_len;
        if !boundary_ok || name_len == 0 {
            parts.push(html! { { rest[..end.max(i + prefix.len())].to_owned() } });
            rest = &rest[end.max(i + prefix.len())..];
            continue;
        }
        parts.push(html! { { rest[..i].to_owned() } });
        let name = rest[i + prefix.len()..end].trim_end_matches('.').to_owned();
        let key = (ns.to_owned(), name.clone());
        let is_secret = prefix == "secret/";
        let open = select(sel, move |s| {
            if is_secret {
                s.secret = Some(key.clone());
                s.tab = Tab::Secret;
            } else {
                s.pod = Some(key.clone());
                s.tab = Tab::Pod;
            }
        });
        parts.push(html! { <button class="link obj-link" onclick={open}>{ format!("{prefix}{name}") }</button> });
        rest = &rest[i + prefix.len() + name.len()..];
    }
    parts.push(html! { { rest.to_owned() } });
    html! { <>{ for parts }</> }
}

/// Props of the console.
#[derive(Properties, PartialEq)]
struct ConsoleProps {
    model: UseReducerHandle<Model>,
    lang: Lang,
    sel: UseStateHandle<Selection>,
}

/// The kubectl console: history with ↑/↓, Tab completion, multi-line paste.
#[function_component(ConsolePanel)]
fn console_panel(p: &ConsoleProps) -> Html {
    let l = p.lang;
    let input = use_state(String::new);
    let hist_pos = use_state(|| Option::<usize>::None);
    let hint = use_state(String::new);
    let pg = p.model.pg.borrow();
    let history: Vec<String> = pg.transcript().iter().map(|e| e.command.clone()).collect();
    let oninput = {
        let input = input.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            input.set(t.value());
        })
    };
    let submit = {
        let model = p.model.clone();
        let input = input.clone();
        let hist_pos = hist_pos.clone();
        move || {
            let text = (*input).clone();
            if !text.trim().is_empty() {
                model.dispatch(Msg::Command(text));
            }
            input.set(String::new());
            hist_pos.set(None);
        }
    };
    let onkeydown = {
        let submit = submit.clone();
        let input = input.clone();
        let hist_pos = hist_pos.clone();
        let hint = hint.clone();
        let model = p.model.clone();
        let history = history.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" if !e.shift_key() => {
                // An open here-document keeps collecting lines.
                let text = (*input).clone();
                let open_heredoc = kubeplay_kubectl::shell::heredoc_delimiter(text.lines().next().unwrap_or(""))
                    .is_some_and(|d| !text.lines().skip(1).any(|l| l.trim_start_matches('\t') == d));
                if !open_heredoc {
                    e.prevent_default();
                    submit();
                }
            }
            "ArrowUp" if !input.contains('\n') && !history.is_empty() => {
                e.prevent_default();
                let i = hist_pos.map_or(history.len() - 1, |i| i.saturating_sub(1));
                hist_pos.set(Some(i));
                input.set(history.get(i).cloned().unwrap_or_default());
            }
            "ArrowDown" if !input.contains('\n') => {
                e.prevent_default();
                match *hist_pos {
                    Some(i) if i + 1 < history.len() => {
                        hist_pos.set(Some(i + 1));
                        input.set(history.get(i + 1).cloned().unwrap_or_default());
                    }
                    _ => {
                        hist_pos.set(None);
                        input.set(String::new());
                    }
                }
            }
            "Tab" => {
                e.prevent_default();
                let pg = model.pg.borrow();
                let cands = kubeplay_scenario::playground::complete(pg.console(), pg.cluster(), &input);
                let word = input.rsplit([' ', '=', '/']).next().unwrap_or("").to_owned();
                match cands.as_slice() {
                    [one] => input.set(format!("{}{}", &input[..input.len() - word.len()], one)),
                    [] => hint.set(String::new()),
                    many => {
                        let common = common_prefix(many);
                        if common.len() > word.len() {
                            input.set(format!("{}{}", &input[..input.len() - word.len()], common));
                        }
                        hint.set(many.iter().take(30).cloned().collect::<Vec<_>>().join("  "));
                    }
                }
            }
            _ => {}
        })
    };
    let onclick = {
        let submit = submit.clone();
        Callback::from(move |_: MouseEvent| submit())
    };
    html! {
        <div id="console" class="console">
            <pre class="transcript" id="transcript" aria-live="polite">{ for pg.transcript().iter().map(|e| html!{
                <>
                    <span class="cmd">{ format!("$ {}\n", e.command) }</span>
                    <span class="out">{ linkify(&e.output.stdout, &pg.console().namespace, &p.sel) }</span>
                    <span class="err">{ e.output.stderr.clone() }</span>
                </>
            }) }</pre>
            <div class="prompt">
                <span aria-hidden="true">{"$"}</span>
                <textarea id="console-input" rows="2" spellcheck="false" value={(*input).clone()} oninput={oninput} onkeydown={onkeydown}
                    placeholder={tr(l, "Type a command, e.g. kubectl get secrets (Tab completes, ↑/↓ history)")} aria-label={tr(l, "Console")} />
                <button id="console-run" onclick={onclick}>{ tr(l, "Run") }</button>
            </div>
            { if hint.is_empty() { html!{} } else { html!{ <p class="hint">{ (*hint).clone() }</p> } } }
        </div>
    }
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else { return String::new() };
    let mut len = first.len();
    for w in &words[1..] {
        len = len.min(first.bytes().zip(w.bytes()).take_while(|(a, b)| a == b).count());
    }
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].to_owned()
}

fn lessons(p: &ViewProps) -> Html {
    let l = p.lang;
    let done = crate::storage::load_progress();
    let current = p.model.scenario.as_ref().map(|s| s.id.clone());
    html! {
        <div id="lessons">
            <h3>{ tr(l, "Lessons") }</h3>
            <ol class="lesson-list">{ for kubeplay_scenario::lessons::list().into_iter().map(|info| {
                let id = info.id.to_owned();
                let model = p.model.clone();
                let sel = p.sel.clone();
                let start = Callback::from(move |_: MouseEvent| {
                    model.dispatch(Msg::StartLesson(id.clone()));
                    let mut x = (*sel).clone();
                    x.tab = Tab::Resources;
                    sel.set(x);
                });
                let is_done = done.iter().any(|d| d == info.id);
                let is_current = current.as_deref() == Some(info.id);
                html!{
                    <li class={classes!(is_current.then_some("current"))} data-lesson={info.id}>
                        <span class="tick" aria-label={if is_done { "done" } else { "" }}>{ if is_done { "✓" } else { "·" } }</span>
                        <button class="link" onclick={start}>{ info.title.get(l.code()).to_owned() }</button>
                    </li>
                }
            }) }</ol>
        </div>
    }
}

/// The current lesson's text and goals, ticking live.
#[function_component(Goals)]
pub fn goals(p: &PanelProps) -> Html {
    let l = p.lang;
    let open = use_state(|| true);
    let Some(sc) = p.model.scenario.clone() else { return html! {} };
    let results = sc.evaluate(&p.model.pg.borrow());
    let all = !results.is_empty() && results.iter().all(|r| r.met);
    {
        let id = sc.id.clone();
        use_effect_with((id, all), |(id, all)| {
            if *all {
                crate::storage::mark_done(id);
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let leave = {
        let model = p.model.clone();
        Callback::from(move |_: MouseEvent| model.dispatch(Msg::LeaveLesson))
    };
    html! {
        <div class="goals" id="goals">
            <div class="pane-head">
                <h2>{ sc.title.get(l.code()).to_owned() }</h2>
                <button onclick={toggle} aria-expanded={open.to_string()}>{ if *open { "−" } else { "+" } }</button>
                <button onclick={leave}>{ tr(l, "Leave lesson") }</button>
            </div>
            { if *open { html!{ <div class="lesson-text">{ for sc.text.get(l.code()).split("\n\n").map(paragraph) }</div> } } else { html!{} } }
            <h3>{ tr(l, "Goals") }{ if all { " ✓" } else { "" } }</h3>
            <ul class="goal-list">{ for results.iter().map(|r| html!{
                <li class={classes!("goal", r.met.then_some("met"))} title={r.detail.clone()}>
                    <span class="tick">{ if r.met { "✓" } else { "○" } }</span>{ r.text.get(l.code()).to_owned() }
                </li>
            }) }</ul>
        </div>
    }
}

/// A lesson paragraph: indented lines are a command block; otherwise lines flow together
/// and `backticks` mark code.
fn paragraph(text: &str) -> Html {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if !lines.is_empty() && lines.iter().all(|l| l.starts_with("  ")) {
        let code: Vec<&str> = lines.iter().map(|l| l.trim_start()).collect();
        return html! { <pre class="lesson-code">{ code.join("\n") }</pre> };
    }
    // "- " lines start list items; other lines continue the current item or paragraph.
    let mut intro: Vec<&str> = Vec::new();
    let mut items: Vec<Vec<&str>> = Vec::new();
    for l in lines {
        let t = l.trim_start();
        if let Some(rest) = t.strip_prefix("- ") {
            items.push(vec![rest]);
        } else if let Some(last) = items.last_mut() {
            last.push(t);
        } else {
            intro.push(t);
        }
    }
    html! {
        <>
            { if intro.is_empty() { html!{} } else { html!{ <p>{ inline_code(&intro.join(" ")) }</p> } } }
            { if items.is_empty() { html!{} } else { html!{ <ul>{ for items.iter().map(|i| html!{ <li>{ inline_code(&i.join(" ")) }</li> }) }</ul> } } }
        </>
    }
}

/// Text with `backticks` as code.
fn inline_code(text: &str) -> Html {
    html! {
        <>{ for text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 {
            html!{ <code>{ part.to_owned() }</code> }
        } else {
            html!{ { part.to_owned() } }
        }) }</>
    }
}

/// Cluster settings (nodes, strategy, sync period, cache TTL, seed); applying them replays
/// the session on a new cluster.
#[function_component(SettingsForm)]
pub fn settings_form(p: &PanelProps) -> Html {
    let l = p.lang;
    let current = p.model.pg.borrow().recipe().settings.clone();
    let draft = use_state(|| current.clone());
    {
        let draft = draft.clone();
        let current = current.clone();
        use_effect_with(current, move |c| draft.set(c.clone()));
    }
    let num = |f: fn(&mut kubeplay_cluster::Settings, u64)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = i.value().trim().parse::<f64>() {
                if v.is_finite() && v >= 0.0 {
                    let mut d = (*draft).clone();
                    f(&mut d, v as u64);
                    draft.set(d);
                }
            }
        })
    };
    let on_strategy = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut d = (*draft).clone();
            d.strategy = match s.value().as_str() {
                "Cache" => kubeplay_cluster::Strategy::Cache,
                "Get" => kubeplay_cluster::Strategy::Get,
                _ => kubeplay_cluster::Strategy::Watch,
            };
            draft.set(d);
        })
    };
    let apply = {
        let model = p.model.clone();
        let draft = draft.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            model.dispatch(Msg::SetSettings((*draft).clone()));
        })
    };
    let d = (*draft).clone();
    let strategy = format!("{:?}", d.strategy);
    html! {
        <details class="settings" id="settings">
            <summary>{ tr(l, "Cluster settings") }{ format!(" — {} node(s), {strategy}, sync {}s, TTL {}s, seed {}", current.nodes, current.sync_period_ms / 1000, current.cache_ttl_ms / 1000, current.seed) }</summary>
            <form onsubmit={apply} class="settings-form">
                <label>{ tr(l, "Nodes") }{" "}<input id="set-nodes" type="number" min="1" max="100" value={d.nodes.to_string()} oninput={num(|s, v| s.nodes = v.min(1000) as u16)} /></label>
                <label>{"configMapAndSecretChangeDetectionStrategy "}
                    <select id="set-strategy" onchange={on_strategy}>
                        { for ["Watch", "Cache", "Get"].iter().map(|s| html!{ <option value={*s} selected={strategy == *s}>{ *s }</option> }) }
                    </select>
                </label>
                <label>{"syncFrequency (s) "}<input id="set-sync" type="number" min="1" max="3600" value={(d.sync_period_ms / 1000).to_string()} oninput={num(|s, v| s.sync_period_ms = v.saturating_mul(1000))} /></label>
                <label>{"cache TTL (s) "}<input id="set-ttl" type="number" min="0" max="3600" value={(d.cache_ttl_ms / 1000).to_string()} oninput={num(|s, v| s.cache_ttl_ms = v.saturating_mul(1000))} /></label>
                <label>{"seed "}<input id="set-seed" type="number" min="0" value={d.seed.to_string()} oninput={num(|s, v| s.seed = v)} /></label>
                <button type="submit" id="set-apply">{ tr(l, "Replay with these settings") }</button>
            </form>
        </details>
    }
}
