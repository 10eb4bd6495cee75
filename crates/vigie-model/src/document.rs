//! The input record: one message, post, profile, ad or comment.

use serde::{Deserialize, Serialize};

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// A private or group message.
    #[default]
    Message,
    /// A public post.
    Post,
    /// A profile (bio, name, links).
    Profile,
    /// A classified ad.
    Ad,
    /// A comment under a post.
    Comment,
}

impl DocKind {
    /// Parses the JSON name (`message`, `post`, `profile`, `ad`, `comment`).
    pub fn parse(name: &str) -> Option<DocKind> {
        Some(match name {
            "message" => DocKind::Message,
            "post" => DocKind::Post,
            "profile" => DocKind::Profile,
            "ad" => DocKind::Ad,
            "comment" => DocKind::Comment,
            _ => return None,
        })
    }
}

/// An image attached to a document, as hashes only: Vigie never holds pixels.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Media {
    /// SHA-256 of the file, lowercase hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// PDQ hash, 64 lowercase hex characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdq: Option<String>,
    /// PDQ quality, 0–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<u8>,
}

/// One input record (DESIGN §4). Unknown JSON fields are kept in `meta`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier; defaults to the SHA-256 of `source` and `text`.
    pub id: String,
    /// What the document is.
    #[serde(default)]
    pub kind: DocKind,
    /// Platform or site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Author handle or pseudonym.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Recipients of a message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    /// Thread identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<String>,
    /// RFC 3339 timestamp, as validated by the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The text, as written.
    pub text: String,
    /// Language code when known (`fr`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Place as given by the source (city, postcode…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Hashes of attached images.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Media>,
    /// Any other field of the source record.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub meta: serde_json::Map<String, serde_json::Value>,
}
