//! Fuzz target: see `kubeplay_fuzz::scenario`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kubeplay_fuzz::scenario::run(data));
