//! Char-level mapping: case, compatibility forms, accents, homoglyphs.
//!
//! ASCII is classified by a table. Any other char (emojis, joiners and
//! combining marks excepted: see `scan`) goes through `map_char_slow`: NFKC, full
//! lower-casing, accent stripping, a few Latin letters spelt out, then
//! homoglyphs (own Cyrillic/Greek table, `decancer` for the rest). Results for
//! U+0080..U+0800 (Latin, Greek, Cyrillic, Hebrew, Arabic) are computed once
//! per process; other chars use a small per-[`Normalizer`] cache.
//!
//! Every output char is a fixed point of the mapping (checked by a test over
//! all code points), which the idempotence of the whole normaliser relies on.
//!
//! [`Normalizer`]: crate::Normalizer

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::lookalike::{confusable_lower, confusable_upper, decancer_single, is_obfuscating_block};
use crate::unit::{CAND, Kind, OBF, UPPER};

/// One output char of the mapping of an input char.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    pub ch: char,
    pub kind: Kind,
    pub flags: u8,
    pub alt: u8,
}

const INLINE: usize = 4;

/// The mapping of one char when it has at most [`INLINE`] items.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mapped {
    items: [Item; INLINE],
    /// Number of items; `u8::MAX` when the mapping is too long to inline.
    len: u8,
}

const EMPTY_ITEM: Item = Item { ch: ' ', kind: Kind::Space, flags: 0, alt: 0 };

impl Mapped {
    fn from_items(items: &[Item]) -> Mapped {
        let mut m = Mapped { items: [EMPTY_ITEM; INLINE], len: u8::MAX };
        if items.len() <= INLINE {
            m.items[..items.len()].copy_from_slice(items);
            m.len = items.len() as u8;
        }
        m
    }

    /// The items, or `None` if the mapping did not fit inline.
    pub fn items(&self) -> Option<&[Item]> {
        (self.len != u8::MAX).then(|| &self.items[..usize::from(self.len)])
    }
}

/// Class of an ASCII byte (upper case already folded by the caller).
pub(crate) fn ascii_kind(b: u8) -> Kind {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Kind::Letter,
        b'0'..=b'9' => Kind::Digit,
        b'@' | b'+' | b'&' => Kind::Sym,
        b'$' | b'%' => Kind::Cur,
        b'!' | b'|' => Kind::LeetPunct,
        _ => Kind::Space,
    }
}

fn ascii_item(ch: char, flags: u8) -> Item {
    let kind = ascii_kind(ch as u8);
    let ch = if kind == Kind::Space { ' ' } else { ch.to_ascii_lowercase() };
    Item { ch, kind, flags, alt: 0 }
}

/// Combining marks that are accents on letters: dropped everywhere.
pub(crate) fn is_diacritic(c: char) -> bool {
    matches!(
        c as u32,
        0x0300..=0x036F
            | 0x0483..=0x0489
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x20D0..=0x20E2
            | 0x20E4..=0x20F0
            | 0xFE20..=0xFE2F
    )
}

/// Latin letters without a canonical decomposition, spelt in ASCII. Plain
/// spelling, not obfuscation.
fn latin_extra(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'ı' | 'ɨ' => "i",
        'ħ' => "h",
        'ŧ' => "t",
        'ŋ' => "n",
        'ĸ' => "k",
        'ȷ' => "j",
        'ƀ' => "b",
        'ʉ' => "u",
        _ => return None,
    })
}

/// Modifier letters used as apostrophes (`ʼ`, `ʻ`, `ˈ`...).
fn is_apostrophe_letter(c: char) -> bool {
    matches!(c as u32, 0x02B9..=0x02BD | 0x02C8 | 0x02CA | 0x02CB)
}

fn is_currency(c: char) -> bool {
    matches!(c as u32, 0x00A2..=0x00A5 | 0x058F | 0x060B | 0x09F2 | 0x09F3 | 0x0E3F | 0x20A0..=0x20CF)
}

