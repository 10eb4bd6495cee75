//! A trained model: scoring with explanations.

use sha2::{Digest as _, Sha256};

use crate::calibrate::Platt;
use crate::features::{
    FeatureKind, FeatureSpec, Occurrence, SparseVec, counts, for_each_ngram, occurrence_text,
    vectorize,
};
use crate::hash::bucket;
use crate::train::{Linear, TrainOptions, Weighting};

/// Which data and seed produced a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// File name of the training data (no directory).
    pub data_name: String,
    /// SHA-256 of the training data file.
    pub data_sha256: [u8; 32],
    /// Seed of the training.
    pub seed: u64,
}

impl Provenance {
    /// The provenance of a training on the file `name` with contents `bytes`.
    pub fn of_data(name: &str, bytes: &[u8], seed: u64) -> Provenance {
        Provenance { data_name: name.to_owned(), data_sha256: Sha256::digest(bytes).into(), seed }
    }

    /// The data hash in lower-case hex.
    pub fn sha256_hex(&self) -> String {
        use std::fmt::Write as _;
        self.data_sha256.iter().fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }
}

/// A calibrated linear model over hashed n-gram features.
///
/// Build one with [`train`](crate::train()) or [`Model::from_bytes`]; the shipped model is
/// [`crate::shipped::grooming_en`].
#[derive(Clone, Debug)]
pub struct Model {
    pub(crate) spec: FeatureSpec,
    pub(crate) extra_features: bool,
    /// How the features were weighted when fitting (the weights already include it).
    pub(crate) weighting: Weighting,
    pub(crate) lambda: f64,
    pub(crate) inner_folds: u8,
    pub(crate) max_iter: u32,
    pub(crate) platt: Platt,
    pub(crate) threshold: f64,
    pub(crate) bias: f64,
    /// Weight of one quantisation step.
    pub(crate) scale: f64,
    /// Non-zero quantised weights, by increasing bucket.
    pub(crate) quantised: Vec<(u32, i16)>,
    pub(crate) provenance: Provenance,
    /// `quantised · scale`, one per bucket.
    pub(crate) dense: Vec<f32>,
}

/// The model's view of a text.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelScore {
    /// Calibrated probability of the positive class.
    pub probability: f64,
    /// Raw linear score before calibration.
    pub logit: f64,
    /// True when `probability >= threshold` (the model's decision).
    pub alert: bool,
    /// The largest positive contributions, largest first; ties in bucket order, so the first
    /// `k` of a longer list are the top `k`.
    pub contributions: Vec<Contribution>,
}

/// One feature's share of a score, with where it occurs.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    /// The n-gram as normalised text (`<` `>` mark the ends of a word in a char n-gram), or the
    /// extra feature (rule code). Several texts sharing one bucket are joined with ` | `.
    pub feature: String,
    /// Word n-gram, char n-gram or extra feature.
    pub kind: FeatureKind,
    /// Its contribution to the logit (`weight × value`).
    pub weight: f64,
    /// Where its n-grams occur in the ORIGINAL text, in text order; empty for extra features
    /// (the caller knows where its rules matched).
    pub spans: Vec<vigie_model::Span>,
}

/// Contributions returned by [`Model::score`].
pub const DEFAULT_TOP_K: usize = 10;

