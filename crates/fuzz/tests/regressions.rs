//! Every fuzz target over its kept inputs, on stable: the crash inputs fuzzing found
//! (`fuzz/regressions/<target>/`, each once a panic or hang, fixed in the crate where it
//! belonged) and the seed corpora (`fuzz/seeds/<target>/`). A panic here is a regression.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

fn run_all(kind: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz").join(kind);
    let mut n = 0;
    for (name, run) in kubeplay_fuzz::TARGETS {
        for file in inputs(&root.join(name)) {
            let data = std::fs::read(&file).expect("a readable input");
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panic!("fuzz target {name} panicked on {}", file.display());
            }
            n += 1;
        }
    }
    n
}

#[test]
fn the_crash_inputs_fuzzing_found_stay_fixed() {
    run_all("regressions");
}

#[test]
fn every_target_accepts_its_seed_corpus() {
    assert!(run_all("seeds") > 100, "the seed corpora are missing (python3 fuzz/seeds.py writes them)");
}
