//! What linking takes per document: plain data, built by the caller from a document and the
//! identifiers and risk its detector found (so that this crate does not depend on the detector).

use vigie_model::{Document, Identifier, IdentifierKind, NodeKind};

use crate::minhash::{TextPrint, fingerprint};

/// An identifier that can join documents: its node kind and normalised value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkKey {
    /// What it is.
    pub kind: NodeKind,
    /// Normalised value (E.164, `platform:handle`, lower-case e-mail, URL, hex hash).
    pub value: String,
}

/// A French place where a document was posted.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRef {
    /// INSEE commune code, or `dep:XX`.
    pub code: String,
    /// Name as written.
    pub name: String,
    /// Latitude, WGS 84.
    pub lat: Option<f64>,
    /// Longitude, WGS 84.
    pub lon: Option<f64>,
}

/// One document as linking sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocInput {
    /// Document id.
    pub id: String,
    /// Unix time in seconds, when the document has a readable timestamp.
    pub time: Option<i64>,
    /// Identifiers that can join documents.
    pub keys: Vec<LinkKey>,
    /// Where it was posted.
    pub place: Option<PlaceRef>,
    /// Risk score of the document, in `[0, 1]`.
    pub risk: f64,
    /// Whether the document had minor-age cues in an ad (`ad_minor_cue`).
    pub minor_cue: bool,
    /// Fingerprint of the text.
    pub print: TextPrint,
}

/// Unix seconds of an RFC 3339 timestamp.
pub fn parse_time(rfc3339: &str) -> Option<i64> {
    rfc3339.parse::<jiff::Timestamp>().ok().map(jiff::Timestamp::as_second)
}

/// RFC 3339 (UTC) of Unix seconds.
pub fn format_time(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The place a set of identifiers names first: a commune with coordinates, else any place.
pub fn first_place(identifiers: &[Identifier]) -> Option<PlaceRef> {
    let places = identifiers.iter().filter(|i| i.kind == IdentifierKind::Place);
    let best = places.clone().find(|i| i.lat.is_some()).or_else(|| places.clone().next())?;
    Some(PlaceRef {
        code: best.value.clone(),
        name: best.matched.clone(),
        lat: best.lat,
        lon: best.lon,
    })
}

impl DocInput {
    /// Builds the input of a document from the identifiers found in it and its risk.
    ///
    /// Phones, handles, e-mails and URLs become keys, with the SHA-256 and PDQ hashes of its
    /// media; the place is the first commune named in the text (the caller may replace it with a
    /// place resolved from the document's `place` field).
    pub fn from_parts(
        doc: &Document,
        identifiers: &[Identifier],
        risk: f64,
        minor_cue: bool,
    ) -> DocInput {
        let mut keys: Vec<LinkKey> = identifiers
            .iter()
            .filter_map(|i| {
                let kind = match i.kind {
                    IdentifierKind::Phone => NodeKind::Phone,
                    IdentifierKind::Handle => NodeKind::Handle,
                    IdentifierKind::Email => NodeKind::Email,
                    IdentifierKind::Url => NodeKind::Url,
                    _ => return None,
                };
                Some(LinkKey { kind, value: i.value.clone() })
            })
            .collect();
        for m in &doc.media {
            if let Some(h) = &m.sha256 {
                keys.push(LinkKey { kind: NodeKind::ImageSha256, value: h.to_ascii_lowercase() });
            }
            if let Some(h) = &m.pdq {
                keys.push(LinkKey { kind: NodeKind::ImagePdq, value: h.to_ascii_lowercase() });
            }
        }
        keys.sort();
        keys.dedup();
        DocInput {
            id: doc.id.clone(),
            time: doc.timestamp.as_deref().and_then(parse_time),
            keys,
            place: first_place(identifiers),
            risk,
            minor_cue,
            print: fingerprint(&doc.text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip() {
        let t = parse_time("2026-03-01T10:00:00+01:00").unwrap();
        assert_eq!(format_time(t), "2026-03-01T09:00:00Z");
        assert_eq!(parse_time("hier"), None);
    }
}
