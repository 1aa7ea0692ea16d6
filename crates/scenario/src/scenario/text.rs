//! A text in English and Korean, as scenarios and goals carry their titles and hints.

use serde::{Deserialize, Serialize};

/// A text in English and Korean.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// English.
    pub en: String,
    /// Korean (empty means "use the English text").
    #[serde(default)]
    pub ko: String,
}

impl Text {
    /// The text in `lang` (`"ko"` or anything else for English), falling back to English.
    pub fn get(&self, lang: &str) -> &str {
        if lang.starts_with("ko") && !self.ko.trim().is_empty() {
            &self.ko
        } else {
            &self.en
        }
    }
}
