//! Disguised French places: a commune written in lower case, without accents or hyphens, or
//! shouted; an arrondissement (`Paris 16`, `Lyon 3e`, `Marseille 13ème`), a postcode or a
//! département number instead of the name; ad phrasing or a pin emoji before it.

use vigie_model::IdentifierKind;

use super::{Case, Rng, Spec};

pub(crate) const SPEC: Spec = Spec {
    kind: IdentifierKind::Place,
    families: &[
        // `lyon`, `saint-étienne`.
        ("lowercase", 0),
        // `Saint Etienne`, `Aix en Provence`.
        ("plain-spelling", 0),
        // `LYON`.
        ("uppercase", 0),
        // `Paris 16`, `Paris 16e`, `Lyon 3ème`, `Marseille 13eme`.
        ("arrondissement", 1),
        // `75016`, `69003`, `33000`.
        ("postcode", 1),
        // `le 93`, `dans le 69`, `du 13`.
        ("departement", 1),
        // `dispo sur`, `de passage à`, `secteur`, `reçois sur`.
        ("ad-phrase", 2),
        // `📍Lyon`.
        ("pin", 3),
    ],
    compatible,
    write,
};

fn compatible(f: &[&'static str]) -> bool {
    let has = |x: &str| f.contains(&x);
    let written = has("lowercase") || has("plain-spelling") || has("uppercase");
    // A postcode or a département number has no spelling; `📍le 93` is no form.
    // `de passage à dans le 93` neither.
    !((has("postcode") || has("departement")) && written)
        && !(has("departement") && (has("pin") || has("ad-phrase")))
}

/// Communes: (name, plain spellings, INSEE code, a postcode or "" when the commune has none of
/// its own (Lyon and Marseille: only their arrondissements'), whether the name is also a word).
/// `St-Étienne` and `Le Havre` after `à` (`au Havre`) are left out: see docs/identifiers.md.
const COMMUNES: &[(&str, &[&str], &str, &str)] = &[
    ("Lyon", &["Lyon"], "69123", ""),
    ("Marseille", &["Marseille"], "13055", ""),
    ("Toulouse", &["Toulouse"], "31555", "31000"),
    ("Nantes", &["Nantes"], "44109", "44000"),
    ("Bordeaux", &["Bordeaux"], "33063", "33000"),
    ("Lille", &["Lille"], "59350", "59000"),
    ("Montpellier", &["Montpellier"], "34172", "34000"),
    ("Strasbourg", &["Strasbourg"], "67482", "67000"),
    ("Saint-Étienne", &["Saint Etienne", "saint etienne"], "42218", "42000"),
    ("Grenoble", &["Grenoble"], "38185", "38000"),
    ("Reims", &["Reims"], "51454", "51100"),
    ("Aix-en-Provence", &["Aix en Provence", "aix en provence"], "13001", "13090"),
    ("Clermont-Ferrand", &["Clermont Ferrand", "clermont ferrand"], "63113", "63000"),
    ("Nîmes", &["Nimes"], "30189", "30000"),
    ("Orléans", &["Orleans"], "45234", "45000"),
];

/// Communes whose name is also a common word or name (flagged in the gazetteer).
const WORDS: &[&str] = &["Bordeaux", "Rennes", "Orléans", "Nice"];

/// Cities with arrondissements: (name, INSEE prefix, count, postcode prefix).
const ARRONDISSEMENTS: &[(&str, &str, usize, &str)] =
    &[("Paris", "751", 20, "750"), ("Marseille", "132", 16, "130"), ("Lyon", "6938", 9, "6900")];

const DEPARTEMENTS: &[&str] =
    &["93", "94", "92", "95", "91", "77", "78", "13", "69", "59", "33", "31", "06"];

fn write(rng: &mut Rng, families: &[&'static str]) -> Case {
    let has = |f: &str| families.contains(&f);
    let (mut name, value, postcode): (String, String, String);
    if has("arrondissement") {
        let &(city, prefix, count, post) = rng.pick(ARRONDISSEMENTS);
        let n = 1 + rng.below(count);
        value = if city == "Lyon" { format!("{prefix}{n}") } else { format!("{prefix}{n:02}") };
        postcode = if city == "Lyon" { format!("{post}{n}") } else { format!("{post}{n:02}") };
        let suffix = if n == 1 {
            *rng.pick(&["", "er", "e"])
        } else {
            *rng.pick(&["", "e", "ème", "eme", "è"])
        };
        name = format!("{city} {n}{suffix}");
    } else {
        // Communes that are also words (`Bordeaux`, `Orléans`, `Rennes`) in lower case after a
        // bare `à` are not places by design (`à tours de rôle`): lower case goes with the others.
        let &(city, plain, code, post) = loop {
            let c = rng.pick(COMMUNES);
            if !((has("postcode") && c.3.is_empty())
                || (has("lowercase") && WORDS.contains(&c.0) && !has("ad-phrase")))
            {
                break c;
            }
        };
        value = code.to_owned();
        postcode = post.to_owned();
        name = if has("plain-spelling") { (*rng.pick(plain)).to_owned() } else { city.to_owned() };
    }
    if has("lowercase") {
        name = name.to_lowercase();
    } else if has("uppercase") {
        name = name.to_uppercase();
    }
    let (value, ident, default_before) = if has("postcode") {
        (value, postcode, *rng.pick(&["appart ", "reçois ", "secteur ", "je suis sur le "]))
    } else if has("departement") {
        let dep = *rng.pick(DEPARTEMENTS);
        // `du 13`, `le 13` are dates as often as not: the extractor reads `du`/`le` + a number
        // as a département only above 31.
        let lead = if dep.parse::<u32>().unwrap_or(0) > 31 {
            *rng.pick(&["dans le ", "sur le ", "du ", "vers le "])
        } else {
            *rng.pick(&["dans le ", "sur le ", "vers le "])
        };
        (
            format!("dep:{dep}"),
            format!("{lead}{dep}"),
            *rng.pick(&["dispo ", "je suis ", "", "nouvelle "]),
        )
    } else {
        (value, name, *rng.pick(&["à ", "dispo à ", "je suis à ", "nouvelle à "]))
    };
    let mut before = if has("ad-phrase") {
        (*rng.pick(&[
            "dispo sur ",
            "de passage à ",
            "secteur ",
            "reçois sur ",
            "en déplacement sur ",
            "dispo ce soir sur ",
        ]))
        .to_owned()
    } else {
        default_before.to_owned()
    };
    if has("pin") {
        before = format!("{}📍", before.trim_end());
    }
    let after = *rng.pick(&["", " ce soir", " ce week-end", " !", " jusqu'à dimanche"]);
    super::case(IdentifierKind::Place, &before, &ident, after, value, families)
}
