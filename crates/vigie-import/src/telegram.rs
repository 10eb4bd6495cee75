//! Telegram Desktop `result.json`: one chat (`{"name", "type", "id", "messages"}`) or the whole
//! account (`chats.list`, `left_chats.list`).
//!
//! `text` is a string or an array of strings and entities (concatenated). `date_unixtime` gives
//! the instant; `date` (the exporting computer's local time, no offset) is kept as the stated wall
//! clock. Telegram writes control characters as `\xHH`, which is not JSON: repaired to `\u00HH`
//! before parsing (exports.md §4.4).

use serde_json::Value;
use vigie_model::{Attachment, AttachmentKind, Document};

use crate::json::{self, string};
use crate::{Error, ExportFormat, Import, ImportError, message_id};

/// Rewrites `\xHH` escapes as `\u00HH`, leaving escaped backslashes alone; also returns where
/// (in the output) each repair was made.
pub(crate) fn repair_escapes(bytes: &[u8]) -> (Vec<u8>, Vec<usize>) {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            if bytes[i + 1] == b'x'
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 3).is_some_and(u8::is_ascii_hexdigit)
            {
                at.push(out.len());
                out.extend_from_slice(b"\\u00");
                out.extend_from_slice(&bytes[i + 2..i + 4]);
                i += 4;
            } else {
                out.extend_from_slice(&bytes[i..i + 2]);
                i += 2;
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    (out, at)
}

/// The full text of a `text` field: a string, or the concatenation of an array's parts.
fn full_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .map(|p| match p {
                Value::String(s) => s.as_str(),
                other => other.get("text").and_then(Value::as_str).unwrap_or(""),
            })
            .collect(),
        _ => String::new(),
    }
}

