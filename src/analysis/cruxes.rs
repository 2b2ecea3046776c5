//! Cruxes: the claims a conclusion turns on, ranked by a graded score, each with the
//! grounded reasons it matters.
//!
//! The score is the claim's effect on the conclusion's strength under a gradual semantics
//! (see [`impact`](crate::analysis::impact)): by default how much the conclusion's
//! Euler-based strength changes when the claim is removed. Beside it, three grounded
//! tests, defined in `docs/cruxes.md`, explain why a claim matters:
//!
//! - *load-bearing*: every chain of support into the conclusion passes through the claim
//!   (it dominates the conclusion in the support graph, see [`Dominators`]);
//! - *decisive*: defeating the claim (adding an unanswered attacker) or dropping it from the
//!   map changes the conclusion's grounded label;
//! - *contested*: the claim is both supported and attacked, and the two sides come from
//!   different sources (the `source` data of the claims, else their top-level sections): a
//!   candidate double crux between the sources.
//!
//! Decisiveness is found for all candidates at once without solving the map again per
//! claim: a grounded label depends only on the claims that can influence it, so changing a
//! claim is followed only through the claims it can influence on the way to the conclusion,
//! with every other label kept from the one full labelling.

use std::collections::VecDeque;

use serde_json::Value;

use crate::analysis::dominators::Dominators;
use std::cell::RefCell;

use crate::analysis::impact::{Impact, Measure, Scratch, aggregates};
use crate::analysis::semantics::{
    Aggregate, Bipolar, Framework, GradualOptions, GradualSemantics, Label, Labelling, Strengths,
    SupportReading,
};
use crate::analysis::view::{Claim, Dialectic};
use crate::model::ArgumentGraph;

/// How changing a claim changes the conclusion's label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// The conclusion's label now.
    pub before: Label,
    /// Its label after the change.
    pub after: Label,
}

/// Supporters and attackers of a contested claim, by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contest {
    /// Direct supporters with their side.
    pub supporters: Vec<(Claim, String)>,
    /// Direct attackers with their side.
    pub attackers: Vec<(Claim, String)>,
}

/// A claim the conclusion turns on, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Crux {
    /// The claim.
    pub claim: Claim,
    /// Every support chain into the conclusion passes through it.
    pub load_bearing: bool,
    /// Defeating it changes the conclusion's label.
    pub defeat: Option<Change>,
    /// Dropping it changes the conclusion's label.
    pub drop: Option<Change>,
    /// Supported and attacked from different sides.
    pub contested: Option<Contest>,
    /// Fewest relations between the claim and the conclusion.
    pub distance: u32,
    /// Of the conclusion's direct lines of support (its supporters and the arguments
    /// concluding it), how many rest on this claim, when at least two and at least half do;
    /// `(lines resting on it, all lines)`.
    pub shared: Option<(u32, u32)>,
    /// Graded crux score: the size of the claim's effect on the conclusion's strength
    /// (see [`Crux::effect`]); ranks the cruxes.
    pub score: f64,
    /// The effect, signed: for removal, the conclusion's strength minus its strength
    /// without the claim (positive when the claim raises it); for flip, its strength with
    /// the claim's base score at 1 minus at 0.
    pub effect: f64,
    /// The claim's own strength.
    pub strength: f64,
    /// False when the effect could not be computed within the budget for settling cycles
    /// (see [`SETTLE_BUDGET`](crate::analysis::impact::SETTLE_BUDGET)); score and effect
    /// are then 0.
    pub scored: bool,
    /// Weight of the grounded tests passed, breaking ties in the score: decisive 4 (+1 if
    /// both ways), load-bearing 3, contested 1, shared support 1.
    pub tests: u32,
}

/// Steps (claims and links visited) that [`Context::cruxes`] spends on the decisive and
/// shared-support tests of one conclusion. Both are linear for most maps but can be
/// quadratic (a long chain of attacks; many lines of support over one large shared
/// subtree); past the budget they stop and the report says so. A budget of steps, not of
/// time, so the answer is the same on every machine.
pub const CRUXES_BUDGET: u64 = 100_000_000;

