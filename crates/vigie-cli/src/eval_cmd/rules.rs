//! `vigie eval rules`: the rules measured on a labelled corpus of real French text (`eval/fr/`).
//!
//! Reading and rendering only; the figures are computed by `vigie_detect::eval`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use serde::Deserialize;
use serde_json::{Value, json};
use vigie_detect::eval::{Figures, Item, Report, evaluate};

mod semantic;
use vigie_model::{Category, Level};

use super::EvalFormat;
use crate::rules_cmd::load_detector;
use crate::{Common, LangArg};

/// One corpus line as written (`eval/fr/SOURCE.md`).
#[derive(Deserialize)]
struct RawItem {
    id: String,
    text: String,
    source_id: String,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    expected: Vec<String>,
    #[serde(default)]
    must_not: Vec<String>,
    risk: String,
    #[serde(default)]
    variant: Option<bool>,
}

/// Reads every corpus file; a file whose name starts with `variants` holds written variants.
/// A bad line is reported with its file and line and skipped; the count is returned.
fn read_items(paths: &[PathBuf]) -> Result<(Vec<Item>, usize)> {
    let mut items = Vec::new();
    let mut rejected = 0;
    for path in paths {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: lecture impossible", path.display()))?;
        let variants_file =
            path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("variants"));
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match parse_item(line, variants_file) {
                Ok(item) => items.push(item),
                Err(reason) => {
                    eprintln!("{}:{}: {reason}", path.display(), i + 1);
                    rejected += 1;
                }
            }
        }
    }
    Ok((items, rejected))
}

