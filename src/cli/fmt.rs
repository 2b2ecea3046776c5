//! `cruxmap fmt`: rewrite a hand-written Argdown map in canonical form, keeping comments.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_FAILURE, EXIT_SUCCESS, Failure, error, input};

/// Rewrite an Argdown map in canonical form (titles, nesting, escapes), keeping comments
#[derive(Args, Debug)]
pub(crate) struct FmtArgs {
    /// The .argdown file to rewrite in place
    file: PathBuf,
    /// Write here instead of rewriting the file (`-` for standard output)
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Change nothing; exit 1 if the file is not in canonical form
    #[arg(long)]
    check: bool,
    /// Rewrite in place even when constructs of the file cannot be kept (they are listed)
    #[arg(long)]
    force: bool,
}

pub(crate) fn run_fmt(args: FmtArgs) -> Result<u8, Failure> {
    let source = input::read_source(&args.file)?;
    if crate::io::Format::sniff(&source.text) != crate::io::Format::Argdown {
        return Err(error(format!(
            "{}: fmt rewrites Argdown only\n  hint: turn other formats into Argdown with `cruxmap convert FILE -o FILE.argdown`",
            source.name
        )));
    }
    if crate::syntax::include::has_includes(&source.text) {
        return Err(error(format!(
            "{}: fmt does not rewrite maps with @include\n  hint: format each included file on its own",
            source.name
        )));
    }
    let Some(formatted) = crate::io::argdown::format(&source.text) else {
        let loaded = crate::load(&source.text, Some(&source.name));
        input::print_diagnostics(&source, &loaded.diagnostics);
        return Err(error(format!(
            "{}: has errors; nothing rewritten",
            source.name
        )));
    };
    if args.check {
        if formatted.text == source.text {
            return Ok(EXIT_SUCCESS);
        }
        eprintln!("cruxmap: {} is not in canonical form", source.name);
        return Ok(EXIT_FAILURE);
    }
    if !formatted.lost.is_empty() {
        let list: String = formatted
            .lost
            .iter()
            .map(|l| format!("\n  - {l}"))
            .collect();
        if !args.force && args.output.is_none() {
            return Err(error(format!(
                "{}: the canonical form cannot keep:{list}\n  hint: rewrite anyway with --force, or write elsewhere with -o",
                source.name
            )));
        }
        eprintln!("cruxmap: warning: {}: not kept:{list}", source.name);
    }
    let output = args.output.unwrap_or(args.file);
    input::write_output(Some(&output), &formatted.text)?;
    Ok(EXIT_SUCCESS)
}
