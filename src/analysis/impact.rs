//! Graded crux scores: how far a conclusion's strength under a gradual semantics moves
//! when one claim is removed from the map, or its base score is set to 0 and to 1.
//!
//! Owns the counterfactual evaluation only; which semantics and base scores to use is the
//! caller's, and ranking and explanations are in `cruxes`.
//!
//! Definitions, for a conclusion `C` with strength `σ(C)`:
//!
//! - *removal effect* of `x`: `σ(C) − σ₋ₓ(C)`, where `σ₋ₓ` is the evaluation of the map
//!   without `x`. Under all three semantics a parent of strength 0 adds nothing (0 energy,
//!   a factor `1 − 0` in DF-QuAD's products), so removing `x` is pinning its strength to 0.
//!   What reaches `C` only through `x` (its "subtree") then reaches it no more, so removing
//!   `x` alone and removing `x` with its subtree give the same effect on `C`.
//! - *flip effect* of `x`: `σ(C)` with `x`'s base score at 1 minus `σ(C)` with it at 0, how
//!   much `C` turns on whether `x` is believed.
//!
//! Computed for every claim without evaluating the map again per claim: a change to `x`
//! can only move the claims it reaches, so it is propagated from `x` towards `C` in
//! evaluation order, through claims that can reach `C`, and stops where the change dies
//! out. A claim outside a cycle takes the change through its stored aggregate (one parent's
//! contribution swapped: O(1)); a cycle on the way is settled again. Settling is bounded:
//! one question (all claims for one conclusion) may spend at most [`SETTLE_BUDGET`] claim
//! updates on cycles; claims whose change would need more are left unscored (NaN) rather
//! than letting a large cycle make the question quadratic.
//!
//! # Complexity
//! For all claims: O(claims + relations) to find those that reach `C`, plus, per claim,
//! the relations leaving the claims between it and `C`. On a tree that is the sum of the
//! depths, O(claims · depth); cycles on the way add their settling.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::analysis::semantics::{Aggregate, Bipolar, GradualOptions, GradualSemantics};
use crate::analysis::view::Claim;

/// Claim updates (one claim's strength computed again from its parents) that one question
/// may spend settling cycles again, about a second of work.
pub const SETTLE_BUDGET: u64 = 20_000_000;

/// How a claim is changed to measure what the conclusion turns on it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Change {
    /// The claim is removed (its strength pinned to 0).
    Remove,
    /// The claim's base score is set to this value.
    Base(f64),
}

/// A map evaluated once, ready to answer "what if this claim changed?".
#[derive(Debug)]
pub struct Impact<'a> {
    graph: &'a Bipolar,
    semantics: GradualSemantics,
    base: &'a [f64],
    strengths: &'a [f64],
    options: GradualOptions,
    /// The aggregate of every claim's parents at `strengths`.
    aggregates: Cow<'a, [Aggregate]>,
    /// Claim updates one question may spend settling cycles again.
    budget: u64,
}

/// Scratch space reused between counterfactuals and between conclusions, so that a
/// question costs what it touches rather than the size of the map.
#[derive(Debug)]
pub struct Scratch {
    reach_round: Vec<u64>,
    reached: Vec<Claim>,
    queue: VecDeque<Claim>,
    values: Vec<f64>,
    base: Vec<f64>,
    pending: Vec<Aggregate>,
    pending_round: Vec<u64>,
    queued_round: Vec<u64>,
    round: u64,
    touched: Vec<Claim>,
    heap: BinaryHeap<Reverse<u32>>,
    settle: Vec<f64>,
    /// Claim updates spent settling cycles in this question.
    spent: u64,
}

impl<'a> Impact<'a> {
    /// Prepares counterfactuals over `graph` evaluated to `strengths` from `base`.
    ///
    /// # Complexity
    /// O(claims + relations).
    pub fn new(
        graph: &'a Bipolar,
        semantics: GradualSemantics,
        base: &'a [f64],
        strengths: &'a [f64],
        options: GradualOptions,
    ) -> Self {
        Impact {
            graph,
            semantics,
            base,
            strengths,
            options,
            aggregates: Cow::Owned(aggregates(graph, strengths)),
            budget: SETTLE_BUDGET,
        }
    }

    /// Like [`Impact::new`], with the aggregates computed earlier by [`aggregates`].
    pub(crate) fn with_aggregates(
        graph: &'a Bipolar,
        semantics: GradualSemantics,
        base: &'a [f64],
        strengths: &'a [f64],
        options: GradualOptions,
        aggregates: &'a [Aggregate],
    ) -> Self {
        Impact {
            graph,
            semantics,
            base,
            strengths,
            options,
            aggregates: Cow::Borrowed(aggregates),
            budget: SETTLE_BUDGET,
        }
    }

