//! Conversation assembly: messages grouped into conversations and put in order.
//!
//! * **Grouping.** A message belongs to the conversation named by its `conversation` field. Without
//!   one, a message with an author and recipients belongs to the conversation of its participants
//!   (author and recipients as a set, so a reply joins the message it answers). Other documents
//!   (posts, ads, messages with no participants) belong to no conversation.
//! * **Order.** By timestamp, then by input order. A message without a timestamp takes the
//!   timestamp of the message before it in the input, so it stays where the source put it instead
//!   of jumping to the start; equal timestamps keep input order (the sort is stable).
//! * **Roles.** Each message keeps its author; a role given by the source (`meta.role`, e.g.
//!   `victim`, `decoy`, `suspect`) is kept for the author summaries.
//!
//! [`Conversations`] holds the messages it is given (documents and their assessments) until
//! [`Conversations::finish`]; a caller with bounded memory should feed it one batch at a time.

mod assess;
mod lang;

pub use assess::{AGE_ANSWER_CODE, ConversationOptions, GROOMING_MODEL_NAME};
pub use lang::is_english;

use std::collections::BTreeMap;

use vigie_model::{Assessment, DocKind, Document, Grouping};

/// A message of a conversation: the document and its message-level assessment.
#[derive(Debug, Clone)]
pub struct ConversationMessage {
    /// The message.
    pub document: Document,
    /// What the engine said of the message alone.
    pub assessment: Assessment,
    /// Where the message came from (file name), for reports.
    pub origin: String,
    /// Line of the message in its file.
    pub line: u64,
    seq: u64,
    time: Option<jiff::Timestamp>,
}

/// A conversation: its key and its messages in order.
#[derive(Debug, Clone)]
pub struct Conversation {
    /// Thread id, or the sorted participants joined with ` + `.
    pub key: String,
    /// How the messages were grouped.
    pub grouping: Grouping,
    /// The messages, in conversation order.
    pub messages: Vec<ConversationMessage>,
}

/// The conversation a document belongs to, if any.
pub fn conversation_key(doc: &Document) -> Option<(Grouping, String)> {
    if !matches!(doc.kind, DocKind::Message | DocKind::Comment) {
        return None;
    }
    if let Some(thread) = doc.conversation.as_deref().filter(|c| !c.trim().is_empty()) {
        return Some((Grouping::Thread, thread.to_owned()));
    }
    let author = doc.author.as_deref().filter(|a| !a.trim().is_empty())?;
    if doc.recipients.is_empty() {
        return None;
    }
    let mut people: Vec<&str> = std::iter::once(author)
        .chain(doc.recipients.iter().map(String::as_str))
        .filter(|p| !p.trim().is_empty())
        .collect();
    people.sort_unstable();
    people.dedup();
    if people.len() < 2 {
        return None;
    }
    Some((Grouping::Participants, people.join(" + ")))
}

/// Collects messages and assembles them into ordered conversations.
#[derive(Debug, Default)]
pub struct Conversations {
    groups: BTreeMap<(String, u8), Vec<ConversationMessage>>,
    seq: u64,
}

impl Conversations {
    /// An empty collection.
    pub fn new() -> Conversations {
        Conversations::default()
    }

    /// Adds a message with its assessment. Returns it back when the document belongs to no
    /// conversation.
    pub fn push(
        &mut self,
        document: Document,
        assessment: Assessment,
        origin: &str,
        line: u64,
    ) -> Result<(), Box<(Document, Assessment)>> {
        let Some((grouping, key)) = conversation_key(&document) else {
            return Err(Box::new((document, assessment)));
        };
        let time = document.timestamp.as_deref().and_then(|t| t.parse::<jiff::Timestamp>().ok());
        self.seq += 1;
        let tag = match grouping {
            Grouping::Thread => 0,
            Grouping::Participants => 1,
        };
        self.groups.entry((key, tag)).or_default().push(ConversationMessage {
            document,
            assessment,
            origin: origin.to_owned(),
            line,
            seq: self.seq,
            time,
        });
        Ok(())
    }

    /// Number of messages held.
    pub fn len(&self) -> usize {
        self.groups.values().map(Vec::len).sum()
    }

    /// Whether no message is held.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The conversations, by key, each with its messages in order.
    pub fn finish(self) -> Vec<Conversation> {
        self.groups
            .into_iter()
            .map(|((key, tag), mut messages)| {
                order(&mut messages);
                let grouping = if tag == 0 { Grouping::Thread } else { Grouping::Participants };
                Conversation { key, grouping, messages }
            })
            .collect()
    }
}

