//! `vigie scan --semantic`: the semantic layer beside the rules (crate `vigie-semantic`).
//!
//! Without the weights, scan says how to fetch them and goes on with the rules alone.

use std::collections::BTreeSet;
use std::time::Instant;

use vigie_detect::render::Lang;
use vigie_model::{Assessment, Category};
use vigie_semantic::{Semantic, default_dir, explain};

/// Loads the layer, or explains on stderr how to get it and returns `None`.
pub(crate) fn load(lang: Lang) -> Option<Semantic> {
    let dir = default_dir();
    let t = Instant::now();
    match Semantic::load(&dir) {
        Ok(layer) => {
            let s = t.elapsed().as_secs_f64();
            match lang {
                Lang::Fr => eprintln!("couche sémantique chargée en {s:.2} s ({})", dir.display()),
                Lang::En => eprintln!("semantic layer loaded in {s:.2} s ({})", dir.display()),
            }
            Some(layer)
        }
        Err(e) => {
            match lang {
                Lang::Fr => eprintln!(
                    "avertissement : couche sémantique indisponible, analyse par les règles seules : {e}\nhint: python3 scripts/semantic/fetch.py (une fois ; VIGIE_SEMANTIC_DIR choisit le dossier)"
                ),
                Lang::En => eprintln!(
                    "warning: semantic layer unavailable, rules alone: {e}\nhint: python3 scripts/semantic/fetch.py (once; VIGIE_SEMANTIC_DIR sets the folder)"
                ),
            }
            None
        }
    }
}

/// Adds the semantic signals of `text` to `assessment` (weight 0: the level stays the rules')
/// and returns the block for the terminal report.
pub(crate) fn apply(
    layer: &Semantic,
    assessment: &mut Assessment,
    text: &str,
    lang: Lang,
) -> String {
    let known: BTreeSet<Category> = assessment
        .signals
        .iter()
        .filter(|s| s.damped_by.is_none() && !s.cited && s.effective_weight > 0.0)
        .map(|s| s.category)
        .collect();
    let signals = layer.signals(text, &known);
    assessment.signals.extend(signals.iter().map(|s| explain::to_signal(s, text)));
    explain::render(&signals, text, lang == Lang::Fr)
}

/// The share of messages encoded, on stderr.
pub(crate) fn summary(encoded: u64, analysed: u64, lang: Lang) {
    let pct = if analysed > 0 { 100.0 * encoded as f64 / analysed as f64 } else { 0.0 };
    match lang {
        Lang::Fr => eprintln!(
            "couche sémantique : {encoded} messages encodés sur {analysed} ({})",
            format!("{pct:.1} %").replace('.', ",")
        ),
        Lang::En => {
            eprintln!("semantic layer: {encoded} of {analysed} messages encoded ({pct:.1} %)");
        }
    }
}
