//! Conversation assessments (DESIGN §4): the stage timeline, who drives the risk, and the index of
//! the first message that reached each level (the earliest warning).
//!
//! Messages are harmless one by one and alarming together; a conversation assessment reads them in
//! order and says, after each message, how far the conversation has gone.

use serde::{Deserialize, Serialize};

use crate::{Category, EngineInfo, Explanation, Level, Span, Stage};

/// How the messages of a conversation were grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// By the documents' `conversation` field.
    Thread,
    /// By the set of participants (author and recipients), when no thread id is given.
    Participants,
}

/// One message in the timeline, after the messages before it have been read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineStep {
    /// Position in the ordered conversation, from 0.
    pub index: usize,
    /// Id of the message.
    pub document: String,
    /// Author of the message, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Timestamp of the message, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The message's own score and level.
    pub score: f64,
    /// The message's own level.
    pub level: Level,
    /// Harm categories that fired in this message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// Stages of those categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    /// Every stage reached so far, in chain order (stages online are not strictly ordered).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reached: Vec<Stage>,
    /// Escalation so far (see [`ConversationAssessment::escalation`]).
    pub escalation: f64,
    /// The conversation's score after this message.
    pub conversation_score: f64,
    /// The conversation's level after this message.
    pub conversation_level: Level,
}

/// The first message at which the conversation reached a level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// The level reached.
    pub level: Level,
    /// Index of the message in the ordered conversation.
    pub index: usize,
    /// Id of that message.
    pub document: String,
    /// Share of the conversation's messages read up to and including it, in `(0, 1]`.
    pub read_share: f64,
}

/// What one participant brought to the conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorSummary {
    /// The author (`?` when messages carry no author).
    pub author: String,
    /// Role given by the source (`meta.role`), when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Number of messages written.
    pub messages: usize,
    /// Harm categories seen in this author's messages, in taxonomy order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// Score of this author's messages taken together (with the conversation's minor-age cues).
    pub score: f64,
    /// Whether this author drives the conversation's risk.
    pub drives_risk: bool,
}

/// One n-gram (or rule feature) of a learned model, where it was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFeature {
    /// The feature as text (an n-gram of the normalised text, or `rule:CODE`).
    pub feature: String,
    /// Its contribution to the model's logit.
    pub weight: f64,
    /// Index of the message where it was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<usize>,
    /// Where, in that message's original text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
}

/// The verdict of a learned model on a whole conversation, explained like a rule's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelVerdict {
    /// Model name and version, e.g. `grooming-en@1`.
    pub model: String,
    /// Calibrated probability that the conversation is grooming.
    pub probability: f64,
    /// The model's decision threshold.
    pub threshold: f64,
    /// Whether the probability reached the threshold.
    pub alert: bool,
    /// Index of the first message after which the model alerted, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_alert: Option<usize>,
    /// The features that weighed most, strongest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<ModelFeature>,
}

/// The engine's verdict on a whole conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationAssessment {
    /// Thread id, or the sorted participants joined with ` + `.
    pub conversation: String,
    /// How the messages were grouped.
    pub grouping: Grouping,
    /// Number of messages.
    pub messages: usize,
    /// Overall score in `[0, 1]`: the score of the author who drives the risk, or the learned
    /// model's probability when it applies and is higher.
    pub score: f64,
    /// Level of the score.
    pub level: Level,
    /// Furthest stage reached plus the number of distinct harm categories, multiplied by
    /// `1 + minor-age cue` (DESIGN §5).
    pub escalation: f64,
    /// Every stage reached, in chain order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    /// The author whose messages carry the risk, when the score is above `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver: Option<String>,
    /// The first message that reached each level above `none`, lowest level first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earliest: Vec<Warning>,
    /// One summary per participant, in order of first message.
    pub authors: Vec<AuthorSummary>,
    /// The timeline, one step per message, in conversation order.
    pub timeline: Vec<TimelineStep>,
    /// The learned model's verdict, when a model applies to the conversation's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelVerdict>,
    /// Category → rule → message, for the driving author.
    pub explanation: Explanation,
    /// What produced this assessment.
    pub engine: EngineInfo,
}
