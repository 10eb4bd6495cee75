//! The offline verifier: recomputes every leaf and the tree from the entries as stored, and checks
//! them against the signed checkpoints an auditor holds. It trusts nothing else: not the stored
//! leaf hashes, not the database's triggers, not its sequence counter.

use crate::entry::{Entry, Salt, commit};
use crate::frontier::Frontier;
use crate::merkle::Hash;
use crate::note::{Checkpoint, VerifyingKey};

/// A body as stored beside its entry, when it has not been erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBody {
    /// The salt of the commitment.
    pub salt: Salt,
    /// The canonical JSON bytes of the body.
    pub json: Vec<u8>,
}

/// One journal row as read from the store, in `seq` order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    /// The entry's fields as stored.
    pub entry: Entry,
    /// The leaf hash stored with the row when it was written.
    pub leaf_hash: Hash,
    /// The body, or `None` once erased (or for entries without a body).
    pub body: Option<StoredBody>,
}

/// Why verification stopped. The variants are stable; [`Problem::code`] gives a stable
/// snake_case code for APIs and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// A held checkpoint does not open: bad or missing signature, wrong origin, malformed text.
    BadCheckpoint {
        /// Position of the checkpoint in the list given to the verifier.
        index: usize,
        /// The reason, from [`crate::Error`].
        reason: crate::Error,
    },
    /// Two validly signed checkpoints of the same size with different roots (a split view).
    ConflictingCheckpoints {
        /// The size both checkpoints claim.
        size: u64,
    },
    /// The entry's recomputed leaf hash differs from the stored one: the row was edited.
    EditedEntry,
    /// The stored body does not match the entry's commitment: the body was edited.
    EditedBody,
    /// Sequence numbers jump forward: rows `seq..found` are missing here (deleted, or moved
    /// later in the order the rows were read).
    MissingEntries {
        /// The next sequence number actually present.
        found: u64,
    },
    /// A sequence number repeats or goes backwards: a row was inserted or the rows reordered.
    OutOfOrder {
        /// The sequence number actually read.
        found: u64,
    },
    /// The journal ends before a held checkpoint: its last rows were removed, or an older
    /// backup was restored.
    Truncated {
        /// The number of entries present.
        size: u64,
        /// The size of the largest held checkpoint.
        checkpoint_size: u64,
    },
    /// The tree at a checkpoint's size has another root than the signed one: history between
    /// the last matching checkpoint and this one was rewritten (edited with recomputed leaf
    /// hashes, rows swapped or renumbered, or an older backup restored and written over).
    RootMismatch {
        /// The size of the checkpoint that does not match.
        checkpoint_size: u64,
    },
}

impl Problem {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadCheckpoint { .. } => "bad_checkpoint",
            Self::ConflictingCheckpoints { .. } => "conflicting_checkpoints",
            Self::EditedEntry => "edited_entry",
            Self::EditedBody => "edited_body",
            Self::MissingEntries { .. } => "missing_entries",
            Self::OutOfOrder { .. } => "out_of_order",
            Self::Truncated { .. } => "truncated",
            Self::RootMismatch { .. } => "root_mismatch",
        }
    }
}

/// The first problem found, and the first sequence number it concerns.
///
/// `seq` is exact for a row-level problem (edited entry or body, missing or misplaced rows,
/// truncation: the first missing `seq`). For [`Problem::RootMismatch`] the checkpoints only say
/// that some entry in `seq..checkpoint_size` changed: `seq` is the first entry not covered by an
/// earlier matching checkpoint. It is `None` for problems of the checkpoints themselves.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe_en())]
pub struct Failure {
    /// The first bad sequence number, when the problem has one.
    pub seq: Option<u64>,
    /// What is wrong.
    pub problem: Problem,
}

impl Failure {
    fn at(seq: u64, problem: Problem) -> Self {
        Self { seq: Some(seq), problem }
    }

    fn describe_en(&self) -> String {
        let s = self.seq.unwrap_or(0);
        match &self.problem {
            Problem::BadCheckpoint { index, reason } => {
                format!("checkpoint #{index} rejected: {reason}")
            }
            Problem::ConflictingCheckpoints { size } => {
                format!("two signed checkpoints of size {size} have different roots")
            }
            Problem::EditedEntry => format!("seq {s}: entry edited (leaf hash differs)"),
            Problem::EditedBody => format!("seq {s}: body edited (commitment differs)"),
            Problem::MissingEntries { found } => {
                format!("seq {s}: entries {s} to {} missing (deleted or moved)", found - 1)
            }
            Problem::OutOfOrder { found } => {
                format!("seq {s}: found seq {found} instead (row inserted or reordered)")
            }
            Problem::Truncated { size, checkpoint_size } => format!(
                "seq {s}: journal truncated, {size} entries but a checkpoint covers {checkpoint_size}"
            ),
            Problem::RootMismatch { checkpoint_size } => format!(
                "seq {s}: history rewritten between seq {s} and {}, the root differs from the signed checkpoint of size {checkpoint_size}",
                checkpoint_size.saturating_sub(1)
            ),
        }
    }