/// The cruxes of one conclusion.
#[derive(Clone, Debug, PartialEq)]
pub struct CruxReport {
    /// The conclusion.
    pub conclusion: Claim,
    /// Its grounded label.
    pub label: Label,
    /// Its strength under the gradual semantics.
    pub strength: f64,
    /// Claims left unscored because the cycles between them and the conclusion were too
    /// large to settle again for each (see [`Crux::scored`]).
    pub unscored: usize,
    /// Ranked, best first.
    pub cruxes: Vec<Crux>,
    /// The tests that ran out of [`CRUXES_BUDGET`] before covering every claim: `"decisive"`,
    /// `"shared support"`. Empty when the report is complete.
    pub incomplete: Vec<&'static str>,
}

/// The default conclusions: statements that nothing rests on (they support nothing) but
/// that rest on something (at least one supporter or argument concludes them), in source
/// order. Attacks do not count: a thesis that attacks the other side's thesis is still a
/// conclusion, while a bare objection with no reasons of its own is not.
pub fn conclusions(view: &Dialectic) -> Vec<Claim> {
    (0..view.len() as Claim)
        .filter(|&c| {
            matches!(view.element(c), crate::model::ElementId::Statement(_))
                && view.supported_by(c).is_empty()
                && !view.supporters_of(c).is_empty()
        })
        .collect()
}

/// The side a claim speaks for: its `source` data, else its top-level section, else "".
pub fn side(graph: &ArgumentGraph, view: &Dialectic, claim: Claim) -> String {
    let id = view.element(claim);
    let data = match id {
        crate::model::ElementId::Statement(s) => &graph.statement(s).data,
        crate::model::ElementId::Argument(a) => &graph.argument(a).data,
    };
    if let Some(Value::String(source)) = data.get("source") {
        return source.clone();
    }
    graph
        .section_ancestry(graph.section(id))
        .last()
        .map(|&s| graph.sections[s].title.clone())
        .unwrap_or_default()
}

/// Everything the analysis of one map needs, computed once.
#[derive(Debug)]
pub struct Context<'a> {
    /// The map.
    pub graph: &'a ArgumentGraph,
    /// Its dense view.
    pub view: &'a Dialectic,
    /// Its bipolar framework.
    pub framework: Framework,
    /// Its grounded labelling.
    pub grounded: Labelling,
    /// Its support dominators.
    pub dominators: Dominators,
    /// Its bipolar graph for the gradual semantics.
    pub bipolar: Bipolar,
    /// The gradual semantics of the score.
    pub semantics: GradualSemantics,
    /// The counterfactual the score measures.
    pub measure: Measure,
    /// Base score of every claim.
    pub base: Vec<f64>,
    /// Strength of every claim under `semantics`.
    pub strengths: Strengths,
    /// Every claim's parents summed up at `strengths`.
    aggregates: Vec<Aggregate>,
    /// Reused between conclusions: counterfactual scratch, and effects by claim.
    scratch: RefCell<Option<(Scratch, Vec<f64>)>>,
}

impl<'a> Context<'a> {
    /// Builds the framework, grounded labelling and dominator tree of a map.
    ///
    /// # Complexity
    /// O(claims + relations), dominators aside (see [`Dominators::new`]).
    pub fn new(graph: &'a ArgumentGraph, view: &'a Dialectic) -> Self {
        Context::with_reading(graph, view, SupportReading::Deductive)
    }

