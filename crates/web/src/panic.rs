//! The panic hook: when kubeplay hits a bug, the learner's work is saved first, then a banner
//! says what happened and offers a reload. Release builds abort on panic (`panic = "abort"`);
//! the hook still runs, before the abort.
//!
//! Yew is gone once a panic unwinds into it, so the banner is plain DOM and its reload is a
//! plain link to the page (no script: the CSP allows none inline, and the wasm has stopped).

use kubeplay_scenario::app::rescue;
use kubeplay_scenario::i18n::{tr, Ui};
use wasm_bindgen::JsCast;

use crate::storage;

/// Installs the hook; first thing in `main`. Through Yew's `set_custom_panic_hook`: its
/// `Renderer` would otherwise replace any hook with `console_error_panic_hook`.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("kubeplay: {info}").into());
        let saved = save_work();
        show_banner(saved);
    }));
}

/// Whether the page was opened with `?debug-panic` (only the browser tests do): the next Apply
/// then panics on purpose, so the tests can check the hook.
pub fn debug_panic_armed() -> bool {
    web_sys::window().and_then(|w| w.location().search().ok()).is_some_and(|q| q.contains("debug-panic"))
}

/// Saves the editor text into the last saved session; false when the browser refused.
fn save_work() -> bool {
    let editor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("editor"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|t| t.value());
    match rescue(storage::load_recipe().as_deref(), editor.as_deref()) {
        Some(json) => storage::save_recipe(&json),
        None => true,
    }
}

/// Puts the banner at the top of the page (once).
fn show_banner(saved: bool) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if doc.get_element_by_id("panic-banner").is_some() {
        return;
    }
    let (Some(body), Ok(banner), Ok(reload)) = (doc.body(), doc.create_element("div"), doc.create_element("a")) else {
        return;
    };
    let l = storage::load_lang();
    let _ = banner.set_attribute("id", "panic-banner");
    let _ = banner.set_attribute("class", "banner error panic");
    let _ = banner.set_attribute("role", "alert");
    banner.set_text_content(Some(tr(l, if saved { Ui::Crashed } else { Ui::CrashedUnsaved })));
    // The page without its query (`?debug-panic` would strike again) reloads the saved work.
    let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_else(|| "/".to_owned());
    let _ = reload.set_attribute("id", "panic-reload");
    let _ = reload.set_attribute("class", "button primary");
    let _ = reload.set_attribute("href", &path);
    reload.set_text_content(Some(tr(l, Ui::Reload)));
    let _ = banner.append_child(&reload);
    let _ = body.insert_before(&banner, body.first_child().as_ref());
}
