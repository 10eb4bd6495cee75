//! The char pass: original text to normalised chars, fed to a [`Sink`].
//!
//! ASCII takes a fast path (lower-case letters first). Other chars are, in
//! order: accents and stray emoji modifiers (dropped, their bytes added to
//! the previous char so highlights cover the whole grapheme), invisible chars
//! (dropped likewise), regional indicators (flags or letters), emojis, and
//! everything else through [`crate::chars`].
//!
//! Two sinks exist: the tokeniser itself (the fast path, which gives up when
//! it meets leetspeak or homoglyph candidates), and [`UnitSink`], which keeps
//! every char as a [`Unit`] so those two word-level stages can run first.

use crate::chars::{CharCache, Item, ascii_kind, is_diacritic, simple_letter};
use crate::emoji;
use crate::unit::{CAND, Kind, OBF, UPPER, Unit};

/// The sink gave up: this text needs the unit path.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Abort;

/// Receives normalised chars in text order.
pub(crate) trait Sink {
    /// An ASCII letter, already lower-cased.
    fn ascii_letter(&mut self, b: u8, i: usize, flags: u8) -> Result<(), Abort>;
    /// Consumes what it can of the ASCII from `i` (the hot path); returns
    /// where the char pass must take over.
    fn ascii_chunk(&mut self, _bytes: &[u8], i: usize) -> Result<usize, Abort> {
        Ok(i)
    }
    /// The ASCII letters `bytes[i..j]` (either case). `flags` applies to the
    /// first one.
    fn ascii_run(&mut self, bytes: &[u8], i: usize, j: usize, flags: u8) -> Result<(), Abort> {
        for (k, &b) in bytes[i..j].iter().enumerate() {
            let upper = if b.is_ascii_uppercase() { UPPER } else { 0 };
            let first = if k == 0 { flags } else { 0 };
            self.ascii_letter(b | 0x20, i + k, upper | first)?;
        }
        Ok(())
    }
    /// An emoji, by shortcode.
    fn emoji(&mut self, name: &'static str, start: usize, end: usize) -> Result<(), Abort>;
    /// Any other char.
    fn push(
        &mut self,
        code: u32,
        start: usize,
        end: usize,
        kind: Kind,
        flags: u8,
        alt: u8,
    ) -> Result<(), Abort>;
    /// Separators.
    fn space(&mut self, start: usize, end: usize);
    /// Dropped bytes, added to the last char.
    fn extend(&mut self, end: usize);
    /// The last char is a letter.
    fn last_is_letter(&self) -> bool;
    /// Marks the last char as obfuscated.
    fn mark_last(&mut self);
}

/// Keeps every char as a [`Unit`], merging separators.
pub(crate) struct UnitSink<'a> {
    pub units: &'a mut Vec<Unit>,
    /// Shortcodes of the emoji units.
    pub names: &'a mut Vec<&'static str>,
    /// Some unit is a homoglyph candidate.
    pub candidates: bool,
    /// Some leetspeak-able unit follows a letter.
    pub leet: bool,
}

impl Sink for UnitSink<'_> {
    #[inline]
    fn ascii_letter(&mut self, b: u8, i: usize, flags: u8) -> Result<(), Abort> {
        let (start, end) = (i as u32, i as u32 + 1);
        self.units.push(Unit { code: u32::from(b), start, end, kind: Kind::Letter, flags, alt: 0 });
        Ok(())
    }

    fn push(
        &mut self,
        code: u32,
        start: usize,
        end: usize,
        kind: Kind,
        flags: u8,
        alt: u8,
    ) -> Result<(), Abort> {
        if kind == Kind::Space {
            self.space(start, end);
            return Ok(());
        }
        if self.last_is_letter()
            && matches!(kind, Kind::Digit | Kind::Sym | Kind::Cur | Kind::LeetPunct)
        {
            self.leet = true;
        }
        self.candidates |= flags & CAND != 0;
        self.units.push(Unit { code, start: start as u32, end: end as u32, kind, flags, alt });
        Ok(())
    }

    fn emoji(&mut self, name: &'static str, start: usize, end: usize) -> Result<(), Abort> {
        self.names.push(name);
        let code = (self.names.len() - 1) as u32;
        self.push(code, start, end, Kind::Emoji, 0, 0)
    }

    fn space(&mut self, start: usize, end: usize) {
        match self.units.last_mut() {
            None => {}
            Some(last) if last.kind == Kind::Space => last.end = end as u32,
            Some(_) => self.units.push(Unit {
                code: u32::from(b' '),
                start: start as u32,
                end: end as u32,
                kind: Kind::Space,
                flags: 0,
                alt: 0,
            }),
        }
    }

    fn extend(&mut self, end: usize) {
        if let Some(last) = self.units.last_mut() {
            last.end = end as u32;
        }
    }

    fn last_is_letter(&self) -> bool {
        self.units.last().is_some_and(|u| u.kind == Kind::Letter)
    }

    fn mark_last(&mut self) {
        if let Some(last) = self.units.last_mut() {
            last.flags |= OBF;
        }
    }
}

/// Scratch state of the char pass.
pub(crate) struct Scanner {
    pub cache: Option<CharCache>,
    pub spill: Vec<Item>,
    pub scratch: String,
}

/// The char pass over one text.
struct Pass<'a, S> {
    text: &'a str,
    sink: &'a mut S,
    /// The next letter follows an invisible word splitter.
    split: bool,
}

