//! PDQ perceptual hashing, hash lists and exact Hamming search, for intimate-image protection.
//!
//! StopNCII and NCMEC's Take It Down let a victim hash her photos on her own device and share only
//! the hashes; platforms match uploads against those lists. The industry's open hash is Meta's
//! PDQ. This crate speaks it exactly and matches at scale, with the defences against false matches
//! that HMA's users asked for. It is pure: it takes bytes and timestamps and returns values — no
//! file system, environment, clock or network — and it never keeps an image.
//!
//! * **Hashing** — [`hash_image`] decodes JPEG, PNG, WebP, GIF (first frame), BMP and TIFF with size
//!   limits checked before allocation ([`DecodeLimits`]), applies the EXIF orientation (or not,
//!   [`Orientation`]), and returns the PDQ hash, its quality and the eight dihedral hashes.
//!   [`hash_luma`] hashes a luminance buffer: fed the same buffer as Meta's C++ reference, it gives
//!   the same hash bit for bit (written from Meta's `hashing.pdf`, checked against the reference's
//!   output on Meta's test images).
//! * **Hash lists** — [`read_list`] / [`write_list`] handle Vigie CSV and JSONL and the plain hex
//!   lists of ThreatExchange, HMA and Meta's tools, one [`RecordError`] per bad line;
//!   [`Review`] confirms, deconfirms or quarantines entries; [`list_stats`] counts.
//! * **Index** — [`MihIndex`]: exact Hamming-radius search by multi-index hashing (about 96 bytes
//!   per hash), incremental adds and removes, a checksummed binary form; [`FlatIndex`] is the
//!   brute-force reference.
//! * **Matching** — [`Matcher`] screens an upload ([`Query`]) against lists with per-list distance
//!   and quality floor ([`MatcherConfig`]), negative lists, flood quarantine ([`FloodGuard`]) and
//!   review statuses, and returns a [`Verdict`] whose [`Explanation`] says which entry, which list,
//!   what distance, what qualities and which rotation or flip matched.
//!
//! ```
//! use vigie_phash::{FloodGuard, Hash256, ListEntry, Matcher, MatcherConfig, Outcome, Query, Timestamp};
//!
//! let listed: Hash256 = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22".parse()?;
//! let matcher = Matcher::new(MatcherConfig::default(), vec![ListEntry::new(listed, "stopncii")])?;
//! let mut upload = listed;
//! upload.set_bit(0); // one bit away, as a re-encoded copy would be
//! let mut flood = FloodGuard::new();
//! let now = Timestamp::parse("2026-11-29T10:00:00Z").unwrap();
//! let verdict = matcher.screen(&Query::hash(upload, Some(100)), &mut flood, now);
//! assert_eq!(verdict.outcome, Outcome::Match);
//! assert_eq!(verdict.hits[0].distance, 1);
//! println!("{}", verdict.explanation().render(vigie_phash::Lang::Fr));
//! # Ok::<(), vigie_phash::Error>(())
//! ```
//!
//! The file formats, defaults and defences are documented for users in `docs/hash-lists.md`.
#![deny(clippy::disallowed_methods)]
#![deny(missing_docs)]

mod decode;
mod error;
mod hash;
mod index;
mod list;
mod matcher;
mod pdq;
mod time;

pub use decode::{
    DecodeLimits, DecodeOptions, DecodedImage, ImageHashes, Orientation, RESIZE_SIDE, decode_image,
    hash_image,
};
pub use error::{Error, HexProblem, RecordError};
pub use hash::Hash256;
pub use index::{EntryId, FlatIndex, IndexStats, MIH_MAX_DISTANCE, MihIndex, SearchScratch};
pub use list::{
    EntryStatus, ImportOptions, ImportReport, ListEntry, ListFormat, ListStats, Review,
    ReviewOutcome, list_stats, read_list, write_list,
};
pub use matcher::{
    Decision, Explanation, FloodCheck, FloodGuard, FloodPolicy, Hit, Lang, ListKind, ListPolicy,
    MAX_MATCH_DISTANCE, Matcher, MatcherConfig, MatcherStats, Outcome, Quarantined, Query, Verdict,
};
pub use pdq::{
    Dihedral, DihedralHashes, LumaImage, MIN_HASHABLE_SIDE, PdqHash, hash_luma, hash_luma_dihedral,
};
pub use time::Timestamp;