    /// Like [`Context::new`], with a chosen reading of support for the semantics.
    pub fn with_reading(
        graph: &'a ArgumentGraph,
        view: &'a Dialectic,
        reading: SupportReading,
    ) -> Self {
        let framework = Framework::from_map_with(view, reading);
        let grounded = crate::analysis::semantics::grounded_labelling(&framework);
        let dominators = Dominators::new(view);
        let bipolar = Bipolar::from_map(view);
        let base = vec![0.5; view.len()];
        let semantics = GradualSemantics::Euler;
        let strengths = bipolar.evaluate(semantics, &base, GradualOptions::default());
        let aggregates = aggregates(&bipolar, &strengths.values);
        Context {
            graph,
            view,
            framework,
            grounded,
            dominators,
            bipolar,
            semantics,
            measure: Measure::Removal,
            aggregates,
            base,
            strengths,
            scratch: RefCell::new(None),
        }
    }

    /// Scores with `semantics`, `measure` and these base scores (one per claim; the
    /// defaults are Euler-based, removal, and 0.5 everywhere).
    ///
    /// # Complexity
    /// One gradual evaluation (see [`Bipolar::evaluate`]).
    pub fn with_gradual(
        mut self,
        semantics: GradualSemantics,
        measure: Measure,
        base: Vec<f64>,
    ) -> Self {
        self.strengths = self
            .bipolar
            .evaluate(semantics, &base, GradualOptions::default());
        self.aggregates = aggregates(&self.bipolar, &self.strengths.values);
        self.semantics = semantics;
        self.measure = measure;
        self.base = base;
        self.scratch = RefCell::new(None);
        self
    }

    /// Ranks the claims `conclusion` turns on; keeps the best `top`.
    ///
    /// # Complexity
    /// O(claims + relations) for the candidates, plus, per claim that can influence the
    /// conclusion's label, the claims between it and the conclusion.
    pub fn cruxes(&self, conclusion: Claim, top: usize) -> CruxReport {
        self.cruxes_within(conclusion, top, CRUXES_BUDGET)
    }

