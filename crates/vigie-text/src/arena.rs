//! The arena holding normalised token text, and the token list over it.

use crate::normalized::Origin;
use crate::numbers::Word;
use crate::sms::Sms;

/// Normalised token text with a per-byte origin. The tokeniser writes the
/// tokens separated by single spaces (the output, if no later stage rewrites
/// a token); later stages append new tokens to it.
#[derive(Default)]
pub(crate) struct Arena {
    pub text: String,
    pub origins: Vec<Origin>,
}

impl Arena {
    pub fn clear(&mut self) {
        self.text.clear();
        self.origins.clear();
    }

    pub fn len(&self) -> u32 {
        self.text.len() as u32
    }

    #[inline]
    pub fn push(&mut self, c: char, origin: Origin) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.origins.push(origin);
        }
    }

    pub fn push_str(&mut self, s: &str, origin: Origin) {
        self.text.push_str(s);
        self.origins.extend(std::iter::repeat_n(origin, s.len()));
    }

    /// Widens the origin of the bytes `[from, len)` to end at `end`, and
    /// marks them obfuscated if `obf`.
    pub fn widen_last(&mut self, from: usize, end: u32, obf: bool) {
        for o in &mut self.origins[from..] {
            *o = o.widened(end, obf);
        }
    }

    /// The text of `tok`.
    pub fn get(&self, tok: &Tok) -> &str {
        &self.text[tok.a as usize..tok.b as usize]
    }

    /// The first byte of `tok`.
    pub fn first_byte(&self, tok: &Tok) -> Option<u8> {
        self.text.as_bytes().get(tok.a as usize).copied()
    }
}

/// One token of the normalised text.
#[derive(Clone, Copy, Debug)]
#[expect(clippy::struct_excessive_bools, reason = "independent facts about a token")]
pub(crate) struct Tok {
    /// Its text: `arena.text[a..b]`, unless its SMS expansion replaces it.
    pub a: u32,
    pub b: u32,
    /// The original bytes it covers.
    pub start: u32,
    pub end: u32,
    /// Its SMS expansion replaces its text.
    pub expanded: bool,
    /// It is a number word.
    pub num: Option<Word>,
    /// It is an SMS spelling.
    pub sms: Option<Sms>,
    /// It is one letter.
    pub single: bool,
    /// It is only ASCII digits.
    pub digits: bool,
    /// Some byte of it comes from an obfuscation.
    pub obf: bool,
}

impl Tok {
    pub fn new(a: u32, b: u32, start: u32, end: u32) -> Tok {
        Tok {
            a,
            b,
            start,
            end,
            expanded: false,
            num: None,
            sms: None,
            single: false,
            digits: false,
            obf: false,
        }
    }

    pub fn origin(&self, obf: bool) -> Origin {
        Origin::new(self.start, self.end, obf)
    }
}
