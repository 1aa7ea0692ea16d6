//! A recipe: everything needed to rebuild a playground by replay — settings, the editor
//! text, the user's actions with the step each came after, and the step reached.
//! Saved to local storage and carried by share links ("share a recipe, not a dump").

use kubeplay_cluster::Settings;
use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The recipe format version written by this build.
pub const RECIPE_VERSION: u32 = 1;
/// The most actions a recipe may hold.
pub const MAX_ACTIONS: usize = 2_000;
/// The latest virtual time a recipe may record (one year, in ms).
pub const MAX_CLOCK_MS: u64 = 365 * 24 * 3_600_000;
/// The most bytes of text (editor plus actions) a recipe may hold.
pub const MAX_TEXT_BYTES: usize = 3 * 1024 * 1024;

/// Something the user did to the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "camelCase", deny_unknown_fields)]
pub enum RecipeAction {
    /// Applied manifest text from the editor (`kubectl apply -f`).
    Apply {
        /// Steps done before it.
        at: u64,
        /// Virtual time it was done at, in ms, when later than step `at` (after "Jump to time").
        #[serde(default, skip_serializing_if = "is_zero")]
        ms: u64,
        /// The manifest text.
        text: String,
    },
    /// A console command (with its here-document, if any).
    Command {
        /// Steps done before it.
        at: u64,
        /// Virtual time it was run at, in ms, when later than step `at` (after "Jump to time").
        #[serde(default, skip_serializing_if = "is_zero")]
        ms: u64,
        /// The command text.
        line: String,
    },
    /// Ctrl+C in the console: stops the command still running (`get -w`, `logs -f`).
    Interrupt {
        /// Steps done before it.
        at: u64,
        /// Virtual time it was pressed at, in ms, when later than step `at` (after "Jump to time").
        #[serde(default, skip_serializing_if = "is_zero")]
        ms: u64,
    },
}

impl RecipeAction {
    /// Steps done before this action.
    pub fn at(&self) -> u64 {
        match self {
            RecipeAction::Apply { at, .. } | RecipeAction::Command { at, .. } | RecipeAction::Interrupt { at, .. } => *at,
        }
    }
    /// Virtual time this action was done at (0: at step `at`'s own time).
    pub fn ms(&self) -> u64 {
        match self {
            RecipeAction::Apply { ms, .. } | RecipeAction::Command { ms, .. } | RecipeAction::Interrupt { ms, .. } => *ms,
        }
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A versioned recipe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Recipe {
    /// Format version ([`RECIPE_VERSION`]).
    pub v: u32,
    /// Cluster settings (seed included).
    #[serde(default)]
    pub settings: Settings,
    /// The editor's text.
    #[serde(default)]
    pub editor: String,
    /// What the user did, in order.
    #[serde(default)]
    pub actions: Vec<RecipeAction>,
    /// The step reached (the position on the timeline).
    #[serde(default)]
    pub position: u64,
    /// The virtual time reached, in ms, when later than step `position` (after "Jump to time").
    #[serde(default, skip_serializing_if = "is_zero")]
    pub position_ms: u64,
    /// The lesson being followed, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    /// The scenario being followed, as JSON (for scenario files that are not built-in
    /// lessons: `kubeplay link` puts the file here, without its solution script).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
}

impl Default for Recipe {
    fn default() -> Self {
        Recipe {
            v: RECIPE_VERSION,
            settings: Settings::default(),
            editor: String::new(),
            actions: Vec::new(),
            position: 0,
            position_ms: 0,
            lesson: None,
            scenario: None,
        }
    }
}

impl Recipe {
    /// Reads a recipe from JSON, checking the version and limits.
    pub fn from_json(s: &str) -> Result<Self, Error> {
        let probe: serde_json::Value = serde_json::from_str(s).map_err(|e| Error::RecipeMalformed(e.to_string()))?;
        let v =
            probe.get("v").and_then(serde_json::Value::as_u64).ok_or_else(|| Error::RecipeMalformed("no version".to_owned()))?;
        if v > u64::from(RECIPE_VERSION) {
            return Err(Error::RecipeFutureVersion { found: v as u32, supported: RECIPE_VERSION });
        }
        let r: Recipe = serde_json::from_value(probe).map_err(|e| Error::RecipeMalformed(e.to_string()))?;
        r.check()?;
        Ok(r)
    }

    /// The recipe as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Enforces the limits.
    pub fn check(&self) -> Result<(), Error> {
        if self.actions.len() > MAX_ACTIONS {
            return Err(Error::RecipeTooLarge(format!("{} actions; at most {MAX_ACTIONS}", self.actions.len())));
        }
        let bytes = self.editor.len()
            + self.scenario.as_ref().map_or(0, String::len)
            + self
                .actions
                .iter()
                .map(|a| match a {
                    RecipeAction::Apply { text, .. } => text.len(),
                    RecipeAction::Command { line, .. } => line.len(),
                    RecipeAction::Interrupt { .. } => 0,
                })
                .sum::<usize>();
        if bytes > MAX_TEXT_BYTES {
            return Err(Error::RecipeTooLarge(format!("{bytes} bytes of text; at most {MAX_TEXT_BYTES}")));
        }
        if self.settings.nodes == 0 || self.settings.nodes > 100 {
            return Err(Error::RecipeMalformed(format!("nodes must be 1 to 100, got {}", self.settings.nodes)));
        }
        if self.position > 5_000_000 {
            return Err(Error::RecipeTooLarge(format!("position {} is beyond 5000000 steps", self.position)));
        }
        let latest = self.actions.iter().map(RecipeAction::ms).chain([self.position_ms]).max().unwrap_or(0);
        if latest > MAX_CLOCK_MS {
            return Err(Error::RecipeTooLarge(format!("clock time {latest} ms is beyond {MAX_CLOCK_MS} ms (one year)")));
        }
        Ok(())
    }
}
