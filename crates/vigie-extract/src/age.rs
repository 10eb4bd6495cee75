//! Ages: stated (`j'ai 15 ans`, `15a`, `i'm 14`, `14 yo`), from a birth year (`née en 2009`,
//! relative to the document's timestamp, never the clock) and from a school level (`en 3e`, `en
//! seconde`, `au lycée`, `le brevet`) as an age range.
//!
//! Read on the normalised tokens. A bare `N ans` is an age unless a duration word precedes it
//! (`depuis 15 ans`, `il y a 15 ans`, `pendant 15 ans`).

use vigie_model::{Identifier, IdentifierKind};

use crate::Context;
use crate::toks::{Doc, class};

/// Youngest and oldest plausible stated age.
const AGES: std::ops::RangeInclusive<u32> = 9..=99;

/// Words before `N ans` that make it a duration, not an age.
const DURATION: &[&str] = &[
    "depuis", "pendant", "dans", "ya", "apres", "avant", "durant", "plus", "moins", "tous", "les",
    "chaque", "environ", "pres", "de", "sur", "fait", "ces", "en", "des", "pour", "mes", "tes",
    "ses", "nos", "vos", "leurs",
];

/// Nouns after `de` that still make `de N ans` an age (`une fille de 15 ans`).
const PERSON: &[&str] = &[
    "file",
    "gars",
    "garcon",
    "meuf",
    "ado",
    "adolescente",
    "adolescent",
    "jeune",
    "mineure",
    "mineur",
    "petite",
    "minete",
    "femme",
    "homme",
    "soeur",
    "frere",
    "copine",
    "pote",
    "amie",
    "ami",
];

/// The words that name a school level (see `school_level`), an age without a digit.
pub(crate) const SCHOOL_WORDS: &[&str] = &[
    "sixieme",
    "cinquieme",
    "quatrieme",
    "troisieme",
    "seconde",
    "premiere",
    "terminale",
    "term",
    "tle",
    "terminal",
    "colege",
    "colegiene",
    "colegien",
    "lyce",
    "lycene",
    "lycen",
    "brevet",
];

/// The school level a normalised token names, as an age range.
fn school_level(tok: &str) -> Option<(u8, u8)> {
    Some(match tok {
        "6e" | "6eme" | "6em" | "sixieme" => (11, 12),
        "5e" | "5eme" | "5em" | "cinquieme" => (12, 13),
        "4e" | "4eme" | "4em" | "quatrieme" => (13, 14),
        "3e" | "3eme" | "3em" | "troisieme" => (14, 15),
        "seconde" | "2nde" | "2nd" | "2de" => (15, 16),
        "premiere" | "1ere" | "1re" | "1er" => (16, 17),
        "terminale" | "term" | "tle" | "terminal" => (17, 18),
        _ => return None,
    })
}

/// An age written with `l` or `I` for 1 in the original (`l5`, `1l`, `l3a`, `l6yo`), with at
/// least one figure, as digits and its unit (`15`, `13a`); `None` for anything else.
fn letters_for_digits(text: &str, span: vigie_model::Span) -> Option<String> {
    let original = text.get(span.start..span.end)?;
    let b = original.as_bytes();
    let figure = |c: u8| c.is_ascii_digit() || c == b'l' || c == b'I';
    if b.len() < 2 || !figure(b[0]) || !figure(b[1]) || !b[..2].iter().any(u8::is_ascii_digit) {
        return None;
    }
    let unit = original[2..].to_ascii_lowercase();
    if !matches!(unit.as_str(), "" | "a" | "an" | "ans" | "yo")
        || b[..2].iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    Some(format!("{}{unit}", original[..2].replace(['l', 'I'], "1")))
}

/// The year of an RFC 3339 timestamp.
fn year_of(timestamp: &str) -> Option<i16> {
    let ts: jiff::Timestamp = timestamp.parse().ok()?;
    Some(ts.to_zoned(jiff::tz::TimeZone::UTC).year())
}

/// A stated number of years: `15`, `15a`, `15ans`, `15yo`.
fn years_token(tok: &str) -> Option<(u32, &str)> {
    let digits = tok.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let n: u32 = tok[..digits].parse().ok()?;
    Some((n, &tok[digits..]))
}

struct Found {
    start: usize,
    end: usize,
    min: u8,
    max: u8,
    /// Stated as an age, see [`Age::stated`].
    stated: bool,
}

/// An age found in a text, and whether it is stated as one.
#[derive(Debug, Clone, PartialEq)]
pub struct Age {
    /// The age identifier, as [`crate::extract`] gives it.
    pub identifier: Identifier,
    /// The text states this age as someone's age in so many words: the writer's own (`j'ai 15
    /// ans`, `moi 15 ans`, `15 ans et toi ?`, a message opening on `15 ans`, `i'm 14`, `14 yo`)
    /// or a third person's told as such (`elle a 15 ans`, `she is 16`). Not an age that a
    /// phrase mentions in passing (`une fille de 16 ans`), a school level or a birth year.
    pub stated: bool,
}

