//! Gradual semantics over a map: a strength in [0, 1] for every claim, from base scores
//! and the strengths of its supporters and attackers. Owns the bipolar graph they read,
//! the evaluation order, the method for cycles and reading base scores from claim data;
//! the influence function of each semantics lives in its own file.
//!
//! **Reading of the map.** Built from the same [`Framework`] as the acceptance semantics,
//! under its *necessary* reading of support: a claim is raised by what it needs, its
//! reasons. So a support relation raises its target, a premise raises its argument, and an
//! argument raises its main conclusion; attacks and undercuts lower their target, and
//! contradictions and contrariness lower both sides. (Read deductively, an argument would
//! "support" its premises, which for a strength means the wrong way round.)
//!
//! **Order.** Claims are grouped into strongly connected components of influence (support
//! and attack together). Components are evaluated parents first; a component of one claim
//! that does not influence itself is computed once from its parents' final strengths, so
//! an acyclic map takes one topological pass.
//!
//! **Cycles.** A cyclic component is evaluated by the continuous method of Potyka (KR
//! 2018): the strengths follow `ds/dt = f(s) − s` from their base scores, integrated with
//! Euler steps of size [`GradualOptions::step`] until no claim's update `|f(s) − s|` exceeds
//! [`GradualOptions::tolerance`], for at most [`GradualOptions::max_rounds`] steps. A
//! component that has not converged by then keeps its last strengths and is reported in
//! [`Strengths::unconverged`]; evaluation never loops without bound.

use serde_json::Value;
use thiserror::Error;

use super::framework::{Framework, Lists, SupportReading};
use super::{df_quad, euler, quadratic_energy};
use crate::analysis::resolve::element_ref;
use crate::analysis::view::{Claim, Dialectic};
use crate::model::{ArgumentGraph, ElementId, Location};

/// Which gradual semantics to evaluate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GradualSemantics {
    /// Quadratic energy (Potyka 2018).
    QuadraticEnergy,
    /// DF-QuAD (Rago et al. 2016).
    DfQuad,
    /// Euler-based (Amgoud and Ben-Naim 2018).
    Euler,
}

impl GradualSemantics {
    /// `quadratic-energy`, `df-quad` or `euler`.
    pub fn name(self) -> &'static str {
        match self {
            GradualSemantics::QuadraticEnergy => "quadratic-energy",
            GradualSemantics::DfQuad => "df-quad",
            GradualSemantics::Euler => "euler",
        }
    }

    /// A claim's strength from its base score and what its parents add up to.
    pub(crate) fn strength(self, base: f64, parents: &Aggregate) -> f64 {
        match self {
            GradualSemantics::QuadraticEnergy => quadratic_energy::strength(base, parents.energy),
            GradualSemantics::Euler => euler::strength(base, parents.energy),
            GradualSemantics::DfQuad => {
                df_quad::strength(base, parents.attack.value(), parents.support.value())
            }
        }
    }
}

/// Bounds of the continuous method on cycles.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradualOptions {
    /// Converged when no claim's update `|f(s) − s|` exceeds this (default 1e-9).
    pub tolerance: f64,
    /// Euler steps per cyclic component at most (default 10,000).
    pub max_rounds: u32,
    /// Step size of the Euler method, in (0, 1] (default 0.5; 1 is plain iteration).
    pub step: f64,
}

impl Default for GradualOptions {
    fn default() -> Self {
        GradualOptions {
            tolerance: 1e-9,
            max_rounds: 10_000,
            step: 0.5,
        }
    }
}

/// A cyclic component whose strengths were still moving when the step limit was reached.
#[derive(Clone, Debug, PartialEq)]
pub struct Unconverged {
    /// The claims of the cycle, in order.
    pub claims: Vec<Claim>,
    /// The largest update `|f(s) − s|` at the last step.
    pub residual: f64,
}

/// The strength of every claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Strengths {
    /// Indexed by claim, each in [0, 1].
    pub values: Vec<f64>,
    /// Cycles that did not converge (empty when every cycle did).
    pub unconverged: Vec<Unconverged>,
}

/// `Π(1 − v)` over some strengths, kept so that one factor can be taken out again: factors
/// that are exactly 0 are counted rather than multiplied in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Product {
    nonzero: f64,
    zeros: u32,
}

