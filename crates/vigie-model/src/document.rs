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
    /// Files attached to a message, as names and kinds only: Vigie never holds their bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// Id of the message this one answers, as the export gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// The export marks the message as edited.
    #[serde(default, skip_serializing_if = "is_false")]
    pub edited: bool,
    /// The message was deleted: only the platform's notice remains.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deleted: bool,
    /// A platform line (encryption notice, joins, calls…): kept and counted for the timeline,
    /// never analysed as someone's message.
    #[serde(default, skip_serializing_if = "is_false")]
    pub system: bool,
    /// The wall-clock time the export states, ISO 8601 without offset (`2024-03-12T21:14:00`),
    /// when the export gives no offset (WhatsApp, TikTok, old Telegram). No offset is invented:
    /// `timestamp` stays empty unless a time zone is assigned on purpose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_time: Option<String>,
    /// The account that made the export, when the format says so (Snapchat `IsSender`, the iOS
    /// WhatsApp "vous", DiscordChatExporter's account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exporter: Option<String>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

/// What an attached file is, from its name or from the export's own field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// A photo or picture.
    Image,
    /// A video.
    Video,
    /// A sound file or voice note.
    Audio,
    /// A sticker or animated image.
    Sticker,
    /// A document (PDF…).
    Document,
    /// A contact card.
    Contact,
    /// A shared location.
    Location,
    /// A shared link or post.
    Share,
    /// Anything else.
    #[default]
    Other,
}

impl AttachmentKind {
    /// The JSON name (`image`, `video`…).
    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentKind::Image => "image",
            AttachmentKind::Video => "video",
            AttachmentKind::Audio => "audio",
            AttachmentKind::Sticker => "sticker",
            AttachmentKind::Document => "document",
            AttachmentKind::Contact => "contact",
            AttachmentKind::Location => "location",
            AttachmentKind::Share => "share",
            AttachmentKind::Other => "other",
        }
    }
}

/// A file attached to a message: its name and kind, never its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// File name as the export gives it; empty when the export omitted the file
    /// (`<Médias omis>`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// What the file is.
    #[serde(default)]
    pub kind: AttachmentKind,
    /// The export left the file out (export without media, file too large…).
    #[serde(default, skip_serializing_if = "is_false")]
    pub omitted: bool,
}
