//! Confidence that means something: Platt scaling fitted on out-of-fold predictions, and the
//! expected calibration error to show whether it helped.
//!
//! The generic helpers ([`platt_fit`], [`expected_calibration_error`]) take any scores and
//! outcomes. [`fit_microtext`] fits the microtext parser's calibration: the event is "the
//! unit's relation is right" (for the central claim: it is the gold central claim; for
//! every other unit: its gold target is the predicted one, with the same polarity, support
//! or attack), the score is the decoder's raw confidence, and the predictions come from
//! parsers that never saw the text (k-fold, gold units).

use serde::{Deserialize, Serialize};

use super::decode::{Kind, Tree};
use super::parser::{Parser, ParserTraining, gold_tree};
use crate::io::microtext::Structure;

/// The shipped calibration of the shipped microtext weights, written by
/// `cruxmap train-extract --gold ../shared/corpora/microtexts-dev -o src/extract/weights.json
/// --calibration src/extract/calibration.json`.
const SHIPPED: &str = include_str!("calibration.json");

/// Bins of the expected calibration error.
pub const ECE_BINS: usize = 10;

/// A Platt scaling: `p = 1 / (1 + exp(-(a * score + b)))`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Platt {
    /// The slope.
    pub a: f64,
    /// The offset.
    pub b: f64,
}

impl Platt {
    /// The calibrated probability of a raw score.
    pub fn apply(&self, score: f64) -> f64 {
        sigmoid(self.a * score + self.b)
    }
}

impl From<(f64, f64)> for Platt {
    fn from((a, b): (f64, f64)) -> Platt {
        Platt { a, b }
    }
}

/// The log-odds of a probability, clamped away from 0 and 1: the raw score to scale when the
/// score is itself a probability (the essay classifiers').
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// Fits a Platt scaling of `scores` to `outcomes` by Newton's method on the regularised
/// targets of Platt (1999) (`(n₊ + 1) / (n₊ + 2)` for positives, `1 / (n₋ + 2)` for
/// negatives), as refined by Lin, Lin & Weng (2007). Deterministic. With no data it gives
/// `a = 1, b = 0`.
pub fn platt_fit(scores: &[f64], outcomes: &[bool]) -> Platt {
    assert_eq!(scores.len(), outcomes.len(), "one outcome per score");
    let positives = outcomes.iter().filter(|&&o| o).count() as f64;
    let negatives = outcomes.len() as f64 - positives;
    if outcomes.is_empty() {
        return Platt { a: 1.0, b: 0.0 };
    }
    let hi = (positives + 1.0) / (positives + 2.0);
    let lo = 1.0 / (negatives + 2.0);
    let targets: Vec<f64> = outcomes.iter().map(|&o| if o { hi } else { lo }).collect();
    // Minimise the cross-entropy of p = sigmoid(a s + b) against the targets.
    let loss = |a: f64, b: f64| -> f64 {
        scores
            .iter()
            .zip(&targets)
            .map(|(&s, &t)| {
                let z = a * s + b;
                // log(1 + e^z) - t z, computed stably.
                let softplus = if z > 0.0 {
                    z + (-z).exp().ln_1p()
                } else {
                    z.exp().ln_1p()
                };
                softplus - t * z
            })
            .sum()
    };
    let (mut a, mut b) = (0.0, ((positives + 1.0) / (negatives + 1.0)).ln());
    let mut f = loss(a, b);
    for _ in 0..100 {
        let (mut g1, mut g2, mut h11, mut h22, mut h21) = (0.0, 0.0, 1e-12, 1e-12, 0.0);
        for (&s, &t) in scores.iter().zip(&targets) {
            let p = sigmoid(a * s + b);
            let d = p - t;
            let w = p * (1.0 - p);
            g1 += s * d;
            g2 += d;
            h11 += s * s * w;
            h22 += w;
            h21 += s * w;
        }
        if g1.abs() < 1e-10 && g2.abs() < 1e-10 {
            break;
        }
        let det = h11 * h22 - h21 * h21;
        if det.abs() < 1e-300 {
            break;
        }
        let da = -(h22 * g1 - h21 * g2) / det;
        let db = -(-h21 * g1 + h11 * g2) / det;
        let mut step = 1.0;
        let mut moved = false;
        while step >= 1e-10 {
            let (na, nb) = (a + step * da, b + step * db);
            let nf = loss(na, nb);
            if nf < f + 1e-4 * step * (g1 * da + g2 * db) {
                (a, b, f) = (na, nb, nf);
                moved = true;
                break;
            }
            step /= 2.0;
        }
        if !moved {
            break;
        }
    }
    Platt { a, b }
}

