//! Readers that turn JSONL, CSV and plain-text sources into [`Document`]s, one result per record.
//!
//! Readers take any [`std::io::Read`] and never open files themselves: the caller names the source
//! when it reports errors. A bad record yields one [`RecordError`] carrying its line and field and a
//! reason that never quotes the record's text (errors end up in logs); the reader then goes on with
//! the next record. Only an I/O failure of the underlying reader stops a batch.
//!
//! Every reader handles a UTF-8 byte-order mark, CRLF line ends, empty lines, invalid UTF-8, a
//! truncated last line and records longer than [`Limits::max_record_bytes`] (read past in bounded
//! memory and rejected) without panicking.
//!
//! ```
//! use vigie_ingest::{JsonlReader, Limits};
//! let input = "{\"id\":\"a\",\"text\":\"salut\"}\nnot json\n";
//! let results: Vec<_> = JsonlReader::new(input.as_bytes(), Limits::default()).collect();
//! assert_eq!(results[0].as_ref().unwrap().doc.id, "a");
//! assert_eq!(results[1].as_ref().unwrap_err().to_string(), "2: invalid JSON: expected ident at line 1 column 2");
//! ```
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod csv_reader;
mod date;
mod error;
mod jsonl;
mod lines;
mod text;

pub use csv_reader::{CsvMapping, CsvReader};
pub use date::parse_timestamp;
pub use error::{IngestError, RecordError};
pub use jsonl::JsonlReader;
pub use text::TextReader;

use sha2::{Digest, Sha256};
use vigie_model::Document;

/// A document read from a source, with the line where its record starts (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Line of the source where the record starts.
    pub line: u64,
    /// The document.
    pub doc: Document,
}

/// Bounds on what a reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest record accepted, in bytes; longer ones are skipped in bounded memory and rejected.
    pub max_record_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_record_bytes: 16 * 1024 * 1024 }
    }
}

/// The input formats Vigie reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON document per line (DESIGN §4).
    Jsonl,
    /// CSV with a header row and a column mapping.
    Csv,
    /// One message per line.
    Text,
}

impl Format {
    /// Guesses the format from a file name's extension: `.jsonl`, `.ndjson`, `.json` → JSONL;
    /// `.csv`, `.tsv` → CSV; anything else → text.
    pub fn from_path_name(name: &str) -> Format {
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "jsonl" | "ndjson" | "json" => Format::Jsonl,
            "csv" | "tsv" => Format::Csv,
            _ => Format::Text,
        }
    }

    /// Guesses the format from the first bytes of a stream: `{` → JSONL, otherwise text.
    pub fn sniff(head: &[u8]) -> Format {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::Jsonl,
            _ => Format::Text,
        }
    }
}

/// The default document id: SHA-256 (hex) of the source, a unit separator and the text.
pub fn default_id(source: Option<&str>, text: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(source.unwrap_or("").as_bytes());
    hasher.update([0x1f]);
    hasher.update(text.as_bytes());
    let digest = hasher.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension_and_sniffing() {
        assert_eq!(Format::from_path_name("a/B.JSONL"), Format::Jsonl);
        assert_eq!(Format::from_path_name("annonces.csv"), Format::Csv);
        assert_eq!(Format::from_path_name("chat.txt"), Format::Text);
        assert_eq!(Format::sniff(b"\xEF\xBB\xBF  {\"text\":1}"), Format::Jsonl);
        assert_eq!(Format::sniff(b"salut"), Format::Text);
    }

    #[test]
    fn default_id_depends_on_source_and_text() {
        let a = default_id(Some("insta"), "salut");
        assert_eq!(a.len(), 64);
        assert_ne!(a, default_id(Some("snap"), "salut"));
        assert_ne!(a, default_id(None, "instasalut"));
        assert_eq!(a, default_id(Some("insta"), "salut"));
    }
}
