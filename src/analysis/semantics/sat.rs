//! Preferred and stable semantics with a SAT solver.
//!
//! Each unit of claims gets two variables, *in* and *out*; clauses say that a unit is in
//! exactly when all its direct attackers are out and all units it supports are in, and out
//! exactly when some direct attacker is in or some unit it supports is out: the complete
//! labellings of the deductive bipolar framework (see the module above). Stable adds "in or
//! out" for every unit. Preferred extensions are the complete ones with a maximal *in* set,
//! found by growing a model until no larger one exists (the approach of Cerutti, Giacomin
//! and Vallati's ArgSemSAT, 2014), then excluding everything below it.
//!
//! The solver is BatSat, pure Rust (through `rustsat`), so the build needs no C toolchain.
//! Units labelled by the grounded labelling are fixed first: every complete labelling
//! agrees with it.

use std::time::{Duration, Instant};

use rustsat::solvers::{Solve, SolveIncremental, SolverResult};
use rustsat::types::{Clause, Lit, TernaryVal, Var};

use super::framework::claims_of_units;
use super::{Framework, Label, grounded_labelling};
use crate::analysis::view::Claim;

/// Limits on a SAT search.
#[derive(Clone, Copy, Debug)]
pub struct SatOptions {
    /// Stop after this many extensions.
    pub max_extensions: usize,
    /// Give up after this long (checked inside the solver, too).
    pub time_limit: Option<Duration>,
}

impl Default for SatOptions {
    fn default() -> Self {
        SatOptions {
            max_extensions: 1000,
            time_limit: Some(Duration::from_secs(30)),
        }
    }
}

/// Extensions found by a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extensions {
    /// Each extension's claims, sorted; the list sorted too.
    pub sets: Vec<Vec<Claim>>,
    /// Whether every extension was found (no limit was hit).
    pub exhaustive: bool,
    /// Whether the time limit stopped the search.
    pub timed_out: bool,
}

impl Extensions {
    /// Labels each claim: in if in every extension, out if out in every one, else
    /// undecided. With no extension at all, every claim is undecided.
    pub fn sceptical_labels(&self, framework: &Framework) -> Vec<Label> {
        let n = framework.len();
        if self.sets.is_empty() {
            return vec![Label::Undecided; n];
        }
        let mut count_in = vec![0usize; n];
        let mut count_out = vec![0usize; n];
        for set in &self.sets {
            let labels = labels_of(framework, set);
            for (c, l) in labels.iter().enumerate() {
                match l {
                    Label::In => count_in[c] += 1,
                    Label::Out => count_out[c] += 1,
                    Label::Undecided => {}
                }
            }
        }
        let all = self.sets.len();
        (0..n)
            .map(|c| {
                if count_in[c] == all {
                    Label::In
                } else if count_out[c] == all {
                    Label::Out
                } else {
                    Label::Undecided
                }
            })
            .collect()
    }

    /// For each claim, the number of extensions that contain it.
    pub fn membership_counts(&self, n: usize) -> Vec<usize> {
        let mut counts = vec![0; n];
        for set in &self.sets {
            for &c in set {
                counts[c as usize] += 1;
            }
        }
        counts
    }
}

/// The full labelling implied by an extension: out what it attacks, directly or through
/// what it supports.
pub(crate) fn labels_of(framework: &Framework, accepted: &[Claim]) -> Vec<Label> {
    let units = framework.members.len();
    let mut unit_label = vec![Label::Undecided; units];
    for &c in accepted {
        unit_label[framework.unit[c as usize] as usize] = Label::In;
    }
    for &u in &framework.sinks_first {
        let u = u as usize;
        if unit_label[u] == Label::In {
            continue;
        }
        let attacked = framework.unit_attackers[u]
            .iter()
            .any(|&a| unit_label[a as usize] == Label::In);
        let commits = framework.unit_supports[u]
            .iter()
            .any(|&s| unit_label[s as usize] == Label::Out);
        if attacked || commits {
            unit_label[u] = Label::Out;
        }
    }
    framework
        .unit
        .iter()
        .map(|&u| unit_label[u as usize])
        .collect()
}

/// Stops BatSat at a deadline.
#[derive(Default)]
struct Deadline(Option<Instant>);

impl batsat::Callbacks for Deadline {
    fn stop(&self) -> bool {
        self.0.is_some_and(|at| Instant::now() >= at)
    }
}

type Solver = rustsat_batsat::Solver<Deadline>;

fn in_lit(u: usize) -> Lit {
    Var::new(2 * u as u32).pos_lit()
}

fn out_lit(u: usize) -> Lit {
    Var::new(2 * u as u32 + 1).pos_lit()
}

