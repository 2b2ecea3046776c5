//! `cruxmap bench cruxes`: time gradual evaluation and graded crux scores on generated maps
//! and on given files (loading excluded: it is measured by `scripts/bench.sh`).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;

use super::{EXIT_SUCCESS, Failure, error, input};
use crate::analysis::cruxes::{Context, conclusions};
use crate::analysis::impact::Measure;
use crate::analysis::semantics::{Bipolar, GradualOptions, GradualSemantics};
use crate::analysis::{Claim, Dialectic};
use crate::generate::{GenerateOptions, random_map};
use crate::model::ArgumentGraph;

#[derive(Args, Debug)]
pub(crate) struct CruxesBenchArgs {
    /// Maps to measure besides the generated ones (.argdown); their conclusion is the one
    /// with the most claims reaching it
    files: Vec<PathBuf>,
    /// Sizes of generated maps, in statements
    #[arg(long, value_delimiter = ',', default_values_t = [100_000])]
    sizes: Vec<usize>,
    /// Seed of the generated maps
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Conclusions of a map to pick the most demanding from (the one that most claims
    /// reach)
    #[arg(long, default_value_t = 200)]
    candidates: usize,
}

/// A debate as a tree of replies, the shape of a Kialo debate: claim `i` supports or
/// attacks an earlier claim drawn at random, so that every claim reaches the thesis `S0`.
fn reply_tree(n: usize, seed: u64) -> String {
    let mut rng = crate::generate::Rng(seed);
    let mut out = String::with_capacity(n * 40);
    out.push_str("[S0]: the thesis\n\n");
    for i in 1..n {
        let parent = rng.below(i);
        let arrow = if rng.below(2) == 0 { "+>" } else { "->" };
        let _ = writeln!(out, "[S{i}]: claim {i}\n  {arrow} [S{parent}]\n");
    }
    out
}

/// The best of three runs of `f`.
fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut fastest = Duration::MAX;
    let mut last = None;
    for _ in 0..3 {
        let start = Instant::now();
        let out = f();
        fastest = fastest.min(start.elapsed());
        last = Some(out);
    }
    // Three runs happened, so `last` is set.
    (fastest, last.expect("ran at least once"))
}

/// One table row: evaluation under each semantics, then the whole `cruxes` question (context,
/// grounded tests, removal effects of every claim) for the most demanding conclusion.
fn row(table: &mut String, name: &str, graph: &ArgumentGraph, candidates: usize) {
    let view = Dialectic::new(graph);
    let bipolar = Bipolar::from_map(&view);
    let base = vec![0.5; view.len()];
    let strengths = bipolar.evaluate(GradualSemantics::Euler, &base, GradualOptions::default());
    let impact = crate::analysis::impact::Impact::new(
        &bipolar,
        GradualSemantics::Euler,
        &base,
        &strengths.values,
        GradualOptions::default(),
    );
    let mut scratch = impact.scratch();
    // How many claims reach a conclusion (own strength costs no counterfactual).
    let mut reach_of = |c: Claim| {
        impact
            .effects_with(&mut scratch, c, Measure::OwnStrength)
            .len()
    };
    let mut targets = conclusions(&view);
    targets.truncate(candidates);
    let Some((reach, conclusion)) = targets.iter().map(|&c| (reach_of(c), c)).max() else {
        let _ = writeln!(table, "| {name} | {} | no conclusion | | | | |", view.len());
        return;
    };
    let mut times = Vec::new();
    for semantics in [
        GradualSemantics::QuadraticEnergy,
        GradualSemantics::DfQuad,
        GradualSemantics::Euler,
    ] {
        let (t, _) =
            best(|| Bipolar::from_map(&view).evaluate(semantics, &base, GradualOptions::default()));
        times.push(t);
    }
    let (t_cruxes, report) = best(|| {
        Context::new(graph, &view)
            .with_gradual(GradualSemantics::Euler, Measure::Removal, base.clone())
            .cruxes(conclusion, 10)
    });
    std::hint::black_box(report);
    let s = |d: Duration| format!("{:.3} s", d.as_secs_f64());
    let _ = writeln!(
        table,
        "| {name} | {} | {} | {} | {} | {} | {reach} | {} |",
        view.len(),
        view.link_count(),
        s(times[0]),
        s(times[1]),
        s(times[2]),
        s(t_cruxes)
    );
}

pub(crate) fn run_bench_cruxes(args: CruxesBenchArgs) -> Result<u8, Failure> {
    let mut table = String::new();
    let _ = writeln!(
        table,
        "| map | claims | links | quadratic-energy | df-quad | euler | claims reaching the conclusion | cruxes (context + scores) |"
    );
    let _ = writeln!(table, "|---|---|---|---|---|---|---|---|");
    for &n in &args.sizes {
        eprintln!("bench: generating and loading {n} statements");
        let text = random_map(&GenerateOptions {
            statements: n,
            seed: args.seed,
            ..GenerateOptions::default()
        });
        let loaded = crate::load(&text, None);
        if loaded.has_errors() {
            return Err(error("a generated map has errors; please report this"));
        }
        row(
            &mut table,
            &format!("generated {n}"),
            &loaded.graph,
            args.candidates,
        );
        eprintln!("bench: a reply tree of {n} claims");
        let loaded = crate::load(&reply_tree(n, args.seed), None);
        if loaded.has_errors() {
            return Err(error("a generated tree has errors; please report this"));
        }
        row(
            &mut table,
            &format!("reply tree {n}"),
            &loaded.graph,
            args.candidates,
        );
    }
    for path in &args.files {
        let graph = super::export::read_graph(path, None)?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |f| f.to_string_lossy().into_owned(),
        );
        row(&mut table, &name, &graph, args.candidates);
    }
    input::write_output(None, &table)?;
    Ok(EXIT_SUCCESS)
}
