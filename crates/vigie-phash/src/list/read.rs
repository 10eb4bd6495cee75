//! Reading hash lists: Vigie CSV and JSONL, and the plain hex lists used by ThreatExchange, HMA
//! and Meta's C++ tools. One error per bad record; the batch goes on.

use serde::{Deserialize, Serialize};

use crate::error::{Error, RecordError};
use crate::hash::Hash256;
use crate::list::entry::{EntryStatus, ListEntry, check_list_name, check_text};
use crate::list::format::ListFormat;
use crate::time::Timestamp;

/// Defaults applied while reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    /// List name for records that do not name one (required for plain lists).
    pub list: Option<String>,
    /// Provenance for records that do not give one.
    pub provenance: Option<String>,
    /// `added_at` for records that do not give one (the caller's clock).
    pub added_at: Option<Timestamp>,
    /// Records whose known quality is below this are dropped (PDQ advice: 50). 0 keeps everything.
    pub min_quality: u8,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { list: None, provenance: None, added_at: None, min_quality: 50 }
    }
}

/// What a read produced: kept entries, rejected records with their line, and counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Entries kept, in input order.
    pub entries: Vec<ListEntry>,
    /// Records that could not be read.
    pub rejected: Vec<RecordError>,
    /// Records repeating an earlier (list, hash) pair; the first is kept.
    pub duplicates: usize,
    /// Records dropped for a known quality under the floor.
    pub below_quality_floor: usize,
}

/// A record as read, before validation (all formats go through [`ImportReport::push`]).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecord {
    hash: String,
    #[serde(default)]
    quality: Option<serde_json::Value>,
    #[serde(default)]
    list: Option<String>,
    #[serde(default)]
    provenance: Option<String>,
    #[serde(default)]
    added_at: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    reviewed_by: Option<String>,
    #[serde(default)]
    reviewed_at: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// Column names of the CSV form, in output order.
pub(crate) const COLUMNS: [&str; 9] = [
    "hash",
    "quality",
    "list",
    "provenance",
    "added_at",
    "status",
    "reviewed_by",
    "reviewed_at",
    "note",
];

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

fn parse_quality(value: &serde_json::Value) -> Result<Option<u8>, String> {
    let bad = || "expected an integer from 0 to 100".to_string();
    match value {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Number(n) => {
            n.as_u64().filter(|q| *q <= 100).map(|q| Some(q as u8)).ok_or_else(bad)
        }
        serde_json::Value::String(s) if s.trim().is_empty() => Ok(None),
        serde_json::Value::String(s) => {
            s.trim().parse::<u8>().ok().filter(|q| *q <= 100).map(Some).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

fn parse_time(
    text: Option<String>,
    field: &'static str,
    line: u64,
) -> Result<Option<Timestamp>, RecordError> {
    match non_empty(text) {
        None => Ok(None),
        Some(t) => Timestamp::parse(&t).map(Some).ok_or_else(|| {
            RecordError::new(
                line,
                Some(field),
                "unreadable date (expected RFC 3339, YYYY-MM-DD or seconds)",
            )
        }),
    }
}

fn text_field(
    text: Option<String>,
    field: &'static str,
    line: u64,
) -> Result<Option<String>, RecordError> {
    let text = non_empty(text);
    if let Some(t) = &text {
        check_text(t).map_err(|p| RecordError::new(line, Some(field), p))?;
    }
    Ok(text)
}

fn validate(raw: RawRecord, line: u64, options: &ImportOptions) -> Result<ListEntry, RecordError> {
    let hash = Hash256::from_hex(raw.hash.trim())
        .map_err(|e| RecordError::new(line, Some("hash"), e.to_string()))?;
    let quality = match &raw.quality {
        None => None,
        Some(v) => parse_quality(v).map_err(|p| RecordError::new(line, Some("quality"), p))?,
    };
    let list = non_empty(raw.list)
        .or_else(|| options.list.clone())
        .ok_or_else(|| RecordError::new(line, Some("list"), "missing list name"))?;
    check_list_name(&list).map_err(|p| RecordError::new(line, Some("list"), p))?;
    let provenance = text_field(raw.provenance, "provenance", line)?
        .or_else(|| options.provenance.clone())
        .unwrap_or_default();
    let added_at = parse_time(raw.added_at, "added_at", line)?.or(options.added_at);
    let status = match non_empty(raw.status) {
        None => EntryStatus::Active,
        Some(s) => {
            s.trim().parse().map_err(|p: String| RecordError::new(line, Some("status"), p))?
        }
    };
    Ok(ListEntry {
        hash,
        quality,
        list,
        provenance,
        added_at,
        status,
        reviewed_by: text_field(raw.reviewed_by, "reviewed_by", line)?,
        reviewed_at: parse_time(raw.reviewed_at, "reviewed_at", line)?,
        note: text_field(raw.note, "note", line)?,
    })
}

impl ImportReport {
    fn push(
        &mut self,
        raw: RawRecord,
        line: u64,
        options: &ImportOptions,
        seen: &mut std::collections::BTreeSet<(String, Hash256)>,
    ) {
        match validate(raw, line, options) {
            Err(e) => self.rejected.push(e),
            Ok(entry) if entry.quality.is_some_and(|q| q < options.min_quality) => {
                self.below_quality_floor += 1;
            }
            Ok(entry) => {
                if seen.insert((entry.list.clone(), entry.hash)) {
                    self.entries.push(entry);
                } else {
                    self.duplicates += 1;
                }
            }
        }
    }
}

/// Reads a hash list. `format` `None` detects it from the content.
///
/// Whole-file problems (unknown CSV column, no `hash` column, not UTF-8) are an `Err`; bad records
/// are listed in [`ImportReport::rejected`] and the others kept.
pub fn read_list(
    bytes: &[u8],
    format: Option<ListFormat>,
    options: &ImportOptions,
) -> Result<ImportReport, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let format = format.unwrap_or_else(|| ListFormat::detect(bytes));
    let mut report = ImportReport::default();
    let mut seen = std::collections::BTreeSet::new();
    match format {
        ListFormat::Csv => read_csv(bytes, options, &mut report, &mut seen)?,
        ListFormat::Jsonl => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| Error::ListFormat("not valid utf-8".into()))?;
            for (i, line) in text.lines().enumerate() {
                let line_no = i as u64 + 1;
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<RawRecord>(line) {
                    Ok(raw) => report.push(raw, line_no, options, &mut seen),
                    Err(e) => {
                        report.rejected.push(RecordError::new(line_no, None, json_problem(&e)));
                    }
                }
            }
        }
        ListFormat::Hex | ListFormat::ThreatExchange => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| Error::ListFormat("not valid utf-8".into()))?;
            for (i, line) in text.lines().enumerate() {
                let line_no = i as u64 + 1;
                match plain_record(line) {
                    Ok(None) => {}
                    Ok(Some(raw)) => report.push(raw, line_no, options, &mut seen),
                    Err(problem) => report.rejected.push(RecordError::new(line_no, None, problem)),
                }
            }
        }
    }
    Ok(report)
}

