//! Identifier extraction: each extractor alone over the normalised messages of the seeded corpus
//! of `benches/engine.rs`, then the full analysis with and without identifiers, so that the cost
//! extraction adds can be read from one run (issue 3 allows at most +50 %).
//!
//! `cargo bench -p vigie-bench --bench extract`; results are recorded in `docs/bench/`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vigie_detect::Detector;
use vigie_extract::{Context, extract_kinds};
use vigie_model::{IdentifierKind, Level};

const MESSAGES: usize = 20_000;

fn extract(c: &mut Criterion) {
    let corpus = vigie_bench::corpus(42, MESSAGES);
    let docs = vigie_bench::documents(&corpus);
    let mut normalizer = vigie_text::Normalizer::new();
    let normalised: Vec<vigie_text::Normalized> =
        corpus.iter().map(|t| normalizer.normalize(t)).collect();
    let ctx = Context::default();
    let with_ids = Detector::builder().build().expect("shipped rules are valid");
    let without_ids =
        Detector::builder().identifiers(false).build().expect("shipped rules are valid");
    // Loads the gazetteer and compiles the lazy regexes before any timing.
    let all = |kinds: &[IdentifierKind]| {
        corpus.iter().zip(&normalised).map(|(t, n)| extract_kinds(kinds, t, n, &ctx).len()).sum()
    };
    let found: usize = all(vigie_extract::ALL_KINDS);
    eprintln!("corpus: {MESSAGES} messages; identifiers found: {found}");

    let mut group = c.benchmark_group("extract-messages");
    group.sample_size(10);
    group.throughput(Throughput::Elements(MESSAGES as u64));
    for (name, kind) in [
        ("phone", IdentifierKind::Phone),
        ("handle", IdentifierKind::Handle),
        ("email_url", IdentifierKind::Email),
        ("price", IdentifierKind::Price),
        ("age", IdentifierKind::Age),
        ("place", IdentifierKind::Place),
    ] {
        let expected: usize = all(&[kind]);
        group.bench_function(name, |b| b.iter(|| assert_eq!(all(black_box(&[kind])), expected)));
    }
    group.bench_function("all_extractors", |b| {
        b.iter(|| assert_eq!(all(black_box(vigie_extract::ALL_KINDS)), found));
    });
    for (name, detector) in [
        ("full_analysis_with_identifiers", &with_ids),
        ("full_analysis_without_identifiers", &without_ids),
    ] {
        let mut scanner = detector.scanner();
        let flagged = docs.iter().filter(|d| scanner.assess(d).level >= Level::Medium).count();
        group.bench_function(name, |b| {
            b.iter(|| {
                let n = docs.iter().filter(|d| scanner.assess(black_box(d)).level >= Level::Medium);
                assert_eq!(n.count(), flagged);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);