/// The expected calibration error: predictions grouped into `bins` equal-width bins of
/// probability, and the gap between mean probability and the rate of the event in each bin,
/// weighted by the bin's share of predictions. 0 for no predictions.
pub fn expected_calibration_error(probs: &[f64], outcomes: &[bool], bins: usize) -> f64 {
    assert_eq!(probs.len(), outcomes.len(), "one outcome per probability");
    let bins = bins.max(1);
    if probs.is_empty() {
        return 0.0;
    }
    let mut count = vec![0usize; bins];
    let mut sum_p = vec![0.0; bins];
    let mut hits = vec![0.0; bins];
    for (&p, &o) in probs.iter().zip(outcomes) {
        let p = if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let k = ((p * bins as f64) as usize).min(bins - 1);
        count[k] += 1;
        sum_p[k] += p;
        hits[k] += f64::from(u8::from(o));
    }
    let n = probs.len() as f64;
    (0..bins)
        .filter(|&k| count[k] > 0)
        .map(|k| (sum_p[k] - hits[k]).abs() / n)
        .sum()
}

/// One unit's raw confidence and whether its relation is right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// The decoder's confidence.
    pub score: f64,
    /// The unit is the predicted central claim.
    pub central: bool,
    /// The prediction is right (see the module documentation).
    pub correct: bool,
}

/// Whether each unit of `predicted` is right against `gold`.
pub fn outcomes(gold: &Structure, predicted: &Tree) -> Vec<Outcome> {
    let g = gold_tree(gold);
    let attack = |k: Kind| k != Kind::Support;
    (0..predicted.target.len())
        .map(|u| Outcome {
            score: predicted.confidence[u],
            central: predicted.target[u].is_none(),
            correct: match (predicted.target[u], g.target[u]) {
                (None, None) => true,
                (Some((t, k)), Some((gt, gk))) => t == gt && attack(k) == attack(gk),
                _ => false,
            },
        })
        .collect()
}

/// The microtext parser's calibration, as `train-extract --calibration` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// What it was fitted on, for the record.
    pub fitted_on: String,
    /// Out-of-fold predictions it was fitted on (units).
    pub units: usize,
    /// For the central claim's confidence (its central-claim probability).
    pub central: Platt,
    /// For every other unit's confidence (its edge's weight).
    pub relation: Platt,
    /// ECE (10 bins) of the raw confidence on the out-of-fold predictions.
    pub ece_raw: f64,
    /// ECE (10 bins) of the calibrated confidence, each fold calibrated by a scaling fitted
    /// on the other folds only.
    pub ece_calibrated: f64,
    /// Share of out-of-fold units whose relation is right.
    pub accuracy: f64,
}

impl Calibration {
    /// The calibration shipped for the shipped weights.
    pub fn shipped() -> Calibration {
        Calibration::from_json(SHIPPED).expect("the shipped calibration is valid")
    }

    /// Reads a calibration written by [`Calibration::to_json`].
    pub fn from_json(text: &str) -> Result<Calibration, String> {
        let c: Calibration = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let all = [c.central.a, c.central.b, c.relation.a, c.relation.b];
        if all.iter().any(|x| !x.is_finite()) {
            return Err("the Platt parameters must be finite".into());
        }
        Ok(c)
    }

    /// As JSON, one field per line.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("a calibration serialises");
        out.push('\n');
        out
    }

    /// The calibrated confidence of a unit's raw `score`.
    pub fn apply(&self, score: f64, central: bool) -> f64 {
        if central {
            self.central.apply(score)
        } else {
            self.relation.apply(score)
        }
    }

    /// Calibrates every confidence of `tree` in place.
    pub fn calibrate(&self, tree: &mut Tree) {
        for (u, c) in tree.confidence.iter_mut().enumerate() {
            *c = self.apply(*c, tree.target[u].is_none());
        }
    }
}

/// Folds of the out-of-fold predictions the calibration is fitted on.
pub const CALIBRATION_FOLDS: usize = 5;

