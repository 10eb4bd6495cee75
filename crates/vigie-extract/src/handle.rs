//! Handles on a platform (Snapchat, Instagram, TikTok, Telegram, WhatsApp, X), after an explicit
//! marker: `snap: ex.emple_75`, `👻 ex.emple_75`, `s.n.a.p ➡️ ex.emple_75`, `insta @ex.emple`.
//!
//! The marker is found in the normalised text (so spaced, dotted, look-alike and emoji markers
//! all read alike); the handle itself is read from the ORIGINAL text right after the marker,
//! because normalisation splits `ex.emple_75` into tokens. A reference without a handle ("lien en
//! bio", "snap en bio") gives nothing.

use vigie_model::{Identifier, IdentifierKind, Span};

use crate::Context;
use crate::toks::{Doc, class};

/// Platform markers as normalised tokens, with the platform each names.
pub(crate) const MARKERS: &[(&str, &str)] = &[
    ("snap", "snapchat"),
    ("snapchat", "snapchat"),
    ("sc", "snapchat"),
    (":ghost:", "snapchat"),
    ("snp", "snapchat"),
    ("insta", "instagram"),
    ("instagram", "instagram"),
    ("ig", "instagram"),
    ("tiktok", "tiktok"),
    ("tik", "tiktok"),
    ("telegram", "telegram"),
    ("tg", "telegram"),
    ("tlg", "telegram"),
    ("telegrame", "telegram"),
    ("wa", "whatsapp"),
    ("watsap", "whatsapp"),
    ("whatsap", "whatsapp"),
    ("wtsp", "whatsapp"),
    ("twiter", "x"),
];

/// Normalised tokens that are markers only as written in the original (see [`rewritten_marker`]).
pub(crate) const REWRITTEN_MARKERS: &[&str] = &["x", "tout"];

/// The platform a normalised marker token names.
fn platform(marker: &str) -> Option<&'static str> {
    MARKERS.iter().find(|&&(w, _)| w == marker).map(|&(_, p)| p)
}

/// Whether `c` may be part of a handle on `platform`.
fn handle_char(platform: &str, c: char) -> bool {
    match platform {
        "instagram" | "tiktok" => c.is_ascii_alphanumeric() || c == '.' || c == '_',
        "telegram" | "x" => c.is_ascii_alphanumeric() || c == '_',
        _ => c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'),
    }
}

/// Ordinary words that follow a platform name and are not handles.
const NOT_HANDLES: &[&str] = &[
    "a", "ajoute", "ajoutez", "and", "avec", "bio", "c", "ca", "cest", "dans", "de", "des",
    "direct", "dm", "du", "en", "est", "et", "for", "go", "ici", "il", "in", "is", "je", "la",
    "le", "les", "lien", "link", "ma", "me", "mes", "moi", "mon", "on", "or", "ou", "par", "pas",
    "plus", "pour", "pv", "prive", "priv", "si", "stp", "story", "sur", "svp", "ta", "te", "the",
    "to", "ton", "tu", "un", "une", "vous", "dispo",
];

/// Arrows and emojis (`➡️`, `👉`, `⬇️`), which point at a handle.
fn is_arrow_or_emoji(c: char) -> bool {
    matches!(u32::from(c), 0x2190..=0x21FF | 0x2794..=0x27BF | 0x2B05..=0x2B07 | 0x1F000..=0x1FAFF)
}

/// Whether a char between a marker and a handle is a separator (punctuation, arrows, emoji…).
fn separator(c: char) -> bool {
    c.is_whitespace() || (!c.is_alphanumeric() && c != '_')
}