impl Default for Product {
    fn default() -> Self {
        Product {
            nonzero: 1.0,
            zeros: 0,
        }
    }
}

impl Product {
    fn add(&mut self, v: f64) {
        let f = 1.0 - v;
        if f == 0.0 {
            self.zeros += 1;
        } else {
            self.nonzero *= f;
        }
    }

    fn remove(&mut self, v: f64) {
        let f = 1.0 - v;
        if f == 0.0 {
            self.zeros = self.zeros.saturating_sub(1);
        } else {
            self.nonzero /= f;
        }
    }

    pub(crate) fn value(&self) -> f64 {
        if self.zeros > 0 { 0.0 } else { self.nonzero }
    }
}

/// What a claim's parents add up to, in the forms the semantics need: the energy (sum of
/// supporters minus sum of attackers) and `Π(1 − v)` per side.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Aggregate {
    pub(crate) energy: f64,
    pub(crate) attack: Product,
    pub(crate) support: Product,
}

impl Aggregate {
    /// Counts a parent of strength `v`.
    pub(crate) fn add(&mut self, attack: bool, v: f64) {
        if attack {
            self.energy -= v;
            self.attack.add(v);
        } else {
            self.energy += v;
            self.support.add(v);
        }
    }

    /// Takes a parent of strength `v` out again.
    pub(crate) fn remove(&mut self, attack: bool, v: f64) {
        if attack {
            self.energy += v;
            self.attack.remove(v);
        } else {
            self.energy -= v;
            self.support.remove(v);
        }
    }
}

/// A weighted bipolar graph: who supports and who attacks each claim, and the components
/// of influence in evaluation order.
#[derive(Clone, Debug)]
pub struct Bipolar {
    n: usize,
    pub(crate) attackers: Lists,
    pub(crate) supporters: Lists,
    pub(crate) attacks: Lists,
    pub(crate) supports: Lists,
    /// Members of each component of influence, parents' components first.
    pub(crate) components: Lists,
    /// Component of each claim.
    pub(crate) component: Vec<u32>,
    /// Whether a component influences itself (more than one claim, or a self-loop).
    pub(crate) cyclic: Vec<bool>,
}

impl Bipolar {
    /// The bipolar graph of a map: reasons, premises and arguments raise what they support,
    /// attacks lower their targets (see the module documentation).
    ///
    /// # Complexity
    /// O(claims + relations).
    pub fn from_map(view: &Dialectic) -> Self {
        let framework = Framework::from_map_with(view, SupportReading::Necessary);
        let n = framework.len();
        let mut attacks = Vec::new();
        let mut supports = Vec::new();
        for c in 0..n as Claim {
            attacks.extend(framework.attacked_by(c).iter().map(|&t| (c, t)));
            // Necessary support: `c` needs each of `supports_of(c)`, which therefore
            // raises `c`.
            supports.extend(framework.supports_of(c).iter().map(|&r| (r, c)));
        }
        Bipolar::new(n, &attacks, &supports)
    }

    /// A graph of `n` claims with the given `(attacker, target)` and `(supporter, target)`
    /// pairs (repeats count once).
    ///
    /// # Complexity
    /// O(n + attacks + supports).
    pub fn new(n: usize, attacks: &[(Claim, Claim)], supports: &[(Claim, Claim)]) -> Self {
        let list = |pairs: &[(Claim, Claim)], reverse: bool| {
            Lists::from_pairs(
                n,
                pairs
                    .iter()
                    .map(move |&(a, b)| if reverse { (b, a) } else { (a, b) }),
            )
        };
        let mut graph = Bipolar {
            n,
            attackers: list(attacks, true),
            supporters: list(supports, true),
            attacks: list(attacks, false),
            supports: list(supports, false),
            components: Lists::default(),
            component: Vec::new(),
            cyclic: Vec::new(),
        };
        graph.find_components();
        graph
    }

