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
