//! Importers for the chat exports people actually hold: WhatsApp (`.txt`, `.zip`), Instagram and
//! Messenger ("Download your information" JSON), Telegram Desktop (`result.json`), Snapchat
//! (`chat_history.json`), DiscordChatExporter JSON, TikTok direct messages (JSON and TXT) and the
//! PAN12 XML corpus.
//!
//! Every importer is pure: it takes the bytes of one file (a zip is read from memory) and its
//! name, and returns [`Document`]s with their position in the file, the errors met (file, line or
//! byte offset, never the text), and counts that add up: every line or record read is a message, a
//! system line, a continuation line, or an error. Nothing is dropped silently.
//!
//! Time: the wall clock the export states is kept in [`Document::local_time`]; an instant with
//! its offset goes to [`Document::timestamp`] only when the export gives one (Telegram
//! `date_unixtime`, Meta and Snapchat epochs, Discord offsets). No offset is ever invented.
//!
//! ```
//! use vigie_import::{ExportFormat, Options, import};
//! let chat = "12/03/2024 21:14 - Inès: salut\n12/03/2024 21:15 - Ryan: ça va ?\nsuite\n";
//! let out = import("Discussion WhatsApp avec Ryan.txt", chat.as_bytes(), &Options::default()).unwrap();
//! assert_eq!(out.format, ExportFormat::WhatsApp);
//! assert_eq!(out.documents.len(), 2);
//! assert_eq!(out.documents[1].doc.text, "ça va ?\nsuite");
//! assert_eq!(out.documents[1].doc.local_time.as_deref(), Some("2024-03-12T21:15:00"));
//! assert_eq!(out.stats.continuation, 1);
//! ```
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod detect;
mod discord;
mod json;
mod meta;
mod pan12;
pub mod report;
mod snapchat;
mod telegram;
mod text;
mod tiktok;
mod timezone;
mod whatsapp;
mod zipfile;

pub use detect::detect;
pub use whatsapp::{DateOrder, write_whatsapp};
pub use zipfile::is_zip;

use vigie_model::Document;

/// The export formats Vigie reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExportFormat {
    /// WhatsApp "Export chat" text (Android or iOS), alone or in its zip.
    WhatsApp,
    /// Instagram or Facebook Messenger "Download your information" JSON (and Messenger's E2EE
    /// export).
    Meta,
    /// Telegram Desktop `result.json` (one chat or the whole account).
    Telegram,
    /// Snapchat "My Data" `chat_history.json` (every generation seen).
    Snapchat,
    /// DiscordChatExporter JSON.
    Discord,
    /// TikTok data download, direct messages (JSON or TXT).
    TikTok,
    /// PAN12 sexual predator identification corpus XML.
    Pan12,
}

impl ExportFormat {
    /// Every format, in the order detection tries them.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::WhatsApp,
        ExportFormat::Meta,
        ExportFormat::Telegram,
        ExportFormat::Snapchat,
        ExportFormat::Discord,
        ExportFormat::TikTok,
        ExportFormat::Pan12,
    ];

    /// Short machine name (`whatsapp`, `meta`…), also the `source` of the documents.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::WhatsApp => "whatsapp",
            ExportFormat::Meta => "meta",
            ExportFormat::Telegram => "telegram",
            ExportFormat::Snapchat => "snapchat",
            ExportFormat::Discord => "discord",
            ExportFormat::TikTok => "tiktok",
            ExportFormat::Pan12 => "pan12",
        }
    }

    /// The name a person reads, in French.
    pub fn label_fr(self) -> &'static str {
        match self {
            ExportFormat::WhatsApp => "WhatsApp (export de discussion)",
            ExportFormat::Meta => "Instagram / Messenger (téléchargement de vos informations)",
            ExportFormat::Telegram => "Telegram Desktop (result.json)",
            ExportFormat::Snapchat => "Snapchat (My Data, chat_history.json)",
            ExportFormat::Discord => "DiscordChatExporter (JSON)",
            ExportFormat::TikTok => "TikTok (messages directs)",
            ExportFormat::Pan12 => "PAN12 (XML)",
        }
    }

    /// Parses a machine name.
    pub fn parse(name: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Importer options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Use this importer instead of detecting one from the content.
    pub format: Option<ExportFormat>,
    /// WhatsApp: the date order, instead of inferring it from the whole file.
    pub date_order: Option<DateOrder>,
    /// The zone to assume for times stated without an offset (WhatsApp, TikTok, Telegram before
    /// `date_unixtime`). `None` (the default) invents no offset.
    pub timezone: Option<jiff::tz::TimeZone>,
}

/// A document with the place it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The document.
    pub doc: Document,
    /// File the record came from (inside a zip: the entry name).
    pub file: String,
    /// Line (text formats, 1-based) or record index (JSON formats, 1-based) in that file.
    pub line: u64,
}

/// Where an import error happened and what it is; never the text of the record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {reason}", location(*.line, *.offset))]
pub struct ImportError {
    /// The file (inside a zip: the entry name).
    pub file: String,
    /// Line, when known (1-based).
    pub line: Option<u64>,
    /// Byte offset in the file, when known.
    pub offset: Option<u64>,
    /// What is wrong, lowercase, never quoting the record.
    pub reason: String,
}

fn location(line: Option<u64>, offset: Option<u64>) -> String {
    match (line, offset) {
        (Some(l), Some(o)) => format!(":{l} (octet {o})"),
        (Some(l), None) => format!(":{l}"),
        (None, Some(o)) => format!(" (octet {o})"),
        (None, None) => String::new(),
    }
}

impl ImportError {
    pub(crate) fn new(
        file: &str,
        line: Option<u64>,
        offset: Option<u64>,
        reason: impl Into<String>,
    ) -> ImportError {
        ImportError { file: file.to_owned(), line, offset, reason: reason.into() }
    }
}

