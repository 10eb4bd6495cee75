//! Reading a batch body: a JSON array of documents or NDJSON, into documents and per-record
//! errors, with the same reader and rules as `vigie scan` (vigie-ingest).

use axum::http::{HeaderMap, StatusCode, header};
use vigie_ingest::{IngestError, JsonlReader, Limits};
use vigie_model::Document;

use crate::problem::{Problem, RecordProblem};

/// A good record: its index in the batch, its line, and the document.
pub(crate) struct Good {
    pub(crate) index: u64,
    pub(crate) line: u64,
    pub(crate) doc: Document,
}

/// The good records and the bad ones of a body.
pub(crate) struct Batch {
    pub(crate) good: Vec<Good>,
    pub(crate) errors: Vec<RecordProblem>,
}

impl Batch {
    /// Number of records read.
    pub(crate) fn received(&self) -> usize {
        self.good.len() + self.errors.len()
    }
}

fn problem_of(index: u64, e: IngestError) -> RecordProblem {
    match e {
        IngestError::Record(r) => {
            RecordProblem { index, line: r.line, field: r.field, reason: r.reason }
        }
        other => RecordProblem { index, line: index + 1, field: None, reason: other.to_string() },
    }
}

/// Parses `body` by its content type: `application/json` (an array of documents) or
/// `application/x-ndjson` (one document per line). A body that cannot be read at all (not an
/// array, truncated, invalid UTF-8 outside NDJSON records) is one 400 problem; a bad record is one
/// [`RecordProblem`] and the others go on.
/// A document whose strings hold U+0000 (which PostgreSQL text cannot store) is refused on every
/// backend, so that a batch behaves the same on both.
fn check_nul(index: u64, line: u64, doc: &Document) -> Option<RecordProblem> {
    let json = serde_json::to_string(doc).ok()?;
    json.contains("\\u0000").then(|| RecordProblem {
        index,
        line,
        field: None,
        reason: "contains a NUL character (U+0000)".to_owned(),
    })
}

pub(crate) fn read(
    headers: &HeaderMap,
    body: &[u8],
    max_record_bytes: usize,
) -> Result<Batch, Problem> {
    let limits = Limits { max_record_bytes };
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default();
    let mut batch = Batch { good: Vec::new(), errors: Vec::new() };
    match ctype.as_str() {
        "application/json" => {
            let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
                // Syntax errors name a line and column, never the content.
                Problem::bad_request(
                    "invalid-json",
                    format!("corps JSON illisible (ligne {}, colonne {})", e.line(), e.column()),
                )
            })?;
            let serde_json::Value::Array(items) = value else {
                return Err(Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "expected-array",
                    "un tableau JSON de documents est attendu",
                ));
            };
            for (i, item) in items.into_iter().enumerate() {
                let index = i as u64;
                let line = serde_json::to_string(&item).unwrap_or_default();
                match JsonlReader::new(line.as_bytes(), limits).next() {
                    Some(Ok(rec)) => batch.good.push(Good { index, line: index + 1, doc: rec.doc }),
                    Some(Err(e)) => {
                        let mut p = problem_of(index, e);
                        p.line = index + 1;
                        batch.errors.push(p);
                    }
                    None => batch.errors.push(RecordProblem {
                        index,
                        line: index + 1,
                        field: None,
                        reason: "empty record".to_owned(),
                    }),
                }
            }
        }
        "application/x-ndjson" | "application/jsonl" | "application/jsonlines" => {
            for (i, result) in JsonlReader::new(body, limits).enumerate() {
                let index = i as u64;
                match result {
                    Ok(rec) => batch.good.push(Good { index, line: rec.line, doc: rec.doc }),
                    Err(e) => batch.errors.push(problem_of(index, e)),
                }
            }
        }
        _ => {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Content-Type attendu : application/json (tableau) ou application/x-ndjson",
            ));
        }
    }
    let (good, nul): (Vec<Good>, Vec<Good>) =
        batch.good.into_iter().partition(|g| check_nul(g.index, g.line, &g.doc).is_none());
    batch.good = good;
    for g in nul {
        batch.errors.extend(check_nul(g.index, g.line, &g.doc));
    }
    batch.errors.sort_by_key(|e| e.index);
    Ok(batch)
}
