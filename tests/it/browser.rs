//! The interactive HTML map and the live preview, driven in headless Chromium by
//! `tests/browser/map_test.py` (Playwright on the system's Chromium, no browser download).
//!
//! Skips with a notice where Chromium or Playwright is missing; with
//! `CRUXMAP_REQUIRE_BROWSER=1` (set by `.ci/run`) their absence fails instead.

use std::path::PathBuf;
use std::process::Command;

use super::repo;

/// The Chromium to drive: `CRUXMAP_CHROMIUM`, else Debian's `/usr/bin/chromium`.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CRUXMAP_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    path.exists().then_some(path)
}

fn playwright_available() -> bool {
    Command::new("python3")
        .args(["-c", "import playwright.sync_api"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs one part of the browser script, or skips with a notice.
fn browser_test(part: &str) {
    let chromium = chromium();
    let missing = match (&chromium, playwright_available()) {
        (None, _) => Some("Chromium (/usr/bin/chromium or CRUXMAP_CHROMIUM)"),
        (_, false) => Some("Python Playwright (pip install playwright)"),
        _ => None,
    };
    if let Some(what) = missing {
        if std::env::var("CRUXMAP_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("{what} is missing and CRUXMAP_REQUIRE_BROWSER=1");
        }
        eprintln!("notice: {what} not found; skipping the browser test of {part}");
        return;
    }
    let out = Command::new("python3")
        .arg(repo("tests/browser/map_test.py"))
        .args(["--cruxmap", env!("CARGO_BIN_EXE_cruxmap"), "--only", part])
        .arg("--chromium")
        .arg(chromium.unwrap_or_default())
        .current_dir(repo(""))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "browser test of {part} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn html_map_searches_selects_highlights_and_links_in_chromium() {
    browser_test("map");
}

#[test]
fn hostile_claim_text_shows_as_text_and_runs_nothing_in_chromium() {
    browser_test("hostile");
}

#[test]
fn serve_redraws_on_save_keeps_zoom_and_selection_and_shows_errors_in_chromium() {
    browser_test("serve");
}
