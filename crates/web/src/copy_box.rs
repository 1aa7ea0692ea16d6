//! The share link in a box, selected, for copying by hand when the clipboard refused it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of the copy box.
#[derive(Properties, PartialEq)]
pub struct CopyBoxProps {
    /// The link.
    pub url: String,
    /// Its accessible label.
    pub label: AttrValue,
}

/// A read-only box holding the link, focused and selected when it appears.
#[function_component(CopyBox)]
pub fn copy_box(p: &CopyBoxProps) -> Html {
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(p.url.clone(), move |_| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let _ = el.focus();
                el.select();
            }
        });
    }
    let onfocus = Callback::from(|e: FocusEvent| {
        let el: HtmlInputElement = e.target_unchecked_into();
        el.select();
    });
    html! {
        <input id="share-url-box" class="share-box" type="text" readonly=true value={p.url.clone()} ref={input}
            aria-label={p.label.clone()} {onfocus} />
    }
}
