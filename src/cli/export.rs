//! `cruxmap export`: read a map in any format the registry reads and write it in another.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{EXIT_SUCCESS, Failure, error, input};
use crate::io::Format;
use crate::model::ArgumentGraph;
use crate::render::dot::{self, DotOptions};
use crate::syntax::Severity;

/// Convert a map to cruxmap JSON, Argdown, AIF, GraphML, Argdown-compatible JSON or DOT
#[derive(Args, Debug)]
pub(crate) struct ExportArgs {
    /// The map (Argdown, cruxmap JSON, AIF, Kialo, microtext, ICCMA), or `-` for standard input
    file: PathBuf,
    /// Output format
    #[arg(long, short = 't', value_enum)]
    to: To,
    /// Input format [default: by file extension, else by content]
    #[arg(long, value_enum)]
    from: Option<From>,
    /// Write here instead of standard output (a file is written whole or not at all; a
    /// device or FIFO is written in place)
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Let --output name an input file and replace it
    #[arg(long)]
    force: bool,
}

/// Most attacks `--to iccma|apx` writes (the closure over support can be quadratic).
const MAX_EXPORTED_ATTACKS: usize = 50_000_000;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum To {
    /// cruxmap's own lossless JSON (see docs/format.md)
    Json,
    /// The shape of Argdown 1.7.5's `argdown json` output
    ArgdownJson,
    /// Graphviz DOT, to draw with `dot -Tsvg`
    Dot,
    /// Argdown text, written canonically
    Argdown,
    /// AIF JSON as AIFdb and OVA read it
    Aif,
    /// GraphML for yEd, Gephi and networkx
    Graphml,
    /// The map's attack graph (deductive support folded in) as ICCMA 2023 `p af N`
    Iccma,
    /// The same attack graph as ASPARTIX `arg/att` facts
    Apx,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
pub(crate) enum From {
    /// Argdown text
    Argdown,
    /// cruxmap JSON
    Json,
    /// A gold file of the argumentative microtext corpus (arggraph XML)
    Microtext,
    /// AIF JSON (OVA, AIFdb; also OVA3's xAIF)
    Aif,
    /// Kialo's discussion export (text)
    Kialo,
    /// An ICCMA 2023 `p af N` attack graph
    Iccma,
    /// ASPARTIX `arg/att` facts
    Apx,
}

impl From {
    fn format(self) -> Format {
        match self {
            From::Argdown => Format::Argdown,
            From::Json => Format::Json,
            From::Microtext => Format::Microtext,
            From::Aif => Format::Aif,
            From::Kialo => Format::Kialo,
            From::Iccma => Format::Iccma,
            From::Apx => Format::Apx,
        }
    }
}

/// Reads a map from `path` in any format the registry reads (`from`, else the extension,
/// else the content); Argdown has its includes expanded and its diagnostics printed.
pub(crate) fn read_graph(
    path: &std::path::Path,
    from: Option<From>,
) -> Result<ArgumentGraph, Failure> {
    let source = input::read_source(path)?;
    let format = Format::detect(from.map(From::format), path, &source.text);
    let source = if format == Format::Argdown {
        input::expand_includes(source, path)?
    } else {
        source
    };
    let loaded = match crate::io::registry::read(format, &source.text, &source.name) {
        Ok(loaded) => loaded,
        Err(err) => return Err(read_error(&source.name, format, &err)),
    };
    input::print_diagnostics(&source, &loaded.diagnostics);
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!(
            "cruxmap: {}: {errors} error{}; nothing written",
            super::visible::visible(&source.name),
            if errors == 1 { "" } else { "s" }
        );
        return Err(Failure::bad_input());
    }
    Ok(loaded.graph)
}

/// Prints a format error with where it is and what to do.
pub(crate) fn read_error(name: &str, format: Format, err: &crate::io::ReadError) -> Failure {
    let hint = err
        .hint()
        .map(|h| format!("\n  hint: {h}"))
        .unwrap_or_default();
    error(format!(
        "{name}: not readable as {}: {err}{hint}",
        format.name()
    ))
}

pub(crate) fn run_export(args: ExportArgs) -> Result<u8, Failure> {
    input::refuse_overwriting_input(args.output.as_deref(), &[&args.file], args.force)?;
    let graph = read_graph(&args.file, args.from)?;
    let output = args.output.as_deref();
    match args.to {
        To::Json => input::write_output(output, &crate::io::json::write(&graph))?,
        To::ArgdownJson => input::write_output(output, &crate::io::argdown_json::write(&graph))?,
        To::Dot => input::write_output(output, &dot::write(&graph, &DotOptions::default()))?,
        To::Argdown | To::Aif | To::Graphml => {
            let format = match args.to {
                To::Argdown => Format::Argdown,
                To::Aif => Format::Aif,
                _ => Format::Graphml,
            };
            let text = crate::io::registry::write(format, &graph).unwrap_or_default();
            input::write_output(output, &text)?;
        }
        To::Iccma | To::Apx => {
            let view = crate::analysis::Dialectic::new(&graph);
            let framework = crate::analysis::semantics::Framework::from_map(&view);
            let Some(attacks) = framework.complex_attacks(MAX_EXPORTED_ATTACKS) else {
                return Err(error(format!(
                    "the attack graph of this map has more than {MAX_EXPORTED_ATTACKS} attacks \
                     once support is folded in; too large to export"
                )));
            };
            let names: Vec<String> = (0..view.len() as crate::analysis::Claim)
                .map(|c| crate::analysis::resolve::element_ref(&graph, view.element(c)))
                .collect();
            let text = if matches!(args.to, To::Iccma) {
                crate::io::iccma::write_i23(&names, &attacks)
            } else {
                crate::io::iccma::write_apx(&names, &attacks)
            };
            input::write_output(output, &text)?;
        }
    }
    // The process ends here: let the OS reclaim the graph instead of freeing it piece by piece.
    std::mem::forget(graph);
    Ok(EXIT_SUCCESS)
}
