//! The four defences against false positives, and per-list policy.

use vigie_phash::{
    Decision, DecodeOptions, Dihedral, EntryStatus, FloodGuard, Hash256, Lang, ListEntry, ListKind,
    ListPolicy, Matcher, MatcherConfig, Outcome, Query, Review, Timestamp, hash_image,
};

use crate::common::vectors_dir;
use crate::index::SplitMix;

fn entry(hash: Hash256, list: &str, quality: Option<u8>) -> ListEntry {
    let mut e = ListEntry::new(hash, list);
    e.quality = quality;
    e.provenance = format!("test:{list}");
    e
}

fn config(lists: &[(&str, ListPolicy)]) -> MatcherConfig {
    let mut c = MatcherConfig::default();
    for (name, p) in lists {
        c.lists.insert((*name).to_string(), *p);
    }
    c
}

const NEGATIVE: ListPolicy =
    ListPolicy { kind: ListKind::Negative, max_distance: None, min_quality: None };

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_unix_seconds(1_795_000_000 / 3600 * 3600 + seconds)
}

#[test]
fn negative_list_suppresses_the_match() {
    let mut rng = SplitMix(10);
    let listed = rng.hash();
    let benign = rng.near(&listed, 6); // a benign image close to a listed hash
    let other = rng.hash();
    let entries = vec![
        entry(listed, "stopncii", Some(100)),
        entry(benign, "benign", Some(100)),
        entry(other, "stopncii", None),
    ];
    let matcher = Matcher::new(config(&[("benign", NEGATIVE)]), entries).unwrap();
    let mut guard = FloodGuard::new();
    let upload = rng.near(&listed, 3);
    let v = matcher.screen(&Query::hash(upload, Some(90)), &mut guard, at(0));
    assert_eq!(v.outcome, Outcome::Suppressed);
    let decisions: Vec<(&str, Decision)> =
        v.hits.iter().map(|h| (h.list.as_str(), h.decision)).collect();
    assert_eq!(decisions, vec![("benign", Decision::Negative), ("stopncii", Decision::Suppressed)]);
    // The negative list does not touch unrelated uploads.
    let v = matcher.screen(&Query::hash(rng.near(&other, 4), None), &mut guard, at(1));
    assert_eq!(v.outcome, Outcome::Match);
    // Without the negative list, the same upload matches.
    let alone =
        Matcher::new(MatcherConfig::default(), vec![entry(listed, "stopncii", Some(100))]).unwrap();
    assert_eq!(
        alone.screen(&Query::hash(upload, Some(90)), &mut FloodGuard::new(), at(0)).outcome,
        Outcome::Match
    );
}

#[test]
fn flood_quarantine_triggers_at_the_documented_rate() {
    let mut rng = SplitMix(11);
    let listed = rng.hash();
    let matcher =
        Matcher::new(MatcherConfig::default(), vec![entry(listed, "l", Some(100))]).unwrap();
    let mut guard = FloodGuard::new();
    // A cold entry: 19 matches in one hour act, the 20th is held (default min_matches = 20).
    for i in 0..19 {
        let v = matcher.screen(&Query::hash(rng.near(&listed, 5), None), &mut guard, at(i * 60));
        assert_eq!(v.outcome, Outcome::Match, "upload {}", i + 1);
    }
    let v = matcher.screen(&Query::hash(listed, None), &mut guard, at(19 * 60));
    assert_eq!(v.outcome, Outcome::Review);
    let Decision::HeldByFlood { count, threshold, since } = v.hits[0].decision else {
        panic!("{:?}", v.hits)
    };
    assert_eq!((count, threshold, since), (20, 19.0, Some(at(19 * 60))));
    // Quarantine is sticky: next hour, one more match is still held.
    let v = matcher.screen(&Query::hash(listed, None), &mut guard, at(3600 + 5));
    assert_eq!(v.outcome, Outcome::Review);
    assert!(guard.is_quarantined("l", &listed));
    assert_eq!(guard.quarantined().len(), 1);
    // A reviewer's release lifts it.
    assert!(guard.release("l", &listed));
    assert_eq!(
        matcher.screen(&Query::hash(listed, None), &mut guard, at(3600 + 6)).outcome,
        Outcome::Match
    );
}

