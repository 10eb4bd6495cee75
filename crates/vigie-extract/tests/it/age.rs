//! Stated ages, birth years and school levels.

use vigie_extract::{Context, extract_kinds};
use vigie_model::IdentifierKind;

fn ages_in(text: &str, timestamp: Option<&str>) -> Vec<(String, String)> {
    let ctx = Context { region: "FR".to_owned(), timestamp: timestamp.map(str::to_owned) };
    let norm = vigie_text::normalize(text);
    extract_kinds(&[IdentifierKind::Age], text, &norm, &ctx)
        .into_iter()
        .map(|i| {
            let (min, max) = (i.age_min.unwrap(), i.age_max.unwrap());
            let expected = if min == max { min.to_string() } else { format!("{min}-{max}") };
            assert_eq!(i.value, expected);
            (i.value, i.matched)
        })
        .collect()
}

const TS: Option<&str> = Some("2026-03-01T12:00:00Z");

#[test]
fn stated_ages_birth_years_and_school_levels() {
    for (text, value, matched) in [
        ("moi j'ai 15 ans et toi ?", "15", "15 ans"),
        ("15a, paris", "15", "15a"),
        ("Léa 15 ans 🌸", "15", "15 ans"),
        ("j'ai quinze ans", "15", "quinze ans"),
        ("i'm 14", "14", "i'm 14"),
        ("14 yo", "14", "14 yo"),
        ("14yo", "14", "14yo"),
        ("une fille de 16 ans", "16", "16 ans"),
        ("née en 2009", "16-17", "née en 2009"),
        ("born in 2010", "15-16", "born in 2010"),
        ("je suis en 3e", "14-15", "en 3e"),
        ("en 4ème B", "13-14", "en 4ème"),
        ("je suis en seconde", "15-16", "en seconde"),
        ("en 1ère", "16-17", "en 1ère"),
        ("en terminale", "17-18", "en terminale"),
        ("en 6e", "11-12", "en 6e"),
        ("en 5e", "12-13", "en 5e"),
        ("je suis au collège", "11-15", "au collège"),
        ("au lycée", "15-18", "au lycée"),
        ("collégienne", "11-15", "collégienne"),
        ("lycéenne", "15-18", "lycéenne"),
        ("âgée de 15 ans", "15", "15 ans"),
        ("j'ai le brevet cette année", "14-15", "le brevet"),
    ] {
        assert_eq!(ages_in(text, TS), vec![(value.to_owned(), matched.to_owned())], "{text}");
    }
}

#[test]
fn no_age_from_durations_ordinary_words_or_the_clock() {
    for (text, ts) in [
        ("née en 2009", None),
        ("depuis 15 ans", TS),
        ("il y a 20 ans", TS),
        ("ça fait 10 ans", TS),
        ("10 ans de prison", TS),
        ("en 15 ans", TS),
        ("attends une seconde", TS),
        ("la première fois", TS),
        ("en première classe", TS),
        ("Paris 3e", TS),
        ("rdv à 14h30", TS),
        ("1500 €", TS),
        ("j'ai 15 messages non lus", TS),
        ("i'm 5 minutes away", TS),
    ] {
        assert_eq!(ages_in(text, ts), vec![], "{text}");
    }
}

/// Which ages the text states as ages: what the detector's `AGE-STATED-01` rule reads.
fn stated_in(text: &str) -> Vec<(String, bool)> {
    let ctx = Context { region: "FR".to_owned(), timestamp: TS.map(str::to_owned) };
    let norm = vigie_text::normalize(text);
    vigie_extract::ages(text, &norm, &ctx)
        .into_iter()
        .map(|a| (a.identifier.value, a.stated))
        .collect()
}

#[test]
fn ages_stated_as_ages_are_told_apart() {
    for (text, value) in [
        ("moi j'ai 15 ans et toi ?", "15"),
        ("15 ans 🎀 snap en bio", "15"),
        ("slt 15 ans et toi", "15"),
        ("elle a 14 ans", "14"),
        ("i'm 14 and you?", "14"),
        ("she is 16 years old", "16"),
        ("14 yo", "14"),
        ("j'ai 14 et toi", "14"),
        ("âgée de 15 ans", "15"),
    ] {
        assert_eq!(stated_in(text), vec![(value.to_owned(), true)], "{text}");
    }
    for (text, value) in [
        ("une fille de 16 ans", "16"),
        ("née en 2009", "16-17"),
        ("je suis en 3e", "14-15"),
        ("mon frère 12 ans", "12"),
    ] {
        assert_eq!(stated_in(text), vec![(value.to_owned(), false)], "{text}");
    }
}

#[test]
fn ages_alone_agree_with_every_identifier() {
    let ctx = Context { region: "FR".to_owned(), timestamp: TS.map(str::to_owned) };
    for text in ["moi j'ai 15 ans, snap: ex.emple et 06 12 34 56 78 à Lyon", "en 3e au lycée"] {
        let norm = vigie_text::normalize(text);
        let ages: Vec<_> =
            vigie_extract::ages(text, &norm, &ctx).into_iter().map(|a| a.identifier).collect();
        let all = vigie_extract::extract(text, &norm, &ctx);
        assert!(!ages.is_empty(), "{text}");
        let tokens = vigie_extract::Tokens::new(&norm);
        assert_eq!(vigie_extract::extract_with(text, &norm, &tokens, &ctx, ages), all, "{text}");
        // Tokens of another text are not trusted: split again.
        let other = vigie_extract::Tokens::new(&vigie_text::normalize("x"));
        let again: Vec<_> =
            vigie_extract::ages(text, &norm, &ctx).into_iter().map(|a| a.identifier).collect();
        assert_eq!(vigie_extract::extract_with(text, &norm, &other, &ctx, again), all, "{text}");
    }
}
