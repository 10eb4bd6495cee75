//! Conversations in the store: their key, and their (re-)assessment when messages arrive.
//!
//! The ingest transaction marks a conversation as pending; this module assesses pending
//! conversations after the commit, and again at start-up, so a crash between the two only delays
//! an assessment.

use sha2::{Digest, Sha256};
use vigie_detect::{ConversationOptions, Conversations, conversation_key};
use vigie_model::{Document, Grouping};
use vigie_store::{PendingConversation, StoreError, StoredAssessment};

use crate::AppState;

/// The stored key of a document's conversation: `thread:<id>` or `participants:<a + b>`.
pub(crate) fn key_of(doc: &Document) -> Option<String> {
    conversation_key(doc).map(|(grouping, key)| match grouping {
        Grouping::Thread => format!("thread:{key}"),
        Grouping::Participants => format!("participants:{key}"),
    })
}

/// Assesses one pending conversation (CPU: run on a blocking thread).
fn assess(
    detector: &vigie_detect::Detector,
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

/// Assesses up to `max` pending conversations; returns how many.
pub(crate) async fn drain(state: &AppState, max: usize) -> Result<usize, StoreError> {
    let mut done = 0;
    let mut seen = std::collections::HashSet::new();
    while done < max {
        let batch = state.inner.store.pending_conversations(16).await?;
        let batch: Vec<_> = batch.into_iter().filter(|p| seen.insert((p.id, p.since))).collect();
        if batch.is_empty() {
            break;
        }
        for pending in batch {
            let (id, since) = (pending.id, pending.since);
            let detector = std::sync::Arc::clone(&state.inner.detector);
            let stored = tokio::task::spawn_blocking(move || assess(&detector, pending))
                .await
                .ok()
                .flatten();
            if let Some(stored) = stored {
                state.inner.store.put_conversation_assessment(id, since, &stored).await?;
            }
            done += 1;
        }
    }
    if done > 0 {
        tracing::info!(conversations = done, "conversations évaluées");
    }
    Ok(done)
}
