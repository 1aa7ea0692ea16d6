//! The kubeplay playground in the browser. This crate only renders the views computed
//! by `kubeplay-scenario` and dispatches user actions to it; every rule lives below.

mod i18n;
mod panels;
mod state;
mod storage;

use i18n::{tr, Lang};
use state::{Model, Msg};
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
    /// The kubectl console.
    Console,
}

impl Tab {
    const ALL: [Tab; 8] =
        [Tab::Lessons, Tab::Resources, Tab::Secret, Tab::Pod, Tab::Container, Tab::Node, Tab::Etcd, Tab::Console];
    fn label(self) -> &'static str {
        match self {
            Tab::Lessons => "Lessons",
            Tab::Resources => "Resources",
            Tab::Secret => "Secret",
            Tab::Pod => "Pod",
            Tab::Container => "Container",
            Tab::Node => "Node",
            Tab::Etcd => "etcd",
            Tab::Console => "Console",
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
    let l = *lang;

    // Save the recipe whenever it changes: nothing is lost on reload.
    {
        let model = model.clone();
        use_effect_with(model.version, move |_| {
            storage::save_recipe(&model.pg.borrow().recipe().to_json());
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
                    model.dispatch(Msg::OpenLink(frag));
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
                    if model.pg.borrow().cluster().is_idle() {
                        playing2.set(false);
                    } else {
                        model.dispatch(Msg::Step);
                    }
                })
            });
            move || drop(interval)
        });
    }

    let pg = model.pg.borrow();
    let cluster = pg.cluster();
    let now = kubeplay_kubectl::printers::event_time(cluster.now_ms());

    let on_editor_input = {
        let model = model.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            model.dispatch(Msg::SetEditor(t.value()));
        })
    };
    let on_editor_key = {
        let model = model.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                model.dispatch(Msg::Apply);
            }
        })
    };
    let dispatch = |m: fn() -> Msg| {
        let model = model.clone();
        Callback::from(move |_: MouseEvent| model.dispatch(m()))
    };
    let on_example = {
        let model = model.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            let id = s.value();
            if let Some(ex) = kubeplay_scenario::examples::EXAMPLES.iter().find(|x| x.id == id) {
                let cur = model.pg.borrow().recipe().editor.clone();
                let text =
                    if cur.trim().is_empty() { ex.text.to_owned() } else { format!("{}\n---\n{}", cur.trim_end(), ex.text) };
                model.dispatch(Msg::SetEditor(text));
            }
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
            if let Ok(s) = jump.trim().parse::<f64>() {
                if (0.0..=86_400.0).contains(&s) {
                    model.dispatch(Msg::JumpTo((s * 1000.0) as u64));
                }
            }
        })
    };
    let on_copy = {
        let model = model.clone();
        let notice = notice.clone();
        let share = share.clone();
        Callback::from(move |_: MouseEvent| {
            let frag = kubeplay_scenario::link::encode(model.pg.borrow().recipe());
            share.set(storage::copy_link(&frag));
            notice.set(Some(
                tr(l, "Link copied. It carries your manifests in the clear: secret values in base64 are not encrypted.")
                    .to_owned(),
            ));
        })
    };
    let on_reset = {
        let model = model.clone();
        Callback::from(move |_: MouseEvent| {
            let ok = web_sys::window()
                .and_then(|w| w.confirm_with_message(tr(l, "Erase the editor, the cluster and its history?")).ok())
                .unwrap_or(false);
            if ok {
                model.dispatch(Msg::Reset);
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

    let editor = pg.recipe().editor.clone();
    let line_count = editor.lines().count().max(1) + usize::from(editor.ends_with('\n'));
    let error_lines: Vec<usize> = pg.last_apply().iter().filter(|d| d.error).map(|d| d.line).collect();
    let banner = model.error.clone().map(|e| html! {
        <div class="banner error" role="alert" id="link-error"><strong>{ tr(l, "This link could not be opened") }{": "}</strong>{ e }</div>
    });

    html! {
        <div class="app">
            <header>
                <h1>{"kubeplay"}<small>{ tr(l, "Kubernetes Secrets playground") }{" · v1.33"}</small></h1>
                <div class="header-actions">
                    <button id="copy-link" onclick={on_copy}>{ tr(l, "Copy link") }</button>
                    <code id="share-url" class="share-url">{ (*share).clone() }</code>
                    <button id="reset" class="danger" onclick={on_reset}>{ tr(l, "Reset") }</button>
                    <label>{ tr(l, "Language") }{" "}
                        <select id="lang" onchange={on_lang} aria-label="Language">
                            <option value="en" selected={l == Lang::En}>{"English"}</option>
                            <option value="ko" selected={l == Lang::Ko}>{"한국어"}</option>
                        </select>
                    </label>
                </div>
            </header>
            { for banner }
            { for notice.as_ref().map(|n| html!{ <div class="banner info" role="status" id="notice">{ n.clone() }</div> }) }
            <p class="simulated">{ tr(l, "Simulated: no real containers run and nothing leaves your browser.") }</p>
            <main>
                <section class="editor-pane" aria-label={tr(l, "Manifests")}>
                    <div class="pane-head">
                        <h2>{ tr(l, "Manifests") }</h2>
                        <select id="examples" onchange={on_example} aria-label={tr(l, "Examples…")}>
                            <option value="" selected=true>{ tr(l, "Examples…") }</option>
                            { for kubeplay_scenario::examples::EXAMPLES.iter().map(|x| html!{
                                <option value={x.id}>{ if l == Lang::Ko { x.title_ko } else { x.title_en } }</option>
                            }) }
                        </select>
                        <button id="apply" class="primary" onclick={dispatch(|| Msg::Apply)} title={tr(l, "Ctrl+Enter applies")}>{ tr(l, "Apply") }</button>
                    </div>
                    <div class="editor">
                        <pre class="gutter" aria-hidden="true">{ gutter(line_count, &error_lines) }</pre>
                        <textarea id="editor" spellcheck="false" aria-label={tr(l, "Manifests")}
                            value={editor} oninput={on_editor_input} onkeydown={on_editor_key}
                            style={format!("height:{}px", (line_count.max(12) + 1) * 19 + 12)} />
                    </div>
                    <div id="apply-results" class="results" aria-live="polite">
                        { for pg.last_apply().iter().map(|d| html!{
                            <div class={classes!("result", d.error.then_some("err"))} data-line={d.line.to_string()}>
                                <span class="at">{ format!("L{}", d.line) }</span>
                                <pre>{ d.text.clone() }</pre>
                            </div>
                        }) }
                    </div>
                </section>
                <section class="time-pane" aria-label={tr(l, "Timeline")}>
                    <div class="controls" role="toolbar" aria-label={tr(l, "Time")}>
                        <button id="step-back" onclick={dispatch(|| Msg::StepBack)}>{"‹ "}{ tr(l, "Step back") }</button>
                        <button id="step" onclick={dispatch(|| Msg::Step)}>{ tr(l, "Step") }{" ›"}</button>
                        <button id="play" onclick={on_play}>{ if *playing { tr(l, "Pause") } else { tr(l, "Play") } }</button>
                        <select id="speed" onchange={on_speed} aria-label={tr(l, "steps/s")}>
                            { for [1u32, 5, 20, 100].iter().map(|s| html!{ <option value={s.to_string()} selected={*speed == *s}>{ format!("{s} {}", tr(l, "steps/s")) }</option> }) }
                        </select>
                        <button id="run-idle" onclick={dispatch(|| Msg::RunIdle)}>{ tr(l, "Run until idle") }</button>
                        <form class="jump" onsubmit={on_jump}>
                            <label>{ tr(l, "Jump to (s)") }{" "}<input id="jump" type="number" min="0" step="0.5" value={(*jump).clone()} oninput={on_jump_input} /></label>
                            <button type="submit">{ tr(l, "Go") }</button>
                        </form>
                        <span class="clock" id="clock" aria-live="polite">{ format!("{}: {now} · {} {}", tr(l, "now"), tr(l, "step"), cluster.steps()) }</span>
                    </div>
                    <panels::SettingsForm model={model.clone()} lang={l} />
                    <panels::Goals model={model.clone()} lang={l} />
                    <panels::Timeline model={model.clone()} lang={l} />
                </section>
                <section class="view-pane">
                    <nav class="tabs" role="tablist">
                        { for Tab::ALL.iter().map(|t| html!{
                            <button id={t.id()} role="tab" aria-selected={(sel.tab == *t).to_string()} class={classes!((sel.tab == *t).then_some("active"))}
                                onclick={set_tab(*t)}>{ tr(l, t.label()) }</button>
                        }) }
                    </nav>
                    <div class="view" role="tabpanel">
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
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")) {
        yew::Renderer::<App>::with_root(root).render();
    }
}
