//! Phone numbers, through the disguises of ads: spelled digits (`zéro six douze…`), `O` for 0 and
//! `l`/`I` for 1 inside digit runs, keycap and emoji digits, odd separators (`06*12*34`) and a
//! number split across a sentence (`06 12 34 … 56 78`).
//!
//! The normaliser already turns French number words and keycaps into digit tokens; this module
//! reads runs of digit-like tokens, asks `phonenumber` whether they form a valid number, and maps
//! the run back to the original text. Every candidate is checked with `is_valid`.

use phonenumber::country::Id;
use phonenumber::{Mode, PhoneNumber};
use vigie_model::{Identifier, IdentifierKind};

use crate::Context;
use crate::toks::{Doc, class};

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

/// Whether an original char between two digit tokens is an ordinary phone separator.
fn plain_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '(' | ')' | '/' | '\u{a0}' | '\u{202f}' | '\t')
}

/// Parses a candidate and returns its E.164 form when it is a valid number.
fn valid_e164(digits: &str, region: Option<Id>) -> Option<String> {
    let try_parse = |s: &str, r: Option<Id>| -> Option<PhoneNumber> {
        phonenumber::parse(r, s).ok().filter(phonenumber::is_valid)
    };
    let mut found = try_parse(digits, region);
    if found.is_none() {
        // `+33 (0)6…` and `0033 0 6…`: drop the national prefix written after the country code.
        for (cc, rest) in [("+33", 3), ("0033", 4)] {
            if digits.starts_with(cc) && digits[rest..].starts_with('0') {
                let fixed = format!("+33{}", &digits[rest + 1..]);
                found = try_parse(&fixed, region);
            }
        }
    }
    if found.is_none() && region == Some(Id::FR) && digits.starts_with('0') {
        found = OVERSEAS.iter().find_map(|r| try_parse(digits, Some(*r)));
    }
    found.map(|n| n.format().mode(Mode::E164).to_string())
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
                dts.push(DigitTok { index: i, digits: d.to_string(), disguised: true });
            }
            continue;
        }
        let span = doc.orig(a, b);
        let Some(original) = text.get(span.start..span.end) else { continue };
        if let Some((digits, disguised)) = read_token(tok, original) {
            dts.push(DigitTok { index: i, digits, disguised });
        } else if i > 0
            && original.chars().count() <= 4
            && original.chars().all(|c| matches!(c, 'o' | 'O'))
            && dts.last().is_some_and(|d| d.index + 1 == i)
        {
            dts.push(DigitTok { index: i, digits: "0".repeat(original.len()), disguised: true });
        }
    }
    if dts.iter().map(|d| d.digits.len()).sum::<usize>() < 7 {
        return;
    }
    // French numbers written nationally start with the trunk prefix 0: without this, `2009 75011`
    // would read as a valid fixed line.
    let national_needs_zero = region.is_some_and(|r| r == Id::FR || OVERSEAS.contains(&r));
    let mut k = 0;
    while k < dts.len() {
        let mut best: Option<(usize, String, bool)> = None;
        let mut digits = String::new();
        let mut gap = false;
        let mut j = k;
        while j < dts.len() {
            if j > k {
                // Emojis between digit groups are separators (`06 💋 12`), not words.
                let between = toks[dts[j - 1].index + 1..dts[j].index]
                    .iter()
                    .filter(|&&(a, b)| !(s[a..b].starts_with(':') && s[a..b].ends_with(':')))
                    .count();
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
            digits.push_str(&dts[j].digits);
            if digits.len() > MAX_DIGITS || (j > k && dts[j].digits.starts_with('+')) {
                break;
            }
            let n_digits = digits.bytes().filter(u8::is_ascii_digit).count();
            if n_digits >= 7
                && (!national_needs_zero || digits.starts_with(['0', '+']))
                && let Some(e164) = valid_e164(&digits, region)
            {
                best = Some((j, e164, gap));
            }
            j += 1;
        }
        let Some((last, value, gap)) = best else {
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
        let mut id = Identifier::new(IdentifierKind::Phone, value, span, matched);
        id.obfuscated = obfuscated;
        out.push(id);
        k = last + 1;
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

    #[test]
    fn overseas_numbers_retry_their_region() {
        assert_eq!(valid_e164("0590278800", Some(Id::FR)).as_deref(), Some("+590590278800"));
        assert_eq!(valid_e164("+330612345678", Some(Id::FR)).as_deref(), Some("+33612345678"));
        assert_eq!(valid_e164("1500", Some(Id::FR)), None);
    }
}
