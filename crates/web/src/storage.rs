//! The browser edges: local storage, the URL fragment, the clipboard.

use kubeplay_scenario::i18n::Lang;

const RECIPE_KEY: &str = "kubeplay.recipe.v1";
const LANG_KEY: &str = "kubeplay.lang";
const SET_ASIDE_KEY: &str = "kubeplay.recipe.set-aside.v1";
const UNRESTORABLE_KEY: &str = "kubeplay.recipe.unrestorable.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved recipe JSON, if any.
pub fn load_recipe() -> Option<String> {
    storage()?.get_item(RECIPE_KEY).ok()?
}

/// Saves the recipe JSON; false when storage is full or disabled (the UI says so).
pub fn save_recipe(json: &str) -> bool {
    storage().is_some_and(|s| s.set_item(RECIPE_KEY, json).is_ok())
}

/// Moves a saved recipe that could not be restored to its own key (removed first, so a copy
/// near the quota still fits); on refusal it is put back and false is returned (the UI says so).
pub fn keep_unrestorable(json: &str) -> bool {
    let Some(s) = storage() else { return false };
    let _ = s.remove_item(RECIPE_KEY);
    if s.set_item(UNRESTORABLE_KEY, json).is_ok() {
        return true;
    }
    let _ = s.set_item(RECIPE_KEY, json);
    false
}

/// The session a share link set aside, if any.
pub fn load_set_aside() -> Option<String> {
    storage()?.get_item(SET_ASIDE_KEY).ok()?
}

/// Keeps a session aside (empty: forget it); false when storage refuses (the UI says so).
pub fn save_set_aside(json: &str) -> bool {
    let Some(s) = storage() else { return false };
    if json.is_empty() {
        return s.remove_item(SET_ASIDE_KEY).is_ok();
    }
    s.set_item(SET_ASIDE_KEY, json).is_ok()
}

/// The saved language, else the browser's.
pub fn load_lang() -> Lang {
    if let Some(code) = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten()) {
        return Lang::from_code(&code);
    }
    let browser = web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_default();
    Lang::from_code(&browser)
}

/// Remembers the language.
pub fn save_lang(code: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, code);
    }
}

/// Takes the URL fragment (a share link) and removes it from the address bar, so a
/// reload shows the saved work rather than the link again.
pub fn take_fragment() -> Option<String> {
    let w = web_sys::window()?;
    let hash = w.location().hash().ok()?;
    if hash.len() <= 1 {
        return None;
    }
    if let Ok(h) = w.history() {
        let path = w.location().pathname().unwrap_or_else(|_| "/".to_owned());
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    Some(hash)
}

/// Offers the share link for `fragment` to the clipboard and returns it; `done` learns whether
/// the clipboard accepted it (plain HTTP on a LAN address has no clipboard API at all).
pub fn copy_link(fragment: &str, done: impl FnOnce(bool) + 'static) -> String {
    let Some(w) = web_sys::window() else { return String::new() };
    let loc = w.location();
    let base = format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default());
    let url = format!("{base}#{fragment}");
    let nav = w.navigator();
    let has_clipboard = js_sys::Reflect::get(&nav, &"clipboard".into()).is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        done(false);
        return url;
    }
    let promise = nav.clipboard().write_text(&url);
    wasm_bindgen_futures::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
    url
}

const PROGRESS_KEY: &str = "kubeplay.progress.v1";

/// The ids of the lessons whose goals were all met once.
pub fn load_progress() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten())
        .map(|t| t.split(',').filter(|x| !x.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Remembers that a lesson was completed.
pub fn mark_done(id: &str) {
    let mut done = load_progress();
    if !done.iter().any(|d| d == id) {
        done.push(id.to_owned());
        if let Some(s) = storage() {
            let _ = s.set_item(PROGRESS_KEY, &done.join(","));
        }
    }
}
