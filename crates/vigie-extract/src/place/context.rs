//! Tokens of the normalised text and the context words that make a name or a number a place.

use vigie_text::Normalized;

pub(crate) use crate::toks::Toks;

/// How strongly the words before a name say that a place follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prep {
    None,
    /// `à`, `a`, `de`, `d`, `en`, `au`, `sur`, `vers`, `dans`…: a place only if the name is
    /// capitalised (`à son paroxysme`, `à la base`, `dans la rue` are not places).
    Weak,
    /// Ad phrasing: `dispo (à|sur)`, `de passage à`, `secteur`, `région`, `près de`…: a place even
    /// in lower case.
    Strong,
}

/// The preposition before token `i`.
pub(crate) fn preposition(toks: &Toks, i: usize) -> Prep {
    // Emojis between the preposition and the name do not count (`dispo à📍Lyon`).
    let is_emoji = |w: &str| w.len() > 2 && w.starts_with(':') && w.ends_with(':');
    let mut skip = 0;
    while i > skip && is_emoji(toks.word(i - skip - 1)) {
        skip += 1;
    }
    let i = i - skip;
    let prev = |k: usize| if i >= k { toks.word(i - k) } else { "" };
    let ad_verb = |w: &str| {
        matches!(
            w,
            "dispo"
                | "disponible"
                | "passage"
                | "arrive"
                | "arrivee"
                | "habite"
                | "bienvenue"
                | "recois"
                | "deplace"
        )
    };
    match prev(1) {
        "a" | "sur" | "sr" | "vers" if ad_verb(prev(2)) => Prep::Strong,
        "de" | "d"
            if matches!(
                prev(2),
                "pres" | "proche" | "region" | "ville" | "alentours" | "environs" | "secteur"
            ) =>
        {
            Prep::Strong
        }
        w if ad_verb(w) || matches!(w, "secteur" | "region") => Prep::Strong,
        "a" | "sur" | "sr" | "vers" | "de" | "d" | "en" | "au" | "aux" | "dans" | "depuis"
        | "pres" => Prep::Weak,
        "le" | "la" | "les" | "l" if matches!(prev(2), "dans" | "sur" | "vers") => Prep::Weak,
        _ => Prep::None,
    }
}

/// True if the original text before `at` (ignoring spaces) does not end a sentence.
pub(crate) fn mid_sentence(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("").trim_end();
    before.chars().next_back().is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | ';' | '('))
}

/// True for a token of ASCII digits, or `2a`/`2b`.
pub(crate) fn is_number(w: &str) -> bool {
    (!w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())) || w == "2a" || w == "2b"
}

/// True if the number at token `i` is a quantity, a date or part of a longer number: next to a
/// currency, a unit, a month or another number.
pub(crate) fn is_quantity(toks: &Toks, i: usize) -> bool {
    let prev = if i > 0 { toks.word(i - 1) } else { "" };
    let next = if i + 1 < toks.len() { toks.word(i + 1) } else { "" };
    let digits = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    digits(prev)
        || digits(next)
        || matches!(prev, "€" | "$" | "£" | "+" | "n" | "no" | "numero" | "num")
        || matches!(
            next,
            "€" | "$"
                | "£"
                | "%"
                | "e"
                | "eur"
                | "euro"
                | "euros"
                | "balles"
                | "k"
                | "h"
                | "heures"
                | "heure"
                | "min"
                | "minutes"
                | "ans"
                | "an"
                | "a"
                | "mois"
                | "jours"
                | "km"
                | "m"
                | "cm"
                | "kg"
                | "fois"
                | "personnes"
                | "places"
                | "spectateurs"
                | "vues"
                | "likes"
                | "habitants"
                | "morts"
                | "messages"
                | "points"
                | "followers"
                | "abonnes"
                | "janvier"
                | "fevrier"
                | "mars"
                | "avril"
                | "mai"
                | "juin"
                | "juillet"
                | "aout"
                | "septembre"
                | "octobre"
                | "novembre"
                | "decembre"
                | "janv"
                | "fev"
                | "sept"
                | "oct"
                | "nov"
                | "dec"
        )
}

/// True if token `i` stands alone inside parentheses in the original: `Lyon (69)`.
pub(crate) fn in_parentheses(text: &str, norm: &Normalized, toks: &Toks, i: usize) -> bool {
    let s = norm.original_span(toks.start(i), toks.end(i));
    let before = text.get(..s.start).unwrap_or("").trim_end();
    let after = text.get(s.end..).unwrap_or("").trim_start();
    before.ends_with('(') && after.starts_with(')')
}

/// The whitespace-delimited word of the original text around `[start, end)`.
fn original_word(text: &str, start: usize, end: usize) -> (&str, &str, &str) {
    let before = text.get(..start).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    let from = before
        .rfind(char::is_whitespace)
        .map_or(0, |p| p + before[p..].chars().next().map_or(1, char::len_utf8));
    let to = after.find(char::is_whitespace).unwrap_or(after.len());
    (&before[from..], text.get(start..end).unwrap_or(""), &after[..to])
}

/// True if the original text at `[start, end)` sits inside a handle (`@BriceOf_Lyon`), a URL, or
/// a hyphenated compound that goes on (`Croix-Rouge`, `Maure-de-Bretagne`).
pub(crate) fn inside_other_word(text: &str, start: usize, end: usize) -> bool {
    let (head, _, tail) = original_word(text, start, end);
    head.starts_with('@')
        || head.contains("://")
        || head.contains('/')
        || head.ends_with('-')
        || tail.starts_with('-')
        || head.ends_with('_')
        || tail.starts_with('_')
}

/// Words before a commune's name that make it part of a club's or a brand's name (`Olympique de
/// Marseille`, `Stade de Reims`, `FC Nantes`, `savon de Marseille`), normalised.
const CLUB_BEFORE: &[&str] = &[
    "olympique",
    "girondins",
    "stade",
    "racing",
    "club",
    "fc",
    "as",
    "losc",
    "ogc",
    "moutarde",
    "savon",
    "pastiles",
    "pastile",
    "biscuits",
    "usa",
    "sco",
    "forfait",
    "box",
    "reseau",
    "forfait",
    "box",
    "reseau",
];

/// True if the name over tokens `[i, j)` belongs to a club's or a brand's name: a club word
/// before it (with or without `de`), `FC` after it, or `Paris Saint-Germain`.
pub(crate) fn in_club_name(toks: &Toks, i: usize, j: usize) -> bool {
    let prev = |k: usize| if i >= k { toks.word(i - k) } else { "" };
    let next = |k: usize| if j + k < toks.len() { toks.word(j + k) } else { "" };
    CLUB_BEFORE.contains(&prev(1))
        || (matches!(prev(1), "de" | "d") && CLUB_BEFORE.contains(&prev(2)))
        || next(0) == "fc"
        || (toks.slice(i, j) == "paris" && next(0) == "saint" && next(1) == "germain")
}