/// Words before `N ans` (or `N`) that state it as an age: `j ai`, `moi`, `elle a`, `tu as`,
/// `age de`, `a peine`, `seulement`, `i m`, `she is`, `aged`, `just turned`… (normalised: `elle`
/// reads `ele`)
fn stated_before(p2: &str, p1: &str) -> bool {
    matches!(
        (p2, p1),
        ("j", "ai" | "aurai")
            | ("ele" | "il", "a")
            | ("t" | "tu", "as")
            | ("a", "peine")
            | ("age", "de")
            | ("i", "m" | "am")
            | ("she" | "he", "s" | "is")
            | (
                _,
                "jai"
                    | "moi"
                    | "age"
                    | "agee"
                    | "avoir"
                    | "bientot"
                    | "que"
                    | "seulement"
                    | "juste"
                    | "presque"
                    | "im"
                    | "aged"
                    | "only"
                    | "turned"
                    | "turning"
            )
    )
}

/// Words that may follow a bare stated number (`j'ai 14 et toi`, `i'm 14 and you?`): anything
/// else makes it a count (`j'ai 15 messages`).
const AFTER_BARE: &[&str] = &[
    "", "et", "bientot", "aussi", "mais", "moi", "toi", "tu", "ok", "donc", "alors", "lol", "mdr",
    "ptdr", "and", "you", "u", "too", "btw", "lmao", "haha", "hbu", "wbu", "soon", "now",
];

/// Words after `i m N` that make `N` a quantity, not an age.
const NOT_AGE_UNITS: &[&str] = &[
    "h", "min", "mn", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "mile", "miles",
    "km", "percent", "%", "dollars", "bucks", "times", "x", "inches", "feet", "ft", "cm", "kg",
    "lbs", "pounds", "k", "days", "weeks", "months", "am", "pm", "o", "euros", "€", "$", "ans",
];

pub(crate) fn find(doc: &Doc, ctx: &Context, out: &mut Vec<Identifier>) {
    let mut ages = Vec::new();
    find_ages(doc, ctx, &mut ages);
    out.extend(ages.into_iter().map(|a| a.identifier));
}

