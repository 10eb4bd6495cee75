//! Confirm, deconfirm, quarantine: a reviewer's decision on listed hashes.

use serde::Serialize;

use crate::hash::Hash256;
use crate::list::entry::{EntryStatus, ListEntry, check_text};
use crate::time::Timestamp;

/// A reviewer's decision, applied to every entry with the given hash (optionally in one list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    /// The new status.
    pub status: EntryStatus,
    /// Who decided (required: a decision is always attributable).
    pub by: String,
    /// When (the caller's clock).
    pub at: Timestamp,
    /// Why, optionally.
    pub note: Option<String>,
}

/// What a review changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReviewOutcome {
    /// Entries whose status changed.
    pub changed: usize,
    /// Entries that already had the status.
    pub unchanged: usize,
}

impl Review {
    /// Applies the decision to the entries with `hash` (in `list` if given); returns the counts, or
    /// a message when the reviewer name or note is unusable.
    pub fn apply(
        &self,
        entries: &mut [ListEntry],
        hash: &Hash256,
        list: Option<&str>,
    ) -> Result<ReviewOutcome, String> {
        if self.by.trim().is_empty() {
            return Err("a review needs the reviewer's name".into());
        }
        check_text(&self.by).map_err(|p| format!("reviewer: {p}"))?;
        if let Some(note) = &self.note {
            check_text(note).map_err(|p| format!("note: {p}"))?;
        }
        let mut outcome = ReviewOutcome::default();
        for e in entries.iter_mut().filter(|e| e.hash == *hash && list.is_none_or(|l| e.list == l))
        {
            if e.status == self.status {
                outcome.unchanged += 1;
                continue;
            }
            e.status = self.status;
            e.reviewed_by = Some(self.by.clone());
            e.reviewed_at = Some(self.at);
            e.note.clone_from(&self.note);
            outcome.changed += 1;
        }
        Ok(outcome)
    }
}
