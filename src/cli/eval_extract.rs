//! `cruxmap eval-extract` and `cruxmap train-extract`: score the extraction parser on a
//! gold-annotated microtext folder, by cross-validation or with given weights, and train the
//! weights that ship with cruxmap.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{EXIT_SUCCESS, Failure, error, input};
use crate::extract::Parser;
use crate::extract::essay::{self, EssayModel, GoldEssay};
use crate::extract::eval::{self, Evaluation};
use crate::extract::parser::ParserTraining;
use crate::extract::segment::Span;
use crate::io::microtext::{self, Structure};

/// Score extraction against gold microtext files (central claim, role, function, attachment)
#[derive(Args, Debug)]
pub(crate) struct EvalExtractArgs {
    /// Folder of gold files in the microtext corpus format (`*.xml`, with `*.txt` beside them)
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,
    /// Train and test by k-fold cross-validation on the gold folder instead of using fixed
    /// weights: the honest score for texts the parser did not learn from
    #[arg(long)]
    cross_validate: bool,
    /// Folds of the cross-validation
    #[arg(long, default_value_t = 5, value_name = "K")]
    folds: usize,
    /// Repetitions of the cross-validation, each with a new random split
    #[arg(long, default_value_t = 10, value_name = "N")]
    repeats: usize,
    /// Score the essay pipeline instead on a folder of gold essays (`NAME.json` as for
    /// `train-extract --essays`): segmentation, components and relations at exact and half
    /// word match, and the calibration error of the units' confidence
    #[arg(long, conflicts_with = "cross_validate")]
    essays: bool,
    /// Weights to score (from `train-extract`); the shipped weights by default
    #[arg(long, value_name = "FILE", conflicts_with = "cross_validate")]
    weights: Option<PathBuf>,
    /// Score prediction files (written by `extract --format microtext-xml`, or any parser)
    /// instead of running the parser: each `NAME.xml` here against `NAME.xml` in --gold
    #[arg(long, value_name = "DIR", conflicts_with_all = ["cross_validate", "weights"])]
    predicted: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    hyper: HyperArgs,
}

/// Training settings (the defaults are the tuned ones that trained the shipped weights).
#[derive(Args, Debug, Clone)]
struct HyperArgs {
    /// L2 penalty of the unit classifiers (central claim, role, function)
    #[arg(long, value_name = "X", help_heading = "Training")]
    unit_l2: Option<f64>,
    /// L2 penalty of the attachment classifier
    #[arg(long, value_name = "X", help_heading = "Training")]
    pair_l2: Option<f64>,
    /// Training passes
    #[arg(long, value_name = "N", help_heading = "Training")]
    iterations: Option<usize>,
    /// Weights of central claim, role, function and attachment evidence in the tree decoder
    #[arg(
        long,
        value_name = "CC,RO,FU,AT",
        value_delimiter = ',',
        help_heading = "Training"
    )]
    decode_weights: Option<Vec<f64>>,
}

