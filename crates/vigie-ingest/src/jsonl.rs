//! JSONL: one document per line, fields as in DESIGN §4; unknown fields are kept in `meta`.

use std::io::BufRead;

use serde_json::{Map, Value};
use vigie_model::{DocKind, Document, Media};

use crate::lines::{Line, Lines, too_long, utf8};
use crate::{IngestError, Limits, Record, RecordError, default_id, parse_timestamp};

/// Reads JSONL documents. Empty lines are skipped; every other bad line is one error.
pub struct JsonlReader<R> {
    lines: Lines<R>,
    limits: Limits,
}

impl<R: BufRead> JsonlReader<R> {
    /// A reader over `reader`.
    pub fn new(reader: R, limits: Limits) -> JsonlReader<R> {
        JsonlReader { lines: Lines::new(reader, limits.max_record_bytes), limits }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
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
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(
                utf8(line, bytes)
                    .and_then(|s| parse_document(line, &s))
                    .map(|doc| Record { line, doc })
                    .map_err(IngestError::from),
            );
        }
    }
}

/// Parses one JSON object into a document.
pub(crate) fn parse_document(line: u64, json: &str) -> Result<Document, RecordError> {
    let value: Value = serde_json::from_str(json)
        .map_err(|e| RecordError::new(line, format!("invalid JSON: {e}")))?;
    let Value::Object(mut map) = value else {
        return Err(RecordError::new(line, "expected a JSON object"));
    };
    let text = match map.remove("text") {
        Some(Value::String(s)) => s,
        Some(_) => return Err(RecordError::field(line, "text", "must be a string")),
        None => return Err(RecordError::field(line, "text", "missing")),
    };
    let source = opt_string(line, &mut map, "source")?;
    let id = match opt_string(line, &mut map, "id")? {
        Some(id) if id.trim().is_empty() => {
            return Err(RecordError::field(line, "id", "must not be empty"));
        }
        Some(id) => id,
        None => default_id(source.as_deref(), &text),
    };
    let kind = match map.remove("kind") {
        None | Some(Value::Null) => DocKind::default(),
        Some(Value::String(s)) => DocKind::parse(&s).ok_or_else(|| {
            RecordError::field(
                line,
                "kind",
                "unknown kind (expected message, post, profile, ad or comment)",
            )
        })?,
        Some(_) => return Err(RecordError::field(line, "kind", "must be a string")),
    };
    let timestamp = match map.remove("timestamp") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            Some(parse_timestamp(&s).map_err(|e| RecordError::field(line, "timestamp", e))?)
        }
        Some(Value::Number(n)) => Some(epoch(line, &n)?),
        Some(_) => {
            return Err(RecordError::field(line, "timestamp", "must be a string or a number"));
        }
    };
    let recipients = match map.remove("recipients") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => vec![s],
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|v| {
                scalar(v).ok_or_else(|| {
                    RecordError::field(line, "recipients", "must be a list of strings")
                })
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(RecordError::field(line, "recipients", "must be a list of strings")),
    };
    let media = match map.remove("media") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => parse_media(line, v)?,
    };
    let mut meta = match map.remove("meta") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(RecordError::field(line, "meta", "must be an object")),
    };
    let author = opt_string(line, &mut map, "author")?;
    let conversation = opt_string(line, &mut map, "conversation")?;
    let lang = opt_string(line, &mut map, "lang")?;
    let place = opt_string(line, &mut map, "place")?;
    let attachments = match map.remove("attachments") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => serde_json::from_value(v).map_err(|e| {
            RecordError::field(
                line,
                "attachments",
                format!("expected a list of {{name, kind, omitted}}: {e}"),
            )
        })?,
    };
    let reply_to = opt_string(line, &mut map, "reply_to")?;
    let edited = opt_bool(line, &mut map, "edited")?;
    let deleted = opt_bool(line, &mut map, "deleted")?;
    let system = opt_bool(line, &mut map, "system")?;
    let local_time = match opt_string(line, &mut map, "local_time")? {
        Some(t) => Some(parse_local_time(&t).ok_or_else(|| {
            RecordError::field(
                line,
                "local_time",
                "unreadable local time (expected YYYY-MM-DDTHH:MM[:SS] without offset)",
            )
        })?),
        None => None,
    };
    let exporter = opt_string(line, &mut map, "exporter")?;
    meta.extend(map);
    Ok(Document {
        id,
        kind,
        source,
        author,
        recipients,
        conversation,
        timestamp,
        text,
        lang,
        place,
        media,
        meta,
        attachments,
        reply_to,
        edited,
        deleted,
        system,
        local_time,
        exporter,
    })
}

/// A wall-clock time without offset, `YYYY-MM-DDTHH:MM[:SS]` (a space also accepted), returned
/// in the canonical `YYYY-MM-DDTHH:MM:SS` form.
fn parse_local_time(s: &str) -> Option<String> {
    // jiff reads and drops an offset: refuse one here, the time must be the naive wall clock.
    let time_part = s.trim().get(10..).unwrap_or("");
    if time_part.contains(['+', '-', 'Z', 'z', '[']) {
        return None;
    }
    let dt: jiff::civil::DateTime = s.trim().replacen(' ', "T", 1).parse().ok()?;
    Some(dt.strftime("%Y-%m-%dT%H:%M:%S").to_string())
}

fn opt_bool(line: u64, map: &mut Map<String, Value>, field: &str) -> Result<bool, RecordError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(b),
        Some(_) => Err(RecordError::field(line, field, "must be true or false")),
    }
}

