//! The scenario value: its texts, settings, starting state and goals (parsed by `format`).

use kubeplay_cluster::Settings;
use serde_json::Value;

use super::goals::Goal;
use super::text::Text;

/// The largest scenario file accepted, in bytes.
pub const MAX_SCENARIO_BYTES: usize = 1024 * 1024;
/// The most goals a scenario may list.
pub const MAX_GOALS: usize = 100;
/// The longest virtual duration a setting or `runAtStart` may name (one day).
pub const MAX_DURATION_MS: u64 = 24 * 3_600_000;

/// What the playground looks like right after the start actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartAt {
    /// Nothing has run yet (step 0).
    Beginning,
    /// Run until idle (pods started, or waiting on retries that change nothing).
    Idle,
    /// Let this much virtual time pass.
    After {
        /// Milliseconds of virtual time.
        ms: u64,
    },
}

/// A scenario (see the module documentation for the file format).
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Identifier (the recipe's `lesson`).
    pub id: String,
    /// Title.
    pub title: Text,
    /// The explanation.
    pub text: Text,
    /// Cluster settings.
    pub settings: Settings,
    /// Manifests applied at start.
    pub start: String,
    /// Console commands run at start (after `start`).
    pub setup: String,
    /// Where the starting state stops.
    pub start_at: StartAt,
    /// Text put in the editor (not applied).
    pub editor: String,
    /// The reference solution: console commands (run by `kubeplay check`, not at start).
    pub script: Option<String>,
    /// Goals.
    pub goals: Vec<Goal>,
    /// The file as JSON without `script` (what a share link carries).
    pub(crate) shareable: Value,
}
