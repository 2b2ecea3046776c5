//! Scores of predicted argument trees against gold ones, the way the microtext literature
//! reports them: central claim, role, function (central claim / support / attack) and
//! attachment (every ordered pair of units), each as macro F1 over the pooled units of a test
//! set; cross-validation averages the test sets.

use super::decode::{Kind, Tree};
use super::parser::{Parser, ParserTraining, gold_tree};
use super::segment;
use crate::io::microtext::Structure;

/// Macro F1 at each level.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Scores {
    /// Central claim or not, per unit.
    pub central_claim: f64,
    /// Proponent or opponent, per unit.
    pub role: f64,
    /// Central claim, support or attack, per unit.
    pub function: f64,
    /// Attached or not, per ordered pair of units.
    pub attachment: f64,
}

impl Scores {
    /// The four levels with their names, in the literature's order.
    pub fn levels(&self) -> [(&'static str, f64); 4] {
        [
            ("central claim", self.central_claim),
            ("role", self.role),
            ("function", self.function),
            ("attachment", self.attachment),
        ]
    }
}

/// Gold and predicted labels of one level, pooled over texts.
#[derive(Default)]
struct Pool {
    gold: Vec<u8>,
    pred: Vec<u8>,
}

impl Pool {
    fn push(&mut self, gold: u8, pred: u8) {
        self.gold.push(gold);
        self.pred.push(pred);
    }

    /// The mean F1 over the classes that occur in gold or prediction.
    fn macro_f1(&self) -> f64 {
        let mut classes: Vec<u8> = self.gold.iter().chain(&self.pred).copied().collect();
        classes.sort_unstable();
        classes.dedup();
        if classes.is_empty() {
            return 0.0;
        }
        let f1 = |c: u8| {
            let mut tp = 0.0;
            let mut fp = 0.0;
            let mut fneg = 0.0;
            for (&g, &p) in self.gold.iter().zip(&self.pred) {
                match (g == c, p == c) {
                    (true, true) => tp += 1.0,
                    (false, true) => fp += 1.0,
                    (true, false) => fneg += 1.0,
                    _ => {}
                }
            }
            if tp == 0.0 {
                0.0
            } else {
                2.0 * tp / (2.0 * tp + fp + fneg)
            }
        };
        classes.iter().map(|&c| f1(c)).sum::<f64>() / classes.len() as f64
    }
}

fn function_label(t: Option<(usize, Kind)>) -> u8 {
    match t {
        None => 0,
        Some((_, Kind::Support)) => 1,
        Some(_) => 2,
    }
}

/// Scores predicted trees against gold structures, text by text, pooled.
pub fn score(gold: &[Structure], predicted: &[Tree]) -> Scores {
    let (mut cc, mut ro, mut fu, mut at) = (
        Pool::default(),
        Pool::default(),
        Pool::default(),
        Pool::default(),
    );
    for (g, p) in gold.iter().zip(predicted) {
        let n = g.len();
        let Tree {
            opponent: roles,
            target: gold_target,
            ..
        } = gold_tree(g);
        for i in 0..n {
            cc.push(
                u8::from(gold_target[i].is_none()),
                u8::from(p.target[i].is_none()),
            );
            ro.push(u8::from(roles[i]), u8::from(p.opponent[i]));
            fu.push(function_label(gold_target[i]), function_label(p.target[i]));
            for j in 0..n {
                if i != j {
                    at.push(
                        u8::from(gold_target[i].is_some_and(|(t, _)| t == j)),
                        u8::from(p.target[i].is_some_and(|(t, _)| t == j)),
                    );
                }
            }
        }
    }
    Scores {
        central_claim: cc.macro_f1(),
        role: ro.macro_f1(),
        function: fu.macro_f1(),
        attachment: at.macro_f1(),
    }
}

/// A parser's scores on a set of gold texts, with the gold units and with its own.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Evaluation {
    /// Parsing the gold units.
    pub gold_segmentation: Scores,
    /// Segmenting the text itself, then projecting the tree onto the gold units.
    pub own_segmentation: Scores,
    /// F1 of the unit boundaries the segmenter found (the text's end not counted).
    pub segmentation_f1: f64,
}

/// Scores `parser` on `gold`, with gold and with its own segmentation.
pub fn evaluate(parser: &Parser, gold: &[Structure]) -> Evaluation {
    let predicted: Vec<Tree> = gold.iter().map(|g| parser.parse(&g.texts)).collect();
    let (mut hits, mut found, mut wanted) = (0, 0, 0);
    let mut projected = Vec::with_capacity(gold.len());
    for g in gold {
        let (joined, ends) = segment::join(&g.texts);
        let whole = segment::Span {
            start: 0,
            end: joined.len(),
        };
        let mut own = segment::units(&joined, whole, &parser.segmenter);
        if own.is_empty() {
            own.push(whole);
        }
        let own_ends: Vec<usize> = own.iter().map(|s| s.end).collect();
        let (h, f, w) = segment::boundary_f1(&ends, &own_ends, joined.len());
        hits += h;
        found += f;
        wanted += w;
        let texts: Vec<String> = own
            .iter()
            .map(|s| joined[s.start..s.end].to_string())
            .collect();
        let tree = parser.parse(&texts);
        projected.push(project(&ends, &own, &tree));
    }
    let segmentation_f1 = if hits == 0 {
        0.0
    } else {
        2.0 * hits as f64 / (found + wanted) as f64
    };
    Evaluation {
        gold_segmentation: score(gold, &predicted),
        own_segmentation: score(gold, &projected),
        segmentation_f1,
    }
}

