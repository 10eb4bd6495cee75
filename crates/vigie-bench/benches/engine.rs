//! Full analysis (normalise → match → score → explain) against raw Aho-Corasick over the same
//! bytes with the same patterns, on a seeded synthetic corpus of 100,000 messages.
//!
//! `cargo bench -p vigie-bench --bench engine`; results are recorded in `docs/bench/`.

use std::hint::black_box;

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vigie_detect::Detector;
use vigie_model::{Document, Level};

const MESSAGES: usize = 100_000;

fn engine(c: &mut Criterion) {
    let corpus = vigie_bench::corpus(42, MESSAGES);
    let bytes: usize = corpus.iter().map(String::len).sum();
    let docs = vigie_bench::documents(&corpus);
    let detector = Detector::builder().build().expect("shipped rules are valid");
    let without_ids =
        Detector::builder().identifiers(false).build().expect("shipped rules are valid");
    let patterns: Vec<String> =
        detector.rules().iter().flat_map(|r| r.patterns.iter().map(|p| p.to_lowercase())).collect();
    let raw = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .expect("patterns compile");

    // Expected answers, computed once and checked inside every iteration.
    let full = |docs: &[Document]| {
        let mut scanner = detector.scanner();
        docs.iter().filter(|d| scanner.assess(d).level >= Level::Medium).count()
    };
    let raw_count = |corpus: &[String]| {
        corpus.iter().map(|t| raw.find_overlapping_iter(t).count()).sum::<usize>()
    };
    let expected_flagged = full(&docs);
    let expected_raw = raw_count(&corpus);
    eprintln!(
        "corpus: {MESSAGES} messages, {bytes} bytes, {} patterns; flagged ≥ medium: {expected_flagged}; raw matches: {expected_raw}",
        patterns.len()
    );

    for (name, throughput) in [
        ("bytes", Throughput::Bytes(bytes as u64)),
        ("messages", Throughput::Elements(MESSAGES as u64)),
    ] {
        let mut group = c.benchmark_group(format!("engine-{name}"));
        group.sample_size(10);
        group.throughput(throughput);
        group.bench_function("full_analysis", |b| {
            b.iter(|| assert_eq!(full(black_box(&docs)), expected_flagged));
        });
        group.bench_function("full_analysis_without_identifiers", |b| {
            let mut scanner = without_ids.scanner();
            b.iter(|| {
                docs.iter().filter(|d| scanner.assess(black_box(d)).level >= Level::Medium).count()
            });
        });
        group.bench_function("normalise_only", |b| {
            let mut n = vigie_text::Normalizer::new();
            b.iter(|| {
                corpus.iter().map(|t| n.normalize(black_box(t)).as_str().len()).sum::<usize>()
            });
        });
        group.bench_function("signals_only", |b| {
            let mut scanner = detector.scanner();
            b.iter(|| corpus.iter().map(|t| scanner.signals(black_box(t)).0.len()).sum::<usize>());
        });
        group.bench_function("raw_aho_corasick", |b| {
            b.iter(|| assert_eq!(raw_count(black_box(&corpus)), expected_raw));
        });
        group.finish();
    }
}

criterion_group!(benches, engine);
criterion_main!(benches);
