//! Classification metrics on the positive class, stratified folds, prefix evaluation figures.

use crate::rng::SplitMix64;

/// Confusion counts for the positive class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Positives predicted positive.
    pub tp: usize,
    /// Negatives predicted positive.
    pub fp: usize,
    /// Negatives predicted negative.
    pub tn: usize,
    /// Positives predicted negative.
    pub fn_: usize,
}

impl Confusion {
    /// Counts from `(label, predicted)` pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (bool, bool)>) -> Confusion {
        let mut c = Confusion::default();
        for (label, pred) in pairs {
            match (label, pred) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (false, false) => c.tn += 1,
                (true, false) => c.fn_ += 1,
            }
        }
        c
    }

    /// Number of examples.
    pub fn n(&self) -> usize {
        self.tp + self.fp + self.tn + self.fn_
    }

    /// `tp / (tp + fp)`; 0 when nothing is predicted positive.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `tp / (tp + fn)`; 0 when there is no positive.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// F-beta: `(1 + β²) P R / (β² P + R)`; 0 when `P = R = 0`.
    pub fn f_beta(&self, beta: f64) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        let b2 = beta * beta;
        if p + r == 0.0 { 0.0 } else { (1.0 + b2) * p * r / (b2 * p + r) }
    }

    /// F1.
    pub fn f1(&self) -> f64 {
        self.f_beta(1.0)
    }

    /// F0.5, the PAN12 ranking metric (precision weighted over recall).
    pub fn f05(&self) -> f64 {
        self.f_beta(0.5)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Area under the ROC curve: the probability that a random positive scores above a random
/// negative, ties counting one half (Mann–Whitney U with mid-ranks). `None` without both classes.
#[allow(clippy::float_cmp)] // ties are exactly equal scores
pub fn roc_auc(scored: &[(f64, bool)]) -> Option<f64> {
    let pos = scored.iter().filter(|s| s.1).count();
    let neg = scored.len() - pos;
    if pos == 0 || neg == 0 {
        return None;
    }
    let mut sorted: Vec<(f64, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Sum of the (1-based, mid-rank for ties) ranks of the positives.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let j = i + sorted[i..].iter().take_while(|s| s.0 == sorted[i].0).count();
        let mid = (i + 1 + j) as f64 / 2.0;
        rank_sum += mid * sorted[i..j].iter().filter(|s| s.1).count() as f64;
        i = j;
    }
    let u = rank_sum - (pos * (pos + 1)) as f64 / 2.0;
    Some(u / (pos as f64 * neg as f64))
}

/// Stratified k-fold assignment: `folds[i]` is the fold (`0..k`) of example `i`.
///
/// Each class is shuffled with the seeded generator, then dealt round-robin, negatives
/// continuing where positives stopped, so every fold gets `⌊n_c / k⌋` or `⌈n_c / k⌉` examples
/// of each class `c` and fold sizes differ by at most one.
pub fn stratified_folds(labels: &[bool], k: usize, seed: u64) -> Vec<usize> {
    assert!(k >= 2, "at least two folds");
    let mut rng = SplitMix64::new(seed);
    let mut folds = vec![0; labels.len()];
    let mut next = 0;
    for class in [true, false] {
        let mut idx: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        rng.shuffle(&mut idx);
        for i in idx {
            folds[i] = next % k;
            next += 1;
        }
    }
    folds
}

/// How early positives are caught, from the share of each positive's text read at its first
/// alert (`None` when it never alerted).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrefixSummary {
    /// Number of positives evaluated.
    pub positives: usize,
    /// Median share read before the first alert, over positives that alerted.
    pub median_share: Option<f64>,
    /// Mean share read before the first alert, over positives that alerted.
    pub mean_share: Option<f64>,
    /// Share of positives with no alert even on their whole text.
    pub never_alerted: f64,
}

impl PrefixSummary {
    /// Summary of first-alert shares.
    pub fn from_shares(shares: &[Option<f64>]) -> PrefixSummary {
        let mut hit: Vec<f64> = shares.iter().flatten().copied().collect();
        hit.sort_by(f64::total_cmp);
        let median = match hit.len() {
            0 => None,
            n if n % 2 == 1 => Some(hit[n / 2]),
            n => Some(f64::midpoint(hit[n / 2 - 1], hit[n / 2])),
        };
        let mean = (!hit.is_empty()).then(|| hit.iter().sum::<f64>() / hit.len() as f64);
        PrefixSummary {
            positives: shares.len(),
            median_share: median,
            mean_share: mean,
            never_alerted: ratio(shares.len() - hit.len(), shares.len()),
        }
    }
}

