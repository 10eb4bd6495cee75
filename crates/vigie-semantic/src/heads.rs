//! Category heads: one logistic regression per category over the sentence embedding.
//!
//! Features are the 384 embedding values standardised with the training set's mean and spread
//! (e5 vectors share a large common direction; standardising lets a small L2 penalty work on
//! every dimension alike). Each head is trained by full-batch gradient descent with Nesterov
//! momentum on the class-weighted log loss (positives and negatives weigh the same in total) plus
//! an L2 penalty. Hand-written: 19 dense heads of 385 weights are a few matrix products
//! (`ndarray`), and `vigie-learn`'s trainer is built for sparse hashed features.
//!
//! One threshold serves every head: the smallest probability at which at most `max_share` of
//! benign French texts (kept apart from training) get any category ([`Heads::calibrate`]).

use ndarray::{Array1, Array2, Axis};
use serde::{Deserialize, Serialize};
use vigie_model::Category;

use crate::encoder::DIM;

/// A category needs this many positive training texts to get a head.
pub const MIN_POSITIVES: usize = 5;

/// Training options.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// L2 penalty on the weights (mean loss + `l2/2 · |w|²`).
    pub l2: f32,
    /// Gradient steps.
    pub steps: usize,
    /// Step size.
    pub learning_rate: f32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions { l2: 0.01, steps: 300, learning_rate: 0.5 }
    }
}

/// One category's logistic head.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Head {
    /// The category.
    pub category: Category,
    /// Weights on the standardised embedding.
    pub weights: Vec<f32>,
    /// Bias.
    pub bias: f32,
    /// Positive texts it was trained on.
    pub positives: usize,
}

/// The heads, their standardisation and the shared threshold.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Heads {
    /// Mean of each embedding dimension over the training texts.
    pub mean: Vec<f32>,
    /// Spread of each dimension (standard deviation, at least 1e-6).
    pub scale: Vec<f32>,
    /// One head per category with enough positives, in taxonomy order.
    pub heads: Vec<Head>,
    /// Probability a semantic-only category must reach (1.0 until calibrated).
    pub threshold: f32,
}

/// Categories that get no head: `minor_age_cue` is a multiplier found by age extraction, never a
/// harm alone.
fn headless(c: Category) -> bool {
    c == Category::MinorAgeCue
}

impl Heads {
    /// Trains one head per category with at least [`MIN_POSITIVES`] positives. `examples` pairs
    /// each embedding with its categories (empty for a negative).
    pub fn train(examples: &[(&[f32; DIM], &[Category])], options: TrainOptions) -> Heads {
        let n = examples.len();
        let mut x = Array2::<f32>::zeros((n, DIM));
        for (mut row, (e, _)) in x.rows_mut().into_iter().zip(examples) {
            row.assign(&Array1::from(e.to_vec()));
        }
        let mean = x.mean_axis(Axis(0)).unwrap_or_else(|| Array1::zeros(DIM));
        let scale = x.std_axis(Axis(0), 0.0).mapv(|s| s.max(1e-6));
        let z = (&x - &mean) / &scale;
        let categories: Vec<Category> = Category::ALL
            .iter()
            .copied()
            .filter(|&c| !headless(c))
            .filter(|&c| examples.iter().filter(|(_, cs)| cs.contains(&c)).count() >= MIN_POSITIVES)
            .collect();
        let heads = train_all(&z, examples, &categories, options);
        Heads { mean: mean.to_vec(), scale: scale.to_vec(), heads, threshold: 1.0 }
    }

    /// The probability of every head for one embedding, in head order.
    pub fn probabilities(&self, e: &[f32; DIM]) -> Vec<(Category, f32)> {
        let z: Vec<f32> =
            e.iter().zip(&self.mean).zip(&self.scale).map(|((v, m), s)| (v - m) / s).collect();
        self.heads
            .iter()
            .map(|h| {
                let logit = h.bias + h.weights.iter().zip(&z).map(|(w, v)| w * v).sum::<f32>();
                (h.category, sigmoid(logit))
            })
            .collect()
    }

    /// The highest head probability for one embedding.
    pub fn max_probability(&self, e: &[f32; DIM]) -> f32 {
        self.probabilities(e).into_iter().map(|(_, p)| p).fold(0.0, f32::max)
    }

    /// Sets the threshold to the smallest value at which at most `max_share` of `benign`
    /// embeddings get a category (a text at the threshold or above counts).
    pub fn calibrate(&mut self, benign: &[[f32; DIM]], max_share: f64) {
        let mut top: Vec<f32> = benign.iter().map(|e| self.max_probability(e)).collect();
        top.sort_by(|a, b| b.total_cmp(a));
        let allowed = (max_share * benign.len() as f64).floor() as usize;
        // Strictly above the (allowed + 1)-th highest benign probability.
        self.threshold = match top.get(allowed) {
            Some(&p) => next_up(p).max(0.5),
            None => 0.5,
        };
    }
}

