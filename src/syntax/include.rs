//! `@include(path)`: Argdown's way of splitting a map over several files.
//!
//! As in `argdown json`, every `@include(path)` in the text is replaced by the contents of
//! the file at `path` (relative to the including file), includes inside that file are
//! replaced in turn, and a file is included at most once (so a cycle ends where it would
//! repeat a file; cruxmap reports it as a warning with the chain, where Argdown is silent).
//! cruxmap also keeps a map from each piece of the combined text back to the file and
//! offset it came from, so diagnostics point into the right file, and refuses a missing
//! file with the chain of includes that led there.
//!
//! Owns the text substitution and the source map; the caller supplies how files are read.

use std::path::{Component, Path, PathBuf};

/// Includes nested deeper than this are refused.
pub const MAX_INCLUDE_DEPTH: usize = 64;

/// A text with every include replaced, and where each piece came from.
#[derive(Clone, Debug, Default)]
pub struct Expanded {
    /// The combined text.
    pub text: String,
    /// Files read, the main file first: path and contents.
    pub files: Vec<(PathBuf, String)>,
    /// Pieces of `text` in order: `(start in text, file index, start in that file, length)`.
    pub pieces: Vec<(usize, usize, usize, usize)>,
    /// Include cycles that were cut, each as its chain of files.
    pub cycles: Vec<String>,
}

impl Expanded {
    /// The file and the offset in it of byte `at` of the combined text.
    pub fn origin(&self, at: usize) -> (usize, usize) {
        let i = self.pieces.partition_point(|p| p.0 <= at).saturating_sub(1);
        match self.pieces.get(i) {
            Some(&(start, file, offset, len)) => (file, offset + (at - start).min(len)),
            None => (0, at),
        }
    }
}

/// Why the includes could not be expanded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IncludeError {
    /// A file could not be read.
    #[error("cannot include {path}: {source} (included from {chain})")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
        /// The files that led to it, outermost first, joined by ` → `.
        chain: String,
    },
    /// Includes are nested too deeply.
    #[error("includes are nested more than {MAX_INCLUDE_DEPTH} deep: {chain}")]
    TooDeep {
        /// The chain, joined by ` → `.
        chain: String,
    },
}

/// Whether `text` contains an include at all (the cheap test before [`expand_includes`]).
pub fn has_includes(text: &str) -> bool {
    text.contains("@include(")
}

/// Replaces the includes of `text` (read from `path`), reading files with `read`.
pub fn expand_includes(
    path: &Path,
    text: &str,
    read: &mut dyn FnMut(&Path) -> std::io::Result<String>,
) -> Result<Expanded, IncludeError> {
    let mut out = Expanded {
        files: vec![(normalize(path), text.to_string())],
        ..Default::default()
    };
    let mut stack = vec![0usize];
    splice(&mut out, 0, read, &mut stack)?;
    Ok(out)
}