/// A string or a number, as a string.
fn scalar(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn opt_string(
    line: u64,
    map: &mut Map<String, Value>,
    field: &str,
) -> Result<Option<String>, RecordError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            scalar(v).map(Some).ok_or_else(|| RecordError::field(line, field, "must be a string"))
        }
    }
}

fn epoch(line: u64, n: &serde_json::Number) -> Result<String, RecordError> {
    let bad = || RecordError::field(line, "timestamp", "not a valid Unix time in seconds");
    let secs = n.as_i64().ok_or_else(bad)?;
    let ts = jiff::Timestamp::from_second(secs).map_err(|_| bad())?;
    Ok(ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn parse_media(line: u64, value: Value) -> Result<Vec<Media>, RecordError> {
    let media: Vec<Media> = serde_json::from_value(value).map_err(|e| {
        RecordError::field(
            line,
            "media",
            format!("expected a list of {{sha256, pdq, quality}}: {e}"),
        )
    })?;
    for m in &media {
        if m.pdq.as_deref().is_some_and(|h| !is_hex(h, 64)) {
            return Err(RecordError::field(line, "media.pdq", "must be 64 hexadecimal characters"));
        }
        if m.sha256.as_deref().is_some_and(|h| !is_hex(h, 64)) {
            return Err(RecordError::field(
                line,
                "media.sha256",
                "must be 64 hexadecimal characters",
            ));
        }
        if m.quality.is_some_and(|q| q > 100) {
            return Err(RecordError::field(line, "media.quality", "must be between 0 and 100"));
        }
    }
    Ok(media)
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(input: &str) -> Vec<String> {
        JsonlReader::new(input.as_bytes(), Limits::default())
            .filter_map(Result::err)
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn full_document_and_meta() {
        let line = r#"{"id":"m1","kind":"ad","source":"site","author":"a","recipients":["b"],"conversation":7,
            "timestamp":"2024-05-01T10:00:00+02:00","text":"dispo","lang":"fr","place":"Lyon",
            "media":[{"pdq":"ab"}],"extra":1}"#
            .replace('\n', "");
        assert_eq!(errors(&line), ["1: field media.pdq: must be 64 hexadecimal characters"]);
        let line =
            line.replace(r#""pdq":"ab""#, &format!(r#""pdq":"{}","quality":90"#, "f".repeat(64)));
        let docs: Vec<_> = JsonlReader::new(line.as_bytes(), Limits::default()).collect();
        let doc = &docs[0].as_ref().unwrap().doc;
        assert_eq!(doc.kind, DocKind::Ad);
        assert_eq!(doc.conversation.as_deref(), Some("7"));
        assert_eq!(doc.meta["extra"], 1);
        assert_eq!(doc.media[0].quality, Some(90));
    }

    #[test]
    fn each_bad_record_names_its_line_and_field() {
        let input = "{\"text\":\"ok\"}\n\
                     {\"text\":5}\n\
                     {\"id\":\"x\"}\n\
                     [1,2]\n\
                     {\"text\":\"a\",\"kind\":\"tweet\"}\n\
                     {\"text\":\"a\",\"timestamp\":\"hier\"}\n\
                     \n\
                     {\"text\":\"a\",\"recipients\":[{}]}\n\
                     {\"text\":\"tronqu";
        assert_eq!(
            errors(input),
            [
                "2: field text: must be a string",
                "3: field text: missing",
                "4: expected a JSON object",
                "5: field kind: unknown kind (expected message, post, profile, ad or comment)",
                "6: field timestamp: unreadable date (expected RFC 3339, YYYY-MM-DD[ HH:MM[:SS]] or DD/MM/YYYY[ HH:MM[:SS]])",
                "8: field recipients: must be a list of strings",
                "9: invalid JSON: EOF while parsing a string at line 1 column 15",
            ]
        );
    }

    #[test]
    fn chat_export_fields_round_trip() {
        let doc = Document {
            id: "w1".into(),
            text: "salut".into(),
            attachments: vec![vigie_model::Attachment {
                name: "IMG-20240312-WA0001.jpg".into(),
                kind: vigie_model::AttachmentKind::Image,
                omitted: false,
            }],
            reply_to: Some("41".into()),
            edited: true,
            deleted: true,
            system: true,
            local_time: Some("2024-03-12T21:14:00".into()),
            exporter: Some("moi".into()),
            ..Document::default()
        };
        let line = serde_json::to_string(&doc).unwrap();
        let back: Vec<_> = JsonlReader::new(line.as_bytes(), Limits::default()).collect();
        assert_eq!(back[0].as_ref().unwrap().doc, doc);
        assert_eq!(
            errors(r#"{"text":"a","local_time":"2024-03-12T21:14:00+01:00"}"#),
            [
                "1: field local_time: unreadable local time (expected YYYY-MM-DDTHH:MM[:SS] without offset)"
            ]
        );
        assert_eq!(
            errors(r#"{"text":"a","system":"oui"}"#),
            ["1: field system: must be true or false"]
        );
        let docs: Vec<_> = JsonlReader::new(
            &br#"{"text":"a","local_time":"2024-03-12 21:14"}"#[..],
            Limits::default(),
        )
        .collect();
        assert_eq!(
            docs[0].as_ref().unwrap().doc.local_time.as_deref(),
            Some("2024-03-12T21:14:00")
        );
    }

    #[test]
    fn default_id_and_epoch_timestamp() {
        let docs: Vec<_> =
            JsonlReader::new(&b"{\"text\":\"a\",\"timestamp\":0}"[..], Limits::default()).collect();
        let doc = &docs[0].as_ref().unwrap().doc;
        assert_eq!(doc.id, default_id(None, "a"));
        assert_eq!(doc.timestamp.as_deref(), Some("1970-01-01T00:00:00Z"));
    }
}
