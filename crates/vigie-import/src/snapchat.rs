//! Snapchat "My Data" `chat_history.json`, every generation seen (exports.md §5):
//! * current: `{"<conversation>": [{"From", "Media Type", "Created", "Content", "IsSender",
//!   "Created(microseconds)", "Conversation Title", "IsSaved", "Media IDs"}]}`;
//! * intermediate: the same with `isSender` and without `IsSaved`/`Media IDs`;
//! * ≤ 2021: `{"Received Saved Chat History": [{"From", "Media Type", "Created", "Text"}],
//!   "Sent Saved Chat History": [{"To", …}], …}`.
//!
//! `Created(microseconds)` holds milliseconds: scaled by magnitude (> 10^14 ⇒ µs). `STATUS…`
//! records are system lines. `IsSender` marks the account that made the export.

use serde_json::Value;
use vigie_model::{Attachment, AttachmentKind, Document};

use crate::json::{self, string};
use crate::{Error, ExportFormat, Import, ImportError, message_id};

/// Label of the account owner in old exports, whose own messages carry no `From`.
const OWNER: &str = "(titulaire du compte)";

fn instant(m: &Value) -> Option<String> {
    if let Some(n) = m.get("Created(microseconds)").and_then(Value::as_i64) {
        let ms = if n > 100_000_000_000_000 { n / 1000 } else { n };
        return json::millis(ms);
    }
    let created = string(m, "Created")?;
    let civil = created.trim_end_matches(" UTC").replacen(' ', "T", 1);
    let dt: jiff::civil::DateTime = civil.parse().ok()?;
    dt.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().to_string())
}

/// Unescapes the few HTML entities old exports hold (`&#39;`, `&amp;`…).
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

pub(crate) fn import(file: &str, bytes: &[u8]) -> Result<Import, Error> {
    let v: Value = serde_json::from_slice(json::strip_bom(bytes)).map_err(|e| {
        let reason = if e.is_eof() {
            "fichier tronqué (JSON interrompu)".to_owned()
        } else {
            format!("JSON invalide à la ligne {} colonne {}", e.line(), e.column())
        };
        Error::Unreadable(ImportError::new(
            file,
            Some(e.line() as u64),
            Some(json::error_offset(bytes, &e)),
            reason,
        ))
    })?;
    let Value::Object(map) = v else {
        return Err(Error::Unreadable(ImportError::new(file, None, None, "objet JSON attendu")));
    };
    let mut out = Import::new(ExportFormat::Snapchat);
    let old = map.keys().any(|k| k.ends_with("Chat History"));
    let mut exporter = None;
    let mut docs = Vec::new();
    let mut record = 0u64;
    for (key, items) in &map {
        let Some(items) = items.as_array() else {
            out.notes.push(format!(
                "{file} : clé de premier niveau n° {} ignorée (pas un tableau)",
                docs.len() + 1
            ));
            continue;
        };
        for m in items {
            record += 1;
            out.stats.read += 1;
            let sent = if old {
                key.starts_with("Sent")
            } else {
                m.get("IsSender")
                    .or_else(|| m.get("isSender"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            };
            let other =
                if old { string(m, "From").or_else(|| string(m, "To")) } else { Some(key.clone()) };
            let author = if old && sent { Some(OWNER.to_owned()) } else { string(m, "From") };
            let Some(ts) = instant(m) else {
                out.error(ImportError::new(
                    file,
                    Some(record),
                    None,
                    "enregistrement sans date lisible (Created)",
                ));
                continue;
            };
            let media = string(m, "Media Type").unwrap_or_default();
            let conversation = format!("snapchat:{}", other.unwrap_or_default());
            let mut doc = Document {
                source: Some("snapchat".to_owned()),
                author: author.clone(),
                conversation: Some(conversation.clone()),
                timestamp: Some(ts.clone()),
                text: unescape(
                    &string(m, "Content").or_else(|| string(m, "Text")).unwrap_or_default(),
                ),
                system: media.starts_with("STATUS"),
                ..Document::default()
            };
            if sent && !old {
                exporter.clone_from(&author);
            }
            if let Some(title) = string(m, "Conversation Title") {
                doc.meta.insert("conversation_title".into(), title.into());
            }
            let kind = match media.as_str() {
                "MEDIA" => Some(AttachmentKind::Image),
                "STICKER" => Some(AttachmentKind::Sticker),
                "SHARE" => Some(AttachmentKind::Share),
                "NOTE" => Some(AttachmentKind::Audio),
                "LOCATION" => Some(AttachmentKind::Location),
                "TEXT" | "" => None,
                _ if doc.system => None,
                _ => Some(AttachmentKind::Other),
            };
            if let Some(kind) = kind {
                let ids = string(m, "Media IDs").unwrap_or_default();
                let names: Vec<&str> = ids.split(" | ").filter(|s| !s.is_empty()).collect();
                if names.is_empty() {
                    doc.attachments.push(Attachment { name: String::new(), kind, omitted: true });
                }
                for n in names {
                    doc.attachments.push(Attachment { name: n.to_owned(), kind, omitted: false });
                }
            }
            doc.meta.insert("media_type".into(), media.into());
            doc.id = message_id(
                ExportFormat::Snapchat,
                &conversation,
                record,
                &format!("{ts}\u{1f}{}", doc.text),
            );
            docs.push((conversation, ts, record, doc));
        }
    }
    // Order within a file is not documented (newest first seen): by conversation, then time.
    docs.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| sort_key(&a.1).cmp(&sort_key(&b.1))));
    for (_, _, record, mut doc) in docs {
        doc.exporter.clone_from(&exporter);
        out.push(doc, file, record);
    }
    if old {
        out.notes.push(format!("{file} : ancien format Snapchat (avant 2022) ; vos messages sont attribués à « {OWNER} »"));
    }
    out.notes.push(format!("{file} : Snapchat ne garde que les messages enregistrés et récents"));
    Ok(out)
}

fn sort_key(ts: &str) -> Option<jiff::Timestamp> {
    ts.parse().ok()
}