fn parse_item(line: &str, variants_file: bool) -> Result<Item, String> {
    let raw: RawItem = serde_json::from_str(line).map_err(|e| format!("JSON invalide : {e}"))?;
    let categories = |names: &[String], field: &str| {
        names
            .iter()
            .map(|n| {
                Category::parse(n).ok_or_else(|| format!("champ {field} : catégorie inconnue {n}"))
            })
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(Item {
        expected: categories(&raw.expected, "expected")?,
        must_not: categories(&raw.must_not, "must_not")?,
        risk: Level::parse(&raw.risk)
            .ok_or_else(|| format!("champ risk : niveau inconnu {}", raw.risk))?,
        variant: raw.variant.unwrap_or(variants_file),
        id: raw.id,
        text: raw.text,
        source_id: raw.source_id,
        speaker: raw.speaker.unwrap_or_default(),
    })
}

pub(crate) fn run(
    paths: &[PathBuf],
    format: EvalFormat,
    semantic: bool,
    common: &Common,
) -> Result<ExitCode> {
    let detector = load_detector(common)?;
    let (items, rejected) = read_items(paths)?;
    if items.is_empty() {
        bail!("aucun élément lisible dans {}", list(paths));
    }
    if semantic {
        return semantic::run(&detector, &items, paths, rejected, format, common);
    }
    let report = evaluate(&detector, &items);
    let out = match format {
        EvalFormat::Json => serde_json::to_string_pretty(&json_report(&report, rejected))? + "\n",
        EvalFormat::Text => text_report(&report, paths, rejected, common.lang),
    };
    print!("{out}");
    Ok(if rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub(super) fn list(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

fn json_figures(f: &Figures) -> Value {
    let categories: Vec<Value> = f
        .categories
        .iter()
        .map(|(c, k)| {
            json!({
                "category": c.as_str(),
                "true_positives": k.true_positives,
                "false_positives": k.false_positives,
                "misses": k.misses,
                "precision": k.precision(),
                "recall": k.recall(),
                "f1": k.f1(),
            })
        })
        .collect();
    let outcomes: Vec<Value> = f
        .outcomes
        .iter()
        .map(|o| {
            json!({
                "id": o.id,
                "missed": o.missed.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                "missed_loso": o.missed_loso.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                "must_not_fired": o.must_not_fired.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                "risk": o.risk.as_str(),
                "level": o.level.as_str(),
            })
        })
        .collect();
    json!({
        "items": f.items,
        "positives": f.positives,
        "benign": f.benign,
        "sources": f.sources,
        "expected": f.expected,
        "found": f.found,
        "recall": f.recall(),
        "recall_leave_one_source_out": f.recall_loso(),
        "with_must_not": f.with_must_not,
        "must_not_hits": f.must_not_hits,
        "benign_any_category": f.benign_any,
        "benign_high_or_above": f.benign_high,
        "positives_medium_or_above": f.positive_medium,
        "confusion": {
            "rows_risk_cols_level": Level::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            "counts": f.confusion,
        },
        "categories": categories,
        "outcomes": outcomes,
    })
}

pub(super) fn json_report(r: &Report, rejected: usize) -> Value {
    json!({ "rejected": rejected, "real": json_figures(&r.real), "variants": json_figures(&r.variants) })
}

pub(super) fn pct(x: Option<f64>, fr: bool) -> String {
    match x {
        Some(x) => {
            let s = format!("{:.1} %", 100.0 * x);
            if fr { s.replace('.', ",") } else { s }
        }
        None => "—".to_owned(),
    }
}

pub(super) fn share(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

pub(super) fn text_figures(out: &mut String, title: &str, f: &Figures, fr: bool) {
    let p = |x| pct(x, fr);
    if f.items == 0 {
        let _ = writeln!(out, "\n## {title}\n{}", if fr { "aucun élément" } else { "no item" });
        return;
    }
    let (n, pos, ben, src) = (f.items, f.positives, f.benign, f.sources);
    let (found, expected, hits, with) = (f.found, f.expected, f.must_not_hits, f.with_must_not);
    let (recall, loso) = (p(f.recall()), p(f.recall_loso()));
    let must_not = p(share(hits, with));
    let any = p(share(f.benign_any, f.benign));
    let high = p(share(f.benign_high, f.benign));
    let medium = p(share(f.positive_medium, f.positives));
    let lines = if fr {
        [
            format!("\n## {title} — {n} éléments ({pos} positifs, {ben} bénins), {src} sources"),
            format!(
                "Rappel des catégories attendues : {recall} ({found}/{expected}) ; en laissant de côté la source de chaque élément : {loso}"
            ),
            format!(
                "Catégories interdites déclenchées : {hits} des {with} éléments qui en ont ({must_not})"
            ),
            format!(
                "Bénins : {any} avec une catégorie, {high} au niveau élevé ou plus ; positifs au niveau moyen ou plus : {medium}"
            ),
        ]
    } else {
        [
            format!("\n## {title} — {n} items ({pos} positive, {ben} benign), {src} sources"),
            format!(
                "Recall of expected categories: {recall} ({found}/{expected}); leaving out each item's source: {loso}"
            ),
            format!(
                "Must-not categories fired: {hits} of the {with} items that have some ({must_not})"
            ),
            format!(
                "Benign: {any} with a category, {high} at high or above; positives at medium or above: {medium}"
            ),
        ]
    };
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(
        out,
        "\n{:<26} {:>4} {:>4} {:>4} {:>9} {:>9} {:>9}",
        if fr { "catégorie" } else { "category" },
        "VP",
        "FP",
        "FN",
        if fr { "précision" } else { "precision" },
        if fr { "rappel" } else { "recall" },
        "F1"
    );
    for (c, k) in &f.categories {
        let _ = writeln!(
            out,
            "{:<26} {:>4} {:>4} {:>4} {:>9} {:>9} {:>9}",
            c.as_str(),
            k.true_positives,
            k.false_positives,
            k.misses,
            p(k.precision()),
            p(k.recall()),
            p(k.f1())
        );
    }
    let _ = writeln!(
        out,
        "\n{}",
        if fr {
            "Risque attendu (lignes) × niveau donné (colonnes)"
        } else {
            "Risk (rows) × level (columns)"
        }
    );
    let _ = write!(out, "{:<10}", "");
    for l in Level::ALL {
        let _ = write!(out, " {:>8}", l.as_str());
    }
    let _ = writeln!(out);
    for (l, row) in Level::ALL.iter().zip(f.confusion) {
        let _ = write!(out, "{:<10}", l.as_str());
        for n in row {
            let _ = write!(out, " {n:>8}");
        }
        let _ = writeln!(out);
    }
    if !f.outcomes.is_empty() {
        let _ =
            writeln!(out, "\n{}", if fr { "Écarts par élément" } else { "Differences by item" });
        for o in &f.outcomes {
            let names =
                |cs: &[Category]| cs.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
            let mut parts = Vec::new();
            if !o.missed.is_empty() {
                parts.push(format!(
                    "{} {}",
                    if fr { "manqué :" } else { "missed:" },
                    names(&o.missed)
                ));
            }
            if !o.must_not_fired.is_empty() {
                parts.push(format!(
                    "{} {}",
                    if fr { "interdit déclenché :" } else { "must-not fired:" },
                    names(&o.must_not_fired)
                ));
            }
            if o.missed_loso != o.missed {
                parts.push(format!(
                    "{} {}",
                    if fr { "manqué hors source :" } else { "missed leaving out source:" },
                    names(&o.missed_loso)
                ));
            }
            let _ = writeln!(
                out,
                "  {} [{} → {}] {}",
                o.id,
                o.risk.as_str(),
                o.level.as_str(),
                parts.join(" · ")
            );
        }
    }
}

fn text_report(r: &Report, paths: &[PathBuf], rejected: usize, lang: LangArg) -> String {
    let fr = lang == LangArg::Fr;
    let mut out = String::new();
    let files = list(paths);
    if fr {
        let _ = writeln!(out, "Règles mesurées sur {files} ({rejected} lignes rejetées)");
    } else {
        let _ = writeln!(out, "Rules measured on {files} ({rejected} lines rejected)");
    }
    text_figures(&mut out, if fr { "Citations réelles" } else { "Real quotes" }, &r.real, fr);
    text_figures(
        &mut out,
        if fr { "Variantes écrites (à part)" } else { "Written variants (apart)" },
        &r.variants,
        fr,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_line_names_its_field() {
        let err = parse_item(
            r#"{"id":"x","text":"t","source_id":"s","expected":["nope"],"risk":"high"}"#,
            false,
        )
        .unwrap_err();
        assert!(err.contains("expected") && err.contains("nope"), "{err}");
        let err =
            parse_item(r#"{"id":"x","text":"t","source_id":"s","risk":"bad"}"#, false).unwrap_err();
        assert!(err.contains("risk"), "{err}");
        assert!(parse_item("{", false).unwrap_err().starts_with("JSON invalide"));
    }

    #[test]
    fn variants_come_from_the_file_name_or_the_field() {
        let line = r#"{"id":"x","text":"t","source_id":"s","risk":"none"}"#;
        assert!(parse_item(line, true).unwrap().variant);
        assert!(!parse_item(line, false).unwrap().variant);
    }
}
