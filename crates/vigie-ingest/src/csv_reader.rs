//! CSV with a header row and a mapping from columns to document fields.

use std::io::BufRead;

use serde_json::{Map, Value};
use vigie_model::{DocKind, Document};

use crate::{IngestError, Limits, Record, RecordError, default_id, parse_timestamp};

/// Which CSV columns hold which document fields. Unmapped columns go to `meta`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvMapping {
    /// Column holding the text (required).
    pub text_column: String,
    /// Column holding the id; without it the id is derived from the text.
    pub id_column: Option<String>,
    /// Column holding the author.
    pub author_column: Option<String>,
    /// Column holding the timestamp.
    pub timestamp_column: Option<String>,
    /// Column holding the conversation id.
    pub conversation_column: Option<String>,
    /// Column holding the place.
    pub place_column: Option<String>,
    /// Kind of every document.
    pub kind: DocKind,
    /// Source of every document.
    pub source: Option<String>,
    /// Field delimiter; guessed from the header line (`,` `;` or tab) when `None`.
    pub delimiter: Option<u8>,
}

impl Default for CsvMapping {
    fn default() -> CsvMapping {
        CsvMapping {
            text_column: "text".to_owned(),
            id_column: None,
            author_column: None,
            timestamp_column: None,
            conversation_column: None,
            place_column: None,
            kind: DocKind::Message,
            source: None,
            delimiter: None,
        }
    }
}

/// Column indexes resolved from the header.
struct Columns {
    text: usize,
    id: Option<usize>,
    author: Option<usize>,
    timestamp: Option<usize>,
    conversation: Option<usize>,
    place: Option<usize>,
}

/// Reads CSV records as documents; each bad record is one error naming its line and column.
pub struct CsvReader<R> {
    reader: csv::Reader<CrlfToLf<R>>,
    headers: Vec<String>,
    columns: Columns,
    mapping: CsvMapping,
    limits: Limits,
    record: csv::ByteRecord,
    done: bool,
}

impl<R: BufRead> CsvReader<R> {
    /// Reads the header and resolves the mapping; fails if a mapped column is absent.
    pub fn new(
        mut reader: R,
        mapping: CsvMapping,
        limits: Limits,
    ) -> Result<CsvReader<R>, IngestError> {
        let head = reader.fill_buf()?;
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let delimiter = mapping.delimiter.unwrap_or_else(|| sniff_delimiter(head));
        // csv 1.x miscounts lines after a CRLF header, so line ends are made LF before it reads.
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(CrlfToLf { inner: reader, pending_cr: false });
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(csv_error)?
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_owned())
            .collect();
        let find = |name: &str| -> Result<usize, IngestError> {
            headers.iter().position(|h| h == name).ok_or_else(|| IngestError::MissingColumn {
                column: name.to_owned(),
                available: headers.join(", "),
            })
        };
        let optional = |name: &Option<String>| name.as_deref().map(find).transpose();
        let columns = Columns {
            text: find(&mapping.text_column)?,
            id: optional(&mapping.id_column)?,
            author: optional(&mapping.author_column)?,
            timestamp: optional(&mapping.timestamp_column)?,
            conversation: optional(&mapping.conversation_column)?,
            place: optional(&mapping.place_column)?,
        };
        Ok(CsvReader {
            reader,
            headers,
            columns,
            mapping,
            limits,
            record: csv::ByteRecord::new(),
            done: false,
        })
    }

    fn field(&self, line: u64, index: usize) -> Result<Option<String>, RecordError> {
        let Some(bytes) = self.record.get(index) else {
            return Ok(None);
        };
        let name = &self.headers[index];
        let s = std::str::from_utf8(bytes).map_err(|e| {
            RecordError::field(line, name, format!("invalid UTF-8 at byte {}", e.valid_up_to()))
        })?;
        Ok(Some(s.to_owned()))
    }

    fn document(&self, line: u64) -> Result<Document, RecordError> {
        let c = &self.columns;
        let text = self.field(line, c.text)?.ok_or_else(|| {
            RecordError::field(
                line,
                &self.mapping.text_column,
                format!(
                    "missing (record has {} fields, header has {})",
                    self.record.len(),
                    self.headers.len()
                ),
            )
        })?;
        let opt = |i: Option<usize>| -> Result<Option<String>, RecordError> {
            Ok(match i {
                Some(i) => self.field(line, i)?.filter(|s| !s.trim().is_empty()),
                None => None,
            })
        };
        let source = self.mapping.source.clone();
        let id = opt(c.id)?.unwrap_or_else(|| default_id(source.as_deref(), &text));
        let timestamp = match opt(c.timestamp)? {
            Some(t) => Some(parse_timestamp(&t).map_err(|e| {
                RecordError::field(line, self.mapping.timestamp_column.as_deref().unwrap_or(""), e)
            })?),
            None => None,
        };
        let mapped = [Some(c.text), c.id, c.author, c.timestamp, c.conversation, c.place];
        let mut meta = Map::new();
        for (i, name) in self.headers.iter().enumerate() {
            if mapped.contains(&Some(i)) {
                continue;
            }
            if let Some(v) = self.field(line, i)? {
                meta.insert(name.clone(), Value::String(v));
            }
        }
        Ok(Document {
            id,
            kind: self.mapping.kind,
            source,
            author: opt(c.author)?,
            conversation: opt(c.conversation)?,
            timestamp,
            text,
            place: opt(c.place)?,
            meta,
            ..Document::default()
        })
    }
}

