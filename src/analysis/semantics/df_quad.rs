//! DF-QuAD semantics (Rago, Toni, Aurisicchio and Baroni, "Discontinuity-free decision
//! support with quantitative argumentation debates", KR 2016): attackers and supporters
//! are each combined as independent probabilities, and the stronger side moves the base
//! score toward 0 or 1 by the difference.
//!
//! Owns only the influence function; the evaluation order, cycles and base scores are in
//! [`gradual`](super::gradual).
//!
//! Definition: `F(v₁ … vₙ) = 1 − Π(1 − vᵢ)` (0 for none); with `a = F(attackers)` and
//! `s = F(supporters)`, the strength of a claim with base score `w` is `w − w·(a − s)` when
//! `a ≥ s` and `w + (1 − w)·(s − a)` otherwise.
//!
//! # Complexity
//! O(1) per claim once its two products are known.
//!
//! # Example
//! ```
//! use cruxmap::analysis::semantics::{Bipolar, GradualOptions, GradualSemantics};
//! // Claims 1 and 2 attack claim 0; base scores 0.5.
//! let map = Bipolar::new(3, &[(1, 0), (2, 0)], &[]);
//! let s = map.evaluate(GradualSemantics::DfQuad, &[0.5; 3], GradualOptions::default());
//! assert!((s.values[0] - 0.125).abs() < 1e-12); // a = 1 − 0.5 · 0.5 = 0.75
//! ```

/// The strength of a claim with base score `base`, given `Π(1 − v)` over its attackers and
/// over its supporters.
pub(crate) fn strength(base: f64, attack_product: f64, support_product: f64) -> f64 {
    let attack = 1.0 - attack_product;
    let support = 1.0 - support_product;
    if attack >= support {
        base - base * (attack - support)
    } else {
        base + (1.0 - base) * (support - attack)
    }
}

#[cfg(test)]
mod tests {
    use super::strength;

    #[test]
    fn balanced_parents_keep_the_base_score() {
        assert_eq!(strength(0.3, 1.0, 1.0), 0.3);
        assert!((strength(0.3, 0.5, 0.5) - 0.3).abs() < 1e-12);
    }

    #[test]
    fn a_full_strength_attacker_with_no_support_zeroes_the_claim() {
        assert_eq!(strength(0.8, 0.0, 1.0), 0.0);
        assert_eq!(strength(0.8, 1.0, 0.0), 1.0);
    }
}
