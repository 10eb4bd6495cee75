//! Plain text: one message per line.

use std::io::BufRead;

use vigie_model::{DocKind, Document};

use crate::lines::{Line, Lines, too_long, utf8};
use crate::{IngestError, Limits, Record, default_id};

/// Reads one message per non-empty line. Empty and blank lines are skipped silently.
pub struct TextReader<R> {
    lines: Lines<R>,
    limits: Limits,
    source: Option<String>,
}

impl<R: BufRead> TextReader<R> {
    /// A reader over `reader`.
    pub fn new(reader: R, limits: Limits) -> TextReader<R> {
        TextReader { lines: Lines::new(reader, limits.max_record_bytes), limits, source: None }
    }

    /// Sets the `source` of every document (e.g. the platform the export came from).
    #[must_use]
    pub fn with_source(mut self, source: Option<String>) -> TextReader<R> {
        self.source = source;
        self
    }
}

impl<R: BufRead> Iterator for TextReader<R> {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (line, bytes) = match self.lines.next_line()? {
                Err(e) => return Some(Err(e.into())),
                Ok(Line::TooLong(line, len)) => {
                    return Some(Err(too_long(line, len, self.limits.max_record_bytes).into()));
                }
                Ok(Line::Data(line, bytes)) => (line, bytes),
            };
            let text = match utf8(line, bytes) {
                Ok(text) => text,
                Err(e) => return Some(Err(e.into())),
            };
            if text.trim().is_empty() {
                continue;
            }
            let doc = Document {
                id: default_id(self.source.as_deref(), &text),
                kind: DocKind::Message,
                source: self.source.clone(),
                text,
                ..Document::default()
            };
            return Some(Ok(Record { line, doc }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_blank_lines_and_reports_bad_utf8() {
        let input = b"salut\n\n   \n\xff\xfe oups\nt'es seule ?";
        let out: Vec<_> = TextReader::new(&input[..], Limits::default()).collect();
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_ref().unwrap().line, 1);
        assert_eq!(out[1].as_ref().unwrap_err().to_string(), "4: invalid UTF-8 at byte 0");
        let last = out[2].as_ref().unwrap();
        assert_eq!((last.line, last.doc.text.as_str()), (5, "t'es seule ?"));
    }
}
