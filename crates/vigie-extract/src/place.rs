//! French places: communes (INSEE code; a commune déléguée or associée gives the code of the
//! current commune it belongs to), Paris/Lyon/Marseille arrondissements (`Paris 16` →
//! `75116`), départements (`le 93`, `Seine-Saint-Denis` → `dep:93`), régions (`IDF` → `reg:11`) and
//! postcodes (`69003` → `69383`).
//!
//! Names are matched on the normalised text, token n-grams looked up in the gazetteer, longest
//! first. The hard part is ambiguity:
//!
//! * A name that is also an ordinary word, a first name or a surname (`Tours`, `Nice`, `Sens`,
//!   `Bar`, `Nord`, `Alain`; flagged when the gazetteer is generated, see
//!   `scripts/gen_gazetteer.py`) is a place only with context: ad phrasing before it (`dispo sur`,
//!   `de passage à`, `secteur`) even in lower case; a preposition (`à`, `a`, `de`, `en`, `sur`,
//!   `vers`, `dans`) when the name is capitalised in the original; a capital letter inside a
//!   sentence for a commune of 20,000 people or more; or a postcode or département of that
//!   commune within four tokens.
//! * A name shared by several communes resolves to the one in a département named by a nearby
//!   postcode or département number, else to the most populous.
//! * A bare number is a département only after `dans le`, `sur le`, `vers le`, `du`, `le` (the last
//!   two only above 31, since `le 13` is usually a date), inside parentheses, or right after a place;
//!   never before a month, a unit or another number. A five-digit postcode is never a price.

mod context;
mod gazetteer;
mod namesake;

use vigie_model::{Identifier, IdentifierKind, Span};
use vigie_text::Normalized;

use crate::Context;
use crate::toks::{Doc, class};
use context::{Prep, Toks};
use gazetteer::{GAZETTEER, Gazetteer, MAX_NAME_TOKENS, Target};
use namesake::settle_namesakes;

/// Communes at least this populous count as places when capitalised mid-sentence.
const CAPITAL_MIN_POPULATION: u32 = 20_000;
/// How far (in tokens) a postcode or département number supports a name.
const HINT_DISTANCE: usize = 4;
/// How far (in tokens) a département or région named in words makes a name a place.
const NAMED_AREA_DISTANCE: usize = 8;
/// How far (in tokens) any context may settle which of several namesakes is meant.
const CONTEXT_DISTANCE: usize = 50;
/// A namesake within this distance (km) of another place of the message is the one meant.
const NEAR_KM: f64 = 100.0;

/// One place found, over tokens `[a, b)`.
struct Hit {
    a: usize,
    b: usize,
    value: String,
    commune: Option<usize>,
    /// What the name may refer to (empty for numbers): a name shared by several communes is
    /// settled by the context once every place of the message is known.
    targets: &'static [Target],
}

/// A postcode or département number, with the département it names.
struct Hint {
    tok: usize,
    dep: Box<str>,
}

