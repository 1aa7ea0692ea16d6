//! `kubeplay`: run manifests through the simulated cluster, use its kubectl console, check
//! scenarios headless and print their share links.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod error;
mod generate;
mod link;
mod run;
mod shell;

use error::{CliError, Result};

/// kubeplay — a Kubernetes Secrets playground (simulated Kubernetes v1.33).
#[derive(Debug, Parser)]
#[command(name = "kubeplay", disable_version_flag = true)]
struct Cli {
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Apply manifests at time 0 as `kubectl apply -f` would, run until idle (or --until),
    /// print the event log and the pods.
    Run(run::Args),
    /// The kubectl console in a terminal; commands from stdin give a transcript with `$ ` before each.
    Shell(shell::Args),
    /// Start a scenario (a file, or a built-in lesson with --lesson ID), run its script and SCRIPT,
    /// print each goal ✓/✗; exits 1 if a goal is not met.
    Check(check::Args),
    /// Write N secret + pod pairs (each pod mounting its own secret) into DIR as files of
    /// 5,000 pairs, the load `kubeplay run` is benchmarked with.
    Generate(generate::Args),
    /// Print a scenario's share link (the base URL defaults to http://127.0.0.1:8080/).
    Link(link::Args),
}

/// Reads a file argument, `-` meaning standard input.
pub(crate) fn read_input(path: &str) -> Result<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(CliError::Stdin)?;
        return Ok(s);
    }
    std::fs::read_to_string(path).map_err(|source| CliError::Read { path: path.to_owned(), source })
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help`, `help` and no arguments print the help to stdout and succeed; a usage
        // error goes to stderr and exits 1, as before.
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
                print!("{}", e.render());
                return ExitCode::SUCCESS;
            }
            let _ = e.print();
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Command::Run(a) => run::main(a),
        Command::Shell(a) => shell::main(a),
        Command::Link(a) => link::main(a),
        Command::Generate(a) => generate::main(a),
        Command::Check(a) => match check::main(a) {
            Ok(true) => Ok(()),
            Ok(false) => {
                let _ = std::io::stdout().flush();
                return ExitCode::from(1);
            }
            Err(e) => Err(e),
        },
    };
    let _ = std::io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
