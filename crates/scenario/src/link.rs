//! Share links: a recipe as compact JSON, deflated, base64url, in the URL fragment
//! (`#v1.<data>`) so nothing is ever sent to a server.

use base64::Engine as _;

use crate::error::Error;
use crate::recipe::Recipe;

/// The prefix of a link fragment for format v1.
pub const PREFIX: &str = "v1.";
/// The longest fragment accepted (characters).
pub const MAX_LINK_CHARS: usize = 2 * 1024 * 1024;
/// The most bytes a link may inflate to.
pub const MAX_INFLATED_BYTES: usize = 4 * 1024 * 1024;

/// The fragment (without `#`) for a recipe.
pub fn encode(recipe: &Recipe) -> String {
    let json = recipe.to_json();
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated))
}

/// The recipe in a fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<Recipe, Error> {
    let f = fragment.trim().trim_start_matches('#');
    if f.len() > MAX_LINK_CHARS {
        return Err(Error::LinkTooLarge(format!("{} characters; at most {MAX_LINK_CHARS}", f.len())));
    }
    let Some(data) = f.strip_prefix(PREFIX) else {
        if let Some((v, _)) = f.split_once('.') {
            if v.len() <= 6 && v.starts_with('v') && v[1..].parse::<u32>().is_ok_and(|n| n > 1) {
                return Err(Error::LinkFutureVersion(v.to_owned()));
            }
        }
        return Err(Error::NotALink { prefix: PREFIX });
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|e| Error::LinkCorrupt(format!("base64: {e}")))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_INFLATED_BYTES).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
            Error::LinkTooLarge(format!("inflates to more than {MAX_INFLATED_BYTES} bytes"))
        }
        s => Error::LinkCorrupt(format!("deflate: {s:?}")),
    })?;
    let text = String::from_utf8(json).map_err(|_| Error::LinkCorrupt("not UTF-8".to_owned()))?;
    Recipe::from_json(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::RecipeAction;

    #[test]
    fn round_trip_and_errors() {
        let r = Recipe {
            editor: "apiVersion: v1\nkind: Secret\n".into(),
            actions: vec![RecipeAction::Command { at: 3, ms: 0, line: "kubectl get secrets".into() }],
            position: 7,
            ..Recipe::default()
        };
        let link = encode(&r);
        assert!(link.starts_with("v1."));
        assert_eq!(decode(&format!("#{link}")), Ok(r));
        assert_eq!(decode("#hello"), Err(Error::NotALink { prefix: PREFIX }));
        assert!(matches!(decode("#v2.abc"), Err(Error::LinkFutureVersion(_))));
        assert!(matches!(decode(&link[..link.len() / 2]), Err(Error::LinkCorrupt(_))));
        assert!(matches!(decode("#v1.!!!"), Err(Error::LinkCorrupt(_))));
    }
}
