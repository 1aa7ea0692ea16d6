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
    // version.go Validate: `--output must be 'yaml' or 'json'` (checked against a kubectl v1.33.1 client).
    match cmd.args.get("output") {
        None | Some("") => {}
        Some("yaml" | "json") => {
            return Output::err(
                "kubeplay: kubectl version -o yaml|json prints build details (git commit, build date) that kubeplay does not have; use kubectl version",
            )
        }
        Some(_) => return Output::err("error: --output must be 'yaml' or 'json'"),
    }
    let mut out = "Client Version: v1.33.0\nKustomize Version: v5.6.0\n".to_owned();
    if !cmd.args.is_set("client") {
        out.push_str("Server Version: v1.33.0\n");
    }
    Output::ok(out)
}
