//! The shapes the store takes and gives back.

use serde::Serialize;
use vigie_model::{Assessment, Category, DocKind, Document, IdentifierKind, Level};

/// What a subject is (Ozone's subjects, for Vigie).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// A message, post, profile or comment.
    Message,
    /// A conversation assembled from messages.
    Conversation,
    /// An ad.
    Ad,
    /// A phone, e-mail, handle…
    Identifier,
    /// Documents joined by shared identifiers.
    Network,
}

impl SubjectKind {
    /// The name stored in `subjects.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Message => "message",
            SubjectKind::Conversation => "conversation",
            SubjectKind::Ad => "ad",
            SubjectKind::Identifier => "identifier",
            SubjectKind::Network => "network",
        }
    }

    /// The subject kind of a document.
    pub fn of(kind: DocKind) -> SubjectKind {
        if kind == DocKind::Ad { SubjectKind::Ad } else { SubjectKind::Message }
    }
}

/// An assessment as stored: its fingerprint (engine, rules, model, input), its headline figures
/// and its full JSON body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredAssessment {
    /// Engine version.
    pub engine: String,
    /// Rules fingerprint.
    pub rules: String,
    /// Learned model fingerprint (empty when no model took part).
    pub model: String,
    /// Fingerprint of the input (content hash of a document, member list of a conversation).
    pub input: String,
    /// Score in `[0, 1]`.
    pub score: f64,
    /// Level.
    pub level: Level,
    /// Category scores.
    pub categories: Vec<(Category, f64)>,
    /// The assessment as JSON.
    pub body: serde_json::Value,
    /// Its signals (rule code, category, span): what verdicts on single signals refer to.
    pub signals: Vec<StoredSignal>,
    /// How many signals are minor cues (they raise the review priority).
    pub minor_cues: i64,
}

/// One signal of an assessment, as stored for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredSignal {
    /// Rule code.
    pub rule: String,
    /// Category name.
    pub category: String,
    /// Span start, in bytes of the original text.
    pub start: i64,
    /// Span end.
    pub end: i64,
}

impl StoredSignal {
    /// The signals of an assessment, deduplicated.
    pub fn of(a: &Assessment) -> Vec<StoredSignal> {
        let mut out: Vec<StoredSignal> = a
            .signals
            .iter()
            .map(|s| StoredSignal {
                rule: s.code.clone(),
                category: s.category.as_str().to_owned(),
                start: i64::try_from(s.span.start).unwrap_or(i64::MAX),
                end: i64::try_from(s.span.end).unwrap_or(i64::MAX),
            })
            .collect();
        out.sort_by(|a, b| (&a.rule, a.start, a.end).cmp(&(&b.rule, b.start, b.end)));
        out.dedup_by(|a, b| a.rule == b.rule && a.start == b.start && a.end == b.end);
        out
    }

    /// How many signals of `a` are minor cues.
    pub fn minor_cues(a: &Assessment) -> i64 {
        let n = a
            .signals
            .iter()
            .filter(|s| matches!(s.category, Category::MinorAgeCue | Category::AdMinorCue))
            .count();
        i64::try_from(n).unwrap_or(i64::MAX)
    }
}

impl StoredAssessment {
    /// The stored form of a document assessment whose input is `input`.
    pub fn of_document(a: &Assessment, input: &str) -> crate::Result<StoredAssessment> {
        Ok(StoredAssessment {
            engine: a.engine.engine.clone(),
            rules: a.engine.rules.clone(),
            model: String::new(),
            input: input.to_owned(),
            score: a.score,
            level: a.level,
            categories: a.categories.iter().map(|c| (c.category, c.score)).collect(),
            body: serde_json::to_value(a)?,
            signals: StoredSignal::of(a),
            minor_cues: StoredSignal::minor_cues(a),
        })
    }
}

/// A document and its assessment, ready to be stored.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// The document.
    pub doc: Document,
    /// Its assessment by the engine.
    pub assessment: Assessment,
    /// The conversation it belongs to (e.g. `thread:42`), if any.
    pub conversation: Option<String>,
}

impl NewDocument {
    /// Whether the assessment says the text is a minor's or about a minor (a minor-age cue, or a
    /// stated age under 18): reading its text then needs the minors permission.
    pub fn minor(&self) -> bool {
        self.assessment
            .signals
            .iter()
            .any(|s| matches!(s.category, Category::MinorAgeCue | Category::AdMinorCue))
            || self
                .assessment
                .identifiers
                .iter()
                .any(|i| i.kind == IdentifierKind::Age && i.age_max.is_some_and(|a| a < 18))
    }

