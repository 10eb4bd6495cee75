//! Phone numbers, through the disguises of ads: spelled digits (`zéro six douze…`), `O` for 0 and
//! `l`/`I` for 1 inside digit runs, keycap and emoji digits, odd separators (`06*12*34`) and a
//! number split across a sentence (`06 12 34 … 56 78`).
//!
//! The normaliser already turns French number words and keycaps into digit tokens; this module
//! reads runs of digit-like tokens, asks `phonenumber` whether they form a valid number, and maps
//! the run back to the original text. Every candidate is checked with `is_valid`.

mod numbering;

use std::sync::LazyLock;

use phonenumber::country::Id;
use phonenumber::{Mode, PhoneNumber};
use vigie_model::{Identifier, IdentifierKind};

use crate::Context;
use crate::toks::{Doc, class};
use numbering::Status;

/// Most non-digit tokens allowed between two parts of a number split across a sentence.
const MAX_GAP_TOKENS: usize = 4;
/// Most digits a candidate may hold (E.164 has at most 15, plus `00` and a stray `0`).
const MAX_DIGITS: usize = 17;
/// Regions tried after the default one fails on a French national number (overseas).
const OVERSEAS: &[Id] = &[Id::GP, Id::MQ, Id::GF, Id::RE, Id::YT, Id::PM, Id::BL, Id::MF];

/// A token read as digits.
struct DigitTok {
    /// Index of the token.
    index: usize,
    /// Digits (and a leading `+`).
    digits: String,
    /// Whether reading it took a disguise (letters for digits, number words).
    disguised: bool,
    /// Glued to a word before its digits (`@480`, `now510`): it can only start a number.
    glued_before: bool,
    /// Glued to a word after its digits (`9729™`): it can only end a number.
    glued_after: bool,
}

/// English (and stray French) digit words, singly; the normaliser squeezes `three` to `thre`.
fn digit_word(w: &str) -> Option<char> {
    DIGIT_WORDS.iter().find(|&&(word, _)| word == w).map(|&(_, d)| d)
}

/// The digit words [`digit_word`] reads.
pub(crate) const DIGIT_WORDS: &[(&str, char)] = &[
    ("zero", '0'),
    ("oh", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("thre", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
];

/// Reads a token as digits: plain digits (maybe `+`-prefixed), digits with `o`/`l`/`i` standing
/// for 0/1 (read from the original, because the normaliser squeezes `ooo`), a digit word glued to
/// digits (`zero6`), or a single digit word.
fn read_token(tok: &str, original: &str) -> Option<(String, bool)> {
    if let Some(d) = digit_word(tok) {
        return Some((d.to_string(), true));
    }
    let (plus, body) = match tok.strip_prefix('+') {
        Some(rest) => ("+", rest),
        None => ("", tok),
    };
    if body.is_empty() {
        return None;
    }
    if body.bytes().all(|b| b.is_ascii_digit()) {
        return Some((format!("{plus}{body}"), false));
    }
    // A digit word glued to digits: `zero6`.
    for &(w, d) in DIGIT_WORDS.iter().filter(|&&(w, _)| w != "oh") {
        if let Some(rest) = body.strip_prefix(w)
            && !rest.is_empty()
            && rest.bytes().all(|b| b.is_ascii_digit())
        {
            return Some((format!("{plus}{d}{rest}"), true));
        }
    }
    // Letters for digits, read from the original chars of the token.
    let mut out = String::from(plus);
    let mut letters = 0;
    for c in original.chars() {
        match c {
            '0'..='9' => out.push(c),
            'o' | 'O' => {
                out.push('0');
                letters += 1;
            }
            'l' | 'I' | 'i' => {
                out.push('1');
                letters += 1;
            }
            '+' if out.is_empty() => out.push('+'),
            _ => return None,
        }
    }
    let real = original.chars().filter(char::is_ascii_digit).count();
    let digits = out.bytes().filter(u8::is_ascii_digit).count();
    // Pure-letter tokens (`oo`, `ol`) count only inside a run, decided by the caller.
    (letters > 0 && real > 0 && digits <= MAX_DIGITS).then_some((out, true))
}

/// Punctuation spelled out between digit groups (`06 point 12 tiret 34`, `zéro six espace
/// douze`), in normalised form: a separator, not a word that splits the number.
pub(crate) const SEPARATOR_WORDS: &[&str] = &[
    "point",
    "points",
    "tiret",
    "tirets",
    "espace",
    "espaces",
    "slash",
    "virgule",
    "etoile",
    "etoiles",
    "trait",
    "underscore",
    "dash",
    "dot",
    "space",
    "comma",
    "star",
    "hyphen",
    "diese",
    "barre",
];

/// Whether a normalised token is punctuation spelled out ([`SEPARATOR_WORDS`]).
fn separator_word(w: &str) -> bool {
    SEPARATOR_WORDS.contains(&w)
}

/// Digits glued to a word or a sign (`@6502634947`, `now510`, `++1415…`, `9729™`): the block
/// of ASCII digits (at least two), and whether something stands before and after it. Only the
/// original's last or first digits count, and only one block: `a1b2` is no number.
fn glued_digits(original: &str) -> Option<(String, bool, bool)> {
    let start = original.find(|c: char| c.is_ascii_digit())?;
    let len =
        original[start..].find(|c: char| !c.is_ascii_digit()).unwrap_or(original.len() - start);
    let (before, after) = (&original[..start], &original[start + len..]);
    if len < 2
        || (before.is_empty() && after.is_empty())
        || after.contains(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    // A `+` right before the digits is the country code's (`++1415…`, `tel+33…`).
    let plus = if before.ends_with('+') { "+" } else { "" };
    let before = before.trim_end_matches('+');
    Some((
        format!("{plus}{}", &original[start..start + len]),
        !before.is_empty(),
        !after.is_empty(),
    ))
}

/// Whether an original char between two digit tokens is an ordinary phone separator.
fn plain_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '(' | ')' | '/' | '\u{a0}' | '\u{202f}' | '\t')
}

/// A number read from a candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reading {
    /// Its E.164 form.
    e164: String,
    /// Whether the numbering metadata lists it (else it is only possible in its region).
    valid: bool,
}

