//! Calibration helpers: Platt scaling of a raw score into a probability, and the expected
//! calibration error of probabilities against outcomes.

/// Platt scaling parameters `(a, b)`: a raw score `x` becomes `1 / (1 + exp(-(a x + b)))`.
pub type Platt = (f64, f64);

/// Applies Platt scaling `(a, b)` to the raw score `x`.
pub fn platt(params: Platt, x: f64) -> f64 {
    sigmoid(params.0 * x + params.1)
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// The log-odds of a probability, clamped away from 0 and 1: a handy raw score for
/// [`platt_fit`] when the score is itself a probability.
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

/// Fits Platt scaling to raw `scores` and their outcomes `labels` (true: the event
/// happened): maximum likelihood with Platt's smoothed targets `(N+ + 1) / (N+ + 2)` and
/// `1 / (N- + 2)`, by Newton's method (Lin, Lin & Weng 2007). Deterministic; `(1, 0)` for
/// no data.
pub fn platt_fit(scores: &[f64], labels: &[bool]) -> Platt {
    let n = scores.len().min(labels.len());
    if n == 0 {
        return (1.0, 0.0);
    }
    let pos = labels[..n].iter().filter(|&&l| l).count() as f64;
    let neg = n as f64 - pos;
    let hi = (pos + 1.0) / (pos + 2.0);
    let lo = 1.0 / (neg + 2.0);
    let targets: Vec<f64> = labels[..n]
        .iter()
        .map(|&l| if l { hi } else { lo })
        .collect();
    let loss = |a: f64, b: f64| -> f64 {
        scores[..n]
            .iter()
            .zip(&targets)
            .map(|(&x, &t)| {
                let z = a * x + b;
                // -t log p - (1 - t) log(1 - p), stably.
                let log1pexp = if z > 0.0 {
                    z + (-z).exp().ln_1p()
                } else {
                    z.exp().ln_1p()
                };
                log1pexp - t * z
            })
            .sum()
    };
    let (mut a, mut b) = (1.0, ((pos + 1.0) / (neg + 1.0)).ln());
    let mut f = loss(a, b);
    for _ in 0..100 {
        let (mut g1, mut g2, mut h11, mut h22, mut h21) = (0.0, 0.0, 1e-12, 1e-12, 0.0);
        for (&x, &t) in scores[..n].iter().zip(&targets) {
            let p = sigmoid(a * x + b);
            let d = p - t;
            let w = p * (1.0 - p);
            g1 += d * x;
            g2 += d;
            h11 += w * x * x;
            h22 += w;
            h21 += w * x;
        }
        if g1.abs() < 1e-9 && g2.abs() < 1e-9 {
            break;
        }
        let det = h11 * h22 - h21 * h21;
        if det.abs() < 1e-15 {
            break;
        }
        let da = -(h22 * g1 - h21 * g2) / det;
        let db = -(-h21 * g1 + h11 * g2) / det;
        // Backtracking line search.
        let mut step = 1.0;
        loop {
            let (na, nb) = (a + step * da, b + step * db);
            let nf = loss(na, nb);
            if nf < f + 1e-4 * step * (g1 * da + g2 * db) {
                a = na;
                b = nb;
                f = nf;
                break;
            }
            step /= 2.0;
            if step < 1e-10 {
                return (a, b);
            }
        }
    }
    (a, b)
}

/// The expected calibration error of `probs` against `labels` over `bins` equal-width bins:
/// the mean, weighted by bin size, of |share of true labels − mean probability| per bin.
pub fn expected_calibration_error(probs: &[f64], labels: &[bool], bins: usize) -> f64 {
    let n = probs.len().min(labels.len());
    if n == 0 || bins == 0 {
        return 0.0;
    }
    let mut count = vec![0usize; bins];
    let mut conf = vec![0f64; bins];
    let mut hits = vec![0f64; bins];
    for (&p, &l) in probs[..n].iter().zip(&labels[..n]) {
        let b = ((p.clamp(0.0, 1.0) * bins as f64) as usize).min(bins - 1);
        count[b] += 1;
        conf[b] += p;
        hits[b] += f64::from(u8::from(l));
    }
    (0..bins)
        .filter(|&b| count[b] > 0)
        .map(|b| (hits[b] - conf[b]).abs())
        .sum::<f64>()
        / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores spread over [-3, 3] with outcomes that happen with probability sigmoid(2x - 1),
    /// made deterministic by taking the first round(k p) of every k repeats.
    fn synthetic() -> (Vec<f64>, Vec<bool>) {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for i in 0..61 {
            let x = -3.0 + f64::from(i) * 0.1;
            let p = sigmoid(2.0 * x - 1.0);
            let k = 50;
            let pos = (p * f64::from(k)).round() as i32;
            for j in 0..k {
                xs.push(x);
                ys.push(j < pos);
            }
        }
        (xs, ys)
    }

    #[test]
    fn platt_recovers_the_generating_slope_and_offset() {
        let (xs, ys) = synthetic();
        let (a, b) = platt_fit(&xs, &ys);
        assert!((a - 2.0).abs() < 0.15, "a = {a}");
        assert!((b + 1.0).abs() < 0.15, "b = {b}");
        assert!((platt((a, b), 0.5) - 0.5).abs() < 0.05);
        assert_eq!(platt_fit(&[], &[]), (1.0, 0.0));
    }

    #[test]
    fn calibrated_probabilities_have_a_small_ece_and_raw_ones_a_large_one() {
        let (xs, ys) = synthetic();
        let params = platt_fit(&xs, &ys);
        let calibrated: Vec<f64> = xs.iter().map(|&x| platt(params, x)).collect();
        let ece = expected_calibration_error(&calibrated, &ys, 10);
        assert!(ece < 0.03, "ece {ece}");
        // Overconfident: everything at 0.99 while only about 4 in 10 happen.
        let over = vec![0.99; ys.len()];
        let share = ys.iter().filter(|&&y| y).count() as f64 / ys.len() as f64;
        let bad = expected_calibration_error(&over, &ys, 10);
        assert!((bad - (0.99 - share)).abs() < 1e-9, "{bad} vs {share}");
        assert_eq!(expected_calibration_error(&[], &[], 10), 0.0);
    }

    #[test]
    fn logit_inverts_the_sigmoid_and_clamps() {
        assert!((sigmoid(logit(0.3)) - 0.3).abs() < 1e-12);
        assert!(logit(0.0).is_finite() && logit(1.0).is_finite());
    }
}
