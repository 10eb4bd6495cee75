//! `gen_disguises corpus N SEED`: writes N disguised identifiers per kind and depth (0 to 3) as
//! JSONL to stdout (kind, text, true value, byte span, transformations), then N negatives, from
//! the seeded generator of `vigie_extract::disguise` (issue 22).
//! `gen_disguises measure SEED N`: prints the extractor's recall per kind, depth and family and
//! the false identifiers in generated negatives (the same table as `vigie eval identifiers`).

use std::io::{BufWriter, Write as _};
use std::process::ExitCode;

use vigie_extract::disguise;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize| args.get(i).and_then(|s| s.parse::<u64>().ok());
    match (args.first().map(String::as_str), num(1), num(2)) {
        (Some("corpus"), Some(n), Some(seed)) => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            for (k, kind) in disguise::KINDS.into_iter().enumerate() {
                for depth in 0..4usize {
                    for i in 0..n {
                        let s = seed ^ ((depth as u64) << 56) ^ ((k as u64) << 48) ^ i;
                        let case = disguise::generate(kind, s, depth);
                        let line = serde_json::json!({
                            "kind": kind.as_str(),
                            "text": case.text,
                            "value": case.value,
                            "span": {"start": case.span.0, "end": case.span.1},
                            "depth": case.families.len(),
                            "families": case.families,
                        });
                        if writeln!(out, "{line}").is_err() {
                            return ExitCode::SUCCESS;
                        }
                    }
                }
            }
            for i in 0..n {
                let neg = disguise::negative(seed.wrapping_add(0x5EED) ^ (i << 8));
                let line = serde_json::json!({"negative": neg.family, "text": neg.text});
                if writeln!(out, "{line}").is_err() {
                    return ExitCode::SUCCESS;
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
