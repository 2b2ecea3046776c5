//! Quadratic-energy semantics (Potyka, "Continuous dynamical systems for weighted bipolar
//! argumentation", KR 2018): a claim's strength from its base score and the *energy* of
//! its parents, the summed strength of its supporters minus that of its attackers.
//!
//! Owns only the influence function; the evaluation order, cycles and base scores are in
//! [`gradual`](super::gradual).
//!
//! Definition: with energy `E = Σ supporters − Σ attackers` and `h(x) = max(x, 0)² / (1 +
//! max(x, 0)²)`, the strength of a claim with base score `w` is
//! `w − w·h(−E) + (1 − w)·h(E)`. With no parents `E = 0` and the strength is `w`.
//!
//! # Complexity
//! O(1) per claim once its energy is known.
//!
//! # Example
//! ```
//! use cruxmap::analysis::semantics::{Bipolar, GradualOptions, GradualSemantics};
//! // Claim 1 attacks claim 0; base scores 0.5.
//! let map = Bipolar::new(2, &[(1, 0)], &[]);
//! let s = map.evaluate(GradualSemantics::QuadraticEnergy, &[0.5, 0.5], GradualOptions::default());
//! assert!((s.values[0] - 0.4).abs() < 1e-12); // 0.5 − 0.5 · (0.25 / 1.25)
//! ```

/// The strength of a claim with base score `base` whose parents have energy `energy`.
pub(crate) fn strength(base: f64, energy: f64) -> f64 {
    let h = |x: f64| {
        let x = x.max(0.0);
        x * x / (1.0 + x * x)
    };
    base - base * h(-energy) + (1.0 - base) * h(energy)
}

#[cfg(test)]
mod tests {
    use super::strength;

    #[test]
    fn no_energy_keeps_the_base_score() {
        assert_eq!(strength(0.3, 0.0), 0.3);
    }

    #[test]
    fn one_supporter_at_full_strength_closes_half_the_distance_to_one() {
        // h(1) = 1/2: 0.5 + 0.5 · 0.5.
        assert!((strength(0.5, 1.0) - 0.75).abs() < 1e-12);
        assert!((strength(0.5, -1.0) - 0.25).abs() < 1e-12);
    }
}
