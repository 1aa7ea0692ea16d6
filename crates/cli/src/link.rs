//! `kubeplay link`: prints the share link of a scenario file — the base URL with the
//! scenario's starting recipe (and the scenario itself, without its solution script) in
//! the fragment, so participants open it with the text and goals in place.

use kubeplay_scenario::{link, Scenario};

/// The base URL when `--base` is not given (what `scripts/serve.sh` serves).
pub const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";
/// Links longer than this may be cut by chat tools and mail clients.
pub const LONG_LINK_CHARS: usize = 2_000;

/// Runs `kubeplay link ARGS`.
pub fn main(args: &[String]) -> Result<(), String> {
    let mut file = None;
    let mut base = DEFAULT_BASE.to_owned();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--base" => base = it.next().ok_or("error: --base takes a URL")?.clone(),
            f if f.starts_with('-') && f != "-" => {
                return Err(format!("error: unknown flag: {f}\nSee 'kubeplay help' for usage."))
            }
            f if file.is_none() => file = Some(f.to_owned()),
            f => return Err(format!("error: unexpected argument {f:?}\nSee 'kubeplay help' for usage.")),
        }
    }
    let file = file.ok_or("error: kubeplay link needs a scenario file\nSee 'kubeplay help' for usage.")?;
    let text = crate::read_input(&file)?;
    let sc = Scenario::parse(&text).map_err(|e| format!("error: {file}: {e}"))?;
    let recipe = sc.to_shared_recipe().map_err(|e| format!("error: {file}: {e}"))?;
    let base = base.split('#').next().unwrap_or("").to_owned();
    let url = format!("{base}#{}", link::encode(&recipe));
    println!("{url}");
    if url.len() > LONG_LINK_CHARS {
        eprintln!("note: the link is {} characters long; some chat and mail tools cut links over {LONG_LINK_CHARS}", url.len());
    }
    eprintln!("note: the link carries the scenario's secret values in the clear (base64 is not encryption)");
    Ok(())
}
