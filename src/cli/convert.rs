//! `cruxmap convert`: read a map in any readable format and write it in the format its
//! output name (or `--to`) says.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{EXIT_SUCCESS, Failure, error, export, input};
use crate::io::Format;

/// Convert a map between formats, e.g. `cruxmap convert debate.aif -o debate.argdown`
#[derive(Args, Debug)]
pub(crate) struct ConvertArgs {
    /// The map (Argdown, cruxmap JSON, AIF, Kialo, microtext, ICCMA), or `-` for standard input
    file: PathBuf,
    /// Where to write; `-` for standard output
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// Output format [default: from the output's extension]
    #[arg(long, short = 't', value_enum)]
    to: Option<To>,
    /// Input format [default: by file extension, else by content]
    #[arg(long, value_enum)]
    from: Option<export::From>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum To {
    /// Argdown text (.argdown)
    Argdown,
    /// cruxmap JSON (.json)
    Json,
    /// AIF JSON (.aif)
    Aif,
    /// GraphML (.graphml)
    Graphml,
    /// The shape of `argdown json` output
    ArgdownJson,
}

pub(crate) fn run_convert(args: ConvertArgs) -> Result<u8, Failure> {
    let format = match args.to {
        Some(To::Argdown) => Format::Argdown,
        Some(To::Json) => Format::Json,
        Some(To::Aif) => Format::Aif,
        Some(To::Graphml) => Format::Graphml,
        Some(To::ArgdownJson) => Format::ArgdownJson,
        None => match Format::for_output(&args.output) {
            Some(f) => f,
            None => {
                return Err(error(format!(
                    "cannot tell the output format of {}\n  hint: name it .argdown, .json, .aif or .graphml, or give --to",
                    args.output.display()
                )));
            }
        },
    };
    let graph = export::read_graph(&args.file, args.from)?;
    let Some(text) = crate::io::registry::write(format, &graph) else {
        return Err(error(format!(
            "cruxmap reads {} but does not write it\n  hint: give --to argdown, json, aif or graphml",
            format.name()
        )));
    };
    input::write_output(Some(&args.output), &text)?;
    std::mem::forget(graph);
    Ok(EXIT_SUCCESS)
}
