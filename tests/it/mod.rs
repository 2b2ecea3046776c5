mod analysis_cli;
mod bad_input;
mod cli;
mod conformance_corpus;
mod diff;
mod dot;
mod model;
mod render;
mod roundtrip;
mod semantics;

use std::path::PathBuf;

pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap()
}
