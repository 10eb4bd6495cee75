//! TikTok "Download your data", direct messages: JSON (`…["ChatHistory"]["Chat History with
//! <user>:"] = [{"Date", "From", "Content"}]`, found anywhere in the tree since the schema is
//! renamed almost every year) and TXT (blocks of `Date:`, `From:`, `Content:` lines under
//! `>>> Chat History with <user>:`; the TXT layout is [inferred], exports.md §6).
//!
//! Dates state no zone: kept as the stated wall clock only.

use serde_json::Value;
use vigie_model::Document;

use crate::json::{self, string};
use crate::{Error, ExportFormat, Import, ImportError, message_id};

fn local(date: &str) -> Option<String> {
    date.trim()
        .replacen(' ', "T", 1)
        .parse::<jiff::civil::DateTime>()
        .ok()
        .map(|d| d.strftime("%Y-%m-%dT%H:%M:%S").to_string())
}

fn user_of(key: &str) -> String {
    key.trim()
        .trim_start_matches(">>>")
        .trim()
        .trim_start_matches("Chat History with ")
        .trim_end_matches(':')
        .trim()
        .to_owned()
}

fn doc(user: &str, date: &str, from: Option<String>, content: String, record: u64) -> Document {
    let conversation = format!("tiktok:{user}");
    let mut d = Document {
        source: Some("tiktok".to_owned()),
        author: from,
        conversation: Some(conversation.clone()),
        local_time: local(date),
        text: content,
        ..Document::default()
    };
    d.id =
        message_id(ExportFormat::TikTok, &conversation, record, &format!("{date}\u{1f}{}", d.text));
    d
}

pub(crate) fn import(file: &str, bytes: &[u8]) -> Result<Import, Error> {
    let head = json::strip_bom(bytes);
    if head.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Ok(import_txt(file, bytes));
    }
    let v: Value = serde_json::from_slice(head).map_err(|e| {
        Error::Unreadable(ImportError::new(
            file,
            Some(e.line() as u64),
            Some(json::error_offset(head, &e)),
            "JSON invalide ou tronqué",
        ))
    })?;
    let mut out = Import::new(ExportFormat::TikTok);
    let mut threads = Vec::new();
    find_threads(&v, &mut threads);
    if threads.is_empty() {
        return Err(Error::Unreadable(ImportError::new(
            file,
            None,
            None,
            "aucun « Chat History with … » dans l'export TikTok",
        )));
    }
    let mut record = 0u64;
    for (key, items) in threads {
        let user = user_of(key);
        for m in items {
            record += 1;
            out.stats.read += 1;
            let Some(date) = string(m, "Date") else {
                out.error(ImportError::new(file, Some(record), None, "message sans date (Date)"));
                continue;
            };
            let d = doc(
                &user,
                &date,
                string(m, "From"),
                string(m, "Content").unwrap_or_default(),
                record,
            );
            if d.local_time.is_none() {
                out.error(ImportError::new(
                    file,
                    Some(record),
                    None,
                    "date illisible (attendu AAAA-MM-JJ HH:MM:SS)",
                ));
                continue;
            }
            out.push(d, file, record);
        }
    }
    out.notes.push(format!("{file} : dates TikTok sans fuseau, gardées telles quelles"));
    Ok(out)
}

fn find_threads<'a>(v: &'a Value, out: &mut Vec<(&'a str, &'a Vec<Value>)>) {
    if let Value::Object(map) = v {
        for (k, child) in map {
            match child {
                Value::Array(items) if k.starts_with("Chat History with ") => {
                    out.push((k.as_str(), items));
                }
                _ => find_threads(child, out),
            }
        }
    }
}

/// The TXT layout: blocks of `Date:`, `From:`, `Content:` lines; a line that fits none continues
/// the content.
fn import_txt(file: &str, bytes: &[u8]) -> Import {
    let mut out = Import::new(ExportFormat::TikTok);
    let (text, _) = crate::text::decode(bytes);
    let mut user = crate::whatsapp::chat_name(file);
    let mut cur: Option<(u64, String, Option<String>, String)> = None;
    let mut record = 0u64;
    let flush = |out: &mut Import,
                 cur: &mut Option<(u64, String, Option<String>, String)>,
                 user: &str,
                 record: &mut u64| {
        if let Some((line, date, from, content)) = cur.take() {
            *record += 1;
            let d = doc(user, &date, from, content, *record);
            if d.local_time.is_none() {
                out.error(ImportError::new(
                    file,
                    Some(line),
                    None,
                    "date illisible (attendu AAAA-MM-JJ HH:MM:SS)",
                ));
                // The record is kept (without a time): the error is reported, not counted twice.
                out.stats.errors -= 1;
            }
            out.push(d, file, line);
        }
    };
    for l in crate::text::lines(&text) {
        out.stats.read += 1;
        let t = l.text;
        if t.trim_start().starts_with(">>>") || t.starts_with("Chat History with ") {
            flush(&mut out, &mut cur, &user, &mut record);
            user = user_of(t);
            // A thread heading: structure, counted with the lines that belong to records.
            out.stats.continuation += 1;
        } else if let Some(date) = t.strip_prefix("Date: ") {
            flush(&mut out, &mut cur, &user, &mut record);
            cur = Some((l.number, date.to_owned(), None, String::new()));
        } else if let (Some(from), Some(c)) = (t.strip_prefix("From: "), cur.as_mut()) {
            c.2 = Some(from.trim().to_owned());
            out.stats.continuation += 1;
        } else if let (Some(content), Some(c)) = (t.strip_prefix("Content: "), cur.as_mut()) {
            content.clone_into(&mut c.3);
            out.stats.continuation += 1;
        } else if let Some(c) = cur.as_mut() {
            if !t.trim().is_empty() {
                c.3.push('\n');
                c.3.push_str(t);
            }
            out.stats.continuation += 1;
        } else {
            out.stats.continuation += 1;
        }
    }
    flush(&mut out, &mut cur, &user, &mut record);
    out
}
