//! `vigie scan` and `vigie rules` end to end.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::Stdio;

use crate::common::{run, vigie};

fn temp_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write temp file");
    (dir, path)
}

const PACK_OFFER: &str = "jte fais un p@ck, je m'occupe de tout : le train, l'airbnb, les annonces, les clients. moitié-moitié";

#[test]
fn bundled_examples_give_a_ranked_french_report() {
    let (out, err, code) = run(vigie().args([
        "scan",
        "examples/conversations.jsonl",
        "examples/ads.jsonl",
        "--top",
        "5",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "document(s) au-dessus du niveau demandé sur 128 analysé(s) ; les 5 plus préoccupants :"
        ),
        "{out}"
    );
    assert!(out.contains("#1 "), "{out}");
    assert!(out.contains("-->"), "{out}");
    assert!(out.contains("Vigie classe et explique ; une personne décide."));
    assert!(!out.contains('\u{1b}'), "no colour when stdout is not a terminal");
    assert!(err.contains("enregistrements lus"), "{err}");
    assert!(err.contains("0 rejetés"), "{err}");
}

#[test]
fn bad_records_are_reported_by_line_and_field_and_the_batch_goes_on() {
    let input = format!(
        "{{\"id\":\"a\",\"text\":{PACK_OFFER:?}}}\n{{\"id\":\"b\"}}\n\n{{\"id\":\"c\",\"text\":\"salut\",\"timestamp\":\"hier\"}}\n{{\"id\":\"d\",\"text\":\"ça va ?\"}}\n{{\"id\":\"e\",\"text\":\"tronq"
    );
    let (_dir, path) = temp_file("chat.jsonl", input.as_bytes());
    let (out, err, code) = run(vigie().args(["scan", "--format", "jsonl"]).arg(&path));
    assert_eq!(code, 1, "some records rejected: {err}");
    let p = path.display();
    assert!(err.contains(&format!("{p}:2: field text: missing")), "{err}");
    assert!(err.contains(&format!("{p}:4: field timestamp: unreadable date")), "{err}");
    assert!(err.contains(&format!("{p}:6: invalid JSON")), "{err}");
    assert!(err.contains("5 enregistrements lus, 2 analysés, 3 rejetés"), "{err}");
    assert!(!err.contains("tronq"), "errors never quote the text: {err}");
    let ids: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("one JSON object per line")["document"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["a", "d"]);
}

#[test]
fn json_output_has_one_assessment_per_document_with_spans_into_the_original() {
    let (_dir, path) =
        temp_file("m.txt", format!("{PACK_OFFER}\n\nbonne soirée à tous\n").as_bytes());
    let (out, err, code) = run(vigie().args(["scan", "--format", "json"]).arg(&path));
    assert_eq!(code, 0, "{err}");
    let all: Vec<serde_json::Value> = serde_json::from_str(&out).expect("a JSON array");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["line"], 1);
    assert_eq!(all[1]["line"], 3);
    assert_eq!(all[1]["level"], "none");
    let first = &all[0];
    assert!(["high", "critical"].contains(&first["level"].as_str().unwrap()), "{first}");
    assert!(
        first["categories"].as_array().unwrap().iter().any(|c| c["category"] == "pimping_offer"),
        "{first}"
    );
    for s in first["signals"].as_array().unwrap() {
        let (start, end) = (
            s["span"]["start"].as_u64().unwrap() as usize,
            s["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&PACK_OFFER[start..end], s["matched"].as_str().unwrap());
        assert!(!s["reason_fr"].as_str().unwrap().is_empty());
    }
    assert!(first["engine"]["rules"].as_str().unwrap().contains("rules, fnv1a:"));
}

#[test]
fn csv_input_with_a_column_mapping_and_csv_output() {
    let csv = format!(
        "annonce_id;ville;texte\nx1;Lyon;\"{PACK_OFFER}\"\nx2;Nice;\"Massage kiné, cabinet agréé\"\n"
    );
    let (_dir, path) = temp_file("annonces.csv", csv.as_bytes());
    let (out, err, code) = run(vigie()
        .args([
            "scan",
            "--format",
            "csv",
            "--text-column",
            "texte",
            "--id-column",
            "annonce_id",
            "--kind",
            "ad",
        ])
        .arg(&path));
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("origin,line,document,score,level,categories,signals,identifiers")
    );
    let x1 = lines.next().expect("x1 row");
    assert!(x1.contains(",2,x1,") && x1.contains("pimping_offer:"), "{x1}");
    assert!(lines.next().expect("x2 row").contains(",3,x2,"), "{out}");
}

#[test]
fn a_missing_csv_column_is_fatal_with_a_hint() {
    let (_dir, path) = temp_file("a.csv", b"id,body\n1,salut\n");
    let (_out, err, code) = run(vigie().args(["scan", "--text-column", "texte"]).arg(&path));
    assert_eq!(code, 2);
    assert!(err.contains("column texte not found in the header (columns: id, body)"), "{err}");
    assert!(err.contains("hint: "), "{err}");
}

#[test]
fn stdin_is_sniffed_and_min_level_filters() {
    let mut child = vigie()
        .args(["scan", "-", "--format", "jsonl", "--min-level", "high"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let input =
        format!("{{\"id\":\"1\",\"text\":\"coucou\"}}\n{{\"id\":\"2\",\"text\":{PACK_OFFER:?}}}\n");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("\"document\":\"2\""));
}

#[test]
fn english_explanations_and_forced_colour() {
    let (_dir, path) = temp_file("m.txt", PACK_OFFER.as_bytes());
    let (out, _err, code) =
        run(vigie().args(["scan", "--lang", "en", "--color", "always"]).arg(&path));
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "1 document(s) above the requested level out of 1 analysed; the 1 most worrying:"
        ),
        "{out}"
    );
    assert!(out.contains('\u{1b}'), "colours when asked");
    let (out, _err, _) =
        run(vigie().args(["scan", "--color", "always"]).env("NO_COLOR", "1").arg(&path));
    assert!(out.contains('\u{1b}'), "--color always wins over NO_COLOR");
    let (out, _err, _) = run(vigie().args(["scan"]).env("NO_COLOR", "1").arg(&path));
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn an_unreadable_input_is_fatal_but_the_others_are_read() {
    let (_dir, path) = temp_file("m.txt", b"salut\n");
    let (_out, err, code) = run(vigie().args(["scan", "does-not-exist.jsonl"]).arg(&path));
    assert_eq!(code, 2);
    assert!(err.contains("impossible d'ouvrir does-not-exist.jsonl"), "{err}");
    assert!(err.contains("1 enregistrements lus, 1 analysés"), "{err}");
}

#[test]
fn shipped_rules_pass_their_examples_and_cover_every_category() {
    let (_out, err, code) = run(vigie().args(["rules", "test"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(", 0 échoués"), "{err}");
    let (out, _err, code) = run(vigie().args(["rules", "list", "--format", "json"]));
    assert_eq!(code, 0);
    let rules: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    for category in [
        "contact_flattery",
        "vulnerability_probe",
        "trust_resource",
        "isolation_secrecy",
        "gifts_money",
        "image_request",
        "image_exposure",
        "sextortion_threat",
        "pimping_offer",
        "logistics_travel_lodging",
        "move_to_private",
        "meeting_arrangement",
        "minor_age_cue",
        "control_coercion",
        "peer_recruitment",
        "buyer_solicitation",
        "escort_ad",
        "ad_minor_cue",
        "self_normalisation",
    ] {
        for lang in ["fr", "en"] {
            assert!(
                rules.iter().any(|r| r["category"] == category && r["lang"] == lang),
                "no {lang} rule for {category}"
            );
        }
    }
}

#[test]
fn user_rules_are_added_and_bad_ones_reported_all_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("local.toml"),
        r#"
[[rule]]
code = "LOCAL-TEST-01"
category = "move_to_private"
lang = "fr"
weight = 0.3
tag = "I"
source = "local"
patterns = ["viens sur zorbichat"]
reason_fr = "Invitation vers une messagerie locale."
reason_en = "Invitation to a local messenger."
[rule.examples]
matches = ["viens sur zorbichat"]
no_match = ["zorbichat c'est nul"]
"#,
    )
    .unwrap();
    let (_d, input) = temp_file("m.txt", b"viens sur Zorbichat ce soir\n");
    let (out, err, code) =
        run(vigie().args(["scan", "--format", "jsonl", "--rules"]).arg(dir.path()).arg(&input));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("LOCAL-TEST-01"), "{out}");
    std::fs::write(dir.path().join("bad.toml"), "[[rule]]\ncode = \"x\"\n").unwrap();
    let (_out, err, code) = run(vigie().args(["rules", "test", "--rules"]).arg(dir.path()));
    assert_eq!(code, 2);
    assert!(err.contains("bad.toml"), "{err}");
    assert!(err.contains("hint: le format des règles est décrit dans docs/rules.md"), "{err}");
}
