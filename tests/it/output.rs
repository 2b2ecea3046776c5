//! Where `-o` writes (issue 16): regular files replaced whole, devices and FIFOs written in
//! place, symbolic links followed, inputs never overwritten by accident, no temporary files
//! left behind.
//!
//! Tests never point cruxmap at the real `/dev/null` or `/dev/full` when a regression could
//! replace them: as root they use a copy of the device made with `mknod` in a temporary
//! folder, and skip (with a notice) when that is not allowed.

#![cfg(unix)]

use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn cruxmap() -> Command {
    Command::cargo_bin("cruxmap").unwrap()
}

const MAP: &str = "[A]: a\n  <+ [B]: b\n";

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// A character device like `/dev/NAME` (major 1, `minor`) that a regression may safely
/// replace: a copy in `dir` when running as root, else the real one (which a normal user
/// cannot replace). `None` when neither is safe.
fn safe_device(dir: &Path, name: &str, minor: u32) -> Option<PathBuf> {
    if !is_root() {
        return Some(PathBuf::from(format!("/dev/{name}")));
    }
    let copy = dir.join(name);
    let made = std::process::Command::new("mknod")
        .arg(&copy)
        .args(["c", "1", &minor.to_string()])
        .status()
        .is_ok_and(|s| s.success());
    if made {
        Some(copy)
    } else {
        eprintln!("skipped: running as root and mknod is not allowed here");
        None
    }
}

fn is_char_device(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

/// Names in `dir` that look like cruxmap's temporary files.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".cruxmap-tmp-"))
        .collect()
}

#[test]
fn output_to_dev_null_keeps_it_a_device() {
    let dir = tempfile::tempdir().unwrap();
    let Some(null) = safe_device(dir.path(), "null", 3) else {
        return;
    };
    cruxmap()
        .args(["export", "-", "--to", "json", "-o"])
        .arg(&null)
        .write_stdin(MAP)
        .assert()
        .success();
    assert!(
        is_char_device(&null),
        "{} is no longer a device",
        null.display()
    );
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn output_to_dev_full_reports_the_full_disk() {
    let dir = tempfile::tempdir().unwrap();
    let Some(full) = safe_device(dir.path(), "full", 7) else {
        return;
    };
    let out = cruxmap()
        .args(["export", "-", "--to", "json", "-o"])
        .arg(&full)
        .write_stdin(MAP)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(is_char_device(&full));
}

#[test]
fn output_to_a_fifo_is_written_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    cruxmap()
        .args(["export", "-", "--to", "dot", "-o"])
        .arg(&fifo)
        .write_stdin(MAP)
        .assert()
        .success();
    let got = reader.join().unwrap();
    assert!(got.starts_with("digraph"), "{got}");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn output_through_a_symlink_replaces_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.dot");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.dot");
    std::os::unix::fs::symlink("real.dot", &link).unwrap();
    cruxmap()
        .args(["export", "-", "--to", "dot", "-o"])
        .arg(&link)
        .write_stdin(MAP)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .starts_with("digraph")
    );
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn output_to_a_dangling_symlink_creates_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("link.dot");
    std::os::unix::fs::symlink("made.dot", &link).unwrap();
    cruxmap()
        .args(["export", "-", "--to", "dot", "-o"])
        .arg(&link)
        .write_stdin(MAP)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let made = std::fs::read_to_string(dir.path().join("made.dot")).unwrap();
    assert!(made.starts_with("digraph"));
}

#[test]
fn output_naming_the_input_is_refused_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.argdown");
    std::fs::write(&map, MAP).unwrap();
    let out = cruxmap()
        .args(["export", "--to", "dot"])
        .arg(&map)
        .arg("-o")
        .arg(&map)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("would overwrite the input"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&map).unwrap(), MAP);

    // The same file through a link is the same input.
    let link = dir.path().join("link.argdown");
    std::os::unix::fs::symlink("map.argdown", &link).unwrap();
    cruxmap()
        .args(["render"])
        .arg(&map)
        .arg("-o")
        .arg(&link)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&map).unwrap(), MAP);

    cruxmap()
        .args(["export", "--to", "dot", "--force"])
        .arg(&map)
        .arg("-o")
        .arg(&map)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&map)
            .unwrap()
            .starts_with("digraph")
    );
}

#[test]
fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("map.json");
    std::fs::write(&target, "old").unwrap();
    // Invalid input: nothing is written.
    cruxmap()
        .args(["export", "-", "--to", "json", "-o"])
        .arg(&target)
        .write_stdin("[A]: a\n  * [B]: b\n")
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn output_to_a_directory_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = cruxmap()
        .args(["export", "-", "--to", "json", "-o"])
        .arg(dir.path())
        .write_stdin(MAP)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("is a directory"), "{stderr}");
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn output_to_dev_stdout_appends_where_the_shell_appends() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.txt");
    std::fs::write(&log, "before\n").unwrap();
    let file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let map = dir.path().join("map.argdown");
    std::fs::write(&map, MAP).unwrap();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("cruxmap"))
        .args(["export", "--to", "dot", "-o", "/dev/stdout"])
        .arg(&map)
        .stdout(file)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.starts_with("before\ndigraph"), "{text}");
}
