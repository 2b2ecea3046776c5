//! Gradual evaluation and graded crux scores on generated maps and reply trees: the cost
//! of `evaluate -s …` and of `cruxes` for one conclusion, loading excluded.
//!
//! Run with `cargo bench --bench gradual`; `cruxmap bench cruxes` prints the same in a
//! table for docs/performance.md.

use cruxmap::analysis::impact::{Impact, Measure};
use cruxmap::analysis::semantics::{Bipolar, GradualOptions, GradualSemantics};
use cruxmap::analysis::{Claim, Dialectic};
use cruxmap::generate::{GenerateOptions, random_map};
use divan::Bencher;
use divan::counter::ItemsCount;

fn main() {
    divan::main();
}

/// A Kialo-shaped debate: claim `i` supports or attacks an earlier claim, every claim
/// reaching the thesis `S0`.
fn reply_tree(n: usize) -> cruxmap::ArgumentGraph {
    let mut state = 7u64;
    let mut next = move |below: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % below.max(1)
    };
    let mut source = String::from("[S0]: the thesis\n\n");
    for i in 1..n {
        let parent = next(i);
        let arrow = if next(2) == 0 { "+>" } else { "->" };
        source.push_str(&format!("[S{i}]: claim {i}\n  {arrow} [S{parent}]\n\n"));
    }
    cruxmap::load(&source, None).graph
}

fn generated(n: usize) -> cruxmap::ArgumentGraph {
    let source = random_map(&GenerateOptions {
        statements: n,
        seed: 7,
        ..Default::default()
    });
    cruxmap::load(&source, None).graph
}

/// Euler-based strengths of every claim, building the bipolar graph included.
#[divan::bench(args = [10_000, 100_000])]
fn evaluate_generated(bencher: Bencher, statements: usize) {
    let graph = generated(statements);
    let view = Dialectic::new(&graph);
    let base = vec![0.5; view.len()];
    bencher.counter(ItemsCount::new(view.len())).bench(|| {
        Bipolar::from_map(&view).evaluate(GradualSemantics::Euler, &base, GradualOptions::default())
    });
}

/// The removal effect of every claim on the thesis of a reply tree (every claim reaches
/// it): the near-linear propagation, O(claims · depth).
#[divan::bench(args = [10_000, 100_000])]
fn removal_effects_reply_tree(bencher: Bencher, claims: usize) {
    let graph = reply_tree(claims);
    let view = Dialectic::new(&graph);
    let bipolar = Bipolar::from_map(&view);
    let base = vec![0.5; view.len()];
    let options = GradualOptions::default();
    let strengths = bipolar.evaluate(GradualSemantics::Euler, &base, options);
    let impact = Impact::new(
        &bipolar,
        GradualSemantics::Euler,
        &base,
        &strengths.values,
        options,
    );
    let mut scratch = impact.scratch();
    bencher
        .counter(ItemsCount::new(view.len()))
        .bench_local(|| impact.effects_with(&mut scratch, 0 as Claim, Measure::Removal));
}
