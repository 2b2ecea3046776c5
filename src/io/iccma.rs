//! Attack graphs in the formats of the argumentation solver competitions: ICCMA 2023's
//! `p af N` format (`.af`, `.i23`) and ASPARTIX's `.apx` (`arg(a).`, `att(a,b).`).
//!
//! Reading gives a bare attack graph to evaluate; writing exports the Dung framework of a
//! map (its complex attacks, see `analysis::semantics`) so that competition solvers can
//! check cruxmap's answers.

use std::fmt::Write as _;

/// Most arguments a read framework may declare.
pub const MAX_ARGUMENTS: usize = 50_000_000;

/// Arguments an ICCMA file may declare whatever its size. Beyond this, a file must have at
/// least one byte per declared argument: each argument costs about 100 bytes of memory to
/// read and evaluate, and `p af 50000000` alone (14 bytes) allocated 8 GB.
pub const ARGUMENTS_FOR_ANY_SIZE: usize = 1_000_000;

/// A bare attack graph: arguments `0..names.len()` and who attacks whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttackGraph {
    /// Name of each argument: its number (from 1) for ICCMA files, its atom for `.apx`.
    pub names: Vec<String>,
    /// `(attacker, attacked)`, 0-based, in file order.
    pub attacks: Vec<(u32, u32)>,
}

/// A framework file that cannot be read.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[error("line {line}, column {column}: {message}")]
pub struct IccmaError {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
}

fn fail(line: usize, column: usize, message: String, hint: &'static str) -> IccmaError {
    IccmaError {
        line,
        column,
        message,
        hint,
    }
}

/// Whether `text` looks like ASPARTIX (`arg(...)`) rather than ICCMA 2023.
pub fn is_apx(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('%') && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with("arg(") || l.starts_with("att("))
}

/// Reads either format (ASPARTIX if the first statement is `arg(`/`att(`).
pub fn read(text: &str) -> Result<AttackGraph, IccmaError> {
    if is_apx(text) {
        read_apx(text)
    } else {
        read_i23(text)
    }
}

/// Reads the ICCMA 2023 format: `p af N`, then `i j` per attack; `#` starts a comment.
pub fn read_i23(text: &str) -> Result<AttackGraph, IccmaError> {
    let mut n: Option<usize> = None;
    let mut attacks = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let column = line.len() - line.trim_start().len() + 1;
        let fields: Vec<&str> = trimmed.split_whitespace().collect();
        let Some(count) = n else {
            if fields.len() != 3 || fields[0] != "p" || fields[1] != "af" {
                return Err(fail(
                    number,
                    column,
                    format!("expected the header `p af N`, found `{trimmed}`"),
                    "an ICCMA 2023 file starts with `p af N`, N the number of arguments",
                ));
            }
            let count = fields[2]
                .parse::<usize>()
                .ok()
                .filter(|&c| c <= MAX_ARGUMENTS);
            let Some(count) = count else {
                return Err(fail(
                    number,
                    column,
                    format!(
                        "`{}` is not a number of arguments up to {MAX_ARGUMENTS}",
                        fields[2]
                    ),
                    "write `p af N` with N a whole number",
                ));
            };
            let allowed = ARGUMENTS_FOR_ANY_SIZE.max(text.len());
            if count > allowed {
                return Err(fail(
                    number,
                    column,
                    format!(
                        "`p af {count}` declares more arguments than cruxmap reads from a file \
                         of {} bytes ({allowed})",
                        text.len()
                    ),
                    "a framework may declare up to 1,000,000 arguments, or one per byte of \
                     its file; list attacks for the arguments, or declare fewer",
                ));
            }
            n = Some(count);
            continue;
        };
        let parse = |field: &str| {
            field
                .parse::<usize>()
                .ok()
                .filter(|&a| a >= 1 && a <= count)
        };
        match fields.as_slice() {
            [a, b] => match (parse(a), parse(b)) {
                (Some(a), Some(b)) => attacks.push(((a - 1) as u32, (b - 1) as u32)),
                _ => {
                    return Err(fail(
                        number,
                        column,
                        format!("`{trimmed}` is not an attack between arguments 1..{count}"),
                        "write one attack per line as `i j`, both between 1 and N",
                    ));
                }
            },
            _ => {
                return Err(fail(
                    number,
                    column,
                    format!("expected an attack `i j`, found `{trimmed}`"),
                    "write one attack per line as two argument numbers",
                ));
            }
        }
    }
    let Some(count) = n else {
        return Err(fail(
            1,
            1,
            "no `p af N` header".to_string(),
            "an ICCMA 2023 file starts with `p af N`",
        ));
    };
    Ok(AttackGraph {
        names: (1..=count).map(|i| i.to_string()).collect(),
        attacks,
    })
}

