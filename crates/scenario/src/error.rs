//! The crate's one error: why a recipe, a share link or a scenario file cannot be used.
//! Variants are named after the step that failed; messages name the object.

/// Why a recipe, a link or a scenario cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A recipe written by a newer kubeplay.
    #[error("this link was made by a newer kubeplay (format v{found}); this one reads v{supported}")]
    RecipeFutureVersion {
        /// The recipe's version.
        found: u32,
        /// The newest version this kubeplay reads (`RECIPE_VERSION`).
        supported: u32,
    },
    /// Not a recipe.
    #[error("the saved state is not a kubeplay recipe: {0}")]
    RecipeMalformed(String),
    /// A recipe over the limits.
    #[error("the recipe is too large ({0})")]
    RecipeTooLarge(String),
    /// Not a kubeplay link.
    #[error("not a kubeplay link (it should start with #{prefix})")]
    NotALink {
        /// The prefix links start with (the link module's `PREFIX`).
        prefix: &'static str,
    },
    /// A link made by a newer kubeplay.
    #[error("this link was made by a newer kubeplay (format {0}); please use the newest version")]
    LinkFutureVersion(String),
    /// A link whose bytes are damaged or cut off.
    #[error("the link is damaged or cut off ({0})")]
    LinkCorrupt(String),
    /// A link over the limits.
    #[error("the link is too large ({0})")]
    LinkTooLarge(String),
    /// A scenario file that is not YAML.
    #[error("{message} (line {line})")]
    Syntax {
        /// The parser's message.
        message: String,
        /// 1-based line.
        line: usize,
    },
    /// A scenario field is unknown, missing, misplaced or has a bad value.
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
    /// A scenario file over the limits.
    #[error("the scenario is too large ({0})")]
    ScenarioTooLarge(String),
    /// The scenario's starting state cannot be built (its recipe is refused).
    #[error("the scenario's starting state cannot be built: {0}")]
    Start(#[source] Box<Error>),
}

impl Error {
    /// The error of a scenario whose starting recipe was refused.
    pub(crate) fn start(e: Error) -> Error {
        Error::Start(Box::new(e))
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
