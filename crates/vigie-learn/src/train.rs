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

/// How feature values are weighted before the fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weighting {
    /// As they are.
    Plain,
    /// Each feature scaled by its naive-Bayes log-count ratio
    /// `r = ln((1 + df₊) / (d + Σdf₊)) − ln((1 + df₋) / (d + Σdf₋))` over the training rows
    /// (document frequencies per class, add-one smoothing), as in Wang & Manning's NBSVM (ACL
    /// 2012): a feature that separates the classes gets a lighter L2 penalty than one that does
    /// not. The model keeps `w·r` as its weights, so scoring is unchanged.
    NaiveBayes,
}

/// How to train.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// The features.
    pub spec: FeatureSpec,
    /// Candidate L2 strengths λ (objective: mean weighted log-loss + λ/2 ‖w‖²); the one with
    /// the best out-of-fold F0.5 is kept (ties: the larger λ).
    pub lambdas: Vec<f64>,
    /// Candidate weightings, chosen with λ by the same inner cross-validation.
    pub weightings: Vec<Weighting>,
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
            weightings: vec![Weighting::Plain, Weighting::NaiveBayes],
            inner_folds: 5,
            seed,
            max_iter: 200,
            extra_features: false,
        }
    }

    /// Number of logistic-regression fits one [`train`] runs (for progress bars).
    pub fn fits(&self) -> usize {
        self.lambdas.len() * self.weightings.len() * self.inner_folds + 1
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
    assert!(!opts.weightings.is_empty(), "at least one weighting");
    let labels: Vec<bool> = idx.iter().map(|&i| data[i].label).collect();
    let folds = stratified_folds(&labels, opts.inner_folds, opts.seed);
    // (F0.5, weighting, λ, platt, threshold) of the best candidate so far; candidates in the
    // order given, λ inner, so ties go to the later weighting and the larger λ.
    let mut best: Option<(f64, Weighting, f64, Platt, f64)> = None;
    let candidates =
        opts.weightings.iter().flat_map(|&w| opts.lambdas.iter().map(move |&l| (w, l)));
    for (weighting, lambda) in candidates {
        let mut oof = vec![0.0; idx.len()];
        for f in 0..opts.inner_folds {
            let train_idx: Vec<usize> =
                (0..idx.len()).filter(|&j| folds[j] != f).map(|j| idx[j]).collect();
            let lin = fit(data, &train_idx, lambda, weighting, opts);
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
            best = Some((f05, weighting, lambda, platt, threshold));
        }
    }
    let (_, weighting, lambda, platt, threshold) = best.expect("one candidate at least");
    let lin = fit(data, idx, lambda, weighting, opts);
    on_fit();
    Model::from_linear(&lin, opts, weighting, lambda, platt, threshold, provenance)
}

// Short names follow the notation of the objective (x, y, w, b, c, d, n, z, m, g).
#[allow(clippy::many_single_char_names)]
/// One L-BFGS fit of the weighted, L2-regularised logistic loss on `data[idx]`.
pub(crate) fn fit(
    data: &[Example],
    idx: &[usize],
    lambda: f64,
    weighting: Weighting,
    opts: &TrainOptions,
) -> Linear {
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
    let ratios = (weighting == Weighting::NaiveBayes).then(|| {
        let (mut df_pos, mut df_neg) = (vec![0.0f64; d], vec![0.0f64; d]);
        for (r, &i) in idx.iter().enumerate() {
            let df = if data[i].label { &mut df_pos } else { &mut df_neg };
            for &col in &cols[ptr[r]..ptr[r + 1]] {
                df[col as usize] += 1.0;
            }
        }
        let total_pos = df_pos.iter().sum::<f64>() + d as f64;
        let total_neg = df_neg.iter().sum::<f64>() + d as f64;
        (0..d)
            .map(|j| ((1.0 + df_pos[j]) / total_pos).ln() - ((1.0 + df_neg[j]) / total_neg).ln())
            .collect::<Vec<f64>>()
    });
    if let Some(ratios) = &ratios {
        for (v, &col) in vals.iter_mut().zip(&cols) {
            *v *= ratios[col as usize];
        }
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
    // Back to the unscaled features: the model scores `x·(w∘r)`.
    let scale = |j: usize| ratios.as_ref().map_or(1.0, |r| r[j]);
    Linear {
        weights: used
            .iter()
            .zip(&theta[..d])
            .enumerate()
            .map(|(j, (&b, &w))| (b, w * scale(j)))
            .collect(),
        bias: theta[d],
    }
}
