//! `kubeplay`: run manifests through the simulated cluster, use its kubectl console, check
//! scenarios headless and print their share links.

use std::io::{Read, Write};
use std::process::ExitCode;

mod check;
mod link;
mod run;
mod shell;

const USAGE: &str = "kubeplay — a Kubernetes Secrets playground (simulated Kubernetes v1.33)

Usage:
  kubeplay run [--seed N] [--until DURATION] [--nodes N] [--strategy Watch|Cache|Get] [--output text|json] FILE...
  kubeplay shell [--seed N] [--nodes N]          (commands from stdin; a transcript with `$ ` before each)
  kubeplay check [--solution SCRIPT] [--lang en|ko] [-v] SCENARIO.yaml
                                                 (start the scenario, run its script and SCRIPT, print each goal ✓/✗;
                                                  exits 1 if a goal is not met)
  kubeplay link [--base URL] SCENARIO.yaml       (print the share link; URL defaults to http://127.0.0.1:8080/)
  kubeplay help
";

/// Reads a file argument, `-` meaning standard input.
pub(crate) fn read_input(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| format!("error: reading standard input: {e}"))?;
        return Ok(s);
    }
    std::fs::read_to_string(path).map_err(|e| format!("error: the path {path:?} cannot be read: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run::main(&args[1..]),
        Some("shell") => shell::main(&args[1..]),
        Some("link") => link::main(&args[1..]),
        Some("check") => match check::main(&args[1..]) {
            Ok(true) => Ok(()),
            Ok(false) => {
                let _ = std::io::stdout().flush();
                return ExitCode::from(1);
            }
            Err(e) => Err(e),
        },
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("error: unknown command {other:?}\n\n{USAGE}")),
    };
    let _ = std::io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
