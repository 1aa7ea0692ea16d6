//! The timeline: the Kubernetes Events and the steps inside the kubelet between them
//! (filterable), and the explanation of the current step. Clicking an entry shows the
//! cluster right after it.

use kubeplay_scenario::app::{Entry, TimelineFilter};
use kubeplay_scenario::i18n::{tr, Lang, Ui};
use kubeplay_scenario::Action;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::common::{PanelProps, VirtualList};

/// Timeline rows hold two lines.
const EVENT_ROW_PX: f64 = 42.0;

/// The event timeline; clicking an entry shows the cluster right after it.
#[function_component(Timeline)]
pub fn timeline(p: &PanelProps) -> Html {
    let l = p.lang;
    let filter = use_state(TimelineFilter::default);
    let selected = use_state(|| Option::<Entry>::None);
    let st = p.model.state.borrow();
    let entries = std::rc::Rc::new(st.timeline_entries(*filter));
    let any = !st.timeline_entries(TimelineFilter::All).is_empty();
    if !any {
        return html! { <p class="empty" id="timeline-empty">{ tr(l, Ui::NoEvents) }</p> };
    }
    let render = {
        let model = p.model.clone();
        let selected = selected.clone();
        let entries = entries.clone();
        Callback::from(move |i: usize| {
            // Only the rows in view are built.
            let Some(entry) = entries.get(i).copied() else { return html! {} };
            let Some(r) = model.state.borrow().timeline_entry(entry) else { return html! {} };
            let step = r.step;
            let model = model.clone();
            let selected2 = selected.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                selected2.set(Some(entry));
                model.dispatch(Action::GoToStep(step));
            });
            let kind = if r.inside { "inside".to_owned() } else { r.type_.to_lowercase() };
            html! {
                <button class={classes!("event", kind, (*selected == Some(entry)).then_some("sel"))} onclick={onclick}
                    title={if l == Lang::Ko { r.explain_ko.clone() } else { r.explain_en.clone() }}>
                    <span class="line1">
                        <span class="t" title={r.exact.clone()}>{ r.time.clone() }</span>
                        <span class="ty">{ if r.inside { tr(l, Ui::InsideKubelet).to_owned() } else { r.type_.clone() } }</span>
                        <span class="reason">{ r.reason.clone() }</span>
                        <span class="obj">{ r.object.clone() }</span>
                    </span>
                    <span class="msg">{ r.message.clone() }</span>
                </button>
            }
        })
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            filter.set(TimelineFilter::from_value(&s.value()));
        })
    };
    let explain = st.step_explanation(*selected, l);
    let clock = st.clock();
    let option = |v: &'static str, f: TimelineFilter, label: Ui| {
        html! { <option value={v} selected={*filter == f}>{ tr(l, label) }</option> }
    };
    html! {
        <div class="timeline">
            <div class="pane-head">
                <h2>{ tr(l, Ui::Timeline) }</h2>
                <label class="filter">{ tr(l, Ui::TimelineShow) }{" "}
                    <select id="timeline-filter" onchange={on_filter}>
                        { option("all", TimelineFilter::All, Ui::FilterAll) }
                        { option("events", TimelineFilter::Events, Ui::FilterEvents) }
                        { option("inside", TimelineFilter::Inside, Ui::FilterInside) }
                    </select>
                </label>
            </div>
            <VirtualList id="timeline" rows={entries.len()} row_px={EVENT_ROW_PX} height_px={360.0} render={render} stick_to_end={true} />
            { for explain.map(|e| html!{
                <p class="explain" id="explain" aria-live="polite">
                    <strong class="explain-step">{ format!("{} {} · {}", tr(l, Ui::StepWord), clock.steps, clock.now) }</strong>{" "}{ e }
                </p>
            }) }
        </div>
    }
}
