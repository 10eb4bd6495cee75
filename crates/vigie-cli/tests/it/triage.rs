//! `vigie triage` end to end: ranked ads with the spans that raised them.

use crate::common::{run, vigie};

const ADS: &str = r#"{"id":"plain","kind":"ad","text":"Femme de 34 ans, discrète, reçoit en appartement privé, 1h minimum."}
{"id":"moving","kind":"ad","text":"Nouvelle en ville, de passage quelques jours seulement, je reçois, dispo 7j/7."}
{"id":"cues","kind":"ad","place":"Lyon","text":"Jeune débutante, 100% réelle, pas de fake, je reçois, sms : zéro six 12 34 56 78"}
{"id":"broken","kind":"ad","text":42}
{"id":"form","kind":"ad","text":"Femme discrète, je reçois.","meta":{"age":16}}
"#;

#[test]
fn ads_are_ranked_by_validated_cues_and_bad_records_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ads.jsonl");
    std::fs::write(&path, ADS).unwrap();
    let (out, err, code) =
        run(vigie().arg("triage").arg(&path).args(["--format", "json", "--min-level", "none"]));
    assert_eq!(code, 1, "one bad record: exit 1\n{err}");
    assert!(err.contains(":4: field text"), "{err}");
    let ads: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let order: Vec<&str> = ads.iter().map(|a| a["document"].as_str().unwrap()).collect();
    assert_eq!(order[..2], ["form", "cues"], "{order:?}");
    assert_eq!(ads[0]["level"], "critical");
    assert_eq!(ads[0]["form_age"], 16);
    let cues = &ads[1];
    let families: Vec<&str> = cues["families"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["family"].as_str().unwrap())
        .collect();
    for f in ["youth", "trust", "obscured_phone"] {
        assert!(families.contains(&f), "{families:?}");
    }
    assert_eq!(cues["identifiers"][0]["value"], "+33612345678");
    let moving = ads.iter().find(|a| a["document"] == "moving").unwrap();
    assert_eq!(moving["level"], "none", "movement words alone do not raise an ad");
}

#[test]
fn the_bundled_ads_give_a_french_report_with_carets() {
    let (out, err, code) = run(vigie().args(["triage", "examples/ads.jsonl", "--top", "2"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Maraude numérique : "), "{out}");
    assert!(out.contains("#1 priorité critique"), "{out}");
    assert!(out.contains("(validé NIJ)"), "{out}");
    assert!(out.contains("^^^"), "{out}");
    assert!(!out.contains("#3 "), "--top 2");
    assert!(err.contains("annonces triées, 0 rejetées"), "{err}");
}

#[test]
fn csv_rows_are_read_as_ads_and_written_for_spreadsheets() {
    let (out, err, code) = run(vigie().args([
        "triage",
        "examples/ads.csv",
        "--text-column",
        "texte",
        "--id-column",
        "annonce_id",
        "--place-column",
        "ville",
        "--format",
        "csv",
    ]));
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("origin,line,document,score,level,families,phones,places"));
    let rows: Vec<&str> = lines.collect();
    assert!(!rows.is_empty());
    // The same number in several cities across the CSV: a network cue.
    assert!(rows.iter().any(|r| r.contains("shared_phone:")), "{out}");
}
