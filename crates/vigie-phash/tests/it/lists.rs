//! Hash-list formats: round trips, plain-list compatibility, per-record errors, reviews, stats.

use std::fmt::Write as _;

use proptest::prelude::*;
use vigie_phash::{
    EntryStatus, Hash256, ImportOptions, ListEntry, ListFormat, Review, Timestamp, list_stats,
    read_list, write_list,
};

use crate::common::vectors_dir;

const A: &str = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
const B: &str = "e4cc89d91c623842f8d1f1d9a398e78c9f199a3bf87925f2b7e11e0bf061b064";

fn opts(list: &str) -> ImportOptions {
    ImportOptions { list: Some(list.into()), ..ImportOptions::default() }
}

fn sample_entries() -> Vec<ListEntry> {
    let mut a = ListEntry::new(A.parse().unwrap(), "stopncii");
    a.quality = Some(100);
    a.provenance = "stopncii:batch-7".into();
    a.added_at = Timestamp::parse("2026-11-29T10:00:00Z");
    let mut b = ListEntry::new(B.parse().unwrap(), "benign, \"quoted\"");
    b.status = EntryStatus::Deconfirmed;
    b.reviewed_by = Some("analyste 1".into());
    b.reviewed_at = Timestamp::parse("2026-11-29T11:00:00Z");
    b.note = Some("photo de pont, faux positif".into());
    vec![a, b]
}

#[test]
fn csv_and_jsonl_round_trip() {
    for format in [ListFormat::Csv, ListFormat::Jsonl] {
        let mut bytes = Vec::new();
        write_list(&sample_entries(), format, &mut bytes).unwrap();
        assert_eq!(ListFormat::detect(&bytes), format);
        let report =
            read_list(&bytes, None, &ImportOptions { min_quality: 0, ..ImportOptions::default() })
                .unwrap();
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        assert_eq!(report.entries, sample_entries(), "{format:?}");
    }
}

#[test]
fn csv_layout_is_documented_one() {
    let mut bytes = Vec::new();
    write_list(&sample_entries()[..1], ListFormat::Csv, &mut bytes).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        format!(
            "hash,quality,list,provenance,added_at,status,reviewed_by,reviewed_at,note\n\
             {A},100,stopncii,stopncii:batch-7,2026-11-29T10:00:00Z,active,,,\n"
        )
    );
}

#[test]
fn plain_lists_of_other_tools_are_read() {
    let text = format!(
        "# exported from HMA\n{A}\n\npdq {B}\nPDQ {}\n{B},87,some/file.jpg\nhash={A},norm=128,delta=0,quality=42,filename=x.jpg\n",
        A.to_uppercase()
    );
    let report =
        read_list(text.as_bytes(), None, &ImportOptions { min_quality: 0, ..opts("te") }).unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let got: Vec<(String, Option<u8>)> =
        report.entries.iter().map(|e| (e.hash.to_hex(), e.quality)).collect();
    assert_eq!(got, vec![(A.to_string(), None), (B.to_string(), None)]);
    assert_eq!(
        report.duplicates, 3,
        "upper-case A, B with quality, A with details repeat earlier entries"
    );
    // The quality floor drops entries whose quality is known and low, never unknown ones.
    let report =
        read_list(format!("{A},42\n{B}\n").as_bytes(), Some(ListFormat::Hex), &opts("te")).unwrap();
    assert_eq!((report.entries.len(), report.below_quality_floor), (1, 1));
    assert_eq!(report.entries[0].hash.to_hex(), B);
}

#[test]
fn reference_hash_files_import_completely() {
    let Some(dir) = vectors_dir() else { return };
    let bytes = std::fs::read(dir.join("hash256/haystack.txt")).unwrap();
    let report = read_list(&bytes, None, &opts("haystack")).unwrap();
    assert!(report.rejected.is_empty());
    assert_eq!(report.entries.len() + report.duplicates, 1350);
    // And back out as the same plain text (duplicates aside).
    let mut out = Vec::new();
    write_list(&report.entries, ListFormat::Hex, &mut out).unwrap();
    let again = read_list(&out, None, &opts("haystack")).unwrap();
    assert_eq!(again.entries, report.entries);
}

