//! `cruxmap bench layout`: layout quality and time of the built-in engine next to Graphviz
//! `dot` on the same boxes and edges.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Subcommand};

use super::graphviz::{self, DotError};
use super::{EXIT_SUCCESS, Failure, error, input};
use crate::generate::{GenerateOptions, random_map};
use crate::render::layout::{self, LayoutInput, LayoutOptions, Rect};
use crate::render::quality::{self, Polyline, Quality};
use crate::render::svg::{self, SvgOptions};

/// Measure cruxmap against other tools
#[derive(Args, Debug)]
pub(crate) struct BenchArgs {
    #[command(subcommand)]
    what: BenchWhat,
}

#[derive(Subcommand, Debug)]
enum BenchWhat {
    /// Compare layout quality and time with Graphviz `dot` on the same boxes and edges
    Layout(LayoutArgs),
    /// Time rests-on, rests-solely-on, grounded labelling and cruxes on generated maps
    Analysis(super::bench_analysis::AnalysisArgs),
    /// Time `diff` of generated maps against a copy with 1% of claims changed
    Diff(super::bench_analysis::DiffBenchArgs),
    /// Time `extract` on generated prose of 0.1, 1 and 4 MB
    Extract(super::bench_analysis::ExtractBenchArgs),
    /// Time gradual evaluation and graded crux scores on generated maps and given files
    Cruxes(super::bench_cruxes::CruxesBenchArgs),
    /// Measure how far unchanged boxes move after an edit, with and without the old layout as seed
    Stability(super::bench_stability::StabilityArgs),
}

#[derive(Args, Debug)]
struct LayoutArgs {
    /// Maps to measure, besides the generated ones [default: graphs/alignment-faking.argdown]
    files: Vec<PathBuf>,
    /// Sizes of generated maps, in statements
    #[arg(long, value_delimiter = ',', default_values_t = [200, 2_000, 20_000])]
    sizes: Vec<usize>,
    /// Seed of the generated maps
    #[arg(long, default_value_t = 3)]
    seed: u64,
    /// Run `dot` only on maps with at most this many boxes (dot needs ~18 min at 20,000)
    #[arg(long, default_value_t = 5_000)]
    dot_limit: usize,
    /// Lay out without sections (for both engines)
    #[arg(long)]
    no_sections: bool,
}

pub(crate) fn run_bench(args: BenchArgs) -> Result<u8, Failure> {
    let args = match args.what {
        BenchWhat::Layout(args) => args,
        BenchWhat::Analysis(args) => return super::bench_analysis::run_bench_analysis(args),
        BenchWhat::Diff(args) => return super::bench_analysis::run_bench_diff(args),
        BenchWhat::Extract(args) => return super::bench_analysis::run_bench_extract(args),
        BenchWhat::Cruxes(args) => return super::bench_cruxes::run_bench_cruxes(args),
        BenchWhat::Stability(args) => {
            return super::bench_stability::run_bench_stability(args);
        }
    };
    let mut maps: Vec<(String, String)> = Vec::new();
    let files = if args.files.is_empty() {
        vec![PathBuf::from("graphs/alignment-faking.argdown")]
    } else {
        args.files
    };
    for path in &files {
        let source = input::read_source(path)?;
        maps.push((source.name, source.text));
    }
    for &n in &args.sizes {
        let text = random_map(&GenerateOptions {
            statements: n,
            seed: args.seed,
            ..GenerateOptions::default()
        });
        maps.push((format!("generated {n}"), text));
    }
    let mut table = String::new();
    let _ = writeln!(
        table,
        "| map | boxes | edges | engine | seconds | crossings | edge length | area (Mpx²) | aspect | overlaps |"
    );
    let _ = writeln!(table, "|---|---|---|---|---|---|---|---|---|---|");
    for (name, text) in &maps {
        let loaded = crate::load(text, Some(name));
        if loaded.has_errors() {
            return Err(error(format!(
                "{name} has errors; run `cruxmap check` on it"
            )));
        }
        let mut input = svg::layout_input(&loaded.graph, &SvgOptions::default());
        if args.no_sections {
            input.cluster_parent.clear();
            for node in &mut input.nodes {
                node.cluster = None;
            }
        }
        let (boxes, edges) = (input.nodes.len(), input.edges.len());
        eprintln!("bench: {name}: {boxes} boxes, {edges} edges");
        let started = Instant::now();
        let placed = layout::layout(&input, &LayoutOptions::default());
        let seconds = started.elapsed().as_secs_f64();
        let lines: Vec<Polyline> = placed
            .edges
            .iter()
            .map(|e| quality::flatten(e.start, &e.segments, 8))
            .collect();
        let ends: Vec<_> = input.edges.iter().map(|e| (e.from, e.to)).collect();
        let ours = quality::measure(&placed.nodes, &lines, &ends);
        row(
            &mut table,
            name,
            boxes,
            edges,
            "cruxmap",
            Some(seconds),
            &ours,
        );
        if boxes > args.dot_limit {
            let _ = writeln!(
                table,
                "| {name} | {boxes} | {edges} | dot | skipped (over --dot-limit {}) | | | | | |",
                args.dot_limit
            );
            continue;
        }
        match run_dot_plain(&input) {
            Ok((seconds, nodes, lines)) => {
                let theirs = quality::measure(&nodes, &lines, &ends);
                row(
                    &mut table,
                    name,
                    boxes,
                    edges,
                    "dot",
                    Some(seconds),
                    &theirs,
                );
            }
            Err(message) => {
                let _ = writeln!(
                    table,
                    "| {name} | {boxes} | {edges} | dot | {message} | | | | | |"
                );
            }
        }
    }
    input::write_output(None, &table)?;
    Ok(EXIT_SUCCESS)
}

