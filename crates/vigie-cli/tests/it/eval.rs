//! `vigie eval` and `vigie train` end to end.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::common::{run, vigie, workspace};

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    dir.is_dir().then_some(dir)
}

/// A labelled CSV with no real content: positives lean on one vocabulary, negatives on another.
fn synthetic_csv(rows: usize) -> String {
    const SHARED: [&str; 6] = ["hello", "ok", "today", "lol", "well", "really"];
    const POS: [&str; 5] = ["secret", "alone", "gift", "camera", "delete"];
    const NEG: [&str; 5] = ["homework", "football", "pizza", "movie", "teacher"];
    let mut s = String::from("row,segment,label\n");
    for i in 0..rows {
        let label = i % 4 == 0;
        let words: Vec<&str> = (0..12)
            .map(|j| {
                let k = (i * 7 + j * 3) % 10;
                if k < 6 {
                    SHARED[(i + j) % SHARED.len()]
                } else if (k < 9) == label {
                    POS[(i * j + j) % POS.len()]
                } else {
                    NEG[(i + 2 * j) % NEG.len()]
                }
            })
            .collect();
        let _ = writeln!(s, "{i},{},{}", words.join(" "), u8::from(label));
    }
    s
}

fn temp_file(name: &str, contents: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write temp file");
    (dir, path)
}

#[test]
fn cross_validation_prints_one_json_object_with_the_figures_and_the_folds() {
    let (_dir, path) = temp_file("labelled.csv", &synthetic_csv(120));
    let (out, err, code) = run(vigie()
        .args(["eval", "grooming", "--cv", "3", "--format", "json", "--data"])
        .arg(&path));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    for key in ["precision", "recall", "f1", "f05", "auc", "n", "folds", "prefix", "baselines"] {
        assert!(v.get(key).is_some(), "missing {key}: {out}");
    }
    assert_eq!(v["n"], 120);
    assert_eq!(v["positives"], 30);
    assert_eq!(v["mode"], "cv");
    let folds = v["folds"].as_array().expect("folds");
    assert_eq!(folds.len(), 3);
    assert_eq!(folds.iter().map(|f| f["n"].as_u64().unwrap()).sum::<u64>(), 120);
    assert!(folds.iter().all(|f| f["positives"] == 10), "{out}");
    for key in ["precision", "recall", "f05", "auc"] {
        let x = v[key].as_f64().expect(key);
        assert!((0.8..=1.0).contains(&x), "{key} = {x} on separable data");
    }
    assert_eq!(v["prefix"]["positives"], 30);
    assert_eq!(v["comparable"], false);
}

#[test]
fn text_report_states_the_folds_baselines_and_the_french_caveat() {
    let (_dir, path) = temp_file("labelled.csv", &synthetic_csv(80));
    let (out, err, code) =
        run(vigie().args(["eval", "grooming", "--cv", "2", "--data"]).arg(&path));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Validation croisée stratifiée en 2 plis"), "{out}");
    assert!(out.contains("jamais sur ses propres conversations"), "{out}");
    assert!(out.contains("Villatoro-Tello"), "{out}");
    assert!(out.contains("0,9346"), "{out}");
    assert!(out.contains("aucune donnée française publique étiquetée"), "{out}");
    let (out, _, _) =
        run(vigie().args(["eval", "grooming", "--cv", "2", "--lang", "en", "--data"]).arg(&path));
    assert!(out.contains("these figures are English only"), "{out}");
}

#[test]
fn bad_rows_are_reported_by_line_and_field_and_skipped() {
    let mut csv = synthetic_csv(40);
    csv.push_str("40,some text,maybe\n41,,1\n");
    let (_dir, path) = temp_file("bad.csv", &csv);
    let (out, err, code) = run(vigie()
        .args(["eval", "grooming", "--cv", "2", "--format", "json", "--data"])
        .arg(&path));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("bad.csv:42: field label: expected 0 or 1"), "{err}");
    assert!(err.contains("bad.csv:43: field segment: empty"), "{err}");
    assert!(!err.contains("some text"), "errors never quote the text: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["n"], 40);
    assert_eq!(v["rejected"], 2);
}

#[test]
fn missing_columns_and_impossible_folds_are_errors() {
    let (_dir, path) = temp_file("x.csv", "text,label\nhello,1\n");
    let (_, err, code) = run(vigie().args(["eval", "grooming", "--data"]).arg(&path));
    assert_eq!(code, 2);
    assert!(err.contains("colonnes `segment` et `label` requises"), "{err}");
    let (_dir, path) = temp_file("y.csv", &synthetic_csv(12));
    let (_, err, code) = run(vigie().args(["eval", "grooming", "--cv", "5", "--data"]).arg(&path));
    assert_eq!(code, 2);
    assert!(err.contains("--cv 5"), "{err}");
}

