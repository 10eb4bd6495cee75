//! Rendering an evaluation: text (French by default) or one JSON object, always beside the
//! published baselines, their caveats and the data's biases.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::grooming::{Mode, Outcome, PREFIX_STEPS};
use vigie_learn::Weighting;

use crate::LangArg;

fn num(x: f64, digits: usize, lang: LangArg) -> String {
    let s = format!("{x:.digits$}");
    if lang == LangArg::Fr { s.replace('.', ",") } else { s }
}

fn pct(x: f64, lang: LangArg) -> String {
    format!("{} %", num(100.0 * x, 1, lang))
}

fn opt(x: Option<f64>, lang: LangArg, f: fn(f64, LangArg) -> String) -> String {
    x.map_or_else(|| "—".to_owned(), |x| f(x, lang))
}

/// Published baselines: (name, metric, value, caveat) in French and English.
const BASELINES: [(&str, &str, f64, &str, &str); 2] = [
    (
        "Villatoro-Tello et al. 2012 (PAN12 task 1)",
        "f05",
        0.9346,
        "P 0,9804, R 0,7874 ; identification d'auteurs prédateurs parmi ~220 000 auteurs du corpus de test PAN12, pas des conversations",
        "P 0.9804, R 0.7874; identifies predator authors among ~220,000 authors of the PAN12 test corpus, not conversations",
    ),
    (
        "XLM-RoBERTa (VTPAN test, Cybergrooming_Detection_IM)",
        "f1",
        0.96,
        "P 0,94, R 0,97 ; 15 329 conversations de test VTPAN ; projet étudiant non relu par des pairs",
        "P 0.94, R 0.97; 15,329 VTPAN test conversations; student project, not peer reviewed",
    ),
];

const NOT_COMPARABLE_FR: &str = "Découpages, tailles et tâches différents : ces chiffres ne se comparent pas directement aux nôtres.";
const NOT_COMPARABLE_EN: &str =
    "Different splits, sizes and tasks: these figures are not directly comparable with ours.";
const BIASES_FR: [&str; 3] = [
    "Les négatives sont surtout des discussions IRC d'adultes sur d'autres sujets ; toutes les positives viennent d'une seule source (Perverted-Justice, leurres adultes) : un modèle peut apprendre la « source » plutôt que le grooming (Vogt et al. 2021).",
    "Anglais seulement, style de chat des années 2000.",
    "Fichier de développement : 70 % de la validation de l'auteur, issue du corpus d'entraînement PAN12.",
];
const BIASES_EN: [&str; 3] = [
    "Negatives are mostly adult IRC chat about unrelated topics; every positive comes from one source (Perverted-Justice, adult decoys): a model can learn \"source\" rather than grooming (Vogt et al. 2021).",
    "English only, 2000s chat style.",
    "Development file: 70 % of the author's validation split, drawn from the PAN12 training corpus.",
];
const FRENCH_FR: &str = "Français : aucune donnée française publique étiquetée de grooming n'existe ; les règles françaises portent le côté français ; ces chiffres concernent l'anglais seulement.";
const FRENCH_EN: &str = "French: no public labelled French grooming data exists; the French rules carry the French side; these figures are English only.";

