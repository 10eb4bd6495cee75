//! Prices, rates and earnings claims: `200€`, `50 balles`, `150 roses`, `100 la demi-heure`,
//! `1h 150`, `1 500 € par jour`, `1000€/semaine`.
//!
//! Read on the normalised tokens (`€ $` are their own tokens there, `/` and `-` are spaces). A price
//! needs an amount and a currency or a rate unit; a bare number is never a price.

use vigie_model::{Identifier, IdentifierKind};

use crate::Context;
use crate::toks::{Doc, class};

/// The ISO 4217 currency a normalised token names.
fn currency(tok: &str) -> Option<&'static str> {
    Some(match tok {
        "€" | "euro" | "euros" | "eur" | "bales" | "bale" | "e" => "EUR",
        "$" | "dolar" | "dolars" | "usd" | "roses" | "donations" => "USD",
        "£" | "gbp" => "GBP",
        "chf" => "CHF",
        _ => return None,
    })
}

/// A duration token such as `1h`, `2h`, `30min`, `30mn`, `15m` as a unit name.
fn duration_token(tok: &str) -> Option<String> {
    let digits = tok.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let (n, suffix) = tok.split_at(digits);
    let n: u32 = n.parse().ok()?;
    match suffix {
        "h" | "hr" | "hrs" | "heure" | "heures" | "hour" | "hours" if (1..=24).contains(&n) => {
            Some(format!("{n}h"))
        }
        "min" | "mn" | "mins" | "minutes" | "m" if (5..=90).contains(&n) => Some(format!("{n}min")),
        _ => None,
    }
}

/// A rate unit starting at token `i` (`la demi heure`, `l heure`, `par jour`, `30min`, `hh`…):
/// the unit name and the number of tokens it takes.
fn unit_at(toks: &[&str], i: usize, slash: bool) -> Option<(String, usize)> {
    let t = |k: usize| toks.get(i + k).copied().unwrap_or("");
    // Optional linking words: `la`, `l`, `par`, `le`, `per`, `a`, `the`, `pour`, `de l`,
    // `de la` (`150 de l'heure`).
    let lead = if t(0) == "de" && matches!(t(1), "l" | "la") {
        2
    } else {
        usize::from(matches!(t(0), "la" | "l" | "par" | "le" | "per" | "a" | "the" | "pour" | "an"))
    };
    let w = |k: usize| t(lead + k);
    let (unit, len) = match (w(0), w(1)) {
        ("demi", "heure" | "h") | ("1", "2h") | ("half", "hour" | "hr") => ("30min".to_owned(), 2),
        ("heure" | "hour" | "hr" | "h", _) => ("1h".to_owned(), 1),
        ("nuit" | "night" | "nuite" | "overnight", _) => ("night".to_owned(), 1),
        ("soire" | "soiree" | "evening", _) => ("evening".to_owned(), 1),
        ("jour" | "journe" | "day" | "jr" | "j", _) => ("day".to_owned(), 1),
        ("semaine" | "week" | "sem" | "wk", _) => ("week".to_owned(), 1),
        ("mois" | "month", _) => ("month".to_owned(), 1),
        (tok, _) => (duration_token(tok)?, 1),
    };
    // A bare `h` or `j` must follow a linking word or a slash (`la j`, `/h`).
    if lead == 0 && !slash && matches!(w(0), "h" | "j") && len == 1 {
        return None;
    }
    Some((unit, lead + len))
}

/// An amount token: `150`, `150e` (glued euro sign read as `e`), `2k` and `1k5` (thousands;
/// `1.5k` is not handled).
fn amount_token(tok: &str) -> Option<(u64, Option<&'static str>)> {
    if let Some((th, rest)) = tok.split_once('k')
        && (1..=2).contains(&th.len())
        && th.bytes().all(|b| b.is_ascii_digit())
        && let (rest, glued) = rest.strip_suffix('e').map_or((rest, None), |r| (r, Some("EUR")))
        && rest.len() <= 1
        && rest.bytes().all(|b| b.is_ascii_digit())
    {
        // `3ke`, `1k5e`: thousands of euros.
        let th: u64 = th.parse().ok()?;
        let hundreds: u64 = if rest.is_empty() { 0 } else { rest.parse().ok()? };
        return (th > 0).then_some((th * 1000 + hundreds * 100, glued));
    }
    let (num, cur) = match tok.strip_suffix('e') {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => (n, Some("EUR")),
        _ => (tok, None),
    };
    if num.is_empty() || num.len() > 7 || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: u64 = num.parse().ok()?;
    (v > 0).then_some((v, cur))
}

/// Number words the normaliser leaves as words (it turns `deux` into `2` but keeps `cent` and
/// `mille`, normalised `mile`): they multiply (`2 cents` = 200, `mile 5 cents` = 1500).
pub(crate) const AMOUNT_WORDS: &[&str] = &["cent", "cents", "mile"];

/// A small number token (`2`, `50`): at most `max`.
fn small(tok: &str, max: u64) -> Option<u64> {
    (!tok.is_empty() && tok.len() <= 3 && tok.bytes().all(|b| b.is_ascii_digit()))
        .then(|| tok.parse().ok())
        .flatten()
        .filter(|&n| (1..=max).contains(&n))
}

