//! The tokeniser: normalised chars grouped into tokens, letters squeezed.

use crate::arena::{Arena, Tok};
use crate::normalized::Origin;
use crate::scan::{Abort, Sink};
use crate::unit::{CAND, Kind, OBF, Unit};
use crate::{numbers, sms};

/// What tokenising saw, so later stages can be skipped.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TokInfo {
    /// Longest run of consecutive single-letter tokens.
    pub max_singles: usize,
    /// Some token is a number word.
    pub numbers: bool,
    /// Some token is an SMS spelling.
    pub sms: bool,
}

/// Looks up number words and SMS spellings for an all-ASCII-letter token
/// (`raw` is its text before squeezing, empty if too long).
///
/// A token squeezed to one letter whose unsqueezed form is an SMS spelling
/// (`tt` → `tout`, `cc` → `coucou`) does not count as a one-letter token:
/// it is always expanded, and must not be joined to its neighbours.
fn classify(tok: &mut Tok, text: &[u8], raw: &[u8], info: &mut TokInfo) {
    tok.num = numbers::word(text);
    info.numbers |= tok.num.is_some();
    let by_raw = if raw.len() > text.len() { sms::lookup(raw) } else { None };
    if by_raw.is_some() {
        tok.single = false;
    }
    tok.sms = by_raw.or_else(|| sms::lookup(text));
    info.sms |= tok.sms.is_some();
}

/// What the last char fed to the tokeniser became.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Last {
    Nothing,
    /// A char of the open word.
    Word,
    /// A token of its own (emoji, currency sign).
    Alone,
    Separator,
}

const CLASS_OTHER: u8 = 0;
const CLASS_LETTER: u8 = 1;
const CLASS_SEPARATOR: u8 = 2;
const CLASS_DIGIT: u8 = 3;

/// ASCII bytes the tokeniser's fast path handles itself: letters, digits
/// (unless a keycap follows), and separators other than `:` `#` `*` (typed
/// shortcodes and keycaps). Everything else goes through the char pass.
const ASCII_CLASS: [u8; 256] = {
    let mut class = [CLASS_OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        class[b] = if c.is_ascii_alphabetic() {
            CLASS_LETTER
        } else if c.is_ascii_digit() {
            CLASS_DIGIT
        } else if matches!(c, b':' | b'#' | b'*' | b'@' | b'+' | b'&' | b'$' | b'%' | b'!' | b'|') {
            CLASS_OTHER
        } else {
            CLASS_SEPARATOR
        };
        b += 1;
    }
    class
};

/// True for the chars that leetspeak may turn into a letter after a letter.
fn leetable(kind: Kind, code: u32) -> bool {
    match kind {
        Kind::Digit => matches!(code, 0x30 | 0x31 | 0x33 | 0x34 | 0x35 | 0x37),
        Kind::Sym => code == u32::from(b'@'),
        Kind::Cur => code == u32::from(b'$') || code == u32::from('€'),
        Kind::LeetPunct => true,
        _ => false,
    }
}

/// The tokeniser: groups chars into tokens separated by single spaces in the
/// arena, squeezing repeated letters.
///
/// Fed by the char pass directly (`abortable`: it gives up on a homoglyph
/// candidate or a possible leetspeak char, which need word-level stages), or
/// by replaying [`Unit`]s after those stages.
#[expect(clippy::struct_excessive_bools, reason = "independent facts about the open word")]
pub(crate) struct TokenSink<'a> {
    arena: &'a mut Arena,
    toks: &'a mut Vec<Tok>,
    info: TokInfo,
    abortable: bool,
    singles: usize,
    last: Last,
    // The open word.
    a: u32,
    start: u32,
    end: u32,
    /// Arena offset of its last char, and that char's code if a letter.
    last_at: usize,
    last_letter: u32,
    /// Length of the current run of identical letters.
    run: usize,
    chars: usize,
    letters_only: bool,
    digits_only: bool,
    /// Its ASCII letters before squeezing (when at most 6).
    raw: [u8; 6],
    raw_len: usize,
    obf: bool,
}

const NO_LETTER: u32 = u32::MAX;

