//! The token inspector: paste a service-account token or pick a pod's, see it decoded, its
//! signature checked and the API server's verdict (`kubeplay_scenario::app::TokenView`).

use kubeplay_scenario::app::TokenSource;
use kubeplay_scenario::i18n::{tr, Ui};
use yew::prelude::*;

use super::common::PanelProps;

/// The token inspector view.
#[function_component(TokenPanel)]
pub fn token_panel(p: &PanelProps) -> Html {
    let l = p.lang;
    let source = use_state(|| TokenSource::Pasted(String::new()));
    let v = p.model.state.borrow().token_inspector(&source);
    let pasted = match &*source {
        TokenSource::Pasted(t) => t.clone(),
        TokenSource::Pod(..) => String::new(),
    };
    let picked = match &*source {
        TokenSource::Pod(ns, n) => format!("{ns}/{n}"),
        TokenSource::Pasted(_) => String::new(),
    };
    let oninput = {
        let source = source.clone();
        Callback::from(move |e: InputEvent| {
            let i: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            source.set(TokenSource::Pasted(i.value()));
        })
    };
    let onchange = {
        let source = source.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = s.value();
            source.set(match value.split_once('/') {
                Some((ns, n)) => TokenSource::Pod(ns.to_owned(), n.to_owned()),
                None => TokenSource::Pasted(String::new()),
            });
        })
    };
    html! {
        <div id="token-view">
            <p class="empty">{ tr(l, Ui::TokensHelp) }</p>
            <label class="token-input">{ tr(l, Ui::TokenPaste) }
                <textarea id="token-input" rows="4" spellcheck="false" value={pasted} oninput={oninput}></textarea>
            </label>
            <label>{ tr(l, Ui::TokenFromPod) }{ " " }
                <select id="token-pod" onchange={onchange}>
                    <option value="" selected={picked.is_empty()}>{ "—" }</option>
                    { for v.pods.iter().map(|(ns, n)| {
                        let key = format!("{ns}/{n}");
                        html! { <option value={key.clone()} selected={key == picked}>{ key }</option> }
                    }) }
                </select>
            </label>
            { match &v.report {
                None => html! {},
                Some(Err(e)) => html! { <p class="banner warn" id="token-error">{ e.clone() }</p> },
                Some(Ok(r)) => html! {
                    <>
                        <p id="token-verdict" class={classes!("banner", if r.valid { "ok" } else { "warn" })}>
                            <strong>{ tr(l, if r.valid { Ui::TokenAccepted } else { Ui::TokenRejected }) }</strong>
                            { format!(": {}", r.verdict) }
                        </p>
                        <pre id="token-report" class={classes!("token-report", (!r.signature_valid).then_some("forged"))} tabindex="0">{ r.text.clone() }</pre>
                    </>
                },
            } }
        </div>
    }
}
