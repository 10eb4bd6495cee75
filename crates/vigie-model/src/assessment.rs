//! The output of the engine: signals, scores, levels and their explanation.

use serde::{Deserialize, Serialize};

use crate::Category;

/// Byte range `[start, end)` into the ORIGINAL text of a document, on char boundaries.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The text this span covers, if it lies on char boundaries of `text`.
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.start..self.end)
    }
}

/// Risk level of an assessment, from a score in `[0, 1]`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing worth reading.
    #[default]
    None,
    /// Weak context only.
    Low,
    /// Worth a look.
    Medium,
    /// Should be reviewed.
    High,
    /// Review first.
    Critical,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 5] =
        [Level::None, Level::Low, Level::Medium, Level::High, Level::Critical];

    /// Lowest score of each level above `none`: low, medium, high, critical.
    pub const THRESHOLDS: [f64; 4] = [0.15, 0.35, 0.55, 0.75];

    /// The level of a score.
    pub fn from_score(score: f64) -> Level {
        let [low, medium, high, critical] = Level::THRESHOLDS;
        if score >= critical {
            Level::Critical
        } else if score >= high {
            Level::High
        } else if score >= medium {
            Level::Medium
        } else if score >= low {
            Level::Low
        } else {
            Level::None
        }
    }

    /// The `snake_case` name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }

    /// Parses a `snake_case` name.
    pub fn parse(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == name)
    }

    /// The French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            Level::None => "aucun",
            Level::Low => "faible",
            Level::Medium => "moyen",
            Level::High => "élevé",
            Level::Critical => "critique",
        }
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        self.as_str()
    }
}

/// Why a signal was damped: a benign sense found near it (`unless_near`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Damping {
    /// Where the benign term is.
    pub span: Span,
    /// Its original text.
    pub matched: String,
}

/// A rule that fired on a span of the original text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    /// Stable rule code, e.g. `PIMP-PACK-01`.
    pub code: String,
    /// Category of the rule.
    pub category: Category,
    /// Where it matched in the original text.
    pub span: Span,
    /// The original text of the span.
    pub matched: String,
    /// The rule's weight.
    pub weight: f64,
    /// The weight after damping and the obfuscation modifier.
    pub effective_weight: f64,
    /// Whether the matched text was disguised (leetspeak, spacing, emoji digits…).
    pub obfuscated: bool,
    /// Set when a benign sense nearby damped the signal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub damped_by: Option<Damping>,
    /// Set when the signal sits in reported, advisory or news speech (a prevention message, a press
    /// sentence that quotes recruiters): its span is kept, but its category does not count towards
    /// the risk. `cited_by` says which words made it reported speech.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cited: bool,
    /// The words that made the signal reported speech, when `cited` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cited_by: Option<Damping>,
    /// Reason in French.
    pub reason_fr: String,
    /// Reason in English.
    pub reason_en: String,
}

/// A damper that fired: reported or advisory speech that lowers the whole score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DamperHit {
    /// Stable rule code.
    pub code: String,
    /// Where it matched.
    pub span: Span,
    /// The original text.
    pub matched: String,
    /// The multiplier applied to the score.
    pub factor: f64,
    /// Reason in French.
    pub reason_fr: String,
    /// Reason in English.
    pub reason_en: String,
}

/// The score of one category in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// The category.
    pub category: Category,
    /// Combined weight of its signals, in `[0, 1]`.
    pub score: f64,
}

/// A node of the explanation tree: a value, why, the spans behind it and its parts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Explanation {
    /// The value this node contributes or computes.
    pub value: f64,
    /// Why, in French.
    pub reason_fr: String,
    /// Why, in English.
    pub reason_en: String,
    /// Rule code when the node is a signal or a damper.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Spans of the original text behind this node.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
    /// The parts that make up this value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Explanation>,
}

/// What an identifier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    /// A phone number, `value` in E.164.
    Phone,
    /// An e-mail address, lower case.
    Email,
    /// A URL or a bare domain.
    Url,
    /// A handle on a platform, `value` as `platform:handle`.
    Handle,
    /// A price, rate or earnings claim.
    Price,
    /// An age or an age range.
    Age,
    /// A French place.
    Place,
    /// A date.
    Date,
}

impl IdentifierKind {
    /// The `snake_case` name.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentifierKind::Phone => "phone",
            IdentifierKind::Email => "email",
            IdentifierKind::Url => "url",
            IdentifierKind::Handle => "handle",
            IdentifierKind::Price => "price",
            IdentifierKind::Age => "age",
            IdentifierKind::Place => "place",
            IdentifierKind::Date => "date",
        }
    }
}

/// Something a person leaves behind that links documents: a phone, a handle, a price, a place…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identifier {
    /// What it is.
    pub kind: IdentifierKind,
    /// Normalised value: E.164 phone, `platform:handle`, lower-case e-mail, `150 EUR/30min`, INSEE code…
    pub value: String,
    /// Where it is in the original text.
    pub span: Span,
    /// The original text of the span.
    pub matched: String,
    /// Whether it was disguised (spelled digits, emoji digits, split handle…).
    pub obfuscated: bool,
    /// Platform of a handle (`snapchat`, `instagram`, `tiktok`, `telegram`, `whatsapp`, `x`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Amount of a price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// ISO 4217 currency of a price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Unit of a price (`30min`, `1h`, `day`, `night`), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Youngest age of an age or age range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_min: Option<u8>,
    /// Oldest age of an age or age range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_max: Option<u8>,
    /// Latitude of a place, WGS 84.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude of a place, WGS 84.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// `Some(false)` when the value is kept in its normalised form but is not valid where it was
    /// read (a phone number in a range the numbering metadata does not list); `None` when the
    /// question does not apply or the value is valid. Such identifiers still link and are searchable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid: Option<bool>,
}

impl Identifier {
    /// An identifier with only its kind, value, span and matched text set.
    pub fn new(
        kind: IdentifierKind,
        value: impl Into<String>,
        span: Span,
        matched: impl Into<String>,
    ) -> Identifier {
        Identifier {
            kind,
            value: value.into(),
            span,
            matched: matched.into(),
            obfuscated: false,
            platform: None,
            amount: None,
            currency: None,
            unit: None,
            age_min: None,
            age_max: None,
            lat: None,
            lon: None,
            valid: None,
        }
    }
}

/// Versions of what produced an assessment, so that a case file can be re-read years later.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EngineInfo {
    /// Version of the engine.
    pub engine: String,
    /// Fingerprint of the loaded rules: count and hash.
    pub rules: String,
}

/// The engine's verdict on one document, with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Id of the assessed document.
    pub document: String,
    /// Overall score in `[0, 1]`.
    pub score: f64,
    /// Level of the score.
    pub level: Level,
    /// Scores of the categories that fired, in taxonomy order.
    pub categories: Vec<CategoryScore>,
    /// Every signal, in text order.
    pub signals: Vec<Signal>,
    /// Dampers that lowered the score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dampers: Vec<DamperHit>,
    /// Identifiers found in the text (phones, handles, prices, ages, places…), in text order.
    #[serde(default)]
    pub identifiers: Vec<Identifier>,
    /// Category → signals → spans.
    pub explanation: Explanation,
    /// What produced this assessment.
    pub engine: EngineInfo,
}
