//! WhatsApp "Export chat" text, Android and iOS, any language's date order.
//!
//! Two passes. The first finds every line that could be a header, learns the file's header style
//! (Android or iOS, date separator, seconds, AM/PM, the `,`/`à` separator) from the majority, and
//! infers the date order from all of them. The second applies that style strictly: a line is a
//! header only if it matches the whole style and holds a valid date; any other line continues the
//! message before it (so `15/03/2024 08:12 train pour Paris` typed by a person stays text).

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;
use vigie_model::{Attachment, AttachmentKind, DocKind, Document};

use crate::text::{self, clean_name, strip_marks};
use crate::{ExportFormat, Import, ImportError, Options, message_id};

mod header;
mod lang;

use header::{Header, Style, header};

/// How the day, month and year follow each other in the file's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `31/12/2024` (France, most of the world).
    DayMonthYear,
    /// `12/31/24` (United States).
    MonthDayYear,
    /// `2024-12-31` (ISO, Canada).
    YearMonthDay,
}

/// Whether a line is a WhatsApp header of any style (for detection).
pub(crate) fn is_header(line: &str) -> bool {
    header(line).is_some_and(|h| {
        h.local_time(DateOrder::DayMonthYear).is_some()
            || h.local_time(DateOrder::MonthDayYear).is_some()
            || h.local_time(DateOrder::YearMonthDay).is_some()
    })
}

impl Header<'_> {
    /// The stated wall clock, `YYYY-MM-DDTHH:MM:SS`, when the date is valid in `order`.
    fn local_time(&self, order: DateOrder) -> Option<String> {
        let (y, m, d) = match order {
            DateOrder::YearMonthDay => (self.a, self.b, self.c),
            DateOrder::DayMonthYear => (self.c, self.b, self.a),
            DateOrder::MonthDayYear => (self.c, self.a, self.b),
        };
        let mut year: i16 = y.parse().ok()?;
        if y.len() == 2 {
            year += 2000;
        } else if y.len() != 4 {
            return None;
        }
        let mut hour = self.hour;
        match self.pm {
            Some(pm) if !(1..=12).contains(&hour) => {
                let _ = pm;
                return None;
            }
            Some(true) if hour < 12 => hour += 12,
            Some(false) if hour == 12 => hour = 0,
            _ => {}
        }
        let (month, day): (i8, i8) = (m.parse().ok()?, d.parse().ok()?);
        // Validated by jiff, written by hand (`strftime` parses its format on every call).
        jiff::civil::Date::new(year, month, day).ok()?;
        jiff::civil::Time::new(
            i8::try_from(hour).ok()?,
            i8::try_from(self.minute).ok()?,
            i8::try_from(self.second).ok()?,
            0,
        )
        .ok()?;
        // `YYYY-MM-DDTHH:MM:SS`, digits pushed by hand (`write!` was a tenth of the import).
        let year = u16::try_from(year).ok()?;
        let mut s = String::with_capacity(19);
        let two = |s: &mut String, n: u8| {
            s.push(char::from(b'0' + n / 10));
            s.push(char::from(b'0' + n % 10));
        };
        two(&mut s, u8::try_from(year / 100).ok()?);
        two(&mut s, u8::try_from(year % 100).ok()?);
        s.push('-');
        two(&mut s, month.unsigned_abs());
        s.push('-');
        two(&mut s, day.unsigned_abs());
        s.push('T');
        two(&mut s, hour);
        s.push(':');
        two(&mut s, self.minute);
        s.push(':');
        two(&mut s, self.second);
        Some(s)
    }
}

