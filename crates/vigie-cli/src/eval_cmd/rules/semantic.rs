//! `vigie eval rules … --semantic`: rules alone and rules + semantic layer, side by side.
//!
//! An item whose source is in the heads' training corpus is scored by heads trained without its
//! group of sources (leave-source-out, `vigie_semantic::FOLDS` groups, each calibrated anew on
//! the benign texts kept apart); any other item (held-out files, written variants) by the heads
//! trained on the whole development corpus. Semantic categories are added to what the rules
//! fire; they do not change the level (the level columns are the rules').

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use serde_json::json;
use vigie_detect::Detector;
use vigie_detect::eval::{Figures, Item, evaluate, evaluate_with};
use vigie_semantic::{DIM, FOLDS, Heads, Semantic, TrainingSet, fold_of, sentences};

use super::{json_report, list, pct, share, text_figures};
use crate::eval_cmd::EvalFormat;
use crate::{Common, LangArg};

/// Loads the layer, or says how to get it.
pub(crate) fn load() -> Result<(Semantic, TrainingSet)> {
    let dir = vigie_semantic::default_dir();
    let hint = "hint: python3 scripts/semantic/fetch.py (télécharge les poids une fois, puis \
                construit les têtes ; VIGIE_SEMANTIC_DIR choisit le dossier)";
    let layer = Semantic::load(&dir)
        .with_context(|| format!("couche sémantique indisponible ({})\n{hint}", dir.display()))?;
    let set = TrainingSet::load(&dir).with_context(|| format!("{}\n{hint}", dir.display()))?;
    Ok((layer, set))
}

