//! `cruxmap cruxes`: for each conclusion, the claims it turns on, ranked by their effect on
//! its strength under a gradual semantics, with the grounded reasons (load-bearing,
//! decisive, contested).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::claims::{SupportArg, name, one_line, resolve_all};
use super::export::read_graph;
use super::visible::visible_lines;
use super::{EXIT_SUCCESS, Failure, error, input};
use crate::analysis::cruxes::{Context, Crux, CruxReport, conclusions};
use crate::analysis::double_cruxes::double_cruxes;
use crate::analysis::impact::Measure;
use crate::analysis::semantics::{GradualSemantics, base_scores};
use crate::analysis::{Claim, Dialectic};
use crate::model::ArgumentGraph;

/// Rank the claims a conclusion turns on by their effect on its strength (docs/cruxes.md)
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
    /// Gradual semantics of the score (base scores from `base` data, default 0.5)
    #[arg(long, short = 's', value_enum, default_value_t = GradualArg::Euler)]
    semantics: GradualArg,
    /// What the score measures: removal (the conclusion's strength minus its strength
    /// without the claim), flip (with the claim's base score at 1 minus at 0), or
    /// own-strength (the claim's own strength; for comparison)
    #[arg(long, value_enum, default_value_t = MeasureArg::Removal)]
    measure: MeasureArg,
    /// Find double cruxes between two participants instead: claims where their stances
    /// (claim data `{stance: {ann: 0.9, bob: 0.2}}`) differ and each taking the other's
    /// stance moves their conclusion toward the other's; give exactly two
    #[arg(long, value_name = "NAME")]
    between: Vec<String>,
    /// Write here instead of standard output (a file is written whole or not at all; a
    /// device or FIFO is written in place)
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Let --output name an input file and replace it
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum GradualArg {
    /// Quadratic energy (Potyka 2018)
    QuadraticEnergy,
    /// DF-QuAD (Rago et al. 2016)
    DfQuad,
    /// Euler-based (Amgoud and Ben-Naim 2018)
    Euler,
}

