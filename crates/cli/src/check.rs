//! `kubeplay check`: runs a scenario headless — its starting state, then its own `script`
//! and/or a solution script through the console, then until idle — and reports every goal.
//! Exits non-zero when a goal is not met, so trainers can test their material in CI. The
//! scenario is a file, or a built-in lesson (`--lesson ID`, whose reference solution is
//! `crates/scenario/lessons/solutions/ID.sh`; `--solution builtin` runs it).

use std::fmt::Write as _;

use kubeplay_scenario::split_commands;
use kubeplay_scenario::{lessons, Scenario};

use crate::error::{CliError, Result};

/// The arguments of `kubeplay check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A solution script (console commands) to run after the scenario's own script; with
    /// --lesson, `builtin` is the lesson's reference solution.
    #[arg(long, value_name = "SCRIPT")]
    solution: Option<String>,
    /// The language of goal texts.
    #[arg(long, value_name = "en|ko", default_value = "en")]
    lang: String,
    /// Print the transcript and every goal's detail.
    #[arg(short, long)]
    verbose: bool,
    /// A built-in lesson instead of a file (its id, as in the Lessons tab's links).
    #[arg(long, value_name = "ID", conflicts_with = "file")]
    lesson: Option<String>,
    /// The scenario file (`-` for standard input).
    #[arg(value_name = "SCENARIO.yaml", required_unless_present = "lesson")]
    file: Option<String>,
}

/// Runs `kubeplay check`; `Ok(true)` when every goal is met.
pub fn main(args: Args) -> Result<bool> {
    let Args { solution, lang, verbose, lesson, file } = args;
    let (sc, file) = match (&lesson, file) {
        (Some(id), _) => (lessons::get(id).ok_or_else(|| CliError::NoLesson(id.clone()))?, format!("lesson {id}")),
        (None, Some(file)) => {
            let text = crate::read_input(&file)?;
            (Scenario::parse(&text).map_err(|source| CliError::Scenario { file: file.clone(), source })?, file)
        }
        // clap requires one of them; this is the same message, not a panic.
        (None, None) => return Err(CliError::NoScenario),
    };
    let mut commands = sc.script_commands();
    match (solution.as_deref(), &lesson) {
        (Some("builtin"), Some(id)) => commands.extend(split_commands(lessons::solution(id).unwrap_or_default())),
        (Some(path), _) => commands.extend(split_commands(&crate::read_input(path)?)),
        (None, _) => {}
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
