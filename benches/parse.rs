//! Parse, build and export generated maps: the foundation's throughput.
//!
//! Run with `cargo bench --bench parse`; `scripts/bench.sh` compares with Argdown.

use cruxmap::generate::{GenerateOptions, random_map};
use divan::Bencher;
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

fn map(statements: usize) -> String {
    random_map(&GenerateOptions {
        statements,
        seed: 7,
        all_features: false,
        ..Default::default()
    })
}

/// Text to syntax tree.
#[divan::bench(args = [2_000, 10_000, 100_000])]
fn parse(bencher: Bencher, statements: usize) {
    let source = map(statements);
    bencher
        .counter(BytesCount::of_str(&source))
        .bench(|| cruxmap::syntax::parse(divan::black_box(&source)));
}

/// Text to graph (parse and build).
#[divan::bench(args = [2_000, 10_000, 100_000])]
fn load(bencher: Bencher, statements: usize) {
    let source = map(statements);
    bencher
        .counter(BytesCount::of_str(&source))
        .bench(|| cruxmap::load(divan::black_box(&source), None));
}

/// Graph to cruxmap JSON.
#[divan::bench(args = [2_000, 10_000, 100_000])]
fn write_json(bencher: Bencher, statements: usize) {
    let graph = cruxmap::load(&map(statements), None).graph;
    bencher.bench(|| cruxmap::io::json::write(divan::black_box(&graph)));
}

/// Graph to DOT.
#[divan::bench(args = [2_000, 10_000])]
fn write_dot(bencher: Bencher, statements: usize) {
    let graph = cruxmap::load(&map(statements), None).graph;
    bencher.bench(|| cruxmap::render::dot::write(divan::black_box(&graph), &Default::default()));
}

/// Lines of openers that never close (`[`, `<`, `/*`, `<!--`, `#(`, `===`, `@[`, links):
/// each look-ahead is remembered, so these stay linear (they were quadratic).
#[divan::bench(args = ["[", "<", "/* ", "<!-- ", "#( ", "=== ", "@[", "[a](b "])]
fn unclosed_openers(bencher: Bencher, opener: &str) {
    let source = format!("[A]: x {}\n", opener.repeat(200_000 / opener.len()));
    bencher
        .counter(BytesCount::of_str(&source))
        .bench(|| cruxmap::syntax::parse(divan::black_box(&source)));
}