/// The date order from every header of the style: a first number above 12 means day first, a
/// second above 12 month first; otherwise the number that changes more often is the day.
fn infer_order(headers: &[(u64, &str, &str)]) -> (DateOrder, String) {
    let first_big = headers.iter().find(|(_, a, _)| a.parse::<u32>().is_ok_and(|n| n > 12));
    let second_big = headers.iter().find(|(_, _, b)| b.parse::<u32>().is_ok_and(|n| n > 12));
    match (first_big, second_big) {
        (Some((l, _, _)), None) => {
            return (
                DateOrder::DayMonthYear,
                format!("jour/mois : premier nombre > 12 à la ligne {l}"),
            );
        }
        (None, Some((l, _, _))) => {
            return (
                DateOrder::MonthDayYear,
                format!("mois/jour : second nombre > 12 à la ligne {l}"),
            );
        }
        (Some((l1, _, _)), Some((l2, _, _))) => {
            return (
                DateOrder::DayMonthYear,
                format!("ordre contradictoire (lignes {l1} et {l2}) : jour/mois supposé"),
            );
        }
        (None, None) => {}
    }
    let (mut a_changes, mut b_changes) = (0u32, 0u32);
    for pair in headers.windows(2) {
        a_changes += u32::from(pair[0].1 != pair[1].1);
        b_changes += u32::from(pair[0].2 != pair[1].2);
    }
    match b_changes.cmp(&a_changes) {
        std::cmp::Ordering::Greater => (
            DateOrder::MonthDayYear,
            format!(
                "mois/jour : le second nombre change plus souvent ({b_changes} contre {a_changes})"
            ),
        ),
        std::cmp::Ordering::Less => (
            DateOrder::DayMonthYear,
            format!(
                "jour/mois : le premier nombre change plus souvent ({a_changes} contre {b_changes})"
            ),
        ),
        std::cmp::Ordering::Equal => (
            DateOrder::DayMonthYear,
            "ordre des dates ambigu : jour/mois supposé (à vérifier)".to_owned(),
        ),
    }
}

/// The chat's name from the export's file name (`Discussion WhatsApp avec X.txt`,
/// `WhatsApp Chat - X.zip`…), else the file name without extension.
pub(crate) fn chat_name(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    for prefix in lang::FILE_PREFIXES {
        if let Some(rest) = stem.strip_prefix(prefix) {
            return clean_name(rest);
        }
    }
    clean_name(stem)
}

/// Imports WhatsApp text. `chat` names the conversation (the zip's name for `_chat.txt`).
pub(crate) fn import(file: &str, bytes: &[u8], options: &Options, chat: &str) -> Import {
    let mut out = Import::new(ExportFormat::WhatsApp);
    let (text, cp1252) = text::decode(bytes);
    if cp1252 {
        out.notes.push(format!("{file} : pas en UTF-8, lu comme Windows-1252"));
    }
    // Pass 1: every line split once (the regex is the cost), then the style and the date order.
    let lines: Vec<(text::Line<'_>, Option<Header<'_>>)> = text::lines(&text)
        .map(|l| {
            let h = header(l.text);
            (l, h)
        })
        .collect();
    let mut styles: std::collections::BTreeMap<Style, u64> = std::collections::BTreeMap::new();
    for h in lines.iter().filter_map(|(_, h)| h.as_ref()) {
        *styles.entry(h.style).or_default() += 1;
    }
    let Some((&style, _)) = styles.iter().max_by_key(|(_, n)| **n) else {
        out.stats.read = lines.len() as u64;
        if out.stats.read > 0 {
            out.error(ImportError::new(
                file,
                Some(1),
                Some(0),
                "aucune ligne d'en-tête WhatsApp (date, heure, auteur) reconnue",
            ));
            out.stats.errors = out.stats.read;
        }
        return out;
    };
    let order = if style.year_first {
        (DateOrder::YearMonthDay, "année/mois/jour".to_owned())
    } else if let Some(order) = options.date_order {
        (order, "ordre des dates imposé".to_owned())
    } else {
        let pairs: Vec<(u64, &str, &str)> = lines
            .iter()
            .filter_map(|(l, h)| {
                h.as_ref().filter(|h| h.style == style).map(|h| (l.number, h.a, h.b))
            })
            .collect();
        infer_order(&pairs)
    };
    out.notes.push(format!(
        "{file} : en-têtes {} ; dates {}",
        if style.ios { "iOS" } else { "Android" },
        order.1
    ));
    let order = order.0;
    let conversation = format!("whatsapp:{}", chat_name(chat));
    // Pass 2: the records.
    let mut current: Option<Pending<'_>> = None;
    let mut exporter: Option<String> = None;
    for (line, h) in lines {
        out.stats.read += 1;
        let parsed =
            h.filter(|h| h.style == style).and_then(|h| h.local_time(order).map(|t| (h, t)));
        match parsed {
            Some((h, local_time)) => {
                if let Some(p) = current.take() {
                    finish(&mut out, p, &conversation, file, &mut exporter);
                }
                current = Some(Pending {
                    line: line.number,
                    local_time,
                    ios: style.ios,
                    rest: h.rest,
                    more: Vec::new(),
                });
            }
            None => match &mut current {
                Some(p) => {
                    out.stats.continuation += 1;
                    p.more.push(line.text);
                }
                None => out.error(ImportError::new(
                    file,
                    Some(line.number),
                    Some(line.offset),
                    "ligne avant le premier message (pas d'en-tête)",
                )),
            },
        }
    }
    if let Some(p) = current.take() {
        finish(&mut out, p, &conversation, file, &mut exporter);
    }
    if let Some(me) = exporter {
        for d in &mut out.documents {
            d.doc.exporter = Some(me.clone());
        }
    }
    let records = out.stats.messages + out.stats.system;
    if records >= 10_000 {
        out.notes.push(format!(
            "{file} : {records} messages ; WhatsApp limite l'export (10 000 avec médias, 40 000 sans) : les plus anciens peuvent manquer"
        ));
    }
    out
}

