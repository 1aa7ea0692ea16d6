//! `kubectl version` (version.go): the client and server versions kubeplay mirrors.

use kubeplay_shell::Output;

use super::common::Cmd;
use crate::flags::{self, Flag, Takes};

/// `--client`: the client's version only.
pub const CLIENT: Flag = Flag { name: "client", short: None, takes: Takes::Bool };

/// The flags of `kubectl version` that kubeplay models.
pub const FLAGS: &[Flag] = &[CLIENT, flags::OUTPUT];

/// Prints the versions (version.go Run: client, kustomize, then the server unless `--client`).
pub fn version(cmd: &Cmd) -> Output {
    let mut out = "Client Version: v1.33.0\nKustomize Version: v5.6.0\n".to_owned();
    if !cmd.args.is_set("client") {
        out.push_str("Server Version: v1.33.0\n");
    }
    Output::ok(out)
}
