//! The trained argument parser: four classifiers (central claim, role, function, attachment)
//! whose probabilities the evidence graph combines into one tree per text.

use serde::{Deserialize, Serialize};

use super::decode::{self, Evidence, Kind, Tree, Weights};
use super::features::{self, UnitInfo};
use super::model::{Classifier, Example, Training};
use super::segment;
use crate::io::microtext::{Function, Structure};

/// The shipped weights, trained on the development texts of the microtext corpus by
/// `cruxmap train-extract --gold ../shared/corpora/microtexts-dev -o src/extract/weights.json`.
const SHIPPED: &str = include_str!("weights.json");

/// A trained parser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parser {
    /// What it was trained on, for the record.
    pub trained_on: String,
    /// Central claim or not, per unit.
    pub cc: Classifier,
    /// Proponent or opponent, per unit.
    pub role: Classifier,
    /// Central claim, support, rebut or undercut, per unit.
    pub function: Classifier,
    /// Attached or not, per ordered pair.
    pub attach: Classifier,
    /// Where a sentence splits into units (see [`super::segment`]).
    pub segmenter: Classifier,
    /// How the decoder weighs the four kinds of evidence.
    #[serde(with = "weights_serde")]
    pub weights: Weights,
    /// How raw confidences map to probabilities (not part of the weights file: the shipped
    /// weights get the shipped calibration, other weights none).
    #[serde(skip)]
    pub calibration: Option<super::calibrate::Calibration>,
}

mod weights_serde {
    use super::Weights;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(w: &Weights, s: S) -> Result<S::Ok, S::Error> {
        [w.cc, w.role, w.function, w.attach].serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weights, D::Error> {
        let [cc, role, function, attach] = <[f64; 4]>::deserialize(d)?;
        Ok(Weights {
            cc,
            role,
            function,
            attach,
        })
    }
}

/// How to train a [`Parser`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ParserTraining {
    /// For the unit classifiers and the segmenter.
    pub unit: Training,
    /// For the attachment classifier.
    pub pair: Training,
    /// For the decoder.
    pub weights: Weights,
}

const FUNCTIONS: [&str; 4] = ["cc", "sup", "reb", "und"];

fn function_class(target: Option<(usize, Function)>) -> usize {
    match target {
        None => 0,
        Some((_, Function::Support)) => 1,
        Some((_, Function::Rebut)) => 2,
        Some((_, Function::Undercut)) => 3,
    }
}

/// Features of every unit and every ordered pair of a text.
struct TextFeatures {
    units: Vec<Vec<String>>,
    /// `pairs[i * n + j]`: "i attaches to j", with both units' features prefixed.
    pairs: Vec<Vec<String>>,
}

fn text_features(texts: &[String]) -> TextFeatures {
    let infos: Vec<UnitInfo> = texts.iter().map(|t| UnitInfo::new(t)).collect();
    let n = infos.len();
    let units: Vec<Vec<String>> = (0..n).map(|i| features::unit_features(&infos, i)).collect();
    let src: Vec<Vec<String>> = units.iter().map(|u| features::prefixed(u, "s:")).collect();
    let trg: Vec<Vec<String>> = units.iter().map(|u| features::prefixed(u, "t:")).collect();
    let mut pairs = Vec::with_capacity(n * n);
    for (i, s) in src.iter().enumerate() {
        for (j, t) in trg.iter().enumerate() {
            if i == j {
                pairs.push(Vec::new());
                continue;
            }
            let mut f = features::pair_features(&infos, i, j);
            f.extend(s.iter().cloned());
            f.extend(t.iter().cloned());
            pairs.push(f);
        }
    }
    TextFeatures { units, pairs }
}

impl Parser {
    /// The parser shipped with cruxmap.
    pub fn shipped() -> Parser {
        let mut parser: Parser =
            serde_json::from_str(SHIPPED).expect("the shipped weights are valid JSON");
        parser.index();
        parser.calibration = Some(super::calibrate::Calibration::shipped());
        parser
    }

    /// Reads a parser written by [`Parser::to_json`].
    pub fn from_json(text: &str) -> Result<Parser, String> {
        let mut parser: Parser = serde_json::from_str(text).map_err(|e| e.to_string())?;
        parser.check()?;
        parser.index();
        Ok(parser)
    }

    /// Checks what the parser relies on: the classes of each classifier, one finite weight
    /// per class, and decoder weights that are finite, not negative and not all zero.
    fn check(&self) -> Result<(), String> {
        let expected = [
            ("cc", &self.cc, 2),
            ("role", &self.role, 2),
            ("function", &self.function, FUNCTIONS.len()),
            ("attach", &self.attach, 2),
            ("segmenter", &self.segmenter, 2),
        ];
        for (name, c, k) in expected {
            if c.classes.len() != k {
                return Err(format!("`{name}` has {} classes, not {k}", c.classes.len()));
            }
            if let Some((f, _)) = c
                .weights
                .iter()
                .find(|(_, w)| w.len() != k || w.iter().any(|x| !x.is_finite()))
            {
                return Err(format!(
                    "`{name}` has a weight for `{f}` that is not {k} finite numbers"
                ));
            }
        }
        let w = self.weights;
        let ws = [w.cc, w.role, w.function, w.attach];
        if ws.iter().any(|x| !x.is_finite() || *x < 0.0) || ws.iter().sum::<f64>() <= 0.0 {
            return Err("the decoder weights must be finite, not negative and not all zero".into());
        }
        Ok(())
    }