/// A JSON error without quoting the input.
fn json_problem(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text).to_string();
    format!("invalid json record: {text}")
}

fn read_csv(
    bytes: &[u8],
    options: &ImportOptions,
    report: &mut ImportReport,
    seen: &mut std::collections::BTreeSet<(String, Hash256)>,
) -> Result<(), Error> {
    let mut reader =
        csv::ReaderBuilder::new().comment(Some(b'#')).flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| Error::ListFormat(format!("unreadable csv header: {e}")))?
        .clone();
    let mut columns = Vec::with_capacity(headers.len());
    for name in &headers {
        let name = name.trim();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(i) => columns.push(i),
            None => {
                return Err(Error::ListFormat(format!(
                    "unknown csv column `{name}` (known: {})",
                    COLUMNS.join(", ")
                )));
            }
        }
    }
    if !columns.contains(&0) {
        return Err(Error::ListFormat("the csv header has no `hash` column".into()));
    }
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() + 1;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, csv::Position::line);
                report.rejected.push(RecordError::new(line, None, "unreadable csv record"));
                continue;
            }
        }
        let line = record.position().map_or(line, csv::Position::line);
        if record.len() != columns.len() {
            report.rejected.push(RecordError::new(
                line,
                None,
                format!("{} fields, the header has {}", record.len(), columns.len()),
            ));
            continue;
        }
        let mut raw = RawRecord::default();
        for (&column, value) in columns.iter().zip(record.iter()) {
            if column == 0 {
                raw.hash = value.to_string();
                continue;
            }
            let value = Some(value.to_string());
            match column {
                1 => raw.quality = value.map(serde_json::Value::String),
                2 => raw.list = value,
                3 => raw.provenance = value,
                4 => raw.added_at = value,
                5 => raw.status = value,
                6 => raw.reviewed_by = value,
                7 => raw.reviewed_at = value,
                _ => raw.note = value,
            }
        }
        report.push(raw, line, options, seen);
    }
    Ok(())
}

/// One line of a plain list: `HEX`, `pdq HEX` (ThreatExchange file exchange), `HEX,QUALITY,…`
/// (Meta's `pdq-photo-hasher`), `hash=HEX,…,quality=Q,…` (its `--details` form). Blank lines and
/// `#` comments are skipped (`Ok(None)`). Other metadata (file names) is ignored, never stored.
fn plain_record(line: &str) -> Result<Option<RawRecord>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let mut rest = line;
    if let Some((kind, value)) = line.split_once([' ', '\t']) {
        if kind.eq_ignore_ascii_case("pdq") {
            rest = value.trim();
        } else {
            return Err("unsupported signal type (only pdq)".into());
        }
    }
    let mut fields = rest.split(',');
    let first = fields.next().unwrap_or_default().trim();
    let hash = first.strip_prefix("hash=").unwrap_or(first).to_string();
    let mut quality = None;
    for (i, field) in fields.enumerate() {
        let field = field.trim();
        if let Some(q) = field.strip_prefix("quality=") {
            quality = Some(serde_json::Value::String(q.to_string()));
        } else if i == 0
            && !field.contains('=')
            && field.bytes().all(|b| b.is_ascii_digit())
            && !field.is_empty()
        {
            quality = Some(serde_json::Value::String(field.to_string()));
        }
    }
    Ok(Some(RawRecord { hash, quality, ..RawRecord::default() }))
}