    /// Number of claims.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are no claims.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The claims that `claim` influences directly, with `true` for an attack.
    pub(crate) fn children(&self, claim: Claim) -> impl Iterator<Item = (Claim, bool)> + '_ {
        let c = claim as usize;
        self.attacks[c]
            .iter()
            .map(|&t| (t, true))
            .chain(self.supports[c].iter().map(|&t| (t, false)))
    }

    /// The claims that influence `claim` directly, with `true` for an attacker.
    pub(crate) fn parents(&self, claim: Claim) -> impl Iterator<Item = (Claim, bool)> + '_ {
        let c = claim as usize;
        self.attackers[c]
            .iter()
            .map(|&t| (t, true))
            .chain(self.supporters[c].iter().map(|&t| (t, false)))
    }

    /// Whether no claim influences itself through a chain of relations.
    pub fn is_acyclic(&self) -> bool {
        !self.cyclic.iter().any(|&c| c)
    }

    /// Tarjan's algorithm over influence (attacks and supports), with an explicit stack.
    fn find_components(&mut self) {
        let n = self.n;
        const UNSEEN: u32 = u32::MAX;
        let mut index = vec![UNSEEN; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut component = vec![UNSEEN; n];
        let mut found = 0u32;
        let mut next = 0u32;
        let mut calls: Vec<(Claim, usize)> = Vec::new();
        let out_degree = |g: &Bipolar, v: usize| g.attacks[v].len() + g.supports[v].len();
        let out_edge = |g: &Bipolar, v: usize, i: usize| {
            let a = &g.attacks[v];
            if i < a.len() {
                a[i]
            } else {
                g.supports[v][i - a.len()]
            }
        };
        for root in 0..n as Claim {
            if index[root as usize] != UNSEEN {
                continue;
            }
            index[root as usize] = next;
            low[root as usize] = next;
            next += 1;
            stack.push(root);
            on_stack[root as usize] = true;
            calls.push((root, 0));
            while let Some(&mut (v, ref mut i)) = calls.last_mut() {
                let vi = v as usize;
                if *i < out_degree(self, vi) {
                    let w = out_edge(self, vi, *i);
                    *i += 1;
                    let wi = w as usize;
                    if index[wi] == UNSEEN {
                        index[wi] = next;
                        low[wi] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[wi] = true;
                        calls.push((w, 0));
                    } else if on_stack[wi] {
                        low[vi] = low[vi].min(index[wi]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    low[parent as usize] = low[parent as usize].min(low[vi]);
                }
                if low[vi] == index[vi] {
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        component[w as usize] = found;
                        if w == v {
                            break;
                        }
                    }
                    found += 1;
                }
            }
        }
        // Tarjan emits a component after every component it reaches, so children come
        // first; number them the other way round so that parents come first.
        let last = found.saturating_sub(1);
        for c in &mut component {
            *c = last - *c;
        }
        let count = found as usize;
        self.components =
            Lists::from_pairs(count, (0..n as u32).map(|c| (component[c as usize], c)));
        self.cyclic = (0..count)
            .map(|k| {
                let members = &self.components[k];
                members.len() > 1 || {
                    let c = members[0] as usize;
                    self.attacks[c].binary_search(&members[0]).is_ok()
                        || self.supports[c].binary_search(&members[0]).is_ok()
                }
            })
            .collect();
        self.component = component;
    }

    /// What the parents of `claim` add up to, at strengths `values`.
    pub(crate) fn aggregate(&self, claim: Claim, values: &[f64]) -> Aggregate {
        let mut agg = Aggregate::default();
        for (p, attack) in self.parents(claim) {
            agg.add(attack, values[p as usize]);
        }
        agg
    }

    /// Evaluates every claim under `semantics` from base scores `base` (one per claim, in
    /// [0, 1]).
    ///
    /// # Complexity
    /// O(claims + relations) on an acyclic map; each cyclic component costs up to
    /// `max_rounds` passes over its members' relations.
    ///
    /// # Panics
    /// If `base` does not have one score per claim.
    pub fn evaluate(
        &self,
        semantics: GradualSemantics,
        base: &[f64],
        options: GradualOptions,
    ) -> Strengths {
        assert_eq!(base.len(), self.n, "one base score per claim");
        let mut values = base.to_vec();
        let mut unconverged = Vec::new();
        let mut scratch = Vec::new();
        for k in 0..self.components.len() {
            let members = &self.components[k];
            if !self.cyclic[k] {
                let c = members[0];
                let agg = self.aggregate(c, &values);
                values[c as usize] = semantics.strength(base[c as usize], &agg);
                continue;
            }
            if let (_, Some(residual)) =
                self.settle(members, semantics, base, &mut values, options, &mut scratch)
            {
                unconverged.push(Unconverged {
                    claims: members.to_vec(),
                    residual,
                });
            }
        }
        Strengths {
            values,
            unconverged,
        }
    }

    /// Runs the continuous method on one cyclic component, its parents outside it fixed.
    /// Returns the steps taken, and the last residual if it did not converge.
    pub(crate) fn settle(
        &self,
        members: &[Claim],
        semantics: GradualSemantics,
        base: &[f64],
        values: &mut [f64],
        options: GradualOptions,
        scratch: &mut Vec<f64>,
    ) -> (u32, Option<f64>) {
        let step = if options.step > 0.0 && options.step <= 1.0 {
            options.step
        } else {
            1.0
        };
        let mut residual = f64::INFINITY;
        for round in 0..options.max_rounds {
            scratch.clear();
            residual = 0.0;
            for &c in members {
                let target = semantics.strength(base[c as usize], &self.aggregate(c, values));
                let delta = target - values[c as usize];
                residual = f64::max(residual, delta.abs());
                scratch.push(delta);
            }
            for (&c, &delta) in members.iter().zip(scratch.iter()) {
                values[c as usize] = (values[c as usize] + step * delta).clamp(0.0, 1.0);
            }
            if residual <= options.tolerance {
                return (round + 1, None);
            }
        }
        (options.max_rounds, Some(residual))
    }
}

/// A base score or stance in claim data that is not a number in [0, 1].
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum BaseScoreError {
    /// The value under `key` is not a number in [0, 1].
    #[error("{place}: {claim} has {key} {value}, which is not a number in [0, 1]")]
    OutOfRange {
        /// `file:line:column` (or `line:column`) of the claim's first occurrence.
        place: String,
        /// `[Title]` or `<Title>`.
        claim: String,
        /// The data key, e.g. `base` or `stance.ann`.
        key: String,
        /// The value as written in JSON.
        value: String,
    },
}

/// Where a claim was first written, as `file:line:column`.
pub(crate) fn place(graph: &ArgumentGraph, id: ElementId) -> String {
    let location: Option<Location> = match id {
        ElementId::Statement(s) => graph.statement(s).location(),
        ElementId::Argument(a) => graph.argument(a).members.first().map(|m| m.location),
    };
    let file = graph.source_name.as_deref().unwrap_or("<input>");
    match location {
        Some(l) => format!("{file}:{}:{}", l.line, l.column),
        None => file.to_string(),
    }
}

/// The data of a claim.
pub(crate) fn data(graph: &ArgumentGraph, id: ElementId) -> &serde_json::Map<String, Value> {
    match id {
        ElementId::Statement(s) => &graph.statement(s).data,
        ElementId::Argument(a) => &graph.argument(a).data,
    }
}

/// Reads a score in [0, 1] from a JSON value found under `key` in a claim's data.
pub(crate) fn score(
    graph: &ArgumentGraph,
    id: ElementId,
    key: &str,
    value: &Value,
) -> Result<f64, BaseScoreError> {
    match value.as_f64() {
        Some(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(BaseScoreError::OutOfRange {
            place: place(graph, id),
            claim: element_ref(graph, id),
            key: key.to_string(),
            value: value.to_string(),
        }),
    }
}

/// The base score of every claim: its `base` data, else `default`.
///
/// # Complexity
/// O(claims).
///
/// # Example
/// ```
/// use cruxmap::analysis::Dialectic;
/// use cruxmap::analysis::semantics::base_scores;
/// let map = cruxmap::load("[A]: a. {base: 0.9}\n\n[B]: b.\n  - [A]\n", None).graph;
/// let view = Dialectic::new(&map);
/// assert_eq!(base_scores(&map, &view, 0.5).unwrap(), vec![0.9, 0.5]);
/// ```
pub fn base_scores(
    graph: &ArgumentGraph,
    view: &Dialectic,
    default: f64,
) -> Result<Vec<f64>, BaseScoreError> {
    (0..view.len() as Claim)
        .map(|c| {
            let id = view.element(c);
            match data(graph, id).get("base") {
                Some(v) => score(graph, id, "base", v),
                None => Ok(default),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [GradualSemantics; 3] = [
        GradualSemantics::QuadraticEnergy,
        GradualSemantics::DfQuad,
        GradualSemantics::Euler,
    ];

    #[test]
    fn components_put_parents_first() {
        // 2 → 1 → 0, and 3 ⇄ 4 → 0.
        let g = Bipolar::new(5, &[(2, 1), (3, 4)], &[(1, 0), (4, 3), (4, 0)]);
        let pos = |c: usize| g.component[c];
        assert!(pos(2) < pos(1) && pos(1) < pos(0));
        assert!(pos(4) < pos(0));
        assert_eq!(pos(3), pos(4));
        assert!(g.cyclic[pos(3) as usize]);
        assert!(!g.cyclic[pos(0) as usize]);
    }

    #[test]
    fn a_chain_is_evaluated_in_one_pass_from_the_leaves() {
        // 2 attacks 1, 1 supports 0. QE: s2 = 0.5, s1 = 0.5 − 0.5·h(0.5) = 0.4,
        // s0 = 0.5 + 0.5·h(0.4).
        let g = Bipolar::new(3, &[(2, 1)], &[(1, 0)]);
        let s = g.evaluate(
            GradualSemantics::QuadraticEnergy,
            &[0.5; 3],
            GradualOptions::default(),
        );
        let h = |x: f64| x * x / (1.0 + x * x);
        assert!((s.values[1] - (0.5 - 0.5 * h(0.5))).abs() < 1e-12);
        assert!((s.values[0] - (0.5 + 0.5 * h(s.values[1]))).abs() < 1e-12);
        assert!(s.unconverged.is_empty());
    }

    #[test]
    fn mutual_attack_settles_at_the_symmetric_fixed_point() {
        let g = Bipolar::new(2, &[(0, 1), (1, 0)], &[]);
        for semantics in ALL {
            let s = g.evaluate(semantics, &[0.5, 0.5], GradualOptions::default());
            assert!(s.unconverged.is_empty(), "{semantics:?}");
            assert!((s.values[0] - s.values[1]).abs() < 1e-8, "{semantics:?}");
            let agg = g.aggregate(0, &s.values);
            let fixed = semantics.strength(0.5, &agg);
            assert!((fixed - s.values[0]).abs() < 1e-8, "{semantics:?}");
        }
    }

    #[test]
    fn a_cycle_that_cannot_settle_is_reported_not_looped_on() {
        let g = Bipolar::new(2, &[(0, 1), (1, 0)], &[]);
        let options = GradualOptions {
            max_rounds: 2,
            ..GradualOptions::default()
        };
        let s = g.evaluate(GradualSemantics::QuadraticEnergy, &[0.9, 0.1], options);
        assert_eq!(s.unconverged.len(), 1);
        assert_eq!(s.unconverged[0].claims, vec![0, 1]);
        assert!(s.unconverged[0].residual > options.tolerance);
    }

    #[test]
    fn product_takes_out_a_factor_of_zero_again() {
        let mut p = Product::default();
        p.add(1.0);
        p.add(0.5);
        assert_eq!(p.value(), 0.0);
        p.remove(1.0);
        assert!((p.value() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn a_base_score_outside_the_unit_interval_names_the_claim_and_its_place() {
        let loaded = crate::load("[A]: a.\n\n[B]: b. {base: 1.5}\n", Some("m.argdown"));
        let view = Dialectic::new(&loaded.graph);
        let err = base_scores(&loaded.graph, &view, 0.5).unwrap_err();
        assert_eq!(
            err.to_string(),
            "m.argdown:3:1: [B] has base 1.5, which is not a number in [0, 1]"
        );
        let loaded = crate::load("[A]: a. {base: high}\n", None);
        let view = Dialectic::new(&loaded.graph);
        assert!(matches!(
            base_scores(&loaded.graph, &view, 0.5),
            Err(BaseScoreError::OutOfRange { value, .. }) if value == "\"high\""
        ));
    }
}