/// Maps one lower-cased char (the output of NFKC + lower-casing).
fn push_lowered(e: char, flags: u8, out: &mut Vec<Item>) {
    if e.is_ascii() {
        let obf = if e.is_ascii_alphanumeric() { flags & OBF } else { 0 };
        out.push(ascii_item(e, obf | (flags & UPPER)));
        return;
    }
    // Accents: canonical decomposition, marks dropped.
    let mut parts = ['\0'; 4];
    let mut n = 0;
    let mut marks = false;
    decompose_canonical(e, |p| {
        if is_diacritic(p) {
            marks = true;
        } else if n < parts.len() {
            parts[n] = p;
            n += 1;
        }
    });
    if marks {
        for &p in &parts[..n] {
            push_lowered(p, flags, out);
        }
        return;
    }
    if let Some(s) = latin_extra(e) {
        out.extend(s.chars().map(|ch| Item { ch, kind: Kind::Letter, flags, alt: 0 }));
        return;
    }
    if let Some(alt) = confusable_lower(e) {
        out.push(Item { ch: e, kind: Kind::Letter, flags: flags | CAND, alt });
        return;
    }
    if e.is_whitespace() || is_apostrophe_letter(e) {
        out.push(EMPTY_ITEM);
        return;
    }
    if e.is_alphanumeric() {
        let alphabetic = e.is_alphabetic();
        match decancer_single(e) {
            // A letter from a block only used to disguise Latin (`🅐`, `ᴀ`):
            // replaced outright.
            Some(a) if alphabetic && a.is_ascii_lowercase() && flags & OBF != 0 => {
                out.push(Item { ch: a, kind: Kind::Letter, flags, alt: 0 });
            }
            // A letter of another script: replaced only if its word is
            // disguised Latin.
            Some(a) if alphabetic && a.is_ascii_lowercase() => {
                out.push(Item { ch: e, kind: Kind::Letter, flags: flags | CAND, alt: a as u8 });
            }
            Some(a) if !alphabetic && a.is_ascii_digit() => {
                out.push(Item { ch: a, kind: Kind::Digit, flags: flags | OBF, alt: 0 });
            }
            _ => {
                let kind = if alphabetic { Kind::Letter } else { Kind::Digit };
                out.push(Item { ch: e, kind, flags, alt: 0 });
            }
        }
        return;
    }
    if is_currency(e) {
        out.push(Item { ch: e, kind: Kind::Cur, flags, alt: 0 });
    } else if is_combining_mark(e) {
        // A vowel sign or similar of a retained script: part of the word.
        out.push(Item { ch: e, kind: Kind::Letter, flags, alt: 0 });
    } else {
        out.push(EMPTY_ITEM);
    }
}

/// One application of the mapping.
fn map_once(c: char, out: &mut Vec<Item>) {
    let up = if c.is_uppercase() { UPPER } else { 0 };
    if let Some(alt) = confusable_upper(c) {
        // Keep the lower-case form in case the word is not disguised Latin.
        let low = c.to_lowercase().next().unwrap_or(c);
        out.push(Item { ch: low, kind: Kind::Letter, flags: CAND | up, alt });
        return;
    }
    if is_apostrophe_letter(c) {
        out.push(EMPTY_ITEM);
        return;
    }
    let obf = if is_obfuscating_block(c) { OBF } else { 0 };
    for d in std::iter::once(c).nfkc() {
        for e in d.to_lowercase() {
            push_lowered(e, obf | up, out);
        }
    }
}

/// The mapping, iterated until each output char maps to itself.
fn map_fixed(c: char, out: &mut Vec<Item>, depth: u8) {
    let mut first = Vec::with_capacity(4);
    map_once(c, &mut first);
    let mut again = Vec::with_capacity(4);
    for it in first {
        if it.ch.is_ascii() || depth == 0 {
            out.push(it);
            continue;
        }
        again.clear();
        map_once(it.ch, &mut again);
        let stable = again.len() == 1 && again[0].ch == it.ch && again[0].kind == it.kind;
        if stable {
            out.push(it);
        } else {
            let from = out.len();
            map_fixed(it.ch, out, depth - 1);
            for o in &mut out[from..] {
                o.flags |= it.flags & (OBF | UPPER);
            }
        }
    }
}

/// Maps a non-ASCII char that is neither an emoji, a joiner nor an accent.
pub(crate) fn map_char_slow(c: char, out: &mut Vec<Item>) {
    map_fixed(c, out, 3);
}

const TABLE_START: u32 = 0x80;
const TABLE_END: u32 = 0x800;

fn table() -> &'static [Mapped] {
    static TABLE: OnceLock<Box<[Mapped]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut items = Vec::with_capacity(8);
        (TABLE_START..TABLE_END)
            .map(|cp| {
                items.clear();
                if let Some(c) = char::from_u32(cp) {
                    map_char_slow(c, &mut items);
                }
                Mapped::from_items(&items)
            })
            .collect()
    })
}

/// For U+0080..U+0800: the ASCII letter a char maps to when that is its
/// whole mapping, without flags (`é` → `e`), else 0. The common case of
/// accented French letters.
pub(crate) fn simple_letter(c: char) -> u8 {
    static SIMPLE: OnceLock<Box<[u8]>> = OnceLock::new();
    let cp = c as u32;
    if !(TABLE_START..TABLE_END).contains(&cp) {
        return 0;
    }
    let simple = SIMPLE.get_or_init(|| {
        table()
            .iter()
            .map(|m| match m.items() {
                Some([it]) if it.kind == Kind::Letter && it.ch.is_ascii() && it.flags == 0 => {
                    it.ch as u8
                }
                _ => 0,
            })
            .collect()
    });
    simple[(cp - TABLE_START) as usize]
}