/// Hundreds written in words from token `i`: `cent`, `cent 50`, `2 cents`, `3 cent 20`; the
/// value and the tokens taken.
fn hundreds_at(toks: &[&str], i: usize) -> Option<(u64, usize)> {
    let t = |k: usize| toks.get(i + k).copied().unwrap_or("");
    let (times, at) = match (t(0), t(1)) {
        ("cent", _) => (1, 0),
        (d, "cent" | "cents") => (small(d, 9).filter(|&n| n >= 2)?, 1),
        _ => return None,
    };
    let rest = small(t(at + 1), 99);
    Some((times * 100 + rest.unwrap_or(0), at + 1 + usize::from(rest.is_some())))
}

/// An amount written (partly) in words from token `i` (`2 cents`, `cent 50`, `mile`,
/// `2 mile 5 cents`): the value and the tokens taken. French only: `50 cents` and `2 mile`
/// are something else in English.
fn amount_words_at(toks: &[&str], i: usize) -> Option<(u64, usize)> {
    let t = |k: usize| toks.get(i + k).copied().unwrap_or("");
    let thousands = match (t(0), t(1)) {
        ("mile", _) => Some((1, 1)),
        (d, "mile") => small(d, 99).filter(|&n| n >= 2).map(|n| (n, 2)),
        _ => None,
    };
    if let Some((th, len)) = thousands {
        let (rest, more) = hundreds_at(toks, i + len)
            .or_else(|| small(t(len), 99).map(|n| (n, 1)))
            .unwrap_or((0, 0));
        return Some((th * 1000 + rest, len + more));
    }
    hundreds_at(toks, i)
}

