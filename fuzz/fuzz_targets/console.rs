//! Fuzz target: see `kubeplay_fuzz::console`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kubeplay_fuzz::console::run(data));
