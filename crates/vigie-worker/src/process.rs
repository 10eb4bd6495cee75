//! From a message to a stored document: decode (same reader and rules as `vigie scan` and
//! `POST /api/v1/documents`), assess, and the conversation re-assessment after a commit.

use std::sync::Arc;

use sha2::{Digest, Sha256};
use vigie_detect::{ConversationOptions, Conversations, Detector, conversation_key};
use vigie_ingest::{IngestError, JsonlReader, Limits};
use vigie_model::{Assessment, Document, Grouping};
use vigie_store::{PendingConversation, Store, StoreError, StoredAssessment};

/// What assesses one document (the engine; tests wrap it to inject faults).
pub trait Assessor: Send + Sync + 'static {
    /// The assessment of `doc`.
    fn assess(&self, doc: &Document) -> Assessment;
    /// The engine, for conversation assessments.
    fn detector(&self) -> &Detector;
}

/// The engine as an [`Assessor`].
pub struct DetectorAssessor(pub Arc<Detector>);

impl Assessor for DetectorAssessor {
    fn assess(&self, doc: &Document) -> Assessment {
        self.0.assess(doc)
    }
    fn detector(&self) -> &Detector {
        &self.0
    }
}

/// Reads one message body into a document, or the reason it cannot be (never quoting it).
pub(crate) fn decode(payload: &[u8], max_bytes: usize) -> Result<Document, String> {
    if payload.len() > max_bytes {
        return Err(format!("trop volumineux : {} octets (limite {max_bytes})", payload.len()));
    }
    // One JSON value per message: re-serialised on one line so that the JSONL reader applies
    // exactly the rules of `vigie scan` (missing text, bad field types…).
    let value: serde_json::Value = serde_json::from_slice(payload)
        .map_err(|e| format!("JSON illisible (ligne {}, colonne {})", e.line(), e.column()))?;
    if !value.is_object() {
        return Err("un objet JSON (un document) est attendu".to_owned());
    }
    let line = serde_json::to_string(&value).map_err(|e| format!("JSON illisible : {e}"))?;
    if line.contains("\\u0000") {
        return Err("contient un caractère NUL (U+0000)".to_owned());
    }
    let limits = Limits { max_record_bytes: max_bytes.max(line.len() + 1) };
    match JsonlReader::new(line.as_bytes(), limits).next() {
        Some(Ok(record)) => Ok(record.doc),
        Some(Err(IngestError::Record(r))) => Err(match r.field {
            Some(field) => format!("champ {field} : {}", r.reason),
            None => r.reason,
        }),
        Some(Err(e)) => Err(e.to_string()),
        None => Err("enregistrement vide".to_owned()),
    }
}

/// The stored key of a document's conversation: `thread:<id>` or `participants:<a + b>` (as the
/// server stores it).
pub(crate) fn conversation_of(doc: &Document) -> Option<String> {
    conversation_key(doc).map(|(grouping, key)| match grouping {
        Grouping::Thread => format!("thread:{key}"),
        Grouping::Participants => format!("participants:{key}"),
    })
}

/// Assesses one pending conversation (CPU: call on a blocking thread). Same computation as the
/// server's, so that a conversation assessed by a worker or by `vigie serve` is the same.
fn assess_conversation(
    detector: &Detector,
    pending: PendingConversation,
) -> Option<StoredAssessment> {
    let mut input = Sha256::new();
    let mut set = Conversations::new();
    for (doc, assessment) in pending.messages {
        input.update(doc.id.as_bytes());
        input.update([0]);
        let _ = set.push(doc, assessment, "store", 0);
    }
    let conversation = set.finish().into_iter().max_by_key(|c| c.messages.len())?;
    let a = detector.assess_conversation_with(&conversation, ConversationOptions { models: true });
    Some(StoredAssessment {
        engine: a.engine.engine.clone(),
        rules: a.engine.rules.clone(),
        model: a.model.as_ref().map(|m| m.model.clone()).unwrap_or_default(),
        input: hex::encode(input.finalize()),
        score: a.score,
        level: a.level,
        categories: Vec::new(),
        body: serde_json::to_value(&a).ok()?,
        signals: Vec::new(),
        minor_cues: 0,
    })
}

/// Assesses pending conversations (those whose messages arrived since their last assessment),
/// whichever worker stored the messages; at most `max`. Returns how many.
pub(crate) async fn drain_conversations(
    store: &Store,
    assessor: &Arc<dyn Assessor>,
    max: usize,
) -> Result<usize, StoreError> {
    let mut done = 0;
    let mut seen = std::collections::HashSet::new();
    while done < max {
        let batch = store.pending_conversations(16).await?;
        let batch: Vec<_> = batch.into_iter().filter(|p| seen.insert((p.id, p.since))).collect();
        if batch.is_empty() {
            break;
        }
        for pending in batch {
            let (id, since) = (pending.id, pending.since);
            let a = Arc::clone(assessor);
            let stored =
                tokio::task::spawn_blocking(move || assess_conversation(a.detector(), pending))
                    .await
                    .ok()
                    .flatten();
            if let Some(stored) = stored {
                store.put_conversation_assessment(id, since, &stored).await?;
            }
            done += 1;
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_have_clear_reasons() {
        assert!(decode(b"{not json", 1 << 20).unwrap_err().starts_with("JSON illisible"));
        assert!(decode(b"[1,2]", 1 << 20).unwrap_err().contains("objet JSON"));
        let missing = decode(br#"{"id":"a"}"#, 1 << 20).unwrap_err();
        assert!(missing.contains("text"), "{missing}");
        let big = vec![b' '; 2048];
        assert!(decode(&big, 1024).unwrap_err().starts_with("trop volumineux : 2048 octets"));
        let doc = decode(br#"{"id":"a","text":"bonjour"}"#, 1 << 20).expect("good");
        assert_eq!(doc.id, "a");
    }
}
