//! `--timezone`: an offset assigned, on request, to the wall-clock times an export states without
//! one (WhatsApp, TikTok, old Telegram files). Never applied by default: the importers invent no
//! offset.
//!
//! The zone is resolved by the caller (the CLI reads the system's time zone database); this module
//! only converts. A time that does not exist in the zone (the spring gap) or happens twice (the
//! autumn fold) is resolved the way RFC 5545 and jiff's `compatible` strategy do (a gap moves
//! forward, a fold takes the earlier instant) and counted in a note, so the assumption is visible.

use std::fmt::Write as _;

use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use crate::Import;

/// Assigns `tz` to every document that states a local time and no instant. Each such document
/// gets `timestamp` (RFC 3339 with the zone's offset at that time) and `meta.timezone_assumed`
/// (the zone's name, or its fixed offset).
pub(crate) fn assign(out: &mut Import, tz: &TimeZone, file: &str) {
    let name = zone_name(tz);
    let (mut assigned, mut gaps, mut folds) = (0u64, 0u64, 0u64);
    for imported in &mut out.documents {
        let doc = &mut imported.doc;
        if doc.timestamp.is_some() {
            continue;
        }
        let Some(dt) = doc.local_time.as_deref().and_then(|t| t.parse::<DateTime>().ok()) else {
            continue;
        };
        let ambiguous = tz.to_ambiguous_zoned(dt);
        if ambiguous.is_ambiguous() {
            match ambiguous.offset() {
                jiff::tz::AmbiguousOffset::Gap { .. } => gaps += 1,
                jiff::tz::AmbiguousOffset::Fold { .. } => folds += 1,
                jiff::tz::AmbiguousOffset::Unambiguous { .. } => {}
            }
        }
        let Ok(zoned) = ambiguous.compatible() else {
            continue;
        };
        doc.timestamp = Some(zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string());
        doc.meta.insert("timezone_assumed".into(), name.clone().into());
        assigned += 1;
    }
    if assigned > 0 {
        let mut note = format!(
            "{file} : fuseau {name} supposé (--timezone) pour {assigned} heure(s) données sans fuseau"
        );
        if gaps > 0 {
            let _ = write!(
                note,
                " ; {gaps} heure(s) inexistante(s) dans ce fuseau (passage à l'heure d'été), avancée(s)"
            );
        }
        if folds > 0 {
            let _ = write!(
                note,
                " ; {folds} heure(s) ambiguë(s) (retour à l'heure d'hiver), la première retenue"
            );
        }
        out.notes.push(note);
    }
}

/// The zone's IANA name, or its fixed offset (`+01:00`).
fn zone_name(tz: &TimeZone) -> String {
    if let Some(n) = tz.iana_name() {
        return n.to_owned();
    }
    let seconds = tz.to_offset(jiff::Timestamp::UNIX_EPOCH).seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ExportFormat, Options, import};

    fn paris() -> TimeZone {
        // A fixed rule set equivalent to Europe/Paris, so the test needs no system database.
        TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap()
    }

    fn whatsapp(lines: &str, tz: Option<TimeZone>) -> Import {
        let options = Options { timezone: tz, ..Options::default() };
        import("chat.txt", lines.as_bytes(), &options).unwrap()
    }

    const CHAT: &str = "31/03/2024 01:30 - Inès: avant\n31/03/2024 02:30 - Inès: dans le trou\n\
                        27/10/2024 02:30 - Ryan: deux fois\n27/10/2024 14:00 - Ryan: hiver\n";

    #[test]
    fn no_offset_without_the_option() {
        let out = whatsapp(CHAT, None);
        assert_eq!(out.format, ExportFormat::WhatsApp);
        assert!(out.documents.iter().all(|d| d.doc.timestamp.is_none()));
        assert!(out.documents.iter().all(|d| !d.doc.meta.contains_key("timezone_assumed")));
    }

    #[test]
    fn offsets_follow_the_zone_and_its_gaps_and_folds() {
        let out = whatsapp(CHAT, Some(paris()));
        let ts: Vec<_> = out.documents.iter().map(|d| d.doc.timestamp.clone().unwrap()).collect();
        assert_eq!(
            ts,
            [
                "2024-03-31T01:30:00+01:00",
                "2024-03-31T03:30:00+02:00",
                "2024-10-27T02:30:00+02:00",
                "2024-10-27T14:00:00+01:00",
            ]
        );
        // local_time stays what the export states.
        assert_eq!(out.documents[1].doc.local_time.as_deref(), Some("2024-03-31T02:30:00"));
        let note = out.notes.iter().find(|n| n.contains("--timezone")).unwrap();
        assert!(note.contains("4 heure(s)"), "{note}");
        assert!(note.contains("1 heure(s) inexistante(s)"), "{note}");
        assert!(note.contains("1 heure(s) ambiguë(s)"), "{note}");
    }

    #[test]
    fn fixed_offset_named_in_meta_and_exact_instants_untouched() {
        let out = whatsapp(CHAT, Some(TimeZone::fixed(jiff::tz::offset(-5))));
        assert_eq!(out.documents[0].doc.timestamp.as_deref(), Some("2024-03-31T01:30:00-05:00"));
        assert_eq!(out.documents[0].doc.meta["timezone_assumed"], "-05:00");
        let tg = r#"{"name":"R","type":"personal_chat","id":1,"messages":[
            {"id":1,"type":"message","date":"2024-03-09T21:54:00","date_unixtime":"1710017640",
             "from":"R","from_id":"user1","text":"salut"}]}"#;
        let options = Options { timezone: Some(paris()), ..Options::default() };
        let out = import("result.json", tg.as_bytes(), &options).unwrap();
        assert_eq!(out.documents[0].doc.timestamp.as_deref(), Some("2024-03-09T20:54:00Z"));
        assert!(!out.documents[0].doc.meta.contains_key("timezone_assumed"));
    }
}
