//! Training: L2-regularised, class-weighted logistic regression, hyper-parameter chosen by inner
//! stratified cross-validation, Platt calibration and an F0.5 threshold on out-of-fold scores.

use crate::calibrate::{Platt, best_threshold};
use crate::features::{FeatureSpec, SparseVec, featurize};
use crate::lbfgs::Lbfgs;
use crate::metrics::stratified_folds;
use crate::model::{Model, Provenance};

/// A labelled feature vector.
#[derive(Clone, Debug)]
pub struct Example {
    /// Its features ([`featurize`]).
    pub vector: SparseVec,
    /// True for the positive class.
    pub label: bool,
}

impl Example {
    /// The example of a text with its extra features.
    pub fn new(text: &str, extras: &[&str], label: bool, spec: FeatureSpec) -> Example {
        Example { vector: featurize(text, extras, spec), label }
    }
}

/// How to train.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// The features.
    pub spec: FeatureSpec,
    /// Candidate L2 strengths λ (objective: mean weighted log-loss + λ/2 ‖w‖²); the one with
    /// the best out-of-fold F0.5 is kept (ties: the larger λ).
    pub lambdas: Vec<f64>,
    /// Folds of the inner cross-validation that gives out-of-fold scores.
    pub inner_folds: usize,
    /// Seed of the inner folds.
    pub seed: u64,
    /// L-BFGS iterations at most per fit.
    pub max_iter: usize,
    /// Whether callers pass extra features (rule codes); recorded in the model.
    pub extra_features: bool,
}

impl TrainOptions {
    /// The documented defaults of the shipped grooming model, with `seed`.
    pub fn grooming(seed: u64) -> TrainOptions {
        TrainOptions {
            spec: FeatureSpec::DEFAULT,
            lambdas: vec![1e-5, 3e-5, 1e-4],
            inner_folds: 5,
            seed,
            max_iter: 200,
            extra_features: false,
        }
    }

    /// Number of logistic-regression fits one [`train`] runs (for progress bars).
    pub fn fits(&self) -> usize {
        self.lambdas.len() * self.inner_folds + 1
    }
}

/// A fitted linear scorer: sparse weights by bucket and a bias.
#[derive(Clone, Debug)]
pub(crate) struct Linear {
    pub weights: Vec<(u32, f64)>,
    pub bias: f64,
}

impl Linear {
    pub(crate) fn logit(&self, v: &SparseVec, dense: &[f64]) -> f64 {
        self.bias + v.iter().map(|&(b, x)| dense[b as usize] * f64::from(x)).sum::<f64>()
    }

    pub(crate) fn dense(&self, spec: FeatureSpec) -> Vec<f64> {
        let mut d = vec![0.0; spec.buckets()];
        for &(b, w) in &self.weights {
            d[b as usize] = w;
        }
        d
    }
}

/// Trains on `data[idx]` (all of it when `idx` is `None`). `on_fit` is called after each fit.
pub fn train(
    data: &[Example],
    idx: Option<&[usize]>,
    opts: &TrainOptions,
    provenance: Provenance,
    on_fit: &mut dyn FnMut(),
) -> Model {
    let all: Vec<usize>;
    let idx = if let Some(i) = idx {
        i
    } else {
        all = (0..data.len()).collect();
        &all
    };
    assert!(!opts.lambdas.is_empty(), "at least one λ");
    let labels: Vec<bool> = idx.iter().map(|&i| data[i].label).collect();
    let folds = stratified_folds(&labels, opts.inner_folds, opts.seed);
    // (F0.5, λ, platt, threshold) of the best λ so far.
    let mut best: Option<(f64, f64, Platt, f64)> = None;
    for &lambda in &opts.lambdas {
        let mut oof = vec![0.0; idx.len()];
        for f in 0..opts.inner_folds {
            let train_idx: Vec<usize> =
                (0..idx.len()).filter(|&j| folds[j] != f).map(|j| idx[j]).collect();
            let lin = fit(data, &train_idx, lambda, opts);
            on_fit();
            let dense = lin.dense(opts.spec);
            for j in (0..idx.len()).filter(|&j| folds[j] == f) {
                oof[j] = lin.logit(&data[idx[j]].vector, &dense);
            }
        }
        let scored: Vec<(f64, bool)> = oof.iter().copied().zip(labels.iter().copied()).collect();
        let platt = Platt::fit(&scored);
        let probs: Vec<(f64, bool)> = scored.iter().map(|&(z, y)| (platt.prob(z), y)).collect();
        let (threshold, f05) = best_threshold(&probs);
        if best.as_ref().is_none_or(|b| f05 >= b.0) {
            best = Some((f05, lambda, platt, threshold));
        }
    }
    let (_, lambda, platt, threshold) = best.expect("one λ at least");
    let lin = fit(data, idx, lambda, opts);
    on_fit();
    Model::from_linear(&lin, opts, lambda, platt, threshold, provenance)
}