/// Carries a tree over predicted units onto the gold units (given by their end offsets):
/// each gold unit takes the predicted unit it overlaps most; when several gold units share
/// one predicted unit, the first of them (by overlap) takes its relation and the others
/// support it, as parts of one claim.
fn project(gold_ends: &[usize], own: &[segment::Span], tree: &Tree) -> Tree {
    let gold_spans: Vec<(usize, usize)> = gold_ends
        .iter()
        .enumerate()
        .map(|(k, &e)| (if k == 0 { 0 } else { gold_ends[k - 1] }, e))
        .collect();
    let overlap =
        |(a, b): (usize, usize), s: &segment::Span| b.min(s.end).saturating_sub(a.max(s.start));
    // The predicted unit of each gold unit, and the gold representative of each predicted one.
    let of_gold: Vec<usize> = gold_spans
        .iter()
        .map(|&g| {
            (0..own.len())
                .max_by_key(|&p| (overlap(g, &own[p]), std::cmp::Reverse(p)))
                .unwrap_or(0)
        })
        .collect();
    let representative: Vec<Option<usize>> = (0..own.len())
        .map(|p| {
            (0..gold_spans.len())
                .filter(|&g| of_gold[g] == p)
                .max_by_key(|&g| (overlap(gold_spans[g], &own[p]), std::cmp::Reverse(g)))
        })
        .collect();
    // A predicted unit no gold unit maps to: follow its target up to one that has one.
    let rep_up = |mut p: usize| {
        for _ in 0..own.len() {
            if let Some(g) = representative[p] {
                return Some(g);
            }
            p = tree.target[p]?.0;
        }
        None
    };
    let mut target: Vec<Option<(usize, Kind)>> = vec![None; gold_spans.len()];
    let mut root = None;
    for g in 0..gold_spans.len() {
        let p = of_gold[g];
        if representative[p] != Some(g) {
            target[g] = representative[p].map(|r| (r, Kind::Support));
            continue;
        }
        target[g] = tree.target[p].and_then(|(q, kind)| rep_up(q).map(|r| (r, kind)));
        if target[g].is_none() {
            match root {
                None => root = Some(g),
                Some(r) => target[g] = Some((r, Kind::Support)),
            }
        }
    }
    let opponent = super::decode::roles(&target);
    Tree {
        root: root.unwrap_or(0),
        confidence: vec![0.0; target.len()],
        target,
        opponent,
    }
}

/// Mean and standard deviation of each level over the test sets of a cross-validation.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct CrossValidation {
    /// The mean over test sets.
    pub mean: Evaluation,
    /// The standard deviation over test sets.
    pub std: Evaluation,
    /// Folds per repetition.
    pub folds: usize,
    /// Repetitions with a new random split.
    pub repeats: usize,
}

/// `n` items shuffled by `rng` (Fisher–Yates) and dealt into `folds` folds, item `k` of the
/// shuffled order into fold `k mod folds`: each fold's `(train, test)` indices, in that order.
pub(crate) fn fold_split(
    n: usize,
    folds: usize,
    rng: &mut crate::generate::Rng,
) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    (0..folds)
        .map(|fold| {
            let of = |test: bool| -> Vec<usize> {
                order
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| (k % folds == fold) == test)
                    .map(|(_, &t)| t)
                    .collect()
            };
            (of(false), of(true))
        })
        .collect()
}

/// Splits texts into `folds` groups in a seeded random order, `repeats` times, trains on the
/// rest and scores each group; texts never appear in their own training set.
pub fn cross_validate(
    texts: &[Structure],
    folds: usize,
    repeats: usize,
    seed: u64,
    training: ParserTraining,
) -> CrossValidation {
    let folds = folds.clamp(2, texts.len().max(2));
    let mut runs: Vec<Evaluation> = Vec::new();
    let mut rng = crate::generate::Rng(seed);
    for _ in 0..repeats {
        for (train, test) in fold_split(texts.len(), folds, &mut rng) {
            if test.is_empty() {
                continue;
            }
            let train: Vec<Structure> = train.iter().map(|&t| texts[t].clone()).collect();
            let parser = Parser::train(&train, training, "cross-validation fold");
            let gold: Vec<Structure> = test.iter().map(|&t| texts[t].clone()).collect();
            runs.push(evaluate(&parser, &gold));
        }
    }
    let k = runs.len().max(1) as f64;
    let fields: [fn(&Evaluation) -> f64; 9] = [
        |e| e.gold_segmentation.central_claim,
        |e| e.gold_segmentation.role,
        |e| e.gold_segmentation.function,
        |e| e.gold_segmentation.attachment,
        |e| e.own_segmentation.central_claim,
        |e| e.own_segmentation.role,
        |e| e.own_segmentation.function,
        |e| e.own_segmentation.attachment,
        |e| e.segmentation_f1,
    ];
    let mean: Vec<f64> = fields
        .iter()
        .map(|f| runs.iter().map(f).sum::<f64>() / k)
        .collect();
    let std: Vec<f64> = fields
        .iter()
        .zip(&mean)
        .map(|(f, &m)| (runs.iter().map(|e| (f(e) - m).powi(2)).sum::<f64>() / k).sqrt())
        .collect();
    let build = |v: &[f64]| Evaluation {
        gold_segmentation: Scores {
            central_claim: v[0],
            role: v[1],
            function: v[2],
            attachment: v[3],
        },
        own_segmentation: Scores {
            central_claim: v[4],
            role: v[5],
            function: v[6],
            attachment: v[7],
        },
        segmentation_f1: v[8],
    };
    CrossValidation {
        mean: build(&mean),
        std: build(&std),
        folds,
        repeats,
    }
}