    /// [`Context::cruxes`] with a work budget other than [`CRUXES_BUDGET`], in steps.
    pub fn cruxes_within(&self, conclusion: Claim, top: usize, budget: u64) -> CruxReport {
        let view = self.view;
        let n = view.len();
        let distance = self.distances(conclusion);
        let mut load_bearing = vec![false; n];
        for d in self.dominators.dominators_of(conclusion) {
            load_bearing[d as usize] = true;
        }
        let mut incomplete = Vec::new();
        let (decisive, complete) = self.decisive(conclusion, budget);
        if !complete {
            incomplete.push("decisive");
        }
        let (shared, complete) = self.shared_support(conclusion, budget);
        if !complete {
            incomplete.push("shared support");
        }
        let mut slot = self.scratch.borrow_mut();
        let (scratch, effects) =
            slot.get_or_insert_with(|| (self.impact().scratch(), vec![0.0; n]));
        let found = self
            .impact()
            .effects_with(scratch, conclusion, self.measure);
        for &(c, e) in &found {
            effects[c as usize] = e;
        }
        let mut cruxes = Vec::new();
        for c in 0..n as Claim {
            if c == conclusion || distance[c as usize] == u32::MAX {
                continue;
            }
            let (defeat, drop) = decisive[c as usize];
            let contested = self.contest(c);
            let load = load_bearing[c as usize];
            let shared = shared[c as usize];
            let tests = if defeat.is_some() || drop.is_some() {
                4 + u32::from(defeat.is_some() && drop.is_some())
            } else {
                0
            } + 3 * u32::from(load)
                + u32::from(contested.is_some())
                + u32::from(shared.is_some() && !load);
            let effect = effects[c as usize];
            let scored = !effect.is_nan();
            let effect = if scored { effect } else { 0.0 };
            cruxes.push(Crux {
                claim: c,
                load_bearing: load,
                defeat,
                drop,
                contested,
                shared: shared.filter(|_| !load),
                distance: distance[c as usize],
                score: effect.abs(),
                effect,
                strength: self.strengths.values[c as usize],
                scored,
                tests,
            });
        }
        for &(c, _) in &found {
            effects[c as usize] = 0.0;
        }
        cruxes.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.tests.cmp(&a.tests))
                .then(a.distance.cmp(&b.distance))
                .then(a.claim.cmp(&b.claim))
        });
        let unscored = cruxes.iter().filter(|k| !k.scored).count();
        cruxes.truncate(top);
        CruxReport {
            conclusion,
            label: self.grounded.labels[conclusion as usize],
            strength: self.strengths.values[conclusion as usize],
            unscored,
            cruxes,
            incomplete,
        }
    }

    /// Counterfactuals over the gradual evaluation.
    pub fn impact(&self) -> Impact<'_> {
        Impact::with_aggregates(
            &self.bipolar,
            self.semantics,
            &self.base,
            &self.strengths.values,
            GradualOptions::default(),
            &self.aggregates,
        )
    }

    /// Fewest relations from each claim to `conclusion`, over the claims that matter to
    /// it: those it rests on (its supporters, transitively), and those that can change its
    /// label (its attackers and what it commits to, and theirs, transitively), and those
    /// that move its strength (everything that reaches it through relations); `u32::MAX`
    /// for the rest.
    fn distances(&self, conclusion: Claim) -> Vec<u32> {
        let view = self.view;
        // Two searches in one queue: flag `true` walks supporters (what the conclusion rests
        // on), flag `false` walks what can change its label (attackers, and what a claim
        // commits to). A claim's distance is the nearer of the two.
        let mut reached = [vec![u32::MAX; view.len()], vec![u32::MAX; view.len()]];
        reached[0][conclusion as usize] = 0;
        reached[1][conclusion as usize] = 0;
        let mut queue = VecDeque::from([(conclusion, true), (conclusion, false)]);
        while let Some((c, upstream)) = queue.pop_front() {
            let d = reached[usize::from(upstream)][c as usize] + 1;
            let mut visit = |p: Claim, queue: &mut VecDeque<(Claim, bool)>| {
                let slot = &mut reached[usize::from(upstream)][p as usize];
                if *slot == u32::MAX {
                    *slot = d;
                    queue.push_back((p, upstream));
                }
            };
            if upstream {
                for &(p, _) in view.supporters_of(c) {
                    visit(p, &mut queue);
                }
            } else {
                let fw = &self.framework;
                for &p in fw.attackers_of(c).iter().chain(fw.supports_of(c)) {
                    visit(p, &mut queue);
                }
            }
        }
        // Third: whatever reaches the conclusion through relations moves its strength.
        let mut gradual = vec![u32::MAX; view.len()];
        gradual[conclusion as usize] = 0;
        let mut queue = VecDeque::from([conclusion]);
        while let Some(c) = queue.pop_front() {
            let d = gradual[c as usize] + 1;
            for (p, _) in self.bipolar.parents(c) {
                if gradual[p as usize] == u32::MAX {
                    gradual[p as usize] = d;
                    queue.push_back(p);
                }
            }
        }
        let [a, b] = reached;
        a.into_iter()
            .zip(b)
            .zip(gradual)
            .map(|((x, y), z)| x.min(y).min(z))
            .collect()
    }

    /// For each claim, how many of the conclusion's direct lines of support rest on it
    /// (see [`Crux::shared`]).
    /// Also whether it finished within `budget` steps (if not, no claim is marked).
    ///
    /// # Complexity
    /// The sum over the lines of the claims each rests on: linear when the lines share
    /// little, quadratic at worst, hence the budget. One visited array is reused across
    /// lines (a fresh one per line made a million leaf reasons quadratic).
    fn shared_support(&self, conclusion: Claim, budget: u64) -> (Vec<Option<(u32, u32)>>, bool) {
        let view = self.view;
        let lines: Vec<Claim> = view
            .supporters_of(conclusion)
            .iter()
            .map(|&(c, _)| c)
            .collect();
        let total = lines.len() as u32;
        let mut count = vec![0u32; view.len()];
        let mut work = 0u64;
        if total >= 2 {
            // seen[c] == line number + 1 when the current line has reached c.
            let mut seen = vec![0u32; view.len()];
            let mut stack = Vec::new();
            for (k, &line) in lines.iter().enumerate() {
                let mark = k as u32 + 1;
                seen[line as usize] = mark;
                count[line as usize] += 1;
                stack.push(line);
                while let Some(c) = stack.pop() {
                    for &(p, _) in view.supporters_of(c) {
                        work += 1;
                        if seen[p as usize] != mark {
                            seen[p as usize] = mark;
                            if p != conclusion {
                                count[p as usize] += 1;
                            }
                            stack.push(p);
                        }
                    }
                }
                if work > budget {
                    return (vec![None; view.len()], false);
                }
            }
        }
        let shared = count
            .into_iter()
            .map(|k| (k >= 2 && 2 * k >= total).then_some((k, total)))
            .collect();
        (shared, true)
    }

    fn contest(&self, claim: Claim) -> Option<Contest> {
        let view = self.view;
        let sided = |list: &[(Claim, crate::analysis::Link)]| -> Vec<(Claim, String)> {
            list.iter()
                .map(|&(c, _)| (c, side(self.graph, view, c)))
                .collect()
        };
        let supporters = sided(view.supporters_of(claim));
        let attackers = sided(view.attackers_of(claim));
        let across = supporters
            .iter()
            .any(|(_, s)| attackers.iter().any(|(_, a)| a != s));
        across.then_some(Contest {
            supporters,
            attackers,
        })
    }

    /// For each claim: how defeating it and how dropping it change the conclusion's
    /// grounded label (`None`: no change); and whether every claim was tried within `budget`
    /// steps (claims not tried count as not decisive).
    fn decisive(&self, conclusion: Claim, budget: u64) -> (Vec<Decisive>, bool) {
        let fw = &self.framework;
        let units = fw.members.len();
        let target = fw.unit[conclusion as usize];
        let unit_label: Vec<Label> = {
            let mut l = vec![Label::Undecided; units];
            for (c, &u) in fw.unit.iter().enumerate() {
                l[u as usize] = self.grounded.labels[c];
            }
            l
        };
        // Units that can influence the conclusion's label: its attackers and the units it
        // supports, and theirs, transitively.
        let mut influences = vec![false; units];
        influences[target as usize] = true;
        let mut queue = VecDeque::from([target]);
        while let Some(u) = queue.pop_front() {
            for &p in fw.unit_attackers[u as usize]
                .iter()
                .chain(&fw.unit_supports[u as usize])
            {
                if !influences[p as usize] {
                    influences[p as usize] = true;
                    queue.push_back(p);
                }
            }
        }
        let before = unit_label[target as usize];
        let mut relabel = Relabel::new(units);
        let mut per_unit = vec![(None, None); units];
        let change = |after: Label| (after != before).then_some(Change { before, after });
        // Claims joined to the conclusion by a cycle of support fall with it.
        per_unit[target as usize] = (change(Label::Out), None);
        let mut complete = true;
        for x in 0..units as u32 {
            if x == target || !influences[x as usize] {
                continue;
            }
            if relabel.work > budget {
                complete = false;
                break;
            }
            let defeated = relabel.run(fw, &unit_label, &influences, x, Perturb::Defeat, target);
            let dropped = if fw.members[x as usize].len() == 1 {
                relabel.run(fw, &unit_label, &influences, x, Perturb::Drop, target)
            } else {
                // Dropping one claim of a support cycle reshapes the cycle; only
                // defeat is considered for such claims.
                before
            };
            per_unit[x as usize] = (change(defeated), change(dropped));
        }
        let per_claim = fw.unit.iter().map(|&u| per_unit[u as usize]).collect();
        (per_claim, complete)
    }
}

