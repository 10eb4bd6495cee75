//! PAN12 sexual predator identification corpus XML:
//! `<conversations><conversation id><message line><author/><time/><text/></message>…`.
//!
//! Times are `HH:MM` without a date: kept in `meta.time`, never turned into a timestamp.

use quick_xml::Reader;
use quick_xml::events::Event;
use vigie_model::Document;

use crate::{Error, ExportFormat, Import, ImportError, message_id};

#[allow(clippy::unnecessary_wraps)] // same signature as every importer
pub(crate) fn import(file: &str, bytes: &[u8]) -> Result<Import, Error> {
    let mut out = Import::new(ExportFormat::Pan12);
    let mut reader = Reader::from_reader(crate::json::strip_bom(bytes));
    let mut conversation = String::new();
    let mut field: Option<&'static str> = None;
    let (mut author, mut time, mut text) = (String::new(), String::new(), String::new());
    let mut in_message = false;
    let mut record = 0u64;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf);
        let pos = reader.buffer_position();
        match event {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                "conversation" => {
                    conversation = e
                        .try_get_attribute("id")
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default();
                }
                "message" => {
                    in_message = true;
                    author.clear();
                    time.clear();
                    text.clear();
                }
                "author" => field = Some("author"),
                "time" => field = Some("time"),
                "text" => field = Some("text"),
                _ => {}
            },
            Ok(Event::Text(t)) => {
                if let Some(f) = field {
                    let s = t.into_inner().into_owned();
                    match f {
                        "author" => author.push_str(&s),
                        "time" => time.push_str(&s),
                        _ => text.push_str(&s),
                    }
                }
            }
            Ok(Event::CData(t)) if field == Some("text") => {
                text.push_str(&t.into_inner());
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(f) = field {
                    let s = if let Ok(Some(c)) = r.resolve_char_ref() {
                        c.to_string()
                    } else {
                        let name = r.into_inner();
                        quick_xml::escape::unescape(&format!("&{name};"))
                            .map(std::borrow::Cow::into_owned)
                            .unwrap_or_default()
                    };
                    match f {
                        "author" => author.push_str(&s),
                        "time" => time.push_str(&s),
                        _ => text.push_str(&s),
                    }
                }
            }
            Ok(Event::End(e)) => match e.name().as_ref() {
                "author" | "time" | "text" => field = None,
                "message" if in_message => {
                    in_message = false;
                    record += 1;
                    out.stats.read += 1;
                    let conv = format!("pan12:{conversation}");
                    let mut doc = Document {
                        source: Some("pan12".to_owned()),
                        author: Some(author.trim().to_owned()).filter(|a| !a.is_empty()),
                        conversation: Some(conv.clone()),
                        text: text.clone(),
                        ..Document::default()
                    };
                    if !time.trim().is_empty() {
                        doc.meta.insert("time".into(), time.trim().into());
                    }
                    doc.id = message_id(ExportFormat::Pan12, &conv, record, &doc.text);
                    out.push(doc, file, record);
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => {
                // The rest of the file is one record read in error (counts still add up).
                out.broken(ImportError::new(
                    file,
                    None,
                    Some(pos),
                    format!("XML invalide ou tronqué : {}", short(&e.to_string())),
                ));
                break;
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The error's kind, without any quoted content.
fn short(s: &str) -> &str {
    s.split(':').next().unwrap_or(s)
}
