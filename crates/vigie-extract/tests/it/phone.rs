//! Phone numbers through their disguises.

use proptest::prelude::*;
use vigie_extract::{Context, extract_kinds};
use vigie_model::IdentifierKind;

fn phones_in(text: &str, region: &str) -> Vec<(String, String, bool)> {
    let ctx = Context { region: region.to_owned(), timestamp: None };
    let norm = vigie_text::normalize(text);
    extract_kinds(&[IdentifierKind::Phone], text, &norm, &ctx)
        .into_iter()
        .map(|i| (i.value, i.matched, i.obfuscated))
        .collect()
}

/// (text, expected E.164, expected original span text, expected obfuscated)
const FRENCH: &[(&str, &str, &str, bool)] = &[
    ("appelle 06 12 34 56 78 stp", "+33612345678", "06 12 34 56 78", false),
    ("tel 06.12.34.56.78", "+33612345678", "06.12.34.56.78", false),
    ("06-12-34-56-78 dispo", "+33612345678", "06-12-34-56-78", false),
    ("0612345678", "+33612345678", "0612345678", false),
    ("+33 6 12 34 56 78", "+33612345678", "+33 6 12 34 56 78", false),
    ("+33 (0)6 12 34 56 78", "+33612345678", "+33 (0)6 12 34 56 78", false),
    ("0033612345678", "+33612345678", "0033612345678", false),
    ("fixe 01 42 68 53 00", "+33142685300", "01 42 68 53 00", false),
    (
        "zéro six douze trente-quatre cinquante-six soixante-dix-huit",
        "+33612345678",
        "zéro six douze trente-quatre cinquante-six soixante-dix-huit",
        true,
    ),
    ("O6 l2 34 56 78", "+33612345678", "O6 l2 34 56 78", true),
    ("06 OO OO 12 34", "+33600001234", "06 OO OO 12 34", true),
    ("0️⃣6️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣", "+33612345678", "0️⃣6️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣", true),
    ("06*12*34*56*78", "+33612345678", "06*12*34*56*78", true),
    ("06 💋 12 34 56 78", "+33612345678", "06 💋 12 34 56 78", true),
    ("zero6 12 34 56 78", "+33612345678", "zero6 12 34 56 78", true),
    ("mon num c 06 12 34 et la fin 56 78", "+33612345678", "06 12 34 et la fin 56 78", true),
    ("𝟎𝟔 12 34 56 78", "+33612345678", "𝟎𝟔 12 34 56 78", true),
    ("0I 42 68 53 00", "+33142685300", "0I 42 68 53 00", true),
    ("+33 6.12.34.56.78", "+33612345678", "+33 6.12.34.56.78", false),
    ("06 00 00 12 34 150€ la demi-heure", "+33600001234", "06 00 00 12 34", false),
    ("06/12/34/56/78", "+33612345678", "06/12/34/56/78", false),
    ("réunion 0262 12 34 56", "+262262123456", "0262 12 34 56", false),
    ("guadeloupe 0590 27 88 00", "+590590278800", "0590 27 88 00", false),
];

#[test]
fn french_formats_and_disguises() {
    for &(text, value, matched, obf) in FRENCH {
        let got = phones_in(text, "FR");
        assert_eq!(got, vec![(value.to_owned(), matched.to_owned(), obf)], "{text}");
    }
}

#[test]
fn two_numbers_in_one_text() {
    let got = phones_in("06 12 34 56 78 ou 07 81 23 45 67", "FR");
    let values: Vec<&str> = got.iter().map(|(v, _, _)| v.as_str()).collect();
    assert_eq!(values, ["+33612345678", "+33781234567"]);
}

#[test]
fn us_numbers_with_region_us() {
    for (text, value, matched, obf) in [
        ("call (212) 555-0123 now", "+12125550123", "(212) 555-0123", false),
        ("212.555.0123", "+12125550123", "212.555.0123", false),
        (
            "two one two five five five zero one two three",
            "+12125550123",
            "two one two five five five zero one two three",
            true,
        ),
    ] {
        assert_eq!(
            phones_in(text, "US"),
            vec![(value.to_owned(), matched.to_owned(), obf)],
            "{text}"
        );
    }
}

#[test]
fn no_phone_from_prices_dates_postcodes_times_years_ids() {
    for text in [
        "1500 €",
        "1 500 € par jour",
        "rdv à 14h30",
        "Paris 75011",
        "née en 2009",
        "le 12/03/2009",
        "ref 123456789012345678",
        "12 03 2009 75011",
        "150 roses 1h",
        "ol ol",
        "zero6 39 . 98",
        "06 12 34 56",
        "le 06/12/2024 à 14h30",
    ] {
        assert_eq!(phones_in(text, "FR"), vec![], "{text}");
    }
}

fn mobile() -> impl Strategy<Value = String> {
    (prop::sample::select(vec!['6', '7']), prop::collection::vec(0u8..10, 8))
        .prop_map(|(p, d)| {
            let mut s = String::from("0");
            s.push(p);
            s.extend(d.iter().map(|x| char::from(b'0' + x)));
            s
        })
        .prop_filter("valid", |s| {
            phonenumber::parse(Some(phonenumber::country::Id::FR), s)
                .is_ok_and(|n| phonenumber::is_valid(&n))
        })
}