/// Builds a solver whose models are the complete labellings (plus "in or out" if
/// `stable`), with the grounded labelling fixed.
fn encode(framework: &Framework, stable: bool, deadline: Option<Instant>) -> Solver {
    let mut solver = Solver::default();
    solver.batsat_mut().cb_mut().0 = deadline;
    let units = framework.members.len();
    // Decide "in" first: models then start near-maximal, so growing a complete labelling
    // into a preferred one takes a few steps instead of one per unit.
    {
        use batsat::SolverInterface;
        let inner = solver.batsat_mut();
        for _ in 0..units {
            inner.new_var(batsat::lbool::TRUE, true);
            inner.new_var(batsat::lbool::UNDEF, true);
        }
    }
    let grounded = grounded_labelling(framework);
    let mut add = |lits: Vec<Lit>| {
        // BatSat's add_clause cannot fail; rustsat's signature is generic over solvers.
        let _ = solver.add_clause(Clause::from_iter(lits));
    };
    for u in 0..units {
        let attackers = &framework.unit_attackers[u];
        let supports = &framework.unit_supports[u];
        add(vec![!in_lit(u), !out_lit(u)]);
        // in ↔ every attacker out ∧ every supported unit in
        let mut all = vec![in_lit(u)];
        for &a in attackers {
            add(vec![!in_lit(u), out_lit(a as usize)]);
            all.push(!out_lit(a as usize));
        }
        for &s in supports {
            add(vec![!in_lit(u), in_lit(s as usize)]);
            all.push(!in_lit(s as usize));
        }
        add(all);
        // out ↔ some attacker in ∨ some supported unit out
        let mut any = vec![!out_lit(u)];
        for &a in attackers {
            add(vec![out_lit(u), !in_lit(a as usize)]);
            any.push(in_lit(a as usize));
        }
        for &s in supports {
            add(vec![out_lit(u), !out_lit(s as usize)]);
            any.push(out_lit(s as usize));
        }
        add(any);
        if stable {
            add(vec![in_lit(u), out_lit(u)]);
        }
        let first = framework.members[u][0] as usize;
        match grounded.labels[first] {
            Label::In => add(vec![in_lit(u)]),
            Label::Out => add(vec![out_lit(u)]),
            Label::Undecided => {}
        }
    }
    solver
}

/// The units a model accepts.
fn accepted(solver: &Solver, units: usize) -> Vec<u32> {
    (0..units)
        .filter(|&u| {
            solver
                .lit_val(in_lit(u))
                .is_ok_and(|v| v == TernaryVal::True)
        })
        .map(|u| u as u32)
        .collect()
}

/// Every preferred extension (up to the limits in `options`).
///
/// # Complexity
/// One SAT call per extension found plus one per enlargement step; each call is
/// NP-hard in the worst case, as deciding preferred acceptance is.
pub fn preferred_extensions(framework: &Framework, options: SatOptions) -> Extensions {
    search(framework, false, options)
}

/// Every stable extension (up to the limits in `options`); possibly none.
///
/// # Complexity
/// One SAT call per extension found, plus one.
pub fn stable_extensions(framework: &Framework, options: SatOptions) -> Extensions {
    search(framework, true, options)
}

fn search(framework: &Framework, stable: bool, options: SatOptions) -> Extensions {
    let deadline = options.time_limit.map(|t| Instant::now() + t);
    let mut solver = encode(framework, stable, deadline);
    let units = framework.members.len();
    let mut next_var = 2 * units as u32;
    let mut sets = Vec::new();
    let mut timed_out = false;
    let mut exhaustive = false;
    'outer: while sets.len() < options.max_extensions {
        match solver.solve() {
            Ok(SolverResult::Sat) => {}
            Ok(SolverResult::Unsat) => {
                exhaustive = true;
                break;
            }
            _ => {
                timed_out = true;
                break;
            }
        }
        let mut found = accepted(&solver, units);
        if !stable {
            // Grow the in-set until no complete labelling accepts strictly more.
            loop {
                let mut inside = vec![false; units];
                for &u in &found {
                    inside[u as usize] = true;
                }
                let outside: Vec<Lit> = (0..units).filter(|&u| !inside[u]).map(in_lit).collect();
                if outside.is_empty() {
                    break;
                }
                let act = Var::new(next_var).pos_lit();
                next_var += 1;
                let mut clause = outside;
                clause.push(!act);
                let _ = solver.add_clause(Clause::from_iter(clause));
                let mut assumptions: Vec<Lit> = found.iter().map(|&u| in_lit(u as usize)).collect();
                assumptions.push(act);
                let result = solver.solve_assumps(&assumptions);
                // Read the model before adding a clause: that discards it.
                let larger =
                    matches!(result, Ok(SolverResult::Sat)).then(|| accepted(&solver, units));
                let _ = solver.add_clause(Clause::from_iter([!act]));
                match (result, larger) {
                    (Ok(SolverResult::Sat), Some(larger)) => found = larger,
                    (Ok(SolverResult::Unsat), _) => break,
                    _ => {
                        timed_out = true;
                        break 'outer;
                    }
                }
            }
        }
        let mut inside = vec![false; units];
        for &u in &found {
            inside[u as usize] = true;
        }
        let block: Vec<Lit> = (0..units).filter(|&u| !inside[u]).map(in_lit).collect();
        sets.push(claims_of_units(framework, &found));
        if block.is_empty() {
            exhaustive = true;
            break;
        }
        // Later extensions must accept something outside this one.
        let _ = solver.add_clause(Clause::from_iter(block));
    }
    sets.sort();
    Extensions {
        sets,
        exhaustive,
        timed_out,
    }
}
