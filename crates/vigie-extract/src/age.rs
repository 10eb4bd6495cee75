//! Ages: stated (`j'ai 15 ans`, `15a`, `i'm 14`, `14 yo`), from a birth year (`née en 2009`,
//! relative to the document's timestamp, never the clock) and from a school level (`en 3e`, `en
//! seconde`, `au lycée`, `le brevet`) as an age range.
//!
//! Read on the normalised tokens. A bare `N ans` is an age unless a duration word precedes it
//! (`depuis 15 ans`, `il y a 15 ans`, `pendant 15 ans`).

use vigie_model::{Identifier, IdentifierKind};
use vigie_text::Normalized;

use crate::Context;
use crate::phone::{orig, tokens};

/// Youngest and oldest plausible stated age.
const AGES: std::ops::RangeInclusive<u32> = 10..=99;

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
}

pub(crate) fn find(text: &str, norm: &Normalized, ctx: &Context, out: &mut Vec<Identifier>) {
    let s = norm.as_str();
    let spans = tokens(s);
    let toks: Vec<&str> = spans.iter().map(|&(a, b)| &s[a..b]).collect();
    let t = |k: usize| toks.get(k).copied().unwrap_or("");
    let prev = |i: usize, back: usize| if i >= back { toks[i - back] } else { "" };
    let year = ctx.timestamp.as_deref().and_then(year_of);
    let mut found: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let tok = toks[i];
        if let Some((n, suffix)) = years_token(tok)
            && AGES.contains(&n)
        {
            let n8 = u8::try_from(n).unwrap_or(u8::MAX);
            // `15 ans`, `15ans`, `15a`, `15 yo`, `15yo`, `15 years old`, `15 y o`.
            let (len, ok) = match (suffix, t(i + 1), t(i + 2)) {
                ("ans" | "an" | "a" | "yo" | "yrs", _, _) => (1, true),
                ("", "ans" | "yo", _) => (2, true),
                ("", "years" | "year" | "yr", "old") | ("", "y", "o") => (3, true),
                _ => (0, false),
            };
            let stated = matches!(
                (prev(i, 2), prev(i, 1)),
                ("j", "ai") | ("i", "m" | "am") | (_, "im" | "age") | ("age", "de")
            );
            let duration = (DURATION.contains(&prev(i, 1))
                || (prev(i, 2), prev(i, 1)) == ("y", "a"))
                && !(prev(i, 1) == "de" && PERSON.contains(&prev(i, 2)))
                && !stated;
            // `10 ans de prison`, `10 ans d experience`: a duration.
            let after_time_word = matches!(t(i + len), "de" | "d" | "plus" | "apres" | "avant");
            if ok && !duration && !after_time_word {
                found.push(Found { start: i, end: i + len, min: n8, max: n8 });
                i += len;
                continue;
            }
            // `i'm 14`, `j'ai 14` with nothing after.
            if stated
                && suffix.is_empty()
                && !matches!(t(i + 1), "h" | "min" | "mn" | "euros" | "€" | "$" | "ans")
            {
                let start = if prev(i, 2) == "i" || prev(i, 2) == "j" { i - 2 } else { i - 1 };
                found.push(Found { start, end: i + 1, min: n8, max: n8 });
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
                found.push(Found { start: i - 2, end: i + 1, min: max - 1, max });
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
            found.push(Found { start: i - 1, end: i + 1, min, max });
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
            found.push(Found { start, end: i + 1, min, max });
        }
        i += 1;
    }
    for f in found {
        let span = orig(norm, spans[f.start].0, spans[f.end - 1].1);
        let value = if f.min == f.max { f.min.to_string() } else { format!("{}-{}", f.min, f.max) };
        let mut id = Identifier::new(IdentifierKind::Age, value, span, &text[span.start..span.end]);
        id.age_min = Some(f.min);
        id.age_max = Some(f.max);
        id.obfuscated = norm.obfuscated(spans[f.start].0, spans[f.end - 1].1);
        out.push(id);
    }
}
