//! What the panels share: their props, the windowed list, and selection callbacks.

use web_sys::Element;
use yew::prelude::*;

use kubeplay_scenario::i18n::Lang;

use crate::state::Model;
use crate::Selection;

/// Rows taller than this many are windowed: only the visible ones are rendered.
pub const ROW_PX: f64 = 26.0;

/// Props of a windowed list.
#[derive(Properties, PartialEq)]
pub struct VirtualListProps {
    /// How many rows.
    pub rows: usize,
    /// Row height.
    #[prop_or(ROW_PX)]
    pub row_px: f64,
    /// Height of the scrolling box.
    pub height_px: f64,
    /// Renders row `i`.
    pub render: Callback<usize, Html>,
    /// Element id.
    #[prop_or_default]
    pub id: AttrValue,
    /// Keep the newest (last) row in view when rows are added, as a log does.
    #[prop_or_default]
    pub stick_to_end: bool,
}

/// A scrolling list that renders only the rows in view (10,000 pods stay fluid).
#[function_component(VirtualList)]
pub fn virtual_list(p: &VirtualListProps) -> Html {
    let top = use_state(|| 0.0f64);
    let list = use_node_ref();
    {
        let (list, top, stick) = (list.clone(), top.clone(), p.stick_to_end);
        use_effect_with(p.rows, move |_| {
            if let Some(el) = list.cast::<Element>().filter(|_| stick) {
                el.set_scroll_top(el.scroll_height());
                top.set(f64::from(el.scroll_top()));
            }
        });
    }
    let onscroll = {
        let top = top.clone();
        Callback::from(move |e: Event| {
            let el: Element = e.target_unchecked_into();
            top.set(f64::from(el.scroll_top()));
        })
    };
    let row = p.row_px.max(1.0);
    let first = ((*top / row).floor() as usize).min(p.rows);
    let visible = (p.height_px / row).ceil() as usize + 2;
    let last = (first + visible).min(p.rows);
    let style = format!("max-height:{}px", p.height_px);
    let inner = format!("height:{}px;position:relative", p.rows as f64 * row);
    html! {
        <div class="vlist" ref={list} style={style} onscroll={onscroll} id={p.id.clone()} tabindex="0">
            <div style={inner}>
                { for (first..last).map(|i| html!{
                    <div class="vrow" style={format!("position:absolute;top:{}px;left:0;right:0;height:{}px", i as f64 * row, row)}>
                        { p.render.emit(i) }
                    </div>
                }) }
            </div>
        </div>
    }
}

/// Props shared by the panels.
#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// The app state.
    pub model: UseReducerHandle<Model>,
    /// The UI language.
    pub lang: Lang,
}

/// Props of the view panel.
#[derive(Properties, PartialEq)]
pub struct ViewProps {
    /// The app state.
    pub model: UseReducerHandle<Model>,
    /// The UI language.
    pub lang: Lang,
    /// Tab and selection.
    pub sel: UseStateHandle<Selection>,
}

/// A click that changes the selection.
pub fn select(sel: &UseStateHandle<Selection>, f: impl Fn(&mut Selection) + 'static) -> Callback<MouseEvent> {
    let sel = sel.clone();
    Callback::from(move |_: MouseEvent| {
        let mut s = (*sel).clone();
        f(&mut s);
        sel.set(s);
    })
}
