mod analysis_cli;
mod argdown_rules;
mod bad_input;
mod bounded;
mod browser;
mod cli;
mod conformance_corpus;
mod diff;
mod dot;
mod extract;
mod formats;
mod fuzz_corpus;
mod gradual;
mod hostile;
mod model;
mod output;
mod render;
mod roundtrip;
mod semantics;

use std::path::PathBuf;

pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Whether `path` under the shared data folder beside the repository (`../shared`) exists.
///
/// Tests that need shared data call this first and return early when it is missing, after a
/// one-line notice, so `cargo test` passes on a fresh clone. With `CRUXMAP_REQUIRE_SHARED=1`
/// (set by `.ci/run`) a missing folder fails the test instead.
pub fn shared_available(path: &str) -> bool {
    let full = repo("../shared").join(path);
    if full.exists() {
        return true;
    }
    if std::env::var("CRUXMAP_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("{} is missing and CRUXMAP_REQUIRE_SHARED=1", full.display());
    }
    eprintln!("notice: {} not found; skipping this test", full.display());
    false
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