impl<S: Sink> Pass<'_, S> {
    fn push(
        &mut self,
        code: u32,
        start: usize,
        end: usize,
        kind: Kind,
        flags: u8,
        alt: u8,
    ) -> Result<(), Abort> {
        let flags = if self.split && kind == Kind::Letter { flags | OBF } else { flags };
        self.split = false;
        if kind == Kind::Space {
            self.sink.space(start, end);
            return Ok(());
        }
        self.sink.push(code, start, end, kind, flags, alt)
    }

    fn space(&mut self, start: usize, end: usize) {
        self.split = false;
        self.sink.space(start, end);
    }

    fn emoji(&mut self, name: &'static str, start: usize, end: usize) -> Result<(), Abort> {
        self.split = false;
        self.sink.emoji(name, start, end)
    }

    fn items(&mut self, items: &[Item], start: usize, end: usize) -> Result<(), Abort> {
        for it in items {
            self.push(it.ch as u32, start, end, it.kind, it.flags, it.alt)?;
        }
        Ok(())
    }

    /// One ASCII byte at `i` other than a letter (possibly
    /// starting a keycap or a typed shortcode); returns the next position.
    fn ascii(&mut self, i: usize) -> Result<usize, Abort> {
        let text = self.text;
        let b = text.as_bytes()[i];
        match b {
            b'0'..=b'9' | b'#' | b'*' => {
                if text.as_bytes().get(i + 1).is_some_and(|&n| n >= 0x80)
                    && let Some(end) = emoji::keycap_end(text, i)
                {
                    if b.is_ascii_digit() {
                        self.push(u32::from(b), i, end, Kind::Digit, OBF, 0)?;
                    } else {
                        let name =
                            emojis::get(&text[i..end]).map_or(emoji::UNKNOWN, emoji::canonical);
                        self.emoji(name, i, end)?;
                    }
                    return Ok(end);
                }
                if b.is_ascii_digit() {
                    self.push(u32::from(b), i, i + 1, Kind::Digit, 0, 0)?;
                } else {
                    self.space(i, i + 1);
                }
            }
            b':' => {
                if let Some((end, name)) = emoji::typed_shortcode(text, i) {
                    self.emoji(name, i, end)?;
                    return Ok(end);
                }
                self.space(i, i + 1);
            }
            _ => match ascii_kind(b) {
                Kind::Space => self.space(i, i + 1),
                kind => self.push(u32::from(b), i, i + 1, kind, 0, 0)?,
            },
        }
        Ok(i + 1)
    }

    /// A run of regional indicators from `i`: flags if they pair up into
    /// flags, otherwise letters (an obfuscation).
    fn regional(&mut self, i: usize) -> Result<usize, Abort> {
        let text = self.text;
        let n = emoji::regional_run(text, i);
        if emoji::regional_are_flags(text, i, n) {
            for k in 0..n / 2 {
                let (s, e) = (i + 8 * k, i + 8 * k + 8);
                let name = emojis::get(&text[s..e]).map_or(emoji::UNKNOWN, emoji::canonical);
                self.emoji(name, s, e)?;
            }
        } else {
            for (k, c) in text[i..].chars().take(n).enumerate() {
                let letter = emoji::regional_letter(c).unwrap_or(b'a');
                self.push(u32::from(letter), i + 4 * k, i + 4 * k + 4, Kind::Letter, OBF, 0)?;
            }
        }
        Ok(i + 4 * n)
    }
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner { cache: None, spill: Vec::new(), scratch: String::new() }
    }

    /// Feeds the normalised chars of `text` to `sink`.
    pub fn scan<S: Sink>(&mut self, text: &str, sink: &mut S) -> Result<(), Abort> {
        let mut pass = Pass { text, sink, split: false };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !pass.split {
                i = pass.sink.ascii_chunk(bytes, i)?;
                if i >= bytes.len() {
                    break;
                }
            }
            let b = bytes[i];
            if b.is_ascii_alphabetic() {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
                    j += 1;
                }
                let flags = if pass.split { OBF } else { 0 };
                pass.split = false;
                pass.sink.ascii_run(bytes, i, j, flags)?;
                i = j;
                continue;
            }
            if b < 0x80 {
                i = pass.ascii(i)?;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            let end = i + c.len_utf8();
            let simple = simple_letter(c);
            if simple != 0 {
                pass.push(u32::from(simple), i, end, Kind::Letter, 0, 0)?;
                i = end;
            } else if is_diacritic(c) || emoji::is_extender(c) {
                pass.sink.extend(end);
                i = end;
            } else if emoji::is_invisible(c) {
                if emoji::is_word_splitter(c)
                    && pass.sink.last_is_letter()
                    && text[end..].chars().next().is_some_and(char::is_alphabetic)
                {
                    pass.sink.mark_last();
                    pass.split = true;
                }
                pass.sink.extend(end);
                i = end;
            } else if emoji::regional_letter(c).is_some() {
                i = pass.regional(i)?;
            } else if c == '\u{1F51F}' {
                // KEYCAP TEN
                pass.push(u32::from(b'1'), i, end, Kind::Digit, OBF, 0)?;
                pass.push(u32::from(b'0'), i, end, Kind::Digit, OBF, 0)?;
                i = end;
            } else if let Some((e, name)) = emoji::parse(text, i, c, &mut self.scratch) {
                pass.emoji(name, i, e)?;
                i = e;
            } else {
                let cache = self.cache.get_or_insert_with(CharCache::new);
                match cache.get(c, &mut self.spill) {
                    Some(m) => pass.items(m.items().unwrap_or_default(), i, end)?,
                    None => pass.items(&self.spill, i, end)?,
                }
                i = end;
            }
        }
        Ok(())
    }
}
