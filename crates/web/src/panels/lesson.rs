//! The lesson menu, the goals of the lesson followed (ticking live), and the cluster
//! settings form.

use kubeplay_scenario::app::{lesson_blocks, set_field, settings_summary, strategy_name, Block, Inline, SettingsField};
use kubeplay_scenario::i18n::{tr, Ui};
use kubeplay_scenario::Action;
use yew::prelude::*;

use super::common::{PanelProps, ViewProps};
use crate::Tab;

/// The lesson library; a click starts a lesson.
pub fn lessons(p: &ViewProps) -> Html {
    let l = p.lang;
    let rows = p.model.state.borrow().lessons(&crate::storage::load_progress());
    html! {
        <div id="lessons">
            <h3>{ tr(l, Ui::Lessons) }</h3>
            <ol class="lesson-list">{ for rows.into_iter().map(|info| {
                let id = info.id.to_owned();
                let model = p.model.clone();
                let sel = p.sel.clone();
                let start = Callback::from(move |_: MouseEvent| {
                    model.dispatch(Action::StartLesson(id.clone()));
                    let mut x = (*sel).clone();
                    x.tab = Tab::Resources;
                    sel.set(x);
                });
                html!{
                    <li class={classes!(info.current.then_some("current"))} data-lesson={info.id}>
                        <span class="tick" aria-label={if info.done { "done" } else { "" }}>{ if info.done { "✓" } else { "·" } }</span>
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
    let Some(g) = p.model.state.borrow().goals_view() else { return html! {} };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let leave = {
        let model = p.model.clone();
        Callback::from(move |_: MouseEvent| model.dispatch(Action::LeaveLesson))
    };
    html! {
        <div class="goals" id="goals">
            <div class="pane-head">
                <h2>{ g.title.get(l.code()).to_owned() }</h2>
                <button onclick={toggle} aria-expanded={open.to_string()}>{ if *open { "−" } else { "+" } }</button>
                <button onclick={leave}>{ tr(l, Ui::LeaveLesson) }</button>
            </div>
            { if *open { html!{ <div class="lesson-text">{ for lesson_blocks(g.text.get(l.code())).iter().map(block) }</div> } } else { html!{} } }
            <h3>{ tr(l, Ui::Goals) }{ if g.all_met { " ✓" } else { "" } }</h3>
            <ul class="goal-list">{ for g.results.iter().map(|r| html!{
                <li class={classes!("goal", r.met.then_some("met"))} title={r.detail.clone()}>
                    <span class="tick">{ if r.met { "✓" } else { "○" } }</span>{ r.text.get(l.code()).to_owned() }
                </li>
            }) }</ul>
        </div>
    }
}

/// A lesson paragraph: a command block, or prose with its list items.
fn block(b: &Block) -> Html {
    match b {
        Block::Code(code) => html! { <pre class="lesson-code" tabindex="0">{ code.clone() }</pre> },
        Block::Prose { intro, items } => html! {
            <>
                { if intro.is_empty() { html!{} } else { html!{ <p>{ inline(intro) }</p> } } }
                { if items.is_empty() { html!{} } else { html!{ <ul>{ for items.iter().map(|i| html!{ <li>{ inline(i) }</li> }) }</ul> } } }
            </>
        },
    }
}

/// Text with `code` runs.
fn inline(runs: &[Inline]) -> Html {
    html! {
        <>{ for runs.iter().map(|r| if r.code {
            html!{ <code>{ r.text.clone() }</code> }
        } else {
            html!{ { r.text.clone() } }
        }) }</>
    }
}

/// Cluster settings (nodes, strategy, sync period, cache TTL, seed); applying them replays
/// the session on a new cluster.
#[function_component(SettingsForm)]
pub fn settings_form(p: &PanelProps) -> Html {
    let l = p.lang;
    let current = p.model.state.borrow().settings();
    let draft = use_state(|| current.clone());
    {
        let draft = draft.clone();
        let current = current.clone();
        use_effect_with(current, move |c| draft.set(c.clone()));
    }
    let field = |f: SettingsField| {
        let draft = draft.clone();
        move |value: String| {
            let mut d = (*draft).clone();
            set_field(&mut d, f, &value);
            draft.set(d);
        }
    };
    let num = |f: SettingsField| {
        let set = field(f);
        Callback::from(move |e: InputEvent| {
            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
            set(i.value());
        })
    };
    let on_strategy = {
        let set = field(SettingsField::Strategy);
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            set(s.value());
        })
    };
    let apply = {
        let model = p.model.clone();
        let draft = draft.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            model.dispatch(Action::SetSettings((*draft).clone()));
        })
    };
    let d = (*draft).clone();
    let strategy = strategy_name(d.strategy);
    html! {
        <details class="settings" id="settings">
            <summary>{ tr(l, Ui::ClusterSettings) }{ settings_summary(&current) }</summary>
            <form onsubmit={apply} class="settings-form">
                <label>{ tr(l, Ui::Nodes) }{" "}<input id="set-nodes" type="number" min="1" max="100" value={d.nodes.to_string()} oninput={num(SettingsField::Nodes)} /></label>
                <label>{"configMapAndSecretChangeDetectionStrategy "}
                    <select id="set-strategy" onchange={on_strategy}>
                        { for ["Watch", "Cache", "Get"].iter().map(|s| html!{ <option value={*s} selected={strategy == *s}>{ *s }</option> }) }
                    </select>
                </label>
                <label>{"syncFrequency (s) "}<input id="set-sync" type="number" min="1" max="3600" value={(d.sync_period_ms / 1000).to_string()} oninput={num(SettingsField::SyncSeconds)} /></label>
                <label title={tr(l, Ui::CacheTtlHelp)}>{ tr(l, Ui::CacheTtlOverride) }{" "}<input id="set-ttl" type="number" min="0" max="3600" value={(d.cache_ttl_ms / 1000).to_string()} oninput={num(SettingsField::TtlSeconds)} /></label>
                <label>{"seed "}<input id="set-seed" type="number" min="0" value={d.seed.to_string()} oninput={num(SettingsField::Seed)} /></label>
                <button type="submit" id="set-apply">{ tr(l, Ui::ReplayWithSettings) }</button>
            </form>
        </details>
    }
}
