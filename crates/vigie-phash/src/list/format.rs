//! The hash-list file formats.

use serde::{Deserialize, Serialize};

/// A hash-list format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListFormat {
    /// Vigie CSV: a header row naming some of the columns `hash,quality,list,provenance,added_at,
    /// status,reviewed_by,reviewed_at,note` (`hash` required), one entry per row, `#` comments.
    Csv,
    /// Vigie JSONL: one object per line with the same field names.
    Jsonl,
    /// One 64-hex-digit PDQ hash per line, optionally followed by `,quality[,…]` (Meta's C++ tools,
    /// ThreatExchange hash files, HMA bank exports).
    Hex,
    /// `pdq HASH` per line (python-threatexchange local-file exchange without a configured type).
    ThreatExchange,
}

impl ListFormat {
    /// Guesses the format from the first meaningful line.
    pub fn detect(bytes: &[u8]) -> ListFormat {
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("");
        if first.starts_with('{') {
            ListFormat::Jsonl
        } else if first.split(',').any(|f| f.trim() == "hash") {
            ListFormat::Csv
        } else if first
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("pdq ") || p.eq_ignore_ascii_case("pdq\t"))
        {
            ListFormat::ThreatExchange
        } else {
            ListFormat::Hex
        }
    }

    /// Stable code (`csv`, `jsonl`, `hex`, `te`).
    pub fn code(self) -> &'static str {
        match self {
            ListFormat::Csv => "csv",
            ListFormat::Jsonl => "jsonl",
            ListFormat::Hex => "hex",
            ListFormat::ThreatExchange => "te",
        }
    }
}
