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
