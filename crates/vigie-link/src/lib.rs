//! Networks of documents: shared identifiers, hub filtering, near-duplicate templates, circuits.
//!
//! Investigators face piles of ads written from one template by the same team, reachable at the
//! same phone, moving from city to city. This crate turns them into explained networks:
//!
//! - **Graph.** Documents are joined by the identifiers they share (phones, handles, e-mails,
//!   URLs, image hashes) and by near-duplicate texts; every edge says why it exists
//!   ([`vigie_model::EdgeReason`]). Networks are the connected components.
//! - **Hubs.** An identifier shared by many otherwise unrelated groups of documents (an agency's
//!   switchboard, a generic number, spam) would glue everything into one giant component; it is
//!   detected by a documented rule (see `graph.rs` and `docs/link.md`), kept as a down-weighted
//!   hub, and the merges it would have made are counted.
//! - **Templates.** MinHash + LSH over word bigrams of a light normalisation that keeps digits,
//!   accents and emojis ([`fingerprint`]); identical bodies are grouped first, so every group of
//!   identical bodies is one cluster by construction; [`build_template`] shows the shared phrases
//!   and the slots.
//! - **Circuits.** Per network, the places in time order with dwell times, short-stay and
//!   long-jump flags, and similar circuits of other networks.
//! - **Writers** over `impl Write`: JSON, CSV, GEXF 1.3 (Gephi) and GeoJSON ([`mod@write`]).
//!
//! The crate is pure: no I/O besides the writers' `impl Write`, no clock, no randomness
//! (hash functions are seeded constants). It does not depend on the detector: callers pass each
//! document's identifiers and risk as plain data ([`DocInput`]).
//!
//! ```
//! use vigie_link::{DocInput, LinkConfig, Linker, fingerprint};
//! let mut linker = Linker::new(LinkConfig::default());
//! let ad = "Nouvelle sur Lyon, douce et souriante, disponible 7j/7 pour un moment agréable";
//! for id in ["a", "b"] {
//!     linker.push(DocInput {
//!         id: id.into(), time: None, keys: vec![], place: None, risk: 0.1, minor_cue: false,
//!         print: fingerprint(ad),
//!     });
//! }
//! let report = linker.finish().report();
//! assert_eq!(report.clusters.len(), 1);
//! assert_eq!(report.networks[0].documents, ["a", "b"]);
//! ```
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod circuit;
mod cluster;
mod graph;
mod input;
mod linked;
mod linker;
mod minhash;
mod rank;
mod template;
mod uf;
pub mod write;

pub use circuit::haversine_km;
pub use input::{DocInput, LinkKey, PlaceRef, first_place, format_time, parse_time};
pub use linked::{GraphNode, GraphView, Linked};
pub use linker::{LinkConfig, Linker};
pub use minhash::{
    SIGNATURE_LEN, SIGNATURE_VERSION, Signature, TextPrint, estimated_jaccard, fingerprint,
    light_normalize,
};
pub use template::build_template;
