//! French places: fixtures with exact values and spans, properties, and the false-match count on
//! real French tweets (`../shared/data`).

use proptest::prelude::*;
use vigie_extract::{Context, extract_kinds};
use vigie_model::{Identifier, IdentifierKind};

fn places(text: &str) -> Vec<Identifier> {
    let norm = vigie_text::normalize(text);
    extract_kinds(&[IdentifierKind::Place], text, &norm, &Context::default())
}

/// (text, [(value, original text of the span)]).
const FIXTURES: &[(&str, &[(&str, &str)])] = &[
    ("dispo sur Lyon 3e ce soir", &[("69383", "Lyon 3e")]),
    ("de passage à Nantes jusqu'à dimanche", &[("44109", "Nantes")]),
    ("dispo Paris 16", &[("75116", "Paris 16")]),
    ("Marseille 13e arrondissement", &[("13213", "Marseille 13e arrondissement")]),
    ("je suis dans le 93", &[("dep:93", "93")]),
    ("dispo dans le 13 ce soir", &[("dep:13", "13")]),
    ("Seine-Saint-Denis uniquement", &[("dep:93", "Seine-Saint-Denis")]),
    ("dispo IDF", &[("reg:11", "IDF")]),
    ("toute l'Île-de-France", &[("reg:11", "Île-de-France")]),
    ("déplacement PACA", &[("reg:93", "PACA")]),
    ("appart 69003", &[("69383", "69003")]),
    ("reçois 75011 métro", &[("75111", "75011")]),
    ("Saint-Étienne centre", &[("42218", "Saint-Étienne")]),
    ("à Tours ce week-end", &[("37261", "Tours")]),
    ("dispo à Nice", &[("06088", "Nice")]),
    ("Nice (06) ce soir", &[("06088", "Nice"), ("dep:06", "06")]),
    ("nouvelle à Bordeaux", &[("33063", "Bordeaux")]),
    ("de passage à Saint-Denis 93", &[("93066", "Saint-Denis"), ("dep:93", "93")]),
    ("Saint-Denis 97400", &[("97411", "Saint-Denis"), ("97411", "97400")]),
    ("vers Toulouse et Bordeaux", &[("31555", "Toulouse"), ("33063", "Bordeaux")]),
    ("dispo a tours", &[("37261", "tours")]),
    ("Tours 37000", &[("37261", "Tours"), ("37261", "37000")]),
    ("le macdo de beaune tu étais grave", &[("21054", "beaune")]),
    ("tours 37000", &[("37261", "tours"), ("37261", "37000")]),
    ("Moûtiers : 19 réfugiés", &[("73181", "Moûtiers")]),
    ("Cabriès (13) : une étudiante", &[("13019", "Cabriès"), ("dep:13", "13")]),
    ("je suis du 93", &[("dep:93", "93")]),
    ("dans le Nord", &[("dep:59", "Nord")]),
    ("RT @lea_93 dispo", &[]),
    // Communes déléguées give the code of the current commune they belong to, with context.
    ("de passage à Maure-de-Bretagne", &[("35168", "Maure-de-Bretagne")]),
    ("dispo à Vassy", &[("14726", "Vassy")]),
    ("dispo à Annecy-le-Vieux", &[("74010", "Annecy-le-Vieux")]),
];

/// Texts with no place.
const NEGATIVES: &[&str] = &[
    "trois tours de manège",
    "c'est nice",
    "Nice to meet you",
    "on se voit le 13 mai",
    "le 15 à 18h",
    "ça fait 75000 euros",
    "appelle le 06 12 34 56 78",
    "j'ai pas le sens de l'humour",
    "je suis sur orange",
    "on va au bar",
    "il a eu 16 ans",
    "tous les deux",
    "elle est partie",
    "@The_M3RY y a un air",
    "RT @BriceOf_Lyon pays",
    "10000 morts",
    "avec les Croix-Rouge nationales",
    "les gros aux US",
    "dans la rue",
    "à son paroxysme",
    "à la base je l'aimais bien",
    "Bravo à Eric Revel",
    "de tes ailleux",
    // `Vassy`, a commune déléguée, squeezes to `vasy` ("vas-y"): it needs context.
    "Vasy, et après le match",
    "vasy on y va",
];

