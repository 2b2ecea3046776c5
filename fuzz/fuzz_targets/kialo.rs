//! Fuzz target: the Kialo text-export reader, with the oracle in `fuzz/oracles.rs`.
#![no_main]

#[path = "../oracles.rs"]
mod oracles;

libfuzzer_sys::fuzz_target!(|data: &[u8]| oracles::kialo(data));
