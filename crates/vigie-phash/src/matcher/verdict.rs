//! What a screening decided and why.

use serde::Serialize;

use crate::hash::Hash256;
use crate::list::EntryStatus;
use crate::matcher::explain::Explanation;
use crate::matcher::policy::ListKind;
use crate::pdq::Dihedral;
use crate::time::Timestamp;

/// The decision for one upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// At least one listed entry matched and may be acted on.
    Match,
    /// Matches exist but every one is held for review (quarantined entry or flood).
    Review,
    /// Positive matches were vetoed by a negative (known benign) list.
    Suppressed,
    /// Nothing matched.
    NoMatch,
    /// The upload's quality is under the floor: it was not matched.
    LowQuality,
}

impl Outcome {
    /// Stable code of the explanation root (`PDQ-MATCH`, …).
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Match => "PDQ-MATCH",
            Outcome::Review => "PDQ-REVIEW",
            Outcome::Suppressed => "PDQ-SUPPRESSED",
            Outcome::NoMatch => "PDQ-NO-MATCH",
            Outcome::LowQuality => "PDQ-LOW-QUALITY",
        }
    }
}

/// What happens to one matched entry.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// Act on it.
    Act,
    /// An entry of a negative list: vetoes the positive matches.
    Negative,
    /// A positive match vetoed by a negative-list match of the same upload.
    Suppressed,
    /// Held: the entry's status is `quarantined`.
    HeldByStatus,
    /// Held: the entry is matching far more uploads than usual (flood quarantine).
    HeldByFlood {
        /// Matches in the current window, this one included.
        count: u32,
        /// The count above which the entry is quarantined.
        threshold: f64,
        /// When the quarantine started.
        since: Option<Timestamp>,
    },
    /// Not counted: a reviewer deconfirmed the entry.
    Deconfirmed,
}

impl Decision {
    /// Stable code of the explanation node (`PDQ-HIT-ACT`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Decision::Act => "PDQ-HIT-ACT",
            Decision::Negative => "PDQ-HIT-NEGATIVE",
            Decision::Suppressed => "PDQ-HIT-SUPPRESSED",
            Decision::HeldByStatus => "PDQ-HIT-HELD",
            Decision::HeldByFlood { .. } => "PDQ-HIT-FLOOD",
            Decision::Deconfirmed => "PDQ-HIT-DECONFIRMED",
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Decision::Act => 0,
            Decision::HeldByFlood { .. } => 1,
            Decision::HeldByStatus => 2,
            Decision::Negative => 3,
            Decision::Suppressed => 4,
            Decision::Deconfirmed => 5,
        }
    }
}

/// One listed entry within its list's distance of the upload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// List name.
    pub list: String,
    /// Positive or negative list.
    pub kind: ListKind,
    /// The listed hash.
    pub hash: Hash256,
    /// Hamming distance from the closest variant of the upload.
    pub distance: u32,
    /// The list's match distance.
    pub max_distance: u32,
    /// Which rotation or flip of the upload is closest.
    pub variant: Dihedral,
    /// The listed hash's quality, if known.
    pub entry_quality: Option<u8>,
    /// The entry's review status.
    pub status: EntryStatus,
    /// The entry's provenance.
    pub provenance: String,
    /// When the entry was added.
    pub added_at: Option<Timestamp>,
    /// What happens to it.
    #[serde(flatten)]
    pub decision: Decision,
}

/// The result of screening one upload: the outcome, every hit, and the explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    /// The decision.
    pub outcome: Outcome,
    /// The upload's quality, if known.
    pub query_quality: Option<u8>,
    /// The quality floor for uploads.
    pub min_query_quality: u8,
    /// Hits, most consequential first (act, held, negative, suppressed, deconfirmed), then by
    /// distance, list and hash.
    pub hits: Vec<Hit>,
}

impl Verdict {
    pub(crate) fn new(
        query_quality: Option<u8>,
        min_query_quality: u8,
        mut hits: Vec<Hit>,
    ) -> Verdict {
        hits.sort_by(|a, b| {
            (a.decision.rank(), a.distance, &a.list, a.hash).cmp(&(
                b.decision.rank(),
                b.distance,
                &b.list,
                b.hash,
            ))
        });
        let outcome = if query_quality.is_some_and(|q| q < min_query_quality) {
            Outcome::LowQuality
        } else if hits.iter().any(|h| h.decision == Decision::Act) {
            Outcome::Match
        } else if hits
            .iter()
            .any(|h| matches!(h.decision, Decision::HeldByFlood { .. } | Decision::HeldByStatus))
        {
            Outcome::Review
        } else if hits.iter().any(|h| h.decision == Decision::Suppressed) {
            Outcome::Suppressed
        } else {
            Outcome::NoMatch
        };
        Verdict { outcome, query_quality, min_query_quality, hits }
    }

    /// The explanation tree (French and English).
    pub fn explanation(&self) -> Explanation {
        Explanation::of(self)
    }
}
