//! Euler-based semantics (Amgoud and Ben-Naim, "Evaluation of arguments in weighted
//! bipolar graphs", IJAR 2018): a claim's strength from its base score and the summed
//! strength of its supporters minus that of its attackers, through an exponential.
//!
//! Owns only the influence function; the evaluation order, cycles and base scores are in
//! [`gradual`](super::gradual).
//!
//! Definition: with `E = Σ supporters − Σ attackers`, the strength of a claim with base
//! score `w` is `1 − (1 − w²) / (1 + w·e^E)`. With no parents it is `w`; a claim with base
//! score 0 stays at 0 whatever supports it, and support alone never reaches 1.
//!
//! # Complexity
//! O(1) per claim once its parents' sum is known.
//!
//! # Example
//! ```
//! use cruxmap::analysis::semantics::{Bipolar, GradualOptions, GradualSemantics};
//! // Claim 1 supports claim 0; base scores 0.5.
//! let map = Bipolar::new(2, &[], &[(1, 0)]);
//! let s = map.evaluate(GradualSemantics::Euler, &[0.5, 0.5], GradualOptions::default());
//! let expected = 1.0 - 0.75 / (1.0 + 0.5 * 0.5f64.exp());
//! assert!((s.values[0] - expected).abs() < 1e-12);
//! ```

/// The strength of a claim with base score `base` whose parents sum to `energy`.
pub(crate) fn strength(base: f64, energy: f64) -> f64 {
    // At E = 0 the formula is (1 + w − 1 + w²) / (1 + w) = w exactly; floating point would
    // be off by an ulp, and a claim with no net influence should keep its base score.
    if energy == 0.0 {
        return base;
    }
    // e^E overflows to infinity past E ≈ 709, where the strength is 1 (or 0 at base 0);
    // the formula gives that limit except at base 0, where it would be 0 · ∞.
    let grow = base * energy.exp();
    if grow.is_nan() {
        return 0.0;
    }
    1.0 - (1.0 - base * base) / (1.0 + grow)
}

#[cfg(test)]
mod tests {
    use super::strength;

    #[test]
    fn no_parents_keep_the_base_score() {
        for w in [0.0, 0.2, 0.5, 1.0] {
            assert!((strength(w, 0.0) - w).abs() < 1e-12, "{w}");
        }
    }

    #[test]
    fn a_huge_sum_neither_overflows_nor_lifts_base_zero() {
        assert_eq!(strength(0.0, 1e6), 0.0);
        assert!((strength(0.5, 1e6) - 1.0).abs() < 1e-12);
        assert!((strength(0.5, -1e6) - (1.0 - 0.75)).abs() < 1e-12);
    }
}