proptest! {
    #[test]
    fn french_mobiles_round_trip(num in mobile(), fmt in 0usize..4) {
        let pairs: Vec<&str> = (0..5).map(|i| &num[2 * i..2 * i + 2]).collect();
        let text = match fmt {
            0 => pairs.join(" "),
            1 => pairs.join("."),
            2 => format!("+33 {}", &pairs.join(" ")[1..]),
            _ => format!("0033{}", &num[1..]),
        };
        let parsed = phonenumber::parse(Some(phonenumber::country::Id::FR), &num).unwrap();
        let e164 = parsed.format().mode(phonenumber::Mode::E164).to_string();
        let reparsed = phonenumber::parse(None, &e164).unwrap();
        prop_assert_eq!(parsed.code().value(), reparsed.code().value());
        prop_assert_eq!(parsed.national(), reparsed.national());
        prop_assert!(phonenumber::is_valid(&reparsed));
        let got = phones_in(&format!("dispo {text} ok"), "FR");
        prop_assert_eq!(got, vec![(e164, text, false)]);
    }
}

#[test]
fn digits_cut_into_single_groups_are_obfuscated() {
    let got = phones_in("0.6.1.2 3.4 5.6 7.8", "FR");
    assert_eq!(got, vec![("+33612345678".to_owned(), "0.6.1.2 3.4 5.6 7.8".to_owned(), true)]);
}

fn phones_with_validity(text: &str, region: &str) -> Vec<(String, String, bool, Option<bool>)> {
    let ctx = Context { region: region.to_owned(), timestamp: None };
    let norm = vigie_text::normalize(text);
    extract_kinds(&[IdentifierKind::Phone], text, &norm, &ctx)
        .into_iter()
        .map(|i| (i.value, i.matched, i.obfuscated, i.valid))
        .collect()
}

/// French mobile numbers in ranges the numbering metadata does not list (reserved or newly
/// opened): they stay French, marked not valid, through every disguise the reader handles
/// (issue 21). (text, expected original span text, expected obfuscated)
const UNLISTED_FRENCH: &[(&str, &str, bool)] = &[
    ("appelle 07 00 00 52 19 stp", "07 00 00 52 19", false),
    ("tel 07.00.00.52.19", "07.00.00.52.19", false),
    ("07-00-00-52-19 dispo", "07-00-00-52-19", false),
    ("0700005219", "0700005219", false),
    ("+33 7 00 00 52 19", "+33 7 00 00 52 19", false),
    ("+33 (0)7 00 00 52 19", "+33 (0)7 00 00 52 19", false),
    ("0033700005219", "0033700005219", false),
    ("07/00/00/52/19", "07/00/00/52/19", false),
    (
        "zéro sept zéro zéro zéro zéro cinquante-deux dix-neuf",
        "zéro sept zéro zéro zéro zéro cinquante-deux dix-neuf",
        true,
    ),
    ("O7 OO OO 52 l9", "O7 OO OO 52 l9", true),
    ("0️⃣7️⃣0️⃣0️⃣0️⃣0️⃣5️⃣2️⃣1️⃣9️⃣", "0️⃣7️⃣0️⃣0️⃣0️⃣0️⃣5️⃣2️⃣1️⃣9️⃣", true),
    ("07*00*00*52*19", "07*00*00*52*19", true),
    ("07 💋 00 00 52 19", "07 💋 00 00 52 19", true),
    ("zero7 00 00 52 19", "zero7 00 00 52 19", true),
    ("mon num c 07 00 00 et la fin 52 19", "07 00 00 et la fin 52 19", true),
    ("𝟎𝟕 00 00 52 19", "𝟎𝟕 00 00 52 19", true),
    ("0.7.0.0 0.0 5.2 1.9", "0.7.0.0 0.0 5.2 1.9", true),
    ("07 point 00 tiret 00 point 52 point 19", "07 point 00 tiret 00 point 52 point 19", true),
];

#[test]
fn unlisted_french_mobiles_stay_french_and_not_valid() {
    for &(text, matched, obf) in UNLISTED_FRENCH {
        let got = phones_with_validity(text, "FR");
        let want = vec![("+33700005219".to_owned(), matched.to_owned(), obf, Some(false))];
        assert_eq!(got, want, "{text}");
    }
    for (text, matched) in [
        ("06 39 98 41 27", "06 39 98 41 27"),
        ("dispo au 06.39.98.41.27 ce soir", "06.39.98.41.27"),
        (
            "zéro six trente-neuf quatre-vingt-dix-huit quarante et un vingt-sept",
            "zéro six trente-neuf quatre-vingt-dix-huit quarante et un vingt-sept",
        ),
        ("+33 6 39 98 41 27", "+33 6 39 98 41 27"),
    ] {
        let got = phones_with_validity(text, "FR");
        let value = "+33639984127".to_owned();
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(
            (&got[0].0, got[0].1.as_str(), got[0].3),
            (&value, matched, Some(false)),
            "{text}"
        );
    }
}

