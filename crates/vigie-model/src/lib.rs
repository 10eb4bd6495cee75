//! The shapes every part of Vigie shares (DESIGN §4): [`Document`] in, [`Assessment`] out, with
//! [`Signal`]s that point at exact byte [`Span`]s of the original text.
//!
//! These types are plain data with `serde` support; they carry no behaviour beyond small helpers,
//! so that the CLI, the server and the evaluation code all speak the same JSON.
//!
//! ```
//! use vigie_model::{Category, Level};
//! assert_eq!(Category::PimpingOffer.as_str(), "pimping_offer");
//! assert_eq!(Level::from_score(0.62), Level::High);
//! ```
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod assessment;
mod category;
mod conversation;
mod document;
mod network;
mod triage;

pub use assessment::{
    Assessment, CategoryScore, DamperHit, Damping, EngineInfo, Explanation, Identifier,
    IdentifierKind, Level, Signal, Span,
};
pub use category::{Category, CategoryRole, Stage};
pub use conversation::*;
pub use document::{Attachment, AttachmentKind, DocKind, Document, Media};
pub use network::*;
pub use triage::{AdTriage, CueFamily, FamilyHit};
