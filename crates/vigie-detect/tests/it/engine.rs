//! The engine on small, hand-written rule sets: matching, spans, damping, scoring, errors.

use vigie_detect::{Detector, run_examples};
use vigie_model::{Category, Document, Level};

const PACK: &str = r#"
[[rule]]
code = "T-PACK-01"
category = "pimping_offer"
lang = "fr"
weight = 0.7
tag = "D"
source = "FTV21"
patterns = ["je te fais un pack", "pack"]
reason_fr = "Offre d'un « pack »."
reason_en = "A pack offer."
[rule.unless_near]
terms = ["fibre", "fifa"]
within = 3
[rule.examples]
matches = ["je te fais un pack complet"]
no_match = ["le pack fibre est en promo"]

[[rule]]
code = "T-CLIENT-01"
category = "pimping_offer"
lang = "fr"
weight = 0.5
tag = "S"
source = "FTV21"
patterns = ["clients"]
reason_fr = "Parle de clients."
reason_en = "Mentions clients."
[rule.near]
terms = ["trouver", "ramener"]
within = 2
[rule.examples]
matches = ["je vais te trouver des clients"]
no_match = ["les clients du magasin"]

[[rule]]
code = "T-TRAIN-01"
category = "logistics_travel_lodging"
lang = "fr"
weight = 0.3
tag = "D"
source = "FTV21"
patterns = ["billet de train"]
reason_fr = "Trajet payé."
reason_en = "Paid travel."
[rule.examples]
matches = ["je te paie le billet de train"]
no_match = ["le train est en retard"]

[[rule]]
code = "T-DAMP-01"
kind = "damper"
factor = 0.3
lang = "fr"
tag = "D"
source = "FTV21"
patterns = ["appelle le 3018"]
reason_fr = "Prévention."
reason_en = "Prevention."
[rule.examples]
matches = ["si on te propose ça, appelle le 3018"]
no_match = ["appelle moi"]
"#;

fn detector() -> Detector {
    Detector::builder()
        .shipped_rules(false)
        .rules_toml("test.toml", PACK)
        .build()
        .expect("valid rules")
}

fn doc(text: &str) -> Document {
    Document { id: "d".into(), text: text.into(), ..Document::default() }
}

#[test]
fn spans_point_at_the_original_text() {
    let d = detector();
    let text = "Écoute, Je te fais un PACK : tu verras";
    let a = d.assess(&doc(text));
    assert_eq!(a.signals.len(), 1, "{:?}", a.signals);
    let s = &a.signals[0];
    assert_eq!(s.code, "T-PACK-01");
    assert_eq!(&text[s.span.start..s.span.end], "Je te fais un PACK");
    assert_eq!(s.matched, "Je te fais un PACK");
    assert_eq!(a.level, Level::High);
}

#[test]
fn unless_near_damps_instead_of_dropping() {
    let a = detector().assess(&doc("le pack fibre est à moitié prix"));
    assert_eq!(a.signals.len(), 1);
    let damped = a.signals[0].damped_by.as_ref().expect("damped");
    assert_eq!(damped.matched, "fibre");
    assert!((a.signals[0].effective_weight - 0.14).abs() < 1e-9);
    assert!(a.level <= Level::Low);
}

#[test]
fn near_requires_context_within_n_tokens() {
    let d = detector();
    assert!(
        d.assess(&doc("je vais te trouver des clients"))
            .signals
            .iter()
            .any(|s| s.code == "T-CLIENT-01")
    );
    assert!(
        !d.assess(&doc("trouver un jour, peut-être, des clients"))
            .signals
            .iter()
            .any(|s| s.code == "T-CLIENT-01")
    );
}

#[test]
fn words_match_whole_tokens_only() {
    assert!(detector().assess(&doc("le package est arrivé")).signals.is_empty());
}

#[test]
fn categories_combine_and_dampers_lower_the_score() {
    let d = detector();
    let both = d.assess(&doc("je te fais un pack et je te paie le billet de train"));
    let cats: Vec<Category> = both.categories.iter().map(|c| c.category).collect();
    assert_eq!(cats, [Category::PimpingOffer, Category::LogisticsTravelLodging]);
    let pack_only = d.assess(&doc("je te fais un pack"));
    assert!(both.score > pack_only.score);
    let prevention = d.assess(&doc("si on te dit je te fais un pack, appelle le 3018"));
    assert_eq!(prevention.dampers.len(), 1);
    assert!(
        (prevention.score - pack_only.score * 0.3).abs() < 1e-3,
        "{} vs {}",
        prevention.score,
        pack_only.score
    );
}