pub(crate) fn find(doc: &Doc, _ctx: &Context, out: &mut Vec<Identifier>) {
    let (text, norm, toks) = (doc.text, doc.norm, &doc.toks);
    if toks.is_empty() {
        return;
    }
    let g = &*GAZETTEER;
    // Most messages are short: their marks live on the stack.
    let mut short = [false; 64];
    let mut long = Vec::new();
    let taken: &mut [bool] = if toks.len() <= short.len() {
        &mut short[..toks.len()]
    } else {
        long.resize(toks.len(), false);
        &mut long
    };
    let mut hits = Vec::new();

    // Arrondissements, postcodes and département numbers all need a digit: most chat messages
    // have none, and skip three passes over their tokens.
    let numeric = doc.digits > 0;
    // Arrondissements first: `Lyon 3e` must not be read as `Lyon` then a stray `3e`.
    for i in 0..if numeric { toks.len() } else { 0 } {
        if let Some((n, c)) = arrondissement(g, toks, i) {
            taken[i..i + n].fill(true);
            hits.push(Hit {
                a: i,
                b: i + n,
                value: g.communes[c].code.to_string(),
                commune: Some(c),
                targets: &[],
            });
        }
    }

    // Numbers: postcodes and département numbers, which also disambiguate names.
    let mut hints = Vec::new();
    let mut postcodes = Vec::new();
    for (i, &done) in taken.iter().enumerate().take(if numeric { toks.len() } else { 0 }) {
        if done || !context::is_number(toks.word(i)) || context::is_quantity(toks, i) {
            continue;
        }
        let span = norm.original_span(toks.start(i), toks.end(i));
        if context::inside_other_word(text, span.start, span.end) {
            continue;
        }
        if let Some(list) = g.postcodes.get(toks.word(i)) {
            for &c in list {
                hints.push(Hint { tok: i, dep: g.communes[c].dep.clone() });
            }
            postcodes.push((i, list));
        } else if let Some(&d) = g.dep_codes.get(toks.word(i)) {
            // A possible département number: it supports a name of that département (`Nice 06`).
            let dep = g.deps[d].value.trim_start_matches("dep:").to_ascii_uppercase();
            hints.push(Hint { tok: i, dep: dep.into() });
        }
    }

    for &(i, _) in &postcodes {
        taken[i] = true;
    }

    // Names, longest first, left to right; a commune's name without the context to be one yet
    // waits for the départements and régions named after it (`Valence, dans la Drôme`).
    let mut pending = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if taken[i] {
            i += 1;
            continue;
        }
        let Some((n, targets)) = longest_name(g, doc, taken, i) else {
            i += 1;
            continue;
        };
        if let Some(hit) = resolve(g, text, norm, toks, &hints, i, n, targets) {
            // Only numbers are hints: `beaune tu étais` must not make `étais` a commune of 21.
            taken[i..i + n].fill(true);
            hits.push(hit);
            i += n;
        } else {
            if targets.iter().any(|t| matches!(t, Target::Commune(_))) {
                pending.push((i, n, targets));
            }
            i += 1;
        }
    }

    // Département numbers (after names: `Nice 06` counts as right after a place).
    for i in 0..if numeric { toks.len() } else { 0 } {
        if taken[i] {
            continue;
        }
        let w = toks.word(i);
        if !context::is_number(w) {
            continue;
        }
        let after_place = i > 0
            && taken[i - 1]
            && hits.iter().any(|h| {
                h.b == i && h.commune.is_some_and(|c| g.communes[c].dep.eq_ignore_ascii_case(w))
            });
        if let Some(d) = dep_number(g, text, norm, toks, i, after_place) {
            taken[i] = true;
            hits.push(Hit {
                a: i,
                b: i + 1,
                value: g.deps[d].value.to_string(),
                commune: None,
                targets: &[],
            });
        }
    }

    settle_namesakes(g, &hints, &mut hits, taken, &pending);

    // Postcode values: a commune named in the message if it has that postcode, else the first
    // (arrondissement, else most populous).
    for (i, list) in postcodes {
        // By code: a commune déléguée named in the message stands for its current commune.
        let named = list.iter().find(|&&c| {
            hits.iter().any(|h| h.commune.is_some_and(|n| g.communes[n].code == g.communes[c].code))
        });
        // `10000 morts`: a round number is a postcode only beside one of its communes, or
        // after ad phrasing (`reçois 63000`, `secteur 34000`, `appart 31000`, `sur le 38000`).
        let prev = if i > 0 { toks.word(i - 1) } else { "" };
        let introduced = context::preposition(toks, i) == Prep::Strong
            || matches!(prev, "apart" | "cp" | "le" | "sur");
        if named.is_none() && toks.word(i).ends_with("000") && !introduced {
            continue;
        }
        let c = *named.unwrap_or(&list[0]);
        hits.push(Hit {
            a: i,
            b: i + 1,
            value: g.communes[c].code.to_string(),
            commune: Some(c),
            targets: &[],
        });
    }

    hits.sort_by_key(|h| h.a);
    for h in hits {
        let (start, end) = (toks.start(h.a), toks.end(h.b - 1));
        let span = norm.original_span(start, end);
        let Some(matched) = text.get(span.start..span.end) else { continue };
        let mut id = Identifier::new(
            IdentifierKind::Place,
            h.value,
            Span::new(span.start, span.end),
            matched,
        );
        id.obfuscated = norm.obfuscated(start, end);
        if let Some(c) = h.commune {
            id.lat = g.communes[c].lat;
            id.lon = g.communes[c].lon;
        }
        out.push(id);
    }
}