/// Orders messages by timestamp, a missing one inheriting the previous message's (input order).
fn order(messages: &mut [ConversationMessage]) {
    messages.sort_by_key(|m| m.seq);
    let mut last = None;
    for m in messages.iter_mut() {
        match m.time {
            Some(t) => last = Some(t),
            None => m.time = last,
        }
    }
    // Stable: equal (or inherited) timestamps keep input order.
    messages.sort_by_key(|m| m.time);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(id: &str, conv: Option<&str>, author: &str, to: &str, ts: Option<&str>) -> Document {
        Document {
            id: id.to_owned(),
            kind: DocKind::Message,
            author: Some(author.to_owned()),
            recipients: vec![to.to_owned()],
            conversation: conv.map(str::to_owned),
            timestamp: ts.map(str::to_owned),
            text: String::new(),
            ..Document::default()
        }
    }

    fn empty(id: &str) -> Assessment {
        crate::Detector::builder()
            .build()
            .unwrap()
            .assess(&Document { id: id.to_owned(), ..Document::default() })
    }

    fn ids(c: &Conversation) -> Vec<&str> {
        c.messages.iter().map(|m| m.document.id.as_str()).collect()
    }

    #[test]
    fn out_of_order_messages_are_sorted_by_time() {
        let mut convs = Conversations::new();
        for (id, ts) in [
            ("c", "2024-03-04T22:00:00+01:00"),
            ("a", "2024-03-04T20:00:00+01:00"),
            ("b", "2024-03-04T20:30:00Z"),
        ] {
            convs.push(msg(id, Some("t"), "x", "y", Some(ts)), empty(id), "f", 1).unwrap();
        }
        let out = convs.finish();
        assert_eq!(out.len(), 1);
        // 20:30Z is 21:30+01:00: after a, before c.
        assert_eq!(ids(&out[0]), ["a", "b", "c"]);
    }

    #[test]
    fn missing_timestamps_stay_after_their_predecessor() {
        let mut convs = Conversations::new();
        let input = [
            ("m1", Some("2024-01-01T10:00:00Z")),
            ("m2", None),
            ("m3", Some("2024-01-01T09:00:00Z")),
            ("m4", None),
            ("m5", Some("2024-01-01T10:00:00Z")),
        ];
        for (id, ts) in input {
            convs.push(msg(id, Some("t"), "x", "y", ts), empty(id), "f", 1).unwrap();
        }
        let out = convs.finish();
        // m3 (09:00) and m4 (inherits 09:00) come first; m1, m2 (inherits 10:00), m5 (10:00)
        // keep input order among equal times.
        assert_eq!(ids(&out[0]), ["m3", "m4", "m1", "m2", "m5"]);
    }

    #[test]
    fn interleaved_conversations_are_separated() {
        let mut convs = Conversations::new();
        let docs = [
            msg("a1", None, "adam", "lea", Some("2024-01-01T10:00:00Z")),
            msg("b1", Some("thread-b"), "zoe", "max", Some("2024-01-01T10:01:00Z")),
            msg("a2", None, "lea", "adam", Some("2024-01-01T10:02:00Z")),
            msg("c1", None, "adam", "nina", Some("2024-01-01T10:03:00Z")),
            msg("b2", Some("thread-b"), "max", "zoe", Some("2024-01-01T10:04:00Z")),
        ];
        for d in docs {
            let id = d.id.clone();
            convs.push(d, empty(&id), "f", 1).unwrap();
        }
        let out = convs.finish();
        let summary: Vec<(String, Grouping, Vec<&str>)> =
            out.iter().map(|c| (c.key.clone(), c.grouping, ids(c))).collect();
        assert_eq!(
            summary,
            [
                ("adam + lea".to_owned(), Grouping::Participants, vec!["a1", "a2"]),
                ("adam + nina".to_owned(), Grouping::Participants, vec!["c1"]),
                ("thread-b".to_owned(), Grouping::Thread, vec!["b1", "b2"]),
            ]
        );
    }

    #[test]
    fn posts_and_anonymous_messages_are_not_conversations() {
        let mut post = msg("p", Some("t"), "x", "y", None);
        post.kind = DocKind::Post;
        assert_eq!(conversation_key(&post), None);
        let mut lonely = msg("m", None, "x", "y", None);
        lonely.recipients.clear();
        assert_eq!(conversation_key(&lonely), None);
        let mut to_self = msg("m", None, "x", "x", None);
        assert_eq!(conversation_key(&to_self), None);
        to_self.conversation = Some("  ".to_owned());
        assert_eq!(conversation_key(&to_self), None);
        let mut convs = Conversations::new();
        assert!(convs.push(post, empty("p"), "f", 1).is_err());
        assert!(convs.is_empty());
    }
}
