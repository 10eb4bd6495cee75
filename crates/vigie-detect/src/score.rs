//! From signals to a score, a level and an explanation tree.
//!
//! The combination is a noisy-OR, chosen because it is monotone, bounded and explainable:
//! 1. a signal's effective weight is its rule's weight, ×0.2 when damped by a benign sense nearby,
//!    ×1.1 when the matched text was disguised (obfuscation changes confidence, never harm alone);
//! 2. each rule counts once per document (its strongest hit), and the same span counts once
//!    per category (its strongest rule); a category's score is `1 − Π(1 − w)` over its rules;
//! 3. harm categories combine by noisy-OR; `escort_ad` is context and counts at half strength,
//!    and it strengthens `ad_minor_cue` (the JRSA/NIJ "minor cue inside an adult ad" pattern);
//! 4. several distinct harm categories raise the score: `1 − (1 − s)^(1 + 0.15·(n − 1))`;
//! 5. `minor_age_cue` multiplies: `1 − (1 − s)^(1 + m)`, so a minor cue alone scores 0;
//! 6. dampers (reported or advisory speech) multiply the result by their factor (the smallest);
//!    a signal in reported speech (`cited`) keeps its span but does not count at all;
//! 7. a `minor_age_cue` rule marked `counts_as_harm` (a school context, an adult's reaction to a
//!    stated age) also counts as a harm of its own, beside its role as a multiplier.
//!
//! The weights are design values set from the sources (indicators.md); no labelled French data
//! exists to learn them (DESIGN §7).

use vigie_model::{Category, CategoryRole, CategoryScore, DamperHit, Explanation, Level, Signal};

/// Multiplier for a signal whose matched text was disguised.
pub const OBFUSCATION_FACTOR: f64 = 1.1;
/// Highest effective weight of one signal.
pub const MAX_SIGNAL_WEIGHT: f64 = 0.95;
/// Increase of the exponent per harm category beyond the first.
pub const BREADTH_STEP: f64 = 0.15;
/// Smallest category score that counts towards breadth (step 4): a weak lexical cue or a damped
/// signal shows its category but does not broaden the risk.
pub const BREADTH_MIN: f64 = 0.1;
/// Strength of the `escort_ad` context in the overall score.
pub const CONTEXT_FACTOR: f64 = 0.5;

/// The result of scoring.
pub(crate) struct Scored {
    pub score: f64,
    pub level: Level,
    pub categories: Vec<CategoryScore>,
    pub explanation: Explanation,
}

/// Step 4: `n` distinct parts raise the score, `1 − (1 − s)^(1 + step·(n − 1))`.
pub(crate) fn breadth(score: f64, n: usize, step: f64) -> f64 {
    if n > 1 { 1.0 - (1.0 - score).powf(1.0 + step * (n - 1) as f64) } else { score }
}

/// Step 5: a multiplier cue `m` raises a non-zero score, `1 − (1 − s)^(1 + m)`.
pub(crate) fn multiply(score: f64, m: f64) -> f64 {
    if score > 0.0 { 1.0 - (1.0 - score).powf(1.0 + m) } else { score }
}

pub(crate) fn noisy_or(weights: impl IntoIterator<Item = f64>) -> f64 {
    1.0 - weights.into_iter().fold(1.0, |acc, w| acc * (1.0 - w.clamp(0.0, 1.0)))
}

/// Rounds for display and stable JSON (scores are deterministic anyway).
pub(crate) fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The root reason of an explanation tree, in French and English.
fn root_reason(level: Level) -> (String, String) {
    match level {
        Level::None => ("Aucun risque relevé".to_owned(), "No risk found".to_owned()),
        _ => (format!("Risque {}", level.label_fr()), format!("{} risk", level.label_en())),
    }
}

