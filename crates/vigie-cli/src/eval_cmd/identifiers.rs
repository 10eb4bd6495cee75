//! `vigie eval identifiers`: the extractor measured against the seeded generator of disguised
//! identifiers (issue 22). Options and rendering only: the cases, the negatives and the counts
//! come from `vigie_extract::disguise`, which the extractor's property tests share.

use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::{Value, json};
use vigie_extract::disguise::{self, Recall, Report};

use super::EvalFormat;

/// Runs the generator with `seed`: `n` cases per kind of identifier, a quarter at each depth
/// (0 to 3 transformations), and `n / 4` negatives.
pub(crate) fn run(seed: u64, n: usize, format: EvalFormat) -> Result<ExitCode> {
    if n < 4 {
        bail!("--n vaut au moins 4 (un cas par profondeur, de 0 à 3)");
    }
    let report = disguise::measure(seed, n / 4);
    match format {
        EvalFormat::Text => print!("{report}"),
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&json_report(&report))?),
    }
    Ok(ExitCode::SUCCESS)
}

fn recall(r: Recall) -> Value {
    json!({ "found": r.found, "total": r.total, "recall": r.rate() })
}

fn json_report(r: &Report) -> Value {
    let kinds: Vec<Value> = r
        .kinds
        .iter()
        .map(|t| {
            json!({
                "kind": t.kind.as_str(),
                "by_depth": t.by_depth.iter().map(|&d| recall(d)).collect::<Vec<_>>(),
                "by_family": t
                    .by_family
                    .iter()
                    .map(|(f, d)| json!({ "family": f, "recall": recall(*d) }))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    let n = &r.negatives;
    json!({
        "seed": r.seed,
        "kinds": kinds,
        "all_by_depth": (0..4).map(|d| recall(r.depth(d))).collect::<Vec<_>>(),
        "negatives": {
            "texts": n.all.total,
            "clean": n.all.found,
            "precision": n.all.rate(),
            "by_family": n
                .by_family
                .iter()
                .map(|(f, d)| json!({ "family": f, "texts": d.total, "clean": d.found }))
                .collect::<Vec<_>>(),
            "false_by_kind": n
                .false_by_kind
                .iter()
                .map(|(k, c)| json!({ "kind": k.as_str(), "false": c }))
                .collect::<Vec<_>>(),
        },
    })
}
