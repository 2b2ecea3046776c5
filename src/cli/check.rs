//! `cruxmap check`: parse and build each file, print every diagnostic, exit 1 on errors.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::visible::visible;
use super::{EXIT_FAILURE, EXIT_SUCCESS, Failure, diagnostics, input};
use crate::syntax::{LineIndex, Severity};

/// Check Argdown files and report every problem with file:line:column and a hint
#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    /// Argdown files to check (`-` reads standard input)
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Treat warnings as errors
    #[arg(long)]
    deny_warnings: bool,
    /// How to print diagnostics [default: human]
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// Source excerpts with carets, on standard error
    Human,
    /// One JSON array of diagnostics on standard output
    Json,
}

pub(crate) fn run_check(args: CheckArgs) -> Result<u8, Failure> {
    let mut errors = 0;
    let mut warnings = 0;
    let mut unreadable = false;
    let mut json = Vec::new();
    for path in &args.files {
        let Ok(source) = input::read_source(path) else {
            unreadable = true;
            continue;
        };
        // Every readable format is checked through the registry; only Argdown has includes.
        let format = crate::io::Format::detect(None, path, &source.text);
        let Ok(source) = (if format == crate::io::Format::Argdown {
            input::expand_includes(source, path)
        } else {
            Ok(source)
        }) else {
            unreadable = true;
            continue;
        };
        let loaded = match crate::io::registry::read(format, &source.text, &source.name) {
            Ok(loaded) => loaded,
            Err(err) => {
                super::export::read_error(&source.name, format, &err);
                errors += 1;
                continue;
            }
        };
        let e = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        errors += e;
        warnings += loaded.diagnostics.len() - e;
        match args.format {
            Format::Human => {
                input::print_diagnostics(&source, &loaded.diagnostics);
                let g = &loaded.graph;
                eprintln!(
                    "{}: {} statements, {} arguments, {} relations, {} sections",
                    visible(&source.name),
                    g.statement_count(),
                    g.argument_count(),
                    g.relation_count(),
                    g.sections.len()
                );
            }
            Format::Json => match &source.included {
                // Each diagnostic against the file it points into.
                Some(expanded) => {
                    let lines: Vec<LineIndex> = expanded
                        .files
                        .iter()
                        .map(|(_, t)| LineIndex::new(t))
                        .collect();
                    json.extend(loaded.diagnostics.iter().map(|d| {
                        let (file, at) = expanded.origin(d.span.start as usize);
                        let name = if file == 0 {
                            source.name.clone()
                        } else {
                            expanded.files[file].0.display().to_string()
                        };
                        let mut mapped = d.clone();
                        mapped.span = crate::syntax::Span::new(at, at);
                        diagnostics::to_json(&name, &expanded.files[file].1, &lines[file], &mapped)
                    }));
                }
                None => {
                    let lines = LineIndex::new(&source.text);
                    json.extend(
                        loaded
                            .diagnostics
                            .iter()
                            .map(|d| diagnostics::to_json(&source.name, &source.text, &lines, d)),
                    );
                }
            },
        }
    }
    match args.format {
        Format::Human => eprintln!(
            "checked {} file{}: {errors} error{}, {warnings} warning{}",
            args.files.len(),
            if args.files.len() == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        ),
        Format::Json => {
            let text = serde_json::to_string_pretty(&json).unwrap_or_default() + "\n";
            input::write_output(None, &text)?;
        }
    }
    if unreadable {
        return Err(Failure::bad_input());
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        Ok(EXIT_FAILURE)
    } else {
        Ok(EXIT_SUCCESS)
    }
}