impl Model {
    pub(crate) fn from_linear(
        lin: &Linear,
        opts: &TrainOptions,
        weighting: Weighting,
        lambda: f64,
        platt: Platt,
        threshold: f64,
        provenance: Provenance,
    ) -> Model {
        let max = lin.weights.iter().fold(0.0f64, |m, &(_, w)| m.max(w.abs()));
        let scale = if max > 0.0 { max / f64::from(i16::MAX) } else { 1.0 };
        let quantised: Vec<(u32, i16)> = lin
            .weights
            .iter()
            .map(|&(b, w)| (b, (w / scale).round() as i16))
            .filter(|&(_, q)| q != 0)
            .collect();
        Model::assemble(
            opts.spec,
            opts.extra_features,
            weighting,
            lambda,
            opts.inner_folds as u8,
            opts.max_iter as u32,
            platt,
            threshold,
            lin.bias,
            scale,
            quantised,
            provenance,
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble(
        spec: FeatureSpec,
        extra_features: bool,
        weighting: Weighting,
        lambda: f64,
        inner_folds: u8,
        max_iter: u32,
        platt: Platt,
        threshold: f64,
        bias: f64,
        scale: f64,
        quantised: Vec<(u32, i16)>,
        provenance: Provenance,
    ) -> Model {
        let mut dense = vec![0.0f32; spec.buckets()];
        for &(b, q) in &quantised {
            dense[b as usize] = (f64::from(q) * scale) as f32;
        }
        Model {
            spec,
            extra_features,
            weighting,
            lambda,
            inner_folds,
            max_iter,
            platt,
            threshold,
            bias,
            scale,
            quantised,
            provenance,
            dense,
        }
    }

    /// The feature spec.
    pub fn spec(&self) -> FeatureSpec {
        self.spec
    }

    /// Whether the model was trained with extra features (rule codes `rule:CODE`): pass them
    /// to [`Model::score`] if so, an empty slice otherwise.
    pub fn uses_extra_features(&self) -> bool {
        self.extra_features
    }

    /// How the features were weighted when fitting, as chosen by the inner cross-validation.
    pub fn weighting(&self) -> Weighting {
        self.weighting
    }

    /// The decision threshold on the calibrated probability.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The L2 strength chosen at training.
    pub fn lambda(&self) -> f64 {
        self.lambda
    }

    /// Platt calibration parameters.
    pub fn calibration(&self) -> Platt {
        self.platt
    }

    /// Which data and seed produced the model.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// Number of non-zero weights.
    pub fn non_zero_weights(&self) -> usize {
        self.quantised.len()
    }

    pub(crate) fn weight(&self, bucket: u32) -> f64 {
        f64::from(self.dense[bucket as usize])
    }

    pub(crate) fn decide(&self, logit: f64) -> (f64, bool) {
        let p = self.platt.prob(logit);
        (p, p >= self.threshold)
    }

    /// The `(probability, logit, alert)` of a feature vector built with [`featurize`] and this
    /// model's [`spec`](Model::spec).
    ///
    /// [`featurize`]: crate::featurize
    pub fn score_vector(&self, vector: &SparseVec) -> (f64, f64, bool) {
        let logit =
            self.bias + vector.iter().map(|&(b, x)| self.weight(b) * f64::from(x)).sum::<f64>();
        let (p, alert) = self.decide(logit);
        (p, logit, alert)
    }

    /// Scores an original text with its extra features, with the [`DEFAULT_TOP_K`] largest
    /// contributions.
    pub fn score(&self, text: &str, extras: &[&str]) -> ModelScore {
        self.score_normalized(&vigie_text::normalize(text), extras, DEFAULT_TOP_K)
    }

    /// The calibrated probability only (no explanation), the fastest path.
    pub fn probability(&self, norm: &vigie_text::Normalized, extras: &[&str]) -> f64 {
        self.score_normalized(norm, extras, 0).probability
    }

    /// Scores a text already normalised by [`vigie_text::normalize`] (spans refer to its
    /// original), with the `top_k` largest positive contributions.
    pub fn score_normalized(
        &self,
        norm: &vigie_text::Normalized,
        extras: &[&str],
        top_k: usize,
    ) -> ModelScore {
        let text = norm.as_str();
        let mask = self.spec.mask();
        // Occurrences are kept for the explanation, so that it needs no second hashing pass.
        let mut occurrences = Vec::new();
        let mut buckets = Vec::with_capacity(text.len() * 4);
        for_each_ngram(text, self.spec, |o| {
            buckets.push(o.bucket);
            if top_k > 0 {
                occurrences.push(o);
            }
        });
        let extra_buckets: Vec<u32> =
            extras.iter().map(|e| bucket(FeatureKind::Extra.namespace(), e, mask)).collect();
        let vector = vectorize(&counts(&mut buckets), &extra_buckets);
        let parts: Vec<(u32, f64)> =
            vector.iter().map(|&(b, x)| (b, self.weight(b) * f64::from(x))).collect();
        let logit = self.bias + parts.iter().map(|p| p.1).sum::<f64>();
        let (probability, alert) = self.decide(logit);
        let contributions = if top_k == 0 {
            Vec::new()
        } else {
            self.explain(norm, &occurrences, extras, &parts, top_k)
        };
        ModelScore { probability, logit, alert, contributions }
    }

    fn explain(
        &self,
        norm: &vigie_text::Normalized,
        occurrences: &[Occurrence],
        extras: &[&str],
        parts: &[(u32, f64)],
        top_k: usize,
    ) -> Vec<Contribution> {
        let mut top: Vec<(u32, f64)> = parts.iter().copied().filter(|p| p.1 > 0.0).collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(top_k);
        // Positions in `top` (largest first) by bucket, to find an occurrence's entry.
        let mut by_bucket: Vec<(u32, usize)> =
            top.iter().enumerate().map(|(k, p)| (p.0, k)).collect();
        by_bucket.sort_unstable();
        let find =
            |b: u32| by_bucket.binary_search_by_key(&b, |p| p.0).ok().map(|i| by_bucket[i].1);
        // Per chosen bucket: texts (first-seen order), kind, spans.
        let mut found: Vec<(Vec<String>, Option<FeatureKind>, Vec<vigie_model::Span>)> =
            vec![(Vec::new(), None, Vec::new()); top.len()];
        let text = norm.as_str();
        for o in occurrences {
            if let Some(k) = find(o.bucket) {
                let entry = &mut found[k];
                if !entry.0.iter().any(|t| same_text(t, text, o)) {
                    entry.0.push(occurrence_text(text, o));
                }
                entry.1.get_or_insert(o.kind);
                let s = norm.original_span(o.start as usize, o.end as usize);
                entry.2.push(vigie_model::Span::new(s.start, s.end));
            }
        }
        let mask = self.spec.mask();
        for e in extras {
            if let Some(k) = find(bucket(FeatureKind::Extra.namespace(), e, mask)) {
                let entry = &mut found[k];
                if !entry.0.iter().any(|t| t == e) {
                    entry.0.push((*e).to_owned());
                }
                entry.1.get_or_insert(FeatureKind::Extra);
            }
        }
        top.iter()
            .zip(found)
            .map(|(&(_, weight), (texts, kind, mut spans))| {
                spans.sort_unstable();
                spans.dedup();
                Contribution {
                    feature: texts.join(" | "),
                    kind: kind.unwrap_or(FeatureKind::Extra),
                    weight,
                    spans,
                }
            })
            .collect()
    }
}

/// True if `shown` is the text [`occurrence_text`] gives for `o`, without allocating.
fn same_text(shown: &str, norm: &str, o: &Occurrence) -> bool {
    let mut rest = shown;
    if o.open {
        let Some(r) = rest.strip_prefix('<') else { return false };
        rest = r;
    }
    if o.close {
        let Some(r) = rest.strip_suffix('>') else { return false };
        rest = r;
    }
    rest == &norm[o.start as usize..o.end as usize]
}
