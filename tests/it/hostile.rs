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

/// Claim text that would clear the screen, set the window title, link somewhere and reverse
/// the line if printed raw.
// (No `//` in it: Argdown, and so cruxmap, reads `//` inside text as the start of a comment.)
const EVIL: &str = "evil\x1b]8;;https:x\x07link\x1b]8;;\x07 \u{202e}reversed\u{9b}31m \x1b[2J end";

fn evil_map() -> String {
    format!(
        "[Evil]: {EVIL}\n  <+ [Why]: because{EVIL}\n  <- [Not\x1b[2J{RLO}]: no\n",
        RLO = "\u{202e}"
    )
}

fn assert_inert(what: &str, output: &str) {
    for bad in ['\x1b', '\x07', '\u{202e}', '\u{9b}'] {
        assert!(
            !output.contains(bad),
            "{what} printed {bad:?} raw: {output:?}"
        );
    }
    assert!(
        output.contains("\\x1b[2J"),
        "{what} lost the text: {output:?}"
    );
    assert!(output.contains("\\u{202e}"), "{what}: {output:?}");
}

#[test]
fn claim_text_never_reaches_the_terminal_as_control_characters() {
    let map = evil_map();
    for args in [
        &["query", "-", "all"][..],
        &["query", "-", "supports [Evil]"],
        &["evaluate", "-", "--color", "never"][..2],
        &["cruxes", "-"],
        &["cruxes", "-", "--for", "[Evil]"],
    ] {
        let (_, stdout, stderr) = run(args, map.clone());
        let shown = format!("{stdout}{stderr}");
        assert_inert(&args.join(" "), &shown);
    }
    // A name that finds nothing is echoed in the error.
    let missing = "[Nothing\x1b[2J\u{202e}]";
    let (code, _, stderr) = run(&["cruxes", "-", "--for", missing], map.clone());
    assert_eq!(code, Some(2));
    assert_inert("cruxes --for", &stderr);
}

#[test]
fn diagnostics_show_control_characters_in_the_source_line_visibly() {
    // The reference comes first: `[` in the escape sequence would open a longer one.
    let source = format!("[A]: see [D] more {EVIL}\n");
    let (code, _, stderr) = run(&["check", "-"], source);
    assert_eq!(code, Some(1), "{stderr}");
    assert_inert("check", &stderr);
    // The caret still points at the reference.
    let caret_line = stderr.lines().find(|l| l.contains('─') && l.contains('·'));
    let source_line = stderr.lines().find(|l| l.contains("see [D] more")).unwrap();
    let caret = caret_line.unwrap().chars().position(|c| c == '─').unwrap();
    let pointed: String = source_line.chars().skip(caret).take(3).collect();
    assert_eq!(pointed, "[D]", "{stderr}");
}

#[test]
fn diff_text_shows_control_characters_visibly_even_without_colour() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.argdown");
    let new = dir.path().join("new.argdown");
    std::fs::write(&old, "[Evil]: harmless\n  <+ [Why]: because\n").unwrap();
    std::fs::write(&new, evil_map()).unwrap();
    for color in ["never", "always"] {
        let (code, stdout, _) = run(
            &[
                "diff",
                old.to_str().unwrap(),
                new.to_str().unwrap(),
                "--color",
                color,
            ],
            "",
        );
        assert_eq!(code, Some(1));
        let without_our_colours = stdout
            .replace("\x1b[32m", "")
            .replace("\x1b[31m", "")
            .replace("\x1b[33m", "")
            .replace("\x1b[1m", "")
            .replace("\x1b[0m", "");
        assert_inert(&format!("diff --color {color}"), &without_our_colours);
    }
}

#[test]
fn json_output_keeps_control_characters_intact() {
    let (_, stdout, _) = run(&["query", "-", "all", "-f", "json"], evil_map());
    assert!(!stdout.contains('\x1b'), "JSON must escape: {stdout}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found = doc.to_string();
    assert!(found.contains("\\u001b[2J"), "{found}");
    let (_, stdout, _) = run(&["export", "-", "--to", "json"], evil_map());
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        doc.to_string()
            .contains(&serde_json::to_string(EVIL).unwrap()[1..20])
    );
}

/// Runs cruxmap as git's diff driver on OLD and NEW for `map.argdown`.
fn git_driver(dir: &std::path::Path, old: &str, new: &str) -> (Option<i32>, String, String) {
    run_in(
        dir,
        &[
            "diff",
            "--git",
            "map.argdown",
            old,
            "1111111",
            "100644",
            new,
            "2222222",
            "100644",
        ],
    )
}

