//! What the browser saves when kubeplay hits a bug (the web app's panic hook): the last saved
//! session, which rendered, with the editor text as it stands in the page.
//!
//! The session is the saved copy rather than the live state on purpose: the live state is the
//! one that was being changed or drawn when the bug struck, and saving it could make every
//! reload strike the same bug.

use crate::recipe::Recipe;

/// The recipe JSON to save, given the saved recipe JSON and the editor's text in the page;
/// `None` when storage should be left as it is (nothing newer to save, a saved value that is
/// not a session, which the next load sets aside, or a result too large to be restored).
pub fn rescue(saved: Option<&str>, editor: Option<&str>) -> Option<String> {
    let editor = editor?;
    let mut recipe = match saved {
        Some(json) => Recipe::from_json(json).ok()?,
        None => Recipe::default(),
    };
    if recipe.editor == editor {
        return None;
    }
    recipe.editor = editor.to_owned();
    recipe.check().ok()?;
    Some(recipe.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::RecipeAction;

    #[test]
    fn the_saved_session_keeps_its_actions_and_takes_the_pages_editor_text() {
        let saved = Recipe {
            editor: "old".into(),
            actions: vec![RecipeAction::Command { at: 0, ms: 0, line: "kubectl get secrets".into() }],
            ..Recipe::default()
        };
        let json = rescue(Some(&saved.to_json()), Some("typed just before the bug")).expect("saved");
        let back = Recipe::from_json(&json).expect("restorable");
        assert_eq!(back.editor, "typed just before the bug");
        assert_eq!(back.actions, saved.actions);
        // Fresh page: the text alone becomes a session.
        let json = rescue(None, Some("kind: Secret")).expect("saved");
        assert_eq!(Recipe::from_json(&json).expect("restorable").editor, "kind: Secret");
    }

    #[test]
    fn storage_is_left_alone_when_there_is_nothing_better_to_write() {
        let saved = Recipe { editor: "same".into(), ..Recipe::default() }.to_json();
        assert_eq!(rescue(Some(&saved), Some("same")), None);
        assert_eq!(rescue(Some(&saved), None), None);
        // Not a session: kept for the next load to set aside, not overwritten.
        assert_eq!(rescue(Some("{\"v\":1,\"actions\":7}"), Some("x")), None);
        // Too large to restore: the last good copy stays.
        assert_eq!(rescue(Some(&saved), Some(&"x".repeat(crate::recipe::MAX_TEXT_BYTES + 1))), None);
    }
}