/// French function words that are also commune names once accents are stripped (`Lée` → `le`,
/// `Là` …): never a place when written in lower case, whatever the context (`dispo le soir`).
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "a", "au", "aux", "ce", "ces", "de", "des", "du", "en", "et", "eu", "il", "je", "la", "le",
    "les", "lui", "ma", "me", "mes", "mon", "on", "ou", "sa", "se", "ses", "si", "son", "ta", "te",
    "tes", "ton", "tu", "un", "une", "y",
];

fn is_lowercase_function_word(doc: &Doc, i: usize) -> bool {
    let (text, norm, toks) = (doc.text, doc.norm, &doc.toks);
    if doc.classes[i] & class::FUNCTION == 0 {
        return false;
    }
    let span = norm.original_span(toks.start(i), toks.end(i));
    text.get(span.start..span.end).is_none_or(|t| !t.chars().any(char::is_uppercase))
}

/// `paris 16`, `lyon 3e`, `marseile 13eme` (normalised), optionally followed by `arrondissement`:
/// its token count and commune.
fn arrondissement(g: &Gazetteer, toks: &Toks, i: usize) -> Option<(usize, usize)> {
    let city = toks.word(i);
    if !matches!(city, "paris" | "lyon" | "marseile") || i + 1 >= toks.len() {
        return None;
    }
    let num = toks.word(i + 1);
    let digits = num.len() - num.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let suffix = &num[digits..];
    if digits == 0
        || digits > 2
        || !matches!(suffix, "" | "e" | "eme" | "em" | "er" | "ieme" | "me")
    {
        return None;
    }
    let c = g.arrondissement(city, num[..digits].parse().ok()?)?;
    let more = i + 2 < toks.len() && matches!(toks.word(i + 2), "arondisement" | "ar" | "ardt");
    Some((2 + usize::from(more), c))
}

/// The longest gazetteer name starting at token `i`, over untaken tokens. The key filter says
/// how far the tokens may go on with a name (most tokens stop at once); then the candidates are
/// looked up from the longest, and only those that the name filter lets through.
fn longest_name(
    g: &'static Gazetteer,
    doc: &Doc,
    taken: &[bool],
    i: usize,
) -> Option<(usize, &'static [Target])> {
    let toks = &doc.toks;
    let first = g.filter(toks.word(i));
    if !first.key {
        return None;
    }
    let max = MAX_NAME_TOKENS.min(toks.len() - i);
    let mut reach = 1;
    while reach < max && !taken[i + reach] && g.filter(toks.slice(i, i + reach + 1)).key {
        reach += 1;
    }
    // A lowercase function word alone is never a place (checked before the map: `le`, `a`, `de`
    // are the names met most often).
    let alone_ok = !is_lowercase_function_word(doc, i);
    (1..=reach).rev().find_map(|n| {
        if n == 1 && !alone_ok {
            return None;
        }
        let key = toks.slice(i, i + n);
        let name = if n == 1 { first.name } else { g.filter(key).name };
        if !name {
            return None;
        }
        let found = g.names.get(key).filter(|name| !name.targets.is_empty())?;
        Some((n, found.targets.as_slice()))
    })
}

