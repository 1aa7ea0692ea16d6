//! The CLI's error: what failed, naming the file or flag, with its cause.

use std::io;

/// Why a `kubeplay` command failed (printed as `error: <message>`, exit status 1).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Standard input could not be read.
    #[error("reading standard input: {0}")]
    Stdin(#[source] io::Error),
    /// A file argument could not be read.
    #[error("the path {path:?} cannot be read: {source}")]
    Read {
        /// The path as given.
        path: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// A generated file could not be written.
    #[error("the path {path:?} cannot be written: {source}")]
    Write {
        /// The path.
        path: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The cluster settings were refused.
    #[error("{0}")]
    Cluster(#[from] kubeplay_cluster::Error),
    /// A scenario file is not usable (format, or its starting state).
    #[error("{file}: {source}")]
    Scenario {
        /// The file as given.
        file: String,
        /// The cause.
        #[source]
        source: kubeplay_scenario::Error,
    },
    /// `--lesson` names no built-in lesson.
    #[error("no built-in lesson {0:?} (kubeplay check --lesson takes the ids listed in crates/scenario/lessons/)")]
    NoLesson(String),
    /// Neither a scenario file nor `--lesson` was given.
    #[error("kubeplay check needs a SCENARIO.yaml file or --lesson ID")]
    NoScenario,
    /// A flag's value is not one it takes.
    #[error("invalid duration {0:?} for --until (e.g. 90s, 2m, 1h30m)")]
    Until(String),
}

/// The CLI's result type.
pub type Result<T, E = CliError> = std::result::Result<T, E>;