#[test]
fn minor_age_cue_multiplies_but_is_never_a_harm_alone() {
    let d = detector();
    let age_only = d.assess(&doc("moi j'ai 15 ans et toi ?"));
    assert_eq!(age_only.signals[0].code, "AGE-STATED-01");
    assert!(age_only.score.abs() < f64::EPSILON, "{}", age_only.score);
    assert_eq!(age_only.level, Level::None);
    let with = d.assess(&doc("j'ai 15 ans. je te paie le billet de train"));
    let without = d.assess(&doc("je te paie le billet de train"));
    assert!(with.score > without.score, "{} vs {}", with.score, without.score);
}

#[test]
fn assessments_are_deterministic() {
    let d = detector();
    let text = "je te fais un pack, je te paie le billet de train, j'ai 15 ans, appelle le 3018";
    let a = serde_json::to_string(&d.assess(&doc(text))).unwrap();
    for _ in 0..5 {
        assert_eq!(serde_json::to_string(&d.assess(&doc(text))).unwrap(), a);
    }
}

#[test]
fn every_example_of_the_test_rules_passes() {
    let report = run_examples(&detector());
    assert_eq!(report.rules, 6);
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
}

#[test]
fn all_rule_problems_are_reported_at_once() {
    let bad = r#"
[[rule]]
code = "bad code"
category = "nope"
lang = "de"
weight = 2.0
tag = "X"
source = ""
reason_fr = "r"
reason_en = "r"

[[rule]]
code = "T-WEAK-01"
category = "pimping_offer"
lang = "fr"
weight = 0.5
tag = "I"
source = "S"
patterns = ["x"]
reason_fr = "r"
reason_en = "r"
[rule.examples]
matches = ["x"]
no_match = ["y"]
"#;
    let err = Detector::builder()
        .shipped_rules(false)
        .rules_toml("test.toml", PACK)
        .rules_toml("bad.toml", bad)
        .rules_toml("broken.toml", "[[rule]\n")
        .build()
        .unwrap_err();
    let messages: Vec<String> = err.errors.iter().map(ToString::to_string).collect();
    let expected_starts = [
        "bad.toml: rule bad code: code must be",
        "bad.toml: rule bad code: lang must be fr or en",
        "bad.toml: rule bad code: tag must be D, S, I or U",
        "bad.toml: rule bad code: unknown category nope",
        "bad.toml: rule bad code: weight must be in (0, 1]",
        "bad.toml: rule bad code: a rule needs patterns or regex",
        "bad.toml: rule bad code: source is empty",
        "bad.toml: rule bad code: examples need at least one",
        "bad.toml: rule T-WEAK-01: rules tagged I must have weight <= 0.3",
        "broken.toml: ",
    ];
    assert_eq!(messages.len(), expected_starts.len(), "{messages:#?}");
    for (m, want) in messages.iter().zip(expected_starts) {
        assert!(m.starts_with(want), "{m:?} should start with {want:?}");
    }
}

#[test]
fn duplicate_codes_and_bad_regexes_are_errors() {
    let regex = PACK.replace(
        "patterns = [\"billet de train\"]",
        "patterns = [\"billet de train\"]\nregex = [\"(\"]",
    );
    let err = Detector::builder()
        .shipped_rules(false)
        .rules_toml("a.toml", PACK)
        .rules_toml("b.toml", regex.clone())
        .build()
        .unwrap_err();
    let messages: Vec<String> = err.errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages.iter().all(|m| m.contains("code already used in a.toml")), "{messages:#?}");
    let err =
        Detector::builder().shipped_rules(false).rules_toml("b.toml", regex).build().unwrap_err();
    assert_eq!(err.errors.len(), 1);
    assert!(
        err.errors[0].to_string().starts_with("b.toml: rule T-TRAIN-01: invalid regex"),
        "{}",
        err.errors[0]
    );
}

#[test]
fn the_same_span_counts_once_per_category() {
    let twin = PACK.replace("T-TRAIN-01", "T-TRAIN-02").replace("weight = 0.3", "weight = 0.25");
    let twin = &twin[twin.find("[[rule]]\ncode = \"T-TRAIN-02\"").expect("twin rule")..];
    let twin = &twin[..twin.find("\n[[rule]]").expect("end of twin rule")];
    let d = Detector::builder()
        .shipped_rules(false)
        .rules_toml("a.toml", PACK)
        .rules_toml("b.toml", twin)
        .build()
        .unwrap();
    let a = d.assess(&doc("je te paie le billet de train"));
    assert_eq!(a.signals.len(), 2, "both rules are shown");
    let logistics =
        a.categories.iter().find(|c| c.category == Category::LogisticsTravelLodging).unwrap();
    assert!((logistics.score - 0.3).abs() < 1e-9, "only the strongest counts: {}", logistics.score);
}
