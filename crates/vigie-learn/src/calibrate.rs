//! Platt scaling and the F0.5 decision threshold, fitted on out-of-fold scores.

use crate::lbfgs::Lbfgs;
use crate::metrics::Confusion;

/// `P(positive | logit z) = σ(a z + b)` (Platt 1999, with his smoothed targets).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Platt {
    /// Slope.
    pub a: f64,
    /// Intercept.
    pub b: f64,
}

/// The logistic function, computed without overflow.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

impl Platt {
    /// Fits `a`, `b` on `(logit, label)` pairs by maximum likelihood with targets
    /// `(N₊+1)/(N₊+2)` and `1/(N₋+2)`.
    pub fn fit(scored: &[(f64, bool)]) -> Platt {
        let pos = scored.iter().filter(|s| s.1).count() as f64;
        let neg = scored.len() as f64 - pos;
        let (hi, lo) = ((pos + 1.0) / (pos + 2.0), 1.0 / (neg + 2.0));
        let mut ab = vec![1.0, 0.0];
        Lbfgs { memory: 5, max_iter: 200, tol: 1e-9 }.minimize(&mut ab, |ab, g| {
            let (mut f, mut ga, mut gb) = (0.0, 0.0, 0.0);
            for &(z, y) in scored {
                let t = if y { hi } else { lo };
                let u = ab[0] * z + ab[1];
                // -[t log σ(u) + (1-t) log(1-σ(u))] = log(1+e^u) - t u
                f += if u > 0.0 { u + (-u).exp().ln_1p() } else { u.exp().ln_1p() } - t * u;
                let d = sigmoid(u) - t;
                ga += d * z;
                gb += d;
            }
            g[0] = ga;
            g[1] = gb;
            f
        });
        Platt { a: ab[0], b: ab[1] }
    }

    /// The calibrated probability of a logit.
    pub fn prob(&self, z: f64) -> f64 {
        sigmoid(self.a * z + self.b)
    }
}

/// The probability threshold that maximises F0.5 on `(probability, label)` pairs, and that F0.5.
///
/// Predict positive when `p >= threshold`. Candidates are midpoints between consecutive
/// distinct probabilities; ties go to the higher threshold (fewer alerts).
#[allow(clippy::float_cmp)] // equal probabilities form one cut, exactly
pub fn best_threshold(probs: &[(f64, bool)]) -> (f64, f64) {
    let mut sorted = probs.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let pos = sorted.iter().filter(|s| s.1).count();
    let mut c = Confusion { tp: 0, fp: 0, tn: sorted.len() - pos, fn_: pos };
    let mut best = (1.0, 0.0);
    let mut i = 0;
    while i < sorted.len() {
        let j = i + sorted[i..].iter().take_while(|s| s.0 == sorted[i].0).count();
        for s in &sorted[i..j] {
            if s.1 {
                c.tp += 1;
                c.fn_ -= 1;
            } else {
                c.fp += 1;
                c.tn -= 1;
            }
        }
        let f = c.f05();
        if f > best.1 {
            let next = sorted.get(j).map_or(0.0, |s| s.0);
            best = (f64::midpoint(sorted[i].0, next), f);
        }
        i = j;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platt_orders_and_centres_probabilities() {
        let scored: Vec<(f64, bool)> =
            (0..100).map(|i| (f64::from(i) / 10.0 - 5.0, i >= 50)).collect();
        let p = Platt::fit(&scored);
        assert!(p.a > 0.0);
        assert!(p.prob(-4.0) < 0.1 && p.prob(4.0) > 0.9, "{p:?}");
        assert!((p.prob(0.0) - 0.5).abs() < 0.15, "{p:?}");
    }

    #[test]
    fn threshold_separates_separable_scores() {
        let probs = [(0.9, true), (0.8, true), (0.3, false), (0.1, false)];
        let (t, f) = best_threshold(&probs);
        assert!((t - 0.55).abs() < 1e-12);
        assert!((f - 1.0).abs() < 1e-12);
        // One negative above every positive: the best cut still keeps the positives.
        let probs = [(0.95, false), (0.9, true), (0.8, true), (0.3, false)];
        let (t, f) = best_threshold(&probs);
        assert!((t - 0.55).abs() < 1e-12, "{t}");
        // P = 2/3, R = 1: F0.5 = 1.25·(2/3)/(0.25·(2/3)+1) = 5/7.
        assert!((f - 5.0 / 7.0).abs() < 1e-12, "{f}");
    }
}
