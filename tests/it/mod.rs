mod analysis_cli;
mod bad_input;
mod cli;
mod conformance_corpus;
mod diff;
mod dot;
mod extract;
mod gradual;
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

/// Runs the `cruxmap` binary in the repository root: exit code, stdout, stderr.
pub fn run_cruxmap(args: &[&str]) -> (Option<i32>, String, String) {
    let out = assert_cmd::Command::cargo_bin("cruxmap")
        .unwrap()
        .args(args)
        .current_dir(repo(""))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
