//! `cruxmap diff`: what changed between two versions of a map, in argument terms, and what
//! follows from it. Also a git external diff driver (`--git`).

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::export::read_graph;
use super::visible::visible as v;
use super::{EXIT_FAILURE, EXIT_SUCCESS, Failure, diagnostics, error, input};
use crate::diff::{ClaimDiff, GraphDiff, RelationDiff, WordEdit, diff};
use crate::model::ArgumentGraph;
use crate::render::svg::{self, Marks, SvgOptions};
use crate::syntax::{MAX_SOURCE_BYTES, Severity};

/// Compare two versions of a map: claims and relations that changed, and what follows
///
/// OLD and NEW are files, `-` for standard input, or `REV:path` to read from git
/// (`HEAD~3:graphs/map.argdown`). Exit status: 0 same, 1 different, 2 error.
/// As a git diff driver: `git config diff.argdown.command 'cruxmap diff --git'` and
/// `*.argdown diff=argdown` in .gitattributes (see docs/diff.md).
#[derive(Args, Debug)]
pub(crate) struct DiffArgs {
    /// OLD and NEW (with --git: the seven arguments git passes to a diff driver)
    #[arg(required = true, num_args = 2..=7, value_name = "OLD NEW")]
    files: Vec<String>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Run as git's external diff driver: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
    /// NEW-MODE; always exits 0, and a side that is not a map (syntax errors, a binary
    /// file) gets a note instead of a diff
    #[arg(long)]
    git: bool,
    /// Colour the text output: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Write here instead of standard output (a file is written whole or not at all; a
    /// device or FIFO is written in place)
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Let --output name an input file and replace it
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum Format {
    /// A summary like `git diff --stat`, then each change and what follows
    Text,
    /// The changes as JSON (schema in docs/diff.md)
    Json,
    /// Both versions drawn as one map: added green, removed red, changed amber
    Svg,
    /// A page with the list of changes and the drawing
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Reads one side: a file, `-`, or `REV:path` from git.
fn read_side(spec: &str) -> Result<ArgumentGraph, Failure> {
    let path = Path::new(spec);
    if spec == "-" || path.exists() {
        return read_graph(path, None);
    }
    if !spec.contains(':') {
        return Err(error(format!("{spec}: no such file")));
    }
    // `git show '--output=PATH:x'` would write a file: a revision is never an option.
    if spec.starts_with('-') {
        return Err(error(format!(
            "{spec}: no such file, and a git revision cannot start with `-`"
        )));
    }
    // `cat-file blob` rather than `show`: it fails on a tree (`HEAD:graphs`), whose listing
    // `show` prints and which would read as a map of file names; and it never converts.
    let out = std::process::Command::new("git")
        .args(["cat-file", "blob", "--end-of-options", spec])
        .output()
        .map_err(|e| error(format!("{spec}: cannot run git: {e}")))?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        return Err(error(format!(
            "{spec}: git cannot show it: {}\n  hint: check the revision and the path (relative to the repository root)",
            why.trim()
        )));
    }
    let Ok(text) = String::from_utf8(out.stdout) else {
        return Err(error(format!("{spec}: not UTF-8 text")));
    };
    let loaded = crate::load(&text, Some(spec));
    diagnostics::print(spec, &text, &loaded.diagnostics);
    if loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return Err(error(format!("{spec} has errors")));
    }
    Ok(loaded.graph)
}

