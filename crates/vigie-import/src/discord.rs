//! DiscordChatExporter JSON (`{"guild", "channel", "messages": [...]}`, exports.md §6).
//!
//! `Default` and `Reply` messages are people's; every other type (calls, pins, joins…) is a
//! system line. Timestamps carry the exporting machine's offset and are kept as written. A file
//! cut by a crash is read up to the break.

use serde_json::Value;
use vigie_model::{Attachment, Document};

use crate::json::{self, string};
use crate::{Error, ExportFormat, Import, message_id};

pub(crate) fn import(file: &str, bytes: &[u8]) -> Result<Import, Error> {
    let parsed = json::parse(file, bytes).map_err(Error::Unreadable)?;
    let v = parsed.value;
    let mut out = Import::new(ExportFormat::Discord);
    let channel = v.get("channel").and_then(|c| string(c, "id")).unwrap_or_else(|| file.to_owned());
    let conversation = format!("discord:{channel}");
    for (i, m) in v.get("messages").and_then(Value::as_array).into_iter().flatten().enumerate() {
        out.stats.read += 1;
        let record = i as u64 + 1;
        let kind = m.get("type").and_then(Value::as_str).unwrap_or("Default");
        let author = m.get("author");
        let mut doc = Document {
            source: Some("discord".to_owned()),
            conversation: Some(conversation.clone()),
            author: author.and_then(|a| string(a, "name")),
            text: string(m, "content").unwrap_or_default(),
            system: !matches!(kind, "Default" | "Reply"),
            edited: m.get("timestampEdited").is_some_and(|t| !t.is_null()),
            reply_to: m.get("reference").and_then(|r| string(r, "messageId")),
            ..Document::default()
        };
        if let Some(a) = author {
            if let Some(id) = string(a, "id") {
                doc.meta.insert("author_id".into(), id.into());
            }
            if let Some(n) = string(a, "nickname") {
                doc.meta.insert("author_nickname".into(), n.into());
            }
        }
        let ts = string(m, "timestamp").unwrap_or_default();
        if ts.parse::<jiff::Timestamp>().is_ok() {
            doc.timestamp = Some(ts);
        } else if let Ok(dt) = ts.parse::<jiff::civil::DateTime>() {
            doc.local_time = Some(dt.strftime("%Y-%m-%dT%H:%M:%S").to_string());
        }
        for a in m.get("attachments").and_then(Value::as_array).into_iter().flatten() {
            let name = string(a, "fileName").unwrap_or_default();
            doc.attachments.push(Attachment {
                kind: crate::whatsapp::kind_from_name(&name),
                name,
                omitted: false,
            });
        }
        let id = string(m, "id").unwrap_or_default();
        doc.meta.insert("message_id".into(), id.clone().into());
        doc.id = message_id(
            ExportFormat::Discord,
            &conversation,
            record,
            &format!("{id}\u{1f}{}", doc.text),
        );
        out.push(doc, file, record);
    }
    if let Some(e) = parsed.error {
        out.broken(e);
    }
    Ok(out)
}
