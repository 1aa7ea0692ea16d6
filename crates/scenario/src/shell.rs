//! The one place this crate reaches the console's shell helpers (kubectl's `shell` module),
//! so a move of those helpers changes a single line.

pub use kubeplay_kubectl::shell::{heredoc_delimiter, split_commands};
