//! The command line: argument parsing, reading inputs, printing results and diagnostics,
//! exit codes. The only module that prints, reads the environment or exits.

mod bench;
mod bench_analysis;
mod bench_cruxes;
mod bench_stability;
mod check;
mod claims;
mod convert;
mod cruxes;
mod diagnostics;
mod diff;
mod eval_extract;
mod evaluate;
mod export;
mod extract;
mod fmt;
mod generate;
mod graphviz;
mod input;
mod query;
mod render;
mod serve;
mod visible;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status: success, or no problem found.
pub const EXIT_SUCCESS: u8 = 0;
/// Exit status: the check found errors.
pub const EXIT_FAILURE: u8 = 1;
/// Exit status: bad input or usage.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Build, check, draw and export argument maps written in Argdown syntax.
#[derive(Parser, Debug)]
#[command(name = "cruxmap", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check Argdown files and report every problem with its location
    Check(check::CheckArgs),
    /// Draw a map as SVG, PNG or interactive HTML (built-in layout, no external program) or DOT
    Render(render::RenderArgs),
    /// Convert a map to cruxmap JSON, Argdown, AIF, GraphML, Argdown-compatible JSON or DOT
    Export(export::ExportArgs),
    /// Convert a map between formats, the output format from its extension or `--to`
    Convert(convert::ConvertArgs),
    /// Rewrite an Argdown map in canonical form, keeping comments
    Fmt(fmt::FmtArgs),
    /// Find claims with a query, e.g. 'rests-on "instrumental convergence"'
    Query(query::QueryArgs),
    /// Label each claim in, out or undecided, or give its strength under a gradual semantics
    Evaluate(evaluate::EvaluateArgs),
    /// Rank the claims each conclusion turns on, or two participants' double cruxes
    Cruxes(cruxes::CruxesArgs),
    /// Preview a map live in the browser, redrawn on every save
    Serve(serve::ServeArgs),
    /// Compare two versions of a map: what changed and what follows
    Diff(diff::DiffArgs),
    /// Draft an argument map from prose (claims, support, attack, central claim)
    Extract(extract::ExtractArgs),
    /// Score extraction against a gold-annotated microtext corpus
    EvalExtract(eval_extract::EvalExtractArgs),
    /// Train the extraction parser on a gold-annotated microtext corpus
    TrainExtract(eval_extract::TrainExtractArgs),
    /// Write a random Argdown map, for benchmarks and conformance tests
    Generate(generate::GenerateArgs),
    /// Measure cruxmap against other tools
    Bench(bench::BenchArgs),
}

/// An error that ends a command; already rendered for the user.
#[derive(Debug)]
pub(crate) struct Failure {
    code: u8,
}

impl Failure {
    fn bad_input() -> Self {
        Failure {
            code: EXIT_BAD_INPUT,
        }
    }
}

/// Runs the command line and returns the exit status.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() {
                EXIT_BAD_INPUT
            } else {
                EXIT_SUCCESS
            };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Check(args) => check::run_check(args),
        Command::Render(args) => render::run_render(args),
        Command::Export(args) => export::run_export(args),
        Command::Convert(args) => convert::run_convert(args),
        Command::Fmt(args) => fmt::run_fmt(args),
        Command::Query(args) => query::run_query(args),
        Command::Evaluate(args) => evaluate::run_evaluate(args),
        Command::Cruxes(args) => cruxes::run_cruxes(args),
        Command::Serve(args) => serve::run_serve(args),
        Command::Diff(args) => diff::run_diff(args),
        Command::Extract(args) => extract::run_extract(args),
        Command::EvalExtract(args) => eval_extract::run_eval_extract(args),
        Command::TrainExtract(args) => eval_extract::run_train_extract(args),
        Command::Generate(args) => generate::run_generate(args),
        Command::Bench(args) => bench::run_bench(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => ExitCode::from(failure.code),
    }
}

/// Prints an error message with the `cruxmap:` prefix.
pub(crate) fn error(message: impl std::fmt::Display) -> Failure {
    // Messages quote claim titles and file names: nothing in them may reach the terminal raw.
    eprintln!(
        "cruxmap: error: {}",
        visible::visible_lines(&message.to_string())
    );
    Failure::bad_input()
}
