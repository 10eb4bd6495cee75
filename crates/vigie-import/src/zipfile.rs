//! Zip containers read from memory: WhatsApp's `.zip` (with or without media), and archives of
//! JSON exports (Instagram/Messenger, Telegram, Snapchat, Discord, TikTok).
//!
//! Only text entries (`.txt`, `.json`, `.xml`) are decompressed, each up to [`MAX_ENTRY_BYTES`];
//! media entries are listed by name and never read. A zip cut before its central directory is
//! read entry by entry from the start up to the break, and the break is reported with its offset.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use crate::{Error, ExportFormat, Import, ImportError, Options, detect, import_as, whatsapp};

/// Largest text entry read (a 40 000-message WhatsApp export is ~5 MB; Telegram files reach
/// 129 MB).
const MAX_ENTRY_BYTES: u64 = 1 << 30;

/// Whether the bytes start like a zip.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// An entry: name, and its bytes when it is a text entry.
struct Entry {
    name: String,
    data: Option<Vec<u8>>,
}

fn wanted(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !lower.starts_with("__macosx/")
        && matches!(lower.rsplit_once('.').map(|(_, e)| e), Some("txt" | "json" | "xml"))
}

/// The error for entry `i` (0-based) that cannot be read.
fn unreadable(file: &str, i: usize, e: &dyn std::fmt::Display) -> ImportError {
    ImportError::new(file, None, None, format!("entrée {} illisible : {e}", i + 1))
}

/// Reads the entries; on a damaged archive, what could be read and the error.
fn entries(file: &str, bytes: &[u8]) -> (Vec<Entry>, Option<ImportError>) {
    let mut out = Vec::new();
    if let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) {
        for i in 0..archive.len() {
            let mut f = match archive.by_index(i) {
                Ok(f) => f,
                Err(e) => return (out, Some(unreadable(file, i, &e))),
            };
            let name = f.name().map(std::borrow::Cow::into_owned).unwrap_or_default();
            let data = if wanted(&name) {
                let mut buf = Vec::new();
                if let Err(e) = (&mut f).take(MAX_ENTRY_BYTES).read_to_end(&mut buf) {
                    return (out, Some(unreadable(file, i, &e)));
                }
                Some(buf)
            } else {
                None
            };
            out.push(Entry { name, data });
        }
        (out, None)
    } else {
        // No central directory (cut archive): read local headers from the start.
        let mut cursor = Cursor::new(bytes);
        loop {
            let at = cursor.position();
            match zip::read::read_zipfile_from_stream(&mut cursor) {
                Ok(Some(mut f)) => {
                    let name = f.name().map(std::borrow::Cow::into_owned).unwrap_or_default();
                    let mut buf = Vec::new();
                    let read = (&mut f).take(MAX_ENTRY_BYTES).read_to_end(&mut buf);
                    if read.is_err() {
                        let reason = format!(
                            "archive zip tronquée ou abîmée : entrée {} interrompue",
                            out.len() + 1
                        );
                        return (out, Some(ImportError::new(file, None, Some(at), reason)));
                    }
                    out.push(Entry { data: wanted(&name).then_some(buf), name });
                }
                Ok(None) => {
                    // Every local entry read, but the end of the archive is missing.
                    let reason = format!(
                        "archive zip tronquée : fin de l'archive (répertoire central) absente ; {} entrée(s) lues depuis le début",
                        out.len()
                    );
                    return (out, Some(ImportError::new(file, None, Some(at), reason)));
                }
                Err(_) => {
                    let reason =
                        format!("archive zip tronquée ou abîmée après {} entrée(s)", out.len());
                    return (out, Some(ImportError::new(file, None, Some(at), reason)));
                }
            }
        }
    }
}

