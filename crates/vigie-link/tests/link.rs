//! Small hand-written cases: links with reasons, identical bodies, hubs, circuits, writers.

use std::collections::BTreeSet;

use proptest::prelude::*;
use vigie_link::{
    DocInput, LinkConfig, LinkKey, Linked, Linker, PlaceRef, fingerprint, parse_time, write,
};
use vigie_model::{CircuitFlagKind, EdgeReason, NodeKind};

fn phone(v: &str) -> LinkKey {
    LinkKey { kind: NodeKind::Phone, value: v.to_owned() }
}

fn doc(id: &str, text: &str, keys: Vec<LinkKey>) -> DocInput {
    DocInput {
        id: id.into(),
        time: None,
        keys,
        place: None,
        risk: 0.1,
        minor_cue: false,
        print: fingerprint(text),
    }
}

fn place(code: &str, name: &str, lat: f64, lon: f64) -> PlaceRef {
    PlaceRef { code: code.into(), name: name.into(), lat: Some(lat), lon: Some(lon) }
}

fn link(docs: Vec<DocInput>) -> Linked {
    let mut linker = Linker::new(LinkConfig::default());
    for d in docs {
        linker.push(d);
    }
    linker.finish()
}

fn networks(linked: &Linked) -> BTreeSet<BTreeSet<String>> {
    linked.report().networks.iter().map(|n| n.documents.iter().cloned().collect()).collect()
}

#[test]
fn two_ads_sharing_a_phone_are_linked_with_the_reason() {
    let linked = link(vec![
        doc("a", "nouvelle sur Lyon", vec![phone("+33611223344")]),
        doc("b", "de passage à Lille", vec![phone("+33611223344")]),
        doc("c", "tout autre chose", vec![phone("+33799887766")]),
    ]);
    let report = linked.report();
    assert_eq!(report.networks.len(), 1);
    assert_eq!(report.networks[0].documents, ["a", "b"]);
    assert_eq!(report.networks[0].identifiers[0].value, "+33611223344");
    assert_eq!(report.stats.singletons, 1);
    let graph = linked.graph();
    let reasons: Vec<(&str, &str, EdgeReason)> =
        graph.edges.iter().map(|e| (e.source.as_str(), e.target.as_str(), e.reason)).collect();
    assert_eq!(
        reasons,
        [
            ("doc:a", "phone:+33611223344", EdgeReason::SharedPhone),
            ("doc:b", "phone:+33611223344", EdgeReason::SharedPhone)
        ]
    );
}

#[test]
fn identical_bodies_are_one_cluster_and_near_duplicates_carry_their_jaccard() {
    let body =
        "Coucou ! Nouvelle sur Lyon 😘 douce et souriante, dispo 7j/7, tarif 150€, sms uniquement";
    let linked = link(vec![
        doc("a", body, vec![]),
        doc("b", "recette de crêpes au sucre", vec![]),
        doc("c", &body.to_uppercase().to_lowercase(), vec![]),
        doc("d", &body.replace("Lyon", "Lille"), vec![]),
    ]);
    let report = linked.report();
    assert_eq!(report.clusters.len(), 1);
    assert_eq!(report.clusters[0].documents, ["a", "c", "d"]);
    assert_eq!(linked.cluster_of(0), Some(1));
    assert_eq!(linked.cluster_of(2), Some(1));
    assert_eq!(linked.cluster_of(1), None);
    assert_eq!(report.clusters[0].distinct_bodies, 2);
    let j = report.clusters[0].jaccard_min.expect("a near-duplicate edge");
    assert!((0.5..1.0).contains(&j), "{j}");
    let graph = linked.graph();
    assert!(graph.edges.iter().any(|e| e.reason == EdgeReason::IdenticalText));
    assert!(
        graph
            .edges
            .iter()
            .any(|e| e.reason == EdgeReason::NearDuplicateText && e.jaccard == Some(j))
    );
}

#[test]
fn a_hub_does_not_glue_networks_and_is_reported() {
    let agency = phone("+33145000000");
    let mut docs = Vec::new();
    for g in 0..6 {
        let own = phone(&format!("+3361100000{g}"));
        for k in 0..3 {
            let mut keys = vec![own.clone()];
            if k < 2 {
                keys.push(agency.clone());
            }
            docs.push(doc(&format!("g{g}-{k}"), &format!("texte {g} {k}"), keys));
        }
    }
    let report = link(docs).report();
    assert_eq!(report.networks.len(), 6, "{:?}", report.stats);
    assert!(report.networks.iter().all(|n| n.documents.len() == 3));
    assert_eq!(report.hubs.len(), 1);
    assert_eq!(report.hubs[0].node.value, "+33145000000");
    assert_eq!(report.hubs[0].node.degree, 12);
    assert_eq!(report.hubs[0].groups, 6);
    assert_eq!(report.stats.merges_prevented, 5);
    assert_eq!(report.stats.largest_network_with_hubs, 18);
    assert!(report.networks[0].identifiers.iter().any(|i| i.hub));
}

#[test]
fn one_person_with_many_texts_is_not_a_hub() {
    let docs = (0..15)
        .map(|i| doc(&format!("d{i}"), &format!("annonce numéro {i}"), vec![phone("+33612121212")]))
        .collect();
    let report = link(docs).report();
    assert!(report.hubs.is_empty());
    assert_eq!(report.networks.len(), 1);
}