#[test]
fn flood_threshold_follows_the_usual_rate() {
    let mut rng = SplitMix(12);
    let listed = rng.hash();
    let matcher = Matcher::new(MatcherConfig::default(), vec![entry(listed, "l", None)]).unwrap();
    let mut guard = FloodGuard::new();
    // 24 hours at 5 matches an hour: never quarantined (5 < 20).
    for hour in 0..24 {
        for k in 0..5 {
            let v =
                matcher.screen(&Query::hash(listed, None), &mut guard, at(hour * 3600 + k * 60));
            assert_eq!(v.outcome, Outcome::Match);
        }
    }
    // Hour 24: usual rate 5/h, ratio 10 → 50 matches pass, the 51st is held.
    for k in 0..50 {
        let v = matcher.screen(&Query::hash(listed, None), &mut guard, at(24 * 3600 + k * 10));
        assert_eq!(v.outcome, Outcome::Match, "match {} of hour 24", k + 1);
    }
    let v = matcher.screen(&Query::hash(listed, None), &mut guard, at(24 * 3600 + 600));
    assert_eq!(v.outcome, Outcome::Review);
    let Decision::HeldByFlood { count, threshold, .. } = v.hits[0].decision else { panic!() };
    assert_eq!((count, threshold), (51, 50.0));
}

#[test]
fn confirmed_entries_are_exempt_and_disabled_flood_never_holds() {
    let mut rng = SplitMix(13);
    let listed = rng.hash();
    let mut e = entry(listed, "l", None);
    e.status = EntryStatus::Confirmed;
    let matcher = Matcher::new(MatcherConfig::default(), vec![e]).unwrap();
    let mut guard = FloodGuard::new();
    for i in 0..100 {
        assert_eq!(
            matcher.screen(&Query::hash(listed, None), &mut guard, at(i)).outcome,
            Outcome::Match
        );
    }
    let mut off = MatcherConfig::default();
    off.flood.enabled = false;
    let matcher = Matcher::new(off, vec![entry(listed, "l", None)]).unwrap();
    for i in 0..100 {
        assert_eq!(
            matcher.screen(&Query::hash(listed, None), &mut guard, at(i)).outcome,
            Outcome::Match
        );
    }
}

#[test]
fn deconfirmed_entries_stop_matching_and_quarantined_ones_are_held() {
    let mut rng = SplitMix(14);
    let (a, b) = (rng.hash(), rng.hash());
    let mut entries = vec![entry(a, "l", None), entry(b, "l", None)];
    let now = at(0);
    let mut guard = FloodGuard::new();
    let before = Matcher::new(MatcherConfig::default(), entries.clone()).unwrap();
    assert_eq!(before.screen(&Query::hash(a, None), &mut guard, now).outcome, Outcome::Match);
    Review { status: EntryStatus::Deconfirmed, by: "r".into(), at: now, note: None }
        .apply(&mut entries, &a, None)
        .unwrap();
    Review { status: EntryStatus::Quarantined, by: "r".into(), at: now, note: None }
        .apply(&mut entries, &b, None)
        .unwrap();
    let after = Matcher::new(MatcherConfig::default(), entries).unwrap();
    let v = after.screen(&Query::hash(a, None), &mut guard, now);
    assert_eq!(v.outcome, Outcome::NoMatch);
    assert_eq!(v.hits[0].decision, Decision::Deconfirmed, "still explained, never acted on");
    assert_eq!(after.screen(&Query::hash(b, None), &mut guard, now).outcome, Outcome::Review);
}

#[test]
fn per_list_distance_and_quality_floors() {
    let mut rng = SplitMix(15);
    let listed = rng.hash();
    let strict = ListPolicy { max_distance: Some(10), ..ListPolicy::default() };
    let entries = vec![
        entry(listed, "strict", None),
        entry(listed, "loose", None),
        entry(rng.hash(), "loose", Some(49)),
    ];
    let matcher = Matcher::new(config(&[("strict", strict)]), entries).unwrap();
    assert_eq!(matcher.stats().below_quality_floor, 1, "quality 49 is dropped (≤ 49)");
    let mut guard = FloodGuard::new();
    let v = matcher.screen(&Query::hash(rng.near(&listed, 20), None), &mut guard, at(0));
    let lists: Vec<&str> = v.hits.iter().map(|h| h.list.as_str()).collect();
    assert_eq!(lists, vec!["loose"]);
    let v = matcher.screen(&Query::hash(rng.near(&listed, 32), None), &mut guard, at(0));
    assert_eq!(v.outcome, Outcome::NoMatch, "32 bits is over the default 31");
    // Uploads under the quality floor are not matched at all.
    let v = matcher.screen(&Query::hash(listed, Some(30)), &mut guard, at(0));
    assert_eq!((v.outcome, v.hits.len()), (Outcome::LowQuality, 0));
}

