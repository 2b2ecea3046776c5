//! Double cruxes: claims on which two participants disagree and whose resolution would
//! move each of them toward the other on a conclusion.
//!
//! Owns reading participants' stances from claim data and the counterfactuals over them;
//! the gradual semantics and the propagation are [`impact`](crate::analysis::impact)'s.
//!
//! Definition. A participant's credences are claim data `{stance: {ann: 0.9, bob: 0.2}}`,
//! read as that participant's base scores. A claim without a stance for a participant takes
//! its `base` data, else 0.5, for everyone, so two participants never disagree on it. With
//! `σₐ(C)` and `σᵦ(C)` the conclusion's strengths under each one's base scores, a claim `x`
//! is a *double crux* when the two stances on `x` differ and
//!
//! - `a` taking `b`'s stance on `x` moves `σₐ(C)` toward `σᵦ(C)`, and
//! - `b` taking `a`'s stance on `x` moves `σᵦ(C)` toward `σₐ(C)`.
//!
//! Each move is measured as the fraction of the gap `σᵦ(C) − σₐ(C)` it closes; the score
//! is the mean of the two fractions. Ranked by score, best first. This is the "double crux"
//! of the rationalist community's disagreement technique (a claim each side's belief turns
//! on), computed from the map instead of asked for.
//!
//! # Complexity
//! Two gradual evaluations, then two counterfactuals per disputed claim, each over the
//! claims between it and the conclusion (see [`Impact`]).
//!
//! # Example
//! ```
//! use cruxmap::analysis::Dialectic;
//! use cruxmap::analysis::double_cruxes::double_cruxes;
//! use cruxmap::analysis::semantics::GradualSemantics;
//! let map = cruxmap::load(
//!     "[C]: conclusion.\n  + [R]: reason. {stance: {ann: 0.9, bob: 0.1}}\n",
//!     None,
//! )
//! .graph;
//! let view = Dialectic::new(&map);
//! let report =
//!     double_cruxes(&map, &view, GradualSemantics::Euler, 0, ["ann", "bob"]).unwrap();
//! assert!(report.strengths[0] > report.strengths[1]);
//! assert_eq!(report.cruxes[0].claim, 1);
//! ```

use serde_json::Value;
use thiserror::Error;

use crate::analysis::impact::{Change, Impact};
use crate::analysis::resolve::element_ref;
use crate::analysis::semantics::{
    BaseScoreError, Bipolar, GradualOptions, GradualSemantics, base_scores, data, place, score,
};
use crate::analysis::view::{Claim, Dialectic};
use crate::model::ArgumentGraph;

/// Why stances could not be read.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum StanceError {
    /// A base score or stance is not a number in [0, 1].
    #[error(transparent)]
    Score(#[from] BaseScoreError),
    /// `stance` is not a map from participant to number.
    #[error("{place}: {claim} has stance {value}; write it as {{stance: {{name: 0.8, …}}}}")]
    NotAMap {
        /// `file:line:column` of the claim.
        place: String,
        /// `[Title]` or `<Title>`.
        claim: String,
        /// The value as written in JSON.
        value: String,
    },
    /// No claim has a stance for this participant.
    #[error("no claim has a stance for `{name}`; participants in the map: {}", known_list(.known))]
    UnknownParticipant {
        /// The name asked for.
        name: String,
        /// Participants found in the map's stances, in order of first appearance.
        known: Vec<String>,
    },
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        "none (no claim has `stance` data)".into()
    } else {
        known.join(", ")
    }
}