    /// SHA-256 of the document's canonical JSON: two records with the same key and hash are the
    /// same record.
    pub fn content_hash(&self) -> crate::Result<String> {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_vec(&self.doc)?;
        Ok(hex::encode(Sha256::digest(&json)))
    }
}

/// What happened to one document of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IngestStatus {
    /// Stored now.
    Stored,
    /// Already stored with the same content; nothing written.
    Duplicate,
    /// Already stored with another content under the same key; nothing written.
    Conflict,
}

/// The outcome of one document of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct IngestOutcome {
    /// The document key.
    pub key: String,
    /// Stored, duplicate or conflict.
    pub status: IngestStatus,
}

/// One version of a subject's assessment.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct VersionInfo {
    /// 1, 2, … per subject.
    pub version: i64,
    /// Engine version.
    pub engine: String,
    /// Rules fingerprint.
    pub rules: String,
    /// Model fingerprint.
    pub model: String,
    /// Score.
    pub score: f64,
    /// Level name.
    pub level: String,
    /// When it was stored (Unix seconds).
    pub created_at: i64,
}

/// An event in a subject's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct EventInfo {
    /// Sequence number.
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    /// `ingested`, `assessed`, `linked`…
    pub kind: String,
}

/// A stored document with its assessment and links.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DocumentView {
    /// Subject id.
    pub subject: i64,
    /// Document key.
    pub id: String,
    /// Subject kind (`message` or `ad`).
    pub kind: String,
    /// Whether the text needs the minors permission to be read.
    pub minor: bool,
    /// The document as ingested (JSON).
    #[schema(value_type = Object)]
    pub document: serde_json::Value,
    /// The latest assessment (JSON), if any.
    #[schema(value_type = Option<Object>)]
    pub assessment: Option<serde_json::Value>,
    /// Every assessment version, oldest first.
    pub versions: Vec<VersionInfo>,
    /// The conversation key, if the document belongs to one.
    pub conversation: Option<String>,
    /// The network id, if the document shares identifiers with others.
    pub network: Option<i64>,
    /// Review state (derived).
    pub review_state: String,
    /// The subject's events.
    pub events: Vec<EventInfo>,
}

/// A document as a member of a conversation or network.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    /// Document key.
    pub id: String,
    /// Subject kind.
    pub kind: String,
    /// Author, if given.
    pub author: Option<String>,
    /// Timestamp, if given.
    pub timestamp: Option<String>,
    /// Latest level.
    pub level: Option<String>,
    /// Latest score.
    pub score: f64,
    /// Needs the minors permission.
    pub minor: bool,
}

/// A conversation with its messages.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ConversationView {
    /// Subject id.
    pub subject: i64,
    /// Conversation key.
    pub id: String,
    /// Messages in ingest order.
    pub messages: Vec<MemberView>,
    /// Latest conversation assessment (JSON).
    #[schema(value_type = Option<Object>)]
    pub assessment: Option<serde_json::Value>,
    /// Every assessment version.
    pub versions: Vec<VersionInfo>,
    /// Whether new messages wait for a re-assessment.
    pub pending: bool,
}

/// An explained edge of a network: a document mentions an identifier shared with others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NetworkEdge {
    /// Document key.
    pub document: String,
    /// Identifier kind (`phone`, `email`, `handle`).
    pub identifier_kind: String,
    /// Normalised identifier value.
    pub identifier: String,
    /// Mentioned by so many documents that it no longer links (a hub): shown, not followed.
    pub hub: bool,
}

/// A network of documents joined by shared identifiers.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct NetworkView {
    /// Network id.
    pub id: i64,
    /// Member documents.
    pub members: Vec<MemberView>,
    /// Identifier edges (shared by at least two members).
    pub edges: Vec<NetworkEdge>,
}

/// A conversation waiting for its (re-)assessment, with its messages in ingest order.
#[derive(Debug, Clone)]
pub struct PendingConversation {
    /// Subject id.
    pub id: i64,
    /// Conversation key (as given by `vigie_detect::conversation_key`, without its grouping).
    pub key: String,
    /// When it was marked (pass back to `put_conversation_assessment`).
    pub since: i64,
    /// Messages and their latest assessments.
    pub messages: Vec<(Document, Assessment)>,
}
