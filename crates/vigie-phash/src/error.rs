//! The crate's error type.

use std::fmt;

/// Everything that can go wrong in `vigie-phash`.
///
/// Messages are lowercase, without a final period, and never quote image bytes or list contents
/// beyond positions and sizes.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A PDQ hash that is not 64 hexadecimal digits.
    #[error("invalid pdq hash: {0}")]
    InvalidHash(HexProblem),
    /// An image whose dimensions or decoded size exceed the configured limits (decompression bomb).
    #[error("image too large: {width}x{height} pixels, {reason}")]
    ImageTooLarge {
        /// Declared width in pixels.
        width: u32,
        /// Declared height in pixels.
        height: u32,
        /// Which limit was hit.
        reason: String,
    },
    /// An input larger than the configured maximum number of bytes.
    #[error("input too large: {size} bytes, limit is {limit} bytes")]
    InputTooLarge {
        /// Size of the input.
        size: u64,
        /// The configured limit.
        limit: u64,
    },
    /// Bytes that are not an image in a supported format (JPEG, PNG, WebP, GIF, BMP, TIFF).
    #[error("unsupported or unrecognised image format")]
    UnsupportedFormat,
    /// A truncated or corrupt image.
    #[error("cannot decode image: {0}")]
    Decode(String),
    /// A luminance buffer whose size does not match its dimensions.
    #[error("luminance buffer has {actual} values, expected {expected} for {width}x{height}")]
    LumaSize {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// `width * height`.
        expected: usize,
        /// Length of the buffer given.
        actual: usize,
    },
    /// A record of a hash list that cannot be read.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// A hash-list file whose header or structure is wrong as a whole.
    #[error("invalid hash list: {0}")]
    ListFormat(String),
    /// A serialised index that is truncated, corrupt or from another version.
    #[error("corrupt index: {0}")]
    CorruptIndex(String),
    /// An invalid configuration; every problem is listed.
    #[error("invalid configuration: {}", .0.join("; "))]
    Config(Vec<String>),
    /// Writing output failed.
    #[error("write failed: {0}")]
    Io(#[from] std::io::Error),
}

/// What is wrong with a hexadecimal hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HexProblem {
    /// Not 64 characters long (the length found, in bytes).
    Length(usize),
    /// The character at this 1-based position is not a hexadecimal digit.
    Digit(usize),
}

impl fmt::Display for HexProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HexProblem::Length(n) => {
                write!(f, "expected 64 hexadecimal digits, found {n} characters")
            }
            HexProblem::Digit(p) => write!(f, "character {p} is not a hexadecimal digit"),
        }
    }
}

/// One rejected record of a hash list: where it is and what is wrong. The batch goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("line {line}: {}{problem}", field.map(|f| format!("field {f}: ")).unwrap_or_default())]
pub struct RecordError {
    /// 1-based line number in the input.
    pub line: u64,
    /// The field at fault, if one is.
    pub field: Option<&'static str>,
    /// What is wrong (never quotes the record).
    pub problem: String,
}

impl RecordError {
    pub(crate) fn new(
        line: u64,
        field: Option<&'static str>,
        problem: impl Into<String>,
    ) -> RecordError {
        RecordError { line, field, problem: problem.into() }
    }
}