/// How defeating and how dropping one claim change the conclusion's label.
type Decisive = (Option<Change>, Option<Change>);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Perturb {
    Defeat,
    Drop,
}

/// Scratch space for relabelling the region between a changed unit and the conclusion.
struct Relabel {
    stamp: Vec<u32>,
    round: u32,
    label: Vec<Label>,
    pending: Vec<u32>,
    region: Vec<u32>,
    /// Links followed so far, over all runs: the budget counter.
    work: u64,
}

impl Relabel {
    fn new(units: usize) -> Self {
        Relabel {
            stamp: vec![0; units],
            round: 0,
            label: vec![Label::Undecided; units],
            pending: vec![0; units],
            region: Vec::new(),
            work: 0,
        }
    }

    /// The conclusion's grounded label after `x` is defeated or dropped. Only units that
    /// `x` can influence and that can influence the conclusion are labelled again.
    fn run(
        &mut self,
        fw: &Framework,
        base: &[Label],
        influences: &[bool],
        x: u32,
        how: Perturb,
        target: u32,
    ) -> Label {
        self.round += 1;
        let round = self.round;
        // The region: units reachable from x over influence links, within `influences`.
        self.region.clear();
        self.stamp[x as usize] = round;
        let mut queue = VecDeque::from([x]);
        while let Some(u) = queue.pop_front() {
            let links = fw.unit_attacks[u as usize]
                .iter()
                .chain(&fw.unit_supporters[u as usize]);
            self.work += 1
                + (fw.unit_attacks[u as usize].len() + fw.unit_supporters[u as usize].len()) as u64;
            for &v in links {
                if influences[v as usize] && self.stamp[v as usize] != round {
                    self.stamp[v as usize] = round;
                    self.region.push(v);
                    queue.push_back(v);
                }
            }
        }
        if self.stamp[target as usize] != round {
            return base[target as usize];
        }
        // What x now counts as: defeated is out; dropped neither attacks nor is needed.
        let in_region = |u: u32, stamp: &[u32]| stamp[u as usize] == round && u != x;
        let mut ready = VecDeque::new();
        for i in 0..self.region.len() {
            let u = self.region[i];
            self.work +=
                (fw.unit_attackers[u as usize].len() + fw.unit_supports[u as usize].len()) as u64;
            let mut pending = 0;
            let mut out = false;
            for &a in &fw.unit_attackers[u as usize] {
                if a == x || (!in_region(a, &self.stamp) && base[a as usize] == Label::Out) {
                    continue;
                }
                if !in_region(a, &self.stamp) && base[a as usize] == Label::In {
                    out = true;
                }
                pending += 1;
            }
            for &s in &fw.unit_supports[u as usize] {
                if s == x {
                    if how == Perturb::Defeat {
                        out = true;
                    }
                    continue;
                }
                if !in_region(s, &self.stamp) && base[s as usize] == Label::In {
                    continue;
                }
                if !in_region(s, &self.stamp) && base[s as usize] == Label::Out {
                    out = true;
                }
                pending += 1;
            }
            self.pending[u as usize] = pending;
            self.label[u as usize] = Label::Undecided;
            if out {
                self.label[u as usize] = Label::Out;
                ready.push_back(u);
            } else if pending == 0 {
                self.label[u as usize] = Label::In;
                ready.push_back(u);
            }
        }
        while let Some(u) = ready.pop_front() {
            let is_in = self.label[u as usize] == Label::In;
            for &v in &fw.unit_attacks[u as usize] {
                if !in_region(v, &self.stamp) || self.label[v as usize] != Label::Undecided {
                    continue;
                }
                if is_in {
                    self.label[v as usize] = Label::Out;
                    ready.push_back(v);
                } else {
                    self.pending[v as usize] -= 1;
                    if self.pending[v as usize] == 0 {
                        self.label[v as usize] = Label::In;
                        ready.push_back(v);
                    }
                }
            }
            for &w in &fw.unit_supporters[u as usize] {
                if !in_region(w, &self.stamp) || self.label[w as usize] != Label::Undecided {
                    continue;
                }
                if is_in {
                    self.pending[w as usize] -= 1;
                    if self.pending[w as usize] == 0 {
                        self.label[w as usize] = Label::In;
                        ready.push_back(w);
                    }
                } else {
                    self.label[w as usize] = Label::Out;
                    ready.push_back(w);
                }
            }
        }
        self.label[target as usize]
    }
}
