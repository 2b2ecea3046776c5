//! Acceptance semantics: which claims stand, fall, or stay open, given every attack and
//! support in the map.
//!
//! The map is read as a *bipolar argumentation framework with deductive support*
//! (Boella, Gabbay, van der Torre and Villata, "Support in abstract argumentation", 2010;
//! Cayrol and Lagasquie-Schiex, "Bipolarity in argumentation graphs", 2013): `a` supports
//! `b` means that accepting `a` commits one to `b`. Two kinds of attack follow from
//! support, besides the attacks the author wrote:
//!
//! - *supported attack*: `a` supports … supports `x`, and `x` attacks `y`: `a` attacks `y`;
//! - *mediated attack*: `a` supports … supports `y`, and `x` attacks `y`: `x` attacks `a`.
//!
//! The resulting Dung framework (see [`Framework::complex_attacks`]) is evaluated under
//! grounded, preferred and stable semantics. In the map, support relations and an argument's
//! link to its conclusion are deductive support; an argument *needs* each of its premises,
//! which deductively is the argument supporting the premise (accepting the argument commits
//! one to every premise), so an attack on any premise counts against the argument.
//!
//! Why this reading: it is the one with an exact translation to a plain attack graph, so
//! answers can be checked against the competition solvers on the exported graph; it never
//! lets a pile of reasons outweigh an unanswered objection; and the question "what does this
//! conclusion rest on" is answered separately, by support dominators (see `cruxes`).
//!
//! Two other readings are offered ([`SupportReading`]): *necessary* support (a claim needs
//! each of its reasons; the same machinery with support read backwards) and support
//! ignored (plain Dung semantics over the attacks).
//!
//! Evaluation works on the map itself, never on the (possibly quadratic) closure: claims
//! joined by a cycle of support share one label, and with that, a claim is *in* exactly when
//! every direct attacker of it is *out* and everything it supports is *in*, and *out* when a
//! direct attacker is *in* or something it supports is *out*. `grounded` is then one linear
//! propagation and `sat` encodes these two rules.
//!
//! Beside these labels, three *gradual* semantics give every claim a strength in [0, 1]
//! from base scores (see [`Bipolar`]): quadratic energy, DF-QuAD and Euler-based.

mod df_quad;
mod euler;
mod framework;
mod gradual;
mod grounded;
mod quadratic_energy;
mod sat;

pub use framework::{Framework, SupportReading};
pub(crate) use gradual::{Aggregate, data, place, score};
pub use gradual::{
    BaseScoreError, Bipolar, GradualOptions, GradualSemantics, Strengths, Unconverged, base_scores,
};
pub use grounded::grounded_labelling;
pub use sat::{Extensions, SatOptions, preferred_extensions, stable_extensions};

use crate::analysis::view::Claim;

/// The status of a claim under a semantics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// Accepted.
    In,
    /// Rejected: an accepted claim attacks it (directly, or through what it supports).
    Out,
    /// Neither.
    Undecided,
}

impl Label {
    /// `in`, `out` or `undecided`.
    pub fn name(self) -> &'static str {
        match self {
            Label::In => "in",
            Label::Out => "out",
            Label::Undecided => "undecided",
        }
    }
}

/// Why a claim has its label, in terms of its direct neighbours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// In: nothing attacks it and it supports nothing that is not in.
    Unchallenged,
    /// In: every direct attacker is out (listed) and everything it supports is in.
    Defended {
        /// The attackers, all out.
        attackers: Vec<Claim>,
    },
    /// Out: this attacker, which is in, attacks `target` (the claim itself or a claim
    /// joined to it by a cycle of support).
    AttackedBy {
        /// The accepted attacker.
        attacker: Claim,
        /// The claim it attacks.
        target: Claim,
    },
    /// Out: it supports (commits to) this claim, which is out.
    SupportsRejected {
        /// The rejected claim it supports.
        claim: Claim,
    },
    /// Undecided: these direct attackers are undecided, or these claims it supports are.
    Open {
        /// Undecided attackers.
        attackers: Vec<Claim>,
        /// Undecided claims it supports.
        supports: Vec<Claim>,
    },
}

/// A label for every claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labelling {
    /// Indexed by claim.
    pub labels: Vec<Label>,
}

impl Labelling {
    /// The claims labelled `label`, in order.
    pub fn with(&self, label: Label) -> Vec<Claim> {
        (0..self.labels.len() as Claim)
            .filter(|&c| self.labels[c as usize] == label)
            .collect()
    }

    /// Explains the label of `claim` by its direct attackers and what it supports.
    pub fn reason(&self, framework: &Framework, claim: Claim) -> Reason {
        let label = |c: Claim| self.labels[c as usize];
        let members = framework.unit_members(claim);
        let inside = |c: Claim| members.contains(&c);
        let attackers: Vec<(Claim, Claim)> = members
            .iter()
            .flat_map(|&m| framework.attackers_of(m).iter().map(move |&a| (a, m)))
            .collect();
        let supports: Vec<Claim> = members
            .iter()
            .flat_map(|&m| framework.supports_of(m).iter().copied())
            .filter(|&s| !inside(s))
            .collect();
        match label(claim) {
            Label::Out => {
                if let Some(&(attacker, target)) =
                    attackers.iter().find(|&&(a, _)| label(a) == Label::In)
                {
                    Reason::AttackedBy { attacker, target }
                } else {
                    let claim = supports
                        .iter()
                        .copied()
                        .find(|&s| label(s) == Label::Out)
                        .unwrap_or(claim);
                    Reason::SupportsRejected { claim }
                }
            }
            Label::In if attackers.is_empty() => Reason::Unchallenged,
            Label::In => Reason::Defended {
                attackers: dedup(attackers.iter().map(|&(a, _)| a)),
            },
            Label::Undecided => Reason::Open {
                attackers: dedup(
                    attackers
                        .iter()
                        .map(|&(a, _)| a)
                        .filter(|&a| label(a) == Label::Undecided),
                ),
                supports: dedup(
                    supports
                        .into_iter()
                        .filter(|&s| label(s) == Label::Undecided),
                ),
            },
        }
    }
}

fn dedup(claims: impl Iterator<Item = Claim>) -> Vec<Claim> {
    let mut out: Vec<Claim> = claims.collect();
    out.sort_unstable();
    out.dedup();
    out
}
