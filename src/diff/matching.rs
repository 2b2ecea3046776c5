//! Which claim of the old map is which claim of the new one.
//!
//! By title first (Argdown's identity: same title, same statement), never for generated
//! `Untitled N` titles; then leftover claims with the same words in their text (a rename);
//! then leftover claims with the most similar text (a reword of an untitled claim).

use std::collections::HashMap;

use crate::analysis::resolve::words;
use crate::analysis::{Claim, Dialectic};
use crate::model::{ArgumentGraph, ElementId};

/// Leftover claims compared pairwise by similar text, at most (per side, per kind).
const MAX_PAIRWISE: usize = 3_000;
/// Least word overlap (Jaccard) for two texts to count as the same claim reworded.
const MIN_SIMILARITY: f64 = 0.5;

/// The matching, both ways.
#[derive(Clone, Debug)]
pub(crate) struct Matching {
    pub old_to_new: Vec<Option<Claim>>,
    pub new_to_old: Vec<Option<Claim>>,
}

fn is_argument(id: ElementId) -> bool {
    matches!(id, ElementId::Argument(_))
}

fn untitled(graph: &ArgumentGraph, id: ElementId) -> bool {
    match id {
        ElementId::Statement(s) => graph.statement(s).is_untitled,
        ElementId::Argument(a) => graph.argument(a).is_untitled,
    }
}

pub(crate) fn match_claims(
    old: &ArgumentGraph,
    old_view: &Dialectic,
    new: &ArgumentGraph,
    new_view: &Dialectic,
) -> Matching {
    let mut m = Matching {
        old_to_new: vec![None; old_view.len()],
        new_to_old: vec![None; new_view.len()],
    };
    let pair = |m: &mut Matching, o: Claim, n: Claim| {
        m.old_to_new[o as usize] = Some(n);
        m.new_to_old[n as usize] = Some(o);
    };
    // 1. Titles.
    for o in 0..old_view.len() as Claim {
        let id = old_view.element(o);
        if untitled(old, id) {
            continue;
        }
        let found = match id {
            ElementId::Statement(s) => new
                .statement_id(&old.statement(s).title)
                .map(ElementId::from),
            ElementId::Argument(a) => new.argument_id(&old.argument(a).title).map(ElementId::from),
        };
        if let Some(nid) = found
            && !untitled(new, nid)
        {
            pair(&mut m, o, new_view.claim(nid));
        }
    }
    // 2. Identical words in the text, when exactly one leftover on each side has them.
    // An argument's key also holds its structure (untitled arguments often have no text).
    let key = |graph: &ArgumentGraph, id: ElementId| {
        let mut key = words(graph.text(id)).join(" ");
        if let ElementId::Argument(a) = id {
            let argument = graph.argument(a);
            for p in argument.premises() {
                key.push_str(" | ");
                key.push_str(&graph.statement(p).title);
            }
            if let Some(c) = argument.conclusion() {
                key.push_str(" => ");
                key.push_str(&graph.statement(c).title);
            }
        }
        (is_argument(id), key)
    };
    let mut old_by_text: HashMap<(bool, String), Vec<Claim>> = HashMap::new();
    for o in 0..old_view.len() as Claim {
        let id = old_view.element(o);
        let k = key(old, id);
        if m.old_to_new[o as usize].is_none() && !k.1.is_empty() {
            old_by_text.entry(k).or_default().push(o);
        }
    }
    let mut new_by_text: HashMap<(bool, String), Vec<Claim>> = HashMap::new();
    for n in 0..new_view.len() as Claim {
        let id = new_view.element(n);
        let k = key(new, id);
        if m.new_to_old[n as usize].is_none() && !k.1.is_empty() {
            new_by_text.entry(k).or_default().push(n);
        }
    }
    for (k, olds) in &old_by_text {
        if let Some(news) = new_by_text.get(k) {
            // Several identical texts: pair them in source order.
            for (&o, &n) in olds.iter().zip(news) {
                pair(&mut m, o, n);
            }
        }
    }
    // 3. Most similar text among the rest, greedily, best pairs first.
    for argument in [false, true] {
        let left: Vec<Claim> = (0..old_view.len() as Claim)
            .filter(|&o| {
                m.old_to_new[o as usize].is_none() && is_argument(old_view.element(o)) == argument
            })
            .collect();
        let right: Vec<Claim> = (0..new_view.len() as Claim)
            .filter(|&n| {
                m.new_to_old[n as usize].is_none() && is_argument(new_view.element(n)) == argument
            })
            .collect();
        if left.is_empty()
            || right.is_empty()
            || left.len() > MAX_PAIRWISE
            || right.len() > MAX_PAIRWISE
        {
            continue;
        }
        let bag = |graph: &ArgumentGraph, id: ElementId| {
            let mut w = words(graph.text(id));
            w.sort_unstable();
            w.dedup();
            w
        };
        let left_words: Vec<Vec<String>> = left
            .iter()
            .map(|&o| bag(old, old_view.element(o)))
            .collect();
        let right_words: Vec<Vec<String>> = right
            .iter()
            .map(|&n| bag(new, new_view.element(n)))
            .collect();
        let mut scored = Vec::new();
        for (i, a) in left_words.iter().enumerate() {
            for (j, b) in right_words.iter().enumerate() {
                let shared = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
                let union = a.len() + b.len() - shared;
                if union > 0 {
                    let sim = shared as f64 / union as f64;
                    if sim >= MIN_SIMILARITY {
                        scored.push((sim, i, j));
                    }
                }
            }
        }
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        for (_, i, j) in scored {
            let (o, n) = (left[i], right[j]);
            if m.old_to_new[o as usize].is_none() && m.new_to_old[n as usize].is_none() {
                pair(&mut m, o, n);
            }
        }
    }
    m
}
