//! Runs the full analysis over a seeded corpus, for profilers:
//! `valgrind --tool=callgrind target/release/examples/profile_scan 20000 [noids]`
//! (`noids`: without identifier extraction).

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let corpus = vigie_bench::corpus(42, n);
    let identifiers = std::env::args().nth(2).as_deref() != Some("noids");
    let detector = vigie_detect::Detector::builder()
        .identifiers(identifiers)
        .build()
        .expect("shipped rules are valid");
    let mut scanner = detector.scanner();
    let mut flagged = 0usize;
    for (i, text) in corpus.into_iter().enumerate() {
        let doc =
            vigie_model::Document { id: i.to_string(), text, ..vigie_model::Document::default() };
        if scanner.assess(&doc).level >= vigie_model::Level::Medium {
            flagged += 1;
        }
    }
    println!("{flagged} flagged");
}
