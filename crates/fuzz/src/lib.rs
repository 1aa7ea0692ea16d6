//! The fuzz targets' bodies, one module per input kubeplay takes from outside: each `run` takes
//! any bytes, must neither panic nor hang, and asserts (by panicking, which libFuzzer reports as
//! a crash) the invariants that input must keep. `fuzz/fuzz_targets/*.rs` hand libFuzzer's
//! inputs to these functions; `tests/regressions.rs` runs the kept crash inputs and the seed
//! corpora through them on stable under plain `cargo test`.

// A broken invariant must panic: that is how libFuzzer learns of it.
#![allow(clippy::panic)]

pub mod config;
pub mod console;
pub mod link;
pub mod manifest;
pub mod ops;
pub mod scenario;

/// A target's body: any bytes in, a panic when an invariant breaks.
pub type Target = fn(&[u8]);

/// Every target by name (the name of its `fuzz/fuzz_targets/<name>.rs` and corpus directory).
pub const TARGETS: &[(&str, Target)] = &[
    ("manifest", manifest::run),
    ("console", console::run),
    ("link", link::run),
    ("scenario", scenario::run),
    ("ops", ops::run),
    ("config", config::run),
];

/// The input as text (invalid UTF-8 replaced, as a browser's text area would never hold it).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}
