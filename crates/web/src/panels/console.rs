//! The kubectl console: history with ↑/↓, Tab completion, multi-line paste, and output
//! whose `secret/NAME` and `pod/NAME` open their views.

use kubeplay_scenario::app::{heredoc_open, Segment};
use kubeplay_scenario::i18n::{tr, Lang, Ui};
use kubeplay_scenario::Action;
use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::common::select;
use crate::state::Model;
use crate::{Selection, Tab};

/// Props of the console.
#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// The app state.
    pub model: UseReducerHandle<Model>,
    /// The UI language.
    pub lang: Lang,
    /// Tab and selection (links in the output change it).
    pub sel: UseStateHandle<Selection>,
}

/// Console output segments, object references as links to their views.
fn render_segments(segments: &[Segment], sel: &UseStateHandle<Selection>) -> Html {
    html! {
        <>{ for segments.iter().map(|s| match s {
            Segment::Text(t) => html! { { t.clone() } },
            Segment::Secret { namespace, name } => {
                let key = (namespace.clone(), name.clone());
                let open = select(sel, move |s| { s.secret = Some(key.clone()); s.tab = Tab::Secret; });
                html! { <button class="link obj-link" onclick={open}>{ format!("secret/{name}") }</button> }
            }
            Segment::Pod { namespace, name } => {
                let key = (namespace.clone(), name.clone());
                let open = select(sel, move |s| { s.pod = Some(key.clone()); s.tab = Tab::Pod; });
                html! { <button class="link obj-link" onclick={open}>{ format!("pod/{name}") }</button> }
            }
        }) }</>
    }
}

/// Whether the key event's textarea has text selected (Ctrl+C then copies it).
fn has_selection(e: &KeyboardEvent) -> bool {
    let t: HtmlTextAreaElement = e.target_unchecked_into();
    matches!((t.selection_start(), t.selection_end()), (Ok(Some(a)), Ok(Some(b))) if a != b)
}

/// The kubectl console: history with ↑/↓, Tab completion, multi-line paste.
#[function_component(ConsolePanel)]
pub fn console_panel(p: &ConsoleProps) -> Html {
    let l = p.lang;
    let input = use_state(String::new);
    let hist_pos = use_state(|| Option::<usize>::None);
    let hint = use_state(String::new);
    let transcript = use_node_ref();
    // A terminal keeps its newest output in sight: after every action, scroll to the end.
    {
        let transcript = transcript.clone();
        use_effect_with(p.model.version, move |_| {
            if let Some(el) = transcript.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let st = p.model.state.borrow();
    let history = st.history();
    let following = st.following();
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
        let hint = hint.clone();
        move || {
            hint.set(String::new());
            let text = (*input).clone();
            if !text.trim().is_empty() {
                model.dispatch(Action::Command(text));
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
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            // Ctrl+C stops a command still running, as in a terminal (unless text is selected to copy).
            "c" | "C" if e.ctrl_key() && following && !has_selection(&e) => {
                e.prevent_default();
                model.dispatch(Action::Interrupt);
            }
            // An open here-document keeps collecting lines.
            "Enter" if !e.shift_key() && !heredoc_open(&input) => {
                e.prevent_default();
                submit();
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
                let c = model.state.borrow().complete(&input);
                if c.input != *input {
                    input.set(c.input);
                }
                if let Some(h) = c.hint {
                    hint.set(h);
                }
            }
            _ => {}
        })
    };
    let onclick = {
        let submit = submit.clone();
        Callback::from(move |_: MouseEvent| submit())
    };
    let stop = {
        let model = p.model.clone();
        Callback::from(move |_: MouseEvent| model.dispatch(Action::Interrupt))
    };
    let placeholder = tr(l, if following { Ui::ConsoleFollowing } else { Ui::ConsolePlaceholder });
    html! {
        <div id="console" class="console">
            <pre class="transcript" id="transcript" ref={transcript} tabindex="0" aria-live="polite" aria-label={tr(l, Ui::Console)}>{ for st.console().iter().map(|e| html!{
                <>
                    <span class="cmd">{ format!("$ {}\n", e.command) }</span>
                    <span class="out">{ render_segments(&e.stdout, &p.sel) }</span>
                    <span class="err">{ e.stderr.clone() }</span>
                </>
            }) }</pre>
            <div class="prompt">
                <span aria-hidden="true">{"$"}</span>
                <textarea id="console-input" rows="2" spellcheck="false" value={(*input).clone()} oninput={oninput} onkeydown={onkeydown}
                    placeholder={placeholder} aria-label={tr(l, Ui::Console)} />
                { if following {
                    html! { <button id="console-stop" class="danger" onclick={stop}>{ tr(l, Ui::StopCommand) }</button> }
                } else {
                    html! { <button id="console-run" onclick={onclick}>{ tr(l, Ui::Run) }</button> }
                } }
            </div>
            { if hint.is_empty() { html!{} } else { html!{ <p class="hint">{ (*hint).clone() }</p> } } }
        </div>
    }
}