pub(crate) fn text(o: &Outcome, lang: LangArg) -> String {
    let fr = lang == LangArg::Fr;
    let c = &o.confusion;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} ({} conversations, {} positives, {} {})",
        if fr { "Évaluation grooming" } else { "Grooming evaluation" },
        o.data_name,
        c.n(),
        c.tp + c.fn_,
        o.rejected,
        if fr { "ligne(s) rejetée(s)" } else { "row(s) rejected" }
    );
    match &o.mode {
        Mode::Cv { k, seed, folds } => {
            let _ = writeln!(
                s,
                "{}",
                if fr {
                    format!(
                        "Validation croisée stratifiée en {k} plis (graine {seed}) : chaque pli est évalué par un modèle entraîné sur les {} autres, jamais sur ses propres conversations.",
                        k - 1
                    )
                } else {
                    format!(
                        "Stratified {k}-fold cross-validation (seed {seed}): each fold is scored by a model trained on the other {}, never on its own conversations.",
                        k - 1
                    )
                }
            );
            for (i, f) in folds.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "  {} {} : {} conversations ({} positives), {}, λ = {}, {} {}",
                    if fr { "pli" } else { "fold" },
                    i + 1,
                    f.n,
                    f.positives,
                    weighting_name(f.weighting, lang),
                    f.lambda,
                    if fr { "seuil" } else { "threshold" },
                    num(f.threshold, 3, lang)
                );
            }
        }
        Mode::Shipped { threshold, on_training_data, trained_on } => {
            let _ = writeln!(
                s,
                "{} {trained_on}, {} {}.",
                if fr { "Modèle livré, entraîné sur" } else { "Shipped model, trained on" },
                if fr { "seuil" } else { "threshold" },
                num(*threshold, 3, lang)
            );
            if *on_training_data {
                let _ = writeln!(
                    s,
                    "{}",
                    if fr {
                        "ATTENTION : ce fichier est celui de l'entraînement : chiffres d'ENTRAÎNEMENT, pas une évaluation (utilisez --cv)."
                    } else {
                        "WARNING: this file is the training file: these are TRAINING-SET figures, not an evaluation (use --cv)."
                    }
                );
            }
        }
    }
    if o.rule_features {
        let _ = writeln!(
            s,
            "{}",
            if fr {
                "Traits : n-grammes + codes des règles déclenchées."
            } else {
                "Features: n-grams + codes of the rules that fired."
            }
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        if fr { "Classe positive (prédateur) :" } else { "Positive class (predator):" }
    );
    let _ = writeln!(
        s,
        "  {} {}  {} {}  F1 {}  F0.5 {}  ROC-AUC {}",
        if fr { "précision" } else { "precision" },
        num(c.precision(), 4, lang),
        if fr { "rappel" } else { "recall" },
        num(c.recall(), 4, lang),
        num(c.f1(), 4, lang),
        num(c.f05(), 4, lang),
        opt(o.auc, lang, |x, l| num(x, 4, l)),
    );
    let _ = writeln!(
        s,
        "  {} {}, FP {}, {} {}, FN {}",
        if fr { "VP" } else { "TP" },
        c.tp,
        c.fp,
        if fr { "VN" } else { "TN" },
        c.tn,
        c.fn_
    );
    let p = &o.prefix;
    let step = 100 / PREFIX_STEPS;
    let _ = writeln!(
        s,
        "\n{}",
        if fr {
            format!(
                "Alerte précoce (préfixes de {step} % en {step} % de chaque conversation positive) : part du texte lue à la première alerte, médiane {}, moyenne {} ; jamais d'alerte : {}.",
                opt(p.median_share, lang, pct),
                opt(p.mean_share, lang, pct),
                pct(p.never_alerted, lang)
            )
        } else {
            format!(
                "Early warning (prefixes of each positive conversation in {step} % steps): share of the text read at the first alert, median {}, mean {}; never alerted: {}.",
                opt(p.median_share, lang, pct),
                opt(p.mean_share, lang, pct),
                pct(p.never_alerted, lang)
            )
        }
    );
    let _ = writeln!(
        s,
        "\n{}",
        if fr {
            "Résultats publiés, à titre indicatif :"
        } else {
            "Published results, for reference:"
        }
    );
    for (name, metric, value, cav_fr, cav_en) in BASELINES {
        let metric = if metric == "f05" { "F0.5" } else { "F1" };
        let _ = writeln!(
            s,
            "  {name} : {metric} {} ({})",
            num(value, 4, lang),
            if fr { cav_fr } else { cav_en }
        );
    }
    let _ = writeln!(s, "  {}", if fr { NOT_COMPARABLE_FR } else { NOT_COMPARABLE_EN });
    let _ = writeln!(
        s,
        "\n{}",
        if fr { "Biais connus des données :" } else { "Known biases of the data:" }
    );
    for b in if fr { BIASES_FR } else { BIASES_EN } {
        let _ = writeln!(s, "  - {b}");
    }
    let _ = writeln!(s, "\n{}", if fr { FRENCH_FR } else { FRENCH_EN });
    s
}

pub(crate) fn json(o: &Outcome) -> Value {
    let c = &o.confusion;
    let mode = match &o.mode {
        Mode::Cv { k, seed, folds } => json!({
            "mode": "cv",
            "cv": k,
            "seed": seed,
            "folds": folds.iter().map(|f| json!({
                "n": f.n, "positives": f.positives, "lambda": f.lambda, "threshold": f.threshold,
                "weighting": match f.weighting {
                    Weighting::Plain => "plain",
                    Weighting::NaiveBayes => "naive_bayes",
                },
            })).collect::<Vec<_>>(),
        }),
        Mode::Shipped { threshold, on_training_data, trained_on } => json!({
            "mode": "shipped",
            "threshold": threshold,
            "evaluated_on_training_data": on_training_data,
            "trained_on": trained_on,
        }),
    };
    let mut v = json!({
        "data": o.data_name,
        "data_sha256": o.sha256,
        "rejected": o.rejected,
        "n": c.n(),
        "positives": c.tp + c.fn_,
        "precision": c.precision(),
        "recall": c.recall(),
        "f1": c.f1(),
        "f05": c.f05(),
        "auc": o.auc,
        "confusion": {"tp": c.tp, "fp": c.fp, "tn": c.tn, "fn": c.fn_},
        "rule_features": o.rule_features,
        "prefix": {
            "steps": PREFIX_STEPS,
            "positives": o.prefix.positives,
            "median_share": o.prefix.median_share,
            "mean_share": o.prefix.mean_share,
            "never_alerted": o.prefix.never_alerted,
        },
        "baselines": BASELINES.iter().map(|(name, metric, value, _, caveat)| json!({
            "name": name, "metric": metric, "value": value, "caveat": caveat,
        })).collect::<Vec<_>>(),
        "comparable": false,
        "biases": BIASES_EN,
        "french": FRENCH_EN,
    });
    if let (Value::Object(v), Value::Object(m)) = (&mut v, mode) {
        v.extend(m);
    }
    v
}

/// How a fold's model weighted its features, for the text report.
fn weighting_name(w: Weighting, lang: LangArg) -> &'static str {
    match (w, lang) {
        (Weighting::Plain, LangArg::Fr) => "valeurs brutes",
        (Weighting::Plain, _) => "plain values",
        (Weighting::NaiveBayes, LangArg::Fr) => "pondération naïve-bayésienne",
        (Weighting::NaiveBayes, _) => "naive-Bayes weighting",
    }
}
