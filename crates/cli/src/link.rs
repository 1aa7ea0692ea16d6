//! `kubeplay link`: prints the share link of a scenario file — the base URL with the
//! scenario's starting recipe (and the scenario itself, without its solution script) in
//! the fragment, so participants open it with the text and goals in place.

use kubeplay_scenario::{link, Scenario};

use crate::error::{CliError, Result};

/// The base URL when `--base` is not given (what `scripts/serve.sh` serves).
pub const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";
/// Links longer than this may be cut by chat tools and mail clients.
pub const LONG_LINK_CHARS: usize = 2_000;

/// The arguments of `kubeplay link`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The URL the app is served at (anything after `#` is dropped).
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE)]
    base: String,
    /// The scenario file (`-` for standard input).
    #[arg(value_name = "SCENARIO.yaml")]
    file: String,
}

/// Runs `kubeplay link`.
pub fn main(args: Args) -> Result<()> {
    let Args { base, file } = args;
    let text = crate::read_input(&file)?;
    let scenario_error = |source| CliError::Scenario { file: file.clone(), source };
    let sc = Scenario::parse(&text).map_err(scenario_error)?;
    let recipe = sc.to_shared_recipe().map_err(scenario_error)?;
    let base = base.split('#').next().unwrap_or("").to_owned();
    let url = format!("{base}#{}", link::encode(&recipe));
    println!("{url}");
    if url.len() > LONG_LINK_CHARS {
        eprintln!("note: the link is {} characters long; some chat and mail tools cut links over {LONG_LINK_CHARS}", url.len());
    }
    eprintln!("note: the link carries the scenario's secret values in the clear (base64 is not encryption)");
    Ok(())
}