pub(crate) fn import(file: &str, bytes: &[u8]) -> Result<Import, Error> {
    let (repaired, repairs) = if bytes.windows(2).any(|w| w == b"\\x") {
        repair_escapes(bytes)
    } else {
        (Vec::new(), Vec::new())
    };
    let bytes = if repairs.is_empty() { bytes } else { &repaired[..] };
    // Offsets in errors refer to the file as written: each repair added two bytes.
    let original_offset = |e: &mut ImportError| {
        if let Some(o) = e.offset.as_mut() {
            let before = repairs.iter().filter(|p| (**p as u64) < *o).count() as u64;
            *o = o.saturating_sub(2 * before);
        }
    };
    let mut parsed = json::parse(file, bytes).map_err(|mut e| {
        original_offset(&mut e);
        Error::Unreadable(e)
    })?;
    if let Some(e) = parsed.error.as_mut() {
        original_offset(e);
    }
    let v = parsed.value;
    let mut out = Import::new(ExportFormat::Telegram);
    let exporter = v.get("personal_information").and_then(|p| {
        let first = string(p, "first_name").unwrap_or_default();
        let last = string(p, "last_name").unwrap_or_default();
        let name = format!("{first} {last}").trim().to_owned();
        (!name.is_empty()).then_some(name)
    });
    let chats: Vec<&Value> = if v.get("messages").is_some() {
        vec![&v]
    } else {
        ["chats", "left_chats"]
            .iter()
            .filter_map(|k| v.get(*k).and_then(|c| c.get("list")).and_then(Value::as_array))
            .flatten()
            .collect()
    };
    if chats.is_empty() {
        return Err(Error::Unreadable(ImportError::new(
            file,
            None,
            None,
            "ni « messages » ni « chats.list » : export Telegram non reconnu",
        )));
    }
    let mut record = 0u64;
    let mut naive = 0u64;
    for chat in chats {
        let id = string(chat, "id").or_else(|| string(chat, "name")).unwrap_or_else(|| {
            chat.get("type").and_then(Value::as_str).unwrap_or("chat").to_owned()
        });
        let conversation = format!("telegram:{id}");
        for m in chat.get("messages").and_then(Value::as_array).into_iter().flatten() {
            record += 1;
            out.stats.read += 1;
            let kind = m.get("type").and_then(Value::as_str).unwrap_or("message");
            let msg_id = string(m, "id").unwrap_or_default();
            let mut doc = Document {
                source: Some("telegram".to_owned()),
                conversation: Some(conversation.clone()),
                exporter: exporter.clone(),
                ..Document::default()
            };
            doc.meta.insert("message_id".into(), msg_id.clone().into());
            doc.local_time = string(m, "date")
                .and_then(|d| d.parse::<jiff::civil::DateTime>().ok())
                .map(|d| d.strftime("%Y-%m-%dT%H:%M:%S").to_string());
            doc.timestamp = string(m, "date_unixtime")
                .and_then(|s| s.parse::<i64>().ok())
                .and_then(|s| jiff::Timestamp::from_second(s).ok())
                .map(|t| t.to_string());
            if doc.timestamp.is_none() && doc.local_time.is_some() {
                naive += 1;
            }
            doc.edited = m.get("edited").is_some();
            match kind {
                "message" => {
                    doc.author = string(m, "from").or_else(|| string(m, "from_id"));
                    if let Some(from_id) = string(m, "from_id") {
                        doc.meta.insert("author_id".into(), from_id.into());
                    }
                    doc.reply_to = string(m, "reply_to_message_id");
                    if let Some(f) = string(m, "forwarded_from") {
                        doc.meta.insert("forwarded_from".into(), f.into());
                    }
                    if let Some(photo) = string(m, "photo") {
                        doc.attachments.push(attachment(&photo, AttachmentKind::Image));
                    }
                    if let Some(f) = string(m, "file").or_else(|| string(m, "file_name")) {
                        let kind = match m.get("media_type").and_then(Value::as_str) {
                            Some("sticker") => AttachmentKind::Sticker,
                            Some("voice_message" | "audio_file") => AttachmentKind::Audio,
                            Some("video_message" | "video_file" | "animation") => {
                                AttachmentKind::Video
                            }
                            _ => crate::whatsapp::kind_from_name(&f),
                        };
                        doc.attachments.push(attachment(&f, kind));
                    }
                    if m.get("contact_information").is_some() {
                        doc.attachments.push(Attachment {
                            kind: AttachmentKind::Contact,
                            ..Attachment::default()
                        });
                    }
                    if m.get("location_information").is_some() {
                        doc.attachments.push(Attachment {
                            kind: AttachmentKind::Location,
                            ..Attachment::default()
                        });
                    }
                    doc.text = full_text(m.get("text"));
                }
                "service" => {
                    doc.system = true;
                    doc.author = string(m, "actor").or_else(|| string(m, "actor_id"));
                    let action = string(m, "action").unwrap_or_default();
                    let t = full_text(m.get("text"));
                    doc.text = if t.is_empty() { action.clone() } else { format!("{action}: {t}") };
                    doc.meta.insert("action".into(), action.into());
                }
                _ => {
                    // `unsupported`: no date, no text; kept as a system line so nothing vanishes.
                    doc.system = true;
                    doc.meta.insert("action".into(), kind.into());
                }
            }
            doc.id = message_id(
                ExportFormat::Telegram,
                &conversation,
                record,
                &format!("{msg_id}\u{1f}{}", doc.text),
            );
            out.push(doc, file, record);
        }
    }
    if let Some(e) = parsed.error {
        out.broken(e);
    }
    if naive > 0 {
        out.notes.push(format!("{file} : {naive} message(s) sans date_unixtime : heure locale de l'ordinateur d'export, sans fuseau"));
    }
    Ok(out)
}

/// An attachment from an exported path, or an omitted one for Telegram's "(File not included…)".
fn attachment(path: &str, kind: AttachmentKind) -> Attachment {
    if path.starts_with('(') {
        Attachment { name: String::new(), kind, omitted: true }
    } else {
        Attachment {
            name: path.rsplit('/').next().unwrap_or(path).to_owned(),
            kind,
            omitted: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_repaired_but_not_escaped_backslashes() {
        assert_eq!(repair_escapes(br#""a\x0Cb""#), (br#""a\u000Cb""#.to_vec(), vec![2]));
        assert_eq!(repair_escapes(br#""a\\x0C""#).0, br#""a\\x0C""#.to_vec());
    }
}