    /// The same message in French, for the CLI and the UI.
    pub fn message_fr(&self) -> String {
        let s = self.seq.unwrap_or(0);
        match &self.problem {
            Problem::BadCheckpoint { index, reason } => {
                format!("point de contrôle n° {index} rejeté : {reason}")
            }
            Problem::ConflictingCheckpoints { size } => {
                format!(
                    "deux points de contrôle signés de taille {size} ont des racines différentes"
                )
            }
            Problem::EditedEntry => {
                format!("seq {s} : entrée modifiée (l'empreinte de la feuille diffère)")
            }
            Problem::EditedBody => {
                format!("seq {s} : contenu modifié (l'engagement ne correspond plus)")
            }
            Problem::MissingEntries { found } => {
                format!("seq {s} : entrées {s} à {} absentes (supprimées ou déplacées)", found - 1)
            }
            Problem::OutOfOrder { found } => {
                format!("seq {s} : seq {found} trouvé à la place (ligne insérée ou ordre modifié)")
            }
            Problem::Truncated { size, checkpoint_size } => format!(
                "seq {s} : journal tronqué, {size} entrées alors qu'un point de contrôle en couvre {checkpoint_size}"
            ),
            Problem::RootMismatch { checkpoint_size } => format!(
                "seq {s} : historique réécrit entre seq {s} et {}, la racine diffère du point de contrôle signé de taille {checkpoint_size}",
                checkpoint_size.saturating_sub(1)
            ),
        }
    }
}

/// What a successful verification covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Entries read and recomputed.
    pub size: u64,
    /// Root of the tree over all of them.
    pub root: Hash,
    /// Distinct checkpoint sizes matched.
    pub checkpoints: usize,
    /// Size of the largest checkpoint matched, if any.
    pub anchored: u64,
    /// Bodies present and matching their commitment.
    pub bodies: u64,
    /// Entries whose body is absent (erased, or never had one).
    pub bodies_absent: u64,
}

impl Summary {
    /// Entries after the last checkpoint: consistent with themselves, but not yet signed, so an
    /// edit of them with recomputed hashes cannot be detected until the next checkpoint.
    pub fn unanchored(&self) -> u64 {
        self.size - self.anchored
    }
}

/// A streaming verifier: feed it the rows in `seq` order with [`Verifier::push`], then call
/// [`Verifier::finish`]. Memory is O(log n + number of checkpoints).
///
/// ```
/// use vigie_journal::{Checkpoint, Entry, Frontier, SigningKey, StoredEntry, Verifier};
/// let key = SigningKey::generate("vigie.test/journal").unwrap();
/// let rows: Vec<StoredEntry> = (0..3)
///     .map(|seq| {
///         let entry = Entry {
///             seq,
///             ts: 1_764_000_000 + seq as i64,
///             actor: "r:01".into(),
///             action: "case.read".into(),
///             object_kind: "case".into(),
///             object_id: "c-1".into(),
///             body_hash: [0; 32],
///         };
///         StoredEntry { leaf_hash: entry.leaf_hash(), entry, body: None }
///     })
///     .collect();
/// let mut f = Frontier::new();
/// rows.iter().for_each(|r| f.push(r.leaf_hash));
/// let cp = Checkpoint { origin: "vigie.test/journal".into(), size: 3, root: f.root() };
/// let note = cp.sign(&key).unwrap();
///
/// let mut v = Verifier::from_notes(&[note], &key.verifying_key(), "vigie.test/journal").unwrap();
/// for r in &rows {
///     v.push(r).unwrap();
/// }
/// assert_eq!(v.finish().unwrap().anchored, 3);
/// ```
#[derive(Debug, Clone)]
pub struct Verifier {
    /// (size, root), sorted by size, one per size.
    checkpoints: Vec<(u64, Hash)>,
    next_checkpoint: usize,
    /// Size of the last checkpoint matched so far.
    anchored: u64,
    frontier: Frontier,
    bodies: u64,
    bodies_absent: u64,
    /// The first failure, kept so that later calls keep reporting it.
    failed: Option<Failure>,
}

