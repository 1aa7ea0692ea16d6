//! Why a scenario file cannot be used.

use crate::recipe::RecipeError;

/// Why a scenario file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// Not YAML.
    #[error("{message} (line {line})")]
    Syntax {
        /// The parser's message.
        message: String,
        /// 1-based line.
        line: usize,
    },
    /// A field is unknown, missing, misplaced or has a bad value.
    #[error("{path}: {message} (line {line}, column {col})")]
    Field {
        /// Path such as `goals[2].fille`.
        path: String,
        /// What is wrong.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
    },
    /// Too large.
    #[error("the scenario is too large ({0})")]
    TooLarge(String),
    /// The starting state cannot be built.
    #[error("the scenario's starting state cannot be built: {0}")]
    Start(#[from] RecipeError),
}

/// The module's result type.
pub type Result<T, E = ScenarioError> = std::result::Result<T, E>;