pub(crate) fn find(doc: &Doc, ctx: &Context, out: &mut Vec<Identifier>) {
    // Every amount is a token of digits or a number word (`cent`, `mille`).
    if doc.digits == 0 && doc.any_class & class::AMOUNT_WORD == 0 {
        return;
    }
    let (text, s) = (doc.text, doc.s());
    let spans = doc.toks.ranges();
    let toks: Vec<&str> = spans.iter().map(|&(a, b)| &s[a..b]).collect();
    let us = ctx.region.eq_ignore_ascii_case("US");
    let phones: Vec<vigie_model::Span> =
        out.iter().filter(|id| id.kind == IdentifierKind::Phone).map(|id| id.span).collect();
    let mut used_until = 0; // first token index not yet consumed by a price
    let mut i = 0;
    while i < toks.len() {
        // Currency before the amount: `$150`, `€ 200`.
        let pre_cur = (i >= used_until.max(1)).then(|| currency(toks[i - 1])).flatten();
        let pre_cur = pre_cur.filter(|_| matches!(toks[i - 1], "$" | "€" | "£"));
        let words = if us { None } else { amount_words_at(&toks, i) };
        let Some((mut amount, mut glued, taken)) = words
            .map(|(a, n)| (a, None, n))
            .or_else(|| amount_token(toks[i]).map(|(a, g)| (a, g, 1)))
        else {
            i += 1;
            continue;
        };
        let here = doc.orig(spans[i].0, spans[i + taken - 1].1);
        // Not inside a phone; not `007341`; not a vulgar fraction (`½` reads `1 2`). Styled
        // digits (`𝟐𝟎𝟎€`, `１５０`) are amounts.
        let original = &text[here.start..here.end];
        if phones.iter().any(|p| p.start < here.end && here.start < p.end)
            || (toks[i].len() > 1 && toks[i].starts_with('0'))
            || original.chars().any(|c| matches!(c, '\u{BC}'..='\u{BE}' | '\u{2150}'..='\u{215F}'))
        {
            i += 1;
            continue;
        }
        // `3e`, `16e siecle`, `1920 e`: ordinals and years, not euros. A glued or lone `e`
        // reads as euros from 30, outside years, and not before an ordinal's noun.
        let e_next = if glued.is_some() { i + taken } else { i + taken + 1 };
        let e_ok = amount >= 30
            && !(1000..=2100).contains(&amount)
            && !matches!(
                toks.get(e_next).copied(),
                Some(
                    "siecle"
                        | "arondisement"
                        | "ar"
                        | "etage"
                        | "place"
                        | "rang"
                        | "edition"
                        | "ane"
                        | "fois"
                        | "jour"
                        | "round"
                )
            );
        let lone_e = toks.get(i + taken) == Some(&"e");
        if glued.is_some() && !e_ok {
            i += 1;
            continue;
        }
        let lone_e_ok = !lone_e || e_ok;
        if us {
            // `36E` in a US ad is a size, not euros.
            glued = None;
            if toks[i].ends_with('e') {
                i += 1;
                continue;
            }
        }
        let mut end = i + taken;
        let slash_before = |k: usize| {
            k > 0
                && k < spans.len()
                && text
                    .get(
                        doc.orig(spans[k - 1].0, spans[k - 1].1).end
                            ..doc.orig(spans[k].0, spans[k].1).start,
                    )
                    .is_some_and(|between| between.contains('/'))
        };
        // A rate unit right before the amount (`1h 2 500`).
        let unit_before = (1..=3).any(|back| {
            i >= back + used_until
                && unit_at(&toks, i - back, false).is_some_and(|(_, len)| len == back)
        });
        // Written as an amount of thousands (`2k`, `1k5`, `1 500`): may be large without a
        // currency (`2k5 la soirée`), unlike a bare four-digit number (a year).
        let mut thousands = toks[i].contains('k') || toks[i..i + taken].contains(&"mile");
        // Thousands written apart: `1 500`, before a currency or a linked unit (`2 500 par mois`).
        let in_digit_run = i > 0 && toks[i - 1].bytes().all(|b| b.is_ascii_digit());
        if glued.is_none()
            && taken == 1
            && !in_digit_run
            && amount < 1000
            && let Some(hundreds) = toks.get(end).and_then(|t| {
                let (digits, e) = t.strip_suffix('e').map_or((*t, false), |d| (d, true));
                (digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| (digits.parse::<u64>().unwrap_or(0), e))
            })
            && (hundreds.1
                || unit_before
                || toks.get(end + 1).is_some_and(|t| {
                    currency(t).is_some()
                        || (matches!(*t, "la" | "l" | "par" | "de")
                            && unit_at(&toks, end + 1, false).is_some())
                })
                || unit_at(&toks, end + 1, slash_before(end + 1)).is_some()
                    && slash_before(end + 1))
        {
            amount = amount * 1000 + hundreds.0;
            end += 1;
            thousands = true;
            if hundreds.1 {
                glued = Some("EUR");
            }
        }
        let mut cur = glued.or(pre_cur);
        if cur.is_none()
            && let Some(c) = toks.get(end).and_then(|t| currency(t))
            && !(toks[end] == "e" && (us || !lone_e_ok))
        {
            cur = Some(c);
            end += 1;
        }
        if toks.get(end - 1).is_some_and(|t| *t == "roses") {
            cur = Some("USD");
        }
        // Unit right after (`100 la demi heure`, `200€ 1h` unless 1h starts the next price).
        let mut unit = None;
        if let Some((u, len)) = unit_at(&toks, end, slash_before(end)) {
            let next_is_amount = toks.get(end + len).is_some_and(|t| amount_token(t).is_some());
            let linked = matches!(
                toks[end],
                "la" | "l" | "par" | "per" | "a" | "le" | "the" | "pour" | "an" | "de"
            );
            // Without a currency, the unit must be linked (`100 la demi heure`, `80/hr`).
            let slash = slash_before(end);
            let bare_ok = cur.is_some() || linked || slash;
            if bare_ok
                && (linked
                    || !next_is_amount
                    || cur.is_some() && duration_token(toks[end]).is_none())
            {
                unit = Some(u);
                end += len;
            }
        }
        let mut start = if pre_cur.is_some() && glued.is_none() { i - 1 } else { i };
        // Unit right before (`1h 150`, `30min 100€`).
        if unit.is_none() && i > used_until {
            for back in (1..=3).rev() {
                if i >= back + used_until
                    && let Some((u, len)) = unit_at(&toks, i - back, false)
                    && len == back
                {
                    unit = Some(u);
                    start = i - back;
                    break;
                }
            }
        }
        // A number with a unit but no currency is a price only as a rate (`1h 150`, `100 la
        // demi heure`), and then only a plausible one.
        // A clock time (`14h 30`, `1h 30`) is not a rate: a duration before a bare amount must be
        // a rate's (at most 3h) and the amount at least 50.
        let is_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        let neighbour_digits = (start > 0 && is_digits(toks[start - 1]))
            || toks.get(end).is_some_and(|t| is_digits(t));
        let time_like = start < i
            && duration_token(toks[start]).is_some_and(|u| {
                u.strip_suffix('h').and_then(|h| h.parse::<u32>().ok()).is_some_and(|h| h > 3)
            });
        if cur.is_none()
            && (unit.is_none()
                || amount < 20
                || toks[i].starts_with('0')
                || (start < i && (amount < 50 || time_like))
                || (amount > 2000 && !thousands)
                || neighbour_digits
                || matches!(toks.get(end).copied(), Some("min" | "mn" | "h")))
        {
            i += 1;
            continue;
        }
        let currency = cur.unwrap_or(if us { "USD" } else { "EUR" });
        let span = doc.orig(spans[start].0, spans[end - 1].1);
        let value = match &unit {
            Some(u) => format!("{amount} {currency}/{u}"),
            None => format!("{amount} {currency}"),
        };
        let mut id =
            Identifier::new(IdentifierKind::Price, value, span, &text[span.start..span.end]);
        #[expect(clippy::cast_precision_loss, reason = "amounts have at most 7 digits")]
        {
            id.amount = Some(amount as f64);
        }
        id.currency = Some(currency.to_owned());
        id.unit = unit;
        out.push(id);
        used_until = end;
        i = end;
    }
}
