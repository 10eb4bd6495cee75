//! `gen-ads N SEED [TRUTH.jsonl]`: writes N synthetic French ads (JSONL) to stdout, from the
//! seeded generator of `vigie_bench::ads`; with a third argument, writes the ground truth there
//! (one line per ad: id, planted network or null).

use std::io::{BufWriter, Write as _};
use std::process::ExitCode;

use vigie_bench::ads::Plan;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(seed)) = (
        args.first().and_then(|s| s.parse::<usize>().ok()),
        args.get(1).and_then(|s| s.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: gen-ads N SEED [TRUTH.jsonl]");
        return ExitCode::from(2);
    };
    let plan = Plan::new(n, seed);
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut truth = match args.get(2).map(std::fs::File::create) {
        None => None,
        Some(Ok(f)) => Some(BufWriter::new(f)),
        Some(Err(e)) => {
            eprintln!("erreur : {e}");
            return ExitCode::from(2);
        }
    };
    for i in 0..n {
        let doc = plan.document(i);
        let line = serde_json::to_string(&doc).expect("documents serialise");
        if writeln!(out, "{line}").is_err() {
            return ExitCode::SUCCESS;
        }
        if let Some(t) = &mut truth {
            let row = serde_json::json!({"id": doc.id, "network": plan.ads[i].network});
            if writeln!(t, "{row}").is_err() {
                return ExitCode::from(2);
            }
        }
    }
    if out.flush().is_err() {
        return ExitCode::SUCCESS;
    }
    ExitCode::SUCCESS
}
