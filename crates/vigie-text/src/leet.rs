//! Leetspeak inside words, and homoglyph resolution word by word.

use crate::unit::{CAND, Kind, OBF, UPPER, Unit};

/// The letter a leetspeak char stands for.
fn leet_letter(u: &Unit) -> Option<u8> {
    let c = char::from_u32(u.code)?;
    let letter = match (u.kind, c) {
        (Kind::Digit, '0') => b'o',
        (Kind::Digit, '1') | (Kind::LeetPunct, '!') => b'i',
        (Kind::Digit, '3') | (Kind::Cur, '€') => b'e',
        (Kind::Digit, '4') | (Kind::Sym, '@') => b'a',
        (Kind::Digit, '5') | (Kind::Cur, '$') => b's',
        (Kind::Digit, '7') => b't',
        (Kind::LeetPunct, '|') => b'l',
        _ => return None,
    };
    Some(letter)
}

/// Mail domains after which `@` is an address, not an `a` (squeezed forms,
/// since the output is squeezed and must read the same on a second pass).
const MAIL_DOMAINS: &[&[u8]] = &[
    b"aol",
    b"fre",
    b"gmail",
    b"gmx",
    b"hotmail",
    b"icloud",
    b"laposte",
    b"live",
    b"msn",
    b"orange",
    b"outlok",
    b"proton",
    b"protonmail",
    b"sfr",
    b"wanado",
    b"yaho",
    b"yopmail",
];

/// True if the letters from `j` (squeezed) spell a mail domain.
fn mail_domain_at(units: &[Unit], j: usize) -> bool {
    let mut buf = [0u8; 12];
    let mut n = 0;
    for u in units[j..].iter().take_while(|u| u.kind == Kind::Letter) {
        if !u.is_ascii_letter() || n == buf.len() {
            return false;
        }
        let b = u.code as u8;
        if n == 0 || buf[n - 1] != b {
            buf[n] = b;
            n += 1;
        }
    }
    MAIL_DOMAINS.contains(&&buf[..n])
}

/// Replaces every maximal run of leetspeak chars that has a letter right
/// before and right after it: `p@ck` → `pack`, `pr0p0s1t10n` → `proposition`.
/// Not changed: a run with another char (`a12b`), at the edge of a word
/// (`15ans`, `ps4`), `@` before a mail domain (`x@gmail`), `!` before a
/// capital (`bien!Tu`).
///
/// Runs with `@` go last and right to left, so that the mail-domain guard
/// reads the letters as they will be output (and reads the same on a second
/// pass).
pub(crate) fn apply_leet(units: &mut [Unit]) {
    let mut at_runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 1;
    while i < units.len() {
        let Some(j) = run_between_letters(units, i) else {
            i += 1;
            continue;
        };
        if units[i..j].iter().any(|u| u.code == u32::from(b'@')) {
            at_runs.push((i, j));
        } else {
            convert(units, i, j);
        }
        i = j;
    }
    for &(i, j) in at_runs.iter().rev() {
        if !mail_domain_at(units, j) {
            convert(units, i, j);
        }
    }
}

/// The end of the leetspeak run starting at `i` if it lies between two
/// letters (and is not a `!` before a capital).
fn run_between_letters(units: &[Unit], i: usize) -> Option<usize> {
    if units[i - 1].kind != Kind::Letter || leet_letter(&units[i]).is_none() {
        return None;
    }
    let mut j = i;
    while j < units.len() && leet_letter(&units[j]).is_some() {
        j += 1;
    }
    let after = units.get(j).filter(|u| u.kind == Kind::Letter)?;
    let bang_before_capital =
        after.flags & UPPER != 0 && units[i..j].iter().any(|u| u.code == u32::from(b'!'));
    (!bang_before_capital).then_some(j)
}

fn convert(units: &mut [Unit], i: usize, j: usize) {
    for u in &mut units[i..j] {
        if let Some(letter) = leet_letter(u) {
            u.code = u32::from(letter);
            u.kind = Kind::Letter;
            u.flags |= OBF;
        }
    }
}

/// Applies homoglyph candidates word by word: a word (run of letters) is
/// disguised Latin if it has a Latin letter (`Ѕnаp`) or only look-alikes
/// (`ѕех`); otherwise (`привет`) it is left in its own script.
pub(crate) fn resolve_homoglyphs(units: &mut [Unit]) {
    let n = units.len();
    let mut i = 0;
    while i < n {
        if units[i].kind != Kind::Letter {
            i += 1;
            continue;
        }
        let mut j = i;
        let (mut latin, mut all, mut any) = (false, true, false);
        while j < n && units[j].kind == Kind::Letter {
            let u = &units[j];
            if u.code < 0x80 {
                latin = true;
            } else if u.flags & CAND != 0 {
                any = true;
            } else {
                all = false;
            }
            j += 1;
        }
        if any {
            let convert = latin || all;
            for u in &mut units[i..j] {
                if u.flags & CAND != 0 {
                    if convert {
                        u.code = u32::from(u.alt);
                        u.flags |= OBF;
                    }
                    u.flags &= !CAND;
                }
            }
        }
        i = j;
    }
}