/// Counts per import: `read = messages + system + continuation + errors` for line formats, and
/// `read = messages + system + errors` for record formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Lines (text formats) or records (JSON and XML formats) read.
    pub read: u64,
    /// Messages of people (including media and deleted notices).
    pub messages: u64,
    /// Platform lines (notices, joins, calls…), kept and counted, never analysed.
    pub system: u64,
    /// Lines that continue the message before them.
    pub continuation: u64,
    /// Lines or records that could not be read (each has an [`ImportError`]).
    pub errors: u64,
}

impl Stats {
    /// Whether the counts add up.
    pub fn balanced(&self) -> bool {
        self.read == self.messages + self.system + self.continuation + self.errors
    }

    fn add(&mut self, other: Stats) {
        self.read += other.read;
        self.messages += other.messages;
        self.system += other.system;
        self.continuation += other.continuation;
        self.errors += other.errors;
    }
}

/// What an import gave.
#[derive(Debug, Clone)]
pub struct Import {
    /// The importer used.
    pub format: ExportFormat,
    /// Documents in file order (never re-sorted, except Meta's newest-first files, put oldest
    /// first).
    pub documents: Vec<Imported>,
    /// Errors, in file order; the import went on after each.
    pub errors: Vec<ImportError>,
    /// Counts.
    pub stats: Stats,
    /// What the importer assumed or noticed (date order and its evidence, message caps, missing
    /// media…), in French, without message text.
    pub notes: Vec<String>,
}

impl Import {
    fn new(format: ExportFormat) -> Import {
        Import {
            format,
            documents: Vec::new(),
            errors: Vec::new(),
            stats: Stats::default(),
            notes: Vec::new(),
        }
    }

    pub(crate) fn error(&mut self, e: ImportError) {
        self.stats.errors += 1;
        self.errors.push(e);
    }

    /// A break in the file (cut or damaged): the unreadable rest counts as one record read in
    /// error, so the counts still add up.
    pub(crate) fn broken(&mut self, e: ImportError) {
        self.stats.read += 1;
        self.error(e);
    }

    pub(crate) fn push(&mut self, doc: Document, file: &str, line: u64) {
        if doc.system {
            self.stats.system += 1;
        } else {
            self.stats.messages += 1;
        }
        self.documents.push(Imported { doc, file: file.to_owned(), line });
    }

    pub(crate) fn merge(&mut self, other: Import) {
        self.documents.extend(other.documents);
        self.errors.extend(other.errors);
        self.stats.add(other.stats);
        self.notes.extend(other.notes);
    }
}

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The content matches no known export.
    #[error("{file}: format d'export non reconnu ({what})")]
    Unrecognised {
        /// The file.
        file: String,
        /// What was recognised and what was not.
        what: String,
    },
    /// The file is of a known format but unreadable from the start.
    #[error("{0}")]
    Unreadable(ImportError),
}

/// Imports one file: detects its format from the content (or uses [`Options::format`]) and runs
/// the importer. `name` is the file name, used for errors and, for WhatsApp, the chat's name.
pub fn import(name: &str, bytes: &[u8], options: &Options) -> Result<Import, Error> {
    let mut out = import_file(name, bytes, options)?;
    if let Some(tz) = &options.timezone {
        timezone::assign(&mut out, tz, name);
    }
    Ok(out)
}

fn import_file(name: &str, bytes: &[u8], options: &Options) -> Result<Import, Error> {
    if zipfile::is_zip(bytes) {
        return zipfile::import_zip(name, bytes, options);
    }
    let format = match options.format {
        Some(f) => f,
        None => detect(bytes).ok_or_else(|| Error::Unrecognised {
            file: name.to_owned(),
            what: detect::explain(bytes),
        })?,
    };
    import_as(format, name, bytes, options)
}

/// Runs one importer on one (non-zip) file.
pub(crate) fn import_as(
    format: ExportFormat,
    name: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<Import, Error> {
    match format {
        ExportFormat::WhatsApp => Ok(whatsapp::import(name, bytes, options, name)),
        ExportFormat::Meta => meta::import(name, bytes),
        ExportFormat::Telegram => telegram::import(name, bytes),
        ExportFormat::Snapchat => snapchat::import(name, bytes),
        ExportFormat::Discord => discord::import(name, bytes),
        ExportFormat::TikTok => tiktok::import(name, bytes),
        ExportFormat::Pan12 => pan12::import(name, bytes),
    }
}

/// A stable id for an imported message: SHA-256 over the format, the conversation, the position
/// and the text — the same bytes as `vigie_ingest::default_id(Some(format), "{conversation}\x1f{position}\x1f{text}")`,
/// hashed in place instead of through a formatted string (a fifth of the WhatsApp import time).
pub(crate) fn message_id(
    format: ExportFormat,
    conversation: &str,
    position: u64,
    text: &str,
) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(format.name().as_bytes());
    hasher.update([0x1f]);
    hasher.update(conversation.as_bytes());
    hasher.update([0x1f]);
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = position;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    hasher.update(&digits[at..]);
    hasher.update([0x1f]);
    hasher.update(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in hasher.finalize() {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_id_is_the_ingest_default_id_of_the_same_bytes() {
        for (conv, pos, text) in
            [("whatsapp:Ryan", 0u64, ""), ("meta:inbox/x", 40_123, "ça va ?\n😉")]
        {
            assert_eq!(
                message_id(ExportFormat::WhatsApp, conv, pos, text),
                vigie_ingest::default_id(
                    Some("whatsapp"),
                    &format!("{conv}\u{1f}{pos}\u{1f}{text}")
                )
            );
        }
    }
}
