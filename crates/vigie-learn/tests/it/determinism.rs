//! Training is deterministic for a seed, and model files round-trip.

use vigie_learn::{FeatureSpec, Model, ModelError, Provenance, TrainOptions, train};

use crate::synthetic::{corpus, examples};

fn options(seed: u64) -> TrainOptions {
    let mut o = TrainOptions::grooming(seed);
    o.spec = FeatureSpec { buckets_log2: 14, ..FeatureSpec::DEFAULT };
    o.lambdas = vec![1e-3, 1e-2];
    o.inner_folds = 3;
    o
}

fn trained(seed: u64) -> Model {
    let data = examples(&corpus(11, 300), options(seed).spec);
    let mut fits = 0;
    let model = train(
        &data,
        None,
        &options(seed),
        Provenance::of_data("synthetic.csv", b"synthetic", seed),
        &mut || fits += 1,
    );
    assert_eq!(fits, options(seed).fits());
    model
}

#[test]
fn same_seed_same_bytes_other_seed_still_a_valid_model() {
    let a = trained(1).to_bytes();
    let b = trained(1).to_bytes();
    assert_eq!(a, b, "two trainings with the same seed differ");
    let c = trained(2);
    assert_ne!(c.to_bytes(), a, "the seed changes the inner folds, so the model");
    assert_eq!(c.provenance().seed, 2);
    // Both separate held-out synthetic data well.
    let test = corpus(99, 200);
    for m in [Model::from_bytes(&a).expect("valid"), c] {
        let right = test.iter().filter(|(t, l)| m.score(t, &[]).alert == *l).count();
        assert!(right >= 180, "{right}/200 right");
    }
}

#[test]
fn model_files_round_trip_and_reject_damage() {
    let m = trained(3);
    let bytes = m.to_bytes();
    let back = Model::from_bytes(&bytes).expect("round trip");
    assert_eq!(back.to_bytes(), bytes);
    assert_eq!(back.provenance(), m.provenance());
    assert_eq!(back.provenance().sha256_hex().len(), 64);
    assert_eq!(back.spec(), m.spec());
    assert!((back.threshold() - m.threshold()).abs() < f64::EPSILON);
    for t in ["secret gift alone", "pizza movie homework"] {
        assert_eq!(back.score(t, &[]), m.score(t, &[]));
    }
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 1;
    assert_eq!(Model::from_bytes(&flipped).unwrap_err(), ModelError::Checksum);
    assert_eq!(Model::from_bytes(b"not a model at all").unwrap_err(), ModelError::BadMagic);
    assert!(Model::from_bytes(&bytes[..bytes.len() - 9]).is_err());
}

#[test]
fn the_shipped_model_loads_and_records_its_provenance() {
    let m = vigie_learn::shipped::grooming_en();
    assert_eq!(m.provenance().seed, vigie_learn::shipped::GROOMING_EN_SEED);
    assert_eq!(m.provenance().data_name, "dev_segments.csv");
    assert!(m.non_zero_weights() > 1000);
    assert!(vigie_learn::shipped::GROOMING_EN_BYTES.len() < 1 << 20, "model under 1 MB");
    assert!((0.0..1.0).contains(&m.threshold()));
    assert_eq!(
        Model::from_bytes(vigie_learn::shipped::GROOMING_EN_BYTES).unwrap().to_bytes(),
        vigie_learn::shipped::GROOMING_EN_BYTES
    );
}
