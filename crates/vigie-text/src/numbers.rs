//! French number words to digits.
//!
//! Compounds are read greedily (`quatre vingt dix huit` → `98`,
//! `soixante et onze` → `71`, `trente quatre` → `34`); consecutive
//! single-digit words join into one digit string (`zero six` → `06`). `un`
//! and `neuf` (an article, "new") only become digits next to another number
//! word, or between two digit tokens; `une`, `cent`, `mille` stay words.

use crate::arena::{Arena, Tok};
use crate::normalized::Origin;

/// A number word (in normalised spelling).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Word {
    Zero,
    Un,
    Une,
    Deux,
    Trois,
    Quatre,
    Cinq,
    Six,
    Sept,
    Huit,
    Neuf,
    Dix,
    Onze,
    Douze,
    Treize,
    Quatorze,
    Quinze,
    Seize,
    Vingt,
    Vingts,
    Trente,
    Quarante,
    Cinquante,
    Soixante,
    Et,
}

/// Number words.
const WORDS: &[(&str, Word)] = &[
    ("cinq", Word::Cinq),
    ("cinquante", Word::Cinquante),
    ("deux", Word::Deux),
    ("dix", Word::Dix),
    ("douze", Word::Douze),
    ("et", Word::Et),
    ("huit", Word::Huit),
    ("neuf", Word::Neuf),
    ("onze", Word::Onze),
    ("quarante", Word::Quarante),
    ("quatorze", Word::Quatorze),
    ("quatre", Word::Quatre),
    ("quinze", Word::Quinze),
    ("seize", Word::Seize),
    ("sept", Word::Sept),
    ("six", Word::Six),
    ("soixante", Word::Soixante),
    ("treize", Word::Treize),
    ("trente", Word::Trente),
    ("trois", Word::Trois),
    ("un", Word::Un),
    ("une", Word::Une),
    ("vingt", Word::Vingt),
    ("vingts", Word::Vingts),
    ("zero", Word::Zero),
];

/// Packs up to 16 bytes big-endian, zero-padded.
const fn pack(s: &[u8]) -> u128 {
    let mut k = 0u128;
    let mut i = 0;
    while i < 16 {
        k <<= 8;
        if i < s.len() {
            k |= s[i] as u128;
        }
        i += 1;
    }
    k
}

const KEYS: [u128; WORDS.len()] = {
    let mut keys = [0; WORDS.len()];
    let mut i = 0;
    while i < WORDS.len() {
        keys[i] = pack(WORDS[i].0.as_bytes());
        i += 1;
    }
    keys
};

const SLOTS: usize = 64;

const fn slot(key: u128) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize
}

/// Open-addressing hash index of [`KEYS`]: slot → index, or `u8::MAX`.
const INDEX: [u8; SLOTS] = {
    let mut index = [u8::MAX; SLOTS];
    let mut i = 0;
    while i < WORDS.len() {
        let mut h = slot(KEYS[i]);
        while index[h] != u8::MAX {
            h = (h + 1) % SLOTS;
        }
        index[h] = i as u8;
        i += 1;
    }
    index
};

/// For each first letter, a bit per length of the words starting with it.
const FIRST: [u16; 26] = {
    let mut first = [0; 26];
    let mut i = 0;
    while i < WORDS.len() {
        let w = WORDS[i].0.as_bytes();
        first[(w[0] - b'a') as usize] |= 1 << w.len();
        i += 1;
    }
    first
};

/// False if no number word starts with `first` and has `len` bytes.
#[inline]
pub(crate) fn may_be_word(first: u8, len: usize) -> bool {
    let lengths = FIRST.get(usize::from(first.wrapping_sub(b'a'))).copied().unwrap_or(0);
    len < 16 && lengths & (1 << len) != 0
}

/// The number word spelt by a normalised token.
pub(crate) fn word(s: &[u8]) -> Option<Word> {
    let (Some(&b), 2..=9) = (s.first(), s.len()) else { return None };
    if !may_be_word(b, s.len()) {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..s.len()].copy_from_slice(s);
    let key = u128::from_be_bytes(buf);
    let mut h = slot(key);
    loop {
        let i = INDEX[h];
        if i == u8::MAX {
            return None;
        }
        if KEYS[usize::from(i)] == key {
            return Some(WORDS[usize::from(i)].1);
        }
        h = (h + 1) % SLOTS;
    }
}

