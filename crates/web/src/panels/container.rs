//! A container from the inside: its process (command line as run, state, exit code, restarts,
//! what kubeplay assumed), then tabs for the files it sees, its environment and its logs.
//! Everything shown is `kubeplay_scenario::views::ContainerView`, computed natively.

use kubeplay_scenario::i18n::{tr, Lang, Ui};
use kubeplay_scenario::process_view::{LogsView, ProcessView};
use kubeplay_scenario::views::{ContainerView, Stale};
use yew::prelude::*;

use super::cluster::{nothing, pod_picker};
use super::common::ViewProps;

/// The tab shown under each container's process.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inner {
    Files,
    Env,
    Logs,
}

/// The containers of the pod shown.
#[function_component(ContainerPanel)]
pub fn container_panel(p: &ViewProps) -> Html {
    let l = p.lang;
    let inner = use_state(|| Inner::Files);
    let Some(v) = p.model.state.borrow().containers(p.sel.pod.as_ref()) else { return nothing(p) };
    let tab = |t: Inner, label: Ui, id: &'static str| {
        let active = *inner == t;
        let inner = inner.clone();
        let onclick = Callback::from(move |_: MouseEvent| inner.set(t));
        html! { <button class={classes!("subtab", active.then_some("active"))} data-tab={id} aria-pressed={active.to_string()} onclick={onclick}>{ tr(l, label) }</button> }
    };
    html! {
        <div id="container-view">
            <div class="pane-head">{ pod_picker(p, &v.choices, &v.key) }</div>
            { for v.containers.iter().map(|c| html!{
                <section class="container" data-container={c.name.clone()}>
                    <h3>{ format!("{} — {}", c.name, c.state) }</h3>
                    { for c.message.as_ref().map(|m| html!{ <p class="warn">{ m.clone() }</p> }) }
                    { process(l, &c.process) }
                    <p class="mounts">{ for c.mounts.iter().map(|(path, vol, ro, sub)| html!{
                        <span class="chip">{ format!("{path} ← {vol}{}{}", if *ro { " (ro)" } else { "" }, sub.as_ref().map(|s| format!(" subPath={s}")).unwrap_or_default()) }</span>
                    }) }</p>
                    <div class="tabs subtabs" role="group">
                        { tab(Inner::Files, Ui::FilesTheContainerSees, "files") }
                        { tab(Inner::Env, Ui::EnvironmentVariables, "env") }
                        { tab(Inner::Logs, Ui::Logs, "logs") }
                    </div>
                    { match *inner {
                        Inner::Files => files(l, c),
                        Inner::Env => env(l, c),
                        Inner::Logs => logs(l, &c.logs),
                    } }
                </section>
            }) }
        </div>
    }
}

/// The process: command line, state, exit code, restarts, last state, assumption.
fn process(l: Lang, p: &ProcessView) -> Html {
    let row = |label: Ui, value: Html| html! { <><dt>{ tr(l, label) }</dt><dd>{ value }</dd></> };
    let command = if p.command_line.is_empty() {
        html! { <span class="empty">{ tr(l, Ui::NoProcess) }</span> }
    } else {
        html! { <code class="cmdline">{ p.command_line.clone() }</code> }
    };
    html! {
        <div class="process">
            <h4>{ tr(l, Ui::Process) }</h4>
            <dl class="process-facts">
                { row(Ui::CommandLine, command) }
                { row(Ui::State, html!{ <span class="process-state">{ p.state.clone() }</span> }) }
                { row(Ui::ExitCode, html!{ <span class="exit-code">{ p.exit_code.map(|c| c.to_string()).unwrap_or_else(|| "—".to_owned()) }</span> }) }
                { row(Ui::Restarts, html!{ <span class="restarts">{ p.restarts }</span> }) }
                { for p.last_state.as_ref().map(|s| row(Ui::LastState, html!{ <span class="last-state">{ s.clone() }</span> })) }
            </dl>
            { for p.assumption.as_ref().map(|a| html!{ <p class="banner warn assumption"><strong>{ tr(l, Ui::Assumption) }{": "}</strong>{ a.clone() }</p> }) }
        </div>
    }
}

fn files(l: Lang, c: &ContainerView) -> Html {
    html! {
        <>
            { if c.files.is_empty() && c.env.is_empty() && !c.state.starts_with("Running") {
                html!{ <p class="empty">{ tr(l, Ui::NotStarted) }</p> }
            } else { html!{} } }
            <div class="files">{ for c.files.iter().map(|f| html!{
                <div class="file" data-path={f.path.clone()}>
                    <div class="file-head">
                        <code class="path">{ f.path.clone() }</code>
                        <code class="mode" title={tr(l, Ui::Mode)}>{ f.mode.clone() }</code>
                        <span class="num">{ format!("{} = {}", f.octal, f.decimal) }</span>
                        { if f.gid != 0 { html!{ <span class="num">{ format!("gid {}", f.gid) }</span> } } else { html!{} } }
                        { stale(l, f.stale.as_ref()) }
                    </div>
                    <pre class="content" tabindex="0">{ f.content.clone() }</pre>
                </div>
            }) }</div>
        </>
    }
}

/// The "stale" badge of a value set at container start whose source changed since.
fn stale(l: Lang, s: Option<&Stale>) -> Html {
    let Some(s) = s else { return html! {} };
    html! {
        <span class="stale">
            <span class="badge stale-badge" title={tr(l, Ui::StaleWhy)}>{ tr(l, Ui::StaleAtStart) }</span>{" "}
            { match s {
                Stale::Now(v) => html!{ <>{ tr(l, Ui::SourceNow) }{" "}<code class="now">{ v.clone() }</code></> },
                Stale::Gone => html!{ <span class="now">{ tr(l, Ui::SourceGone) }</span> },
            } }
        </span>
    }
}

fn env(l: Lang, c: &ContainerView) -> Html {
    html! {
        <table class="grid env">
            <thead><tr><th>{"NAME"}</th><th>{"VALUE"}</th><th>{ tr(l, Ui::Source) }</th></tr></thead>
            <tbody>{ for c.env.iter().map(|e| html!{
                <tr data-env={e.name.clone()}><td><code>{ e.name.clone() }</code></td><td><code>{ e.value.clone() }</code>{ stale(l, e.stale.as_ref()) }</td><td>{ e.source.clone() }</td></tr>
            }) }</tbody>
        </table>
    }
}

/// What `kubectl logs` prints (or the kubelet's refusal), then the previous run's log.
fn logs(l: Lang, v: &LogsView) -> Html {
    let lines = |ls: &[String]| {
        if ls.is_empty() {
            html! { <p class="empty">{ tr(l, Ui::EmptyLog) }</p> }
        } else {
            html! { <pre class="log" tabindex="0">{ ls.join("\n") }</pre> }
        }
    };
    html! {
        <div class="logs">
            <p class="log-command"><code>{ format!("$ {}", v.command) }</code></p>
            { match &v.current {
                Ok(ls) => lines(ls),
                Err(e) => html!{ <p class="warn log-error">{ format!("Error from server (BadRequest): {e}") }</p> },
            } }
            { for v.previous.as_ref().map(|ls| html!{
                <details class="previous-log">
                    <summary>{ tr(l, Ui::PreviousLog) }</summary>
                    { lines(ls) }
                </details>
            }) }
        </div>
    }
}