#[test]
fn false_positive_report_counts_every_text_once_per_level() {
    let csv = "id,message\n\
        1,on se retrouve devant le lycée à 8h\n\
        2,tu viens au match de foot samedi ?\n\
        3,le prof de maths a rendu les copies\n\
        4,on commande une pizza ce soir ?\n\
        5,j'ai eu 15 au contrôle de français\n";
    let (_dir, path) = temp_file("benign.csv", csv);
    let (out, err, code) = run(vigie()
        .args(["eval", "fp", "--text-column", "message", "--format", "json", "--data"])
        .arg(&path));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["n"], 5);
    let levels = v["levels"].as_object().expect("levels");
    assert_eq!(levels.len(), 5);
    let total: u64 = levels.values().map(|l| l["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 5);
    let shares: f64 = levels.values().map(|l| l["share"].as_f64().unwrap()).sum();
    assert!((shares - 1.0).abs() < 1e-9);
    assert_eq!(v["high_or_above"], 0.0, "benign school chat: {out}");
    let (out, err, code) =
        run(vigie().args(["eval", "fp", "--text-column", "message", "--data"]).arg(&path));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("5 textes bénins"), "{out}");
    assert!(out.contains("≥ élevé : 0"), "{out}");
}

#[test]
fn training_reproduces_the_shipped_model_byte_for_byte() {
    let Some(data) = data_dir() else {
        eprintln!(
            "skipped: ../shared/data not found (the shipped model is trained on pan12-vtpan-segments)"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("grooming-en.vgm");
    let (_, err, code) = run(vigie()
        .args(["train", "grooming", "--seed", "2026", "--data"])
        .arg(data.join("pan12-vtpan-segments/dev_segments.csv"))
        .arg("--out")
        .arg(&out));
    assert_eq!(code, 0, "{err}");
    let trained = std::fs::read(&out).expect("model written");
    let shipped = std::fs::read(workspace().join("crates/vigie-learn/models/grooming-en.vgm"))
        .expect("shipped model");
    assert!(
        trained == shipped,
        "retrained model differs from the shipped file ({} vs {} bytes)",
        trained.len(),
        shipped.len()
    );
}

#[test]
fn evaluating_the_shipped_model_on_its_training_file_warns_loudly() {
    let Some(data) = data_dir() else {
        eprintln!("skipped: ../shared/data not found");
        return;
    };
    let (out, err, code) = run(vigie()
        .args(["eval", "grooming", "--format", "json", "--data"])
        .arg(data.join("pan12-vtpan-segments/dev_segments.csv")));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("ATTENTION"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["evaluated_on_training_data"], true);
    assert_eq!(v["n"], 1385);
}

#[test]
fn eval_rules_measures_categories_must_not_hits_and_names_bad_lines() {
    let corpus = concat!(
        r#"{"id":"p1","text":"jte fais un pack, je m'occupe de tout : le train, l'appart","source_id":"s1","speaker":"recruiter","expected":["pimping_offer"],"must_not":[],"risk":"critical"}"#,
        "\n",
        r#"{"id":"p2","text":"salut ça va ?","source_id":"s2","speaker":"recruiter","expected":["pimping_offer"],"must_not":[],"risk":"high"}"#,
        "\n",
        r#"{"id":"b1","text":"le pack fibre + tv est à -50% ce mois-ci","source_id":"s3","speaker":"ad","expected":[],"must_not":["pimping_offer"],"risk":"none"}"#,
        "\n",
        r#"{"id":"b2","text":"si quelqu'un te propose un pack, appelle le 3018","source_id":"s4","speaker":"prevention","expected":[],"must_not":["pimping_offer"],"risk":"none"}"#,
        "\n",
        r#"{"id":"x","text":"t","source_id":"s5","expected":["nope"],"risk":"none"}"#,
        "\n",
    );
    let (_dir, path) = temp_file("corpus.jsonl", corpus);
    let (out, err, code) =
        run(vigie().args(["eval", "rules", "--format", "json", "--data"]).arg(&path));
    assert_eq!(code, 1, "a rejected line gives exit code 1: {err}");
    assert!(err.contains("corpus.jsonl:5: champ expected : catégorie inconnue nope"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    let real = &v["real"];
    assert_eq!(real["items"], 4);
    assert_eq!((real["expected"].as_u64(), real["found"].as_u64()), (Some(2), Some(1)));
    assert_eq!(real["recall"], 0.5);
    // The prevention message quotes the pack: cited, so not a must-not hit.
    assert_eq!(
        (real["with_must_not"].as_u64(), real["must_not_hits"].as_u64()),
        (Some(2), Some(0))
    );
    let outcomes = real["outcomes"].as_array().expect("outcomes");
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0]["id"], "p2");
    assert_eq!(outcomes[0]["missed"][0], "pimping_offer");
    assert_eq!(v["variants"]["items"], 0);
    // The French text report names the figures.
    let (text, _, _) = run(vigie().args(["eval", "rules", "--data"]).arg(&path));
    assert!(text.contains("Rappel des catégories attendues : 50,0 % (1/2)"), "{text}");
    assert!(text.contains("Citations réelles"), "{text}");
}
