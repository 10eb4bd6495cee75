//! Writes a seeded synthetic JSONL corpus, for scale tests of `vigie scan`:
//! `cargo run --release -p vigie-bench --bin gen-corpus -- 1000000 42 > /tmp/corpus.jsonl`.

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    let mut rng = vigie_bench::SplitMix64::new(seed);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for i in 0..n {
        let text = vigie_bench::message(&mut rng, 100);
        let conv = rng.below(n / 20 + 1);
        let doc = serde_json::json!({
            "id": format!("s{i}"),
            "kind": "message",
            "source": "synthetic",
            "author": format!("u{}", rng.below(50_000)),
            "conversation": format!("c{conv}"),
            "timestamp": format!("2024-01-01T{:02}:{:02}:{:02}Z", (i / 3600) % 24, (i / 60) % 60, i % 60),
            "text": text,
        });
        serde_json::to_writer(&mut out, &doc)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