impl<'a> TokenSink<'a> {
    pub fn new(arena: &'a mut Arena, toks: &'a mut Vec<Tok>, abortable: bool) -> TokenSink<'a> {
        arena.clear();
        toks.clear();
        TokenSink {
            arena,
            toks,
            info: TokInfo::default(),
            abortable,
            singles: 0,
            last: Last::Nothing,
            a: 0,
            start: 0,
            end: 0,
            last_at: 0,
            last_letter: NO_LETTER,
            run: 0,
            chars: 0,
            letters_only: true,
            digits_only: true,
            raw: [0; 6],
            raw_len: 0,
            obf: false,
        }
    }

    /// Closes the open word and returns what was seen.
    pub fn finish(mut self) -> TokInfo {
        self.close();
        self.info
    }

    /// Writes the space before a new token, mapped to the separators.
    fn gap(&mut self, start: u32) {
        if let Some(prev) = self.toks.last() {
            self.arena.text.push(' ');
            self.arena.origins.push(Origin::new(prev.end.min(start), start, false));
        }
    }

    fn open(&mut self, start: u32) {
        self.gap(start);
        self.a = self.arena.len();
        self.start = start;
        self.last_letter = NO_LETTER;
        self.run = 0;
        self.chars = 0;
        self.letters_only = true;
        self.digits_only = true;
        self.raw_len = 0;
        self.obf = false;
        self.last = Last::Word;
    }

    fn push_tok(&mut self, tok: Tok) {
        self.singles = if tok.single { self.singles + 1 } else { 0 };
        self.info.max_singles = self.info.max_singles.max(self.singles);
        self.toks.push(tok);
    }

    fn close(&mut self) {
        if self.last != Last::Word {
            return;
        }
        self.last = Last::Separator;
        let mut tok = Tok::new(self.a, self.arena.len(), self.start, self.end);
        tok.obf = self.obf;
        tok.single = self.chars == 1 && self.last_letter != NO_LETTER;
        tok.digits = self.digits_only;
        let text = &self.arena.text.as_bytes()[self.a as usize..];
        if self.letters_only && !text.is_empty() {
            // Cheap masks first: most words are neither.
            let (first, len) = (text[0], text.len());
            let raw_key = self.raw_len > len && sms::may_be_key(self.raw[0], self.raw_len);
            if raw_key || numbers::may_be_word(first, len) || sms::may_be_key(first, len) {
                let raw =
                    if self.raw_len <= self.raw.len() { &self.raw[..self.raw_len] } else { &[] };
                classify(&mut tok, text, raw, &mut self.info);
            }
        }
        self.push_tok(tok);
    }

    /// A token of its own.
    fn alone(&mut self, text: &str, colons: bool, start: u32, end: u32, obf: bool) {
        self.close();
        self.gap(start);
        let a = self.arena.len();
        let origin = Origin::new(start, end, obf);
        if colons {
            self.arena.push(':', origin);
        }
        self.arena.push_str(text, origin);
        if colons {
            self.arena.push(':', origin);
        }
        let mut tok = Tok::new(a, self.arena.len(), start, end);
        tok.obf = obf;
        self.push_tok(tok);
        self.last = Last::Alone;
    }

    /// `word_char` for a lower-case ASCII letter without flags.
    #[inline]
    fn fast_letter(&mut self, b: u8, at: u32) {
        if self.last != Last::Word {
            self.open(at);
        }
        self.end = at + 1;
        if let Some(r) = self.raw.get_mut(self.raw_len) {
            *r = b;
        }
        self.raw_len += 1;
        self.digits_only = false;
        if u32::from(b) == self.last_letter {
            self.run += 1;
            let squeezed_obf = self.run >= 3;
            self.obf |= squeezed_obf;
            let o = &mut self.arena.origins[self.last_at];
            *o = o.widened(at + 1, squeezed_obf);
        } else {
            self.last_at = self.arena.text.len();
            // (The mask tells the compiler it is ASCII: one byte.)
            self.arena.text.push(char::from(b & 0x7F));
            self.arena.origins.push(Origin::new(at, at + 1, false));
            self.last_letter = u32::from(b);
            self.run = 1;
            self.chars += 1;
        }
    }

    /// A char of a word: squeezed if it repeats the previous letter.
    #[inline]
    fn word_char(&mut self, code: u32, start: u32, end: u32, kind: Kind, flags: u8) {
        if self.last != Last::Word {
            self.open(start);
        }
        let obf = flags & OBF != 0;
        let letter = kind == Kind::Letter;
        self.end = end;
        self.obf |= obf;
        if letter && code < 0x80 {
            if self.raw_len < self.raw.len() {
                self.raw[self.raw_len] = code as u8;
            }
            self.raw_len += 1;
        } else {
            self.letters_only = false;
        }
        self.digits_only &= kind == Kind::Digit && code < 0x80;
        if letter && code == self.last_letter {
            self.run += 1;
            let squeezed_obf = obf || self.run >= 3;
            self.obf |= squeezed_obf;
            self.arena.widen_last(self.last_at, end, squeezed_obf);
        } else {
            self.last_at = self.arena.text.len();
            self.last_letter = if letter { code } else { NO_LETTER };
            self.run = 1;
            self.chars += 1;
            let c = char::from_u32(code).unwrap_or('\u{FFFD}');
            self.arena.push(c, Origin::new(start, end, obf));
        }
    }
}

