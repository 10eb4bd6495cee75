//! `gen_disguises corpus N SEED`: writes N disguised phone numbers per depth (0 to 3) as JSONL
//! to stdout (text, true value, byte span, transformations), from the seeded generator of
//! `vigie_extract::disguise` (issue 22).
//! `gen_disguises measure SEED N`: prints the extractor's recall per depth and per family and
//! the false numbers on generated negatives.

use std::io::{BufWriter, Write as _};
use std::process::ExitCode;

use vigie_extract::disguise;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize| args.get(i).and_then(|s| s.parse::<u64>().ok());
    match (args.first().map(String::as_str), num(1), num(2)) {
        (Some("corpus"), Some(n), Some(seed)) => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            for depth in 0..4usize {
                for i in 0..n {
                    let case = disguise::phone(seed ^ ((depth as u64) << 56) ^ i, depth);
                    let families: Vec<&str> = case.families.iter().map(|f| f.name()).collect();
                    let line = serde_json::json!({
                        "text": case.text,
                        "value": case.value,
                        "span": {"start": case.span.0, "end": case.span.1},
                        "depth": depth,
                        "families": families,
                    });
                    if writeln!(out, "{line}").is_err() {
                        return ExitCode::SUCCESS;
                    }
                }
            }
            ExitCode::SUCCESS
        }
        (Some("measure"), Some(seed), Some(n)) => {
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            print!("{}", disguise::measure(seed, n));
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage : gen_disguises corpus N SEED | gen_disguises measure SEED N");
            ExitCode::from(2)
        }
    }
}