pub(crate) fn find_ages(doc: &Doc, ctx: &Context, out: &mut Vec<Age>) {
    let (text, norm) = (doc.text, doc.norm);
    let spans = doc.toks.ranges();
    let t = |k: usize| doc.toks.get(k);
    let prev = |i: usize, back: usize| if i >= back { doc.toks.word(i - back) } else { "" };
    let year = ctx.timestamp.as_deref().and_then(year_of);
    // Without a digit in the text, only school words can say an age: skip the rest cheaply.
    // Figures the normaliser turned into letters (`l4ans` reads `lans`): the original has a digit.
    let hidden_digits = doc.digits == 0 && doc.text.bytes().any(|b| b.is_ascii_digit());
    if doc.digits == 0 && doc.any_class & class::SCHOOL == 0 && !hidden_digits {
        return;
    }
    let mut found: Vec<Found> = Vec::new();
    let mut i = 0;
    let mut letters;
    while i < spans.len() {
        let mut tok = doc.toks.word(i);
        // `l5 ans`, `1l a`: `l` or `I` for 1, which the normaliser reads as letters.
        if (doc.digits > 0 || hidden_digits)
            && tok.len() <= 5
            && years_token(tok)
                .is_none_or(|(_, suffix)| !matches!(suffix, "" | "a" | "an" | "ans" | "yo" | "yrs"))
            && matches!(tok.as_bytes().first(), Some(b'l' | b'i' | b'0'..=b'9'))
            && let Some(t) = letters_for_digits(doc.text, doc.orig(spans[i].0, spans[i].1))
        {
            letters = t;
            tok = &letters;
        }
        if doc.digits == 0 && doc.classes[i] & class::SCHOOL == 0 && !hidden_digits {
            i += 1;
            continue;
        }
        if let Some((n, suffix)) = years_token(tok)
            && AGES.contains(&n)
        {
            let n8 = u8::try_from(n).unwrap_or(u8::MAX);
            // `15 ans`, `15ans`, `15a`, `15 yo`, `15yo`, `15 years old`, `15 y o`.
            let (len, ok) = match (suffix, t(i + 1), t(i + 2)) {
                ("ans" | "an" | "a" | "yo" | "yrs", _, _) => (1, true),
                ("", "ans" | "yo", _) => (2, true),
                // `j'ai 15 a`, `moi 15 a et toi`: the SMS `a` after a stating word only, with
                // nothing after it but an ending.
                ("", "a", _)
                    if stated_before(prev(i, 2), prev(i, 1)) && AFTER_BARE.contains(&t(i + 2)) =>
                {
                    (2, true)
                }
                ("", "years" | "year" | "yr", "old") | ("", "y", "o") => (3, true),
                _ => (0, false),
            };
            let stated = matches!(
                (prev(i, 2), prev(i, 1)),
                ("j", "ai") | ("i", "m" | "am") | (_, "im" | "age" | "jai" | "moi") | ("age", "de")
            );
            let duration = (DURATION.contains(&prev(i, 1))
                || (prev(i, 2), prev(i, 1)) == ("y", "a"))
                && !(prev(i, 1) == "de" && PERSON.contains(&prev(i, 2)))
                && !stated;
            // `10 ans de prison`, `10 ans d experience`: a duration.
            let after_time_word = matches!(t(i + len), "de" | "d" | "plus" | "apres" | "avant");
            if ok && !duration && !after_time_word {
                // Stated as an age: after `j ai`, `moi`…, before `et toi`, opening the message,
                // or with an English unit (`14 yo`, `14 years old`).
                let english_unit = matches!(suffix, "yo" | "yrs")
                    || matches!(t(i + 1), "yo" | "years" | "year" | "yr" | "y");
                let asks_back =
                    matches!((t(i + len), t(i + len + 1)), ("et", "toi" | "vous" | "demi"))
                        || t(i + len) == "bientot";
                let stated =
                    i == 0 || english_unit || asks_back || stated_before(prev(i, 2), prev(i, 1));
                found.push(Found { start: i, end: i + len, min: n8, max: n8, stated });
                i += len;
                continue;
            }
            // `i'm 14`, `j'ai 14` with nothing after (or `et toi`, `and you`…).
            // After `j ai`, only an ending or a question back: `j ai 15 messages` is a count.
            // After `i m`, `age`: anything but a unit (`i m 5 minutes away`, `age 21 height`).
            let french =
                (prev(i, 2), prev(i, 1)) == ("j", "ai") || matches!(prev(i, 1), "jai" | "moi");
            let bare_ok = if french {
                AFTER_BARE.contains(&t(i + 1))
            } else {
                !NOT_AGE_UNITS.contains(&t(i + 1))
            };
            if stated && suffix.is_empty() && bare_ok {
                let start = if prev(i, 2) == "i" || prev(i, 2) == "j" { i - 2 } else { i - 1 };
                found.push(Found { start, end: i + 1, min: n8, max: n8, stated: true });
                i += 1;
                continue;
            }
        }
        // Birth year: `nee en 2009`, `ne en 2009`, `born in 2009`.
        if matches!((prev(i, 2), prev(i, 1)), ("ne" | "nait", "en") | ("born", "in"))
            && tok.len() == 4
            && let Ok(birth) = tok.parse::<i16>()
            && let Some(now) = year
            && (1900..=now).contains(&birth)
        {
            let age = now - birth;
            if (1..=99).contains(&age) {
                let max = u8::try_from(age).unwrap_or(u8::MAX);
                found.push(Found { start: i - 2, end: i + 1, min: max - 1, max, stated: false });
            }
            i += 1;
            continue;
        }
        // School level after `en` (`je suis en 3e`, `en seconde`, `classe de 4eme`).
        if matches!(prev(i, 1), "en" | "de")
            && (prev(i, 1) == "en" || prev(i, 2) == "clase")
            && let Some((min, max)) = school_level(tok)
            && !matches!(
                t(i + 1),
                "clase"
                    | "ligne"
                    | "main"
                    | "partie"
                    | "page"
                    | "position"
                    | "vue"
                    | "fois"
                    | "ane"
                    | "arondisement"
                    | "ar"
            )
        {
            found.push(Found { start: i - 1, end: i + 1, min, max, stated: false });
            i += 1;
            continue;
        }
        // `au college`, `au lycee`, `collegienne`, `lyceenne`, `le brevet`.
        let range = match (prev(i, 1), tok) {
            ("au" | "du" | "mon" | "en", "colege") | (_, "colegiene" | "colegien") => {
                Some((11, 15))
            }
            ("au" | "du" | "mon" | "en", "lyce") | (_, "lycene" | "lycen") => Some((15, 18)),
            (_, "brevet") if !matches!(t(i + 1), "de" | "d") => Some((14, 15)),
            _ => None,
        };
        if let Some((min, max)) = range {
            let start =
                if matches!(prev(i, 1), "au" | "du" | "mon" | "en" | "le") { i - 1 } else { i };
            found.push(Found { start, end: i + 1, min, max, stated: false });
        }
        i += 1;
    }
    for f in found {
        let span = doc.orig(spans[f.start].0, spans[f.end - 1].1);
        let value = if f.min == f.max { f.min.to_string() } else { format!("{}-{}", f.min, f.max) };
        let mut id = Identifier::new(IdentifierKind::Age, value, span, &text[span.start..span.end]);
        id.age_min = Some(f.min);
        id.age_max = Some(f.max);
        id.obfuscated = norm.obfuscated(spans[f.start].0, spans[f.end - 1].1);
        out.push(Age { identifier: id, stated: f.stated });
    }
}