    /// With another budget for settling cycles (default [`SETTLE_BUDGET`]).
    pub fn with_settle_budget(mut self, budget: u64) -> Self {
        self.budget = budget;
        self
    }

    /// For every claim, the change in `conclusion`'s strength that `measure` gives
    /// (see the module documentation); 0 for claims that do not reach it, and for the
    /// conclusion itself.
    pub fn effects(&self, conclusion: Claim, measure: Measure) -> Vec<f64> {
        let mut out = vec![0.0; self.graph.len()];
        for (c, e) in self.effects_with(&mut self.scratch(), conclusion, measure) {
            out[c as usize] = e;
        }
        out
    }

    /// The effect of every claim that reaches `conclusion` (itself excluded), in order of
    /// distance, reusing `scratch` (from [`Impact::scratch`]). NaN for a claim whose change
    /// would pass through cycles after the settling budget is spent.
    pub fn effects_with(
        &self,
        scratch: &mut Scratch,
        conclusion: Claim,
        measure: Measure,
    ) -> Vec<(Claim, f64)> {
        self.reach(scratch, conclusion);
        scratch.spent = 0;
        let before = self.strengths[conclusion as usize];
        let reached = std::mem::take(&mut scratch.reached);
        let out = reached
            .iter()
            .skip(1)
            .map(|&x| {
                let effect = match measure {
                    Measure::Removal => before - self.run(scratch, conclusion, x, Change::Remove),
                    Measure::Flip => {
                        self.run(scratch, conclusion, x, Change::Base(1.0))
                            - self.run(scratch, conclusion, x, Change::Base(0.0))
                    }
                    Measure::OwnStrength => self.strengths[x as usize],
                };
                (x, effect)
            })
            .collect();
        scratch.reached = reached;
        out
    }

    /// Marks the claims that reach `conclusion` through relations (itself first) in
    /// `scratch.reached` and `scratch.reach_round`.
    fn reach(&self, s: &mut Scratch, conclusion: Claim) {
        s.round += 1;
        let round = s.round;
        s.reached.clear();
        s.reach_round[conclusion as usize] = round;
        s.reached.push(conclusion);
        s.queue.push_back(conclusion);
        while let Some(c) = s.queue.pop_front() {
            for (p, _) in self.graph.parents(c) {
                if s.reach_round[p as usize] != round {
                    s.reach_round[p as usize] = round;
                    s.reached.push(p);
                    s.queue.push_back(p);
                }
            }
        }
    }

    /// The strength of `conclusion` after one claim is changed.
    pub fn what_if(&self, conclusion: Claim, claim: Claim, change: Change) -> f64 {
        self.what_if_with(&mut self.scratch(), conclusion, claim, change)
    }

    /// Like [`Impact::what_if`], reusing `scratch`.
    pub fn what_if_with(
        &self,
        scratch: &mut Scratch,
        conclusion: Claim,
        claim: Claim,
        change: Change,
    ) -> f64 {
        self.reach(scratch, conclusion);
        scratch.spent = 0;
        self.run(scratch, conclusion, claim, change)
    }

    /// Scratch space for this map.
    pub fn scratch(&self) -> Scratch {
        let n = self.graph.len();
        Scratch {
            reach_round: vec![0; n],
            reached: Vec::new(),
            queue: VecDeque::new(),
            values: self.strengths.to_vec(),
            base: self.base.to_vec(),
            pending: vec![Aggregate::default(); n],
            pending_round: vec![0; n],
            queued_round: vec![0; self.graph.cyclic.len()],
            round: 0,
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            settle: Vec::new(),
            spent: 0,
        }
    }