#[test]
fn valid_numbers_carry_no_validity_mark() {
    for (text, region, value) in [
        ("appelle 06 12 34 56 78", "FR", "+33612345678"),
        ("réunion 0262 12 34 56", "FR", "+262262123456"),
        ("guadeloupe 0590 27 88 00", "FR", "+590590278800"),
        ("0692 12 34 56", "FR", "+262692123456"),
        // 0639 is Mayotte's mobile block: valid there, not in metropolitan France.
        ("06 39 01 23 45", "FR", "+262639012345"),
        ("Saint-Pierre +508 41 12 34", "FR", "+508411234"),
        ("appelle le 00 508 41 12 34", "FR", "+508411234"),
        ("call (212) 555-0123 now", "US", "+12125550123"),
    ] {
        let got = phones_with_validity(text, region);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!((got[0].0.as_str(), got[0].3), (value, None), "{text}");
    }
}

#[test]
fn a_region_the_text_names_is_tried_when_the_number_is_possible_there() {
    // Not valid anywhere; possible in Mayotte, which the text names.
    let got = phones_with_validity("à Mayotte : 06 39 98 41 27", "FR");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].3), ("+262639984127", Some(false)));
    // Named, but the number is no Saint-Pierre number: it stays French.
    let got = phones_with_validity("Saint-Pierre 06 39 98 41 27", "FR");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].3), ("+33639984127", Some(false)));
}

#[test]
fn us_numbers_with_an_unallocated_area_code_stay_us_and_not_valid() {
    for text in ["call (237) 555-0123 now", "237.555.0123", "text 2375550123"] {
        let got = phones_with_validity(text, "US");
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!((got[0].0.as_str(), got[0].3), ("+12375550123", Some(false)), "{text}");
    }
}

#[test]
fn a_number_valid_nowhere_must_stand_alone() {
    for text in [
        "ref 12 07 00 00 52 19",
        "07 00 00 52 19 45 33",
        "code 0700005219 12",
        "06 12 34 56",
        "07 00 00 52",
    ] {
        assert_eq!(phones_with_validity(text, "FR"), vec![], "{text}");
    }
}

/// Digit groups separated by punctuation spelled out (issue 11, item 4).
#[test]
fn digit_groups_separated_by_spelled_punctuation() {
    for (text, matched) in [
        ("06 point 12 tiret 34 point 56 point 78", "06 point 12 tiret 34 point 56 point 78"),
        (
            "zéro six espace douze espace trente-quatre espace cinquante-six espace soixante-dix-huit",
            "zéro six espace douze espace trente-quatre espace cinquante-six espace soixante-dix-huit",
        ),
        (
            "appelle 06 slash 12 virgule 34 étoile 56 étoile 78 !",
            "06 slash 12 virgule 34 étoile 56 étoile 78",
        ),
        (
            "0 6 point 1 2 point 3 4 point 5 6 point 7 8",
            "0 6 point 1 2 point 3 4 point 5 6 point 7 8",
        ),
        (
            "06 underscore 12 underscore 34 underscore 56 underscore 78",
            "06 underscore 12 underscore 34 underscore 56 underscore 78",
        ),
        ("06 trait 12 trait 34 trait 56 trait 78", "06 trait 12 trait 34 trait 56 trait 78"),
        ("06 espace 12 espace 34 💋 56 point 78", "06 espace 12 espace 34 💋 56 point 78"),
    ] {
        let got = phones_in(text, "FR");
        assert_eq!(got, vec![("+33612345678".to_owned(), matched.to_owned(), true)], "{text}");
    }
    let got = phones_in("two one two dot five five five dash zero one two three", "US");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "+12125550123");
    // Spelled punctuation does not make a number out of too few digits.
    for text in ["06 point 12 point 34", "rdv 14 point 30 tiret 16 point 45"] {
        assert_eq!(phones_in(text, "FR"), vec![], "{text}");
    }
}

/// Digits glued to a word or a sign, as ads write them (forms seen in the Backpage ads; the
/// numbers here are fictitious).
#[test]
fn digits_glued_to_words_or_signs() {
    for (text, value, matched) in [
        ("call me @2125550123 outsonly", "+12125550123", "2125550123"),
        ("text me @212-555-0123 now", "+12125550123", "212-555-0123"),
        ("Call Kim @212💋555💋0123", "+12125550123", "212💋555💋0123"),
        ("call/text if serious++12125550123", "+12125550123", "+12125550123"),
        ("NOW212-555-0123🔥", "+12125550123", "212-555-0123"),
        ("KIM 212 555-0123™ : call", "+12125550123", "212 555-0123"),
    ] {
        let got = phones_in(text, "US");
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!((got[0].0.as_str(), got[0].1.as_str()), (value, matched), "{text}");
    }
    // Glued digits make no number the metadata does not list, and no local number.
    for text in ["me237-555-0123 now", "call 555-0123", "code ab12 34 56 78 90"] {
        assert_eq!(phones_in(text, "US"), vec![], "{text}");
    }
    let got = phones_in("tel06 12 34 56 78", "FR");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].1.as_str()), ("+33612345678", "06 12 34 56 78"));
}
