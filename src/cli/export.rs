//! `cruxmap export`: read a map (Argdown or cruxmap JSON) and write it in another format.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{EXIT_SUCCESS, Failure, error, input};
use crate::model::ArgumentGraph;
use crate::render::dot::{self, DotOptions};
use crate::syntax::Severity;

/// Convert a map to cruxmap JSON, Argdown-compatible JSON or Graphviz DOT
#[derive(Args, Debug)]
pub(crate) struct ExportArgs {
    /// The map: an .argdown file, a cruxmap .json file, or `-` for standard input
    file: PathBuf,
    /// Output format
    #[arg(long, short = 't', value_enum)]
    to: To,
    /// Input format [default: by file extension, else argdown]
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
}

/// Reads a map from `path`: Argdown (diagnostics printed, errors fatal) or cruxmap JSON.
pub(crate) fn read_graph(
    path: &std::path::Path,
    from: Option<From>,
) -> Result<ArgumentGraph, Failure> {
    let source = input::read_source(path)?;
    let from = from.unwrap_or(if path.extension().is_some_and(|e| e == "json") {
        From::Json
    } else if crate::io::microtext::is_microtext(&source.text) {
        From::Microtext
    } else {
        From::Argdown
    });
    if from == From::Json {
        return crate::io::json::read(&source.text)
            .map_err(|err| error(format!("{}: {err}", source.name)));
    }
    let text = if from == From::Microtext {
        let file = crate::io::microtext::read(&source.text)
            .map_err(|err| error(format!("{}:{err}\n  hint: {}", source.name, err.hint)))?;
        crate::extract::argdown::from_microtext(&file, &source.name)
            .map_err(|err| error(format!("{}: {err}", source.name)))?
    } else {
        source.text
    };
    let source = input::Source {
        name: source.name,
        text,
        included: None,
    };
    let source = if from == From::Argdown {
        input::expand_includes(source, path)?
    } else {
        source
    };
    let loaded = crate::load(&source.text, Some(&source.name));
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

pub(crate) fn run_export(args: ExportArgs) -> Result<u8, Failure> {
    input::refuse_overwriting_input(args.output.as_deref(), &[&args.file], args.force)?;
    let graph = read_graph(&args.file, args.from)?;
    let output = args.output.as_deref();
    match args.to {
        To::Json => input::write_output(output, &crate::io::json::write(&graph))?,
        To::ArgdownJson => input::write_output(output, &crate::io::argdown_json::write(&graph))?,
        To::Dot => input::write_output(output, &dot::write(&graph, &DotOptions::default()))?,
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
