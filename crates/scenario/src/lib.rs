//! Scenarios and the playground model: recipes that rebuild a session by replay, share
//! links, the playground reducer (state, actions, effects) and the views the web app
//! renders, lessons with self-checking goals, and the UI strings in English and Korean.

pub mod app;
pub mod error;
pub mod examples;
pub mod i18n;
pub mod lessons;
pub mod link;
pub mod node_graph_view;
pub mod playground;
pub mod process_view;
pub mod recipe;
pub mod scenario;
pub mod views;
pub mod workload_view;

pub use app::{Action, Effects, Problem, State};
pub use error::{Error, Result};
pub use kubeplay_cluster::{Settings, Strategy};
pub use kubeplay_kubectl::{heredoc_delimiter, split_commands};
pub use playground::Playground;
pub use recipe::{Recipe, RecipeAction};
pub use scenario::{Check, Goal, GoalResult, Scenario, Text};
