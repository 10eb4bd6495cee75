//! Runs the full analysis over a seeded corpus, for profilers:
//! `valgrind --tool=callgrind target/release/examples/profile_scan 20000 [noids]`
//! (`noids`: without identifier extraction).
//!
//! One-time costs (rule compilation, gazetteer and regex loading) happen before [`scan`], on a
//! warm-up document, so the per-message cost is read from `scan` alone:
//! `valgrind --tool=callgrind --toggle-collect='profile_scan::scan' target/release/examples/profile_scan 20000`
//! then divide the total by the number of messages. `profile_scan 20000 stats` prints the
//! corpus's size (bytes, normalised bytes, tokens, messages holding a digit) instead.

use vigie_model::{Document, Level};

/// Assesses every document; kept out of line so that a profiler can count it alone.
#[inline(never)]
fn scan(scanner: &mut vigie_detect::Scanner<'_>, docs: &[Document]) -> usize {
    docs.iter().filter(|d| scanner.assess(d).level >= Level::Medium).count()
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let docs: Vec<Document> = vigie_bench::corpus(42, n)
        .into_iter()
        .enumerate()
        .map(|(i, text)| Document { id: i.to_string(), text, ..Document::default() })
        .collect();
    if std::env::args().nth(2).as_deref() == Some("stats") {
        let mut n = vigie_text::Normalizer::new();
        let (mut bytes, mut nbytes, mut toks, mut dig) = (0, 0, 0, 0);
        for d in &docs {
            let x = n.normalize(&d.text);
            bytes += d.text.len();
            nbytes += x.as_str().len();
            toks += x.as_str().split(' ').filter(|t| !t.is_empty()).count();
            dig += usize::from(x.as_str().bytes().any(|b| b.is_ascii_digit()));
        }
        println!("bytes {bytes} norm {nbytes} toks {toks} with digits {dig}");
        return;
    }
    let identifiers = std::env::args().nth(2).as_deref() != Some("noids");
    let detector = vigie_detect::Detector::builder()
        .identifiers(identifiers)
        .build()
        .expect("shipped rules are valid");
    let mut scanner = detector.scanner();
    // Warm-up: loads the gazetteer and compiles the lazy regexes of every extractor.
    let warm = Document {
        text: "j'ai 15 ans, snap: ex.emple_75, 06 12 34 56 78, a@b.fr, www.exemple.fr, 100€ \
               la demi-heure, dispo à Lyon 3e (69)"
            .to_owned(),
        ..Document::default()
    };
    scanner.assess(&warm);
    let start = std::time::Instant::now();
    let flagged = scan(&mut scanner, &docs);
    let per = start.elapsed().as_secs_f64() * 1e9 / docs.len().max(1) as f64;
    println!("{flagged} flagged; {per:.0} ns per message");
}