/// 0..=9 for a single-digit word (`une` is only an article here).
fn digit(w: Word) -> Option<u32> {
    use Word::{Cinq, Deux, Huit, Neuf, Quatre, Sept, Six, Trois, Un, Zero};
    Some(match w {
        Zero => 0,
        Un => 1,
        Deux => 2,
        Trois => 3,
        Quatre => 4,
        Cinq => 5,
        Six => 6,
        Sept => 7,
        Huit => 8,
        Neuf => 9,
        _ => return None,
    })
}

/// 2..=9 after a ten (`vingt deux`), 1 only with `et` or after `quatre vingt`.
fn unit_after_ten(w: Option<&Word>) -> Option<u32> {
    digit(*w?).filter(|&d| d >= 2)
}

/// 10..=19 at the start of `ws`, with the number of words used.
fn teens(ws: &[Word]) -> Option<(u32, usize)> {
    use Word::{Dix, Douze, Huit, Neuf, Onze, Quatorze, Quinze, Seize, Sept, Treize};
    let v = match ws.first()? {
        Dix => match ws.get(1) {
            Some(Sept) => return Some((17, 2)),
            Some(Huit) => return Some((18, 2)),
            Some(Neuf) => return Some((19, 2)),
            _ => 10,
        },
        Onze => 11,
        Douze => 12,
        Treize => 13,
        Quatorze => 14,
        Quinze => 15,
        Seize => 16,
        _ => return None,
    };
    Some((v, 1))
}

/// One number at the start of `ws`: its value, the number of words used,
/// and whether it is a single-digit word.
pub(crate) fn parse(ws: &[Word]) -> Option<(u32, usize, bool)> {
    use Word::{Cinquante, Et, Onze, Quarante, Quatre, Soixante, Trente, Un, Une, Vingt, Vingts};
    let first = *ws.first()?;
    let rest = &ws[1..];
    if first == Quatre && matches!(rest.first(), Some(Vingt | Vingts)) {
        let rest = &rest[1..];
        if let Some((t, k)) = teens(rest) {
            return Some((80 + t, 2 + k, false));
        }
        if let Some(d) = rest.first().and_then(|&w| digit(w)).filter(|&d| d >= 1) {
            return Some((80 + d, 3, false));
        }
        return Some((80, 2, false));
    }
    let ten = match first {
        Vingt => 20,
        Trente => 30,
        Quarante => 40,
        Cinquante => 50,
        Soixante => 60,
        _ => 0,
    };
    if ten > 0 {
        if rest.first() == Some(&Et) {
            match rest.get(1) {
                Some(Un | Une) => return Some((ten + 1, 3, false)),
                Some(Onze) if ten == 60 => return Some((71, 3, false)),
                _ => {}
            }
        }
        if ten == 60
            && let Some((t, k)) = teens(rest)
        {
            return Some((60 + t, 1 + k, false));
        }
        if let Some(d) = unit_after_ten(rest.first()) {
            return Some((ten + d, 2, false));
        }
        return Some((ten, 1, false));
    }
    if let Some((t, k)) = teens(ws) {
        return Some((t, k, false));
    }
    digit(first).map(|d| (d, 1, true))
}

