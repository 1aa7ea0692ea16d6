//! Target (c): a share link opened in the browser (`State::load_beside` with a saved session),
//! either as the fragment itself or as recipe JSON packed into a well-formed `#v1.` fragment so
//! the fuzzer also reaches the recipe decoder and the replay behind a valid deflate stream.

use base64::Engine as _;
use kubeplay_scenario::{link, Recipe, State};

/// The saved session a link opens beside (it must never be lost).
const SAVED: &str = r#"{"v":1,"editor":"apiVersion: v1\nkind: Secret\nmetadata:\n  name: mine\n","actions":[{"t":"apply","at":0,"text":"apiVersion: v1\nkind: Secret\nmetadata:\n  name: mine\n"}],"position":0}"#;

/// The first byte picks the form: even → the rest is the fragment, odd → the rest is recipe JSON.
pub fn run(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    let fragment = if mode % 2 == 0 {
        crate::text(rest)
    } else {
        let deflated = miniz_oxide::deflate::compress_to_vec(rest, 1);
        format!("{}{}", link::PREFIX, base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated))
    };
    match link::decode(&fragment) {
        Ok(recipe) => {
            // A decoded recipe survives a round trip through a new link unchanged.
            let again = link::decode(&link::encode(&recipe));
            assert_eq!(again.as_ref(), Ok(&recipe), "a link's recipe changed after re-encoding");
            let _ = Recipe::from_json(&recipe.to_json());
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if mode % 4 < 2 {
        // Opening it as the app does: the saved work is set aside, never overwritten.
        let (state, effects) = State::load_beside(Some(&fragment), Some(SAVED), None);
        let saved = Recipe::from_json(SAVED).ok();
        assert!(state.has_previous() || saved.as_ref() == Some(state.playground().recipe()), "the saved session was lost");
        let _ = effects;
        let _ = state.error();
    }
}
