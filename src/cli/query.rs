//! `cruxmap query`: find claims by how they stand to others (`rests-on X`, `attacks X`,
//! `path X Y`, tags, sections, words) and show them with the chain that links them.

use std::collections::HashSet;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::claims::{chain_text, name, one_line, print_query_error};
use super::export::read_graph;
use super::visible::visible_lines;
use super::{EXIT_FAILURE, EXIT_SUCCESS, Failure, input};
use crate::analysis::query::{self, EvalError, Match, QueryOptions};
use crate::analysis::{Dialectic, resolve};
use crate::model::ArgumentGraph;
use crate::render::dot::{self, DotOptions};
use crate::render::svg::{self, SvgOptions};

/// Find claims with a query, e.g. 'rests-on "instrumental convergence"' (see docs/query.md)
#[derive(Args, Debug)]
pub(crate) struct QueryArgs {
    /// The map: an .argdown file, a cruxmap .json file, or `-` for standard input
    file: PathBuf,
    /// The query, e.g. 'attacks [Goal guarding] or tagged #crux'
    query: String,
    /// Output format: text, JSON, or the map drawn with the matches highlighted
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    format: Format,
    /// When a name matches several claims, use them all instead of failing
    #[arg(long)]
    all: bool,
    /// Write here instead of standard output (a file is written whole or not at all; a
    /// device or FIFO is written in place)
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Let --output name an input file and replace it
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum Format {
    /// Each match with its text and the chain that links it
    Text,
    /// {"query", "count", "matches": [{"id", "title", "text", "path"}]}
    Json,
    /// The map as Graphviz DOT, matches highlighted
    Dot,
    /// The map as SVG (built-in layout), matches highlighted
    Svg,
}

pub(crate) fn run_query(args: QueryArgs) -> Result<u8, Failure> {
    input::refuse_overwriting_input(args.output.as_deref(), &[&args.file], args.force)?;
    let expr = match query::parse(&args.query) {
        Ok(expr) => expr,
        Err(err) => {
            print_query_error(&args.query, err.span, &err.message, err.hint);
            return Err(Failure::bad_input());
        }
    };
    let graph = read_graph(&args.file, None)?;
    let view = Dialectic::new(&graph);
    let options = QueryOptions { all: args.all };
    let matches = match query::evaluate(&graph, &view, &expr, options) {
        Ok(m) => m,
        Err(err) => {
            report_eval_error(&args.query, &err);
            return Err(Failure::bad_input());
        }
    };
    let output = args.output.as_deref();
    match args.format {
        Format::Text => input::write_output(
            output,
            &visible_lines(&text(&graph, &view, &args.query, &matches)),
        )?,
        Format::Json => input::write_output(output, &json(&graph, &view, &args.query, &matches))?,
        Format::Dot | Format::Svg => {
            let highlight: HashSet<_> = matches.iter().map(|m| view.element(m.claim)).collect();
            let drawing = if args.format == Format::Dot {
                let options = DotOptions {
                    highlight: Some(highlight),
                    ..DotOptions::default()
                };
                dot::write(&graph, &options)
            } else {
                let options = SvgOptions {
                    highlight: Some(highlight),
                    ..SvgOptions::default()
                };
                svg::write(&graph, &options)
            };
            input::write_output(output, &drawing)?;
        }
    }
    // Like grep: success when something matched.
    Ok(if matches.is_empty() {
        EXIT_FAILURE
    } else {
        EXIT_SUCCESS
    })
}

fn report_eval_error(query: &str, err: &EvalError) {
    match err {
        EvalError::Name { span, source } => {
            let hint = match source {
                resolve::ResolveError::Ambiguous { candidates, .. } => Some(format!(
                    "candidates: {}{}; name one by its [Title], or pass --all",
                    candidates
                        .iter()
                        .take(8)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                    if candidates.len() > 8 { ", …" } else { "" }
                )),
                resolve::ResolveError::Unknown { suggestions, .. } if !suggestions.is_empty() => {
                    Some(format!("similar titles: {}", suggestions.join(", ")))
                }
                _ => Some("name a claim by [Title], <Argument title> or words of its text".into()),
            };
            print_query_error(query, *span, &source.to_string(), hint);
        }
        EvalError::UnknownSection { span, sections, .. } => {
            let hint = format!("sections: {}", list(sections));
            print_query_error(query, *span, &err.to_string(), Some(hint));
        }
        EvalError::UnknownTag { span, tags, .. } => {
            let hint = format!(
                "tags: {}",
                list(&tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>())
            );
            print_query_error(query, *span, &err.to_string(), Some(hint));
        }
    }
}

fn list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(12).cloned().collect();
    let more = items.len().saturating_sub(12);
    if more > 0 {
        format!("{}, … ({more} more)", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn text(graph: &ArgumentGraph, view: &Dialectic, query: &str, matches: &[Match]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} match{} for `{}`",
        matches.len(),
        if matches.len() == 1 { "" } else { "es" },
        one_line(query, 200)
    );
    for m in matches {
        let id = view.element(m.claim);
        let _ = writeln!(out, "\n{}", name(graph, view, m.claim));
        let body = graph.text(id);
        if !body.is_empty() {
            let _ = writeln!(out, "    {}", one_line(body, 160));
        }
        if let Some(chain) = &m.chain {
            // Long chains are cut near the match (MAX_CHAIN_CLAIMS); say what is left out.
            let more = |n: usize| format!("({n} more claim{})", if n == 1 { "" } else { "s" });
            let mut via = chain_text(graph, view, &chain.claims, &chain.links);
            if chain.omitted_before > 0 {
                via = format!("{} … {via}", more(chain.omitted_before));
            }
            if chain.omitted_after > 0 {
                via = format!("{via} … {}", more(chain.omitted_after));
            }
            let _ = writeln!(out, "    via {via}");
        }
    }
    out
}

fn json(graph: &ArgumentGraph, view: &Dialectic, query: &str, matches: &[Match]) -> String {
    let items: Vec<serde_json::Value> = matches
        .iter()
        .map(|m| {
            let id = view.element(m.claim);
            serde_json::json!({
                "id": name(graph, view, m.claim),
                "title": graph.title(id),
                "text": graph.text(id),
                "path": m.chain.as_ref().map(|c| {
                    c.claims.iter().map(|&k| name(graph, view, k)).collect::<Vec<_>>()
                }).unwrap_or_default(),
                "links": m.chain.as_ref().map(|c| {
                    c.links.iter().map(|l| l.name()).collect::<Vec<_>>()
                }).unwrap_or_default(),
                "omitted_before": m.chain.as_ref().map_or(0, |c| c.omitted_before),
                "omitted_after": m.chain.as_ref().map_or(0, |c| c.omitted_after),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "query": query,
        "count": matches.len(),
        "matches": items,
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
