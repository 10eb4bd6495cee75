//! The naive-Bayes weighting: chosen by the inner cross-validation like λ, recorded in the model
//! file, and a model as good as the plain one on data it did not see.

use vigie_learn::{FeatureSpec, Model, Provenance, TrainOptions, Weighting, train};

use crate::synthetic::{corpus, examples};

fn trained(weightings: Vec<Weighting>) -> Model {
    let mut opts = TrainOptions::grooming(7);
    opts.spec = FeatureSpec { buckets_log2: 14, ..FeatureSpec::DEFAULT };
    opts.lambdas = vec![1e-3, 1e-2];
    opts.inner_folds = 3;
    opts.weightings = weightings;
    let data = examples(&corpus(5, 300), opts.spec);
    let mut fits = 0;
    let model = train(&data, None, &opts, Provenance::of_data("s.csv", b"s", 7), &mut || fits += 1);
    assert_eq!(fits, opts.fits());
    model
}

#[test]
fn each_weighting_is_recorded_and_round_trips() {
    for w in [Weighting::Plain, Weighting::NaiveBayes] {
        let m = trained(vec![w]);
        assert_eq!(m.weighting(), w);
        let back = Model::from_bytes(&m.to_bytes()).expect("round trip");
        assert_eq!(back.weighting(), w);
        assert_eq!(back.to_bytes(), m.to_bytes());
    }
}

#[test]
fn naive_bayes_weights_score_unseen_data_and_differ_from_plain_ones() {
    let (plain, nb) = (trained(vec![Weighting::Plain]), trained(vec![Weighting::NaiveBayes]));
    assert_ne!(plain.to_bytes(), nb.to_bytes(), "the weighting changes the fit");
    let test = corpus(99, 200);
    for m in [&plain, &nb] {
        let right = test.iter().filter(|(t, l)| m.score(t, &[]).alert == *l).count();
        assert!(right >= 180, "{:?}: {right}/200 right", m.weighting());
    }
}

#[test]
fn two_candidates_cost_twice_the_inner_fits() {
    let mut opts = TrainOptions::grooming(1);
    opts.weightings = vec![Weighting::Plain];
    let one = opts.fits();
    opts.weightings = vec![Weighting::Plain, Weighting::NaiveBayes];
    assert_eq!(opts.fits(), 2 * (one - 1) + 1);
}
