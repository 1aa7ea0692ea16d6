//! Fuzz target: see `kubeplay_fuzz::manifest`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kubeplay_fuzz::manifest::run(data));