/// A marker that the normaliser rewrote, read from the original: `x` (X, not a kiss) and `tt`
/// (TikTok, which the SMS expansion reads as `tout`). Both need an explicit pointer (`:`, `@`…).
fn rewritten_marker(doc: &Doc, a: usize, b: usize) -> Option<&'static str> {
    let (word, original) = match &doc.s()[a..b] {
        w @ ("x" | "tout") => (w, doc.text.get(doc.norm.original_span(a, b).range())?),
        _ => return None,
    };
    match word {
        "x" if original.eq_ignore_ascii_case("x") => Some("x"),
        "tout" if original.eq_ignore_ascii_case("tt") => Some("tiktok"),
        _ => None,
    }
}

pub(crate) fn find(doc: &Doc, _ctx: &Context, out: &mut Vec<Identifier>) {
    let (text, norm, s) = (doc.text, doc.norm, doc.s());
    if doc.any_class & class::MARKER == 0 {
        return;
    }
    let mut last_end = None;
    let ranges = doc.toks.ranges();
    for (j, &(a, b)) in
        ranges.iter().enumerate().filter(|&(j, _)| doc.classes[j] & class::MARKER != 0)
    {
        let named = platform(&s[a..b]);
        let rewritten = if named.is_none() { rewritten_marker(doc, a, b) } else { None };
        let Some(platform) = named.or(rewritten) else {
            continue;
        };
        // `Snap chat`, `tik tok`, `insta gram`: the name written in two words.
        let b = match (&s[a..b], ranges.get(j + 1).map(|&(c, d)| (&s[c..d], d))) {
            ("snap", Some(("chat", d)))
            | ("tik", Some(("tok", d)))
            | ("insta", Some(("gram", d))) => d,
            _ => b,
        };
        let marker = doc.orig(a, b);
        // Skip separators after the marker, noting whether one is an explicit pointer.
        let rest = &text[marker.end..];
        let mut start = marker.end;
        // After an emoji marker (`👻`), only `:`/`@`/`=` or a handle-looking word count: `👻 text`
        // is decoration.
        let emoji_marker = s[a..b].starts_with(':');
        let mut pointer = false;
        let mut at = false;
        let mut paren = false;
        let mut stop = false;
        // A line break between the platform and the handle: the handle must look like one.
        let mut newline = false;
        for (i, c) in rest.char_indices() {
            // Sentence punctuation between the platform and the next word: no handle.
            if matches!(c, '.' | '?' | '!' | ')' | ',' | ';' | '…') || (c == '\n' && newline) {
                stop = true;
                break;
            }
            newline |= c == '\n';
            if !separator(c) || i > 12 {
                start = marker.end + i;
                break;
            }
            // `:`, `@`, `=`, `-`, `/`, arrows and emojis point at a handle; `!`, `)`, `...` end
            // a sentence.
            paren |= c == '(';
            pointer |= matches!(c, ':' | '@' | '=' | '>' | '-' | '/' | '|' | '_')
                && !(emoji_marker && c == '_')
                || (!emoji_marker && is_arrow_or_emoji(c));
            at |= c == '@';
            start = marker.end + i + c.len_utf8();
        }
        if stop {
            continue;
        }
        // `mon snap c'est lea_75`: the words that introduce a handle in a sentence.
        start += intro_len(&text[start..]);
        let (lower, end) = read_handle(text, start, platform);
        let marked = lower.contains(|c: char| c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        // `Instagram (ariaspassion)` (seen in the Backpage ads): a handle alone in parentheses.
        let pointer = pointer || (paren && text[end..].starts_with(')'));
        if lower.len() < 3
            || lower.len() > 30
            || !lower.chars().any(|c| c.is_ascii_alphabetic())
            || NOT_HANDLES.contains(&lower.as_str())
            || (text[marker.end..].starts_with('.')
                && matches!(lower.as_str(), "com" | "fr" | "net" | "org" | "me" | "co"))
            || !(pointer || marked)
            || (newline && !marked && !at && !rest.trim_start().starts_with(':'))
            || (rewritten == Some("x") && !at)
            || (rewritten == Some("tiktok") && !pointer)
        {
            continue;
        }
        // `Snapchat 👻 @ex_emple`: two markers, one handle.
        if last_end == Some(end) {
            continue;
        }
        last_end = Some(end);
        let span = Span::new(marker.start, end);
        let mut id = Identifier::new(
            IdentifierKind::Handle,
            format!("{platform}:{lower}"),
            span,
            &text[marker.start..end],
        );
        id.platform = Some(platform.to_owned());
        id.obfuscated = norm.obfuscated(a, b);
        out.push(id);
    }
}

/// Words that introduce a handle after the platform's name (`mon snap c'est lea_75`): the bytes
/// they take at the start of `rest`, with the spaces after them.
fn intro_len(rest: &str) -> usize {
    let word_len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '\'' | '’')))
        .map_or(rest.len(), |(i, _)| i);
    let word = rest[..word_len].to_lowercase();
    let after = &rest[word_len..];
    // `c h l o e`: a handle spelled letter by letter, not `c'` for `c'est`.
    let next = after.trim_start_matches([' ', ':']);
    if word == "c" && next.chars().nth(1).is_none_or(|c| c == ' ') {
        return 0;
    }
    if matches!(word.as_str(), "c'est" | "c’est" | "cest" | "c" | "ces" | "sé" | "se")
        && after.starts_with([' ', ':'])
    {
        word_len + after.len() - after.trim_start_matches([' ', ':']).len()
    } else {
        0
    }
}