#[test]
fn bad_records_are_reported_with_line_and_field() {
    let text = format!(
        "hash,quality,list,added_at,status\n\
         {A},100,l,2026-11-29,active\n\
         {},100,l,,\n\
         {B},101,l,,\n\
         {B},90,l,29/11/2026,\n\
         {B},90,l,,maybe\n\
         {B},90,,,\n\
         {B},90,l\n\
         {B},90,l,,confirmed\n",
        &A[..60]
    );
    let report =
        read_list(text.as_bytes(), None, &ImportOptions { list: None, ..ImportOptions::default() })
            .unwrap();
    let errors: Vec<String> = report.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        vec![
            "line 3: field hash: invalid pdq hash: expected 64 hexadecimal digits, found 60 characters",
            "line 4: field quality: expected an integer from 0 to 100",
            "line 5: field added_at: unreadable date (expected RFC 3339, YYYY-MM-DD or seconds)",
            "line 6: field status: unknown status (expected active, confirmed, deconfirmed or quarantined)",
            "line 7: field list: missing list name",
            "line 8: 3 fields, the header has 5",
        ]
    );
    assert_eq!(report.entries.len(), 2);
    assert_eq!(report.entries[1].status, EntryStatus::Confirmed);
    // No message quotes the record.
    assert!(errors.iter().all(|e| !e.contains(&B[..16])));
}

#[test]
fn whole_file_problems_are_errors() {
    let unknown = read_list(b"hash,colour\n", Some(ListFormat::Csv), &opts("x")).unwrap_err();
    assert!(
        unknown.to_string().starts_with("invalid hash list: unknown csv column `colour`"),
        "{unknown}"
    );
    let no_hash = read_list(b"list,quality\nx,1\n", Some(ListFormat::Csv), &opts("x")).unwrap_err();
    assert_eq!(no_hash.to_string(), "invalid hash list: the csv header has no `hash` column");
    let report = read_list(b"md5 0123456789abcdef0123456789abcdef\n", None, &opts("x")).unwrap();
    assert_eq!(report.rejected[0].to_string(), "line 1: unsupported signal type (only pdq)");
    let report = read_list(
        b"{\"hash\":\"00\",\"colour\":1}\nnot json\n",
        Some(ListFormat::Jsonl),
        &opts("x"),
    )
    .unwrap();
    assert_eq!(report.rejected.len(), 2);
    assert!(
        report.rejected[0]
            .to_string()
            .starts_with("line 1: invalid json record: unknown field `colour`")
    );
}

#[test]
fn reviews_change_status_with_attribution() {
    let mut entries = sample_entries();
    let at = Timestamp::parse("2026-12-01T09:00:00Z").unwrap();
    let hash: Hash256 = A.parse().unwrap();
    let review = Review {
        status: EntryStatus::Deconfirmed,
        by: "relectrice".into(),
        at,
        note: Some("paysage".into()),
    };
    let outcome = review.apply(&mut entries, &hash, None).unwrap();
    assert_eq!((outcome.changed, outcome.unchanged), (1, 0));
    assert_eq!(entries[0].status, EntryStatus::Deconfirmed);
    assert_eq!(entries[0].reviewed_by.as_deref(), Some("relectrice"));
    assert_eq!(entries[0].reviewed_at, Some(at));
    assert_eq!(review.apply(&mut entries, &hash, None).unwrap().unchanged, 1);
    // Restricting to another list changes nothing.
    let confirm = Review { status: EntryStatus::Confirmed, by: "r".into(), at, note: None };
    assert_eq!(confirm.apply(&mut entries, &hash, Some("other")).unwrap().changed, 0);
    let anonymous = Review { by: " ".into(), ..confirm };
    assert!(anonymous.apply(&mut entries, &hash, None).is_err());
}

#[test]
fn stats_per_list() {
    let mut entries = sample_entries();
    entries.push(ListEntry { quality: Some(30), ..entries[0].clone() });
    let stats = list_stats(&entries);
    assert_eq!(stats.len(), 2);
    let s = &stats[1];
    assert_eq!((s.list.as_str(), s.entries, s.distinct_hashes), ("stopncii", 2, 1));
    assert_eq!((s.quality_80_to_100, s.quality_below_50), (1, 1));
    assert_eq!(s.by_status["active"], 2);
    assert_eq!(stats[0].by_status["deconfirmed"], 1);
}

proptest! {
    /// N bad lines among good ones give exactly N errors, and every good line is kept.
    #[test]
    fn n_bad_lines_give_n_errors(lines in proptest::collection::vec((any::<bool>(), any::<[u64; 4]>()), 1..60)) {
        let mut text = String::new();
        let mut good = Vec::new();
        let mut bad = 0;
        for (ok, words) in &lines {
            let h = Hash256::from_words(*words);
            if *ok {
                writeln!(text, "{h}").unwrap();
                good.push(h);
            } else {
                writeln!(text, "{}", &h.to_hex()[..63]).unwrap();
                bad += 1;
            }
        }
        let report = read_list(text.as_bytes(), Some(ListFormat::Hex), &opts("p")).unwrap();
        prop_assert_eq!(report.rejected.len(), bad);
        let kept: Vec<Hash256> = report.entries.iter().map(|e| e.hash).collect();
        let mut unique = Vec::new();
        for h in good {
            if !unique.contains(&h) {
                unique.push(h);
            }
        }
        prop_assert_eq!(kept, unique);
    }
}