impl HyperArgs {
    fn training(&self) -> Result<ParserTraining, Failure> {
        let mut t = ParserTraining::default();
        if self.decode_weights.as_ref().is_some_and(|w| {
            w.len() != 4
                || w.iter().any(|x| !x.is_finite() || *x < 0.0)
                || w.iter().sum::<f64>() <= 0.0
        }) {
            return Err(error(
                "--decode-weights takes four numbers, not negative and not all zero: central claim, role, function, attachment (e.g. 1,1,1,1)",
            ));
        }
        if [self.unit_l2, self.pair_l2]
            .iter()
            .flatten()
            .any(|x| !x.is_finite() || *x < 0.0 || *x > 100.0)
        {
            return Err(error("--unit-l2 and --pair-l2 take a number from 0 to 100"));
        }
        if self.iterations.is_some_and(|n| n == 0 || n > 100_000) {
            return Err(error("--iterations takes a number from 1 to 100000"));
        }
        if let Some(x) = self.unit_l2 {
            t.unit.l2 = x;
        }
        if let Some(x) = self.pair_l2 {
            t.pair.l2 = x;
        }
        if let Some(n) = self.iterations {
            t.unit.iterations = n;
            t.pair.iterations = n;
        }
        if let Some(w) = self.decode_weights.as_ref().filter(|w| w.len() == 4) {
            t.weights.cc = w[0];
            t.weights.role = w[1];
            t.weights.function = w[2];
            t.weights.attach = w[3];
        }
        Ok(t)
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Train the extraction parser on gold microtext files and write its weights
#[derive(Args, Debug)]
pub(crate) struct TrainExtractArgs {
    /// Folder of gold files in the microtext corpus format
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,
    /// Where to write the weights (JSON)
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Train the essay model instead, from a folder of gold essays (`NAME.json` with `text`,
    /// `units` and `relations`, as in ../shared/corpora/essays/train)
    #[arg(long)]
    essays: bool,
    /// Also fit the confidence calibration (Platt scaling on 5-fold out-of-fold predictions,
    /// see docs/extraction.md) and write it here (JSON); the shipped one is
    /// src/extract/calibration.json
    #[arg(long, value_name = "FILE", conflicts_with = "essays")]
    calibration: Option<PathBuf>,
    #[command(flatten)]
    hyper: HyperArgs,
}

/// Prints the cross-validation figures of essay training on stderr.
fn report_essay_cv(cv: &essay::CrossValidation, calibration: (f64, f64)) {
    for (level, name) in [(0, "exact"), (1, "50%")] {
        let [seg, c, r] = cv.score.f1(level);
        eprintln!(
            "cruxmap: {}-fold cross-validation, {name} match: seg {seg:.3}  components {c:.3}  relations {r:.3}",
            essay::FOLDS
        );
    }
    use crate::extract::calibrate;
    let ece = |p: &[f64]| calibrate::expected_calibration_error(p, &cv.correct, 10);
    let scaled: Vec<f64> = cv
        .raw
        .iter()
        .map(|&p| calibrate::Platt::from(calibration).apply(calibrate::logit(p)))
        .collect();
    eprintln!(
        "cruxmap: held-out units {} ({} correct components at 50% match); ECE (10 bins) raw {:.3}, \
         Platt-scaled with the fitted (a, b) = ({:.3}, {:.3}) {:.3}",
        cv.raw.len(),
        cv.correct.iter().filter(|&&c| c).count(),
        ece(&cv.raw),
        calibration.0,
        calibration.1,
        ece(&scaled)
    );
}

/// The essay model in `path` (from `train-extract --essays`), or the shipped one.
pub(crate) fn load_essay_model(path: Option<&Path>) -> Result<EssayModel, Failure> {
    let Some(path) = path else {
        return Ok(EssayModel::shipped());
    };
    let source = input::read_source(path)?;
    EssayModel::from_json(&source.text).map_err(|err| {
        error(format!(
            "{}: not an essay weights file of train-extract: {err}",
            source.name
        ))
    })
}

/// Reads every `*.json` gold essay of `dir`, in name order, with character offsets turned
/// into byte spans.
fn read_gold_essays(dir: &Path) -> Result<Vec<GoldEssay>, Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|err| error(format!("cannot read the folder {}: {err}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let source = input::read_source(&path)?;
        let bad = |what: &str| error(format!("{}: {what}", source.name));
        let v: serde_json::Value =
            serde_json::from_str(&source.text).map_err(|e| bad(&e.to_string()))?;
        let text = v["text"]
            .as_str()
            .ok_or_else(|| bad("no \"text\""))?
            .to_string();
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let at = |c: &serde_json::Value| -> Result<usize, Failure> {
            c.as_u64()
                .and_then(|c| bytes.get(c as usize).copied())
                .ok_or_else(|| bad("a unit offset is out of the text"))
        };
        let mut ids = Vec::new();
        let mut units = Vec::new();
        for u in v["units"].as_array().ok_or_else(|| bad("no \"units\""))? {
            let kind = essay::KINDS
                .iter()
                .position(|k| Some(*k) == u["kind"].as_str())
                .filter(|&k| k > 0)
                .ok_or_else(|| bad("a unit kind is not major-claim, claim or premise"))?;
            ids.push(u["id"].as_str().unwrap_or_default().to_string());
            units.push((
                Span {
                    start: at(&u["start"])?,
                    end: at(&u["end"])?,
                },
                kind,
            ));
        }
        let index =
            |id: &serde_json::Value| ids.iter().position(|i| Some(i.as_str()) == id.as_str());
        let relations = v["relations"]
            .as_array()
            .map(|rs| {
                rs.iter()
                    .filter_map(|r| {
                        Some((index(&r["from"])?, index(&r["to"])?, r["type"] == "attack"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(GoldEssay {
            text,
            units,
            relations,
        });
    }
    if out.is_empty() {
        return Err(error(format!(
            "{} has no .json essays; give e.g. ../shared/corpora/essays/train",
            dir.display()
        )));
    }
    Ok(out)
}

/// The parser with the weights in `path` (from `train-extract`), or the shipped one.
pub(crate) fn load_parser(path: Option<&Path>) -> Result<Parser, Failure> {
    let Some(path) = path else {
        return Ok(Parser::shipped());
    };
    let source = input::read_source(path)?;
    Parser::from_json(&source.text).map_err(|err| {
        error(format!(
            "{}: not a weights file of train-extract: {err}",
            source.name
        ))
    })
}

/// Reads every `*.xml` file of `dir` as a gold structure, in name order.
pub(crate) fn read_gold(dir: &Path) -> Result<Vec<(String, Structure)>, Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|err| error(format!("cannot read the folder {}: {err}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(error(format!(
            "{} has no .xml files; give the folder of a microtext corpus (e.g. ../shared/corpora/microtexts-dev)",
            dir.display()
        )));
    }
    let mut out = Vec::new();
    for path in paths {
        let source = input::read_source(&path)?;
        let text = microtext::read(&source.text)
            .map_err(|err| error(format!("{}:{err}\n  hint: {}", source.name, err.hint)))?;
        let structure = text
            .structure()
            .map_err(|err| error(format!("{}: {err}", source.name)))?;
        out.push((source.name, structure));
    }
    Ok(out)
}

pub(crate) fn run_eval_extract(args: EvalExtractArgs) -> Result<u8, Failure> {
    if args.essays {
        let essays = read_gold_essays(&args.gold)?;
        let model = load_essay_model(args.weights.as_deref())?;
        let refs: Vec<&GoldEssay> = essays.iter().collect();
        let e = model.evaluate(&refs);
        println!("{} essays", essays.len());
        for (level, name) in [(0, "exact"), (1, "50%")] {
            let [seg, c, r] = e.score.f1(level);
            println!("  {name:<6} match: seg {seg:.3}  components {c:.3}  relations {r:.3}");
        }
        let ece =
            |p: &[f64]| crate::extract::calibrate::expected_calibration_error(p, &e.correct, 10);
        println!(
            "  units {} ({} correct components at 50% match); ECE (10 bins) calibrated {:.3}, raw {:.3}",
            e.correct.len(),
            e.correct.iter().filter(|&&c| c).count(),
            ece(&e.calibrated),
            ece(&e.raw)
        );
        return Ok(EXIT_SUCCESS);
    }
    let gold = read_gold(&args.gold)?;
    if let Some(dir) = &args.predicted {
        return score_predictions(&gold, dir, args.format);
    }
    let texts: Vec<Structure> = gold.into_iter().map(|(_, s)| s).collect();
    let units: usize = texts.iter().map(Structure::len).sum();
    if args.cross_validate {
        if args.folds < 2 || args.folds > texts.len() {
            return Err(error(format!(
                "--folds must be between 2 and the number of texts ({})",
                texts.len()
            )));
        }
        eprintln!(
            "cruxmap: {}-fold cross-validation × {} on {} texts ({units} units)…",
            args.folds,
            args.repeats,
            texts.len()
        );
        let cv = eval::cross_validate(
            &texts,
            args.folds,
            args.repeats.max(1),
            1,
            args.hyper.training()?,
        );
        match args.format {
            Format::Json => println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "texts": texts.len(), "units": units, "cross_validation": cv,
                }))
                .expect("scores serialise")
            ),
            Format::Text => {
                println!(
                    "{} texts, {units} units; macro F1, mean ± sd over {} test sets of {}-fold cross-validation",
                    texts.len(),
                    cv.folds * cv.repeats,
                    cv.folds
                );
                print_table(&cv.mean, Some(&cv.std));
            }
        }
        return Ok(EXIT_SUCCESS);
    }
    let parser = load_parser(args.weights.as_deref())?;
    let evaluation = eval::evaluate(&parser, &texts);
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "texts": texts.len(), "units": units, "weights": parser.trained_on,
                "scores": evaluation,
            }))
            .expect("scores serialise")
        ),
        Format::Text => {
            println!(
                "{} texts, {units} units; macro F1 with weights trained on {}",
                texts.len(),
                parser.trained_on
            );
            print_table(&evaluation, None);
        }
    }
    if args.weights.is_none() && same_folder(&args.gold, &parser.trained_on) {
        eprintln!(
            "cruxmap: warning: the shipped weights were trained on these texts, so these scores are \
             not a test; add --cross-validate for scores on texts the parser did not learn from"
        );
    }
    Ok(EXIT_SUCCESS)
}