/// Reads ASPARTIX: `arg(a).` and `att(a,b).` statements; `%` starts a comment.
pub fn read_apx(text: &str) -> Result<AttackGraph, IccmaError> {
    let mut names = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut pending = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let code = line.split('%').next().unwrap_or("");
        for statement in code.split_terminator('.') {
            let s = statement.trim();
            if s.is_empty() {
                continue;
            }
            let column = line.find(s).map_or(1, |c| line[..c].chars().count() + 1);
            let inner = |prefix: &str| {
                s.strip_prefix(prefix)
                    .and_then(|r| r.strip_suffix(')'))
                    .map(str::trim)
            };
            if let Some(name) = inner("arg(") {
                if name.is_empty() || name.contains(',') {
                    return Err(fail(
                        number,
                        column,
                        format!("bad argument `{s}`"),
                        "write arg(name).",
                    ));
                }
                if index.insert(name.to_string(), names.len() as u32).is_some() {
                    return Err(fail(
                        number,
                        column,
                        format!("argument `{name}` declared twice"),
                        "declare each argument once",
                    ));
                }
                if names.len() >= MAX_ARGUMENTS {
                    return Err(fail(
                        number,
                        column,
                        "too many arguments".into(),
                        "split the framework",
                    ));
                }
                names.push(name.to_string());
            } else if let Some(pair) = inner("att(") {
                let mut parts = pair.split(',').map(str::trim);
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(a), Some(b), None) if !a.is_empty() && !b.is_empty() => {
                        pending.push((a.to_string(), b.to_string(), number, column));
                    }
                    _ => {
                        return Err(fail(
                            number,
                            column,
                            format!("bad attack `{s}`"),
                            "write att(a,b).",
                        ));
                    }
                }
            } else {
                return Err(fail(
                    number,
                    column,
                    format!("expected `arg(..)` or `att(..,..)`, found `{s}`"),
                    "ASPARTIX files hold only arg/1 and att/2 facts",
                ));
            }
        }
    }
    let mut attacks = Vec::with_capacity(pending.len());
    for (a, b, line, column) in pending {
        match (index.get(&a), index.get(&b)) {
            (Some(&x), Some(&y)) => attacks.push((x, y)),
            _ => {
                let missing = if index.contains_key(&a) { b } else { a };
                return Err(fail(
                    line,
                    column,
                    format!("attack names `{missing}`, which no `arg(..)` declares"),
                    "declare every argument with arg(name).",
                ));
            }
        }
    }
    Ok(AttackGraph { names, attacks })
}

/// A comment-safe version of a name: one line, no control characters.
fn comment(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Writes the ICCMA 2023 format, with each argument's name in a `#` comment.
pub fn write_i23(names: &[String], attacks: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(16 * (names.len() + attacks.len()) + 16);
    let _ = writeln!(out, "p af {}", names.len());
    for (i, name) in names.iter().enumerate() {
        let _ = writeln!(out, "# {} {}", i + 1, comment(name));
    }
    for &(a, b) in attacks {
        let _ = writeln!(out, "{} {}", a + 1, b + 1);
    }
    out
}

/// Writes ASPARTIX facts (`a1`, `a2`, ... as atoms), with names in `%` comments.
pub fn write_apx(names: &[String], attacks: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(24 * (names.len() + attacks.len()));
    for (i, name) in names.iter().enumerate() {
        let _ = writeln!(out, "arg(a{}). % {}", i + 1, comment(name));
    }
    for &(a, b) in attacks {
        let _ = writeln!(out, "att(a{},a{}).", a + 1, b + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn i23_round_trips_and_skips_comments() {
        let names = vec!["[A]".to_string(), "[B]\nwith a newline".to_string()];
        let text = write_i23(&names, &[(0, 1), (1, 1)]);
        assert!(text.contains("# 2 [B] with a newline\n"));
        let back = read_i23(&text).unwrap();
        assert_eq!(back.attacks, [(0, 1), (1, 1)]);
        assert_eq!(back.names, ["1", "2"]);
    }

    #[test]
    fn apx_round_trips() {
        let names = vec!["x".to_string(), "y".to_string()];
        let back = read(&write_apx(&names, &[(1, 0)])).unwrap();
        assert_eq!(back.names, ["a1", "a2"]);
        assert_eq!(back.attacks, [(1, 0)]);
    }

    #[test]
    fn bad_files_say_where() {
        let err = read_i23("p af 2\n1 3\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(err.message.contains("1..2"));
        let err = read_i23("1 2\n").unwrap_err();
        assert!(err.message.contains("header"));
        let err = read_i23("p af 99999999999999999999\n").unwrap_err();
        assert!(err.message.contains("not a number"));
        let err = read_i23("p af 50000000\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 1));
        assert!(
            err.message
                .contains("more arguments than cruxmap reads from a file of 14 bytes"),
            "{err}"
        );
        assert_eq!(read_i23("p af 1000000\n").unwrap().names.len(), 1_000_000);
        let err = read_apx("arg(a).\natt(a,b).\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("`b`"));
    }
}
