//! SMS spellings expanded to words (whole tokens only).
//!
//! Expansions are written in normalised form (squeezed: `d acord`,
//! `mesage prive`), so a second pass leaves them alone. No expansion contains
//! a key, and each starts with a vowel exactly when its key does, so the
//! conditions below read the same on a second pass.

use crate::arena::{Arena, Tok};

/// When an SMS spelling is expanded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cond {
    Always,
    /// `c`, `t`: not before a word starting with a vowel or `h`, where they
    /// are an elision (`c'est`, `t'inquiète`, `je t'aime`).
    BeforeConsonant,
    /// The expansion starts with a one-letter word: not after two one-letter
    /// words, which would make a run of three that a second pass would join.
    NotAfterTwoSingles,
}

/// An SMS spelling: its index in [`TABLE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sms(u8);

impl Sms {
    /// Its expansion.
    pub fn text(self) -> &'static str {
        TABLE[usize::from(self.0)].1
    }

    /// When it is expanded.
    pub fn cond(self) -> Cond {
        let (key, text) = TABLE[usize::from(self.0)];
        if key.len() == 1 && text.len() > 1 && text.as_bytes()[1] == b' ' && key != "g" {
            Cond::BeforeConsonant
        } else if text.as_bytes().get(1) == Some(&b' ') {
            Cond::NotAfterTwoSingles
        } else {
            Cond::Always
        }
    }
}

/// The SMS table: key (normalised token), expansion (normalised words).
pub(crate) const TABLE: &[(&str, &str)] = &[
    ("ajd", "aujourd hui"),
    ("auj", "aujourd hui"),
    ("bb", "bebe"),
    ("bcp", "beaucoup"),
    ("bg", "beau gose"),
    ("c", "c est"),
    ("cc", "coucou"),
    ("chui", "je suis"),
    ("ct", "c etait"),
    ("dac", "d acord"),
    ("dak", "d acord"),
    ("dm", "mesage prive"),
    ("ds", "dans"),
    ("g", "j ai"),
    ("jms", "jamais"),
    ("jpeux", "je peux"),
    ("jsais", "je sais"),
    ("jsp", "je sais pas"),
    ("jsui", "je suis"),
    ("jsuis", "je suis"),
    ("jte", "je te"),
    ("jtm", "je t aime"),
    ("jveux", "je veux"),
    ("ke", "que"),
    ("ki", "qui"),
    ("koi", "quoi"),
    ("mm", "meme"),
    ("mp", "mesage prive"),
    ("mtn", "maintenant"),
    ("pk", "pourquoi"),
    ("pq", "pourquoi"),
    ("pr", "pour"),
    ("pv", "prive"),
    ("qq", "quelque"),
    ("qqn", "quelqu un"),
    ("slt", "salut"),
    ("stp", "s il te plait"),
    ("svp", "s il vous plait"),
    ("t", "t es"),
    ("tjr", "toujours"),
    ("tjrs", "toujours"),
    ("tkt", "t inquiete"),
    ("tqt", "t inquiete"),
    ("tt", "tout"),
    ("vrm", "vraiment"),
    ("wsh", "wesh"),
];

/// Packs up to 8 bytes big-endian, zero-padded.
const fn pack(s: &[u8]) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < 8 {
        k <<= 8;
        if i < s.len() {
            k |= s[i] as u64;
        }
        i += 1;
    }
    k
}

/// The keys of [`TABLE`], packed.
const KEYS: [u64; TABLE.len()] = {
    let mut keys = [0; TABLE.len()];
    let mut i = 0;
    while i < TABLE.len() {
        keys[i] = pack(TABLE[i].0.as_bytes());
        i += 1;
    }
    keys
};

const SLOTS: usize = 128;

const fn slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize
}

/// Open-addressing hash index of [`KEYS`]: slot → table index, or `u8::MAX`.
const INDEX: [u8; SLOTS] = {
    let mut index = [u8::MAX; SLOTS];
    let mut i = 0;
    while i < TABLE.len() {
        let mut h = slot(KEYS[i]);
        while index[h] != u8::MAX {
            h = (h + 1) % SLOTS;
        }
        index[h] = i as u8;
        i += 1;
    }
    index
};