// Short names follow the notation of the objective (x, y, w, b, c, d, n, z, m, g).
#[allow(clippy::many_single_char_names)]
/// One L-BFGS fit of the weighted, L2-regularised logistic loss on `data[idx]`.
pub(crate) fn fit(data: &[Example], idx: &[usize], lambda: f64, opts: &TrainOptions) -> Linear {
    // Compact the buckets used by these examples into 0..d.
    let mut map = vec![u32::MAX; opts.spec.buckets()];
    let mut used: Vec<u32> = Vec::new();
    for &i in idx {
        for &(b, _) in &data[i].vector {
            if map[b as usize] == u32::MAX {
                map[b as usize] = 0;
                used.push(b);
            }
        }
    }
    used.sort_unstable();
    for (k, &b) in used.iter().enumerate() {
        map[b as usize] = k as u32;
    }
    let d = used.len();
    // CSR rows.
    let mut ptr = Vec::with_capacity(idx.len() + 1);
    let mut cols: Vec<u32> = Vec::new();
    let mut vals: Vec<f64> = Vec::new();
    ptr.push(0);
    for &i in idx {
        for &(b, x) in &data[i].vector {
            cols.push(map[b as usize]);
            vals.push(f64::from(x));
        }
        ptr.push(cols.len());
    }
    let pos = idx.iter().filter(|&&i| data[i].label).count().max(1);
    let neg = (idx.len() - pos).max(1);
    let n = idx.len() as f64;
    // Balanced class weights, summing to n.
    let (cw_pos, cw_neg) = (n / (2.0 * pos as f64), n / (2.0 * neg as f64));
    let y: Vec<f64> = idx.iter().map(|&i| if data[i].label { 1.0 } else { -1.0 }).collect();
    let c: Vec<f64> = idx.iter().map(|&i| if data[i].label { cw_pos } else { cw_neg }).collect();
    let mut theta = vec![0.0; d + 1]; // weights, then bias
    let objective = |t: &[f64], g: &mut [f64]| -> f64 {
        let (w, b) = (&t[..d], t[d]);
        g.fill(0.0);
        let mut loss = 0.0;
        for r in 0..idx.len() {
            let (lo, hi) = (ptr[r], ptr[r + 1]);
            let z = b + (lo..hi).map(|k| w[cols[k] as usize] * vals[k]).sum::<f64>();
            let m = y[r] * z;
            // log(1 + e^-m), stably; its derivative in z is -y σ(-m).
            loss += c[r] * if m > 0.0 { (-m).exp().ln_1p() } else { -m + m.exp().ln_1p() };
            let s = if m > 0.0 {
                let e = (-m).exp();
                e / (1.0 + e)
            } else {
                1.0 / (1.0 + m.exp())
            };
            let coef = -c[r] * y[r] * s / n;
            for k in lo..hi {
                g[cols[k] as usize] += coef * vals[k];
            }
            g[d] += coef;
        }
        let mut reg = 0.0;
        for j in 0..d {
            reg += w[j] * w[j];
            g[j] += lambda * w[j];
        }
        loss / n + 0.5 * lambda * reg
    };
    Lbfgs { memory: 10, max_iter: opts.max_iter, tol: 1e-6 }.minimize(&mut theta, objective);
    Linear {
        weights: used.iter().zip(&theta[..d]).map(|(&b, &w)| (b, w)).collect(),
        bias: theta[d],
    }
}
