//! Disguised prices: the amount in words, in slang (`2k`, `1k5`), with a thousands space or in
//! styled digits; the currency as a word or slang (`euros`, `balles`, glued `150e`) or left out
//! when a rate unit says it; the unit after (`la nuit`, `de l'heure`, `/h`) or before (`1h 150€`).

use vigie_model::IdentifierKind;

use super::number::{amount_words, keycaps, styled};
use super::{Case, Rng, Spec};

pub(crate) const SPEC: Spec = Spec {
    kind: IdentifierKind::Price,
    families: &[
        // `cent cinquante`, `deux cents`, `mille cinq cents`.
        ("words", 0),
        // `2k`, `1k5`.
        ("k-slang", 0),
        // `1 500`.
        ("thousands-space", 0),
        // Keycap or styled digits.
        ("styled", 0),
        // ` euros`, ` eur`, `e` glued.
        ("currency-word", 1),
        // ` balles`.
        ("currency-slang", 1),
        // No currency: a linked rate unit says it is a price (`150 la nuit`).
        ("currency-none", 1),
        // ` la nuit`, ` de l'heure`, `/h`, ` par jour`…
        ("unit-after", 2),
        // `1h 150€`, `la nuit 300€`.
        ("unit-before", 2),
    ],
    compatible,
    write,
};

fn compatible(f: &[&'static str]) -> bool {
    // `1h cent cinquante` without a currency is a time and a number to anyone.
    !(f.contains(&"currency-none") && f.contains(&"unit-before") && f.contains(&"words"))
}

/// Units after the amount: (text, value).
const UNITS_AFTER: &[(&str, &str)] = &[
    (" la nuit", "night"),
    (" l'heure", "1h"),
    (" de l'heure", "1h"),
    (" la demi-heure", "30min"),
    (" par jour", "day"),
    (" la soirée", "evening"),
    (" par semaine", "week"),
    ("/h", "1h"),
    (" /nuit", "night"),
    (" par mois", "month"),
];
/// Units before the amount: (text, value).
const UNITS_BEFORE: &[(&str, &str)] =
    &[("1h ", "1h"), ("30min ", "30min"), ("la nuit ", "night"), ("2h ", "2h")];

const SMALL: &[usize] = &[50, 80, 100, 120, 150, 200, 250, 300, 400, 500, 800];
const LARGE: &[usize] = &[1000, 1500, 2000, 2500, 3000, 5000];

fn write(rng: &mut Rng, families: &[&'static str]) -> Case {
    let has = |f: &str| families.contains(&f);
    let large = has("k-slang") || has("thousands-space") || (has("words") && rng.one_in(3));
    let amount = if large { *rng.pick(LARGE) } else { *rng.pick(SMALL) };
    let digits = amount.to_string();
    let amount_text = if has("words") {
        amount_words(amount)
    } else if has("k-slang") {
        let (th, h) = (amount / 1000, amount % 1000 / 100);
        if h == 0 { format!("{th}k") } else { format!("{th}k{h}") }
    } else if has("thousands-space") {
        format!("{} {:03}", amount / 1000, amount % 1000)
    } else if has("styled") {
        match rng.below(3) {
            0 => keycaps(&digits),
            n => styled(&digits, n == 1),
        }
    } else {
        digits
    };
    let currency = if has("currency-word") {
        if has("words") {
            *rng.pick(&[" euros", " eur"])
        } else {
            *rng.pick(&[" euros", " eur", "e", " EUR"])
        }
    } else if has("currency-slang") {
        " balles"
    } else if has("currency-none") {
        ""
    } else {
        *rng.pick(&["€", " €"])
    };
    let (mut before_unit, mut after_unit, mut unit) = ("", "", None);
    if has("unit-before") {
        let &(t, u) = rng.pick(UNITS_BEFORE);
        (before_unit, unit) = (t, Some(u));
    } else if has("unit-after") || has("currency-none") {
        let &(t, u) = rng.pick(UNITS_AFTER);
        (after_unit, unit) = (t, Some(u));
    }
    let ident = format!("{before_unit}{amount_text}{currency}{after_unit}");
    let value = match unit {
        Some(u) => format!("{amount} EUR/{u}"),
        None => format!("{amount} EUR"),
    };
    let before = *rng.pick(&["", "c'est ", "tu peux te faire ", "dispo ", "tarif ", "je prends "]);
    let after = *rng.pick(&["", " non négociable", " !", " facile", " seulement"]);
    super::case(IdentifierKind::Price, before, &ident, after, value, families)
}
