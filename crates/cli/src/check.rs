//! `kubeplay check`: runs a scenario headless — its starting state, then its own `script`
//! and/or a solution script through the console, then until idle — and reports every goal.
//! Exits non-zero when a goal is not met, so trainers can test their material in CI.

use std::fmt::Write as _;

use kubeplay_scenario::split_commands;
use kubeplay_scenario::Scenario;

use crate::error::{CliError, Result};

/// The arguments of `kubeplay check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A solution script (console commands) to run after the scenario's own script.
    #[arg(long, value_name = "SCRIPT")]
    solution: Option<String>,
    /// The language of goal texts.
    #[arg(long, value_name = "en|ko", default_value = "en")]
    lang: String,
    /// Print the transcript and every goal's detail.
    #[arg(short, long)]
    verbose: bool,
    /// The scenario file (`-` for standard input).
    #[arg(value_name = "SCENARIO.yaml")]
    file: String,
}

/// Runs `kubeplay check`; `Ok(true)` when every goal is met.
pub fn main(args: Args) -> Result<bool> {
    let Args { solution, lang, verbose, file } = args;
    let text = crate::read_input(&file)?;
    let sc = Scenario::parse(&text).map_err(|source| CliError::Scenario { file: file.clone(), source })?;
    let mut commands = sc.script_commands();
    if let Some(path) = &solution {
        commands.extend(split_commands(&crate::read_input(path)?));
    }
    let mut pg = sc.start().map_err(|source| CliError::Scenario { file: file.clone(), source })?;
    let mut transcript = String::new();
    for cmd in &commands {
        let out = pg.command(cmd);
        let mut lines = cmd.lines();
        let _ = writeln!(transcript, "$ {}", lines.next().unwrap_or(""));
        for l in lines {
            let _ = writeln!(transcript, "> {l}");
        }
        let o = out.combined();
        transcript.push_str(&o);
        if !o.is_empty() && !o.ends_with('\n') {
            transcript.push('\n');
        }
    }
    pg.run_until_idle();
    let results = sc.evaluate(&pg);
    let met = results.iter().filter(|r| r.met).count();
    let all = met == results.len();
    if verbose || !all {
        print!("{transcript}");
        if !transcript.is_empty() {
            println!();
        }
    }
    println!("{} — {}", sc.id, sc.title.get(&lang));
    for r in &results {
        println!("{} {}", if r.met { "✓" } else { "✗" }, r.text.get(&lang));
        if !r.met || verbose {
            println!("    {}", r.detail);
        }
    }
    println!("{met} of {} goals met ({} commands, {} steps)", results.len(), commands.len(), pg.steps());
    Ok(all)
}
