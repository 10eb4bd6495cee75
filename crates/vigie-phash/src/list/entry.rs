//! One entry of a hash list and its review status.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::hash::Hash256;
use crate::time::Timestamp;

/// Where a listed hash stands after review.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// As received: matches act, under flood watch.
    #[default]
    Active,
    /// A reviewer confirmed the listed content: matches act and are exempt from flood quarantine.
    Confirmed,
    /// A reviewer found the entry to be a false positive: it no longer matches.
    Deconfirmed,
    /// Held for review: matches are reported for review, never acted on.
    Quarantined,
}

impl EntryStatus {
    /// Every status.
    pub const ALL: [EntryStatus; 4] = [
        EntryStatus::Active,
        EntryStatus::Confirmed,
        EntryStatus::Deconfirmed,
        EntryStatus::Quarantined,
    ];

    /// The stable code written in files (`active`, `confirmed`, `deconfirmed`, `quarantined`).
    pub fn code(self) -> &'static str {
        match self {
            EntryStatus::Active => "active",
            EntryStatus::Confirmed => "confirmed",
            EntryStatus::Deconfirmed => "deconfirmed",
            EntryStatus::Quarantined => "quarantined",
        }
    }

    /// French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            EntryStatus::Active => "active",
            EntryStatus::Confirmed => "confirmée",
            EntryStatus::Deconfirmed => "infirmée",
            EntryStatus::Quarantined => "en quarantaine",
        }
    }
}

impl fmt::Display for EntryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for EntryStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntryStatus::ALL.into_iter().find(|st| st.code() == s).ok_or_else(|| {
            "unknown status (expected active, confirmed, deconfirmed or quarantined)".to_string()
        })
    }
}

/// One listed hash with its provenance and review trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEntry {
    /// The PDQ hash.
    pub hash: Hash256,
    /// PDQ quality 0..=100 when the source gave it.
    pub quality: Option<u8>,
    /// Name of the list (bank) the entry belongs to.
    pub list: String,
    /// Where the hash came from (free text such as `stopncii:2026-11-29` or an exchange name).
    pub provenance: String,
    /// When the entry was added (given by the caller; the library reads no clock).
    pub added_at: Option<Timestamp>,
    /// Review status.
    pub status: EntryStatus,
    /// Who last changed the status.
    pub reviewed_by: Option<String>,
    /// When the status last changed.
    pub reviewed_at: Option<Timestamp>,
    /// Reviewer's note.
    pub note: Option<String>,
}

impl ListEntry {
    /// A new active entry with no metadata.
    pub fn new(hash: Hash256, list: impl Into<String>) -> ListEntry {
        ListEntry {
            hash,
            quality: None,
            list: list.into(),
            provenance: String::new(),
            added_at: None,
            status: EntryStatus::Active,
            reviewed_by: None,
            reviewed_at: None,
            note: None,
        }
    }
}

/// Checks a list name: 1 to 100 characters, no control characters, not blank.
pub(crate) fn check_list_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("empty list name".into());
    }
    if name.chars().count() > 100 {
        return Err("list name longer than 100 characters".into());
    }
    if name.chars().any(char::is_control) {
        return Err("list name contains a control character".into());
    }
    Ok(())
}

/// Checks free text (provenance, reviewer, note): at most 2,000 characters, no control characters
/// other than tabs.
pub(crate) fn check_text(text: &str) -> Result<(), String> {
    if text.chars().count() > 2000 {
        return Err("longer than 2000 characters".into());
    }
    if text.chars().any(|c| c.is_control() && c != '\t') {
        return Err("contains a control character".into());
    }
    Ok(())
}
