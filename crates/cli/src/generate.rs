//! `kubeplay generate`: writes the benchmark load (N secret + pod pairs, each pod mounting its
//! own secret) as files of 5,000 pairs, the same text `kubeplay run --generate-pods N` applies.

use std::path::PathBuf;

use crate::error::{CliError, Result};

/// The arguments of `kubeplay generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many secret + pod pairs.
    #[arg(long, value_name = "N")]
    pods: usize,
    /// The directory to write `pairs-00001.yaml`, … into (created if missing).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
}

/// Runs `kubeplay generate`: prints the path of each file written.
pub fn main(args: Args) -> Result<()> {
    let write_err = |path: &std::path::Path, source| CliError::Write { path: path.display().to_string(), source };
    std::fs::create_dir_all(&args.dir).map_err(|e| write_err(&args.dir, e))?;
    for (name, text) in kubeplay_cluster::load::files(args.pods) {
        let path = args.dir.join(name);
        std::fs::write(&path, text).map_err(|e| write_err(&path, e))?;
        println!("{}", path.display());
    }
    Ok(())
}
