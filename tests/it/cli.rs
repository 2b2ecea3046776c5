//! The command line: exit codes, outputs, and no half-written files.

use assert_cmd::Command;

use super::repo;

fn cruxmap() -> Command {
    Command::cargo_bin("cruxmap").unwrap()
}

#[test]
fn check_passes_on_the_bundled_graph() {
    let out = cruxmap()
        .args(["check", "graphs/alignment-faking.argdown"])
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_fails_with_location_and_hint_on_errors() {
    let out = cruxmap()
        .args(["check", "tests/fixtures/invalid/unknown-relation.argdown"])
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown-relation.argdown:2:3"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn export_reads_stdin_and_writes_json() {
    let out = cruxmap()
        .args(["export", "-", "--to", "json"])
        .write_stdin("[A]: a\n  + [B]: b\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["relations"][0]["from"], "[B]");
}

#[test]
fn export_of_an_invalid_file_writes_nothing_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    let out = cruxmap()
        .args(["export", "-", "--to", "json", "-o"])
        .arg(&target)
        .write_stdin("[A]: a\n  * [B]: b\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!target.exists());
}

#[test]
fn non_utf8_input_exits_2_with_a_location() {
    let out = cruxmap()
        .args(["check", "-"])
        .write_stdin(&b"[A]: ok\n[B]: caf\xe9\n"[..])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:2:9"));
}

#[test]
fn export_round_trips_through_cruxmap_json_files() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("map.json");
    cruxmap()
        .args([
            "export",
            "graphs/alignment-faking.argdown",
            "--to",
            "json",
            "-o",
        ])
        .arg(&json)
        .current_dir(repo(""))
        .assert()
        .success();
    let dot = cruxmap()
        .args(["export", "--to", "dot"])
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(dot.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&dot.stdout).starts_with("digraph"));
}

#[test]
#[cfg(unix)]
fn exported_files_are_not_left_private_to_the_owner() {
    // Regression: output went through a 0600 temporary file and kept its mode.
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("map.dot");
    cruxmap()
        .args(["export", "-", "--to", "dot", "-o"])
        .arg(&target)
        .write_stdin("[A]: a\n")
        .assert()
        .success();
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

#[test]
fn check_renders_at_most_a_hundred_diagnostics_per_file() {
    // Regression: every diagnostic copied and rescanned the whole source, so a large file
    // with thousands of errors never finished.
    let mut source = String::new();
    for i in 0..150 {
        source.push_str(&format!("[A{i}]: text\n  * [B{i}]: not a relation\n\n"));
    }
    let out = cruxmap()
        .args(["check", "-"])
        .write_stdin(source)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("is not a relation symbol").count(), 100);
    assert!(stderr.contains("50 more diagnostics not shown"), "{stderr}");
    assert!(stderr.contains("150 errors"));
}

#[test]
fn render_writes_svg_by_default_and_png_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("map.svg");
    let png = dir.path().join("map.png");
    for target in [&svg, &png] {
        cruxmap()
            .args(["render", "graphs/alignment-faking.argdown", "-o"])
            .arg(target)
            .current_dir(repo(""))
            .assert()
            .success();
    }
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    assert_eq!(&std::fs::read(&png).unwrap()[1..4], b"PNG");
    // PNG is binary: not to a terminal or pipe by accident.
    let out = cruxmap()
        .args(["render", "-", "--to", "png"])
        .write_stdin("[A]: a\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o map.png"));
}
