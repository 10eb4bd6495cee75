//! Disguised ages: the number in words, keycaps or letters for digits; the unit abbreviated
//! (`15a`, `15ans`, `15yo`) or left out (`j'ai 15 et toi`); the introduction in SMS spelling (`jai`,
//! `g`, `moi`) or none (a message opening on the age).

use vigie_model::IdentifierKind;

use super::number::{french_words, keycaps};
use super::{Case, Rng, Spec};

pub(crate) const SPEC: Spec = Spec {
    kind: IdentifierKind::Age,
    families: &[
        // `quinze ans`, `dix-sept ans`.
        ("words", 0),
        // `1️⃣5️⃣ ans`.
        ("keycap", 0),
        // `l5 ans` (`l` for 1).
        ("letters", 0),
        // `15a`, `15ans`, `15 a`, `15yo`.
        ("abbrev", 1),
        // `j'ai 15 et toi ?`.
        ("no-unit", 1),
        // `jai`, `g`, `moi`, `j ai`.
        ("sms-intro", 2),
        // `15 ans et toi ?` opening the message; `elle a 15 ans`.
        ("other-intro", 2),
    ],
    compatible,
    write,
};

fn compatible(f: &[&'static str]) -> bool {
    let has = |x: &str| f.contains(&x);
    // `quinzea` is no word; `moi 15` and `15 et toi` opening a message are not ages to anyone.
    !(has("words") && has("abbrev")) && !(has("no-unit") && (has("other-intro") || has("letters")))
}

fn write(rng: &mut Rng, families: &[&'static str]) -> Case {
    let has = |f: &str| families.contains(&f);
    // Letters for digits need a 1 to write as `l`.
    let age = if has("letters") {
        *rng.pick(&[11, 12, 13, 14, 15, 16, 17, 18, 19, 21])
    } else {
        11 + rng.below(14)
    };
    let digits = age.to_string();
    let number = if has("words") {
        french_words(age, rng.one_in(2))
    } else if has("keycap") {
        keycaps(&digits)
    } else if has("letters") {
        // One `1` as `l` (a number with no figure left, `ll ans`, is not read: see the docs).
        digits.replacen('1', "l", 1)
    } else {
        digits.clone()
    };
    let unit = if has("abbrev") {
        *rng.pick(&["a", "ans", " a", "yo"])
    } else if has("no-unit") {
        ""
    } else {
        " ans"
    };
    let ident = format!("{number}{unit}");
    let (before, after): (&str, &str) = if has("sms-intro") {
        (
            *rng.pick(&["jai ", "g ", "moi ", "j ai ", "moi jai "]),
            *rng.pick(&["", " et toi", " lol"]),
        )
    } else if has("other-intro") {
        *rng.pick(&[
            ("", " et toi ?"),
            ("", ", dispo"),
            ("elle a ", ""),
            ("ma soeur a ", " et elle"),
        ])
    } else if has("no-unit") {
        ("j'ai ", *rng.pick(&["", " et toi ?", " et toi", " mdr"]))
    } else {
        (
            *rng.pick(&["j'ai ", "moi j'ai ", "j'ai que ", "sinon j'ai "]),
            *rng.pick(&["", " et toi", " !"]),
        )
    };
    super::case(IdentifierKind::Age, before, &ident, after, digits, families)
}
