//! `kubectl version` (version.go): the client and server versions kubeplay mirrors.

use kubeplay_shell::Output;

use crate::flags::{self, Flag};

/// The flags of `kubectl version` that kubeplay models.
pub const FLAGS: &[Flag] = &[flags::OUTPUT];

/// Prints the versions.
pub fn version() -> Output {
    Output::ok("Client Version: v1.33.0\nKustomize Version: v5.6.0\nServer Version: v1.33.0\n")
}
