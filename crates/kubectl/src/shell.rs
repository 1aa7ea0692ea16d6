//! The console's old home, kept so that `kubeplay_kubectl::shell::*` paths still resolve while
//! the other crates move to the crate-root paths. The interpreter is [`kubeplay_shell`].

pub use crate::cmd::HELP;
pub use crate::console::{Console, Entry, HOME, MAX_SCRIPT_COMMANDS};
pub use kubeplay_shell::{heredoc_delimiter, split_commands, Output, MAX_FILE_BYTES, MAX_OUTPUT_BYTES};