/// A small direct-mapped cache for chars above U+0800.
pub(crate) struct CharCache {
    slots: Box<[(u32, Mapped)]>,
}

const CACHE_BITS: u32 = 8;

impl CharCache {
    pub fn new() -> CharCache {
        let empty = Mapped { items: [EMPTY_ITEM; INLINE], len: u8::MAX };
        CharCache { slots: vec![(u32::MAX, empty); 1 << CACHE_BITS].into_boxed_slice() }
    }

    /// The mapping of `c`, from the table or cache, or computed into `spill`
    /// (returned as `None`) when it is too long to store inline.
    pub fn get(&mut self, c: char, spill: &mut Vec<Item>) -> Option<Mapped> {
        let cp = c as u32;
        if (TABLE_START..TABLE_END).contains(&cp) {
            let m = table()[(cp - TABLE_START) as usize];
            if m.items().is_some() {
                return Some(m);
            }
            spill.clear();
            map_char_slow(c, spill);
            return None;
        }
        let slot = (cp.wrapping_mul(0x9E37_79B9) >> (32 - CACHE_BITS)) as usize;
        if self.slots[slot].0 == cp {
            return Some(self.slots[slot].1);
        }
        spill.clear();
        map_char_slow(c, spill);
        let m = Mapped::from_items(spill);
        if m.items().is_some() {
            self.slots[slot] = (cp, m);
            Some(m)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(c: char) -> Vec<Item> {
        let mut v = Vec::new();
        map_char_slow(c, &mut v);
        v
    }

    fn text(c: char) -> String {
        map(c).iter().map(|i| i.ch).collect()
    }

    #[test]
    fn accents_and_latin_letters() {
        for (c, want) in [
            ('é', "e"),
            ('È', "e"),
            ('ç', "c"),
            ('Ç', "c"),
            ('ô', "o"),
            ('œ', "oe"),
            ('Œ', "oe"),
            ('æ', "ae"),
            ('ß', "ss"),
            ('ﬁ', "fi"),
            ('ł', "l"),
        ] {
            assert_eq!(text(c), want, "{c:?}");
            assert!(map(c).iter().all(|i| i.flags & OBF == 0), "{c:?} is not obfuscation");
        }
    }

    #[test]
    fn disguises_are_obfuscation() {
        for (c, want) in [('𝟎', "0"), ('𝓂', "m"), ('ⓜ', "m"), ('Ｓ', "s"), ('①', "1"), ('❻', "6")]
        {
            assert_eq!(text(c), want, "{c:?}");
            assert!(map(c).iter().all(|i| i.flags & OBF != 0), "{c:?} is obfuscation");
        }
    }

    #[test]
    fn homoglyphs_are_candidates() {
        let m = map('Ѕ');
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].ch, m[0].alt, m[0].flags & CAND), ('ѕ', b's', CAND));
        let m = map('В');
        assert_eq!((m[0].ch, m[0].alt), ('в', b'b'));
        // Lower-case в does not look like b.
        assert_eq!(map('в')[0].flags & CAND, 0);
    }

    #[test]
    fn other_scripts_are_kept() {
        for c in ['ب', 'ש', 'क', '中', '한', 'п', '٣'] {
            assert_eq!(text(c), c.to_string(), "{c:?}");
        }
        assert_eq!(map('٣')[0].kind, Kind::Digit);
    }

    #[test]
    fn separators_and_symbols() {
        for c in ['\u{a0}', '\u{202f}', '\u{3000}', '’', '«', '»', '…', '—', 'ʼ', '¿', '★']
        {
            assert!(map(c).iter().all(|i| i.kind == Kind::Space), "{c:?}");
        }
        for c in ['€', '£', '¥'] {
            assert_eq!(map(c)[0].kind, Kind::Cur, "{c:?}");
        }
    }

    /// Every output char maps to itself: the base of idempotence.
    #[test]
    fn mapping_is_a_fixed_point() {
        let mut out = Vec::new();
        let mut again = Vec::new();
        for cp in (0x80..0x3_0000).chain(0xE_0000..0xE_0200) {
            let Some(c) = char::from_u32(cp) else { continue };
            out.clear();
            map_char_slow(c, &mut out);
            for it in &out {
                if it.ch.is_ascii() {
                    continue;
                }
                again.clear();
                map_char_slow(it.ch, &mut again);
                assert!(
                    again.len() == 1 && again[0].ch == it.ch && again[0].kind == it.kind,
                    "U+{cp:04X} -> {:?} -> {again:?}",
                    it.ch
                );
                if it.flags & CAND == 0 {
                    assert_eq!(again[0].flags & CAND, 0, "U+{cp:04X}");
                }
            }
        }
    }
}