/// Punctuation spelled out inside a handle: (words, what they stand for). Longest first.
const SPOKEN: &[(&str, char)] = &[
    (" tiret du bas ", '_'),
    (" tiret bas ", '_'),
    (" underscore ", '_'),
    (" point ", '.'),
    (" dot ", '.'),
];

/// Reads the handle starting at `start`: its lower-case value and where it ends. Joins the parts
/// of a handle whose punctuation is spelled out (`lea underscore 75` → `lea_75`) and a handle
/// spelled letter by letter (`e m m a 7 5` → `emma75`, at least four letters). Hand-written: the
/// rules are about words around the handle, which no handle parser knows.
fn read_handle(text: &str, start: usize, platform: &str) -> (String, usize) {
    let chunk = |at: usize| -> usize {
        text[at..].chars().take_while(|&c| handle_char(platform, c)).map(char::len_utf8).sum()
    };
    let mut end = start + chunk(start);
    let mut value = text[start..end].to_ascii_lowercase();
    // Spelled letter by letter.
    if end - start == 1 {
        let mut at = end;
        let mut letters = value.clone();
        while let Some(next) = text[at..].strip_prefix(' ')
            && let Some(c) = next.chars().next()
            && c.is_ascii_alphanumeric()
            && !next[1..].starts_with(|c: char| c.is_alphanumeric())
        {
            letters.push(c.to_ascii_lowercase());
            at += 2;
        }
        if letters.len() >= 4 {
            return (letters, at);
        }
    }
    loop {
        let rest = &text[end..];
        let mut joined = false;
        for &(words, c) in SPOKEN {
            if c == '.' && !handle_char(platform, '.') {
                continue;
            }
            let mut n = 0;
            let mut at = 0;
            // `underscore underscore`: the spoken word once per character.
            while rest.get(at..at + words.len()).is_some_and(|w| w.eq_ignore_ascii_case(words)) {
                n += 1;
                at += words.len() - 1;
            }
            if n > 0 {
                let next = chunk(end + at + 1);
                if next > 0 {
                    (0..n).for_each(|_| value.push(c));
                    value.push_str(&text[end + at + 1..end + at + 1 + next].to_ascii_lowercase());
                    end += at + 1 + next;
                    joined = true;
                    break;
                }
            }
        }
        if !joined {
            break;
        }
    }
    // A trailing dot or dash ends the sentence, not the handle.
    let trimmed = value.trim_end_matches(['.', '-']).len();
    end -= value.len() - trimmed;
    value.truncate(trimmed);
    (value, end)
}
