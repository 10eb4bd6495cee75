//! The intermediate representation shared by the char-level stages.
//!
//! The char pass turns the original text into a sequence of [`Unit`]s: one
//! normalised char (or one emoji, or one separator) with the byte range of the
//! original text that produced it. Later stages rewrite units in place, then
//! group them into tokens.

/// What a unit is; decides how later stages treat it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An alphabetic char (any script), already lower-cased.
    Letter,
    /// A digit (ASCII, or a non-ASCII decimal digit of a retained script).
    Digit,
    /// `+ @ &`: kept and attached to the surrounding token.
    Sym,
    /// Currency signs and `%`: kept, each its own token.
    Cur,
    /// `! |`: punctuation unless leetspeak turns it into a letter.
    LeetPunct,
    /// Any run of whitespace and punctuation: one output space at most.
    Space,
    /// An emoji; `code` indexes the shortcode list.
    Emoji,
}

/// The unit comes from an obfuscation transform.
pub(crate) const OBF: u8 = 1;
/// The original char was upper case (only used by the `!` leetspeak guard).
pub(crate) const UPPER: u8 = 2;
/// A homoglyph candidate: `alt` holds its Latin look-alike, applied or not
/// word by word (see `leet::resolve_homoglyphs`).
pub(crate) const CAND: u8 = 4;

/// One normalised char with its origin.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Unit {
    /// The char (as `u32`), or for [`Kind::Emoji`] the index of its shortcode.
    pub code: u32,
    /// Start of the original bytes that produced this unit.
    pub start: u32,
    /// End (exclusive) of the original bytes that produced this unit.
    pub end: u32,
    pub kind: Kind,
    pub flags: u8,
    /// ASCII look-alike of a homoglyph candidate (only with [`CAND`]).
    pub alt: u8,
}

impl Unit {
    /// True for a letter whose char is `b` (an ASCII byte).
    pub fn is_ascii_letter(&self) -> bool {
        self.kind == Kind::Letter && self.code < 0x80
    }
}
