//! The audit log: the API server's events, newest first, filtered by a substring of the line.

use kubeplay_scenario::i18n::{tr, Ui};
use yew::prelude::*;

use super::common::PanelProps;

/// The audit view (`kubeplay_scenario::app::AuditView`).
#[function_component(AuditPanel)]
pub fn audit_panel(p: &PanelProps) -> Html {
    let l = p.lang;
    let filter = use_state(String::new);
    let v = p.model.state.borrow().audit(&filter);
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
            filter.set(i.value());
        })
    };
    html! {
        <div id="audit-view">
            if !v.enabled {
                <p class="banner warn" id="audit-off">{ tr(l, Ui::AuditOff) }</p>
            }
            if v.leaking > 0 {
                <p class="banner warn" id="audit-leak">{ tr(l, Ui::AuditLeak) }</p>
            }
            <p class="empty">{ tr(l, Ui::AuditHelp) }</p>
            <label>{ "event ⊇ " }<input id="audit-filter" value={(*filter).clone()} oninput={oninput} /></label>
            <p class="empty">{ format!("{} / {}", v.rows.len(), v.matching) }</p>
            { for v.rows.iter().map(|r| html!{
                <details class={classes!("audit-event", r.leaks_secret.then_some("leak"))}>
                    <summary>
                        <code>{ format!("{} {}", r.level, r.stage) }</code>{ " " }
                        <strong>{ r.summary.clone() }</strong>{ " " }
                        { format!("{}{}", r.user, r.code.map(|c| format!(" → {c}")).unwrap_or_default()) }
                    </summary>
                    <pre class="audit-line" tabindex="0">{ r.line.clone() }</pre>
                </details>
            }) }
        </div>
    }
}
