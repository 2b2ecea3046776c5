//! Regressions from the hostile-input probe (issue 16): long lines in diagnostics, git
//! option injection, control characters in text output, the git diff driver.

use assert_cmd::Command;

fn cruxmap() -> Command {
    Command::cargo_bin("cruxmap").unwrap()
}

/// Runs cruxmap on `stdin`: exit code, stdout, stderr.
fn run(args: &[&str], stdin: impl Into<Vec<u8>>) -> (Option<i32>, String, String) {
    let out = cruxmap()
        .args(args)
        .current_dir(super::repo(""))
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn diagnostic_past_column_65535_shows_a_window_of_the_line_instead_of_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.argdown");
    // 100 KB on one line, and a reference in text (an error) at its end.
    let source = format!("[A]: {} [D] more\n", "x ".repeat(50_000));
    std::fs::write(&file, &source).unwrap();
    let (code, _, stderr) = run(&["check", file.to_str().unwrap()], "");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("long.argdown:1:100007]"), "{stderr}");
    assert!(stderr.contains("… x x"), "{stderr}");
    assert!(stderr.contains("[D] more"), "{stderr}");
    assert!(stderr.len() < 2_000, "the whole line was printed");
}

#[test]
fn json_that_is_not_utf8_on_a_long_line_is_reported_without_panicking() {
    let mut json = b"{\"a\": \"".to_vec();
    json.extend(std::iter::repeat_n(b'y', 100_000));
    json.extend(b"\xff\"}");
    let (code, _, stderr) = run(&["export", "-", "--from", "json", "--to", "json"], json);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
    assert!(stderr.contains("<stdin>:1:100008]"), "{stderr}");
}

/// A fresh git repository holding `map.argdown` and `sub/other.argdown`, committed; `None`
/// (with a notice) when git is not installed.
fn git_repo() -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("map.argdown"), "[A]: a\n  <+ [B]: b\n").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/other.argdown"), "[C]: c\n").unwrap();
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(dir.path())
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !(git(&["init", "-q"]) && git(&["add", "."]) && git(&["commit", "-qm", "x"])) {
        eprintln!("skipped: git is not available");
        return None;
    }
    Some(dir)
}

fn run_in(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = cruxmap().args(args).current_dir(dir).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn diff_never_hands_git_a_revision_that_is_an_option() {
    let Some(repo) = git_repo() else { return };
    let target = repo.path().join("written-by-git");
    let spec = format!("--output={}:map.argdown", target.display());
    let (code, stdout, stderr) = run_in(repo.path(), &["diff", "--", &spec, "map.argdown"]);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("cannot start with `-`"), "{stderr}");
    assert!(!target.exists(), "git wrote a file");
    assert!(stdout.is_empty());
}

#[test]
fn diff_of_a_side_git_cannot_show_as_a_file_is_an_error_never_a_map() {
    let Some(repo) = git_repo() else { return };
    // A folder (git would list its files), a missing path and a bad revision.
    for spec in [
        "HEAD:sub",
        "HEAD:",
        "HEAD:missing.argdown",
        "nope:map.argdown",
    ] {
        let (code, stdout, stderr) = run_in(repo.path(), &["diff", spec, "map.argdown"]);
        assert_eq!(code, Some(2), "{spec}: {stdout}{stderr}");
        assert!(stderr.contains("git cannot show it"), "{spec}: {stderr}");
        assert!(stdout.is_empty(), "{spec}: {stdout}");
    }
    let (code, stdout, _) = run_in(repo.path(), &["diff", "HEAD:map.argdown", "map.argdown"]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "no change in claims or relations\n");
}