    /// Applies `change` to `x`, propagates it towards `conclusion` and returns the
    /// conclusion's new strength (NaN if a cycle on the way could not be settled within
    /// the budget); the scratch is restored afterwards.
    fn run(&self, s: &mut Scratch, conclusion: Claim, x: Claim, change: Change) -> f64 {
        let g = self.graph;
        // The round of the last `reach`: claims marked with it reach the conclusion.
        let reach = s.reach_round[conclusion as usize];
        s.round += 1;
        let round = s.round;
        let pinned = match change {
            Change::Remove => Some(x),
            Change::Base(b) => {
                s.base[x as usize] = b;
                None
            }
        };
        let kx = g.component[x as usize];
        if g.cyclic[kx as usize] {
            if pinned.is_some() {
                s.values[x as usize] = 0.0;
                s.touched.push(x);
            }
            s.queued_round[kx as usize] = round;
            s.heap.push(Reverse(kx));
        } else {
            let new = match change {
                Change::Remove => 0.0,
                Change::Base(b) => self.semantics.strength(b, &self.aggregates[x as usize]),
            };
            self.set(s, reach, x, new, round);
        }
        let mut abandoned = false;
        while let Some(Reverse(k)) = s.heap.pop() {
            if abandoned {
                continue;
            }
            let members = &g.components[k as usize];
            if !g.cyclic[k as usize] {
                let c = members[0];
                let new = self
                    .semantics
                    .strength(s.base[c as usize], &s.pending[c as usize]);
                self.set(s, reach, c, new, round);
                continue;
            }
            // A cycle: settle it again from its current values with the new inputs, if the
            // budget allows.
            if s.spent >= self.budget {
                abandoned = true;
                continue;
            }
            let before: Vec<f64> = members.iter().map(|&c| s.values[c as usize]).collect();
            let mut values = std::mem::take(&mut s.values);
            let free: Vec<Claim> = members
                .iter()
                .copied()
                .filter(|&c| Some(c) != pinned)
                .collect();
            let size = members.len() as u64
                + members
                    .iter()
                    .map(|&c| g.parents(c).count() as u64)
                    .sum::<u64>();
            let rounds = (self.budget.saturating_sub(s.spent) / size.max(1))
                .min(u64::from(self.options.max_rounds)) as u32;
            let options = GradualOptions {
                max_rounds: rounds,
                ..self.options
            };
            let (used, unsettled) = g.settle(
                &free,
                self.semantics,
                &s.base,
                &mut values,
                options,
                &mut s.settle,
            );
            s.values = values;
            s.spent += u64::from(used) * size;
            for &c in members {
                s.touched.push(c);
            }
            if rounds == 0 || (unsettled.is_some() && rounds < self.options.max_rounds) {
                // Out of budget: this claim stays unscored.
                abandoned = true;
                continue;
            }
            for (&c, &old) in members.iter().zip(&before) {
                let new = s.values[c as usize];
                s.touched.push(c);
                if Some(c) == pinned || new != old {
                    self.set(s, reach, c, new, round);
                }
            }
        }
        let result = if abandoned {
            f64::NAN
        } else {
            s.values[conclusion as usize]
        };
        for c in s.touched.drain(..) {
            s.values[c as usize] = self.strengths[c as usize];
        }
        s.base[x as usize] = self.base[x as usize];
        result
    }

    /// Gives `c` its new strength and passes the change to the claims it influences that
    /// reach the conclusion, outside its own cycle.
    fn set(&self, s: &mut Scratch, reach: u64, c: Claim, new: f64, round: u64) {
        let g = self.graph;
        s.values[c as usize] = new;
        s.touched.push(c);
        // Each claim is set at most once per change (components are visited in evaluation
        // order, once each), so what its children's stored aggregates hold is its stored
        // strength.
        let stored = self.strengths[c as usize];
        if new == stored {
            return;
        }
        let kc = g.component[c as usize];
        for (w, attack) in g.children(c) {
            if s.reach_round[w as usize] != reach {
                continue;
            }
            let kw = g.component[w as usize];
            if kw == kc {
                continue;
            }
            if !g.cyclic[kw as usize] {
                if s.pending_round[w as usize] != round {
                    s.pending_round[w as usize] = round;
                    s.pending[w as usize] = self.aggregates[w as usize];
                }
                s.pending[w as usize].remove(attack, stored);
                s.pending[w as usize].add(attack, new);
            }
            if s.queued_round[kw as usize] != round {
                s.queued_round[kw as usize] = round;
                s.heap.push(Reverse(kw));
            }
        }
    }
}

/// The aggregate of every claim's parents at `strengths`.
pub(crate) fn aggregates(graph: &Bipolar, strengths: &[f64]) -> Vec<Aggregate> {
    (0..graph.len() as Claim)
        .map(|c| graph.aggregate(c, strengths))
        .collect()
}

/// Which counterfactual a crux score measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Measure {
    /// The conclusion's strength minus its strength without the claim.
    #[default]
    Removal,
    /// The conclusion's strength with the claim's base score at 1 minus at 0.
    Flip,
    /// Not a counterfactual: the claim's own strength, for comparison.
    OwnStrength,
}

impl Measure {
    /// `removal`, `flip` or `own-strength`.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Removal => "removal",
            Measure::Flip => "flip",
            Measure::OwnStrength => "own-strength",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [GradualSemantics; 3] = [
        GradualSemantics::QuadraticEnergy,
        GradualSemantics::DfQuad,
        GradualSemantics::Euler,
    ];

    /// The conclusion's strength with `x` removed, by building the smaller map.
    fn without(
        n: usize,
        attacks: &[(Claim, Claim)],
        supports: &[(Claim, Claim)],
        x: Claim,
        semantics: GradualSemantics,
        base: &[f64],
    ) -> Vec<f64> {
        let keep = |&&(a, b): &&(Claim, Claim)| a != x && b != x;
        let a: Vec<_> = attacks.iter().filter(keep).copied().collect();
        let s: Vec<_> = supports.iter().filter(keep).copied().collect();
        Bipolar::new(n, &a, &s)
            .evaluate(semantics, base, GradualOptions::default())
            .values
    }

