//! Fuzz target: see `kubeplay_fuzz::link`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kubeplay_fuzz::link::run(data));