/// `eval-extract --predicted DIR`: scores prediction files against the gold ones, matched by
/// file name; the units must be the same (same ADU ids in the same order).
fn score_predictions(
    gold: &[(String, Structure)],
    dir: &Path,
    format: Format,
) -> Result<u8, Failure> {
    let mut golds = Vec::new();
    let mut trees = Vec::new();
    let mut missing = Vec::new();
    for (name, g) in gold {
        let file = Path::new(name).file_name().unwrap_or_default();
        let path = dir.join(file);
        if !path.exists() {
            missing.push(file.to_string_lossy().into_owned());
            continue;
        }
        let source = input::read_source(&path)?;
        let p = microtext::read(&source.text)
            .map_err(|err| error(format!("{}:{err}\n  hint: {}", source.name, err.hint)))?
            .structure()
            .map_err(|err| error(format!("{}: {err}", source.name)))?;
        if p.ids != g.ids {
            return Err(error(format!(
                "{}: its units ({}) are not those of {name} ({}); score predictions made on the gold units",
                source.name,
                p.ids.join(" "),
                g.ids.join(" ")
            )));
        }
        trees.push(crate::extract::parser::gold_tree(&p));
        golds.push(g.clone());
    }
    if golds.is_empty() {
        return Err(error(format!(
            "{} has none of the gold files' names; expected e.g. {}",
            dir.display(),
            missing.first().map_or("NAME.xml", String::as_str)
        )));
    }
    if !missing.is_empty() {
        eprintln!(
            "cruxmap: warning: {} gold file(s) have no prediction and are left out (first: {})",
            missing.len(),
            missing[0]
        );
    }
    let scores = eval::score(&golds, &trees);
    let units: usize = golds.iter().map(Structure::len).sum();
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "texts": golds.len(), "units": units, "scores": scores,
            }))
            .expect("scores serialise")
        ),
        Format::Text => {
            println!(
                "{} texts, {units} units; macro F1 of the predictions in {}",
                golds.len(),
                dir.display()
            );
            for (name, v) in scores.levels() {
                println!("  {name:<22} {v:.3}");
            }
        }
    }
    Ok(EXIT_SUCCESS)
}