/// Imports a zip: the WhatsApp chat text if there is one, else every JSON/XML export inside.
pub(crate) fn import_zip(file: &str, bytes: &[u8], options: &Options) -> Result<Import, Error> {
    let (entries, damage) = entries(file, bytes);
    let label = |e: &Entry| format!("{file}:{}", e.name);
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_owned();
    // WhatsApp: `_chat.txt` first, else the shortest `.txt` named like a chat.
    let whatsapp_entry = if matches!(options.format, None | Some(ExportFormat::WhatsApp)) {
        let texts: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.data.is_some() && e.name.to_ascii_lowercase().ends_with(".txt"))
            .collect();
        texts
            .iter()
            .find(|e| base(&e.name) == "_chat.txt")
            .or_else(|| {
                texts
                    .iter()
                    .filter(|e| {
                        let l = e.name.to_ascii_lowercase();
                        l.contains("chat") || l.contains("whatsapp") || l.contains("discussion")
                    })
                    .min_by_key(|e| e.name.len())
            })
            .or_else(|| {
                texts.iter().find(|e| {
                    detect(e.data.as_deref().unwrap_or_default()) == Some(ExportFormat::WhatsApp)
                })
            })
            .copied()
    } else {
        None
    };
    if let Some(entry) = whatsapp_entry {
        let data = entry.data.as_deref().unwrap_or_default();
        // The chat's name: the zip's (`WhatsApp Chat - X.zip`) for `_chat.txt`, else the text's.
        let chat = if base(&entry.name) == "_chat.txt" { file } else { entry.name.as_str() };
        let mut out = whatsapp::import(&label(entry), data, options, chat);
        let present: BTreeSet<String> = entries.iter().map(|e| base(&e.name)).collect();
        let with_media = entries.iter().any(|e| e.data.is_none() && !e.name.ends_with('/'));
        let cited: Vec<&str> = out
            .documents
            .iter()
            .flat_map(|d| d.doc.attachments.iter())
            .filter(|a| !a.omitted && !a.name.is_empty())
            .map(|a| a.name.as_str())
            .collect();
        let missing = cited.iter().filter(|n| !present.contains(**n)).count();
        if with_media || !cited.is_empty() {
            out.notes.push(format!(
                "{file} : {} pièce(s) jointe(s) citée(s), {missing} absente(s) de l'archive (jamais ouvertes par Vigie)",
                cited.len()
            ));
        }
        if let Some(e) = damage {
            out.broken(e);
        }
        return Ok(out);
    }
    let mut total: Option<Import> = None;
    let mut skipped = 0usize;
    for e in &entries {
        let Some(data) = e.data.as_deref() else { continue };
        let format = match options.format {
            Some(f) => Some(f),
            None => detect(data),
        };
        let Some(format) = format else {
            skipped += 1;
            continue;
        };
        match import_as(format, &label(e), data, options) {
            Ok(one) => match &mut total {
                Some(t) if t.format == one.format => t.merge(one),
                Some(t) => {
                    t.notes.push(format!(
                        "{} : format {} ignoré dans une archive {}",
                        label(e),
                        one.format.name(),
                        t.format.name()
                    ));
                }
                None => total = Some(one),
            },
            Err(Error::Unreadable(err)) => {
                if let Some(t) = &mut total {
                    t.broken(err);
                } else {
                    let mut t = Import::new(format);
                    t.broken(err);
                    total = Some(t);
                }
            }
            Err(Error::Unrecognised { .. }) => skipped += 1,
        }
    }
    match total {
        Some(mut t) => {
            if skipped > 0 {
                t.notes.push(format!(
                    "{file} : {skipped} fichier(s) texte sans messages reconnus, ignoré(s)"
                ));
            }
            if let Some(e) = damage {
                t.broken(e);
            }
            sort_meta(&mut t);
            Ok(t)
        }
        None => Err(match damage {
            Some(e) => Error::Unreadable(e),
            None => Error::Unrecognised {
                file: file.to_owned(),
                what: format!(
                    "archive zip de {} entrée(s), dont {} fichier(s) texte : aucune discussion WhatsApp ni export JSON reconnu",
                    entries.len(),
                    entries.iter().filter(|e| e.data.is_some()).count()
                ),
            },
        }),
    }
}

/// Meta's `message_N.json` files each run newest first and the first file holds the newest:
/// once merged, each thread is put oldest first by time (stable).
fn sort_meta(t: &mut Import) {
    if t.format == ExportFormat::Meta {
        t.documents.sort_by(|a, b| {
            a.doc
                .conversation
                .cmp(&b.doc.conversation)
                .then_with(|| a.doc.timestamp.cmp(&b.doc.timestamp))
        });
    }
}