#[test]
fn fixtures() {
    for (text, want) in FIXTURES {
        let got: Vec<(String, String)> =
            places(text).into_iter().map(|i| (i.value, i.matched)).collect();
        let want: Vec<(String, String)> =
            want.iter().map(|(v, m)| ((*v).to_owned(), (*m).to_owned())).collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn negatives() {
    for text in NEGATIVES {
        let got: Vec<String> =
            places(text).into_iter().map(|i| format!("{} {:?}", i.value, i.matched)).collect();
        assert!(got.is_empty(), "{text}: {got:?}");
    }
}

#[test]
fn coordinates() {
    let p = places("à Lyon");
    let (lat, lon) = (p[0].lat.unwrap(), p[0].lon.unwrap());
    assert!((lat - 45.75).abs() < 0.1 && (lon - 4.85).abs() < 0.1, "{lat} {lon}");
    assert!(places("dans le 93")[0].lat.is_none());
}

proptest! {
    #[test]
    fn spans_are_valid(text in "\\PC{0,80}") {
        for p in places(&text) {
            prop_assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
            prop_assert_eq!(&text[p.span.start..p.span.end], p.matched.as_str());
        }
    }

    #[test]
    fn spans_are_valid_in_ad_like_text(
        words in proptest::collection::vec(
            prop_oneof![
                Just("à"), Just("Tours"), Just("dans le"), Just("93"), Just("(06)"), Just("Paris"),
                Just("16e"), Just("Lyon"), Just("75011"), Just("Saint-Étienne"), Just("IDF"), Just("é́"),
                Just("😍"), Just("z.e.r.o"), Just("dispo"), Just("sur"), Just("Nice"), Just("13"),
            ],
            0..12,
        )
    ) {
        let text = words.join(" ");
        for p in places(&text) {
            prop_assert_eq!(&text[p.span.start..p.span.end], p.matched.as_str());
        }
    }
}

/// Counts places found in real French tweets and prints them for a hand check:
/// `cargo test -p vigie-extract --test it place::tweets -- --ignored --nocapture`.
#[test]
#[ignore = "reads ../shared/data; run by hand to measure false matches"]
fn tweets() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/");
    let sets = [
        ("mlma-fr/fr_dataset.csv", "tweet"),
        ("omdena-fr-toxic/twitter_instagram_annotated.csv", "Text"),
    ];
    let mut total = (0, 0);
    for (file, column) in sets {
        let path = format!("{root}{file}");
        let Ok(data) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: {path} is absent");
            return;
        };
        let rows = csv_column(&data, column);
        let mut found = 0;
        for (n, text) in rows.iter().enumerate() {
            for p in places(text) {
                found += 1;
                let start = text.floor_char_boundary(p.span.start.saturating_sub(30));
                let end = text.ceil_char_boundary((p.span.end + 30).min(text.len()));
                println!(
                    "PLACE\t{file}:{n}\t{}\t{}\t{}",
                    p.value,
                    p.matched,
                    text[start..end].replace('\n', " ")
                );
            }
        }
        eprintln!("{file}: {} texts, {found} places", rows.len());
        total = (total.0 + rows.len(), total.1 + found);
    }
    eprintln!("total: {} texts, {} places", total.0, total.1);
}

/// The values of one column of a CSV file (RFC 4180 quotes).
fn csv_column(data: &str, column: &str) -> Vec<String> {
    let mut records = Vec::new();
    let (mut record, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = data.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            ('\r', false) => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    let Some(header) = records.first() else { return Vec::new() };
    let Some(col) = header.iter().position(|h| h == column) else { return Vec::new() };
    records.iter().skip(1).filter_map(|r| r.get(col).cloned()).collect()
}

#[test]
fn lower_case_function_words_are_never_places() {
    let text = "étudiante de 19 ans, dispo le soir et le week-end";
    let norm = vigie_text::normalize(text);
    let ids = vigie_extract::extract_kinds(
        &[vigie_model::IdentifierKind::Place],
        text,
        &norm,
        &vigie_extract::Context::default(),
    );
    assert!(ids.is_empty(), "{ids:?}");
}

/// Names shared by several communes, settled by the nearest context (issue 11, item 4):
/// (text, the value of the ambiguous name, its original text).
const NAMESAKES: &[(&str, &str, &str)] = &[
    // Alone: the most populous.
    ("de passage à Saint-Denis ce soir", "97411", "Saint-Denis"),
    ("dispo à Valence", "26362", "Valence"),
    ("dispo à Montreuil", "93048", "Montreuil"),
    // A département named in words, before or after.
    ("de passage à Saint-Denis en Seine-Saint-Denis", "93066", "Saint-Denis"),
    ("dispo à Saint-Denis (Seine-Saint-Denis)", "93066", "Saint-Denis"),
    ("Valence, dans le Tarn-et-Garonne", "82186", "Valence"),
    ("dispo à Montreuil en Vendée", "85148", "Montreuil"),
    // A région named in words.
    ("Saint-Pierre, La Réunion", "97416", "Saint-Pierre"),
    // A postcode or a département number, even beyond the four tokens next to the name.
    ("dispo à Valence tous les soirs de la semaine, appart dans le 82", "82186", "Valence"),
    ("à Montreuil ce week-end et toute la semaine prochaine 85200", "85148", "Montreuil"),
    // A nearby city or arrondissement on the map.
    ("de passage à Saint-Denis puis Paris 18e", "93066", "Saint-Denis"),
    ("dispo à Valence et à Agen", "82186", "Valence"),
    ("Saint-Denis, Saint-Pierre, Le Tampon", "97411", "Saint-Denis"),
    ("Saint-Pierre et Saint-Denis", "97416", "Saint-Pierre"),
];

#[test]
fn namesakes_are_settled_by_the_nearest_context() {
    for &(text, value, matched) in NAMESAKES {
        let got = places(text);
        let hit = got.iter().find(|p| p.matched == matched);
        assert_eq!(hit.map(|p| p.value.as_str()), Some(value), "{text}: {got:?}");
    }
}

#[test]
fn a_named_departement_makes_a_name_a_place() {
    // `Valence` alone at the start of a sentence is a word; a département named after it
    // makes it the commune of that département.
    let got = places("Valence dans la Drôme, dispo");
    let values: Vec<(&str, &str)> =
        got.iter().map(|p| (p.value.as_str(), p.matched.as_str())).collect();
    assert_eq!(values, [("26362", "Valence"), ("dep:26", "Drôme")]);
    // Without it, still no place.
    assert!(places("Valence du carbone").is_empty());
}