/// Whether the weights were trained on a folder named like `dir`.
fn same_folder(dir: &Path, trained_on: &str) -> bool {
    dir.file_name()
        .is_some_and(|n| trained_on.ends_with(&format!(" of {}", n.to_string_lossy())))
}

fn print_table(e: &Evaluation, sd: Option<&Evaluation>) {
    let cell = |m: f64, s: Option<f64>| match s {
        Some(s) => format!("{m:.3} ± {s:.3}"),
        None => format!("{m:.3}"),
    };
    println!("  {:<22} {:<15} {:<15}", "level", "gold units", "own units");
    let gold = e.gold_segmentation.levels();
    let own = e.own_segmentation.levels();
    for k in 0..4 {
        println!(
            "  {:<22} {:<15} {:<15}",
            gold[k].0,
            cell(gold[k].1, sd.map(|s| s.gold_segmentation.levels()[k].1)),
            cell(own[k].1, sd.map(|s| s.own_segmentation.levels()[k].1)),
        );
    }
    println!(
        "  {:<22} {:<15} {:<15}",
        "unit segmentation",
        "-",
        cell(e.segmentation_f1, sd.map(|s| s.segmentation_f1))
    );
}

pub(crate) fn run_train_extract(args: TrainExtractArgs) -> Result<u8, Failure> {
    if args.essays {
        let essays = read_gold_essays(&args.gold)?;
        let names = format!("{} essays", essays.len());
        let mut training = args.hyper.training()?.unit;
        if args.hyper.unit_l2.is_none() {
            training.l2 = essay::L2;
        }
        let (model, cv) = EssayModel::train(&essays, training, &names);
        input::write_output(Some(&args.output), &model.to_json())?;
        report_essay_cv(&cv, model.calibration);
        eprintln!("cruxmap: wrote {} ({names})", args.output.display());
        return Ok(EXIT_SUCCESS);
    }
    let gold = read_gold(&args.gold)?;
    let names = format!(
        "{} texts of {}",
        gold.len(),
        args.gold.file_name().map_or_else(
            || args.gold.display().to_string(),
            |n| n.to_string_lossy().into_owned()
        )
    );
    let texts: Vec<Structure> = gold.into_iter().map(|(_, s)| s).collect();
    let parser = Parser::train(&texts, args.hyper.training()?, &names);
    input::write_output(Some(&args.output), &parser.to_json())?;
    eprintln!("cruxmap: wrote {} ({names})", args.output.display());
    if let Some(path) = &args.calibration {
        use crate::extract::calibrate::{self, ECE_BINS};
        let fitted = calibrate::fit_microtext_report(&texts, args.hyper.training()?, &names);
        let c = &fitted.calibration;
        input::write_output(Some(path), &c.to_json())?;
        eprintln!(
            "cruxmap: out-of-fold reliability (per bin: units, mean confidence, share right)"
        );
        eprintln!("  bin        raw                 calibrated");
        let raw = calibrate::reliability(&fitted.raw, &fitted.correct, ECE_BINS);
        let cal = calibrate::reliability(&fitted.calibrated, &fitted.correct, ECE_BINS);
        let cell = |b: &calibrate::Bin| {
            if b.count == 0 {
                format!("{:<20}", "  -")
            } else {
                format!(
                    "{:>3}  {:.2}  {:.2}      ",
                    b.count, b.confidence, b.accuracy
                )
            }
        };
        for (k, (r, c)) in raw.iter().zip(&cal).enumerate() {
            eprintln!(
                "  {:.1}-{:.1}    {}{}",
                k as f64 / 10.0,
                (k + 1) as f64 / 10.0,
                cell(r),
                cell(c)
            );
        }
        eprintln!(
            "cruxmap: wrote {} (Platt scaling on {} out-of-fold units; ECE {:.3} raw, {:.3} calibrated)",
            path.display(),
            c.units,
            c.ece_raw,
            c.ece_calibrated
        );
    }
    Ok(EXIT_SUCCESS)
}
