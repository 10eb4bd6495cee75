//! A rough throughput figure (not a benchmark: the lead owns those).
//! Run with `cargo test --release -p vigie-text --test it -- --ignored --nocapture`.

use vigie_text::{Normalized, Normalizer};

/// Chat words with accents, emojis, SMS spellings, prices.
const MIXED: &[&str] = &[
    "salut", "ça", "va", "t'es", "où", "?", "je", "te", "propose", "un", "plan", "tkt", "c",
    "trop", "bien", "viens", "en", "pv", "sur", "snap", "👻", "1500€", "par", "jour", "l'hôtel",
    "est", "payé", "j'ai", "15", "ans", "et", "toi", "mdr", "!", "belle", "😍", "on", "se", "voit",
    "quand", "demain", "à", "Paris", "ok", "stp", "réponds", "moi", "06", "12", "34", "ma",
    "chérie", "tu", "veux", "gagner", "de", "l'argent", "facile", "?!", "...", "ptdr", "grave",
    "MDR", "vas-y",
];

/// The same without accents, emojis or SMS spellings.
const ASCII: &[&str] = &[
    "salut", "ca", "va", "t'es", "ou", "?", "je", "te", "propose", "un", "plan", "trop", "bien",
    "viens", "en", "prive", "sur", "snap", "1500", "euros", "par", "jour", "l'hotel", "est",
    "paye", "j'ai", "15", "ans", "et", "toi", "mdr", "!", "belle", "on", "se", "voit", "quand",
    "demain", "a", "Paris", "ok", "reponds", "moi", "06", "12", "34", "ma", "cherie", "tu", "veux",
    "gagner", "de", "l'argent", "facile", "?", "...", "grave", "MDR", "vas-y",
];

#[allow(clippy::disallowed_methods)] // a clock in a test is fine
fn measure(name: &str, words: &[&str]) {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let messages: Vec<String> = (0..100_000)
        .map(|_| {
            let n = 4 + next() % 12;
            let picked: Vec<&str> =
                (0..n).map(|_| words[(next() % words.len() as u64) as usize]).collect();
            picked.join(" ")
        })
        .collect();
    let bytes: usize = messages.iter().map(String::len).sum();
    let mut normalizer = Normalizer::new();
    let mut out = Normalized::default();
    // Best of several rounds: the figure is for an unloaded core.
    let mut best = f64::INFINITY;
    let mut total = 0;
    for _ in 0..10 {
        let started = std::time::Instant::now();
        for m in &messages {
            normalizer.normalize_into(m, &mut out);
            total += out.len();
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    assert!(total > 0);
    println!(
        "{name}: {} messages, {:.1} MB, best of 10 rounds {:.3} s: {:.0} MB/s, {:.0} messages/s",
        messages.len(),
        bytes as f64 / 1e6,
        best,
        bytes as f64 / 1e6 / best,
        messages.len() as f64 / best,
    );
}

#[test]
#[ignore = "timing, run by hand in release mode"]
fn hundred_thousand_messages() {
    measure("mixed", MIXED);
    measure("ascii", ASCII);
}
