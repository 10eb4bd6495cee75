//! Texts that hold no identifier, but look like they might: dates, grades, durations, follower
//! counts, scores, measures, order numbers, club and brand names that contain a commune's name,
//! ordinary words that are communes, platforms named without a handle, `at` in a sentence.

use super::Rng;

/// A text that holds no identifier, with its family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negative {
    /// What kind of text it is (one of [`NEGATIVE_FAMILIES`]).
    pub family: &'static str,
    /// The text.
    pub text: String,
}

/// The families of negatives, in table order.
pub const NEGATIVE_FAMILIES: [&str; 12] = [
    "date",
    "grade",
    "duration",
    "followers",
    "score",
    "measure",
    "order",
    "club-brand",
    "common-word",
    "platform",
    "count",
    "english",
];

const MONTHS: &[&str] = &["janvier", "mars", "mai", "juin", "juillet", "octobre", "décembre"];

/// Clubs and brands that contain a commune's name: not a place anyone is at.
const CLUBS: &[&str] = &[
    "le Paris Saint-Germain",
    "l'Olympique de Marseille",
    "les Girondins de Bordeaux",
    "le Stade de Reims",
    "le Racing Club de Lens",
    "l'AS Saint-Étienne",
    "le Toulouse FC",
    "le FC Nantes",
    "le LOSC Lille",
];
const CLUB_SENTENCES: &[(&str, &str)] = &[
    ("t'as vu le match contre ", " hier ?"),
    ("je suis fan de ", " depuis petite"),
    ("", " a encore perdu mdr"),
];
const BRANDS: &[&str] = &["la moutarde de Dijon", "le savon de Marseille", "les pastilles Vichy"];
const BRAND_SENTENCES: &[(&str, &str)] =
    &[("ma mère adore ", ""), ("pub pour ", " à la télé"), ("y a plus de ", " chez moi")];

/// Ordinary words that are communes, in sentences.
const COMMON_WORDS: &[&str] = &[
    "j'ai fait trois tours de manège",
    "avec plaisir, à demain",
    "mon forfait Orange marche pas",
    "ça n'a aucun sens franchement",
    "grasse mat ce matin",
    "on a mangé au bord du port",
    "y a un gap entre nous",
    "c'est nice de ta part",
    "Plaisir de te parler",
    "elle a des cannes anglaises",
    "faut que je passe au bar",
    "Tours de magie ce soir à l'école",
    "il vienne ou pas ?",
    "le mont dore c'est beau en photo",
    "sens interdit devant chez moi",
];

const PLATFORMS: &[&str] = &[
    "je poste sur insta tous les jours",
    "snap en bio",
    "t'as snap ?",
    "tiktok c'est trop nul",
    "regarde ma story insta",
    "envoie sur snap stp",
    "je t'ai ajouté sur snapchat hier",
    "telegram marche pas chez moi",
    "mon insta est en privé",
];

