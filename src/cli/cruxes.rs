//! `cruxmap cruxes`: for each conclusion, the claims it turns on and why (load-bearing,
//! decisive, contested), best first.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::claims::{SupportArg, name, one_line, resolve_all};
use super::export::read_graph;
use super::visible::visible_lines;
use super::{EXIT_SUCCESS, Failure, error, input};
use crate::analysis::cruxes::{Context, Crux, CruxReport, conclusions};
use crate::analysis::{Claim, Dialectic};
use crate::model::ArgumentGraph;

/// Rank the claims a conclusion turns on: load-bearing, decisive, contested (docs/cruxes.md)
#[derive(Args, Debug)]
pub(crate) struct CruxesArgs {
    /// The map: an .argdown file, a cruxmap .json file, or `-` for standard input
    file: PathBuf,
    /// The conclusion ([Title], <Title> or words); repeat for more [default: every
    /// statement that supports nothing but has support of its own]
    #[arg(long = "for", value_name = "CLAIM")]
    conclusion: Vec<String>,
    /// When a name matches several claims, take them all instead of failing
    #[arg(long)]
    all: bool,
    /// Cruxes to show per conclusion
    #[arg(long, default_value_t = 10, value_name = "N")]
    top: usize,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    format: Format,
    /// How support bears on acceptance: deductive (an accepted objection to a conclusion
    /// counts against its reasons), necessary (an objection to a reason counts against
    /// what it supports), or none (attacks alone)
    #[arg(long, value_enum, default_value_t = SupportArg::Deductive)]
    support: SupportArg,
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
    /// Ranked lists with reasons
    Text,
    /// [{"conclusion", "label", "cruxes": [{"id", "score", "reasons", ...}]}]
    Json,
}

pub(crate) fn run_cruxes(args: CruxesArgs) -> Result<u8, Failure> {
    input::refuse_overwriting_input(args.output.as_deref(), &[&args.file], args.force)?;
    let graph = read_graph(&args.file, None)?;
    let view = Dialectic::new(&graph);
    let targets: Vec<Claim> = if args.conclusion.is_empty() {
        conclusions(&view)
    } else {
        resolve_all(&graph, &view, &args.conclusion, args.all)?
    };
    if targets.is_empty() {
        return Err(error(
            "the map has no conclusion to examine (no statement has support without supporting \
             something else)\n  hint: name one with --for",
        ));
    }
    let context = Context::with_reading(&graph, &view, args.support.reading());
    let reports: Vec<CruxReport> = targets
        .iter()
        .map(|&c| context.cruxes(c, args.top))
        .collect();
    let out = match args.format {
        Format::Text => visible_lines(&text(&graph, &view, &reports)).into_owned(),
        Format::Json => json(&graph, &view, &reports),
    };
    input::write_output(args.output.as_deref(), &out)?;
    Ok(EXIT_SUCCESS)
}

/// Why a crux matters, one phrase per test it passes.
fn reasons(graph: &ArgumentGraph, view: &Dialectic, crux: &Crux) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(change) = crux.defeat {
        out.push(format!(
            "decisive: defeating it turns the conclusion {} → {}",
            change.before.name(),
            change.after.name()
        ));
    }
    if let Some(change) = crux.drop {
        out.push(format!(
            "decisive: dropping it turns the conclusion {} → {}",
            change.before.name(),
            change.after.name()
        ));
    }
    if crux.load_bearing {
        out.push(
            "load-bearing: every chain of support into the conclusion passes through it".into(),
        );
    }
    if let Some((k, n)) = crux.shared {
        out.push(format!(
            "shared support: {k} of the conclusion's {n} lines of support rest on it"
        ));
    }
    if let Some(contest) = &crux.contested {
        let side = |list: &[(Claim, String)]| {
            list.iter()
                .take(4)
                .map(|(c, s)| {
                    if s.is_empty() {
                        name(graph, view, *c)
                    } else {
                        format!("{} ({s})", name(graph, view, *c))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(format!(
            "contested across sources: supported by {}; attacked by {}",
            side(&contest.supporters),
            side(&contest.attackers)
        ));
    }
    out
}

fn text(graph: &ArgumentGraph, view: &Dialectic, reports: &[CruxReport]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (i, report) in reports.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{} — grounded: {}",
            name(graph, view, report.conclusion),
            report.label.name()
        );
        let text = graph.text(view.element(report.conclusion));
        if !text.is_empty() {
            let _ = writeln!(out, "  {}", one_line(text, 160));
        }
        if !report.incomplete.is_empty() {
            let _ = writeln!(
                out,
                "  note: the {} test{} stopped at the work budget of {} steps and cover{} only \
                 part of the map (docs/reliability.md)",
                report.incomplete.join(" and "),
                if report.incomplete.len() == 1 {
                    ""
                } else {
                    "s"
                },
                crate::analysis::cruxes::CRUXES_BUDGET,
                if report.incomplete.len() == 1 {
                    "s"
                } else {
                    ""
                },
            );
        }
        if report.cruxes.is_empty() {
            let _ = writeln!(
                out,
                "  no crux: nothing it rests on or that can change its label"
            );
        }
        for (rank, crux) in report.cruxes.iter().enumerate() {
            let _ = writeln!(out, "  {:>2}. {}", rank + 1, name(graph, view, crux.claim));
            for reason in reasons(graph, view, crux) {
                let _ = writeln!(out, "      {reason}");
            }
        }
    }
    out
}

fn json(graph: &ArgumentGraph, view: &Dialectic, reports: &[CruxReport]) -> String {
    let doc: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            serde_json::json!({
                "conclusion": name(graph, view, r.conclusion),
                "label": r.label.name(),
                "incomplete": r.incomplete,
                "cruxes": r.cruxes.iter().map(|k| serde_json::json!({
                    "id": name(graph, view, k.claim),
                    "score": k.score,
                    "distance": k.distance,
                    "load_bearing": k.load_bearing,
                    "defeat_changes_to": k.defeat.map(|c| c.after.name()),
                    "drop_changes_to": k.drop.map(|c| c.after.name()),
                    "contested": k.contested.is_some(),
                    "shared_support": k.shared.map(|(k, n)| [k, n]),
                    "reasons": reasons(graph, view, k),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
