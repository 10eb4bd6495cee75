//! The one error type of the crate's building blocks (proofs, keys, checkpoints, frontier bytes).
//!
//! Failures of a whole-journal verification are reported as a [`crate::Failure`] instead, which
//! names the first bad sequence number.

/// What went wrong in a building block. Messages are lowercase, without a final period, and never
/// quote a key's secret part or an entry's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A leaf index or a tree size outside the tree the proof is asked for.
    #[error("index {index} is out of range for a tree of size {size}")]
    OutOfRange {
        /// The index or smaller size that was asked for.
        index: u64,
        /// The tree size.
        size: u64,
    },
    /// An inclusion or consistency proof that does not lead to the expected root.
    #[error("proof does not verify: {0}")]
    BadProof(&'static str),
    /// Bytes of a stored [`crate::Frontier`] that cannot be read back.
    #[error("unreadable frontier: {0}")]
    BadFrontier(&'static str),
    /// A key in text form that cannot be read.
    #[error("unreadable key: {0}")]
    BadKey(&'static str),
    /// A key name or origin line that the signed-note format forbids.
    #[error("invalid name: {0}")]
    BadName(&'static str),
    /// A signed note or checkpoint text that cannot be parsed.
    #[error("malformed note: {0}")]
    MalformedNote(&'static str),
    /// The note carries no signature line of the expected key (name and key id).
    #[error("no signature by key {0}")]
    NoSignature(String),
    /// The note carries a signature line of the expected key, but it does not verify.
    #[error("bad signature by key {0}")]
    BadSignature(String),
    /// The checkpoint is validly signed but for another log.
    #[error("checkpoint origin differs from the expected origin")]
    WrongOrigin,
    /// The operating system's random number generator failed.
    #[error("random number generator failed")]
    Random,
}