/// The seed of their split.
pub const CALIBRATION_SEED: u64 = 17;

/// Out-of-fold outcomes: `texts` split into `folds` groups in a seeded order, a parser
/// trained on the rest parses each group's gold units. Returns each fold's outcomes.
pub fn out_of_fold(
    texts: &[Structure],
    training: ParserTraining,
    folds: usize,
    seed: u64,
) -> Vec<Vec<Outcome>> {
    let folds = folds.clamp(2, texts.len().max(2));
    let mut rng = crate::generate::Rng(seed);
    super::eval::fold_split(texts.len(), folds, &mut rng)
        .into_iter()
        .map(|(train, test)| {
            let train: Vec<Structure> = train.iter().map(|&t| texts[t].clone()).collect();
            let parser = Parser::train(&train, training, "calibration fold");
            test.iter()
                .flat_map(|&t| outcomes(&texts[t], &parser.parse(&texts[t].texts)))
                .collect()
        })
        .collect()
}

fn fit_split(outcomes: &[Outcome]) -> (Platt, Platt) {
    let part = |central: bool| {
        let (s, o): (Vec<f64>, Vec<bool>) = outcomes
            .iter()
            .filter(|x| x.central == central)
            .map(|x| (x.score, x.correct))
            .unzip();
        platt_fit(&s, &o)
    };
    (part(true), part(false))
}

/// One bin of a reliability table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    /// Predictions in the bin.
    pub count: usize,
    /// Their mean probability.
    pub confidence: f64,
    /// The share of them that are right.
    pub accuracy: f64,
}

/// The reliability table behind [`expected_calibration_error`]: `bins` equal-width bins.
pub fn reliability(probs: &[f64], outcomes: &[bool], bins: usize) -> Vec<Bin> {
    let bins = bins.max(1);
    let empty = Bin {
        count: 0,
        confidence: 0.0,
        accuracy: 0.0,
    };
    let mut out = vec![empty; bins];
    for (&p, &o) in probs.iter().zip(outcomes) {
        let p = if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let b = &mut out[((p * bins as f64) as usize).min(bins - 1)];
        b.count += 1;
        b.confidence += p;
        b.accuracy += f64::from(u8::from(o));
    }
    for b in &mut out {
        if b.count > 0 {
            b.confidence /= b.count as f64;
            b.accuracy /= b.count as f64;
        }
    }
    out
}

/// A fitted calibration with the out-of-fold predictions it was measured on.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// The calibration to ship.
    pub calibration: Calibration,
    /// Raw confidence of each out-of-fold prediction.
    pub raw: Vec<f64>,
    /// Its calibrated confidence (by scalings fitted on the other folds).
    pub calibrated: Vec<f64>,
    /// Whether it is right.
    pub correct: Vec<bool>,
}

/// Fits the microtext calibration on out-of-fold predictions (see [`out_of_fold`]) and
/// measures the ECE before and after, the after honestly: each fold is calibrated by
/// scalings fitted on the other folds' predictions.
pub fn fit_microtext(
    texts: &[Structure],
    training: ParserTraining,
    fitted_on: &str,
) -> Calibration {
    fit_microtext_report(texts, training, fitted_on).calibration
}

