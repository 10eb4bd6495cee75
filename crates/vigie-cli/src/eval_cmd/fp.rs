//! `vigie eval fp`: the rule engine's false-positive rate on benign texts, per level.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::json;
use vigie_model::{Document, Level};

use super::EvalFormat;
use crate::input::{InputArgs, open, progress_bar};
use crate::rules_cmd::load_detector;
use crate::{Common, LangArg};

pub(crate) fn run(
    path: &str,
    format: EvalFormat,
    input: &InputArgs,
    common: &Common,
) -> Result<ExitCode> {
    let detector = load_detector(common)?;
    let bar = progress_bar(path);
    let records = open(path, input, &bar)?;
    let mut scanner = detector.scanner();
    let mut levels = [0u64; 5];
    let mut rejected = 0u64;
    for result in records {
        let record = match result {
            Ok(r) => r,
            Err(e) if e.is_fatal() => {
                bar.finish_and_clear();
                bail!("{path}: {e}");
            }
            Err(e) => {
                bar.suspend(|| eprintln!("{path}:{e}"));
                rejected += 1;
                continue;
            }
        };
        let doc = Document { text: record.doc.text, ..Document::default() };
        let level = scanner.assess(&doc).level;
        levels[Level::ALL.iter().position(|&l| l == level).expect("a known level")] += 1;
    }
    bar.finish_and_clear();
    let n: u64 = levels.iter().sum();
    if n == 0 {
        bail!("{path}: aucun texte lisible");
    }
    let share = |k: u64| k as f64 / n as f64;
    let at_least = |l: Level| {
        levels[Level::ALL.iter().position(|&x| x == l).expect("known")..].iter().sum::<u64>()
    };
    let out = match format {
        EvalFormat::Json => {
            let per_level: serde_json::Map<String, serde_json::Value> = Level::ALL
                .iter()
                .zip(levels)
                .map(|(l, k)| (l.as_str().to_owned(), json!({"count": k, "share": share(k)})))
                .collect();
            serde_json::to_string_pretty(&json!({
                "n": n,
                "rejected": rejected,
                "levels": per_level,
                "high_or_above": share(at_least(Level::High)),
                "medium_or_above": share(at_least(Level::Medium)),
            }))? + "\n"
        }
        EvalFormat::Text => {
            let fr = common.lang == LangArg::Fr;
            let pct = |k: u64| {
                let s = format!("{:.2} %", 100.0 * share(k));
                if fr { s.replace('.', ",") } else { s }
            };
            let mut s = if fr {
                format!(
                    "Faux positifs du moteur de règles — {path} : {n} textes bénins ({rejected} rejetés)\n"
                )
            } else {
                format!(
                    "Rule-engine false positives — {path}: {n} benign texts ({rejected} rejected)\n"
                )
            };
            for (l, k) in Level::ALL.iter().zip(levels) {
                let label = if fr { l.label_fr() } else { l.label_en() };
                let _ = writeln!(s, "  {:<10} {k:>7}  {}", label, pct(k));
            }
            let (hi, me) = (at_least(Level::High), at_least(Level::Medium));
            let _ = if fr {
                writeln!(s, "  ≥ élevé : {hi} ({}) ; ≥ moyen : {me} ({})", pct(hi), pct(me))
            } else {
                writeln!(s, "  ≥ high: {hi} ({}); ≥ medium: {me} ({})", pct(hi), pct(me))
            };
            s
        }
    };
    crate::output::write_stdout(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