impl Verifier {
    /// A verifier over checkpoints already opened (signature and origin checked by the caller).
    pub fn new(checkpoints: &[Checkpoint]) -> Result<Self, Failure> {
        let mut cps: Vec<(u64, Hash)> = checkpoints.iter().map(|c| (c.size, c.root)).collect();
        cps.sort_unstable();
        cps.dedup();
        if let Some(w) = cps.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(Failure {
                seq: None,
                problem: Problem::ConflictingCheckpoints { size: w[0].0 },
            });
        }
        let mut v = Self {
            checkpoints: cps,
            next_checkpoint: 0,
            anchored: 0,
            frontier: Frontier::new(),
            bodies: 0,
            bodies_absent: 0,
            failed: None,
        };
        v.check_reached_checkpoints()?;
        Ok(v)
    }

    /// A verifier over signed checkpoint notes: each must be signed by `key` and name `origin`.
    pub fn from_notes<S: AsRef<str>>(
        notes: &[S],
        key: &VerifyingKey,
        origin: &str,
    ) -> Result<Self, Failure> {
        let mut cps = Vec::with_capacity(notes.len());
        for (index, n) in notes.iter().enumerate() {
            let c = Checkpoint::open_for(n.as_ref(), key, origin).map_err(|reason| Failure {
                seq: None,
                problem: Problem::BadCheckpoint { index, reason },
            })?;
            cps.push(c);
        }
        Self::new(&cps)
    }

    /// Checks one row, which must be the next in `seq` order.
    pub fn push(&mut self, row: &StoredEntry) -> Result<(), Failure> {
        if let Some(f) = &self.failed {
            return Err(f.clone());
        }
        let r = self.check(row);
        if let Err(f) = &r {
            self.failed = Some(f.clone());
        }
        r
    }

    fn check(&mut self, row: &StoredEntry) -> Result<(), Failure> {
        let expected = self.frontier.size();
        let seq = row.entry.seq;
        if seq > expected {
            return Err(Failure::at(expected, Problem::MissingEntries { found: seq }));
        }
        if seq < expected {
            return Err(Failure::at(expected, Problem::OutOfOrder { found: seq }));
        }
        let leaf = row.entry.leaf_hash();
        if leaf != row.leaf_hash {
            return Err(Failure::at(seq, Problem::EditedEntry));
        }
        match &row.body {
            Some(b) if commit(&b.salt, &b.json) != row.entry.body_hash => {
                return Err(Failure::at(seq, Problem::EditedBody));
            }
            Some(_) => self.bodies += 1,
            None => self.bodies_absent += 1,
        }
        self.frontier.push(leaf);
        self.check_reached_checkpoints()
    }

    /// Compares the root with every checkpoint whose size has just been reached.
    fn check_reached_checkpoints(&mut self) -> Result<(), Failure> {
        let size = self.frontier.size();
        while let Some(&(cp_size, cp_root)) = self.checkpoints.get(self.next_checkpoint) {
            if cp_size != size {
                break;
            }
            if self.frontier.root() != cp_root {
                return Err(Failure::at(
                    self.anchored,
                    Problem::RootMismatch { checkpoint_size: cp_size },
                ));
            }
            self.anchored = cp_size;
            self.next_checkpoint += 1;
        }
        Ok(())
    }

    /// Ends the verification: fails if a held checkpoint is larger than the journal.
    pub fn finish(self) -> Result<Summary, Failure> {
        if let Some(f) = self.failed {
            return Err(f);
        }
        let size = self.frontier.size();
        if let Some(&(largest, _)) = self.checkpoints.last()
            && largest > size
        {
            return Err(Failure::at(size, Problem::Truncated { size, checkpoint_size: largest }));
        }
        Ok(Summary {
            size,
            root: self.frontier.root(),
            checkpoints: self.next_checkpoint,
            anchored: self.anchored,
            bodies: self.bodies,
            bodies_absent: self.bodies_absent,
        })
    }
}

/// Verifies a whole in-memory journal against opened checkpoints.
pub fn verify_journal<'a>(
    rows: impl IntoIterator<Item = &'a StoredEntry>,
    checkpoints: &[Checkpoint],
) -> Result<Summary, Failure> {
    let mut v = Verifier::new(checkpoints)?;
    for r in rows {
        v.push(r)?;
    }
    v.finish()
}
