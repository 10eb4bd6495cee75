//! Writing hash lists.

use std::io::Write;

use serde::Serialize;

use crate::error::Error;
use crate::list::entry::ListEntry;
use crate::list::format::ListFormat;
use crate::list::read::COLUMNS;

#[derive(Serialize)]
struct JsonEntry<'a> {
    hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    quality: Option<u8>,
    list: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    provenance: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    added_at: Option<String>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

/// Writes `entries` in `format`. The plain formats carry only the hash (and nothing else), so
/// callers usually leave deconfirmed entries out of them.
pub fn write_list<'a>(
    entries: impl IntoIterator<Item = &'a ListEntry>,
    format: ListFormat,
    mut out: impl Write,
) -> Result<(), Error> {
    match format {
        ListFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(COLUMNS).map_err(csv_error)?;
            for e in entries {
                csv.write_record([
                    e.hash.to_hex(),
                    e.quality.map(|q| q.to_string()).unwrap_or_default(),
                    e.list.clone(),
                    e.provenance.clone(),
                    e.added_at.map(|t| t.to_string()).unwrap_or_default(),
                    e.status.code().to_string(),
                    e.reviewed_by.clone().unwrap_or_default(),
                    e.reviewed_at.map(|t| t.to_string()).unwrap_or_default(),
                    e.note.clone().unwrap_or_default(),
                ])
                .map_err(csv_error)?;
            }
            csv.flush()?;
        }
        ListFormat::Jsonl => {
            for e in entries {
                let record = JsonEntry {
                    hash: e.hash.to_hex(),
                    quality: e.quality,
                    list: &e.list,
                    provenance: &e.provenance,
                    added_at: e.added_at.map(|t| t.to_string()),
                    status: e.status.code(),
                    reviewed_by: e.reviewed_by.as_deref(),
                    reviewed_at: e.reviewed_at.map(|t| t.to_string()),
                    note: e.note.as_deref(),
                };
                serde_json::to_writer(&mut out, &record).map_err(|e| Error::Io(e.into()))?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
        }
        ListFormat::Hex => {
            for e in entries {
                writeln!(out, "{}", e.hash)?;
            }
            out.flush()?;
        }
        ListFormat::ThreatExchange => {
            for e in entries {
                writeln!(out, "pdq {}", e.hash)?;
            }
            out.flush()?;
        }
    }
    Ok(())
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::Io(io),
        other => Error::Io(std::io::Error::other(format!("{other:?}"))),
    }
}
