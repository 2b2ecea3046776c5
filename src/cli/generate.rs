//! `cruxmap generate`: write a seeded random Argdown map.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_SUCCESS, Failure, input};
use crate::generate::{GenerateOptions, random_map};

/// Write a random Argdown map, for benchmarks and conformance tests
#[derive(Args, Debug)]
pub(crate) struct GenerateArgs {
    /// About how many statements to write
    #[arg(long, short = 'n', default_value_t = 200)]
    statements: usize,
    /// Seed; the same seed gives the same map
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Deepest relation nesting
    #[arg(long, default_value_t = 6)]
    max_depth: usize,
    /// Only statements and relations (no arguments, structures, data or comments)
    #[arg(long)]
    simple: bool,
    /// Write here instead of standard output
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
}

pub(crate) fn run_generate(args: GenerateArgs) -> Result<u8, Failure> {
    let text = random_map(&GenerateOptions {
        statements: args.statements,
        seed: args.seed,
        max_depth: args.max_depth,
        all_features: !args.simple,
    });
    input::write_output(args.output.as_deref(), &text)?;
    Ok(EXIT_SUCCESS)
}