/// Decides whether the name over tokens `[i, i + n)` is a place here, and which.
#[allow(clippy::too_many_arguments)]
fn resolve(
    g: &Gazetteer,
    text: &str,
    norm: &Normalized,
    toks: &Toks,
    hints: &[Hint],
    i: usize,
    n: usize,
    targets: &'static [Target],
) -> Option<Hit> {
    let near = |dep: &str| {
        hints
            .iter()
            .any(|h| &*h.dep == dep && h.tok + HINT_DISTANCE >= i && h.tok <= i + n + HINT_DISTANCE)
    };
    let span = norm.original_span(toks.start(i), toks.end(i + n - 1));
    if context::inside_other_word(text, span.start, span.end) {
        return None;
    }
    let original = text.get(span.start..span.end).unwrap_or("");
    let capitalised = original.chars().next().is_some_and(char::is_uppercase);
    let prep = context::preposition(toks, i);
    // `Olympique de Marseille`, `FC Nantes`: a club or a brand, not a place. `dans la salle`: a
    // name that starts with a lower-case article needs ad phrasing (`La Salle` is a commune).
    if context::in_club_name(toks, i, i + n)
        || (n > 1
            && ["la ", "le ", "les ", "l'"].iter().any(|a| original.starts_with(a))
            && prep != Prep::Strong)
    {
        return None;
    }
    // `US`, `EU`: a short all-caps word is an acronym, not the commune `Us`.
    let acronym = original.chars().count() <= 3 && original.chars().all(char::is_uppercase);
    let mid_sentence = context::mid_sentence(text, span.start);
    let word_ok = |population: u32| {
        !acronym
            && (prep == Prep::Strong
                || (prep == Prep::Weak && capitalised)
                || (capitalised && mid_sentence && population >= CAPITAL_MIN_POPULATION))
    };
    // A name that is no word still needs a capital, a preposition or a large town in lower case
    // (`lyon` yes, `ailleux` — a misspelt `ailleurs` — no).
    let name_ok =
        |population: u32| capitalised || prep != Prep::None || population >= CAPITAL_MIN_POPULATION;

    // A commune in a hinted département wins; else the most populous; then département, région.
    let communes = targets.iter().filter_map(|t| match *t {
        Target::Commune(c) => Some(c),
        _ => None,
    });
    if let Some(c) = communes.clone().find(|&c| near(&g.communes[c].dep)) {
        return Some(Hit {
            a: i,
            b: i + n,
            value: g.communes[c].code.to_string(),
            commune: Some(c),
            targets,
        });
    }
    let mut commune_tried = false;
    for t in targets {
        let (value, commune, ok) = match *t {
            // Only the most populous commune of a name is tried: a smaller namesake needs a hint.
            Target::Commune(_) if commune_tried => continue,
            Target::Commune(c) => {
                commune_tried = true;
                let com = &g.communes[c];
                (
                    &com.code,
                    Some(c),
                    if com.word { word_ok(com.population) } else { name_ok(com.population) },
                )
            }
            Target::Dep(d) => (&g.deps[d].value, None, !g.deps[d].word || word_ok(0)),
            Target::Region(r) => (&g.regions[r].value, None, !g.regions[r].word || word_ok(0)),
        };
        if ok {
            return Some(Hit { a: i, b: i + n, value: value.to_string(), commune, targets });
        }
    }
    None
}

/// A département number at token `i` in a context that makes it one.
fn dep_number(
    g: &Gazetteer,
    text: &str,
    norm: &Normalized,
    toks: &Toks,
    i: usize,
    after_place: bool,
) -> Option<usize> {
    let w = toks.word(i);
    let d = *g.dep_codes.get(w)?;
    if !(w.len() >= 2 && (w.len() == 2 || w.starts_with("97"))) || context::is_quantity(toks, i) {
        return None;
    }
    let span = norm.original_span(toks.start(i), toks.end(i));
    if context::inside_other_word(text, span.start, span.end) {
        return None;
    }
    let num: u32 = w.parse().unwrap_or(100);
    let prev = |k: usize| if i >= k { toks.word(i - k) } else { "" };
    let ok = after_place
        || context::in_parentheses(text, norm, toks, i)
        || (prev(1) == "le" && matches!(prev(2), "dans" | "sur" | "vers" | "de"))
        || (matches!(prev(1), "le" | "du") && num > 31);
    ok.then_some(d)
}