impl Sink for TokenSink<'_> {
    #[inline]
    fn ascii_letter(&mut self, b: u8, i: usize, flags: u8) -> Result<(), Abort> {
        self.word_char(u32::from(b), i as u32, i as u32 + 1, Kind::Letter, flags);
        Ok(())
    }

    fn ascii_chunk(&mut self, bytes: &[u8], mut i: usize) -> Result<usize, Abort> {
        while let Some(&b) = bytes.get(i) {
            match ASCII_CLASS[usize::from(b)] {
                CLASS_LETTER => self.fast_letter(b | 0x20, i as u32),
                CLASS_SEPARATOR => self.space(i, i + 1),
                CLASS_DIGIT if bytes.get(i + 1).is_none_or(|&n| n < 0x80) => {
                    let code = u32::from(b);
                    if self.abortable && self.last_is_letter() && leetable(Kind::Digit, code) {
                        return Err(Abort);
                    }
                    self.word_char(code, i as u32, i as u32 + 1, Kind::Digit, 0);
                }
                _ => return Ok(i),
            }
            i += 1;
        }
        Ok(i)
    }

    fn push(
        &mut self,
        code: u32,
        start: usize,
        end: usize,
        kind: Kind,
        flags: u8,
        _alt: u8,
    ) -> Result<(), Abort> {
        if self.abortable && (flags & CAND != 0 || (self.last_is_letter() && leetable(kind, code)))
        {
            return Err(Abort);
        }
        let (start, end) = (start as u32, end as u32);
        match kind {
            Kind::Letter | Kind::Digit | Kind::Sym => {
                self.word_char(code, start, end, kind, flags);
            }
            Kind::Cur => {
                let mut buf = [0u8; 4];
                let c = char::from_u32(code).unwrap_or('\u{FFFD}');
                self.alone(c.encode_utf8(&mut buf), false, start, end, flags & OBF != 0);
            }
            // `!` and `|` that leetspeak left alone are punctuation.
            Kind::LeetPunct | Kind::Space | Kind::Emoji => self.space(0, 0),
        }
        Ok(())
    }

    fn emoji(&mut self, name: &'static str, start: usize, end: usize) -> Result<(), Abort> {
        self.alone(name, true, start as u32, end as u32, false);
        Ok(())
    }

    fn space(&mut self, _start: usize, _end: usize) {
        self.close();
        self.last = Last::Separator;
    }

    fn extend(&mut self, end: usize) {
        let end = end as u32;
        match self.last {
            Last::Word => {
                self.end = end;
                self.arena.widen_last(self.last_at, end, false);
            }
            Last::Alone => {
                if let Some(tok) = self.toks.last_mut() {
                    tok.end = end;
                    let from = tok.a as usize;
                    self.arena.widen_last(from, end, false);
                }
            }
            Last::Nothing | Last::Separator => {}
        }
    }

    fn last_is_letter(&self) -> bool {
        self.last == Last::Word && self.last_letter != NO_LETTER
    }

    fn mark_last(&mut self) {
        if self.last == Last::Word {
            self.obf = true;
            self.arena.widen_last(self.last_at, 0, true);
        }
    }
}

/// Feeds units (after leetspeak and homoglyphs) to the tokeniser.
pub(crate) fn replay(units: &[Unit], names: &[&'static str], sink: &mut TokenSink<'_>) {
    for u in units {
        let result = match u.kind {
            Kind::Emoji => sink.emoji(names[u.code as usize], u.start as usize, u.end as usize),
            kind => sink.push(u.code, u.start as usize, u.end as usize, kind, u.flags, u.alt),
        };
        debug_assert!(result.is_ok(), "replay does not abort");
    }
}