#[test]
fn git_driver_notes_a_side_it_cannot_read_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("ok.argdown", b"[A]: a\n  <+ [B]: b\n");
    write("bad.argdown", b"[A]: a\n  * [B]: b\n");
    write("binary.argdown", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write("utf16.argdown", b"\xff\xfe[\0A\0]\0");
    for (old, new, note) in [
        (
            "ok.argdown",
            "bad.argdown",
            "new version is not a map cruxmap can read: 1 error, the first at line 2 column 3",
        ),
        (
            "bad.argdown",
            "ok.argdown",
            "old version is not a map cruxmap can read: 1 error",
        ),
        (
            "binary.argdown",
            "ok.argdown",
            "old version is not a map cruxmap can read: a binary file",
        ),
        (
            "ok.argdown",
            "utf16.argdown",
            "new version is not a map cruxmap can read: the file is UTF-16 little-endian",
        ),
    ] {
        let (code, stdout, stderr) = git_driver(dir.path(), old, new);
        assert_eq!(code, Some(0), "{old} {new}: {stderr}");
        assert!(stdout.starts_with("cruxmap diff map.argdown\n"), "{stdout}");
        assert!(stdout.contains(note), "{old} {new}: {stdout}");
        assert!(stdout.contains("git diff --no-ext-diff"), "{stdout}");
    }
}

#[test]
fn git_driver_reads_dev_null_as_the_missing_side_of_an_added_or_deleted_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.argdown"), "[A]: a\n  <+ [B]: b\n").unwrap();
    let (code, stdout, _) = git_driver(dir.path(), "/dev/null", "ok.argdown");
    assert_eq!(code, Some(0));
    assert!(
        stdout.starts_with("cruxmap diff map.argdown (new file)\n"),
        "{stdout}"
    );
    assert!(stdout.contains("claims: 2 added, 0 removed"), "{stdout}");
    let (code, stdout, _) = git_driver(dir.path(), "ok.argdown", "/dev/null");
    assert_eq!(code, Some(0));
    assert!(
        stdout.starts_with("cruxmap diff map.argdown (deleted)\n"),
        "{stdout}"
    );
    assert!(stdout.contains("0 added, 2 removed"), "{stdout}");
}

#[test]
fn git_diff_with_the_driver_goes_on_past_a_broken_version() {
    let Some(repo) = git_repo() else { return };
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(repo.path())
            .env("GIT_PAGER", "cat")
            .output()
            .unwrap()
    };
    let driver = format!(
        "{} diff --git",
        assert_cmd::cargo::cargo_bin("cruxmap").display()
    );
    git(&["config", "diff.argdown.command", &driver]);
    std::fs::write(
        repo.path().join(".gitattributes"),
        "*.argdown diff=argdown\n",
    )
    .unwrap();
    std::fs::write(repo.path().join("map.argdown"), "[A]: a\n  * [B]: b\n").unwrap();
    std::fs::remove_file(repo.path().join("sub/other.argdown")).unwrap();
    std::fs::write(repo.path().join("new.argdown"), "[N]: n\n").unwrap();
    git(&["add", "-N", "new.argdown"]);
    let out = git(&["diff"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("cruxmap diff map.argdown\n  new version is not a map"),
        "{stdout}"
    );
    assert!(
        stdout.contains("cruxmap diff new.argdown (new file)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("cruxmap diff sub/other.argdown (deleted)"),
        "{stdout}"
    );
}

#[test]
fn render_scale_of_zero_or_less_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("map.png");
    for scale in ["0", "-1", "nan", "inf"] {
        let (code, _, stderr) = run(
            &[
                "render",
                "-",
                "-o",
                png.to_str().unwrap(),
                &format!("--scale={scale}"),
            ],
            "[A]: a\n",
        );
        assert_eq!(code, Some(2), "{scale}: {stderr}");
        assert!(stderr.contains("is not above 0"), "{stderr}");
        assert!(!png.exists());
    }
}

#[test]
fn utf16_input_is_named_in_the_diagnostic() {
    let (code, _, stderr) = run(&["check", "-"], b"\xff\xfe[\0A\0]\0:\0 \0a\0".to_vec());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("UTF-16 little-endian"), "{stderr}");
    assert!(stderr.contains("iconv -f UTF-16"), "{stderr}");
}