fn next_up(p: f32) -> f32 {
    if p >= 1.0 { 1.0 } else { f32::from_bits(p.to_bits() + 1) }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

#[allow(clippy::many_single_char_names)] // z, y, w, b, r: the usual names of a logistic regression
/// Trains every head at once: the logits of all heads are one matrix product per step.
fn train_all(
    z: &Array2<f32>,
    examples: &[(&[f32; DIM], &[Category])],
    categories: &[Category],
    o: TrainOptions,
) -> Vec<Head> {
    let n = examples.len();
    let k = categories.len();
    let mut y = Array2::<f32>::zeros((n, k));
    for (i, (_, cs)) in examples.iter().enumerate() {
        for (j, c) in categories.iter().enumerate() {
            if cs.contains(c) {
                y[[i, j]] = 1.0;
            }
        }
    }
    let positives: Vec<usize> = y.sum_axis(Axis(0)).iter().map(|p| *p as usize).collect();
    // Class weights: in each head, positives and negatives weigh half of the total each.
    let mut sw = Array2::<f32>::zeros((n, k));
    for j in 0..k {
        let pos = positives[j].max(1) as f32;
        let neg = (n - positives[j]).max(1) as f32;
        for i in 0..n {
            sw[[i, j]] =
                if y[[i, j]] > 0.0 { n as f32 / (2.0 * pos) } else { n as f32 / (2.0 * neg) };
        }
    }
    let mut w = Array2::<f32>::zeros((DIM, k));
    let mut b = Array1::<f32>::zeros(k);
    let (mut vw, mut vb) = (Array2::<f32>::zeros((DIM, k)), Array1::<f32>::zeros(k));
    let momentum = 0.9f32;
    for _ in 0..o.steps {
        // Nesterov: the gradient at the look-ahead point.
        let wl = &w + &(&vw * momentum);
        let bl = &b + &(&vb * momentum);
        let logits = z.dot(&wl) + &bl;
        let r = (logits.mapv(sigmoid) - &y) * &sw / n as f32;
        let gw = z.t().dot(&r) + &wl * o.l2;
        let gb = r.sum_axis(Axis(0));
        vw = &vw * momentum - &(gw * o.learning_rate);
        vb = &vb * momentum - &(gb * o.learning_rate);
        w += &vw;
        b += &vb;
    }
    categories
        .iter()
        .enumerate()
        .map(|(j, &category)| Head {
            category,
            weights: w.column(j).to_vec(),
            bias: b[j],
            positives: positives[j],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: u32, shift: f32) -> [f32; DIM] {
        let mut v = [0.0f32; DIM];
        let mut s = seed.wrapping_mul(2_654_435_761).max(1);
        for x in &mut v {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            *x = (s % 1000) as f32 / 1000.0 - 0.5;
        }
        // The class shows on 32 of the 384 dimensions, as a topic shows in an embedding.
        for x in &mut v[..32] {
            *x += shift;
        }
        v
    }

    #[test]
    fn a_head_separates_what_it_was_shown_and_the_threshold_bounds_benign_hits() {
        let cat = [Category::PimpingOffer];
        let none: [Category; 0] = [];
        let pos: Vec<[f32; DIM]> = (0..20).map(|i| unit(i, 0.5)).collect();
        let neg: Vec<[f32; DIM]> = (100..300).map(|i| unit(i, 0.0)).collect();
        let mut ex: Vec<(&[f32; DIM], &[Category])> = pos.iter().map(|e| (e, &cat[..])).collect();
        ex.extend(neg.iter().map(|e| (e, &none[..])));
        let mut heads = Heads::train(&ex, TrainOptions::default());
        assert_eq!(heads.heads.len(), 1);
        let benign: Vec<[f32; DIM]> = (300..500).map(|i| unit(i, 0.0)).collect();
        heads.calibrate(&benign, 0.01);
        let over = benign.iter().filter(|e| heads.max_probability(e) >= heads.threshold).count();
        assert!(over <= 2, "{over} benign over the threshold");
        let fresh: Vec<[f32; DIM]> = (500..520).map(|i| unit(i, 0.5)).collect();
        let caught = fresh.iter().filter(|e| heads.max_probability(e) >= heads.threshold).count();
        assert!(caught >= 15, "only {caught} of 20 unseen positives");
    }
}