/// Whether national numbers of `region` are French ones (trunk prefix 0, overseas regions).
fn french(region: Option<Id>) -> bool {
    region.is_some_and(|r| r == Id::FR || OVERSEAS.contains(&r))
}

/// Reads a candidate as a number. A valid number wins: in the default region, else (a French
/// national number) in an overseas region, those the text names first. A number valid nowhere
/// stays in a region the text names if it is possible there, else in the default region if it is
/// possible there, marked not valid: the metadata lags the numbering plan, and another region's
/// prefix would split the network that shares the number (issue 21).
fn read_number(digits: &str, region: Option<Id>, named: &[Id]) -> Option<Reading> {
    let parse = |s: &str, r: Option<Id>| phonenumber::parse(r, s).ok();
    let reading = |n: &PhoneNumber, valid: bool| Reading {
        e164: n.format().mode(Mode::E164).to_string(),
        valid,
    };
    // `+33 (0)6…` and `0033 0 6…`: drop the national prefix written after the country code.
    let fixed = [("+33", 3), ("0033", 4)].iter().find_map(|&(cc, rest)| {
        (digits.starts_with(cc) && digits[rest..].starts_with('0'))
            .then(|| format!("+33{}", &digits[rest + 1..]))
    });
    let own: Vec<PhoneNumber> =
        std::iter::once(digits).chain(fixed.as_deref()).filter_map(|s| parse(s, region)).collect();
    let statuses: Vec<Status> = own.iter().map(numbering::status).collect();
    if let Some(i) = statuses.iter().position(|&s| s == Status::Valid) {
        return Some(reading(&own[i], true));
    }
    // Overseas numbers in the French plan have ten digits with the trunk 0 (`0590 27 88 00`):
    // shorter ones are the first digits of a longer number (`0700005` is no Saint-Pierre number).
    let overseas = french(region) && digits.starts_with('0');
    if overseas {
        let any = if digits.len() == 10 { OVERSEAS } else { &[] };
        for &r in named.iter().chain(any) {
            if let Some(n) = parse(digits, Some(r))
                && numbering::status(&n) == Status::Valid
            {
                return Some(reading(&n, true));
            }
        }
        for &r in named {
            if let Some(n) = parse(digits, Some(r))
                && numbering::status(&n) == Status::Possible
            {
                return Some(reading(&n, false));
            }
        }
    }
    let i = statuses.iter().position(|&s| s == Status::Possible)?;
    Some(reading(&own[i], false))
}

