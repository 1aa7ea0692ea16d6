//! `kubeplay check`: runs a scenario headless — its starting state, then its own `script`
//! and/or a solution script through the console, then until idle — and reports every goal.
//! Exits non-zero when a goal is not met, so trainers can test their material in CI.

use std::fmt::Write as _;

use kubeplay_scenario::split_commands;
use kubeplay_scenario::Scenario;

/// Runs `kubeplay check ARGS`; `Ok(true)` when every goal is met.
pub fn main(args: &[String]) -> Result<bool, String> {
    let mut file = None;
    let mut solution = None;
    let mut verbose = false;
    let mut lang = "en".to_owned();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--solution" => solution = Some(it.next().ok_or("error: --solution takes a script file")?.clone()),
            "--lang" => lang = it.next().ok_or("error: --lang takes en or ko")?.clone(),
            "-v" | "--verbose" => verbose = true,
            f if f.starts_with('-') && f != "-" => {
                return Err(format!("error: unknown flag: {f}\nSee 'kubeplay help' for usage."))
            }
            f if file.is_none() => file = Some(f.to_owned()),
            f => return Err(format!("error: unexpected argument {f:?}\nSee 'kubeplay help' for usage.")),
        }
    }
    let file = file.ok_or("error: kubeplay check needs a scenario file\nSee 'kubeplay help' for usage.")?;
    let text = crate::read_input(&file)?;
    let sc = Scenario::parse(&text).map_err(|e| format!("error: {file}: {e}"))?;
    let mut commands = sc.script_commands();
    if let Some(path) = &solution {
        commands.extend(split_commands(&crate::read_input(path)?));
    }
    let mut pg = sc.start().map_err(|e| format!("error: {file}: {e}"))?;
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
