//! `cruxmap evaluate`: label each claim in, out or undecided under grounded, preferred or
//! stable semantics, and say why; or give each a strength under a gradual semantics
//! (quadratic energy, DF-QuAD, Euler-based). Reads maps and bare attack graphs (ICCMA
//! `.af`/`.i23`, ASPARTIX `.apx`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, ValueEnum};

use super::claims::{SupportArg, name, one_line, resolve_all};
use super::export::read_graph;
use super::visible::visible_lines;
use super::{EXIT_SUCCESS, Failure, error, input};
use crate::analysis::semantics::{
    self, Bipolar, Extensions, Framework, GradualOptions, GradualSemantics, Label, Labelling,
    Reason, SatOptions,
};
use crate::analysis::{Claim, Dialectic};
use crate::model::ArgumentGraph;

/// Label each claim in, out or undecided, or give its strength under a gradual semantics
#[derive(Args, Debug)]
pub(crate) struct EvaluateArgs {
    /// The map (.argdown, cruxmap .json) or attack graph (.af, .i23, .apx); `-` for stdin
    file: PathBuf,
    /// Semantics: grounded is linear time; preferred and stable use a SAT solver;
    /// quadratic-energy, df-quad and euler give strengths in [0, 1] from base scores
    /// (claim data `{base: 0.7}`, default 0.5; reasons raise what they support, whatever
    /// --support says)
    #[arg(long, short = 's', value_enum, default_value_t = SemanticsArg::Grounded)]
    semantics: SemanticsArg,
    /// Show only these claims ([Title], <Title> or words); repeat for more
    #[arg(long, value_name = "CLAIM")]
    claim: Vec<String>,
    /// When a name matches several claims, show them all instead of failing
    #[arg(long)]
    all: bool,
    /// Output: text with reasons, JSON, or ICCMA solver output (`w 1 4 7` per extension)
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Input format [default: by extension: .af/.i23 iccma, .apx apx, .json json, else argdown]
    #[arg(long, value_enum)]
    from: Option<From>,
    /// Stop after this many extensions (preferred, stable)
    #[arg(long, default_value_t = 1000, value_name = "N")]
    max_extensions: usize,
    /// Give up the SAT search after this many seconds and fall back to grounded
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    time_limit: f64,
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
enum SemanticsArg {
    /// The least labelling: accept only what must be accepted
    Grounded,
    /// Maximal admissible sets; labels are sceptical (in every extension)
    Preferred,
    /// Sets that attack everything outside them (possibly none)
    Stable,
    /// Gradual: quadratic energy (Potyka 2018)
    QuadraticEnergy,
    /// Gradual: DF-QuAD (Rago et al. 2016)
    DfQuad,
    /// Gradual: Euler-based (Amgoud and Ben-Naim 2018)
    Euler,
}

impl SemanticsArg {
    fn gradual(self) -> Option<GradualSemantics> {
        match self {
            SemanticsArg::QuadraticEnergy => Some(GradualSemantics::QuadraticEnergy),
            SemanticsArg::DfQuad => Some(GradualSemantics::DfQuad),
            SemanticsArg::Euler => Some(GradualSemantics::Euler),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum Format {
    /// One line per claim with its label and reason
    Text,
    /// {"semantics", "extensions", "claims": [{"id", "label", "reason", "in_extensions"}]}
    Json,
    /// ICCMA 2023 solver output: `w` and the accepted arguments, one line per extension
    Iccma,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum From {
    /// Argdown text
    Argdown,
    /// cruxmap JSON
    Json,
    /// ICCMA 2023 `p af N`
    Iccma,
    /// ASPARTIX arg/att facts
    Apx,
}

/// What is being evaluated: a map, or a bare attack graph.
enum Subject {
    Map(Box<(ArgumentGraph, Dialectic)>),
    Attacks(Vec<String>),
}

impl Subject {
    fn name(&self, claim: Claim) -> String {
        match self {
            Subject::Map(map) => name(&map.0, &map.1, claim),
            Subject::Attacks(names) => names[claim as usize].clone(),
        }
    }
}

fn read_subject(
    path: &Path,
    from: Option<From>,
    support: SupportArg,
) -> Result<(Subject, Framework), Failure> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let given = from;
    let from = from.unwrap_or(match ext {
        "af" | "i23" | "tgf" => From::Iccma,
        "apx" => From::Apx,
        "json" => From::Json,
        _ => From::Argdown,
    });
    match from {
        From::Iccma | From::Apx => {
            let source = input::read_source(path)?;
            let read = if from == From::Apx {
                crate::io::iccma::read_apx(&source.text)
            } else {
                crate::io::iccma::read_i23(&source.text)
            };
            let af = read.map_err(|err| {
                error(format!(
                    "{}:{}:{}: {}\n  hint: {}",
                    source.name, err.line, err.column, err.message, err.hint
                ))
            })?;
            let framework = Framework::new(af.names.len(), &af.attacks, &[]);
            Ok((Subject::Attacks(af.names), framework))
        }
        From::Argdown | From::Json => {
            // Without `--from`, any format the registry reads (AIF, Kialo, microtext…).
            let graph = read_graph(
                path,
                given.map(|f| {
                    if f == From::Json {
                        super::export::From::Json
                    } else {
                        super::export::From::Argdown
                    }
                }),
            )?;
            let view = Dialectic::new(&graph);
            let framework = Framework::from_map_with(&view, support.reading());
            Ok((Subject::Map(Box::new((graph, view))), framework))
        }
    }
}

pub(crate) fn run_evaluate(args: EvaluateArgs) -> Result<u8, Failure> {
    input::refuse_overwriting_input(args.output.as_deref(), &[&args.file], args.force)?;
    let (subject, framework) = read_subject(&args.file, args.from, args.support)?;
    if let Some(gradual) = args.semantics.gradual() {
        return run_gradual(&args, gradual, &subject, &framework);
    }
    let shown = shown_claims(&args, &subject, framework.len())?;
    if !args.time_limit.is_finite() || args.time_limit <= 0.0 {
        return Err(error("--time-limit must be a positive number of seconds"));
    }
    let options = SatOptions {
        max_extensions: args.max_extensions.max(1),
        time_limit: Some(Duration::from_secs_f64(args.time_limit.min(1e9))),
    };
    let grounded = semantics::grounded_labelling(&framework);
    let mut evaluation = Evaluation {
        semantics: args.semantics,
        labels: grounded.clone(),
        extensions: None,
        fell_back: false,
        support: args.support,
    };
    if args.semantics != SemanticsArg::Grounded {
        let found = if args.semantics == SemanticsArg::Preferred {
            semantics::preferred_extensions(&framework, options)
        } else {
            semantics::stable_extensions(&framework, options)
        };
        if found.timed_out && found.sets.is_empty() {
            eprintln!(
                "cruxmap: warning: the {} search hit the time limit ({}s) before finding an \
                 extension; showing grounded labels instead",
                semantics_name(args.semantics),
                args.time_limit
            );
            evaluation.fell_back = true;
        } else {
            if !found.exhaustive {
                eprintln!(
                    "cruxmap: warning: stopped after {} extension{} ({}); labels are over \
                     those found",
                    found.sets.len(),
                    if found.sets.len() == 1 { "" } else { "s" },
                    if found.timed_out {
                        "time limit"
                    } else {
                        "--max-extensions"
                    }
                );
            }
            evaluation.labels = Labelling {
                labels: found.sceptical_labels(&framework),
            };
            evaluation.extensions = Some(found);
        }
    }
    let output = args.output.as_deref();
    let text = match args.format {
        Format::Text => {
            visible_lines(&text(&subject, &framework, &evaluation, &shown)).into_owned()
        }
        Format::Json => json(&subject, &framework, &evaluation, &shown),
        Format::Iccma => iccma(&subject, &evaluation),
    };
    input::write_output(output, &text)?;
    Ok(EXIT_SUCCESS)
}

/// The claims `--claim` names, or all of them.
fn shown_claims(args: &EvaluateArgs, subject: &Subject, n: usize) -> Result<Vec<Claim>, Failure> {
    Ok(match subject {
        Subject::Map(map) if !args.claim.is_empty() => {
            resolve_all(&map.0, &map.1, &args.claim, args.all)?
        }
        Subject::Attacks(names) if !args.claim.is_empty() => {
            let mut out = Vec::new();
            for wanted in &args.claim {
                let Some(i) = names.iter().position(|n| n == wanted) else {
                    return Err(error(format!("no argument named `{wanted}`")));
                };
                out.push(i as Claim);
            }
            out
        }
        _ => (0..n as Claim).collect(),
    })
}

/// Strengths under a gradual semantics: one line per claim, or JSON.
fn run_gradual(
    args: &EvaluateArgs,
    gradual: GradualSemantics,
    subject: &Subject,
    framework: &Framework,
) -> Result<u8, Failure> {
    let n = framework.len();
    let shown = shown_claims(args, subject, n)?;
    let (graph, base) = match subject {
        Subject::Map(map) => {
            let (graph, view) = (&map.0, &map.1);
            let base =
                semantics::base_scores(graph, view, 0.5).map_err(|e| error(e.to_string()))?;
            (Bipolar::from_map(view), base)
        }
        Subject::Attacks(_) => {
            // A bare attack graph: its attacks, every base score 0.5.
            let attacks: Vec<(Claim, Claim)> = (0..n as Claim)
                .flat_map(|c| framework.attacked_by(c).iter().map(move |&t| (c, t)))
                .collect();
            (Bipolar::new(n, &attacks, &[]), vec![0.5; n])
        }
    };
    let strengths = graph.evaluate(gradual, &base, GradualOptions::default());
    for cycle in &strengths.unconverged {
        eprintln!(
            "cruxmap: warning: strengths on a cycle did not converge within {} steps (last              change {:.1e}); showing the last values: {}",
            GradualOptions::default().max_rounds,
            cycle.residual,
            cycle_names(subject, &cycle.claims)
        );
    }
    let out = match args.format {
        Format::Json => {
            let claims: Vec<serde_json::Value> = shown
                .iter()
                .map(|&c| {
                    serde_json::json!({
                        "id": subject.name(c),
                        "strength": strengths.values[c as usize],
                        "base": base[c as usize],
                    })
                })
                .collect();
            let unconverged: Vec<serde_json::Value> = strengths
                .unconverged
                .iter()
                .map(|u| {
                    serde_json::json!({
                        "claims": u.claims.iter().map(|&c| subject.name(c)).collect::<Vec<_>>(),
                        "residual": u.residual,
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "semantics": gradual.name(),
                "claims": claims,
                "unconverged": unconverged,
            });
            let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
            out.push('\n');
            out
        }
        Format::Iccma => {
            return Err(error(format!(
                "-f iccma lists extensions, which {} semantics does not have; use -f text or \
                 -f json",
                gradual.name()
            )));
        }
        Format::Text => {
            use std::fmt::Write as _;
            let mut out = format!(
                "{} semantics: strengths in [0, 1] ({} claim{}; base score from `base` data, \
                 else 0.5)\n\n",
                gradual.name(),
                n,
                if n == 1 { "" } else { "s" }
            );
            for &c in &shown {
                let _ = writeln!(
                    out,
                    "{:.3}  {}  (base {})",
                    strengths.values[c as usize],
                    subject.name(c),
                    base[c as usize]
                );
            }
            out
        }
    };
    input::write_output(args.output.as_deref(), &out)?;
    Ok(EXIT_SUCCESS)
}

/// The claims of a cycle, the first dozen by name.
fn cycle_names(subject: &Subject, claims: &[Claim]) -> String {
    let mut names: Vec<String> = claims.iter().take(12).map(|&c| subject.name(c)).collect();
    if claims.len() > 12 {
        names.push(format!("and {} more", claims.len() - 12));
    }
    names.join(", ")
}

struct Evaluation {
    semantics: SemanticsArg,
    labels: Labelling,
    extensions: Option<Extensions>,
    fell_back: bool,
    support: SupportArg,
}

fn semantics_name(s: SemanticsArg) -> &'static str {
    match s {
        SemanticsArg::Grounded => "grounded",
        SemanticsArg::Preferred => "preferred",
        SemanticsArg::Stable => "stable",
        other => other.gradual().map_or("", GradualSemantics::name),
    }
}

fn reason_text(subject: &Subject, framework: &Framework, ev: &Evaluation, claim: Claim) -> String {
    let names = |list: &[Claim]| {
        let shown: Vec<String> = list.iter().take(6).map(|&c| subject.name(c)).collect();
        let more = list.len().saturating_sub(6);
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    };
    if let Some(found) = &ev.extensions {
        let total = found.sets.len();
        if total == 0 {
            return "no extension exists".into();
        }
        let count = found
            .sets
            .iter()
            .filter(|s| s.binary_search(&claim).is_ok())
            .count();
        return match ev.labels.labels[claim as usize] {
            Label::In => format!("in every extension ({total})"),
            Label::Out => format!("out in every extension ({total})"),
            Label::Undecided => format!("in {count} of {total} extensions"),
        };
    }
    match ev.labels.reason(framework, claim) {
        Reason::Unchallenged => "no attacker".into(),
        Reason::Defended { attackers } => {
            format!("every attacker is out: {}", names(&attackers))
        }
        Reason::AttackedBy { attacker, target } if target == claim => {
            format!("attacked by {}, which is in", subject.name(attacker))
        }
        Reason::AttackedBy { attacker, target } => format!(
            "{} attacks {}, which it stands or falls with",
            subject.name(attacker),
            subject.name(target)
        ),
        Reason::SupportsRejected { claim: other } => format!(
            "it falls with {}, which is out ({} reading of support; see --support)",
            subject.name(other),
            match ev.support {
                SupportArg::Deductive => "deductive",
                SupportArg::Necessary => "necessary",
                SupportArg::None => "no",
            }
        ),
        Reason::Open {
            attackers,
            supports,
        } => {
            let mut parts = Vec::new();
            if !attackers.is_empty() {
                parts.push(format!("undecided attackers: {}", names(&attackers)));
            }
            if !supports.is_empty() {
                parts.push(format!("falls with undecided {}", names(&supports)));
            }
            if parts.is_empty() {
                "attacks itself".into()
            } else {
                parts.join("; ")
            }
        }
    }
}

fn text(subject: &Subject, framework: &Framework, ev: &Evaluation, shown: &[Claim]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let count = |l: Label| ev.labels.labels.iter().filter(|&&x| x == l).count();
    let used = if ev.fell_back {
        "grounded (fallback)"
    } else {
        semantics_name(ev.semantics)
    };
    let _ = write!(
        out,
        "{used} semantics: {} in, {} out, {} undecided ({} claim{}",
        count(Label::In),
        count(Label::Out),
        count(Label::Undecided),
        framework.len(),
        if framework.len() == 1 { "" } else { "s" }
    );
    if let Some(found) = &ev.extensions {
        let _ = write!(
            out,
            "; {} extension{}{}",
            found.sets.len(),
            if found.sets.len() == 1 { "" } else { "s" },
            if found.exhaustive {
                ""
            } else {
                ", search stopped early"
            }
        );
    }
    out.push_str(")\n\n");
    for &claim in shown {
        let label = ev.labels.labels[claim as usize];
        let _ = writeln!(
            out,
            "{:<10} {} — {}",
            label.name(),
            subject.name(claim),
            one_line(&reason_text(subject, framework, ev, claim), 300)
        );
    }
    out
}

fn json(subject: &Subject, framework: &Framework, ev: &Evaluation, shown: &[Claim]) -> String {
    let counts = ev
        .extensions
        .as_ref()
        .map(|f| f.membership_counts(framework.len()));
    let claims: Vec<serde_json::Value> = shown
        .iter()
        .map(|&c| {
            let mut item = serde_json::json!({
                "id": subject.name(c),
                "label": ev.labels.labels[c as usize].name(),
                "reason": reason_text(subject, framework, ev, c),
            });
            if let Some(counts) = &counts {
                item["in_extensions"] = counts[c as usize].into();
            }
            item
        })
        .collect();
    let mut doc = serde_json::json!({
        "semantics": semantics_name(ev.semantics),
        "fell_back_to_grounded": ev.fell_back,
        "claims": claims,
    });
    if let Some(found) = &ev.extensions {
        doc["extensions"] = found
            .sets
            .iter()
            .map(|s| s.iter().map(|&c| subject.name(c)).collect::<Vec<_>>())
            .collect::<Vec<_>>()
            .into();
        doc["exhaustive"] = found.exhaustive.into();
    }
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn iccma(subject: &Subject, ev: &Evaluation) -> String {
    let line = |set: &[Claim]| {
        let mut l = String::from("w");
        for &c in set {
            l.push(' ');
            l.push_str(&subject.name(c));
        }
        l.push('\n');
        l
    };
    match &ev.extensions {
        Some(found) if found.sets.is_empty() => "NO\n".into(),
        Some(found) => found.sets.iter().map(|s| line(s)).collect(),
        None => line(&ev.labels.with(Label::In)),
    }
}
