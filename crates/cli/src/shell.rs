//! `kubeplay shell`: the console in a terminal. Interactive with a prompt, or a script on
//! standard input printed as a transcript (`$ ` before each command, `> ` before here-document lines).

use std::io::{BufRead, IsTerminal, Write};

use kubeplay_cluster::Settings;
use kubeplay_kubectl::Console;
use kubeplay_scenario::heredoc_delimiter;

use crate::error::{CliError, Result};

/// The arguments of `kubeplay shell`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The seed of every random choice.
    #[arg(long, value_name = "N", default_value_t = Settings::default().seed)]
    seed: u64,
    /// Number of nodes (1 to 100).
    #[arg(long, value_name = "N", default_value_t = Settings::default().nodes)]
    nodes: u16,
}

/// Runs `kubeplay shell`.
pub fn main(args: Args) -> Result<()> {
    let settings = Settings { seed: args.seed, nodes: args.nodes, ..Settings::default() };
    let mut console = Console::new(settings)?;
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let mut out = std::io::stdout().lock();
    if !interactive {
        let mut script = String::new();
        for line in stdin.lock().lines() {
            script.push_str(&line.map_err(CliError::Stdin)?);
            script.push('\n');
        }
        for entry in console.run_script(&script) {
            let _ = write!(out, "{}", entry.transcript());
        }
        return Ok(());
    }
    let _ = writeln!(
        out,
        "kubeplay shell — kubectl against a simulated Kubernetes v1.33 cluster. `help` lists commands; Ctrl-D quits."
    );
    let mut lines = stdin.lock().lines();
    loop {
        let _ = write!(out, "$ ");
        let _ = out.flush();
        let Some(Ok(mut cmd)) = lines.next() else { break };
        while cmd.ends_with('\\') {
            cmd.pop();
            let _ = write!(out, "> ");
            let _ = out.flush();
            match lines.next() {
                Some(Ok(l)) => cmd.push_str(&l),
                _ => break,
            }
        }
        if let Some(delim) = heredoc_delimiter(&cmd) {
            loop {
                let _ = write!(out, "> ");
                let _ = out.flush();
                let Some(Ok(l)) = lines.next() else { break };
                cmd.push('\n');
                cmd.push_str(&l);
                if l.trim_start_matches('\t') == delim {
                    break;
                }
            }
        }
        if matches!(cmd.trim(), "exit" | "quit") {
            break;
        }
        // A command left running (`get -w`, `logs -f`) gets Ctrl+C before the next one runs.
        if let Some(echo) = console.interrupt() {
            let _ = write!(out, "{echo}");
        }
        let o = console.run(&cmd);
        let _ = write!(out, "{}", o.combined());
    }
    Ok(())
}
