//! `vigie eval identifiers`: the table of disguised identifiers, end to end.

use crate::common::{run, vigie};

#[test]
fn prints_the_table_per_kind_depth_and_family() {
    let (out, err, code) = run(vigie().args(["eval", "identifiers", "--seed", "7", "--n", "200"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Identifiants déguisés (graine 7)\n"), "{out}");
    for kind in ["phone", "handle", "email", "url", "price", "age", "place"] {
        // The plain form of every kind is read.
        assert!(out.contains(&format!("| {kind} | 100.0 % |")), "{kind}: {out}");
    }
    assert!(out.contains("| handle | sentence |"), "{out}");
    assert!(out.contains("| négatifs : famille |"), "{out}");
    assert!(out.contains("| club-brand |"), "{out}");
    assert!(out.contains("faux identifiants dans les négatifs : phone "), "{out}");
    // The same seed gives the same table.
    let (again, _, _) = run(vigie().args(["eval", "identifiers", "--seed", "7", "--n", "200"]));
    assert_eq!(out, again);
}

#[test]
fn json_counts_add_up() {
    let (out, err, code) = run(vigie().args([
        "eval",
        "identifiers",
        "--seed",
        "2026",
        "--n",
        "100",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["seed"], 2026);
    let kinds = v["kinds"].as_array().expect("kinds");
    assert_eq!(kinds.len(), 7);
    for k in kinds {
        let depths = k["by_depth"].as_array().expect("depths");
        assert_eq!(depths.len(), 4);
        for d in depths {
            assert_eq!(d["total"], 25, "{k}");
            assert!(d["found"].as_u64() <= d["total"].as_u64());
        }
    }
    assert_eq!(v["negatives"]["texts"], 25);
    let by_family: u64 = v["negatives"]["by_family"]
        .as_array()
        .expect("families")
        .iter()
        .map(|f| f["texts"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(by_family, 25);
}

#[test]
fn too_few_cases_is_an_error() {
    let (_, err, code) = run(vigie().args(["eval", "identifiers", "--n", "3"]));
    assert_eq!(code, 2);
    assert!(err.contains("--n vaut au moins 4"), "{err}");
}
