//! N bad lines give exactly N errors, every good line is kept, and nothing panics.

use proptest::prelude::*;
use vigie_ingest::{CsvMapping, CsvReader, IngestError, JsonlReader, Limits, TextReader};

/// A line of a generated JSONL batch: good (with its text) or bad.
#[derive(Debug, Clone)]
enum Line {
    Good(String),
    Bad(&'static str),
    Empty,
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![
        4 => "\\PC{0,40}".prop_map(Line::Good),
        2 => prop::sample::select(vec![
            "{\"text\": 5}",
            "{\"id\":\"x\"}",
            "[1]",
            "{\"text\":\"a\",\"kind\":\"tweet\"}",
            "{\"text\":\"a\",\"timestamp\":\"hier\"}",
            "{\"text\":\"trunc",
            "not json at all",
        ])
        .prop_map(Line::Bad),
        1 => Just(Line::Empty),
    ]
}

proptest! {
    #[test]
    fn jsonl_bad_lines_give_one_error_each(lines in prop::collection::vec(line(), 0..40), crlf in any::<bool>()) {
        let mut input = String::new();
        for l in &lines {
            match l {
                Line::Good(text) => input.push_str(&serde_json::json!({ "text": text }).to_string()),
                Line::Bad(raw) => input.push_str(raw),
                Line::Empty => {}
            }
            input.push_str(if crlf { "\r\n" } else { "\n" });
        }
        let results: Vec<_> = JsonlReader::new(input.as_bytes(), Limits::default()).collect();
        let good: Vec<String> = results.iter().filter_map(|r| r.as_ref().ok()).map(|r| r.doc.text.clone()).collect();
        let errors: Vec<u64> = results.iter().filter_map(|r| match r {
            Err(IngestError::Record(e)) => Some(e.line),
            _ => None,
        }).collect();
        let want_good: Vec<String> = lines.iter().filter_map(|l| match l { Line::Good(t) => Some(t.clone()), _ => None }).collect();
        let want_errors: Vec<u64> = lines.iter().enumerate().filter_map(|(i, l)| matches!(l, Line::Bad(_)).then_some(i as u64 + 1)).collect();
        prop_assert_eq!(good, want_good);
        prop_assert_eq!(errors, want_errors);
    }

    #[test]
    fn readers_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let limits = Limits { max_record_bytes: 64 };
        for r in JsonlReader::new(&bytes[..], limits) { let _ = r; }
        for r in TextReader::new(&bytes[..], limits) { let _ = r; }
        let mapping = CsvMapping { text_column: "text".into(), ..CsvMapping::default() };
        let mut input = b"text,id\n".to_vec();
        input.extend_from_slice(&bytes);
        for r in CsvReader::new(&input[..], mapping, limits).expect("header has text") { let _ = r; }
    }
}

#[test]
fn a_fifty_megabyte_line_is_rejected_and_the_rest_goes_on() {
    let mut input = Vec::with_capacity(50 * 1024 * 1024 + 100);
    input.extend_from_slice(b"{\"text\":\"avant\"}\n{\"text\":\"");
    input.resize(input.len() + 50 * 1024 * 1024, b'a');
    input.extend_from_slice(b"\"}\n{\"text\":\"apres\"}");
    let results: Vec<_> =
        JsonlReader::new(&input[..], Limits { max_record_bytes: 1024 * 1024 }).collect();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().unwrap().doc.text, "avant");
    let err = results[1].as_ref().unwrap_err().to_string();
    assert!(
        err.starts_with("2: record of 52428812 bytes exceeds the limit of 1048576 bytes"),
        "{err}"
    );
    assert_eq!(results[2].as_ref().unwrap().doc.text, "apres");
}

#[test]
fn a_fifty_megabyte_line_within_the_limit_is_read() {
    let mut input = b"{\"text\":\"".to_vec();
    input.resize(input.len() + 50 * 1024 * 1024, b'a');
    input.extend_from_slice(b"\"}");
    let results: Vec<_> =
        JsonlReader::new(&input[..], Limits { max_record_bytes: 64 * 1024 * 1024 }).collect();
    assert_eq!(results[0].as_ref().unwrap().doc.text.len(), 50 * 1024 * 1024);
}
