//! Errors: one per bad record, and the few that stop a batch.

use std::fmt;

/// A record that could not be read. Its message names the line and field, never the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// Line of the source where the record starts (1-based).
    pub line: u64,
    /// The field at fault, when one is.
    pub field: Option<String>,
    /// What is wrong, lowercase, without quoting the record.
    pub reason: String,
}

impl RecordError {
    /// An error about the whole record.
    pub fn new(line: u64, reason: impl Into<String>) -> RecordError {
        RecordError { line, field: None, reason: reason.into() }
    }

    /// An error about one field of the record.
    pub fn field(line: u64, field: &str, reason: impl Into<String>) -> RecordError {
        RecordError { line, field: Some(field.to_owned()), reason: reason.into() }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}: field {}: {}", self.line, field, self.reason),
            None => write!(f, "{}: {}", self.line, self.reason),
        }
    }
}

impl std::error::Error for RecordError {}

/// What a reader yields when something goes wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// One record is bad; the reader goes on with the next.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// The CSV header lacks a mapped column; nothing can be read.
    #[error("column {column} not found in the header (columns: {available})")]
    MissingColumn {
        /// The column asked for.
        column: String,
        /// The header's columns, comma-separated.
        available: String,
    },
    /// The underlying reader failed; the batch stops here.
    #[error("read error: {0}")]
    Io(#[from] std::io::Error),
}

impl IngestError {
    /// True when the reader cannot go on (anything but a bad record).
    pub fn is_fatal(&self) -> bool {
        !matches!(self, IngestError::Record(_))
    }
}