#[test]
fn every_configuration_problem_is_reported_at_once() {
    let mut c = config(&[
        ("ghost", NEGATIVE),
        (
            "l",
            ListPolicy { max_distance: Some(200), min_quality: Some(101), ..ListPolicy::default() },
        ),
    ]);
    c.flood.window_seconds = 0;
    c.flood.ratio = 0.5;
    let err = Matcher::new(c, vec![entry(Hash256::ZERO, "l", None)]).unwrap_err().to_string();
    for part in [
        "list `l`: max_distance 200 is over 128",
        "list `l`: min_quality 101 is over 100",
        "flood: window_seconds must be positive",
        "flood: ratio must be a number of at least 1",
        "a policy names list `ghost`, which has no entries",
    ] {
        assert!(err.contains(part), "{err}");
    }
}

#[test]
fn explanation_names_entry_list_distance_quality_and_variant() {
    let mut rng = SplitMix(16);
    let listed =
        Hash256::from_hex("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22")
            .unwrap();
    let benign = rng.hash();
    let mut e = entry(listed, "stopncii", Some(96));
    e.status = EntryStatus::Confirmed;
    let matcher =
        Matcher::new(config(&[("benign", NEGATIVE)]), vec![e, entry(benign, "benign", None)])
            .unwrap();
    let mut near = listed;
    near.set_bit(0);
    near.set_bit(2);
    let v = matcher.screen(&Query::hash(near, Some(100)), &mut FloodGuard::new(), at(0));
    assert_eq!(
        v.explanation().render(Lang::Fr),
        "PDQ-MATCH Correspondance avec une liste : 1 entrée(s) à traiter\n\
         \x20 - PDQ-HIT-ACT liste « stopncii », entrée d8f8f0ce…4e9c9b22 : distance 2 ≤ 31 (image telle quelle), \
         qualité de l'entrée 96, statut confirmée, provenance test:stopncii → à traiter\n"
    );
    let en = v.explanation().render(Lang::En);
    assert!(en.starts_with("PDQ-MATCH Listed content: 1 entry(ies) to act on\n"), "{en}");
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["hits"][0]["decision"], "act");
    assert_eq!(json["hits"][0]["variant"], "original");
    assert_eq!(json["hits"][0]["distance"], 2);
}

#[test]
fn rotated_upload_matches_through_a_dihedral_variant() {
    let Some(dir) = vectors_dir() else { return };
    let read = |f: &str| std::fs::read(dir.join("images/reg-test-input/dih").join(f)).unwrap();
    let options = DecodeOptions::default();
    let original = hash_image(&read("bridge-1-original.jpg"), &options).unwrap();
    let matcher = Matcher::new(
        MatcherConfig::default(),
        vec![entry(original.pdq.hash, "l", Some(original.pdq.quality))],
    )
    .unwrap();
    let rotated = hash_image(&read("bridge-2-rotate-90.jpg"), &options).unwrap();
    let mut guard = FloodGuard::new();
    let v = matcher.screen(&Query::image(&rotated), &mut guard, at(0));
    assert_eq!(v.outcome, Outcome::Match);
    // The upload rotated back (270° counter-clockwise) lines up with the listed original.
    assert_eq!(v.hits[0].variant, Dihedral::Rot270);
    assert!(v.hits[0].distance <= 31);
    // Matched as stored only, the rotated copy is missed: why dihedral matching is the default.
    let v = matcher.screen(&Query::image_as_stored(rotated.pdq), &mut guard, at(0));
    assert_eq!(v.outcome, Outcome::NoMatch);
}
