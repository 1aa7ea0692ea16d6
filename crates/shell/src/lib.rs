//! kubeplay's shell: a small POSIX-ish interpreter (quoting, `$VAR`, `$'…'`, `*`/`?`
//! pathname expansion, pipes, redirections, here-documents, `;` `&&` `||`) with busybox-like built-ins, working on a
//! filesystem trait ([`Fs`]) and an environment ([`Env`]).
//!
//! The shell knows no command by name beyond its built-ins: callers register theirs through
//! [`Commands`] (the console registers `kubectl` and `kubeplay`; `kubectl exec` registers the
//! container's `env`, `printenv` and `sh`). Virtual time reaches the caller through
//! [`Commands::sleep`]. This crate depends on no other kubeplay crate.

mod builtins;
pub mod duration;
pub mod fs;
pub mod glob;
mod interp;
pub mod lexer;
mod ls;
mod output;
mod session;

pub use duration::parse_go_duration;
pub use fs::{Fs, Node};
pub use interp::{heredoc_delimiter, split_commands};
pub use lexer::{lex, lex_with, Token};
pub use output::Output;
pub use session::{Commands, Env, Shell, Userland};

/// The most bytes a file written by the shell may hold.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The most bytes one command line may print, on stdout and on stderr each (the rest is cut
/// with a note).
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;
/// The longest command line the shell runs, in bytes (a here-document's lines are not counted).
/// kubeplay's own bound (bash has none): it keeps lexing and expansion of a pasted line cheap.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// What went wrong in the shell: a line that does not lex, or a file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A quote was opened and not closed (bash's message).
    #[error("unexpected EOF while looking for matching `{0}'")]
    Unclosed(char),
    /// Syntax kubeplay's shell does not support.
    #[error("kubeplay: {0} is not supported here")]
    Unsupported(String),
    /// A path names nothing.
    #[error("{0}: No such file or directory")]
    NotFound(String),
    /// A path names a directory where a file was wanted.
    #[error("{0}: Is a directory")]
    IsADirectory(String),
}