/// Scores the signals (already in text order) and the dampers of one document. `minor_harm` says
/// which `minor_age_cue` signals also count as a harm.
pub(crate) fn score(
    signals: &[Signal],
    dampers: &[DamperHit],
    minor_harm: &dyn Fn(&Signal) -> bool,
) -> Scored {
    if signals.is_empty() && dampers.is_empty() {
        return Scored {
            score: 0.0,
            level: Level::None,
            categories: Vec::new(),
            explanation: Explanation {
                reason_fr: root_reason(Level::None).0,
                reason_en: root_reason(Level::None).1,
                ..Explanation::default()
            },
        };
    }
    // Strongest hit per rule, grouped by category, in taxonomy order.
    let mut per_category: Vec<(Category, Vec<&Signal>)> = Vec::new();
    for category in Category::ALL {
        let mut best: Vec<&Signal> = Vec::new();
        let in_category: Vec<&Signal> =
            signals.iter().filter(|s| s.category == *category && !s.cited).collect();
        // The same characters count once per category: when two rules (a French and an English
        // one, say) fire on the same span, only the strongest counts.
        let counted = in_category.iter().copied().filter(|s| {
            !in_category.iter().any(|o| {
                o.span == s.span
                    && o.effective_weight
                        .total_cmp(&s.effective_weight)
                        .then_with(|| s.code.cmp(&o.code))
                        .is_gt()
            })
        });
        for s in counted {
            match best.iter_mut().find(|b| b.code == s.code) {
                Some(b) if b.effective_weight < s.effective_weight => *b = s,
                Some(_) => {}
                None => best.push(s),
            }
        }
        if !best.is_empty() {
            per_category.push((*category, best));
        }
    }
    let mut groups: Vec<CategoryGroup> = per_category
        .iter()
        .map(|(category, best)| CategoryGroup {
            category: *category,
            weights: best.iter().map(|s| s.effective_weight).collect(),
            children: signals
                .iter()
                .filter(|s| s.category == *category && !s.cited)
                .map(signal_node)
                .collect(),
            harm_weights: Vec::new(),
        })
        .collect();
    if let Some(g) = groups.iter_mut().find(|g| g.category == Category::MinorAgeCue) {
        g.harm_weights = per_category
            .iter()
            .filter(|(c, _)| *c == Category::MinorAgeCue)
            .flat_map(|(_, best)| best.iter().filter(|s| minor_harm(s)).map(|s| s.effective_weight))
            .collect();
    }
    // One node per damper rule (its first hit): the same rule found three times in a prevention
    // message is one reason, and the factor is the same.
    let damper_nodes: Vec<(f64, Explanation)> = dampers
        .iter()
        .enumerate()
        .filter(|(i, d)| !dampers[..*i].iter().any(|o| o.code == d.code))
        .map(|(_, d)| d)
        .map(|d| {
            (
                d.factor,
                Explanation {
                    value: d.factor,
                    reason_fr: d.reason_fr.clone(),
                    reason_en: d.reason_en.clone(),
                    code: Some(d.code.clone()),
                    spans: vec![d.span],
                    children: Vec::new(),
                },
            )
        })
        .collect();
    let mut scored = combine(groups, None, damper_nodes);
    let cited: Vec<Explanation> = signals.iter().filter(|s| s.cited).map(signal_node).collect();
    if !cited.is_empty() {
        scored.explanation.children.push(Explanation {
            value: 0.0,
            reason_fr: "Discours rapporté (prévention, presse, récit) : ces passages sont montrés \
                        mais ne comptent pas dans le risque"
                .to_owned(),
            reason_en: "Reported speech (prevention, news, account): these passages are shown \
                        but do not count towards the risk"
                .to_owned(),
            code: None,
            spans: Vec::new(),
            children: cited,
        });
    }
    scored
}

/// The counted weights of one category, with the explanation nodes shown under it.
pub(crate) struct CategoryGroup {
    pub category: Category,
    /// One weight per counted rule (already effective: damped, obfuscation modifier).
    pub weights: Vec<f64>,
    /// Explanation nodes of the signals behind the weights.
    pub children: Vec<Explanation>,
    /// For `minor_age_cue`: the weights of the cues that also count as a harm.
    pub harm_weights: Vec<f64>,
}

