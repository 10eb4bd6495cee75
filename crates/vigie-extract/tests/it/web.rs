//! E-mails (plain and disguised) and URLs.

use vigie_extract::{Context, extract_kinds};
use vigie_model::IdentifierKind;

fn web_in(text: &str) -> Vec<(IdentifierKind, String, String, bool)> {
    let norm = vigie_text::normalize(text);
    extract_kinds(&[IdentifierKind::Email, IdentifierKind::Url], text, &norm, &Context::default())
        .into_iter()
        .map(|i| (i.kind, i.value, i.matched, i.obfuscated))
        .collect()
}

#[test]
fn emails_plain_and_disguised() {
    use IdentifierKind::Email;
    for (text, value, matched, obf) in [
        ("écris à Ex.Emple@Gmail.com.", "ex.emple@gmail.com", "Ex.Emple@Gmail.com", false),
        (
            "ex.emple arobase gmail point com",
            "ex.emple@gmail.com",
            "ex.emple arobase gmail point com",
            true,
        ),
        ("ex_emple(at)gmail(dot)com", "ex_emple@gmail.com", "ex_emple(at)gmail(dot)com", true),
        ("ex_emple [at] yahoo [dot] fr", "ex_emple@yahoo.fr", "ex_emple [at] yahoo [dot] fr", true),
        ("ex_emple at gmail dot com", "ex_emple@gmail.com", "ex_emple at gmail dot com", true),
        ("ex_emple at hotmail.fr", "ex_emple@hotmail.fr", "ex_emple at hotmail.fr", true),
    ] {
        assert_eq!(
            web_in(text),
            vec![(Email, value.to_owned(), matched.to_owned(), obf)],
            "{text}"
        );
    }
}

#[test]
fn urls_and_domains() {
    use IdentifierKind::Url;
    for (text, value, matched) in [
        (
            "va sur https://Example.COM/Page?id=3.",
            "https://example.com/Page?id=3",
            "https://Example.COM/Page?id=3",
        ),
        ("www.Example.fr", "www.example.fr", "www.Example.fr"),
        ("annonce sur example.fr", "example.fr", "example.fr"),
        ("linktr.ee", "linktr.ee", "linktr.ee"),
    ] {
        let got = web_in(text);
        if text == "linktr.ee" {
            // `ee` is not in the TLD list: bare domains need a common TLD.
            assert_eq!(got, vec![], "{text}");
            continue;
        }
        assert_eq!(got, vec![(Url, value.to_owned(), matched.to_owned(), false)], "{text}");
    }
}

#[test]
fn a_sentence_with_at_is_not_an_email() {
    let got = web_in("call now at www.Example.com or me at home dot com");
    assert_eq!(
        got,
        vec![(
            IdentifierKind::Url,
            "www.example.com".to_owned(),
            "www.Example.com".to_owned(),
            false
        )]
    );
}

#[test]
fn no_web_identifier_from_ordinary_text() {
    for text in [
        "on se voit at home",
        "06.12.34.56.78",
        "ex.emple_75",
        "il est 14h30. ok",
        "1.5 €",
        "dispo ce soir.Me contacter",
    ] {
        assert_eq!(web_in(text), vec![], "{text}");
    }
}
