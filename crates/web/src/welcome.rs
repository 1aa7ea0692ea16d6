//! The first visit's welcome: start the first lesson, load the docs' example, or begin with an
//! empty editor. Shown while the reducer says so (`State::welcome`); any action closes it.

use kubeplay_scenario::i18n::{tr, Ui};
use kubeplay_scenario::{lessons, Action};
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::panels::PanelProps;

/// The welcome card, above the panes; the first choice takes the focus.
#[function_component(Welcome)]
pub fn welcome(p: &PanelProps) -> Html {
    let l = p.lang;
    let first_button = use_node_ref();
    {
        let first_button = first_button.clone();
        use_effect_with((), move |_| {
            if let Some(el) = first_button.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let lesson = lessons::first();
    let on_lesson = {
        let model = p.model.clone();
        let id = lesson.as_ref().map(|x| x.id.to_owned());
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = id.clone() {
                model.dispatch(Action::StartLesson(id));
            }
        })
    };
    let on_example = {
        let model = p.model.clone();
        Callback::from(move |_: MouseEvent| {
            // The docs' example: the secret `mysecret`, then the pod `mypod` that mounts it.
            model.dispatch(Action::AddExample("secret".to_owned()));
            model.dispatch(Action::AddExample("volume-pod".to_owned()));
        })
    };
    let on_empty = {
        let model = p.model.clone();
        Callback::from(move |_: MouseEvent| model.dispatch(Action::DismissWelcome))
    };
    let on_key = {
        let model = p.model.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                model.dispatch(Action::DismissWelcome);
            }
        })
    };
    html! {
        <section id="welcome" class="welcome" aria-labelledby="welcome-title" onkeydown={on_key}>
            <h2 id="welcome-title">{ tr(l, Ui::WelcomeTitle) }</h2>
            <p>{ tr(l, Ui::WelcomeBody) }</p>
            <div class="welcome-actions">
                { for lesson.map(|x| html! {
                    <button id="welcome-lesson" class="primary" ref={first_button.clone()} onclick={on_lesson}>
                        { tr(l, Ui::WelcomeLesson) }{ ": " }{ x.title.get(l.code()).to_owned() }
                    </button>
                }) }
                <button id="welcome-example" onclick={on_example}>{ tr(l, Ui::WelcomeExample) }</button>
                <button id="welcome-empty" onclick={on_empty}>{ tr(l, Ui::WelcomeEmpty) }</button>
            </div>
        </section>
    }
}