/// For each first letter, a bit per length of the keys starting with it.
const FIRST: [u8; 26] = {
    let mut first = [0; 26];
    let mut i = 0;
    while i < TABLE.len() {
        let key = TABLE[i].0.as_bytes();
        first[(key[0] - b'a') as usize] |= 1 << key.len();
        i += 1;
    }
    first
};

/// False if no SMS spelling starts with `first` and has `len` bytes.
#[inline]
pub(crate) fn may_be_key(first: u8, len: usize) -> bool {
    let lengths = FIRST.get(usize::from(first.wrapping_sub(b'a'))).copied().unwrap_or(0);
    len < 8 && lengths & (1 << len) != 0
}

/// The SMS spelling `key` (lower-case ASCII letters), if it is one.
pub(crate) fn lookup(key: &[u8]) -> Option<Sms> {
    let (Some(&b), 1..=5) = (key.first(), key.len()) else { return None };
    if !may_be_key(b, key.len()) {
        return None;
    }
    let mut buf = [0u8; 8];
    buf[..key.len()].copy_from_slice(key);
    let key = u64::from_be_bytes(buf);
    let mut h = slot(key);
    loop {
        let i = INDEX[h];
        if i == u8::MAX {
            return None;
        }
        if KEYS[usize::from(i)] == key {
            return Some(Sms(i));
        }
        h = (h + 1) % SLOTS;
    }
}

fn starts_with_vowel(tok: Option<&Tok>, arena: &Arena) -> bool {
    tok.and_then(|t| arena.first_byte(t))
        .is_some_and(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'h'))
}

/// Marks for expansion each SMS token whose condition holds; returns
/// whether any is.
pub(crate) fn expand(toks: &mut [Tok], arena: &Arena) -> bool {
    let mut any = false;
    let mut singles_before = 0;
    for i in 0..toks.len() {
        let tok = toks[i];
        let expanded = tok.sms.is_some_and(|sms| match sms.cond() {
            Cond::Always => true,
            Cond::BeforeConsonant => !starts_with_vowel(toks.get(i + 1), arena),
            Cond::NotAfterTwoSingles => singles_before < 2,
        });
        toks[i].expanded = expanded;
        any |= expanded;
        singles_before = if !expanded && tok.single { singles_before + 1 } else { 0 };
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_normalised_and_stable() {
        assert!(TABLE.windows(2).all(|w| w[0].0 < w[1].0), "sorted for binary search");
        assert!(TABLE.iter().all(|(k, _)| k.len() <= 5), "keys fit the packing");
        for (i, (key, _)) in TABLE.iter().enumerate() {
            assert_eq!(lookup(key.as_bytes()), Some(Sms(i as u8)), "{key}");
        }
        for other in ["", "ca", "va", "je", "pack", "cest", "ttt", "abcdef"] {
            assert_eq!(lookup(other.as_bytes()), None, "{other}");
        }
        let cond = |k: &str| lookup(k.as_bytes()).unwrap().cond();
        assert_eq!(cond("c"), Cond::BeforeConsonant);
        assert_eq!(cond("t"), Cond::BeforeConsonant);
        assert_eq!(cond("g"), Cond::NotAfterTwoSingles);
        assert_eq!(cond("tkt"), Cond::NotAfterTwoSingles);
        assert_eq!(cond("jtm"), Cond::Always);
        for (key, text) in TABLE {
            assert_eq!(crate::normalize(text).as_str(), *text, "{key}: expansion is normalised");
            for word in text.split(' ') {
                assert!(lookup(word.as_bytes()).is_none_or(|s| s.cond() == Cond::BeforeConsonant));
            }
            let vowel = |s: &str| s.starts_with(['a', 'e', 'i', 'o', 'u', 'y', 'h']);
            assert_eq!(vowel(key), vowel(text), "{key}: same initial class");
        }
    }
}