/// Overseas regions a text names (`Guadeloupe`, `la Réunion`, `Saint-Pierre`…), by their
/// normalised names; the text's own country codes (`+508`, `00508`) need no name.
static REGION_NAMES: LazyLock<Vec<(String, Id)>> = LazyLock::new(|| {
    [
        ("guadeloupe", Id::GP),
        ("martinique", Id::MQ),
        ("guyane", Id::GF),
        ("réunion", Id::RE),
        ("mayotte", Id::YT),
        ("saint-pierre-et-miquelon", Id::PM),
        ("saint-pierre", Id::PM),
        ("miquelon", Id::PM),
        ("saint-barthélemy", Id::BL),
        ("saint-barth", Id::BL),
        ("saint-martin", Id::MF),
    ]
    .into_iter()
    .map(|(name, id)| (vigie_text::normalize(name).as_str().to_owned(), id))
    .collect()
});

/// The overseas regions `doc` names, in text order, each once.
fn named_regions(doc: &Doc) -> Vec<Id> {
    let s = doc.s();
    let toks = doc.toks.ranges();
    let mut found: Vec<Id> = Vec::new();
    for i in 0..toks.len() {
        for (name, id) in REGION_NAMES.iter() {
            let n = name.split(' ').count();
            if i + n <= toks.len()
                && &s[toks[i].0..toks[i + n - 1].1] == name.as_str()
                && !found.contains(id)
            {
                found.push(*id);
            }
        }
    }
    found
}

/// Whether a normalised token may read as digits through [`read_token`]: it holds a digit, or
/// only letters that stand for digits (`o`, `l`, `i`; the original may hold leet digits).
fn digitish(tok: &str) -> bool {
    tok.bytes().any(|b| b.is_ascii_digit())
        || tok.bytes().all(|b| matches!(b, b'o' | b'l' | b'i' | b'+'))
}