fn circuit_docs() -> Vec<DocInput> {
    let t0 = parse_time("2026-03-01T10:00:00Z").unwrap();
    let h = 3600;
    let p = || vec![phone("+33611223344")];
    let mut docs = vec![
        doc("paris", "c", p()),
        doc("lyon-2", "b", p()),
        doc("lyon-1", "a", p()),
        doc("marseille", "d", p()),
    ];
    let at = [
        (t0 + 80 * h, place("75056", "Paris", 48.8566, 2.3522)),
        (t0 + 10 * h, place("69123", "Lyon", 45.7640, 4.8357)),
        (t0, place("69123", "Lyon", 45.7640, 4.8357)),
        (t0 + 72 * h, place("13055", "Marseille", 43.2965, 5.3698)),
    ];
    for (d, (t, pl)) in docs.iter_mut().zip(at) {
        d.time = Some(t);
        d.place = Some(pl);
    }
    docs
}

#[test]
fn a_circuit_is_ordered_with_dwell_times_and_flags() {
    let report = link(circuit_docs()).report();
    assert_eq!(report.circuits.len(), 1);
    let c = &report.circuits[0];
    let names: Vec<&str> = c.stops.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Lyon", "Marseille", "Paris"]);
    assert_eq!(c.stops[0].documents, 2);
    assert_eq!(c.stops[0].first_seen, "2026-03-01T10:00:00Z");
    assert_eq!(c.stops[0].last_seen, "2026-03-01T20:00:00Z");
    assert!((c.stops[0].dwell_hours - 72.0).abs() < 1e-9);
    assert!((c.stops[1].dwell_hours - 8.0).abs() < 1e-9);
    let flags: Vec<(CircuitFlagKind, usize)> = c.flags.iter().map(|f| (f.kind, f.stop)).collect();
    assert_eq!(flags, [(CircuitFlagKind::ShortStay, 1), (CircuitFlagKind::LongJump, 1)]);
    assert!(report.networks[0].has_circuit);
}

#[test]
fn gexf_is_valid_xml_with_node_and_edge_attributes() {
    let mut docs = circuit_docs();
    docs[0].id = "a<&\"'>".into();
    let linked = link(docs);
    let mut out = Vec::new();
    write::write_gexf(&linked.graph(), &mut out).unwrap();
    let mut reader = quick_xml::Reader::from_reader(out.as_slice());
    let mut buf = Vec::new();
    let (mut nodes, mut edges, mut attvalues) = (0, 0, 0);
    let mut ids = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"node" => {
                        nodes += 1;
                        let id = e.try_get_attribute("id").unwrap().unwrap();
                        ids.push(
                            id.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                .unwrap()
                                .into_owned(),
                        );
                    }
                    b"edge" => edges += 1,
                    b"attvalue" => attvalues += 1,
                    _ => {}
                }
            }
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(nodes, 5, "4 documents and 1 phone");
    assert_eq!(edges, 4);
    assert!(attvalues >= 5 * 2 + 4 * 2, "{attvalues}");
    assert!(ids.contains(&"doc:a<&\"'>".to_owned()), "{ids:?}");
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("title=\"reason\""));
    assert!(text.contains("value=\"shared_phone\""));
}

#[test]
fn geojson_has_a_line_per_circuit_and_a_point_per_stop() {
    let report = link(circuit_docs()).report();
    let mut out = Vec::new();
    write::write_geojson(&report, &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let kinds: Vec<&str> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["geometry"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["LineString", "Point", "Point", "Point"]);
    assert_eq!(v["features"][0]["geometry"]["coordinates"][0][0], 4.8357);
    let mut csv = Vec::new();
    write::write_circuits_csv(&report, &mut csv).unwrap();
    assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 4);
}

fn arbitrary_docs() -> impl Strategy<Value = Vec<(usize, usize, Option<usize>)>> {
    proptest::collection::vec((0..6usize, 0..12usize, proptest::option::of(0..4usize)), 1..40)
}

const TEXTS: [&str; 6] = [
    "nouvelle sur Lyon douce et souriante dispo 7j/7 tarif 150",
    "nouvelle sur Lille douce et souriante dispo 7j/7 tarif 150",
    "recette de crêpes au sucre et au beurre salé",
    "de passage à Nantes cette semaine sms uniquement",
    "bonjour",
    "",
];

fn build(items: &[(usize, usize, Option<usize>)], order: &[usize]) -> Vec<DocInput> {
    order
        .iter()
        .map(|&i| {
            let (t, p, q) = items[i];
            let mut keys = vec![phone(&format!("+336000000{p:02}"))];
            keys.extend(
                q.map(|q| LinkKey { kind: NodeKind::Handle, value: format!("snapchat:h{q}") }),
            );
            let mut d = doc(&format!("d{i}"), TEXTS[t], keys);
            d.time = Some(1_700_000_000 + i64::try_from(i).unwrap() * 3600);
            d
        })
        .collect()
}

proptest! {
    #[test]
    fn same_input_same_bytes_and_order_does_not_change_networks(items in arbitrary_docs(), seed in any::<u64>()) {
        let order: Vec<usize> = (0..items.len()).collect();
        let mut shuffled = order.clone();
        let mut s = seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let a = link(build(&items, &order));
        let b = link(build(&items, &order));
        let (mut ja, mut jb) = (Vec::new(), Vec::new());
        write::write_json(&a.report(), &mut ja).unwrap();
        write::write_json(&b.report(), &mut jb).unwrap();
        prop_assert_eq!(ja, jb);
        let c = link(build(&items, &shuffled));
        prop_assert_eq!(networks(&a), networks(&c));
    }
}