fn chain(out: &Expanded, stack: &[usize], last: &Path) -> String {
    stack
        .iter()
        .map(|&f| out.files[f].0.display().to_string())
        .chain(std::iter::once(last.display().to_string()))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// Appends file `file`'s text to `out.text`, replacing its includes.
fn splice(
    out: &mut Expanded,
    file: usize,
    read: &mut dyn FnMut(&Path) -> std::io::Result<String>,
    stack: &mut Vec<usize>,
) -> Result<(), IncludeError> {
    let text = out.files[file].1.clone();
    let dir = out.files[file]
        .0
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut from = 0;
    let mut search = 0;
    while let Some(p) = text[search..].find("@include(") {
        let at = search + p;
        let arg_start = at + "@include(".len();
        // The path runs to the first `)`, and is at least one character long.
        let Some(close) = text[arg_start..].find(')').filter(|&c| c > 0) else {
            search = arg_start;
            continue;
        };
        let target = normalize(&dir.join(&text[arg_start..arg_start + close]));
        push_piece(out, file, from, at);
        from = arg_start + close + 1;
        search = from;
        if let Some(open) = stack.iter().position(|&f| out.files[f].0 == target) {
            let cycle = chain(out, &stack[open..], &target);
            out.cycles.push(cycle);
            continue;
        }
        if out.files.iter().any(|(p, _)| *p == target) {
            // Argdown includes a file once; a second include of it adds nothing.
            continue;
        }
        if stack.len() >= MAX_INCLUDE_DEPTH {
            return Err(IncludeError::TooDeep {
                chain: chain(out, stack, &target),
            });
        }
        let contents = read(&target).map_err(|source| IncludeError::Unreadable {
            path: target.clone(),
            source,
            chain: chain(out, stack, &target),
        })?;
        let contents = contents
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(contents);
        out.files.push((target, contents));
        let index = out.files.len() - 1;
        stack.push(index);
        splice(out, index, read, stack)?;
        stack.pop();
    }
    push_piece(out, file, from, text.len());
    Ok(())
}

fn push_piece(out: &mut Expanded, file: usize, from: usize, to: usize) {
    if to <= from {
        return;
    }
    let start = out.text.len();
    out.text.push_str(&out.files[file].1[from..to]);
    out.pieces.push((start, file, from, to - from));
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn files(list: &[(&str, &str)]) -> HashMap<PathBuf, String> {
        list.iter()
            .map(|(p, t)| (PathBuf::from(p), t.to_string()))
            .collect()
    }

    fn run(main: &str, fs: &HashMap<PathBuf, String>) -> Result<Expanded, IncludeError> {
        let text = fs[Path::new(main)].clone();
        expand_includes(Path::new(main), &text, &mut |p| {
            fs.get(p)
                .cloned()
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
        })
    }

    #[test]
    fn includes_are_replaced_in_place_relative_to_the_including_file() {
        let fs = files(&[
            ("maps/main.argdown", "A\n@include(parts/one.argdown)\nB\n"),
            ("maps/parts/one.argdown", "one @include(../two.argdown) end"),
            ("maps/two.argdown", "two"),
        ]);
        let out = run("maps/main.argdown", &fs).unwrap();
        assert_eq!(out.text, "A\none two end\nB\n");
        // "two" comes from the third file, at its offset 0.
        let at = out.text.find("two").unwrap();
        assert_eq!(out.origin(at), (2, 0));
        assert_eq!(out.files[out.origin(at).0].0, Path::new("maps/two.argdown"));
        // "B" is back in the main file, at its own offset.
        let b = out.text.rfind('B').unwrap();
        assert_eq!(
            out.origin(b),
            (0, fs[Path::new("maps/main.argdown")].rfind('B').unwrap())
        );
    }

    #[test]
    fn a_cycle_is_cut_where_it_would_repeat_a_file_and_reported() {
        let fs = files(&[
            ("a.argdown", "A @include(b.argdown)"),
            ("b.argdown", "B @include(a.argdown)."),
        ]);
        let out = run("a.argdown", &fs).unwrap();
        assert_eq!(out.text, "A B .");
        assert_eq!(out.cycles, ["a.argdown → b.argdown → a.argdown"]);
    }

    #[test]
    fn a_missing_file_is_an_error_with_the_chain() {
        let fs = files(&[("a.argdown", "x @include(gone.argdown)")]);
        let err = run("a.argdown", &fs).unwrap_err();
        assert!(err.to_string().contains("gone.argdown"), "{err}");
        assert!(
            err.to_string().contains("a.argdown → gone.argdown"),
            "{err}"
        );
    }

    #[test]
    fn a_file_included_twice_is_read_once() {
        let fs = files(&[
            ("a.argdown", "@include(c.argdown)|@include(c.argdown)"),
            ("c.argdown", "C"),
        ]);
        assert_eq!(run("a.argdown", &fs).unwrap().text, "C|");
    }
}