/// A text that holds no identifier, drawn from `seed`.
pub fn negative(seed: u64) -> Negative {
    let mut rng = Rng(seed);
    let family = *rng.pick(&NEGATIVE_FAMILIES);
    let d = |rng: &mut Rng, n: usize| rng.below(n);
    let text = match family {
        "date" => match d(&mut rng, 3) {
            0 => format!(
                "rdv le {:02}/{:02}/20{:02} à {}h{:02}",
                1 + d(&mut rng, 28),
                1 + d(&mut rng, 12),
                d(&mut rng, 30),
                d(&mut rng, 24),
                d(&mut rng, 60)
            ),
            1 => format!(
                "on se voit le {} {} vers {}h",
                1 + d(&mut rng, 28),
                rng.pick(MONTHS),
                8 + d(&mut rng, 14)
            ),
            _ => format!(
                "le {}.{}.{} c'est mon anniv",
                1 + d(&mut rng, 28),
                1 + d(&mut rng, 12),
                2026
            ),
        },
        "grade" => format!(
            "j'ai eu {}/20 en maths et {}/20 en français, moyenne {},{}",
            d(&mut rng, 21),
            d(&mut rng, 21),
            8 + d(&mut rng, 10),
            d(&mut rng, 10)
        ),
        "duration" => match d(&mut rng, 3) {
            0 => format!("ça fait {} ans que je la connais", 2 + d(&mut rng, 20)),
            1 => format!(
                "{}h{:02} de trajet, {} minutes de pause",
                1 + d(&mut rng, 5),
                d(&mut rng, 60),
                5 + d(&mut rng, 40)
            ),
            _ => format!("il a pris {} ans de prison", 2 + d(&mut rng, 20)),
        },
        "followers" => match d(&mut rng, 3) {
            0 => format!(
                "{} {:03} abonnés et {} likes",
                1 + d(&mut rng, 99),
                d(&mut rng, 1000),
                d(&mut rng, 10_000)
            ),
            1 => format!("elle a {}k abonnés sur tiktok", 1 + d(&mut rng, 900)),
            _ => format!("{}k5 vues en une heure", 1 + d(&mut rng, 9)),
        },
        "score" => match d(&mut rng, 2) {
            0 => format!(
                "le match a fini {}-{} après {} minutes, {} spectateurs",
                d(&mut rng, 6),
                d(&mut rng, 6),
                90 + d(&mut rng, 30),
                1000 + d(&mut rng, 90_000)
            ),
            _ => format!(
                "score {} {} {} {} {} au total",
                d(&mut rng, 100),
                d(&mut rng, 100),
                d(&mut rng, 100),
                d(&mut rng, 100),
                d(&mut rng, 100)
            ),
        },
        "measure" => format!(
            "je fais 1m{}, {} kg, je chausse du {}, {} km à pied",
            50 + d(&mut rng, 40),
            40 + d(&mut rng, 40),
            35 + d(&mut rng, 10),
            1 + d(&mut rng, 30)
        ),
        "order" => format!(
            "commande n° {} du {:02} {:02} {}, colis {}",
            100_000 + d(&mut rng, 900_000),
            1 + d(&mut rng, 28),
            1 + d(&mut rng, 12),
            2020 + d(&mut rng, 6),
            d(&mut rng, 1000)
        ),
        "club-brand" => {
            let (names, sentences) =
                if rng.one_in(2) { (CLUBS, CLUB_SENTENCES) } else { (BRANDS, BRAND_SENTENCES) };
            let &(a, b) = rng.pick(sentences);
            let club = *rng.pick(names);
            // `de le` is `du`, `de les` is `des`.
            let (a, club) = match (a.strip_suffix("de "), club.split_once(' ')) {
                (Some(head), Some(("le", rest))) => (format!("{head}du "), rest.to_owned()),
                (Some(head), Some(("les", rest))) => (format!("{head}des "), rest.to_owned()),
                _ => (a.to_owned(), club.to_owned()),
            };
            let club = if a.is_empty() {
                let mut c = club.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            } else {
                club.clone()
            };
            format!("{a}{club}{b}")
        }
        "common-word" => (*rng.pick(COMMON_WORDS)).to_owned(),
        "platform" => (*rng.pick(PLATFORMS)).to_owned(),
        "count" => match d(&mut rng, 3) {
            0 => format!("j'ai {} messages non lus", 2 + d(&mut rng, 90)),
            1 => format!("il y a {} ans on était en vacances", 2 + d(&mut rng, 15)),
            _ => format!(
                "on était {} dans la salle, {} places",
                10 + d(&mut rng, 30),
                50 + d(&mut rng, 200)
            ),
        },
        _ => (*rng.pick(&[
            "see you at 5",
            "i'm at home now",
            "look at this lol",
            "ok.merci bcp",
            "call me later at work",
        ]))
        .to_owned(),
    };
    Negative { family, text }
}
