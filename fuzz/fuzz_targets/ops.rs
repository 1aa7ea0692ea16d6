//! Fuzz target: see `kubeplay_fuzz::ops`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kubeplay_fuzz::ops::run(data));