impl<R: BufRead> Iterator for CsvReader<R> {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut record = std::mem::take(&mut self.record);
        let read = self.reader.read_byte_record(&mut record);
        self.record = record;
        match read {
            Err(e) => {
                self.done = true;
                Some(Err(csv_error(e)))
            }
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let line = self.record.position().map_or(0, csv::Position::line);
                let size = self.record.as_slice().len();
                if size > self.limits.max_record_bytes {
                    let reason = format!(
                        "record of {size} bytes exceeds the limit of {} bytes; skipped",
                        self.limits.max_record_bytes
                    );
                    return Some(Err(RecordError::new(line, reason).into()));
                }
                Some(self.document(line).map(|doc| Record { line, doc }).map_err(Into::into))
            }
        }
    }
}

/// Turns CRLF into LF on the fly (a lone CR is kept).
struct CrlfToLf<R> {
    inner: R,
    pending_cr: bool,
}

impl<R: BufRead> std::io::Read for CrlfToLf<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < out.len() {
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                if self.pending_cr {
                    out[n] = b'\r';
                    n += 1;
                    self.pending_cr = false;
                }
                break;
            }
            let mut used = 0;
            while used < chunk.len() && n < out.len() {
                let b = chunk[used];
                if self.pending_cr {
                    self.pending_cr = false;
                    if b != b'\n' {
                        out[n] = b'\r';
                        n += 1;
                        continue;
                    }
                }
                used += 1;
                if b == b'\r' {
                    self.pending_cr = true;
                } else {
                    out[n] = b;
                    n += 1;
                }
            }
            self.inner.consume(used);
            if n > 0 && self.inner.fill_buf()?.is_empty() {
                continue;
            }
            if n > 0 {
                break;
            }
        }
        Ok(n)
    }
}

fn csv_error(e: csv::Error) -> IngestError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => IngestError::Io(io),
        other => IngestError::Io(std::io::Error::other(format!("{other:?}"))),
    }
}

/// Picks the most frequent of `,` `;` and tab in the first line (`,` on a tie).
fn sniff_delimiter(head: &[u8]) -> u8 {
    let first = head.split(|&b| b == b'\n').next().unwrap_or(head);
    #[allow(clippy::naive_bytecount)] // one header line: not worth a dependency
    let count = |d: u8| first.iter().filter(|&&b| b == d).count();
    [b';', b'\t'].into_iter().fold(b',', |best, d| if count(d) > count(best) { d } else { best })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> CsvMapping {
        CsvMapping {
            text_column: "texte".into(),
            id_column: Some("annonce_id".into()),
            timestamp_column: Some("publie_le".into()),
            place_column: Some("ville".into()),
            kind: DocKind::Ad,
            ..CsvMapping::default()
        }
    }

    #[test]
    fn reads_quoted_multiline_fields_and_reports_bad_records() {
        let input = "\u{feff}annonce_id;ville;publie_le;texte;prix\r\n\
                     a1;Lyon;01/03/2024;\"dispo ; ce soir\r\nnouvelle\";100\r\n\
                     a2;Nice;hier;dispo;80\r\n\
                     a3;Paris\r\n\
                     a4;Metz;2024-03-02;ok;\r\n";
        let out: Vec<_> =
            CsvReader::new(input.as_bytes(), mapping(), Limits::default()).unwrap().collect();
        assert_eq!(out.len(), 4);
        let first = out[0].as_ref().unwrap();
        assert_eq!(first.line, 2);
        assert_eq!(first.doc.text, "dispo ; ce soir\nnouvelle");
        assert_eq!(first.doc.place.as_deref(), Some("Lyon"));
        assert_eq!(first.doc.meta["prix"], "100");
        assert_eq!(first.doc.timestamp.as_deref(), Some("2024-03-01T00:00:00Z"));
        assert!(
            out[1]
                .as_ref()
                .unwrap_err()
                .to_string()
                .starts_with("4: field publie_le: unreadable date")
        );
        assert_eq!(
            out[2].as_ref().unwrap_err().to_string(),
            "5: field texte: missing (record has 2 fields, header has 5)"
        );
        assert_eq!(out[3].as_ref().unwrap().doc.id, "a4");
    }

    #[test]
    fn missing_column_is_fatal_and_lists_the_header() {
        let err =
            CsvReader::new(&b"id,body\n1,x\n"[..], mapping(), Limits::default()).err().unwrap();
        assert_eq!(err.to_string(), "column texte not found in the header (columns: id, body)");
        assert!(err.is_fatal());
    }

    #[test]
    fn invalid_utf8_names_the_column() {
        let input = b"id,text\n1,ok\n2,\xff\n";
        let m = CsvMapping { id_column: Some("id".into()), ..CsvMapping::default() };
        let out: Vec<_> = CsvReader::new(&input[..], m, Limits::default()).unwrap().collect();
        assert_eq!(
            out[1].as_ref().unwrap_err().to_string(),
            "3: field text: invalid UTF-8 at byte 0"
        );
    }
}