#[expect(clippy::many_single_char_names, reason = "token ranges a..b and run indices j, k")]
pub(crate) fn find(doc: &Doc, ctx: &Context, out: &mut Vec<Identifier>) {
    let (text, norm, s) = (doc.text, doc.norm, doc.s());
    let toks = doc.toks.ranges();
    // Without a digit in the text (most messages), only digit words can make a number.
    if doc.digits == 0
        && doc.any_class & class::DIGIT_WORD == 0
        && !text.bytes().any(|b| b.is_ascii_digit())
    {
        return;
    }
    // A number needs 7 digits: bound what the tokens could give before reading the original.
    // A token gives at most one digit per char, and the original of a token that holds letters
    // can be longer than the normalised one (squeezed `ooo`): count those twice.
    let bound: usize = toks
        .iter()
        .map(|&(a, b)| {
            let tok = &s[a..b];
            if tok.bytes().all(|c| c.is_ascii_digit()) {
                tok.len()
            } else if tok.bytes().all(|c| c == b'o') {
                // `oo` for zeros: at most 4 in the original.
                4
            } else if digitish(tok)
                && (tok.bytes().any(|c| c.is_ascii_digit()) || norm.obfuscated(a, b))
            {
                // Letters read as digits need a digit in the original token: in the normalised
                // one, or turned into a letter by the leetspeak pass (then marked obfuscated).
                2 * tok.len() + 2
            } else {
                usize::from(digit_word(tok).is_some())
            }
        })
        .sum();
    if bound < 7 {
        return;
    }
    let region = ctx.region.to_ascii_uppercase().parse::<Id>().ok();
    // Digit-like tokens, in order; pure letter tokens (`oo`) only between digit tokens.
    let mut dts: Vec<DigitTok> = Vec::new();
    for (i, &(a, b)) in toks.iter().enumerate() {
        let tok = &s[a..b];
        if !digitish(tok) {
            // Only a digit word reads as a digit without any digit or digit-like letter.
            if let Some(d) = digit_word(tok) {
                dts.push(DigitTok {
                    index: i,
                    digits: d.to_string(),
                    disguised: true,
                    glued_before: false,
                    glued_after: false,
                });
            }
            continue;
        }
        let span = doc.orig(a, b);
        let Some(original) = text.get(span.start..span.end) else { continue };
        if let Some((digits, disguised)) = read_token(tok, original) {
            let (glued_before, glued_after) = (false, false);
            dts.push(DigitTok { index: i, digits, disguised, glued_before, glued_after });
        } else if let Some((digits, glued_before, glued_after)) = glued_digits(original) {
            // Not a disguise: `call me @480…` is how the ad writes it.
            dts.push(DigitTok { index: i, digits, disguised: false, glued_before, glued_after });
        } else if i > 0
            && original.chars().count() <= 4
            && original.chars().all(|c| matches!(c, 'o' | 'O' | 'l' | 'I'))
            && dts.last().is_some_and(|d| {
                // Right after a digit group, or after separators only (`34 point OI`).
                toks[d.index + 1..i].iter().all(|&(a, b)| {
                    let w = &s[a..b];
                    (w.starts_with(':') && w.ends_with(':')) || separator_word(w)
                })
            })
        {
            // Letters alone stand for digits only after a digit group (`56 OI`, `O6 lO`).
            let digits = original.chars().map(|c| if matches!(c, 'o' | 'O') { '0' } else { '1' });
            dts.push(DigitTok {
                index: i,
                digits: digits.collect(),
                disguised: true,
                glued_before: false,
                glued_after: false,
            });
        }
    }
    if dts.iter().map(|d| d.digits.len()).sum::<usize>() < 7 {
        return;
    }
    // French numbers written nationally start with the trunk prefix 0: without this, `2009 75011`
    // would read as a valid fixed line.
    let national_needs_zero = french(region);
    // Tokens that separate digit groups without breaking a number: emojis (`06 💋 12`) and
    // punctuation spelled out (`06 point 12 tiret 34`).
    let filler = |&(a, b): &(usize, usize)| {
        let w = &s[a..b];
        (w.starts_with(':') && w.ends_with(':')) || separator_word(w)
    };
    let words_between = |x: &DigitTok, y: &DigitTok| {
        toks[x.index + 1..y.index].iter().filter(|t| !filler(t)).count()
    };
    // Whether digit token `j` runs on into the next one (nothing but separators between).
    let runs_on = |j: usize| j + 1 < dts.len() && words_between(&dts[j], &dts[j + 1]) == 0;
    // The regions the text names, read only when a number is valid nowhere.
    let mut named: Option<Vec<Id>> = None;
    // First digit token after the last number found.
    let mut free_from = 0;
    let mut k = 0;
    while k < dts.len() {
        let mut best: Option<(usize, Reading, bool)> = None;
        let mut possible: Option<(usize, Reading, bool)> = None;
        // A number valid nowhere must stand alone: its first and last digit groups are not
        // glued to other digits (else any run of ten digits would be kept).
        let starts_alone = k == free_from || !runs_on(k - 1);
        let mut digits = String::new();
        let mut gap = false;
        let mut j = k;
        while j < dts.len() {
            if j > k {
                let between = words_between(&dts[j - 1], &dts[j]);
                // A number split across a sentence: only a French-style start (`0…`, `+…`) with
                // at least 4 digits before the gap, and no other digits inside the gap (sizes,
                // addresses and dates in between would glue into false numbers).
                if between > 0
                    && (between > MAX_GAP_TOKENS
                        || !digits.starts_with(['0', '+'])
                        || digits.len() < 4
                        || dts[j].digits.len() < 2
                        || toks[dts[j - 1].index + 1..dts[j].index]
                            .iter()
                            .any(|&(a, b)| s[a..b].bytes().any(|c| c.is_ascii_digit())))
                {
                    break;
                }
                gap |= between > 0;
            }
            if j > k && dts[j].glued_before {
                break;
            }
            digits.push_str(&dts[j].digits);
            if digits.len() > MAX_DIGITS || (j > k && dts[j].digits.starts_with('+')) {
                break;
            }
            // Digits glued to words count only in a number the metadata lists.
            let glued = dts[k].glued_before || dts[j].glued_after;
            let n_digits = digits.bytes().filter(u8::is_ascii_digit).count();
            if n_digits >= 7 && (!national_needs_zero || digits.starts_with(['0', '+'])) {
                let names = named.get_or_insert_with(|| named_regions(doc));
                match read_number(&digits, region, names) {
                    Some(r) if r.valid => best = Some((j, r, gap)),
                    Some(r)
                        if !glued
                            && (starts_alone
                                || digits.starts_with(['+'])
                                || digits.starts_with("00"))
                            && !runs_on(j) =>
                    {
                        possible = Some((j, r, gap));
                    }
                    _ => {}
                }
            }
            if dts[j].glued_after {
                break;
            }
            j += 1;
        }
        let Some((last, reading, gap)) = best.or(possible) else {
            k += 1;
            continue;
        };
        let start_tok = toks[dts[k].index];
        let end_tok = toks[dts[last].index];
        let mut span = doc.orig(start_tok.0, end_tok.1);
        // `(212) 555-0123`: the opening parenthesis is punctuation outside the first token.
        if text[span.start..span.end].contains(')')
            && !text[span.start..span.end].contains('(')
            && text[..span.start].ends_with('(')
        {
            span.start -= 1;
        }
        // Glued digits: the span holds the digits, not the word they are glued to.
        if dts[k].glued_before
            && let Some(at) = text[span.start..span.end].find(|c: char| c.is_ascii_digit())
        {
            let plus = text[span.start..span.start + at].ends_with('+');
            span.start += at - usize::from(plus);
        }
        if dts[last].glued_after
            && let Some(at) = text[span.start..span.end].rfind(|c: char| c.is_ascii_digit())
        {
            span.end = span.start + at + 1;
        }
        let matched = &text[span.start..span.end];
        let mut obfuscated = gap
            || norm.obfuscated(start_tok.0, end_tok.1)
            || dts[k..=last].iter().any(|d| d.disguised);
        // Digits cut into single-digit groups (`8.1.8 9.4.9`): more than the `+33 (0)6` of a
        // normal format allows.
        let singles = dts[k..=last].iter().filter(|d| d.digits.len() == 1).count();
        obfuscated |= singles >= 3;
        if !gap {
            // Odd separators between the digit tokens (`*`, emojis, words).
            for w in dts[k..=last].windows(2) {
                let a = doc.orig(toks[w[0].index].0, toks[w[0].index].1).end;
                let b = doc.orig(toks[w[1].index].0, toks[w[1].index].1).start;
                if a <= b && text.get(a..b).is_some_and(|sep| !sep.chars().all(plain_separator)) {
                    obfuscated = true;
                }
            }
        }
        let mut id = Identifier::new(IdentifierKind::Phone, reading.e164, span, matched);
        id.obfuscated = obfuscated;
        id.valid = (!reading.valid).then_some(false);
        out.push(id);
        k = last + 1;
        free_from = k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_for_digits_are_read_from_the_original() {
        assert_eq!(read_token("o6", "O6"), Some(("06".to_owned(), true)));
        assert_eq!(read_token("l2", "l2"), Some(("12".to_owned(), true)));
        assert_eq!(read_token("zero6", "zero6"), Some(("06".to_owned(), true)));
        assert_eq!(read_token("ol", "ol"), None);
        assert_eq!(read_token("06", "06"), Some(("06".to_owned(), false)));
    }

    fn read(digits: &str, region: Id, named: &[Id]) -> Option<(String, bool)> {
        read_number(digits, Some(region), named).map(|r| (r.e164, r.valid))
    }

    #[test]
    fn overseas_numbers_retry_their_region() {
        let ok = |s: &str| Some((s.to_owned(), true));
        assert_eq!(read("0590278800", Id::FR, &[]), ok("+590590278800"));
        assert_eq!(read("+330612345678", Id::FR, &[]), ok("+33612345678"));
        assert_eq!(read("1500", Id::FR, &[]), None);
    }

    #[test]
    fn numbers_valid_nowhere_stay_in_their_region() {
        let not = |s: &str| Some((s.to_owned(), false));
        assert_eq!(read("0639984127", Id::FR, &[]), not("+33639984127"));
        assert_eq!(read("0700005219", Id::FR, &[]), not("+33700005219"));
        assert_eq!(read("+330700005219", Id::FR, &[]), not("+33700005219"));
        assert_eq!(read("2375550123", Id::US, &[]), not("+12375550123"));
        // Named in the text and possible there.
        assert_eq!(read("0639984127", Id::FR, &[Id::YT]), not("+262639984127"));
        // Named, but not a number of that region.
        assert_eq!(read("0639984127", Id::FR, &[Id::PM]), not("+33639984127"));
        // Written with its own country code.
        assert_eq!(read("+508639984127", Id::FR, &[]), None);
        assert_eq!(read("061234567", Id::FR, &[]), None);
    }
}
