//! A sequence tagger: a structured averaged perceptron (Collins 2002) over sparse string
//! features with first-order tag transitions, decoded by Viterbi under a constraint on which
//! tag may follow which. Deterministic and serialisable.

use std::collections::BTreeMap;

use foldhash::HashMap;
use serde::{Deserialize, Serialize};

/// Which tag may follow which: `allowed(prev, tag)`, `prev` is `None` at the start.
pub type Allowed = fn(Option<usize>, usize) -> bool;

/// A trained tagger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tagger {
    /// Tag names.
    pub tags: Vec<String>,
    /// Transition weights: one row per previous tag, then one for the start; a weight per tag.
    pub transitions: Vec<Vec<f32>>,
    /// Weights per feature, one per tag; near-zero ones are dropped.
    pub weights: BTreeMap<String, Vec<f32>>,
    #[serde(skip)]
    lookup: HashMap<String, usize>,
    #[serde(skip)]
    table: Vec<f32>,
}

/// A training sequence: per token, its feature ids (into a shared name list), and its tags.
pub struct Sequence {
    /// Feature ids per token.
    pub features: Vec<Vec<u32>>,
    /// Gold tag per token.
    pub tags: Vec<usize>,
}

/// Weights smaller than this (after averaging) are left out of the saved tagger.
const PRUNE: f64 = 0.01;

/// Viterbi over emission scores `emit[t][y]` and transitions `trans[prev][y]` (row `k` is
/// the start), honouring `allowed`.
fn viterbi(emit: &[Vec<f64>], trans: &[Vec<f64>], allowed: Allowed) -> Vec<usize> {
    let n = emit.len();
    if n == 0 {
        return Vec::new();
    }
    let k = emit[0].len();
    let mut score = vec![vec![f64::NEG_INFINITY; k]; n];
    let mut back = vec![vec![0usize; k]; n];
    for y in 0..k {
        if allowed(None, y) {
            score[0][y] = emit[0][y] + trans[k][y];
        }
    }
    for t in 1..n {
        for y in 0..k {
            let mut best = f64::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..k {
                if !allowed(Some(p), y) || score[t - 1][p] == f64::NEG_INFINITY {
                    continue;
                }
                let s = score[t - 1][p] + trans[p][y];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            score[t][y] = best + emit[t][y];
            back[t][y] = arg;
        }
    }
    let mut y = (0..k)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]).then(b.cmp(&a)))
        .unwrap_or(0);
    let mut out = vec![0; n];
    for t in (0..n).rev() {
        out[t] = y;
        y = back[t][y];
    }
    out
}

