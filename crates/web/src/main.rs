//! The kubeplay playground in the browser. This crate only renders the views computed
//! by `kubeplay-scenario` and dispatches user actions to it; every rule lives below.

mod copy_box;
mod panels;
mod panic;
mod state;
mod storage;
mod welcome;

use kubeplay_scenario::app::jump_target_ms;
use kubeplay_scenario::examples::EXAMPLES;
use kubeplay_scenario::i18n::{tr, Lang, Ui};
use kubeplay_scenario::{Action, Problem};
use state::Model;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

/// Which view the right-hand panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The lesson library.
    Lessons,
    /// Resource lists.
    Resources,
    /// One secret.
    Secret,
    /// `kubectl describe pod`.
    Pod,
    /// What a container sees.
    Container,
    /// The node's tmpfs.
    Node,
    /// Raw etcd.
    Etcd,
    /// The API server's audit log.
    Audit,
    /// The service-account token inspector.
    Tokens,
    /// The kubectl console.
    Console,
}

impl Tab {
    const ALL: [Tab; 10] = [
        Tab::Lessons,
        Tab::Resources,
        Tab::Secret,
        Tab::Pod,
        Tab::Container,
        Tab::Node,
        Tab::Etcd,
        Tab::Audit,
        Tab::Tokens,
        Tab::Console,
    ];
    fn label(self) -> Ui {
        match self {
            Tab::Lessons => Ui::Lessons,
            Tab::Resources => Ui::Resources,
            Tab::Secret => Ui::Secret,
            Tab::Pod => Ui::Pod,
            Tab::Container => Ui::Container,
            Tab::Node => Ui::Node,
            Tab::Etcd => Ui::Etcd,
            Tab::Audit => Ui::Audit,
            Tab::Tokens => Ui::Tokens,
            Tab::Console => Ui::Console,
        }
    }
    fn id(self) -> &'static str {
        match self {
            Tab::Lessons => "tab-lessons",
            Tab::Resources => "tab-resources",
            Tab::Secret => "tab-secret",
            Tab::Pod => "tab-pod",
            Tab::Container => "tab-container",
            Tab::Node => "tab-node",
            Tab::Etcd => "tab-etcd",
            Tab::Audit => "tab-audit",
            Tab::Tokens => "tab-tokens",
            Tab::Console => "tab-console",
        }
    }
}

/// What the user looks at: the tab and the selected objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The tab.
    pub tab: Tab,
    /// `namespace/name` of the selected secret.
    pub secret: Option<(String, String)>,
    /// `namespace/name` of the selected pod.
    pub pod: Option<(String, String)>,
    /// The selected node.
    pub node: Option<String>,
    /// Secret values shown.
    pub reveal: bool,
}