/// Every participant named in the map's stances, in order of first appearance, after
/// checking that every stance is a map of numbers in [0, 1].
pub fn participants(graph: &ArgumentGraph, view: &Dialectic) -> Result<Vec<String>, StanceError> {
    let mut out: Vec<String> = Vec::new();
    for c in 0..view.len() as Claim {
        let id = view.element(c);
        let Some(stance) = data(graph, id).get("stance") else {
            continue;
        };
        let Value::Object(map) = stance else {
            return Err(StanceError::NotAMap {
                place: place(graph, id),
                claim: element_ref(graph, id),
                value: stance.to_string(),
            });
        };
        for (name, value) in map {
            score(graph, id, &format!("stance.{name}"), value)?;
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
    }
    Ok(out)
}

/// A participant's base scores: their stance where they have one, else the claim's `base`
/// data, else 0.5.
pub fn participant_base_scores(
    graph: &ArgumentGraph,
    view: &Dialectic,
    participant: &str,
) -> Result<Vec<f64>, StanceError> {
    let known = participants(graph, view)?;
    if !known.iter().any(|k| k == participant) {
        return Err(StanceError::UnknownParticipant {
            name: participant.to_string(),
            known,
        });
    }
    let mut base = base_scores(graph, view, 0.5)?;
    for (c, b) in base.iter_mut().enumerate() {
        let id = view.element(c as Claim);
        if let Some(v) = data(graph, id)
            .get("stance")
            .and_then(|s| s.get(participant))
        {
            *b = score(graph, id, &format!("stance.{participant}"), v)?;
        }
    }
    Ok(base)
}

/// A claim that would move both participants toward each other.
#[derive(Clone, Debug, PartialEq)]
pub struct DoubleCrux {
    /// The claim.
    pub claim: Claim,
    /// Mean of the two fractions of the gap closed.
    pub score: f64,
    /// Each participant's stance on the claim (their base score).
    pub stances: [f64; 2],
    /// Each participant's strength of the conclusion after taking the other's stance.
    pub moved: [f64; 2],
    /// The fraction of the gap each of those moves closes.
    pub closed: [f64; 2],
}

/// The double cruxes of two participants for one conclusion.
#[derive(Clone, Debug, PartialEq)]
pub struct DoubleCruxReport {
    /// The conclusion.
    pub conclusion: Claim,
    /// The two participants.
    pub participants: [String; 2],
    /// The conclusion's strength under each participant's base scores.
    pub strengths: [f64; 2],
    /// Claims on which their stances differ, double cruxes or not.
    pub disputed: usize,
    /// Disputed claims left unscored: their effect passes through cycles too large to
    /// settle again within the budget.
    pub unscored: usize,
    /// The double cruxes, best first.
    pub cruxes: Vec<DoubleCrux>,
}

/// Finds the double cruxes of `participants` for `conclusion` (see the module
/// documentation).
pub fn double_cruxes(
    graph: &ArgumentGraph,
    view: &Dialectic,
    semantics: GradualSemantics,
    conclusion: Claim,
    participants: [&str; 2],
) -> Result<DoubleCruxReport, StanceError> {
    let bipolar = Bipolar::from_map(view);
    let base = [
        participant_base_scores(graph, view, participants[0])?,
        participant_base_scores(graph, view, participants[1])?,
    ];
    let options = GradualOptions::default();
    let strengths = [
        bipolar.evaluate(semantics, &base[0], options),
        bipolar.evaluate(semantics, &base[1], options),
    ];
    let impacts =
        [0, 1].map(|i| Impact::new(&bipolar, semantics, &base[i], &strengths[i].values, options));
    let mut scratch = [impacts[0].scratch(), impacts[1].scratch()];
    let at = [0, 1].map(|i| strengths[i].values[conclusion as usize]);
    let gap = at[1] - at[0];
    let mut disputed = 0;
    let mut unscored = 0;
    let mut cruxes = Vec::new();
    for x in 0..view.len() as Claim {
        let stances = [base[0][x as usize], base[1][x as usize]];
        if x == conclusion || stances[0] == stances[1] {
            continue;
        }
        disputed += 1;
        if gap == 0.0 {
            continue;
        }
        let moved = [0, 1].map(|i| {
            impacts[i].what_if_with(&mut scratch[i], conclusion, x, Change::Base(stances[1 - i]))
        });
        if moved.iter().any(|m| m.is_nan()) {
            unscored += 1;
            continue;
        }
        let closed = [(moved[0] - at[0]) / gap, (moved[1] - at[1]) / -gap];
        // Moves below rounding noise are no moves.
        if closed.iter().all(|&f| f > 1e-9) {
            cruxes.push(DoubleCrux {
                claim: x,
                score: (closed[0] + closed[1]) / 2.0,
                stances,
                moved,
                closed,
            });
        }
    }
    cruxes.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.claim.cmp(&b.claim)));
    Ok(DoubleCruxReport {
        conclusion,
        participants: participants.map(str::to_string),
        strengths: at,
        disputed,
        unscored,
        cruxes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(source: &str, conclusion: Claim) -> Result<DoubleCruxReport, StanceError> {
        let graph = crate::load(source, Some("m.argdown")).graph;
        let view = Dialectic::new(&graph);
        double_cruxes(
            &graph,
            &view,
            GradualSemantics::QuadraticEnergy,
            conclusion,
            ["ann", "bob"],
        )
    }

    #[test]
    fn a_disputed_reason_is_a_double_crux_and_a_shared_one_is_not() {
        let r = report(
            "[C]: c.\n  + [R]: r. {stance: {ann: 0.9, bob: 0.1}}\n  + [S]: s. {stance: {ann: 0.5, bob: 0.5}}\n",
            0,
        )
        .unwrap();
        assert_eq!(r.disputed, 1);
        assert_eq!(r.cruxes.len(), 1);
        let k = &r.cruxes[0];
        assert_eq!(k.claim, 1);
        // With R the only disputed claim, swapping stances on it swaps the strengths.
        assert!((k.moved[0] - r.strengths[1]).abs() < 1e-12);
        assert!((k.moved[1] - r.strengths[0]).abs() < 1e-12);
        assert!((k.score - 1.0).abs() < 1e-9);
    }

    #[test]
    fn a_claim_that_moves_only_one_side_toward_the_other_is_no_double_crux() {
        // Ann and Bob disagree on R (which raises C) and on O (which attacks C). Ann is
        // higher on both: R pulls Ann up, O pulls her down. Taking Bob's stance on O raises
        // Ann's strength, away from Bob.
        let r = report(
            "[C]: c.\n  + [R]: r. {stance: {ann: 1.0, bob: 0.0}}\n  - [O]: o. {stance: {ann: 0.6, bob: 0.4}}\n",
            0,
        )
        .unwrap();
        assert!(r.strengths[0] > r.strengths[1]);
        assert_eq!(r.disputed, 2);
        let ids: Vec<Claim> = r.cruxes.iter().map(|k| k.claim).collect();
        assert_eq!(ids, vec![1]);
    }

    #[test]
    fn unknown_participants_and_bad_stances_are_clear_errors() {
        let err = report("[C]: c.\n  + [R]: r. {stance: {ann: 0.9}}\n", 0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no claim has a stance for `bob`; participants in the map: ann"
        );
        let err = report("[C]: c.\n  + [R]: r. {stance: {ann: 2, bob: 0}}\n", 0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "m.argdown:2:5: [R] has stance.ann 2, which is not a number in [0, 1]"
        );
        let err = report("[C]: c.\n  + [R]: r. {stance: 0.4}\n", 0).unwrap_err();
        assert!(matches!(err, StanceError::NotAMap { .. }), "{err}");
    }
}
