//! Per-message cost of the learned grooming model against the rule engine's, on the seeded
//! synthetic corpus of `benches/engine.rs`. Goal (issue #4): the model adds at most 2× the
//! engine's per-message cost.
//!
//! `cargo bench -p vigie-bench --bench model`; results are recorded in `docs/bench/`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vigie_detect::Detector;
use vigie_learn::ConversationScorer;
use vigie_model::{Document, Level};

const MESSAGES: usize = 20_000;

fn model(c: &mut Criterion) {
    let corpus = vigie_bench::corpus(42, MESSAGES);
    let docs = vigie_bench::documents(&corpus);
    let detector = Detector::builder().build().expect("shipped rules are valid");
    let model = vigie_learn::shipped::grooming_en();
    let normalized: Vec<vigie_text::Normalized> =
        corpus.iter().map(|t| vigie_text::normalize(t)).collect();

    // Expected answers, checked inside every iteration.
    let engine = |docs: &[Document]| {
        let mut scanner = detector.scanner();
        docs.iter().filter(|d| scanner.assess(d).level >= Level::Medium).count()
    };
    // Normalise, featurise, score and explain (top 10 contributions with spans).
    let explained = |corpus: &[String]| corpus.iter().filter(|t| model.score(t, &[]).alert).count();
    let expected_engine = engine(&docs);
    let expected_alerts = corpus.iter().filter(|t| model.score(t, &[]).alert).count();
    eprintln!(
        "corpus: {MESSAGES} messages; engine ≥ medium: {expected_engine}; model alerts: {expected_alerts}"
    );

    let mut group = c.benchmark_group("model-messages");
    group.sample_size(10);
    group.throughput(Throughput::Elements(MESSAGES as u64));
    group.bench_function("engine_assess", |b| {
        b.iter(|| assert_eq!(engine(black_box(&docs)), expected_engine));
    });
    group.bench_function("model_score_explained", |b| {
        b.iter(|| assert_eq!(explained(black_box(&corpus)), expected_alerts));
    });
    group.bench_function("model_score_normalized_top10", |b| {
        b.iter(|| {
            let n = normalized
                .iter()
                .filter(|n| model.score_normalized(black_box(n), &[], 10).alert)
                .count();
            assert_eq!(n, expected_alerts);
        });
    });
    group.bench_function("model_probability_normalized", |b| {
        b.iter(|| normalized.iter().map(|n| model.probability(black_box(n), &[])).sum::<f64>());
    });
    group.bench_function("model_conversation_push", |b| {
        b.iter(|| {
            let mut conv = ConversationScorer::new(model);
            for n in &normalized {
                conv.push_normalized(black_box(n.as_str()), &[]);
            }
            conv.probability()
        });
    });
    group.finish();
}

criterion_group!(benches, model);
criterion_main!(benches);
