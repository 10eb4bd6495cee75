//! Vigie's detection engine: rules as data, applied to normalised text, scored and explained.
//!
//! Rules (docs/rules.md) are literal terms and a few regexes, each with a stable code, a category
//! of the taxonomy (DESIGN §5), a weight, reasons in French and English, a source, and examples
//! that must and must not match. A [`Detector`] validates every rule once, reporting all problems
//! at once, then compiles one Aho-Corasick automaton over the normalised terms. Applying it to a
//! [`vigie_model::Document`] gives an [`vigie_model::Assessment`]: signals on exact byte spans of
//! the original text, per-category scores, an overall score and level, and the explanation tree.
//!
//! ```
//! use vigie_detect::Detector;
//! use vigie_model::{Document, Level};
//!
//! let detector = Detector::builder().build().expect("shipped rules are valid");
//! let doc = Document { id: "m1".into(), text: "salut, ça va ?".into(), ..Document::default() };
//! assert_eq!(detector.assess(&doc).level, Level::None);
//! ```
//!
//! The crate does no I/O: user rule files are read by the caller and passed as strings.
#![deny(missing_docs)]
#![deny(clippy::disallowed_methods)]

mod age;
pub mod conversation;
mod detector;
pub mod eval;
mod examples;
mod matcher;
pub mod render;
mod rule;
pub mod score;
pub mod triage;

pub use conversation::{
    Conversation, ConversationMessage, ConversationOptions, Conversations, conversation_key,
};
pub use detector::{Detector, DetectorBuilder, RuleError, RuleErrors, Scanner};
pub use examples::{ExampleFailure, ExampleReport, fires, run_examples};
pub use rule::{CiteScope, Compose, DAMPED_FACTOR, Near, Rule, RuleKind, Tag};

include!(concat!(env!("OUT_DIR"), "/shipped_rules.rs"));
