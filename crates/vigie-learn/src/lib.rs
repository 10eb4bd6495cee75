//! Learned models for Vigie: hashed n-gram features, a calibrated logistic regression trained in
//! Rust, evaluation metrics.
//!
//! The model reads the **normalised** text of [`vigie_text::normalize`] as word 1–3-grams and
//! char 3–5-grams inside words, hashed into 2^18 buckets by a frozen FNV-1a ([`features`]),
//! plus optional caller-supplied features such as the codes of the rules that fired. Training
//! ([`train()`]) is an L2-regularised, class-weighted logistic regression fitted by L-BFGS, with
//! λ chosen by inner stratified cross-validation, Platt calibration and an F0.5 decision
//! threshold fitted on out-of-fold scores. Everything is deterministic for a given seed: the same
//! data and seed give the same model file byte for byte ([`Model::to_bytes`], format in
//! [`format`](mod@format)).
//!
//! ```
//! use vigie_learn::{Example, FeatureSpec, Provenance, TrainOptions, train};
//!
//! let spec = FeatureSpec::DEFAULT;
//! let data: Vec<Example> = (0..40)
//!     .map(|i| {
//!         let pos = i % 4 == 0;
//!         let text = if pos { "tell me your secret plan please" } else { "the match was fun today" };
//!         Example::new(&format!("{text} {i}"), &[], pos, spec)
//!     })
//!     .collect();
//! let mut opts = TrainOptions::grooming(7);
//! opts.lambdas = vec![1e-3];
//! opts.inner_folds = 3;
//! let model = train(&data, None, &opts, Provenance::of_data("toy.csv", b"", 7), &mut || {});
//! let s = model.score("your secret plan", &[]);
//! assert!(s.probability > model.score("the match today", &[]).probability);
//! assert!(s.contributions.iter().all(|c| c.weight > 0.0));
//! ```
//!
//! The shipped English grooming model is [`shipped::grooming_en`]; a conversation can be scored
//! message by message with [`ConversationScorer`].
#![deny(clippy::disallowed_methods)]

mod calibrate;
mod conversation;
pub mod features;
pub mod format;
pub mod hash;
mod lbfgs;
pub mod metrics;
mod model;
mod rng;
pub mod shipped;
mod train;

pub use calibrate::{Platt, best_threshold, sigmoid};
pub use conversation::ConversationScorer;
pub use features::{FeatureKind, FeatureSpec, SparseVec, featurize, featurize_normalized};
pub use format::ModelError;
pub use model::{Contribution, DEFAULT_TOP_K, Model, ModelScore, Provenance};
pub use rng::SplitMix64;
pub use train::{Example, TrainOptions, Weighting, train};