/// [`fit_microtext`] with the predictions behind its figures.
pub fn fit_microtext_report(
    texts: &[Structure],
    training: ParserTraining,
    fitted_on: &str,
) -> Fitted {
    let folds = out_of_fold(texts, training, CALIBRATION_FOLDS, CALIBRATION_SEED);
    let all: Vec<Outcome> = folds.iter().flatten().copied().collect();
    let (central, relation) = fit_split(&all);
    let mut calibrated = Vec::with_capacity(all.len());
    for (k, fold) in folds.iter().enumerate() {
        let rest: Vec<Outcome> = folds
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .flat_map(|(_, f)| f.iter().copied())
            .collect();
        let (c, r) = fit_split(&rest);
        calibrated.extend(fold.iter().map(|x| {
            if x.central {
                c.apply(x.score)
            } else {
                r.apply(x.score)
            }
        }));
    }
    let hit: Vec<bool> = all.iter().map(|x| x.correct).collect();
    let raw: Vec<f64> = all.iter().map(|x| x.score).collect();
    let round = |x: f64| (x * 1e6).round() / 1e6;
    let calibration = Calibration {
        fitted_on: fitted_on.to_string(),
        units: all.len(),
        central,
        relation,
        ece_raw: round(expected_calibration_error(&raw, &hit, ECE_BINS)),
        ece_calibrated: round(expected_calibration_error(&calibrated, &hit, ECE_BINS)),
        accuracy: round(hit.iter().filter(|&&h| h).count() as f64 / hit.len().max(1) as f64),
    };
    Fitted {
        calibration,
        raw,
        calibrated,
        correct: hit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ece_is_zero_when_rates_match_and_the_gap_when_they_do_not() {
        // Four at 0.25, one of them right; four at 0.75, three right: perfectly calibrated.
        let p = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
        let o = [true, false, false, false, true, true, true, false];
        assert!(expected_calibration_error(&p, &o, 10).abs() < 1e-12);
        // Always 0.9 sure, right half the time: off by 0.4.
        let p = [0.9; 6];
        let o = [true, false, true, false, true, false];
        assert!((expected_calibration_error(&p, &o, 10) - 0.4).abs() < 1e-12);
        // 1.0 falls in the last bin, not past it; empty input is 0.
        assert!((expected_calibration_error(&[1.0], &[false], 10) - 1.0).abs() < 1e-12);
        assert_eq!(expected_calibration_error(&[], &[], 10), 0.0);
    }

    #[test]
    fn platt_recovers_a_known_sigmoid_and_lowers_the_ece() {
        // Outcomes drawn from p = sigmoid(4 s - 2) for scores spread over [0, 1].
        let mut rng = crate::generate::Rng(3);
        let mut scores = Vec::new();
        let mut hits = Vec::new();
        for _ in 0..20_000 {
            let s = rng.below(1001) as f64 / 1000.0;
            let p = sigmoid(4.0 * s - 2.0);
            scores.push(s);
            hits.push((rng.below(1_000_000) as f64) < p * 1_000_000.0);
        }
        let fit = platt_fit(&scores, &hits);
        assert!((fit.a - 4.0).abs() < 0.3, "{fit:?}");
        assert!((fit.b + 2.0).abs() < 0.2, "{fit:?}");
        let calibrated: Vec<f64> = scores.iter().map(|&s| fit.apply(s)).collect();
        let before = expected_calibration_error(&scores, &hits, 10);
        let after = expected_calibration_error(&calibrated, &hits, 10);
        assert!(after < 0.02 && after < before, "{before} -> {after}");
    }

    #[test]
    fn logit_inverts_the_sigmoid_and_clamps() {
        assert!((sigmoid(logit(0.3)) - 0.3).abs() < 1e-12);
        assert!(logit(0.0).is_finite() && logit(1.0).is_finite());
    }

    #[test]
    fn reliability_bins_give_counts_means_and_rates() {
        let p = [0.05, 0.15, 0.95, 0.91, 1.0];
        let o = [false, true, true, false, true];
        let bins = reliability(&p, &o, 10);
        assert_eq!(bins[0].count, 1);
        assert_eq!(bins[1].accuracy, 1.0);
        assert_eq!(bins[9].count, 3);
        assert!((bins[9].confidence - (0.95 + 0.91 + 1.0) / 3.0).abs() < 1e-12);
        assert!((bins[9].accuracy - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(bins[5].count, 0);
    }

    #[test]
    fn platt_on_overconfident_scores_pulls_them_down() {
        // Scores near 0.8 that are right only a third of the time.
        let scores: Vec<f64> = (0..300).map(|k| 0.75 + (k % 10) as f64 / 100.0).collect();
        let hits: Vec<bool> = (0..300).map(|k| k % 3 == 0).collect();
        let fit = platt_fit(&scores, &hits);
        let p = fit.apply(0.8);
        assert!((p - 1.0 / 3.0).abs() < 0.03, "{p}");
    }

    #[test]
    fn the_shipped_calibration_reads_and_maps_into_the_unit_interval() {
        let c = Calibration::shipped();
        for s in [0.0, 0.3, 0.8, 1.0] {
            for central in [true, false] {
                let p = c.apply(s, central);
                assert!((0.0..=1.0).contains(&p), "{p}");
            }
        }
        assert!(c.ece_calibrated < c.ece_raw, "{c:?}");
    }
}