/// A record being read: its header and its lines.
struct Pending<'a> {
    line: u64,
    local_time: String,
    ios: bool,
    rest: &'a str,
    more: Vec<&'a str>,
}

fn finish(
    out: &mut Import,
    p: Pending<'_>,
    conversation: &str,
    file: &str,
    exporter: &mut Option<String>,
) {
    let (author, body) = split_author(p.rest, p.ios);
    let mut body_lines = Vec::with_capacity(1 + p.more.len());
    body_lines.push(body.unwrap_or(p.rest).to_owned());
    body_lines.extend(p.more.iter().map(|l| (*l).to_owned()));
    let mut doc = Document {
        kind: DocKind::Message,
        source: Some("whatsapp".to_owned()),
        conversation: Some(conversation.to_owned()),
        local_time: Some(p.local_time),
        ..Document::default()
    };
    match (author, body) {
        (Some(author), Some(body))
            if !(p.ios && body.starts_with('\u{200e}') && lang::is_system(body)) =>
        {
            doc.author = Some(clean_name(author));
            classify(&mut doc, body_lines);
            if doc.deleted && doc.meta.remove("deleted_by_exporter").is_some() {
                exporter.clone_from(&doc.author);
            }
        }
        (author, _) => {
            doc.system = true;
            doc.author = author.map(clean_name);
            strip_marks(&body_lines.join("\n")).clone_into(&mut doc.text);
        }
    }
    doc.id = message_id(ExportFormat::WhatsApp, conversation, p.line, &doc.text);
    out.push(doc, file, p.line);
}

/// `Author: body` → the two parts. Android lines without an author, or whose would-be author
/// reads like a platform notice, are system lines.
fn split_author(rest: &str, ios: bool) -> (Option<&str>, Option<&str>) {
    let split = rest.split_once(": ").or_else(|| rest.strip_suffix(':').map(|a| (a, "")));
    match split {
        Some((author, body)) if ios => (Some(author), Some(body)),
        Some((author, body)) if author.chars().count() <= 80 && !lang::is_system(author) => {
            (Some(author), Some(body))
        }
        _ => (None, None),
    }
}

static ANDROID_ATTACHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.+?\.\w{2,5})(?:\s*•\s*.*?)?\s*\((?:fichier joint|file attached|Datei angehängt|archivo adjunto)\)$")
        .expect("valid regex")
});
static IOS_ATTACHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<\s*(?:attached|pi[èe]ce jointe|Anhang|adjunto|allegato|anexado)\s*:\s*(.+?)\s*>")
        .expect("valid regex")
});