impl Tagger {
    /// Trains for `epochs` passes over `data` in order; `names[id]` is feature `id`.
    pub fn train(
        tags: &[&str],
        names: &[String],
        data: &[&Sequence],
        epochs: usize,
        allowed: Allowed,
    ) -> Tagger {
        let k = tags.len();
        let dim = names.len();
        let mut w = vec![0f64; dim * k];
        let mut acc = vec![0f64; dim * k];
        let mut tw = vec![0f64; (k + 1) * k];
        let mut tacc = vec![0f64; (k + 1) * k];
        let mut c = 1f64;
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for epoch in 0..epochs {
            // A fixed pseudo-random order per epoch after the first (deterministic).
            if epoch > 0 {
                for i in (1..order.len()).rev() {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    let j = ((seed >> 33) % (i as u64 + 1)) as usize;
                    order.swap(i, j);
                }
            }
            for &o in &order {
                let seq = data[o];
                let emit: Vec<Vec<f64>> = seq
                    .features
                    .iter()
                    .map(|fs| {
                        (0..k)
                            .map(|y| fs.iter().map(|&f| w[f as usize * k + y]).sum())
                            .collect()
                    })
                    .collect();
                let trans: Vec<Vec<f64>> = (0..=k).map(|p| tw[p * k..p * k + k].to_vec()).collect();
                let pred = viterbi(&emit, &trans, allowed);
                if pred != seq.tags {
                    for t in 0..pred.len() {
                        let (g, p) = (seq.tags[t], pred[t]);
                        if g != p {
                            for &f in &seq.features[t] {
                                let f = f as usize;
                                w[f * k + g] += 1.0;
                                acc[f * k + g] += c;
                                w[f * k + p] -= 1.0;
                                acc[f * k + p] -= c;
                            }
                        }
                        let gp = if t == 0 { k } else { seq.tags[t - 1] };
                        let pp = if t == 0 { k } else { pred[t - 1] };
                        if (gp, g) != (pp, p) {
                            tw[gp * k + g] += 1.0;
                            tacc[gp * k + g] += c;
                            tw[pp * k + p] -= 1.0;
                            tacc[pp * k + p] -= c;
                        }
                    }
                }
                c += 1.0;
            }
        }
        let avg = |w: f64, a: f64| w - a / c;
        let mut weights = BTreeMap::new();
        for (f, name) in names.iter().enumerate() {
            let ws: Vec<f64> = (0..k).map(|y| avg(w[f * k + y], acc[f * k + y])).collect();
            if ws.iter().any(|x| x.abs() > PRUNE) {
                weights.insert(name.clone(), round(&ws));
            }
        }
        let transitions = (0..=k)
            .map(|p| {
                round(
                    &(0..k)
                        .map(|y| avg(tw[p * k + y], tacc[p * k + y]))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let mut tagger = Tagger {
            tags: tags.iter().map(|t| t.to_string()).collect(),
            transitions,
            weights,
            lookup: HashMap::default(),
            table: Vec::new(),
        };
        tagger.index();
        tagger
    }

    /// Builds the lookup table; needed after deserialising.
    pub fn index(&mut self) {
        (self.lookup, self.table) = super::model::weight_table(&self.weights, self.tags.len());
    }

    /// The best tag sequence for tokens with the given features.
    pub fn tag(&self, features: &[Vec<String>], allowed: Allowed) -> Vec<usize> {
        let k = self.tags.len();
        let emit: Vec<Vec<f64>> = features
            .iter()
            .map(|fs| {
                let mut e = vec![0f64; k];
                for f in fs {
                    if let Some(&row) = self.lookup.get(f.as_str()) {
                        for (y, x) in e.iter_mut().enumerate() {
                            *x += f64::from(self.table[row * k + y]);
                        }
                    }
                }
                e
            })
            .collect();
        let trans: Vec<Vec<f64>> = (0..=k)
            .map(|p| {
                (0..k)
                    .map(|y| {
                        self.transitions
                            .get(p)
                            .and_then(|r| r.get(y))
                            .map_or(0.0, |&x| f64::from(x))
                    })
                    .collect()
            })
            .collect();
        viterbi(&emit, &trans, allowed)
    }
}

fn round(ws: &[f64]) -> Vec<f32> {
    ws.iter()
        .map(|&x| ((x * 1000.0).round() / 1000.0) as f32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// B, I, O with I never after O or at the start.
    fn bio(prev: Option<usize>, tag: usize) -> bool {
        tag != 1 || matches!(prev, Some(0 | 1))
    }

    #[test]
    fn learns_spans_after_a_lead_in_and_respects_the_constraint() {
        // Tags: 0 = B, 1 = I, 2 = O. "i think X Y ." -> O O B I O.
        let mut names: Vec<String> = Vec::new();
        let id = |s: String, names: &mut Vec<String>| -> u32 {
            if let Some(p) = names.iter().position(|n| *n == s) {
                p as u32
            } else {
                names.push(s);
                (names.len() - 1) as u32
            }
        };
        let sents = [
            (
                vec!["i", "think", "cats", "sleep", "."],
                vec![2, 2, 0, 1, 2],
            ),
            (vec!["dogs", "bark", "loudly", "."], vec![0, 1, 1, 2]),
            (
                vec!["i", "think", "birds", "sing", "well", "."],
                vec![2, 2, 0, 1, 1, 2],
            ),
        ];
        let mut data = Vec::new();
        for (words, tags) in &sents {
            let features = (0..words.len())
                .map(|t| {
                    let prev = if t == 0 { "<s>" } else { words[t - 1] };
                    vec![
                        id(format!("w={}", words[t]), &mut names),
                        id(format!("p={prev}"), &mut names),
                    ]
                })
                .collect();
            data.push(Sequence {
                features,
                tags: tags.clone(),
            });
        }
        let refs: Vec<&Sequence> = data.iter().collect();
        let tagger = Tagger::train(&["B", "I", "O"], &names, &refs, 10, bio);
        let json = serde_json::to_string(&tagger).unwrap();
        let mut back: Tagger = serde_json::from_str(&json).unwrap();
        back.index();
        let words = ["i", "think", "fish", "swim", "."];
        let features: Vec<Vec<String>> = (0..words.len())
            .map(|t| {
                let prev = if t == 0 { "<s>" } else { words[t - 1] };
                vec![format!("w={}", words[t]), format!("p={prev}")]
            })
            .collect();
        let tags = back.tag(&features, bio);
        assert_eq!(tags[..3], [2, 2, 0], "{tags:?}");
        for t in 0..tags.len() {
            assert!(bio(if t == 0 { None } else { Some(tags[t - 1]) }, tags[t]));
        }
    }
}