/// The share of `text` (in bytes, cut on char boundaries) read when `alerts` first returns
/// true on a prefix, trying prefixes at `1/steps, 2/steps, …, 1`; `None` if it never does.
pub fn first_alert_share(
    text: &str,
    steps: usize,
    mut alerts: impl FnMut(&str) -> bool,
) -> Option<f64> {
    assert!(steps > 0, "at least one step");
    for k in 1..=steps {
        let mut cut = text.len() * k / steps;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if alerts(&text[..cut]) {
            return Some(k as f64 / steps as f64);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_recall_and_f_scores_match_hand_computation() {
        // tp 6, fp 2, fn 4: P = 0.75, R = 0.6.
        let c = Confusion { tp: 6, fp: 2, tn: 10, fn_: 4 };
        assert_eq!(c.n(), 22);
        assert!((c.precision() - 0.75).abs() < 1e-12);
        assert!((c.recall() - 0.6).abs() < 1e-12);
        // F1 = 2·0.45/1.35 = 2/3; F0.5 = 1.25·0.45/(0.25·0.75 + 0.6) = 0.5625/0.7875 = 5/7.
        assert!((c.f1() - 2.0 / 3.0).abs() < 1e-12);
        assert!((c.f05() - 5.0 / 7.0).abs() < 1e-12);
        assert!(Confusion::default().f05().abs() < 1e-12);
        let c = Confusion::from_pairs([(true, true), (false, true), (true, false), (false, false)]);
        assert_eq!(c, Confusion { tp: 1, fp: 1, tn: 1, fn_: 1 });
    }

    #[test]
    fn auc_counts_ties_as_one_half() {
        // Positives 0.8, 0.5; negatives 0.5, 0.2. Pairs: (0.8>0.5) 1, (0.8>0.2) 1,
        // (0.5=0.5) 0.5, (0.5>0.2) 1 → 3.5 / 4.
        let s = [(0.8, true), (0.5, true), (0.5, false), (0.2, false)];
        assert!((roc_auc(&s).unwrap() - 0.875).abs() < 1e-12);
        // All tied: 0.5.
        let s = [(1.0, true), (1.0, false), (1.0, false)];
        assert!((roc_auc(&s).unwrap() - 0.5).abs() < 1e-12);
        // Perfectly wrong.
        let s = [(0.1, true), (0.9, false)];
        assert!(roc_auc(&s).unwrap().abs() < 1e-12);
        assert_eq!(roc_auc(&[(0.3, true)]), None);
    }

    #[test]
    fn stratified_folds_partition_the_data_and_keep_class_ratios() {
        let labels: Vec<bool> = (0..103).map(|i| i % 8 == 0).collect(); // 13 positives
        let k = 5;
        let folds = stratified_folds(&labels, k, 7);
        assert_eq!(folds.len(), labels.len());
        for f in 0..k {
            let pos = (0..labels.len()).filter(|&i| folds[i] == f && labels[i]).count();
            let neg = (0..labels.len()).filter(|&i| folds[i] == f && !labels[i]).count();
            assert!((2..=3).contains(&pos), "fold {f}: {pos} positives");
            assert!((18..=19).contains(&neg), "fold {f}: {neg} negatives");
            assert!((20..=21).contains(&(pos + neg)), "fold {f}: size {}", pos + neg);
        }
        assert_eq!(folds, stratified_folds(&labels, k, 7));
        assert_ne!(folds, stratified_folds(&labels, k, 8));
    }

    #[test]
    fn first_alert_share_stops_at_the_first_alerting_prefix() {
        let text = "aaaa bbbb cccc dddd xxxx";
        assert_eq!(first_alert_share(text, 20, |p| p.contains("xxxx")), Some(1.0));
        assert_eq!(first_alert_share(text, 4, |p| p.contains("cccc")), Some(0.75));
        assert_eq!(first_alert_share(text, 20, |_| false), None);
        // Cuts land on char boundaries.
        assert_eq!(first_alert_share("ééééé", 3, |p| p.chars().count() >= 2), Some(2.0 / 3.0));
    }

    #[test]
    fn prefix_summary_reports_median_mean_and_misses() {
        let s = PrefixSummary::from_shares(&[Some(0.2), None, Some(0.6), Some(0.4), None]);
        assert_eq!(s.positives, 5);
        assert_eq!(s.median_share, Some(0.4));
        assert!((s.mean_share.unwrap() - 0.4).abs() < 1e-12);
        assert!((s.never_alerted - 0.4).abs() < 1e-12);
        let s = PrefixSummary::from_shares(&[Some(0.2), Some(0.3)]);
        assert!((s.median_share.unwrap() - 0.25).abs() < 1e-12);
    }
}
