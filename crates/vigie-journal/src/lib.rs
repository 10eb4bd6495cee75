//! The pure core of Vigie's tamper-evident journal (issue #14 part 3; design in
//! `shared/domain/service-anchors.md` §1.10 and §2). No I/O, no database, no clock: the store
//! writes the rows, this crate says what to write and whether what was read back is intact.
//!
//! # How the pieces fit
//!
//! 1. Each state change or read of case content becomes an [`Entry`]. Its body (JSON) is not in
//!    the entry: the entry holds `body_hash =` [`commit`]`(salt, `[`canonical_json`]`(body))` with a
//!    fresh [`new_salt`], and the store keeps `(salt, body)` in a side table. Erasing a body later
//!    (retention, RGPD) deletes that side row; the entry and the tree still verify.
//! 2. The entry's leaf is [`Entry::leaf_hash`] = SHA-256(0x00 ‖ [`Entry::canonical`]). `seq` is
//!    gapless from 0 and is the leaf's index in the RFC 6962 tree.
//! 3. The store keeps a [`Frontier`] (O(log n) hashes, [`Frontier::to_bytes`]) to append in
//!    O(log n) and to know the current root without reading the log.
//! 4. Every N entries, every T minutes and on every export, the server signs a [`Checkpoint`]
//!    (C2SP signed note: origin `vigie.<instance>/journal`, size, root) with its [`SigningKey`].
//!    Checkpoints go out of the database: exports, auditors, witnesses.
//! 5. An auditor runs the [`Verifier`] over the rows as stored and the checkpoints it holds
//!    (opened with the instance's [`VerifyingKey`]). It recomputes every leaf and root and names
//!    the first bad `seq` ([`Failure`]): edited row, deleted rows, inserted or reordered rows,
//!    truncation or an old backup, rewritten history. It trusts neither the stored leaf hashes
//!    nor the database's triggers.
//! 6. A case export carries its checkpoint and, for each cited entry, a [`Tree::inclusion_proof`]
//!    checked with [`verify_inclusion`]; two checkpoints are linked by a
//!    [`Tree::consistency_proof`] checked with [`verify_consistency`].
//!
//! # Public API (stable; announced to the store and server)
//!
//! ```text
//! type Hash = [u8; 32]; type Salt = [u8; 16]; const EMPTY_ROOT: Hash;
//! struct Entry { seq: u64, ts: i64, actor: String, action: String, object_kind: String,
//!                object_id: String, body_hash: Hash }
//!   fn canonical(&self) -> Vec<u8>; fn leaf_hash(&self) -> Hash;
//! fn commit(salt: &Salt, body: &[u8]) -> Hash;
//! fn canonical_json(value: &serde_json::Value) -> Vec<u8>;
//! fn new_salt() -> Result<Salt, Error>;
//! fn hash_leaf(data: &[u8]) -> Hash; fn hash_children(left: &Hash, right: &Hash) -> Hash;
//! fn root(leaves: &[Hash]) -> Hash;
//! fn inclusion_proof(leaves: &[Hash], index: u64) -> Result<Vec<Hash>, Error>;
//! fn consistency_proof(leaves: &[Hash], m: u64) -> Result<Vec<Hash>, Error>;
//! fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash)
//!     -> Result<(), Error>;
//! fn verify_consistency(m: u64, n: u64, root_m: &Hash, root_n: &Hash, proof: &[Hash])
//!     -> Result<(), Error>;
//! struct Tree;  fn new(leaves: &[Hash]) -> Tree; fn size(&self) -> u64; fn root(&self) -> Hash;
//!   fn root_at(&self, size: u64) -> Result<Hash, Error>;
//!   fn inclusion_proof(&self, index: u64) -> Result<Vec<Hash>, Error>;
//!   fn consistency_proof(&self, m: u64) -> Result<Vec<Hash>, Error>;
//! struct Frontier; fn new() -> Frontier; fn push(&mut self, leaf: Hash); fn size(&self) -> u64;
//!   fn root(&self) -> Hash; fn to_bytes(&self) -> Vec<u8>;
//!   fn from_bytes(bytes: &[u8]) -> Result<Frontier, Error>;
//! struct SigningKey; fn generate(name: &str) -> Result<SigningKey, Error>;
//!   fn from_text(text: &str) -> Result<SigningKey, Error>; fn to_text(&self) -> String;
//!   fn name(&self) -> &str; fn verifying_key(&self) -> VerifyingKey;
//!   fn sign_note(&self, text: &str) -> Result<String, Error>;
//! struct VerifyingKey; fn from_text(text: &str) -> Result<VerifyingKey, Error>;
//!   fn to_text(&self) -> String; fn name(&self) -> &str; fn key_id(&self) -> u32;
//!   fn open_note<'a>(&self, note: &'a str) -> Result<&'a str, Error>;
//! struct Checkpoint { origin: String, size: u64, root: Hash }
//!   fn text(&self) -> String; fn sign(&self, key: &SigningKey) -> Result<String, Error>;
//!   fn open(note: &str, key: &VerifyingKey) -> Result<Checkpoint, Error>;
//!   fn open_for(note: &str, key: &VerifyingKey, origin: &str) -> Result<Checkpoint, Error>;
//! struct StoredBody { salt: Salt, json: Vec<u8> }
//! struct StoredEntry { entry: Entry, leaf_hash: Hash, body: Option<StoredBody> }
//! struct Verifier; fn new(checkpoints: &[Checkpoint]) -> Result<Verifier, Failure>;
//!   fn from_notes<S: AsRef<str>>(notes: &[S], key: &VerifyingKey, origin: &str)
//!       -> Result<Verifier, Failure>;
//!   fn push(&mut self, row: &StoredEntry) -> Result<(), Failure>;
//!   fn finish(self) -> Result<Summary, Failure>;
//! fn verify_journal<'a>(rows: impl IntoIterator<Item = &'a StoredEntry>,
//!     checkpoints: &[Checkpoint]) -> Result<Summary, Failure>;
//! struct Summary { size: u64, root: Hash, checkpoints: usize, anchored: u64, bodies: u64,
//!                  bodies_absent: u64 }  fn unanchored(&self) -> u64;
//! struct Failure { seq: Option<u64>, problem: Problem }  (Display: English)
//!   fn message_fr(&self) -> String;
//! enum Problem { BadCheckpoint{index, reason}, ConflictingCheckpoints{size}, EditedEntry,
//!   EditedBody, MissingEntries{found}, OutOfOrder{found}, Truncated{size, checkpoint_size},
//!   RootMismatch{checkpoint_size} }  fn code(&self) -> &'static str;
//! enum Error { OutOfRange, BadProof, BadFrontier, BadKey, BadName, MalformedNote, NoSignature,
//!   BadSignature, WrongOrigin, Random }
//! ```
//!
//! # Example
//!
//! ```
//! use vigie_journal::{Checkpoint, SigningKey, Tree, hash_leaf, verify_inclusion};
//! let key = SigningKey::generate("vigie.test/journal").unwrap();
//! let leaves: Vec<_> = (0u8..10).map(|i| hash_leaf(&[i])).collect();
//! let tree = Tree::new(&leaves);
//! let note = Checkpoint { origin: "vigie.test/journal".into(), size: 10, root: tree.root() }
//!     .sign(&key)
//!     .unwrap();
//! let cp = Checkpoint::open(&note, &key.verifying_key()).unwrap();
//! let proof = tree.inclusion_proof(4).unwrap();
//! assert!(verify_inclusion(&leaves[4], 4, cp.size, &proof, &cp.root).is_ok());
//! ```
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod entry;
mod error;
mod frontier;
mod merkle;
mod note;
mod verify;

pub use entry::{Entry, Salt, canonical_json, commit, new_salt};
pub use error::Error;
pub use frontier::Frontier;
pub use merkle::{
    EMPTY_ROOT, Hash, Tree, consistency_proof, hash_children, hash_leaf, inclusion_proof, root,
    verify_consistency, verify_inclusion,
};
pub use note::{Checkpoint, SigningKey, VerifyingKey};
pub use verify::{Failure, Problem, StoredBody, StoredEntry, Summary, Verifier, verify_journal};