    /// The parser as JSON, one classifier weight table per line group.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string(self).expect("a parser serialises");
        out.push('\n');
        out
    }

    fn index(&mut self) {
        for c in [
            &mut self.cc,
            &mut self.role,
            &mut self.function,
            &mut self.attach,
            &mut self.segmenter,
        ] {
            c.index();
        }
    }

    /// Trains a parser on gold structures.
    pub fn train(texts: &[Structure], training: ParserTraining, trained_on: &str) -> Parser {
        let feats: Vec<TextFeatures> = texts.iter().map(|t| text_features(&t.texts)).collect();
        let mut cc = Vec::new();
        let mut role = Vec::new();
        let mut function = Vec::new();
        let mut attach = Vec::new();
        for (text, f) in texts.iter().zip(&feats) {
            let n = text.len();
            let roles = gold_roles(text);
            for (i, &opponent) in roles.iter().enumerate() {
                let features = &f.units[i];
                cc.push(Example {
                    features,
                    class: usize::from(text.target[i].is_none()),
                });
                role.push(Example {
                    features,
                    class: usize::from(opponent),
                });
                function.push(Example {
                    features,
                    class: function_class(text.target[i]),
                });
                for j in 0..n {
                    if i != j {
                        attach.push(Example {
                            features: &f.pairs[i * n + j],
                            class: usize::from(text.target[i].is_some_and(|(t, _)| t == j)),
                        });
                    }
                }
            }
        }
        Parser {
            trained_on: trained_on.to_string(),
            cc: Classifier::train(&["other", "cc"], &cc, training.unit),
            role: Classifier::train(&["pro", "opp"], &role, training.unit),
            function: Classifier::train(&FUNCTIONS, &function, training.unit),
            attach: Classifier::train(&["no", "yes"], &attach, training.pair),
            segmenter: segment::train(
                &texts.iter().map(|t| t.texts.clone()).collect::<Vec<_>>(),
                Training {
                    balanced: true,
                    ..training.unit
                },
            ),
            weights: training.weights,
            calibration: None,
        }
    }

    /// What the classifiers say about the units `texts` of one text.
    ///
    /// The attachment model is linear, so a pair's score is the bias plus what the source's
    /// unit features add as `s:` plus what the target's add as `t:` plus the pair's own
    /// features: the first two are computed once per unit, not once per pair.
    pub fn evidence(&self, texts: &[String]) -> Evidence {
        let infos: Vec<UnitInfo> = texts.iter().map(|t| UnitInfo::new(t)).collect();
        let n = infos.len();
        let units: Vec<Vec<String>> = (0..n).map(|i| features::unit_features(&infos, i)).collect();
        let f = TextFeatures {
            pairs: Vec::new(),
            units,
        };
        let bias = self.attach.bias();
        let src: Vec<Vec<f64>> = f
            .units
            .iter()
            .map(|u| self.attach.scores(&features::prefixed(u, "s:")))
            .collect();
        let trg: Vec<Vec<f64>> = f
            .units
            .iter()
            .map(|u| self.attach.scores(&features::prefixed(u, "t:")))
            .collect();
        let mut attach = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    let mut s = self.attach.scores(&features::pair_features(&infos, i, j));
                    for (c, x) in s.iter_mut().enumerate() {
                        *x += bias[c] + src[i][c] + trg[j][c];
                    }
                    super::model::softmax(&mut s);
                    attach[i * n + j] = s[1];
                }
            }
        }
        Evidence {
            cc: f
                .units
                .iter()
                .map(|u| self.cc.probabilities(u)[1])
                .collect(),
            opponent: f
                .units
                .iter()
                .map(|u| self.role.probabilities(u)[1])
                .collect(),
            function: f
                .units
                .iter()
                .map(|u| {
                    let p = self.function.probabilities(u);
                    [p[0], p[1], p[2], p[3]]
                })
                .collect(),
            attach,
        }
    }

    /// Maps the raw confidences of `tree` to calibrated probabilities, if the parser has a
    /// calibration.
    pub fn calibrate(&self, tree: &mut Tree) {
        if let Some(c) = &self.calibration {
            c.calibrate(tree);
        }
    }

    /// The argument tree of a text given as its units.
    pub fn parse(&self, texts: &[String]) -> Tree {
        decode::decode(&self.evidence(texts), self.weights)
    }

    /// Like [`Parser::parse`], with the central claim chosen among the units `root_allowed`
    /// marks (any unit when it marks none).
    pub fn parse_with_roots(&self, texts: &[String], root_allowed: &[bool]) -> Tree {
        decode::decode_with_roots(&self.evidence(texts), self.weights, root_allowed)
    }
}

/// Roles implied by a gold structure (the central claim is the proponent's; attacks switch).
pub fn gold_roles(text: &Structure) -> Vec<bool> {
    gold_tree(text).opponent
}

/// A corpus structure as a decoded tree: its relations, the roles they imply, full
/// confidence.
pub fn gold_tree(text: &Structure) -> Tree {
    let target: Vec<Option<(usize, Kind)>> = text
        .target
        .iter()
        .map(|t| t.map(|(j, f)| (j, kind_of(f))))
        .collect();
    Tree {
        root: text.central_claim().unwrap_or(0),
        opponent: decode::roles(&target),
        confidence: vec![1.0; target.len()],
        target,
    }
}

/// The decoder's kind of a corpus function.
pub fn kind_of(f: Function) -> Kind {
    match f {
        Function::Support => Kind::Support,
        Function::Rebut => Kind::Rebut,
        Function::Undercut => Kind::Undercut,
    }
}

/// The corpus function of a decoder kind.
pub fn function_of(k: Kind) -> Function {
    match k {
        Kind::Support => Function::Support,
        Kind::Rebut => Function::Rebut,
        Kind::Undercut => Function::Undercut,
    }
}
