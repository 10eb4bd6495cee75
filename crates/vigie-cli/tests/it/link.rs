//! `vigie link` end to end: files written, summary printed, bad records reported, and — when the
//! data is present — the real ads of `../shared/data/backpage-ca-2017`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{run, vigie, workspace};

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("file written")).expect("valid JSON")
}

#[test]
fn bundled_example_writes_every_file_and_a_french_summary() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err, code) =
        run(vigie().args(["link", "examples/network-ads.jsonl", "--out"]).arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    for f in [
        "networks.json",
        "nodes.csv",
        "edges.csv",
        "circuits.csv",
        "network.gexf",
        "circuits.geojson",
    ] {
        assert!(dir.path().join(f).is_file(), "{f} missing");
    }
    assert!(out.contains("15 documents reliés en 3 réseau(x)"), "{out}");
    assert!(out.contains("circuit : Lyon → Grenoble → Marseille"), "{out}");
    assert!(out.contains("Vigie relie et explique ; une personne décide."), "{out}");
    assert!(!out.contains("39 98"), "the summary masks identifiers: {out}");
    assert!(!err.contains("39 98") && !err.contains("+33"), "no identifier on stderr: {err}");
    assert!(err.contains("15 enregistrements lus, 15 reliés, 0 rejetés"), "{err}");
    let report = read_json(&dir.path().join("networks.json"));
    let first = &report["networks"][0];
    assert_eq!(first["documents"].as_array().unwrap().len(), 6);
    let template = report["clusters"][0]["template"]["text"].as_str().unwrap();
    assert!(template.starts_with("Coucou ! Nouvelle sur {1}"), "{template}");
    let geo = read_json(&dir.path().join("circuits.geojson"));
    assert_eq!(geo["features"][0]["geometry"]["type"], "LineString");
    let edges = std::fs::read_to_string(dir.path().join("edges.csv")).unwrap();
    assert!(edges.starts_with("source,target,reason,weight,jaccard,hub\n"));
    assert!(edges.contains(",shared_phone,") && edges.contains(",near_duplicate_text,"), "{edges}");
}

#[test]
fn english_summary_and_a_chosen_format() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err, code) = run(vigie()
        .args([
            "link",
            "examples/network-ads.jsonl",
            "--lang",
            "en",
            "--format",
            "geojson",
            "--out",
        ])
        .arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("15 documents linked into 3 network(s)"), "{out}");
    assert!(out.contains("A link is not proof."), "{out}");
    assert!(dir.path().join("circuits.geojson").is_file());
    assert!(!dir.path().join("networks.json").exists());
}

#[test]
fn a_bad_record_is_reported_by_line_and_the_rest_is_linked() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ads.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"text\":\"dispo au 06 39 98 11 22\"}\n{\"id\":\"b\"}\n{\"id\":\"c\",\"text\":\"nouvelle, appelez le 06 39 98 11 22\"}\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let (_out, err, code) = run(vigie().arg("link").arg(&input).arg("--out").arg(&out_dir));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("{}:2: field text: missing", input.display())), "{err}");
    assert!(err.contains("3 enregistrements lus, 2 reliés, 1 rejetés"), "{err}");
    let report = read_json(&out_dir.join("networks.json"));
    assert_eq!(report["networks"][0]["documents"], serde_json::json!(["a", "c"]));
}

/// Real ads, only when `../shared/data` exists; never copies a row anywhere.
#[test]
fn backpage_identical_bodies_cluster_and_shared_phones_link() {
    let data = workspace().join("../shared/data/backpage-ca-2017/posts.csv");
    if !data.is_file() {
        eprintln!("skipped: {} not found", data.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_out, err, code) = run(vigie()
        .args([
            "link",
            "--region",
            "US",
            "--text-column",
            "body",
            "--id-column",
            "id",
            "--kind",
            "ad",
            "-q",
            "--out",
        ])
        .arg(dir.path())
        .arg(&data));
    assert_eq!(code, 0, "{err}");
    let report = read_json(&dir.path().join("networks.json"));
    // Every group of identical bodies is in one cluster.
    let mut bodies: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rows = csv::Reader::from_path(&data).unwrap();
    for row in rows.records() {
        let row = row.unwrap();
        bodies.entry(row[3].to_owned()).or_default().push(row[0].to_owned());
    }
    let mut cluster_of: BTreeMap<&str, u64> = BTreeMap::new();
    for c in report["clusters"].as_array().unwrap() {
        for d in c["documents"].as_array().unwrap() {
            cluster_of.insert(d.as_str().unwrap(), c["id"].as_u64().unwrap());
        }
    }
    let mut groups = 0;
    for ids in bodies.values().filter(|ids| ids.len() > 1) {
        groups += 1;
        let found: BTreeSet<Option<&u64>> =
            ids.iter().map(|i| cluster_of.get(i.as_str())).collect();
        assert_eq!(found.len(), 1, "a group of {} identical bodies is split", ids.len());
        assert!(found.iter().next().unwrap().is_some());
    }
    // Documents sharing a phone are in one network unless the phone is a hub.
    let mut network_of: BTreeMap<String, String> = BTreeMap::new();
    let mut degree: BTreeMap<String, (u64, bool)> = BTreeMap::new();
    for row in csv::Reader::from_path(dir.path().join("nodes.csv")).unwrap().records() {
        let row = row.unwrap();
        if &row[1] == "document" {
            network_of.insert(row[0].to_owned(), row[3].to_owned());
        } else if &row[1] == "phone" {
            degree.insert(row[0].to_owned(), (row[4].parse().unwrap(), &row[5] == "true"));
        }
    }
    let mut carriers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in csv::Reader::from_path(dir.path().join("edges.csv")).unwrap().records() {
        let row = row.unwrap();
        if &row[2] == "shared_phone" {
            carriers.entry(row[1].to_owned()).or_default().push(row[0].to_owned());
        }
    }
    let mut shared = 0;
    for (phone, (deg, hub)) in &degree {
        let docs = &carriers[phone];
        assert_eq!(docs.len() as u64, *deg, "every carrier of a shared phone is in a network");
        if !hub {
            shared += 1;
            let nets: BTreeSet<&String> = docs.iter().map(|d| &network_of[d]).collect();
            assert_eq!(nets.len(), 1, "a shared phone spans networks");
        }
    }
    let stats = &report["stats"];
    eprintln!(
        "backpage: {} ads, {groups} groups of identical bodies, {} clusters, {shared} shared phones; {} networks, {} alone, largest {} ({} without hub filtering), {} hubs, {} merges prevented; sizes {}",
        stats["documents"],
        stats["clusters"],
        stats["networks"],
        stats["singletons"],
        stats["largest_network"],
        stats["largest_network_with_hubs"],
        stats["hubs"],
        stats["merges_prevented"],
        stats["size_histogram"]
    );
    assert!(groups > 0);
}