impl GradualArg {
    fn semantics(self) -> GradualSemantics {
        match self {
            GradualArg::QuadraticEnergy => GradualSemantics::QuadraticEnergy,
            GradualArg::DfQuad => GradualSemantics::DfQuad,
            GradualArg::Euler => GradualSemantics::Euler,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum MeasureArg {
    /// Change in the conclusion's strength when the claim is removed
    Removal,
    /// Change in the conclusion's strength between the claim's base score at 0 and at 1
    Flip,
    /// The claim's own strength
    OwnStrength,
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
    if !args.between.is_empty() {
        return run_double_cruxes(&args, &graph, &view, &targets);
    }
    let base = base_scores(&graph, &view, 0.5).map_err(|e| error(e.to_string()))?;
    let measure = match args.measure {
        MeasureArg::Removal => Measure::Removal,
        MeasureArg::Flip => Measure::Flip,
        MeasureArg::OwnStrength => Measure::OwnStrength,
    };
    let context = Context::with_reading(&graph, &view, args.support.reading()).with_gradual(
        args.semantics.semantics(),
        measure,
        base,
    );
    for cycle in &context.strengths.unconverged {
        let names: Vec<String> = cycle
            .claims
            .iter()
            .take(12)
            .map(|&c| name(&graph, &view, c))
            .collect();
        eprintln!(
            "cruxmap: warning: strengths on a cycle did not converge (last change {:.1e}); \
             scores use the last values: {}{}",
            cycle.residual,
            names.join(", "),
            if cycle.claims.len() > 12 { ", …" } else { "" }
        );
    }
    let reports: Vec<CruxReport> = targets
        .iter()
        .map(|&c| context.cruxes(c, args.top))
        .collect();
    for r in &reports {
        if r.unscored > 0 {
            eprintln!(
                "cruxmap: warning: {} claim{} of {} left unscored: their effect passes through \
                 cycles too large to settle again for each claim; they are ranked by the \
                 grounded tests only",
                r.unscored,
                if r.unscored == 1 { "" } else { "s" },
                name(&graph, &view, r.conclusion)
            );
        }
    }
    let out = match args.format {
        Format::Text => visible_lines(&text(&context, &reports)).into_owned(),
        Format::Json => json(&context, &reports),
    };
    input::write_output(args.output.as_deref(), &out)?;
    Ok(EXIT_SUCCESS)
}

/// `--between A --between B`: the double cruxes of each conclusion.
fn run_double_cruxes(
    args: &CruxesArgs,
    graph: &ArgumentGraph,
    view: &Dialectic,
    targets: &[Claim],
) -> Result<u8, Failure> {
    let [a, b] = args.between.as_slice() else {
        return Err(error(format!(
            "--between needs exactly two participants, got {}",
            args.between.len()
        )));
    };
    if a == b {
        return Err(error(format!("--between names `{a}` twice")));
    }
    let semantics = args.semantics.semantics();
    let mut reports = Vec::new();
    for &c in targets {
        let report =
            double_cruxes(graph, view, semantics, c, [a, b]).map_err(|e| error(e.to_string()))?;
        reports.push(report);
    }
    let pct = |f: f64| format!("{:.0}%", 100.0 * f);
    let out = match args.format {
        Format::Text => {
            use std::fmt::Write as _;
            let mut out = String::new();
            for (i, r) in reports.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let _ = writeln!(
                    out,
                    "{} — {} strength: {a} {:.3}, {b} {:.3}",
                    name(graph, view, r.conclusion),
                    semantics.name(),
                    r.strengths[0],
                    r.strengths[1]
                );
                if r.cruxes.is_empty() {
                    let _ = writeln!(
                        out,
                        "  no double crux ({} claim{} with different stances)",
                        r.disputed,
                        if r.disputed == 1 { "" } else { "s" }
                    );
                }
                for (rank, k) in r.cruxes.iter().take(args.top).enumerate() {
                    let _ = writeln!(
                        out,
                        "  {:>2}. {}  score {:.3}  (stances: {a} {}, {b} {})",
                        rank + 1,
                        name(graph, view, k.claim),
                        k.score,
                        k.stances[0],
                        k.stances[1]
                    );
                    let _ = writeln!(
                        out,
                        "      {a} taking {b}'s stance: {:.3} → {:.3} ({} of the gap); {b} \
                         taking {a}'s: {:.3} → {:.3} ({})",
                        r.strengths[0],
                        k.moved[0],
                        pct(k.closed[0]),
                        r.strengths[1],
                        k.moved[1],
                        pct(k.closed[1])
                    );
                }
            }
            visible_lines(&out).into_owned()
        }
        Format::Json => {
            let doc: Vec<serde_json::Value> = reports
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "conclusion": name(graph, view, r.conclusion),
                        "semantics": semantics.name(),
                        "participants": [a, b],
                        "strengths": {a.as_str(): r.strengths[0], b.as_str(): r.strengths[1]},
                        "disputed": r.disputed,
                        "double_cruxes": r.cruxes.iter().take(args.top).map(|k| serde_json::json!({
                            "id": name(graph, view, k.claim),
                            "score": k.score,
                            "stances": {a.as_str(): k.stances[0], b.as_str(): k.stances[1]},
                            "moved_to": {a.as_str(): k.moved[0], b.as_str(): k.moved[1]},
                            "gap_closed": {a.as_str(): k.closed[0], b.as_str(): k.closed[1]},
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
            out.push('\n');
            out
        }
    };
    input::write_output(args.output.as_deref(), &out)?;
    Ok(EXIT_SUCCESS)
}

/// Why a crux matters, one phrase per test it passes.
fn reasons(context: &Context, crux: &Crux, conclusion: f64) -> Vec<String> {
    let (graph, view) = (context.graph, context.view);
    let mut out = Vec::new();
    let semantics = context.semantics.name();
    out.push(match context.measure {
        _ if !crux.scored => "not scored: its effect passes through a cycle too large to \
                              settle again for every claim"
            .to_string(),
        Measure::Removal => format!(
            "removing it moves the conclusion's {semantics} strength {conclusion:.3} → {:.3}",
            conclusion - crux.effect
        ),
        Measure::Flip => format!(
            "its base score at 0 vs 1 moves the conclusion's {semantics} strength by {:+.3}",
            crux.effect
        ),
        Measure::OwnStrength => format!("its own {semantics} strength is {:.3}", crux.strength),
    });
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

fn text(context: &Context, reports: &[CruxReport]) -> String {
    use std::fmt::Write as _;
    let (graph, view) = (context.graph, context.view);
    let mut out = String::new();
    for (i, report) in reports.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{} — grounded: {}, {} strength {:.3}",
            name(graph, view, report.conclusion),
            report.label.name(),
            context.semantics.name(),
            report.strength
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
            let _ = writeln!(
                out,
                "  {:>2}. {}  score {:.3}",
                rank + 1,
                name(graph, view, crux.claim),
                crux.score
            );
            for reason in reasons(context, crux, report.strength) {
                let _ = writeln!(out, "      {reason}");
            }
        }
    }
    out
}

fn json(context: &Context, reports: &[CruxReport]) -> String {
    let (graph, view) = (context.graph, context.view);
    let doc: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            serde_json::json!({
                "conclusion": name(graph, view, r.conclusion),
                "label": r.label.name(),
                "incomplete": r.incomplete,
                "semantics": context.semantics.name(),
                "measure": context.measure.name(),
                "strength": r.strength,
                "cruxes": r.cruxes.iter().map(|k| serde_json::json!({
                    "id": name(graph, view, k.claim),
                    "score": k.score,
                    "effect": k.effect,
                    "strength": k.strength,
                    "tests": k.tests,
                    "scored": k.scored,
                    "distance": k.distance,
                    "load_bearing": k.load_bearing,
                    "defeat_changes_to": k.defeat.map(|c| c.after.name()),
                    "drop_changes_to": k.drop.map(|c| c.after.name()),
                    "contested": k.contested.is_some(),
                    "shared_support": k.shared.map(|(k, n)| [k, n]),
                    "reasons": reasons(context, k, r.strength),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