/// Reads one side for git's diff driver, which must never stop `git diff`: `/dev/null` (an
/// added or deleted file) is an empty map, and a side that is not a valid map gives the
/// note to print instead of a diff.
fn read_git_side(path: &str, label: &str) -> Result<ArgumentGraph, String> {
    if path == "/dev/null" {
        return Ok(ArgumentGraph::new());
    }
    let bytes = match std::fs::metadata(path) {
        Ok(meta) if meta.len() > MAX_SOURCE_BYTES as u64 => {
            return Err(format!(
                "{} bytes, more than the {MAX_SOURCE_BYTES} cruxmap reads",
                meta.len()
            ));
        }
        _ => std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?,
    };
    // UTF-16 holds NUL bytes too, but deserves its own message.
    let is_utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    if bytes.contains(&0) && !is_utf16 {
        return Err("a binary file".to_string());
    }
    let text = crate::syntax::decode(&bytes).map_err(|d| d.message)?;
    if label.ends_with(".json") {
        return crate::io::json::read(text).map_err(|e| format!("not cruxmap JSON: {e}"));
    }
    let loaded = crate::load(text, Some(label));
    let mut errors = loaded.diagnostics.iter().filter(|d| d.is_error());
    let Some(first) = errors.next() else {
        return Ok(loaded.graph);
    };
    let at = crate::syntax::LineIndex::new(text).line_col(text, first.span.start as usize);
    let more = errors.count();
    Err(format!(
        "{} error{}, the first at line {} column {}: {}",
        more + 1,
        if more == 0 { "" } else { "s" },
        at.line,
        at.column,
        first.message
    ))
}

/// The git driver's output when a side is not a map: a header and a note, so `git diff`
/// goes on to the next file.
fn git_note(label: &str, old: Result<(), &str>, new: Result<(), &str>) -> String {
    let mut out = format!(
        "cruxmap diff {}
",
        v(label)
    );
    for (side, result) in [("old", old), ("new", new)] {
        if let Err(why) = result {
            let _ = writeln!(
                out,
                "  {side} version is not a map cruxmap can read: {}",
                v(why)
            );
        }
    }
    out.push_str("  (no argument diff; `git diff --no-ext-diff` shows the text diff)\n");
    out
}

pub(crate) fn run_diff(args: DiffArgs) -> Result<u8, Failure> {
    let inputs: Vec<&Path> = args.files.iter().map(Path::new).collect();
    input::refuse_overwriting_input(args.output.as_deref(), &inputs, args.force)?;
    let (old_spec, new_spec, label) = if args.git {
        if args.files.len() != 7 {
            return Err(error(
                "--git expects the 7 arguments git passes to an external diff driver",
            ));
        }
        (&args.files[1], &args.files[4], Some(args.files[0].clone()))
    } else {
        if args.files.len() != 2 {
            return Err(error("give two maps: OLD NEW"));
        }
        (&args.files[0], &args.files[1], None)
    };
    let (old, new) = match &label {
        Some(label) => match (
            read_git_side(old_spec, label),
            read_git_side(new_spec, label),
        ) {
            (Ok(old), Ok(new)) => (old, new),
            (old, new) => {
                let note = git_note(
                    label,
                    old.as_ref().map(|_| ()).map_err(String::as_str),
                    new.as_ref().map(|_| ()).map_err(String::as_str),
                );
                input::write_output(args.output.as_deref(), &note)?;
                return Ok(EXIT_SUCCESS);
            }
        },
        None => (read_side(old_spec)?, read_side(new_spec)?),
    };
    // git passes /dev/null for the missing side of an added or deleted file.
    let label = label.map(|l| match (old_spec.as_str(), new_spec.as_str()) {
        ("/dev/null", _) => format!("{l} (new file)"),
        (_, "/dev/null") => format!("{l} (deleted)"),
        _ => l,
    });
    if matches!(args.format, Format::Svg | Format::Html) {
        let union = crate::diff::union(&old, &new);
        let options = SvgOptions {
            marks: Some(Marks {
                elements: union.claims.clone(),
                relations: union.relations.clone(),
            }),
            ..SvgOptions::default()
        };
        let drawing = svg::write(&union.graph, &options);
        let out = if args.format == Format::Svg {
            drawing
        } else {
            html(&union.diff, &drawing, old_spec, new_spec)
        };
        input::write_output(args.output.as_deref(), &out)?;
        return Ok(if args.git || union.diff.is_empty() {
            EXIT_SUCCESS
        } else {
            EXIT_FAILURE
        });
    }
    let changes = diff(&old, &new);
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            args.output.is_none()
                && std::env::var_os("NO_COLOR").is_none()
                && std::io::stdout().is_terminal()
        }
    };
    // Drawings returned above; what is left is text or JSON.
    let text = if args.format == Format::Json {
        json(&changes)
    } else {
        text(&changes, label.as_deref(), color)
    };
    input::write_output(args.output.as_deref(), &text)?;
    Ok(if args.git || changes.is_empty() {
        EXIT_SUCCESS
    } else {
        EXIT_FAILURE
    })
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    fn amber(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
}