pub(super) fn run(
    detector: &Detector,
    items: &[Item],
    paths: &[PathBuf],
    rejected: usize,
    format: EvalFormat,
    common: &Common,
) -> Result<ExitCode> {
    let (layer, set) = load()?;
    let t = Instant::now();
    let training_sources: BTreeSet<&str> =
        set.training.examples.iter().map(|e| e.source_id.as_str()).collect();
    let folds: Vec<Heads> = (0..FOLDS).map(|f| set.heads(Some(f))).collect();
    let train_s = t.elapsed().as_secs_f64();
    // Every sentence of every item, encoded in batches.
    let spans: Vec<Vec<(usize, usize)>> = items.iter().map(|i| sentences(&i.text)).collect();
    let parts: Vec<&str> =
        items.iter().zip(&spans).flat_map(|(i, s)| s.iter().map(|&(a, b)| &i.text[a..b])).collect();
    let t = Instant::now();
    let flat: Vec<[f32; DIM]> =
        parts.chunks(32).flat_map(|c| layer.encoder.embed_batch(c)).collect();
    let encode_s = t.elapsed().as_secs_f64();
    let mut vectors: Vec<&[[f32; DIM]]> = Vec::with_capacity(items.len());
    let mut at = 0;
    for s in &spans {
        vectors.push(&flat[at..at + s.len()]);
        at += s.len();
    }
    let mut loso_items = 0;
    let mut added: BTreeMap<&str, Vec<&'static str>> = BTreeMap::new();
    let rules = evaluate(detector, items);
    let combined = evaluate_with(detector, items, |i, item| {
        let heads = if training_sources.contains(item.source_id.as_str()) {
            loso_items += 1;
            &folds[fold_of(&item.source_id) as usize]
        } else {
            &layer.heads
        };
        let cats: Vec<_> = layer
            .signals_from(&spans[i], vectors[i], heads, &BTreeSet::new())
            .into_iter()
            .map(|s| s.category)
            .collect();
        if !cats.is_empty() {
            added.insert(items[i].id.as_str(), cats.iter().map(|c| c.as_str()).collect());
        }
        cats
    });
    let thresholds: Vec<f32> = folds.iter().map(|h| h.threshold).collect();
    let (tmin, tmax) =
        thresholds.iter().fold((f32::MAX, f32::MIN), |(a, b), &t| (a.min(t), b.max(t)));
    let benign_over = set
        .benign_calibration
        .iter()
        .filter(|v| layer.heads.max_probability(v) >= layer.heads.threshold)
        .count();
    let fr = common.lang == LangArg::Fr;
    let out = match format {
        EvalFormat::Json => {
            serde_json::to_string_pretty(&json!({
                "rules": json_report(&rules, rejected),
                "rules_semantic": json_report(&combined, rejected),
                "semantic": {
                    "heads": layer.heads.heads.iter().map(|h| json!({"category": h.category.as_str(), "positives": h.positives})).collect::<Vec<_>>(),
                    "threshold": layer.heads.threshold,
                    "fold_thresholds": thresholds,
                    "folds": FOLDS,
                    "items_scored_leaving_out_their_sources": loso_items,
                    "benign_calibration_texts": set.benign_calibration.len(),
                    "benign_calibration_with_a_category": benign_over,
                    "benign_sets": set.training.benign_sets,
                    "sentences_encoded": parts.len(),
                    "encode_seconds": encode_s,
                    "train_seconds": train_s,
                    "categories_added": added,
                },
            }))? + "\n"
        }
        EvalFormat::Text => {
            let mut out = String::new();
            let files = list(paths);
            let _ = if fr {
                writeln!(
                    out,
                    "Règles seules et règles + couche sémantique sur {files} ({rejected} lignes rejetées)"
                )
            } else {
                writeln!(
                    out,
                    "Rules alone and rules + semantic layer on {files} ({rejected} lines rejected)"
                )
            };
            side_by_side(
                &mut out,
                if fr { "Citations réelles" } else { "Real quotes" },
                &rules.real,
                &combined.real,
                fr,
            );
            side_by_side(
                &mut out,
                if fr { "Variantes écrites (à part)" } else { "Written variants (apart)" },
                &rules.variants,
                &combined.variants,
                fr,
            );
            let b = set.benign_calibration.len();
            let p = |x| pct(x, fr);
            let _ = if fr {
                writeln!(
                    out,
                    "\nCouche sémantique : {} têtes, seuil {} (plis : {}–{}), choisi pour ≤ 1 % des {b} textes bénins français mis à part ({benign_over}, {}) ; {loso_items} éléments notés par des têtes entraînées sans leur source ({FOLDS} groupes de sources), les autres par les têtes complètes ; {} phrases encodées en {} s. Le niveau reste celui des règles.",
                    layer.heads.heads.len(),
                    comma(layer.heads.threshold, 3),
                    comma(tmin, 3),
                    comma(tmax, 3),
                    p(share(benign_over, b)),
                    parts.len(),
                    comma(encode_s as f32, 1)
                )
            } else {
                writeln!(
                    out,
                    "\nSemantic layer: {} heads, threshold {:.3} (folds: {:.3}–{:.3}), chosen for ≤ 1 % of the {b} benign French texts kept apart ({benign_over}, {}); {loso_items} items scored by heads trained without their source ({FOLDS} groups of sources), the others by the full heads; {} sentences encoded in {:.1} s. The level stays the rules'.",
                    layer.heads.heads.len(),
                    layer.heads.threshold,
                    tmin,
                    tmax,
                    p(share(benign_over, b)),
                    parts.len(),
                    encode_s
                )
            };
            let _ = writeln!(
                out,
                "\n{}",
                if fr {
                    "Catégories que donne la couche sémantique (trouvées ou non par les règles)"
                } else {
                    "Categories the semantic layer gives (found by the rules or not)"
                }
            );
            for (id, cats) in &added {
                let _ = writeln!(out, "  {id} {}", cats.join(", "));
            }
            text_figures(
                &mut out,
                if fr {
                    "Règles + sémantique — citations réelles"
                } else {
                    "Rules + semantic — real quotes"
                },
                &combined.real,
                fr,
            );
            out
        }
    };
    print!("{out}");
    Ok(if rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn comma(x: f32, digits: usize) -> String {
    format!("{x:.digits$}").replace('.', ",")
}

fn side_by_side(out: &mut String, title: &str, a: &Figures, b: &Figures, fr: bool) {
    if a.items == 0 {
        return;
    }
    let p = |x| pct(x, fr);
    let _ = writeln!(out, "\n## {title} — {} {}", a.items, if fr { "éléments" } else { "items" });
    let _ = writeln!(
        out,
        "{:<44} {:>16} {:>16}",
        "",
        if fr { "règles" } else { "rules" },
        if fr { "+ sémantique" } else { "+ semantic" }
    );
    let rows: [(&str, &str, String, String); 5] = [
        (
            "Rappel des catégories attendues",
            "Recall of expected categories",
            format!("{} ({}/{})", p(a.recall()), a.found, a.expected),
            format!("{} ({}/{})", p(b.recall()), b.found, b.expected),
        ),
        (
            "Rappel, source de l'élément laissée de côté",
            "Recall, item's source left out",
            format!("{} ({})", p(a.recall_loso()), a.found_loso),
            format!("{} ({})", p(b.recall_loso()), b.found_loso),
        ),
        (
            "Catégories interdites déclenchées",
            "Must-not categories fired",
            format!("{}/{}", a.must_not_hits, a.with_must_not),
            format!("{}/{}", b.must_not_hits, b.with_must_not),
        ),
        (
            "Bénins avec une catégorie",
            "Benign with a category",
            format!("{} ({})", a.benign_any, p(share(a.benign_any, a.benign))),
            format!("{} ({})", b.benign_any, p(share(b.benign_any, b.benign))),
        ),
        (
            "Bénins au niveau élevé ou plus",
            "Benign at high or above",
            format!("{} ({})", a.benign_high, p(share(a.benign_high, a.benign))),
            format!("{} ({})", b.benign_high, p(share(b.benign_high, b.benign))),
        ),
    ];
    for (label_fr, label_en, x, y) in rows {
        let _ = writeln!(out, "{:<44} {x:>16} {y:>16}", if fr { label_fr } else { label_en });
    }
    let _ = writeln!(out, "{}", if fr { "Rappel par catégorie :" } else { "Recall by category:" });
    for (c, k) in &a.categories {
        let other = b.categories.iter().find(|(d, _)| d == c).map(|(_, k)| k);
        let _ = writeln!(
            out,
            "  {:<26} {:>9} {:>9}   FP {:>3} → {:>3}",
            c.as_str(),
            p(k.recall()),
            p(other.and_then(vigie_detect::eval::CategoryFigures::recall)),
            k.false_positives,
            other.map_or(0, |k| k.false_positives)
        );
    }
}