fn row(
    table: &mut String,
    name: &str,
    boxes: usize,
    edges: usize,
    engine: &str,
    seconds: Option<f64>,
    q: &Quality,
) {
    let _ = writeln!(
        table,
        "| {name} | {boxes} | {edges} | {engine} | {} | {} | {:.0} | {:.2} | {:.2} | {} |",
        seconds.map_or("-".to_string(), |s| format!("{s:.3}")),
        q.crossings,
        q.edge_length,
        q.area / 1e6,
        q.aspect,
        q.overlaps
    );
}

/// Lays out the same boxes and edges with `dot -Tplain` and reads back boxes and routes in
/// pixels (y pointing down).
fn run_dot_plain(input: &LayoutInput) -> Result<(f64, Vec<Rect>, Vec<Polyline>), String> {
    let mut dot = String::from("digraph g {\n  node [shape=box fixedsize=true label=\"\"];\n");
    // The same sections as clusters, nested, so both engines keep them together.
    let clusters = input.cluster_parent.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); clusters];
    for (i, n) in input.nodes.iter().enumerate() {
        match n.cluster.filter(|&c| c < clusters) {
            Some(c) => members[c].push(i),
            None => {
                let _ = writeln!(
                    dot,
                    "  n{i} [width={:.3} height={:.3}];",
                    n.width / 72.0,
                    n.height / 72.0
                );
            }
        }
    }
    // Write clusters with an explicit stack (children after their parent).
    let mut stack: Vec<(usize, bool)> = (0..clusters)
        .rev()
        .filter(|&c| input.cluster_parent[c].is_none_or(|p| p >= clusters))
        .map(|c| (c, false))
        .collect();
    while let Some((c, closing)) = stack.pop() {
        if closing {
            dot.push_str("  }\n");
            continue;
        }
        let _ = writeln!(dot, "  subgraph cluster_{c} {{");
        for &i in &members[c] {
            let n = &input.nodes[i];
            let _ = writeln!(
                dot,
                "    n{i} [width={:.3} height={:.3}];",
                n.width / 72.0,
                n.height / 72.0
            );
        }
        stack.push((c, true));
        for child in (0..clusters)
            .rev()
            .filter(|&k| input.cluster_parent[k] == Some(c) && k != c)
        {
            stack.push((child, false));
        }
    }
    for e in &input.edges {
        let _ = writeln!(dot, "  n{} -> n{};", e.from, e.to);
    }
    dot.push_str("}\n");
    let started = Instant::now();
    let stdout = graphviz::run_dot("plain", &dot).map_err(|e| match e {
        DotError::NotInstalled(_) => "not installed (apt-get install graphviz)".to_string(),
        DotError::Failed(_) => "dot failed".to_string(),
    })?;
    let seconds = started.elapsed().as_secs_f64();
    let text = String::from_utf8_lossy(&stdout);
    let mut height = 0.0;
    let mut nodes = vec![Rect::default(); input.nodes.len()];
    let mut lines = Vec::new();
    let num = |s: &str| s.parse::<f64>().unwrap_or(0.0) * 72.0;
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.first().copied() {
            Some("graph") if f.len() >= 4 => height = num(f[3]),
            Some("node") if f.len() >= 6 => {
                let i: usize = f[1].trim_start_matches('n').parse().unwrap_or(0);
                let (x, y, w, h) = (num(f[2]), num(f[3]), num(f[4]), num(f[5]));
                if let Some(r) = nodes.get_mut(i) {
                    *r = Rect {
                        x: x - w / 2.0,
                        y: height - y - h / 2.0,
                        width: w,
                        height: h,
                    };
                }
            }
            Some("edge") if f.len() >= 4 => {
                let n: usize = f[3].parse().unwrap_or(0);
                let points: Vec<(f64, f64)> = (0..n)
                    .filter_map(|k| {
                        let x = f.get(4 + 2 * k)?;
                        let y = f.get(5 + 2 * k)?;
                        Some((num(x), height - num(y)))
                    })
                    .collect();
                if let Some((&start, rest)) = points.split_first() {
                    let segments: Vec<[(f64, f64); 3]> =
                        rest.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
                    lines.push(quality::flatten(start, &segments, 8));
                }
            }
            _ => {}
        }
    }
    Ok((seconds, nodes, lines))
}