fn arrow(kind: &str) -> &'static str {
    match kind {
        "support" | "entails" => "+>",
        "attack" | "contrary" => "->",
        "undercut" => "_>",
        "contradictory" => "><",
        "premise" => "premise of",
        "conclusion" => "concludes",
        _ => "?",
    }
}

fn words(edits: &[WordEdit], p: &Paint) -> String {
    edits
        .iter()
        .map(|e| match e {
            WordEdit::Same(t) => v(t).into_owned(),
            WordEdit::Deleted(t) => p.red(&format!("[-{}-]", v(t))),
            WordEdit::Inserted(t) => p.green(&format!("{{+{}+}}", v(t))),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn text(d: &GraphDiff, label: Option<&str>, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    if let Some(path) = label {
        let _ = writeln!(out, "{}", p.bold(&format!("cruxmap diff {}", v(path))));
    }
    if d.is_empty() {
        out.push_str("no change in claims or relations\n");
        return out;
    }
    let count = |f: &dyn Fn(&ClaimDiff) -> bool| d.claims.iter().filter(|c| f(c)).count();
    let added = count(&|c| c.old.is_none());
    let removed = count(&|c| c.new.is_none());
    let changed = d.claims.len() - added - removed;
    let rel = |f: &dyn Fn(&RelationDiff) -> bool| d.relations.iter().filter(|r| f(r)).count();
    let _ = writeln!(
        out,
        "claims: {added} added, {removed} removed, {changed} changed · relations: {} added, {} removed, {} retyped, {} re-pointed",
        rel(&|r| matches!(r, RelationDiff::Added { .. })),
        rel(&|r| matches!(r, RelationDiff::Removed { .. })),
        rel(&|r| matches!(r, RelationDiff::Retyped { .. })),
        rel(&|r| matches!(r, RelationDiff::Repointed { .. })),
    );
    if !d.claims.is_empty() {
        out.push('\n');
    }
    for c in &d.claims {
        match (&c.old, &c.new) {
            (None, Some(n)) => {
                let _ = writeln!(out, "{}", p.green(&format!("+ {}", v(n))));
            }
            (Some(o), None) => {
                let _ = writeln!(out, "{}", p.red(&format!("- {}", v(o))));
            }
            (Some(o), Some(n)) => {
                let _ = writeln!(out, "{}", p.amber(&format!("~ {}", v(n))));
                if c.renamed {
                    let _ = writeln!(out, "    renamed from {}", v(o));
                }
                if let Some(edits) = &c.reworded {
                    let _ = writeln!(out, "    reworded: {}", words(edits, &p));
                }
                if !c.tags_removed.is_empty() || !c.tags_added.is_empty() {
                    let tags: Vec<String> = c
                        .tags_removed
                        .iter()
                        .map(|t| p.red(&format!("-#{}", v(t))))
                        .chain(c.tags_added.iter().map(|t| p.green(&format!("+#{}", v(t)))))
                        .collect();
                    let _ = writeln!(out, "    tags: {}", tags.join(" "));
                }
                if let Some((from, to)) = &c.moved {
                    let none = |s: &str| {
                        if s.is_empty() {
                            "(no section)".to_string()
                        } else {
                            v(s).into_owned()
                        }
                    };
                    let _ = writeln!(out, "    moved: {} → {}", none(from), none(to));
                }
            }
            (None, None) => {}
        }
    }
    if !d.relations.is_empty() {
        out.push('\n');
    }
    for r in &d.relations {
        let line = match r {
            RelationDiff::Added { from, to, kind } => {
                p.green(&format!("+ {} {} {}", v(from), arrow(kind), v(to)))
            }
            RelationDiff::Removed { from, to, kind } => {
                p.red(&format!("- {} {} {}", v(from), arrow(kind), v(to)))
            }
            RelationDiff::Retyped { from, to, old, new } => p.amber(&format!(
                "~ {} {} {}  (was {old}, now {new})",
                v(from),
                arrow(new),
                v(to)
            )),
            RelationDiff::Repointed {
                from,
                old_to,
                new_to,
                kind,
            } => p.amber(&format!(
                "~ {} {} {}  (was {} {})",
                v(from),
                arrow(kind),
                v(new_to),
                arrow(kind),
                v(old_to)
            )),
        };
        let _ = writeln!(out, "{line}");
    }
    if !d.labels.is_empty() || !d.rests_on.is_empty() || !d.cruxes.is_empty() {
        let _ = writeln!(
            out,
            "\nwhat follows (grounded semantics, deductive support):"
        );
    }
    for l in &d.labels {
        let _ = writeln!(
            out,
            "  {} is now {} (was {})",
            v(&l.claim),
            l.new.name(),
            l.old.name()
        );
    }
    for r in &d.rests_on {
        let mut parts = Vec::new();
        if !r.gained.is_empty() {
            parts.push(format!("now rests on {}", list(&r.gained)));
        }
        if !r.lost.is_empty() {
            parts.push(format!("no longer on {}", list(&r.lost)));
        }
        let _ = writeln!(out, "  {} {}", v(&r.claim), parts.join("; "));
    }
    for c in &d.cruxes {
        let mut parts = Vec::new();
        if !c.appeared.is_empty() {
            parts.push(format!("new cruxes {}", list(&c.appeared)));
        }
        if !c.disappeared.is_empty() {
            parts.push(format!("no longer {}", list(&c.disappeared)));
        }
        let _ = writeln!(out, "  {} turns on: {}", v(&c.conclusion), parts.join("; "));
    }
    out
}

fn list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(5).map(|i| v(i).into_owned()).collect();
    if items.len() > 5 {
        format!("{} and {} more", shown.join(", "), items.len() - 5)
    } else {
        shown.join(", ")
    }
}

fn json(d: &GraphDiff) -> String {
    let mut out = serde_json::to_string_pretty(&crate::diff::to_json(d)).unwrap_or_default();
    out.push('\n');
    out
}

/// Escapes text for HTML.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A standalone page: the changes as text, then the drawing.
fn html(d: &GraphDiff, drawing: &str, old: &str, new: &str) -> String {
    let title = format!("cruxmap diff {old} {new}");
    let drawing = drawing.split_once('\n').map_or(drawing, |(first, rest)| {
        if first.starts_with("<?xml") {
            rest
        } else {
            drawing
        }
    });
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n\
         <style>body{{font-family:'Liberation Sans',Arial,sans-serif;margin:1.5em;color:#1f2328}}\
         .map{{overflow:auto;border:1px solid #d0d7de;border-radius:6px}}\
         .map svg{{display:block;max-width:100%;height:auto}}#actual:checked~.map svg{{max-width:none}}\
         label{{display:block;margin:0 0 .5em}}\
         pre{{background:#f6f8fa;padding:1em;border-radius:6px;white-space:pre-wrap}}</style>\n\
         </head>\n<body>\n<h1>{t}</h1>\n<h2>Changes</h2>\n<pre>{changes}</pre>\n<h2>Both versions as one map</h2>\n\
         <input type=\"checkbox\" id=\"actual\"><label for=\"actual\" style=\"display:inline\"> actual size (scroll to read; unchecked, the whole map fits the page)</label>\n\
         <div class=\"map\">\n{drawing}</div>\n</body>\n</html>\n",
        t = escape_html(&title),
        changes = escape_html(&text(d, None, false)),
    )
}