/// Steps 3–6 of the module doc: categories → harm → breadth → minor multiplier → dampers.
///
/// `minor` overrides the `minor_age_cue` group when given (a conversation's minor-age cues come
/// from every participant, its harm from one author).
pub(crate) fn combine(
    groups: Vec<CategoryGroup>,
    minor: Option<(f64, Explanation)>,
    dampers: Vec<(f64, Explanation)>,
) -> Scored {
    let has_escort = groups
        .iter()
        .any(|g| g.category == Category::EscortAd && noisy_or(g.weights.iter().copied()) > 0.0);
    let mut categories = Vec::new();
    let mut harm_nodes = Vec::new();
    let mut harm_scores = Vec::new();
    let mut breadth = 0usize;
    let (mut minor_value, mut minor_node) = match minor {
        Some((v, node)) => (v, Some(node)),
        None => (0.0, None),
    };
    for group in groups {
        let category = group.category;
        let mut value = noisy_or(group.weights.iter().copied());
        if category == Category::AdMinorCue && has_escort {
            value = 1.0 - (1.0 - value).powf(1.5);
        }
        if category.role() == CategoryRole::Multiplier && minor_node.is_some() {
            continue;
        }
        categories.push(CategoryScore { category, score: round(value) });
        let node = Explanation {
            value: round(value),
            reason_fr: category.label_fr().to_owned(),
            reason_en: category.label_en().to_owned(),
            code: Some(category.as_str().to_owned()),
            spans: Vec::new(),
            children: group.children,
        };
        match category.role() {
            CategoryRole::Multiplier => {
                if !group.harm_weights.is_empty() {
                    let harm = noisy_or(group.harm_weights.iter().copied());
                    breadth += 1;
                    harm_scores.push(harm);
                    harm_nodes.push(Explanation {
                        value: round(harm),
                        reason_fr: format!(
                            "{} dans un contexte scolaire ou de réaction d'un adulte à l'âge : \
                             compte aussi comme un risque",
                            category.label_fr()
                        ),
                        reason_en: format!(
                            "{} in a school context or an adult's reaction to the age: also \
                             counts as a risk",
                            category.label_en()
                        ),
                        code: Some(category.as_str().to_owned()),
                        spans: node.children.iter().flat_map(|c| c.spans.clone()).collect(),
                        children: Vec::new(),
                    });
                }
                minor_value = value;
                minor_node = Some(node);
            }
            CategoryRole::Context => {
                harm_scores.push(value * CONTEXT_FACTOR);
                harm_nodes.push(node);
            }
            CategoryRole::Harm => {
                if value >= BREADTH_MIN {
                    breadth += 1;
                }
                harm_scores.push(value);
                harm_nodes.push(node);
            }
        }
    }
    let minor = minor_value;
    let base = noisy_or(harm_scores.iter().copied());
    let mut children = harm_nodes;
    let mut score = base;
    if breadth > 1 {
        score = self::breadth(score, breadth, BREADTH_STEP);
        children.push(Explanation {
            value: round(score),
            reason_fr: format!("{breadth} catégories différentes : le risque augmente"),
            reason_en: format!("{breadth} distinct categories: risk increases"),
            ..Explanation::default()
        });
    }
    if let Some(mut node) = minor_node {
        if score > 0.0 {
            score = multiply(score, minor);
            node.reason_fr = format!("{} : multiplie le risque", node.reason_fr);
            node.reason_en = format!("{}: multiplies the risk", node.reason_en);
        } else {
            node.reason_fr = format!("{} : seul, ce n'est pas un danger", node.reason_fr);
            node.reason_en = format!("{}: not a harm alone", node.reason_en);
        }
        children.push(node);
    }
    if let Some(factor) = dampers.iter().map(|d| d.0).reduce(f64::min) {
        score *= factor;
        children.extend(dampers.into_iter().map(|d| d.1));
    }
    let score = round(score.clamp(0.0, 1.0));
    let level = Level::from_score(score);
    Scored {
        score,
        level,
        categories,
        explanation: Explanation {
            value: score,
            reason_fr: root_reason(level).0,
            reason_en: root_reason(level).1,
            code: None,
            spans: Vec::new(),
            children,
        },
    }
}

/// The explanation leaf of one signal: its effective weight, reasons, code and span.
pub(crate) fn signal_node(s: &Signal) -> Explanation {
    Explanation {
        value: round(s.effective_weight),
        reason_fr: s.reason_fr.clone(),
        reason_en: s.reason_en.clone(),
        code: Some(s.code.clone()),
        spans: vec![s.span],
        children: Vec::new(),
    }
}