    #[test]
    fn removal_effects_equal_evaluating_the_smaller_map() {
        // 0 ← 1 (support), 0 ← 2 (attack), 1 ← 3 (attack), 1 ← 4 (support), 4 → 2
        // (attack), 2 ⇄ 5 (mutual attack: a cycle on the way).
        let attacks = [(2, 0), (3, 1), (4, 2), (2, 5), (5, 2)];
        let supports = [(1, 0), (4, 1)];
        let base = [0.5, 0.6, 0.4, 0.7, 0.5, 0.3];
        let g = Bipolar::new(6, &attacks, &supports);
        for semantics in ALL {
            let strengths = g.evaluate(semantics, &base, GradualOptions::default());
            let impact = Impact::new(
                &g,
                semantics,
                &base,
                &strengths.values,
                GradualOptions::default(),
            );
            let effects = impact.effects(0, Measure::Removal);
            for x in 1..6 {
                let expected =
                    strengths.values[0] - without(6, &attacks, &supports, x, semantics, &base)[0];
                assert!(
                    (effects[x as usize] - expected).abs() < 1e-6,
                    "{semantics:?}: removing {x}: {} vs {expected}",
                    effects[x as usize]
                );
            }
        }
    }

    #[test]
    fn flip_effects_equal_evaluating_with_the_base_score_changed() {
        let attacks = [(2, 0), (3, 1)];
        let supports = [(1, 0), (4, 1)];
        let base = [0.5, 0.6, 0.4, 0.7, 0.5];
        let g = Bipolar::new(5, &attacks, &supports);
        for semantics in ALL {
            let strengths = g.evaluate(semantics, &base, GradualOptions::default());
            let impact = Impact::new(
                &g,
                semantics,
                &base,
                &strengths.values,
                GradualOptions::default(),
            );
            let effects = impact.effects(0, Measure::Flip);
            for x in 1..5 {
                let at = |b: f64| {
                    let mut changed = base.to_vec();
                    changed[x] = b;
                    g.evaluate(semantics, &changed, GradualOptions::default())
                        .values[0]
                };
                assert!(
                    (effects[x] - (at(1.0) - at(0.0))).abs() < 1e-12,
                    "{semantics:?} {x}"
                );
            }
        }
    }

    #[test]
    fn a_cycle_too_large_for_the_budget_leaves_far_claims_unscored() {
        // A ring of 40 supports feeding claim 0, which supports the conclusion 40.
        let n = 41;
        let mut supports: Vec<(Claim, Claim)> = (1..40).map(|i| (i, i - 1)).collect();
        supports.push((0, 39));
        supports.push((0, 40));
        let g = Bipolar::new(n, &[], &supports);
        let base = vec![0.5; n];
        let options = GradualOptions::default();
        let strengths = g.evaluate(GradualSemantics::QuadraticEnergy, &base, options);
        let impact = Impact::new(
            &g,
            GradualSemantics::QuadraticEnergy,
            &base,
            &strengths.values,
            options,
        )
        .with_settle_budget(20_000);
        let effects = impact.effects(40, Measure::Removal);
        let unscored = effects.iter().filter(|e| e.is_nan()).count();
        assert!(unscored > 0 && unscored < 40, "{unscored}");
        // The nearest claim is scored first and correctly.
        let full = Impact::new(
            &g,
            GradualSemantics::QuadraticEnergy,
            &base,
            &strengths.values,
            options,
        )
        .effects(40, Measure::Removal);
        assert!((effects[0] - full[0]).abs() < 1e-12);
        assert!(full.iter().all(|e| !e.is_nan()));
    }

    #[test]
    fn claims_that_do_not_reach_the_conclusion_score_zero() {
        // 1 supports 0; 2 attacks 1; 3 is attacked by 0 (downstream only).
        let g = Bipolar::new(4, &[(2, 1), (0, 3)], &[(1, 0)]);
        let base = [0.5; 4];
        let strengths = g.evaluate(
            GradualSemantics::QuadraticEnergy,
            &base,
            GradualOptions::default(),
        );
        let impact = Impact::new(
            &g,
            GradualSemantics::QuadraticEnergy,
            &base,
            &strengths.values,
            GradualOptions::default(),
        );
        let effects = impact.effects(0, Measure::Removal);
        assert_eq!(effects[3], 0.0);
        assert!(
            effects[1] > 0.0,
            "a supporter's removal lowers the conclusion"
        );
        assert!(
            effects[2] < 0.0,
            "an attacker of a supporter helps by its absence"
        );
    }
}
