//! Instagram and Facebook Messenger "Download your information" JSON (`message_N.json`), and the
//! newer Messenger end-to-end-encrypted export (camelCase keys).
//!
//! Meta writes each UTF-8 byte of a non-ASCII character as its own `\u00XX` escape; every string
//! is repaired after parsing (exports.md §3.3). Messages run newest first: they are put oldest
//! first. Generated lines ("Liked a message", "X sent an attachment.") are system lines.

use serde_json::Value;
use vigie_model::{Attachment, AttachmentKind, Document};

use crate::json::{self, millis, string};
use crate::{Error, ExportFormat, Import, ImportError, message_id};

/// Repairs Meta's mojibake: a string whose code points are all ≤ U+00FF is re-read as the UTF-8
/// bytes it stands for; a string that is not valid UTF-8 that way is kept as it is.
pub(crate) fn repair(s: &str) -> String {
    if s.is_ascii() || s.chars().any(|c| u32::from(c) > 0xFF) {
        return s.to_owned();
    }
    let bytes: Vec<u8> = s.chars().map(|c| u32::from(c) as u8).collect();
    String::from_utf8(bytes).unwrap_or_else(|_| s.to_owned())
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(repair)
}

/// Generated lines, in English and French (lower-case fragments; exports.md §3.2).
const GENERATED: &[&str] = &[
    "liked a message",
    "reacted ",
    "sent an attachment.",
    "started a video chat",
    "started an audio call",
    "missed a video chat",
    "missed an audio call",
    "the video chat ended",
    "the call ended",
    "unsent a message",
    "a aimé un message",
    "a réagi ",
    "avez réagi ",
    "a envoyé une pièce jointe",
    "avez envoyé une pièce jointe",
    "a lancé un appel",
    "l'appel est terminé",
    "a retiré un message",
    "avez retiré un message",
];

fn is_generated(content: &str) -> bool {
    let lower = content.to_lowercase();
    GENERATED.iter().any(|g| lower.contains(g))
}

pub(crate) fn import(file: &str, bytes: &[u8]) -> Result<Import, Error> {
    let parsed = json::parse(file, bytes).map_err(Error::Unreadable)?;
    let v = parsed.value;
    let mut out = Import::new(ExportFormat::Meta);
    let e2ee = v.get("threadName").is_some()
        || v.get("participants")
            .and_then(Value::as_array)
            .is_some_and(|p| p.iter().any(Value::is_string));
    let conversation = format!(
        "meta:{}",
        text(&v, "thread_path")
            .or_else(|| text(&v, "threadName"))
            .or_else(|| text(&v, "title"))
            .unwrap_or_else(|| file.to_owned())
    );
    let participants: Vec<String> = v
        .get("participants")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter().filter_map(|p| p.as_str().map(repair).or_else(|| text(p, "name"))).collect()
        })
        .unwrap_or_default();
    let Some(messages) = v.get("messages").and_then(Value::as_array) else {
        return Err(Error::Unreadable(ImportError::new(
            file,
            None,
            None,
            "pas de tableau « messages »",
        )));
    };
    let mut docs = Vec::with_capacity(messages.len());
    for (i, m) in messages.iter().enumerate() {
        out.stats.read += 1;
        let record = i as u64 + 1;
        let author = text(m, "sender_name").or_else(|| text(m, "senderName"));
        let ms = m.get("timestamp_ms").or_else(|| m.get("timestamp")).and_then(Value::as_i64);
        let (Some(author), Some(ms)) = (author, ms) else {
            out.error(ImportError::new(
                file,
                Some(record),
                None,
                "message sans auteur ou sans date (sender_name, timestamp_ms)",
            ));
            continue;
        };
        let content = text(m, "content").or_else(|| text(m, "text")).unwrap_or_default();
        let mut doc = Document {
            source: Some(if e2ee { "messenger" } else { "meta" }.to_owned()),
            author: Some(author.clone()),
            recipients: participants.iter().filter(|p| **p != author).cloned().collect(),
            conversation: Some(conversation.clone()),
            timestamp: millis(ms),
            ..Document::default()
        };
        for (key, kind) in [
            ("photos", AttachmentKind::Image),
            ("videos", AttachmentKind::Video),
            ("audio_files", AttachmentKind::Audio),
            ("files", AttachmentKind::Document),
            ("gifs", AttachmentKind::Image),
            ("media", AttachmentKind::Other),
        ] {
            for a in m.get(key).and_then(Value::as_array).into_iter().flatten() {
                let uri = string(a, "uri").unwrap_or_default();
                let name = uri.rsplit('/').next().unwrap_or_default().to_owned();
                let kind = if kind == AttachmentKind::Other {
                    crate::whatsapp::kind_from_name(&name)
                } else {
                    kind
                };
                doc.attachments.push(Attachment { name, kind, omitted: false });
            }
        }
        if let Some(s) = m.get("sticker") {
            let name = string(s, "uri")
                .unwrap_or_default()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
            doc.attachments.push(Attachment {
                name,
                kind: AttachmentKind::Sticker,
                omitted: false,
            });
        }
        if let Some(share) = m.get("share") {
            let name = string(share, "link").unwrap_or_default();
            doc.attachments.push(Attachment { name, kind: AttachmentKind::Share, omitted: false });
            if let Some(t) = text(share, "share_text") {
                doc.meta.insert("share_text".into(), t.into());
            }
        }
        doc.deleted = m
            .get("is_unsent")
            .or_else(|| m.get("isUnsent"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        doc.system = doc.attachments.is_empty() && is_generated(&content)
            || m.get("call_duration").is_some()
            || m.get("type").and_then(Value::as_str) == Some("placeholder");
        doc.text = content;
        doc.id = message_id(
            ExportFormat::Meta,
            &conversation,
            ms as u64,
            &format!("{author}\u{1f}{}", doc.text),
        );
        docs.push((ms, record, doc));
    }
    // Newest first in the file: oldest first here (stable for equal times).
    docs.sort_by_key(|(ms, _, _)| *ms);
    for (_, record, doc) in docs {
        out.push(doc, file, record);
    }
    if let Some(e) = parsed.error {
        out.broken(e);
    }
    out.notes.push(format!(
        "{file} : horodatages exacts (UTC), messages remis du plus ancien au plus récent"
    ));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_repaired() {
        assert_eq!(repair("In\u{c3}\u{a8}s \u{f0}\u{9f}\u{a6}\u{8b}"), "Inès 🦋");
        assert_eq!(repair("t\u{e2}\u{80}\u{99}es"), "t’es");
        // Real Latin-1 text that is not UTF-8 once re-read stays as it is.
        assert_eq!(repair("café"), "café");
        assert_eq!(repair("déjà ✓"), "déjà ✓");
    }
}