fn push_number(arena: &mut Arena, value: u32, origin: Origin) {
    let mut buf = [0u8; 10];
    let mut n = buf.len();
    let mut v = value;
    loop {
        n -= 1;
        buf[n] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for &b in &buf[n..] {
        arena.push(char::from(b), origin);
    }
}

/// A number read from the words `from..to` of the token list.
#[derive(Clone, Copy, Debug)]
struct Parsed {
    value: u32,
    from: usize,
    to: usize,
    single_digit: bool,
}

/// Scratch buffers of the number stage.
#[derive(Default)]
pub(crate) struct NumberScratch {
    words: Vec<Word>,
    parsed: Vec<Parsed>,
    best: Vec<(u32, u8)>,
}

/// The longest number word sequence one number takes (`quatre vingt dix sept`).
const MAX_WORDS: usize = 4;

/// Reads `ws` (every word part of a number, as the greedy reading showed) as the FEWEST numbers,
/// pushed to `out` with token indices from `base`. Number words run across the groups of a
/// dictated phone number: greedy reading takes `trente quatre vingt treize` as 34 20 13, where a
/// reader hears 30 93 (two numbers, not three); `soixante quatre vingt un` as 64 20 1, not 60 81.
/// Ties keep the greedy reading (`trente quatre vingt` stays 34 20). Hand-written: a small
/// dynamic programme over at most a few dozen words, with the rules of [`parse`].
fn fewest(ws: &[Word], base: usize, best: &mut Vec<(u32, u8)>, out: &mut Vec<Parsed>) {
    const NONE: u32 = u32::MAX;
    let n = ws.len();
    // best[m] = (numbers needed for ws[m..], words of the first one).
    best.clear();
    best.resize(n + 1, (NONE, 0));
    best[n] = (0, 0);
    for m in (0..n).rev() {
        for len in (1..=MAX_WORDS.min(n - m)).rev() {
            let rest = best[m + len].0;
            if rest == NONE || parse(&ws[m..m + len]).is_none_or(|(_, used, _)| used != len) {
                continue;
            }
            if rest + 1 < best[m].0 {
                best[m] = (rest + 1, len as u8);
            }
        }
    }
    let mut m = 0;
    while m < n {
        let len = usize::from(best[m].1);
        let Some((value, used, single_digit)) = (len > 0).then(|| parse(&ws[m..m + len])).flatten()
        else {
            // Unreachable: greedy reading covers `ws`, so the programme does. Fall back to it.
            let Some((value, used, single_digit)) = parse(&ws[m..]) else { return };
            out.push(Parsed { value, from: base + m, to: base + m + used, single_digit });
            m += used;
            continue;
        };
        out.push(Parsed { value, from: base + m, to: base + m + used, single_digit });
        m += used;
    }
}

/// The number word at `k`, except the `un` of `quelqu un` (the expansion of
/// `qqn`, or a typed `quelqu'un`), which is never a number.
fn num_at(toks: &[Tok], k: usize, arena: &Arena) -> Option<Word> {
    let w = toks.get(k)?.num?;
    let quelqu = || k > 0 && arena.get(&toks[k - 1]) == "quelqu";
    if matches!(w, Word::Un | Word::Une) && quelqu() { None } else { Some(w) }
}

/// Replaces number words with digits; returns whether any was.
pub(crate) fn convert(
    toks: &[Tok],
    arena: &mut Arena,
    out: &mut Vec<Tok>,
    s: &mut NumberScratch,
) -> bool {
    out.clear();
    let mut converted = false;
    let mut i = 0;
    while i < toks.len() {
        if num_at(toks, i, arena).is_none() {
            out.push(toks[i]);
            i += 1;
            continue;
        }
        let mut j = i;
        s.words.clear();
        while let Some(w) = num_at(toks, j, arena) {
            s.words.push(w);
            j += 1;
        }
        let mut k = i;
        while k < j {
            s.parsed.clear();
            // How far the words read as numbers, then the fewest numbers over that stretch.
            let mut end = k;
            while end < j {
                let Some((_, used, _)) = parse(&s.words[end - i..j - i]) else { break };
                end += used;
            }
            fewest(&s.words[k - i..end - i], k, &mut s.best, &mut s.parsed);
            k = end;
            if s.parsed.is_empty() {
                out.push(toks[k]);
                k += 1;
            } else {
                converted |= emit(toks, &s.parsed, arena, out);
            }
        }
        i = j;
    }
    converted
}

/// Writes the numbers of one uninterrupted sequence of number words;
/// returns false if it is a lone `un` or `neuf` left as a word.
fn emit(toks: &[Tok], parsed: &[Parsed], arena: &mut Arena, out: &mut Vec<Tok>) -> bool {
    let (from, to) = (parsed[0].from, parsed[parsed.len() - 1].to);
    let before = from.checked_sub(1).and_then(|p| toks.get(p)).is_some_and(|t| t.digits);
    let after = toks.get(to).is_some_and(|t| t.digits);
    if parsed.len() == 1
        && parsed[0].single_digit
        && matches!(toks[from].num, Some(Word::Un | Word::Neuf))
        && !(before && after)
    {
        out.push(toks[from]);
        return false;
    }
    let sequence = parsed.len() >= 2 || before || after;
    let mut p = 0;
    while p < parsed.len() {
        let a = arena.len();
        let first = parsed[p];
        if first.single_digit {
            // Consecutive single-digit words make one digit string.
            let mut q = p;
            while q < parsed.len() && parsed[q].single_digit {
                let t = &toks[parsed[q].from];
                push_number(arena, parsed[q].value, t.origin(sequence || t.obf));
                q += 1;
            }
            out.push(digits_tok(toks, a, arena, parsed[p].from, parsed[q - 1].to, sequence));
            p = q;
        } else {
            let obf = sequence || toks[first.from..first.to].iter().any(|t| t.obf);
            let origin = Origin::new(toks[first.from].start, toks[first.to - 1].end, obf);
            push_number(arena, first.value, origin);
            out.push(digits_tok(toks, a, arena, first.from, first.to, obf));
            p += 1;
        }
    }
    true
}

fn digits_tok(toks: &[Tok], a: u32, arena: &Arena, from: usize, to: usize, obf: bool) -> Tok {
    let mut tok = Tok::new(a, arena.len(), toks[from].start, toks[to - 1].end);
    tok.digits = true;
    tok.obf = obf || toks[from..to].iter().any(|t| t.obf);
    tok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<(u32, usize, bool)> {
        let ws: Vec<Word> = s.split(' ').map(|w| word(w.as_bytes()).unwrap()).collect();
        parse(&ws)
    }

    #[test]
    fn words_sorted_and_found() {
        for (s, w) in WORDS {
            assert_eq!(word(s.as_bytes()), Some(*w));
        }
        assert_eq!(word(b"dixx"), None);
        assert_eq!(word(b"vin"), None);
    }

    fn fewest_values(s: &str) -> Vec<u32> {
        let ws: Vec<Word> = s.split(' ').map(|w| word(w.as_bytes()).unwrap()).collect();
        let (mut best, mut out) = (Vec::new(), Vec::new());
        fewest(&ws, 0, &mut best, &mut out);
        out.iter().map(|p| p.value).collect()
    }

    #[test]
    fn fewest_numbers_across_groups() {
        for (s, values) in [
            ("trente quatre vingt treize", &[30, 93][..]),
            ("soixante quatre vingt un", &[60, 81]),
            ("trente quatre vingt dix neuf", &[30, 99]),
            ("six vingt quatre vingt un", &[6, 20, 81]),
            ("trente quatre vingt", &[34, 20]),
            ("vingt deux", &[22]),
            ("zero six douze", &[0, 6, 12]),
            ("quatre vingt dix huit", &[98]),
            ("soixante et onze", &[71]),
        ] {
            assert_eq!(fewest_values(s), values, "{s}");
        }
    }

    #[test]
    fn compounds() {
        for (s, v, used) in [
            ("zero", 0, 1),
            ("quinze", 15, 1),
            ("dix sept", 17, 2),
            ("vingt", 20, 1),
            ("vingt et un", 21, 3),
            ("vingt et une", 21, 3),
            ("trente quatre", 34, 2),
            ("soixante dix", 70, 2),
            ("soixante et onze", 71, 3),
            ("soixante douze", 72, 2),
            ("soixante dix neuf", 79, 3),
            ("quatre vingt", 80, 2),
            ("quatre vingts", 80, 2),
            ("quatre vingt un", 81, 3),
            ("quatre vingt dix", 90, 3),
            ("quatre vingt dix huit", 98, 4),
            ("quatre vingt douze", 92, 3),
            ("vingt un", 20, 1),
            ("six douze", 6, 1),
        ] {
            assert_eq!(value(s).map(|(v, u, _)| (v, u)), Some((v, used)), "{s}");
        }
        assert_eq!(value("et"), None);
        assert_eq!(value("une"), None);
        assert_eq!(value("vingts"), None);
        assert_eq!(value("six"), Some((6, 1, true)));
    }
}
