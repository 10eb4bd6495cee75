//! Prices, rates and earnings claims.

use vigie_extract::{Context, extract_kinds};
use vigie_model::IdentifierKind;

fn prices_in(text: &str, region: &str) -> Vec<(String, String)> {
    let ctx = Context { region: region.to_owned(), timestamp: None };
    let norm = vigie_text::normalize(text);
    extract_kinds(&[IdentifierKind::Price], text, &norm, &ctx)
        .into_iter()
        .map(|i| {
            let unit = i.unit.as_deref().map(|u| format!("/{u}")).unwrap_or_default();
            let amount = i.amount.unwrap_or(f64::NAN);
            assert_eq!(i.value, format!("{amount} {}{unit}", i.currency.as_deref().unwrap_or("?")));
            (i.value, i.matched)
        })
        .collect()
}

#[test]
fn prices_with_currency_and_unit() {
    for (text, region, expected) in [
        ("200€", "FR", vec![("200 EUR", "200€")]),
        ("100 la demi-heure", "FR", vec![("100 EUR/30min", "100 la demi-heure")]),
        ("1h 150", "FR", vec![("150 EUR/1h", "1h 150")]),
        ("50 balles", "FR", vec![("50 balles", "50 balles")]),
        ("150 roses", "US", vec![("150 USD", "150 roses")]),
        ("150 roses half hour", "US", vec![("150 USD/30min", "150 roses half hour")]),
        ("200 dollars", "US", vec![("200 USD", "200 dollars")]),
        ("80/hr", "US", vec![("80 USD/1h", "80/hr")]),
        ("100 balles la nuitée", "FR", vec![("100 EUR/night", "100 balles la nuitée")]),
        ("$200 per hour", "US", vec![("200 USD/1h", "$200 per hour")]),
        ("150e l'heure", "FR", vec![("150 EUR/1h", "150e l'heure")]),
        ("la nuit 500 €", "FR", vec![("500 EUR/night", "la nuit 500 €")]),
        (
            "30min 100€ 1h 150€",
            "FR",
            vec![("100 EUR/30min", "30min 100€"), ("150 EUR/1h", "1h 150€")],
        ),
        ("06 12 34 56 78 100 €", "FR", vec![("100 EUR", "100 €")]),
        ("1 500 € par jour", "FR", vec![("1500 EUR/day", "1 500 € par jour")]),
        ("1000€/semaine facile", "FR", vec![("1000 EUR/week", "1000€/semaine")]),
    ] {
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(v, m)| (v.replace("50 balles", "50 EUR"), m.to_owned()))
            .collect();
        assert_eq!(prices_in(text, region), expected, "{text}");
    }
}

#[test]
fn no_price_from_bare_numbers() {
    for text in [
        "j'ai 15 ans",
        "06 12 34 56 78",
        "rdv à 14h30",
        "Paris 75011",
        "née en 2009",
        "dans 2 h",
        "3 jours",
    ] {
        assert_eq!(prices_in(text, "FR"), vec![], "{text}");
    }
}

/// Prices per unit of time written (partly) in words, and quotas (issue 11, item 4).
#[test]
fn prices_in_words_and_per_unit_of_time() {
    for (text, expected) in [
        ("deux cents la nuit", vec![("200 EUR/night", "deux cents la nuit")]),
        (
            "cent cinquante euros de l'heure",
            vec![("150 EUR/1h", "cent cinquante euros de l'heure")],
        ),
        ("150 de l'heure", vec![("150 EUR/1h", "150 de l'heure")]),
        ("300 balles par soirée", vec![("300 EUR/evening", "300 balles par soirée")]),
        (
            "trois cents euros la demi-heure",
            vec![("300 EUR/30min", "trois cents euros la demi-heure")],
        ),
        ("cent balles la demi-heure", vec![("100 EUR/30min", "cent balles la demi-heure")]),
        ("tu ramènes 500 par jour", vec![("500 EUR/day", "500 par jour")]),
        ("mille euros par semaine", vec![("1000 EUR/week", "mille euros par semaine")]),
        (
            "mille cinq cents euros par semaine",
            vec![("1500 EUR/week", "mille cinq cents euros par semaine")],
        ),
        ("deux mille euros par mois", vec![("2000 EUR/month", "deux mille euros par mois")]),
        (
            "deux cent cinquante balles la soirée",
            vec![("250 EUR/evening", "deux cent cinquante balles la soirée")],
        ),
        ("1k5 la semaine", vec![("1500 EUR/week", "1k5 la semaine")]),
        ("2k par mois", vec![("2000 EUR/month", "2k par mois")]),
    ] {
        let expected: Vec<(String, String)> =
            expected.into_iter().map(|(v, m)| (v.to_owned(), m.to_owned())).collect();
        assert_eq!(prices_in(text, "FR"), expected, "{text}");
    }
}

#[test]
fn no_price_from_number_words_without_money_or_rate() {
    for (text, region) in [
        ("il y a cent personnes", "FR"),
        ("deux cents mètres", "FR"),
        ("mille mercis", "FR"),
        ("cent fois", "FR"),
        ("50 cents", "US"),
        ("2 miles away", "US"),
        ("cent pour cent", "FR"),
    ] {
        assert_eq!(prices_in(text, region), vec![], "{text}");
    }
}
