//! Scenarios and the playground model: recipes that rebuild a session by replay, share
//! links, the views the web app renders, lessons with self-checking goals.

pub mod examples;
pub mod lessons;
pub mod link;
pub mod playground;
pub mod recipe;
pub mod scenario;
mod shell;
pub mod views;

pub use playground::Playground;
pub use recipe::{Action, Recipe, RecipeError};
pub use scenario::{Check, Goal, GoalResult, Scenario, ScenarioError, Text};
pub use shell::{heredoc_delimiter, split_commands};
