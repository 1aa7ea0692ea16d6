//! The event timeline; clicking an event shows the cluster right after it.

use kubeplay_scenario::i18n::{tr, Lang, Ui};
use kubeplay_scenario::Action;
use yew::prelude::*;

use super::common::{PanelProps, VirtualList};

/// Timeline rows hold two lines.
const EVENT_ROW_PX: f64 = 42.0;

/// The event timeline; clicking an event shows the cluster right after it.
#[function_component(Timeline)]
pub fn timeline(p: &PanelProps) -> Html {
    let l = p.lang;
    let count = p.model.state.borrow().timeline_len();
    let selected = use_state(|| Option::<usize>::None);
    if count == 0 {
        return html! { <p class="empty" id="timeline-empty">{ tr(l, Ui::NoEvents) }</p> };
    }
    let render = {
        let model = p.model.clone();
        let selected = selected.clone();
        Callback::from(move |i: usize| {
            // Only the rows in view are built.
            let Some(r) = model.state.borrow().timeline_row(i) else { return html! {} };
            let step = r.step;
            let model = model.clone();
            let selected2 = selected.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                selected2.set(Some(i));
                model.dispatch(Action::GoToStep(step));
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
    let explain = p.model.state.borrow().explanation(*selected, l);
    html! {
        <div class="timeline">
            <h2>{ tr(l, Ui::Timeline) }</h2>
            <VirtualList id="timeline" rows={count} row_px={EVENT_ROW_PX} height_px={360.0} render={render} />
            { for explain.map(|e| html!{ <p class="explain" id="explain">{ e }</p> }) }
        </div>
    }
}