/// Media, attachments, deleted and edited markers; the text keeps what the person wrote.
fn classify(doc: &mut Document, mut lines: Vec<String>) {
    // Edited marker: a suffix of the last line.
    if let Some(last) = lines.last_mut() {
        let trimmed = last.trim_end().trim_end_matches(text::is_mark);
        for marker in lang::EDITED {
            if let Some(before) = trimmed.strip_suffix(marker) {
                doc.edited = true;
                *last = before.trim_end().trim_end_matches(text::is_mark).trim_end().to_owned();
                break;
            }
        }
    }
    let first = strip_marks(lines[0].trim()).to_owned();
    let bare = first.trim_end_matches('.');
    if lines.len() == 1
        && let Some(by_me) = lang::deleted(bare)
    {
        doc.deleted = true;
        if by_me {
            doc.meta.insert("deleted_by_exporter".into(), true.into());
        }
        return;
    }
    if let Some(kind) = lang::omitted(&first) {
        doc.attachments.push(Attachment { name: String::new(), kind, omitted: true });
        lines.remove(0);
    } else if let Some(c) =
        first.ends_with(')').then(|| ANDROID_ATTACHED.captures(&first)).flatten()
    {
        let name = strip_marks(&c[1]).to_owned();
        doc.attachments.push(Attachment { kind: kind_from_name(&name), name, omitted: false });
        lines.remove(0);
    } else if let Some(c) = first.contains('<').then(|| IOS_ATTACHED.captures(&first)).flatten() {
        let name = c[1].to_owned();
        let whole = c.get(0).expect("match").range();
        let rest = format!("{}{}", &first[..whole.start], &first[whole.end..]);
        doc.attachments.push(Attachment { kind: kind_from_name(&name), name, omitted: false });
        let rest = strip_marks(rest.trim()).trim_end_matches(['•', ' ']).to_owned();
        if rest.is_empty() || rest.contains(" pages") {
            lines.remove(0);
        } else {
            lines[0] = rest;
        }
    } else if lang::LOCATION.iter().any(|p| first.starts_with(p)) {
        doc.attachments.push(Attachment {
            name: String::new(),
            kind: AttachmentKind::Location,
            omitted: false,
        });
    } else {
        let first = lines[0].trim_start_matches(text::is_mark).to_owned();
        lines[0] = first;
    }
    doc.text = lines.join("\n");
}

/// The kind of a file from WhatsApp's names (`IMG-…`, `…-PHOTO-…`, `PTT-…`) or its extension.
pub(crate) fn kind_from_name(name: &str) -> AttachmentKind {
    let upper = name.to_ascii_uppercase();
    let ext = upper.rsplit_once('.').map_or("", |(_, e)| e);
    if upper.starts_with("STK-") || upper.contains("-STICKER-") || ext == "WEBP" {
        AttachmentKind::Sticker
    } else if upper.starts_with("IMG-")
        || upper.contains("-PHOTO-")
        || matches!(ext, "JPG" | "JPEG" | "PNG" | "HEIC" | "GIF")
    {
        AttachmentKind::Image
    } else if upper.starts_with("VID-")
        || upper.contains("-VIDEO-")
        || matches!(ext, "MP4" | "MOV" | "3GP" | "WEBM")
    {
        AttachmentKind::Video
    } else if upper.starts_with("PTT-")
        || upper.starts_with("AUD-")
        || upper.contains("-AUDIO-")
        || matches!(ext, "OPUS" | "OGG" | "M4A" | "MP3" | "AAC" | "WAV")
    {
        AttachmentKind::Audio
    } else if ext == "VCF" {
        AttachmentKind::Contact
    } else if matches!(
        ext,
        "PDF" | "DOC" | "DOCX" | "XLS" | "XLSX" | "PPT" | "PPTX" | "TXT" | "ODT"
    ) {
        AttachmentKind::Document
    } else {
        AttachmentKind::Other
    }
}

/// Writes documents as an iOS French WhatsApp export (`[JJ/MM/AAAA HH:MM:SS] Auteur: texte`,
/// CRLF between records, LF inside a message, as iOS does). Used to test the importer and to
/// hand a conversation to tools that read WhatsApp text. Documents without a local time get
/// their timestamp's civil part; without either, `01/01/2000 00:00:00`.
pub fn write_whatsapp(docs: &[Document]) -> String {
    let mut out = String::new();
    for d in docs {
        let time = d
            .local_time
            .clone()
            .or_else(|| d.timestamp.as_ref().map(|t| t.chars().take(19).collect()))
            .unwrap_or_else(|| "2000-01-01T00:00:00".to_owned());
        let dt: Option<jiff::civil::DateTime> = time.parse().ok();
        let stamp = dt.map_or_else(
            || "01/01/2000 00:00:00".to_owned(),
            |dt| dt.strftime("%d/%m/%Y %H:%M:%S").to_string(),
        );
        let author = d.author.as_deref().unwrap_or("?");
        let mut body = String::new();
        for a in &d.attachments {
            if a.omitted {
                body.push_str("\u{200e}image absente\n");
            } else {
                let _ = writeln!(body, "\u{200e}<pièce jointe : {}>", a.name);
            }
        }
        if d.deleted {
            body.push_str("\u{200e}Ce message a été supprimé.");
        } else {
            body.push_str(&d.text);
        }
        if d.edited {
            body.push_str(" \u{200e}<Ce message a été modifié>");
        }
        let _ = write!(out, "[{stamp}] {author}: {body}\r\n");
    }
    out
}

#[cfg(test)]
mod tests;
