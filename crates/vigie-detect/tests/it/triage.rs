//! Ad triage: the JRSA/NIJ-validated families raise an ad, movement words alone do not.

use vigie_detect::Detector;
use vigie_detect::triage::{PhoneIndex, triage_ad};
use vigie_model::{AdTriage, CueFamily, DocKind, Document, Level};

fn ad(id: &str, text: &str) -> Document {
    Document { id: id.to_owned(), kind: DocKind::Ad, text: text.to_owned(), ..Document::default() }
}

fn triage(doc: &Document) -> AdTriage {
    let detector = Detector::builder().build().unwrap();
    triage_ad(doc, &detector.assess(doc), None)
}

fn families(t: &AdTriage) -> Vec<CueFamily> {
    let mut f: Vec<CueFamily> = t.families.iter().map(|h| h.family).collect();
    f.sort_unstable();
    f
}

const ADULT: &str =
    "Femme de 34 ans, discrète, reçoit en appartement privé. Rendez-vous la veille, 1h minimum.";
const MOVEMENT: &str =
    "Nouvelle en ville, de passage quelques jours seulement, je reçois, dispo 7j/7.";
const VALIDATED: &str =
    "Jeune débutante, 100% réelle, pas de fake 🎀 je reçois, sms uniquement : zéro six 12 34 56 78";

#[test]
fn movement_words_alone_do_not_raise_an_ad() {
    let t = triage(&ad("m", MOVEMENT));
    assert!(t.score < Level::THRESHOLDS[0], "{t:?}");
    let movement = t.families.iter().find(|f| f.family == CueFamily::Movement).unwrap();
    assert!(movement.weight.abs() < f64::EPSILON, "movement is shown, never counted");
    assert!(!families(&t).contains(&CueFamily::Youth), "« nouvelle en ville » is not youth");
}

#[test]
fn validated_families_rank_an_ad_above_adult_and_movement_ads() {
    let t = triage(&ad("v", VALIDATED));
    let f = families(&t);
    for family in [CueFamily::Youth, CueFamily::Trust, CueFamily::ObscuredPhone] {
        assert!(f.contains(&family), "{family:?} missing from {f:?}");
    }
    assert!(t.level >= Level::High, "{t:?}");
    assert!(t.score > triage(&ad("a", ADULT)).score);
    assert!(t.score > triage(&ad("m", MOVEMENT)).score);
    // Every family points at characters of the original text.
    for hit in &t.families {
        for span in &hit.spans {
            assert!(span.slice(VALIDATED).is_some_and(|s| !s.is_empty()));
        }
    }
}

#[test]
fn a_stated_minor_age_puts_the_ad_first() {
    let t = triage(&ad("s", "Petite nouvelle, j'ai 16 ans, je reçois à l'hôtel, sms"));
    assert!(families(&t).contains(&CueFamily::StatedMinor), "{t:?}");
    assert_eq!(t.level, Level::Critical);
    let mut form = ad("f", ADULT);
    form.meta.insert("age".to_owned(), serde_json::json!(17));
    let t = triage(&form);
    assert_eq!(t.form_age, Some(17));
    assert_eq!(t.level, Level::Critical);
    let mut adult_form = ad("f2", ADULT);
    adult_form.meta.insert("age".to_owned(), serde_json::json!("34"));
    assert_eq!(triage(&adult_form).form_age, Some(34));
    assert!(triage(&adult_form).level < Level::Medium);
}

#[test]
fn a_claimed_age_of_eighteen_alone_stays_below_medium() {
    let t = triage(&ad("e", "Jolie femme 18 ans, je reçois, dispo ce soir"));
    assert!(t.level < Level::Medium, "{t:?}");
}

#[test]
fn youth_words_outside_an_ad_frame_are_weakened() {
    let text = "jeune débutante 100% réelle";
    let in_ad = triage(&ad("x", text));
    let mut chat = ad("y", text);
    chat.kind = DocKind::Message;
    let in_chat = triage(&chat);
    assert!(!in_chat.frame && in_ad.frame);
    assert!(in_chat.score < in_ad.score);
}

#[test]
fn a_phone_shared_by_ads_in_several_cities_is_a_network_cue() {
    let detector = Detector::builder().build().unwrap();
    let docs: Vec<Document> = ["Lyon", "Marseille", "Lille"]
        .iter()
        .enumerate()
        .map(|(i, city)| {
            let mut d = ad(&format!("ad{i}"), "Femme discrète, je reçois, 06 12 34 56 78");
            d.place = Some((*city).to_owned());
            d
        })
        .collect();
    let mut index = PhoneIndex::new();
    let assessed: Vec<_> = docs.iter().map(|d| detector.assess(d)).collect();
    for (d, a) in docs.iter().zip(&assessed) {
        index.observe(d, a);
    }
    let shared = index.shared(&assessed[0]).expect("shared phone");
    assert_eq!((shared.phone.as_str(), shared.ads, shared.places), ("+33612345678", 3, 3));
    let t = triage_ad(&docs[0], &assessed[0], Some(&shared));
    assert!(families(&t).contains(&CueFamily::SharedPhone));
    assert!(t.score > triage_ad(&docs[0], &assessed[0], None).score);
    // Two ads are not a network.
    let mut small = PhoneIndex::new();
    for (d, a) in docs.iter().zip(&assessed).take(2) {
        small.observe(d, a);
    }
    assert_eq!(small.shared(&assessed[0]), None);
}
