//! The crate's one error type.

use std::path::PathBuf;

/// What went wrong while loading or running the semantic layer. Messages never quote message text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The model file (or another file of the model directory) is missing.
    #[error("{}: file not found (fetch the weights: python3 scripts/semantic/fetch.py)", path.display())]
    Missing {
        /// The file looked for.
        path: PathBuf,
    },
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The model file is not the expected layout.
    #[error("model file: {0}")]
    Format(String),
    /// A heads or examples file is malformed.
    #[error("{}: {reason}", path.display())]
    Data {
        /// The file.
        path: PathBuf,
        /// What is wrong (position and field, never the text).
        reason: String,
    },
}
