//! Fuzz target: see `kubeplay_fuzz::config`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kubeplay_fuzz::config::run(data));