#[function_component(App)]
fn app() -> Html {
    let model = use_reducer(Model::load);
    let lang = use_state(storage::load_lang);
    let sel = use_state(|| Selection { tab: Tab::Resources, secret: None, pod: None, node: None, reveal: false });
    let playing = use_state(|| false);
    let speed = use_state(|| 5u32);
    let notice = use_state(|| Option::<String>::None);
    let jump = use_state(String::new);
    let share = use_state(String::new);
    let copied = use_state(|| Option::<bool>::None);
    let l = *lang;

    // The effects of the last action, at the edge: save the recipe (nothing is lost on
    // reload, and a refused save is reported), remember a completed lesson.
    {
        let model = model.clone();
        let notice = notice.clone();
        use_effect_with(model.version, move |_| {
            // A saved session that could not be restored moves to its own key before the save
            // below overwrites the saved session.
            if let Some(json) = &model.effects.keep_unrestorable {
                if !storage::keep_unrestorable(json) {
                    notice.set(Some(tr(l, Ui::SaveFailed).to_owned()));
                }
            }
            if let Some(why) = &model.effects.save_refused {
                notice.set(Some(format!("{}: {why}", tr(l, Ui::TooLargeToSave))));
            } else if notice.as_deref().is_some_and(|n| n.starts_with(tr(l, Ui::TooLargeToSave))) {
                notice.set(None);
            }
            // The set-aside copy first: the save below overwrites the saved session.
            if let Some(json) = &model.effects.set_aside {
                if !storage::save_set_aside(json) {
                    notice.set(Some(tr(l, Ui::SaveFailed).to_owned()));
                }
            }
            if let Some(json) = &model.effects.save_recipe {
                if !storage::save_recipe(json) {
                    notice.set(Some(tr(l, Ui::SaveFailed).to_owned()));
                }
            }
            if let Some(id) = &model.effects.lesson_completed {
                storage::mark_done(id);
            }
        });
    }
    {
        let code = l.code();
        use_effect_with(code, move |code| {
            storage::save_lang(code);
            if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = el.set_attribute("lang", code);
            }
        });
    }
    // A share link pasted into the address bar while the app is open.
    {
        let model = model.clone();
        let holder = use_mut_ref(|| Option::<wasm_bindgen::closure::Closure<dyn FnMut()>>::None);
        use_effect_with((), move |_| {
            let cb = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                if let Some(frag) = storage::take_fragment() {
                    model.dispatch(Action::OpenLink(frag));
                }
            });
            if let Some(w) = web_sys::window() {
                w.set_onhashchange(Some(wasm_bindgen::JsCast::unchecked_ref(cb.as_ref())));
            }
            *holder.borrow_mut() = Some(cb);
        });
    }
    // Play: one step per tick until nothing is left or paused.
    {
        let model = model.clone();
        let playing2 = playing.clone();
        use_effect_with((*playing, *speed), move |(on, speed)| {
            let interval = on.then(|| {
                let ms = 1000 / (*speed).max(1);
                gloo_timers::callback::Interval::new(ms, move || {
                    if model.state.borrow().is_idle() {
                        playing2.set(false);
                    } else {
                        model.dispatch(Action::Step);
                    }
                })
            });
            move || drop(interval)
        });
    }

    let st = model.state.borrow();
    let clock = st.clock();

    let on_editor_input = {
        let model = model.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            model.dispatch(Action::SetEditor(t.value()));
        })
    };
    let on_editor_key = {
        let model = model.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                model.dispatch(Action::Apply);
            }
        })
    };
    let dispatch = |m: fn() -> Action| {
        let model = model.clone();
        Callback::from(move |_: MouseEvent| model.dispatch(m()))
    };
    let on_apply = {
        let model = model.clone();
        Callback::from(move |_: MouseEvent| {
            // The browser tests' way to check the panic hook (README, "Browser tests").
            assert!(!panic::debug_panic_armed(), "debug-panic: a panic on purpose (the page was opened with ?debug-panic)");
            model.dispatch(Action::Apply);
        })
    };
    let on_example = {
        let model = model.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            model.dispatch(Action::AddExample(s.value()));
            s.set_value("");
        })
    };
    let on_play = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    let on_speed = {
        let speed = speed.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            speed.set(s.value().parse().unwrap_or(5));
        })
    };
    let on_jump_input = {
        let jump = jump.clone();
        Callback::from(move |e: InputEvent| {
            let i: HtmlInputElement = e.target_unchecked_into();
            jump.set(i.value());
        })
    };
    let on_jump = {
        let model = model.clone();
        let jump = jump.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(ms) = jump_target_ms(&jump) {
                model.dispatch(Action::JumpTo(ms));
            }
        })
    };
    let on_copy = {
        let model = model.clone();
        let notice = notice.clone();
        let share = share.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let frag = model.state.borrow().share_fragment();
            let (notice, copied) = (notice.clone(), copied.clone());
            share.set(storage::copy_link(&frag, move |ok| {
                // "Copied" only when the clipboard took it; otherwise the link waits, selected, in a box.
                copied.set(Some(ok));
                notice.set(Some(tr(l, if ok { Ui::LinkCopied } else { Ui::CopyByHand }).to_owned()));
            }));
        })
    };
    let on_reset = {
        let model = model.clone();
        Callback::from(move |_: MouseEvent| {
            let ok = web_sys::window().and_then(|w| w.confirm_with_message(tr(l, Ui::ConfirmReset)).ok()).unwrap_or(false);
            if ok {
                model.dispatch(Action::Reset);
            }
        })
    };
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            lang.set(Lang::from_code(&s.value()));
        })
    };
    let set_tab = |t: Tab| {
        let sel = sel.clone();
        Callback::from(move |_: MouseEvent| {
            let mut s = (*sel).clone();
            s.tab = t;
            sel.set(s);
        })
    };

    // The WAI-ARIA tabs pattern: arrow keys (and Home/End) move to the next tab and select it.
    let on_tab_key = {
        let sel = sel.clone();
        Callback::from(move |e: KeyboardEvent| {
            let i = Tab::ALL.iter().position(|t| *t == sel.tab).unwrap_or(0);
            let n = Tab::ALL.len();
            let to = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            let mut s = (*sel).clone();
            s.tab = Tab::ALL[to];
            sel.set(s);
            if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(Tab::ALL[to].id())) {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        })
    };
    let editor = st.editor();
    let has_previous = st.has_previous();
    let (prefix, banner_id) = match st.problem() {
        Problem::Link => (Ui::LinkError, "link-error"),
        Problem::SavedSession => (Ui::SavedSessionError, "saved-error"),
        Problem::Action => (Ui::ActionError, "action-error"),
    };
    let banner = st.error().map(|e| {
        html! {
            <div class="banner error" role="alert" id={banner_id}><strong>{ tr(l, prefix) }{": "}</strong>{ e.to_owned() }</div>
        }
    });

    html! {
        <div class="app">
            <header>
                <h1>{"kubeplay"}<small>{ tr(l, Ui::Title) }{" · v1.33"}</small></h1>
                <div class="header-actions">
                    <button id="copy-link" onclick={on_copy}>{ tr(l, Ui::CopyLink) }</button>
                    { if *copied == Some(false) {
                        html!{ <crate::copy_box::CopyBox url={(*share).clone()} label={tr(l, Ui::CopyByHand)} /> }
                    } else {
                        html!{}
                    } }
                    <code id="share-url" class="share-url">{ (*share).clone() }</code>
                    <button id="reset" class="danger" onclick={on_reset}>{ tr(l, Ui::Reset) }</button>
                    <label>{ tr(l, Ui::Language) }{" "}
                        <select id="lang" onchange={on_lang} aria-label="Language">
                            <option value="en" selected={l == Lang::En}>{"English"}</option>
                            <option value="ko" selected={l == Lang::Ko}>{"한국어"}</option>
                        </select>
                    </label>
                </div>
            </header>
            { for banner }
            { for notice.as_ref().map(|n| html!{ <div class="banner info" role="status" id="notice">{ n.clone() }</div> }) }
            { if has_previous {
                let model = model.clone();
                let onclick = Callback::from(move |_| model.dispatch(Action::RestorePrevious));
                html!{ <div class="banner info" role="status" id="set-aside">
                    { tr(l, Ui::WorkSetAside) }{ " " }
                    <button id="restore-previous" {onclick}>{ tr(l, Ui::RestorePrevious) }</button>
                </div> }
            } else { html!{} } }
            { if st.welcome() { html!{ <welcome::Welcome model={model.clone()} lang={l} /> } } else { html!{} } }
            <p class="simulated">{ tr(l, Ui::Simulated) }</p>
            <main>
                <section class="editor-pane" aria-label={tr(l, Ui::Manifests)}>
                    <div class="pane-head">
                        <h2>{ tr(l, Ui::Manifests) }</h2>
                        <select id="examples" onchange={on_example} aria-label={tr(l, Ui::Examples)}>
                            <option value="" selected=true>{ tr(l, Ui::Examples) }</option>
                            { for EXAMPLES.iter().map(|x| html!{
                                <option value={x.id}>{ if l == Lang::Ko { x.title_ko } else { x.title_en } }</option>
                            }) }
                        </select>
                        <button id="apply" class="primary" onclick={on_apply} title={tr(l, Ui::CtrlEnterApplies)}>{ tr(l, Ui::Apply) }</button>
                    </div>
                    <div class="editor">
                        <pre class="gutter" aria-hidden="true">{ gutter(editor.line_count, &editor.error_lines) }</pre>
                        <textarea id="editor" spellcheck="false" aria-label={tr(l, Ui::Manifests)} placeholder={tr(l, Ui::EditorPlaceholder)}
                            value={editor.text.clone()} oninput={on_editor_input} onkeydown={on_editor_key}
                            style={format!("height:{}px", (editor.line_count.max(12) + 1) * 19 + 12)} />
                    </div>
                    <div id="apply-results" class="results" aria-live="polite">
                        { for editor.results.iter().map(|d| html!{
                            <div class={classes!("result", d.error.then_some("err"))} data-line={d.line.to_string()}>
                                <span class="at">{ format!("L{}", d.line) }</span>
                                <pre>{ d.text.clone() }</pre>
                            </div>
                        }) }
                    </div>
                </section>
                <section class="time-pane" aria-label={tr(l, Ui::Timeline)}>
                    <div class="controls" role="toolbar" aria-label={tr(l, Ui::Time)}>
                        <button id="step-back" onclick={dispatch(|| Action::StepBack)}>{"‹ "}{ tr(l, Ui::StepBack) }</button>
                        <button id="step" onclick={dispatch(|| Action::Step)}>{ tr(l, Ui::Step) }{" ›"}</button>
                        <button id="play" onclick={on_play}>{ if *playing { tr(l, Ui::Pause) } else { tr(l, Ui::Play) } }</button>
                        <select id="speed" onchange={on_speed} aria-label={tr(l, Ui::StepsPerSecond)}>
                            { for [1u32, 5, 20, 100].iter().map(|s| html!{ <option value={s.to_string()} selected={*speed == *s}>{ format!("{s} {}", tr(l, Ui::StepsPerSecond)) }</option> }) }
                        </select>
                        <button id="run-idle" onclick={dispatch(|| Action::RunIdle)}>{ tr(l, Ui::RunIdle) }</button>
                        <form class="jump" onsubmit={on_jump}>
                            <label>{ tr(l, Ui::JumpTo) }{" "}<input id="jump" type="number" min="0" step="0.5" value={(*jump).clone()} oninput={on_jump_input} /></label>
                            <button type="submit">{ tr(l, Ui::Go) }</button>
                        </form>
                        <span class="clock" id="clock" aria-live="polite">{ format!("{}: {} · {} {}", tr(l, Ui::Now), clock.now, tr(l, Ui::StepWord), clock.steps) }</span>
                    </div>
                    <panels::SettingsForm model={model.clone()} lang={l} />
                    <panels::Goals model={model.clone()} lang={l} />
                    <panels::Timeline model={model.clone()} lang={l} />
                </section>
                <section class="view-pane">
                    <nav class="tabs" role="tablist" aria-label={tr(l, Ui::Views)} onkeydown={on_tab_key}>
                        { for Tab::ALL.iter().map(|t| html!{
                            <button id={t.id()} role="tab" aria-selected={(sel.tab == *t).to_string()} aria-controls="view"
                                tabindex={if sel.tab == *t { "0" } else { "-1" }} class={classes!((sel.tab == *t).then_some("active"))}
                                onclick={set_tab(*t)}>{ tr(l, t.label()) }</button>
                        }) }
                    </nav>
                    <div class="view" id="view" role="tabpanel" aria-labelledby={sel.tab.id()}>
                        <panels::View model={model.clone()} lang={l} sel={sel.clone()} />
                    </div>
                </section>
            </main>
        </div>
    }
}

/// Line numbers as a few text nodes (one per run of lines without errors), error lines marked.
fn gutter(lines: usize, errors: &[usize]) -> Html {
    let mut parts = Vec::new();
    let mut run = String::new();
    for n in 1..=lines {
        if errors.contains(&n) {
            if !run.is_empty() {
                parts.push(html! { { std::mem::take(&mut run) } });
            }
            parts.push(html! { <span class="ln err">{ n }</span> });
            run.push('\n');
        } else {
            run.push_str(&n.to_string());
            run.push('\n');
        }
    }
    if !run.is_empty() {
        parts.push(html! { { run } });
    }
    html! { <>{ for parts }</> }
}

fn main() {
    panic::install();
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")) {
        yew::Renderer::<App>::with_root(root).render();
    }
}
