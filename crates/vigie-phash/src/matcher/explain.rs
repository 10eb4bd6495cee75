//! Explanation trees: why an upload matched or not, readable by a reviewer.

use serde::Serialize;

use crate::matcher::policy::ListKind;
use crate::matcher::verdict::{Decision, Hit, Outcome, Verdict};

/// Language of a rendered explanation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Lang {
    /// French (default).
    #[default]
    Fr,
    /// English.
    En,
}

/// A node of an explanation: a stable code, a value, the reason in French and English, children.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// Stable code (`PDQ-MATCH`, `PDQ-HIT-ACT`, …): never changes meaning.
    pub code: &'static str,
    /// The number this node is about (a distance, a count), if any.
    pub value: Option<f64>,
    /// Reason in French.
    pub fr: String,
    /// Reason in English.
    pub en: String,
    /// Sub-reasons.
    pub children: Vec<Explanation>,
}

fn short(hash: &crate::Hash256) -> String {
    let hex = hash.to_hex();
    format!("{}…{}", &hex[..8], &hex[56..])
}

fn quality(q: Option<u8>) -> String {
    q.map_or_else(|| "?".to_string(), |q| q.to_string())
}

impl Explanation {
    fn node(code: &'static str, value: Option<f64>, fr: String, en: String) -> Explanation {
        Explanation { code, value, fr, en, children: Vec::new() }
    }

    pub(crate) fn of(v: &Verdict) -> Explanation {
        let acting = v.hits.iter().filter(|h| h.decision == Decision::Act).count();
        let held = v
            .hits
            .iter()
            .filter(|h| matches!(h.decision, Decision::HeldByFlood { .. } | Decision::HeldByStatus))
            .count();
        let (fr, en) = match v.outcome {
            Outcome::Match => (
                format!("Correspondance avec une liste : {acting} entrée(s) à traiter"),
                format!("Listed content: {acting} entry(ies) to act on"),
            ),
            Outcome::Review => (
                format!("Correspondance retenue pour vérification : {held} entrée(s) en attente d'un examen humain"),
                format!("Match held for review: {held} entry(ies) await a human decision"),
            ),
            Outcome::Suppressed => (
                "Correspondance annulée : l'image figure dans une liste d'images connues comme anodines".to_string(),
                "Match suppressed: the image is on a list of known benign images".to_string(),
            ),
            Outcome::NoMatch => ("Aucune correspondance".to_string(), "No match".to_string()),
            Outcome::LowQuality => (
                format!(
                    "Image non comparée : qualité PDQ {} inférieure au seuil {} (image trop uniforme)",
                    quality(v.query_quality),
                    v.min_query_quality
                ),
                format!(
                    "Image not matched: PDQ quality {} under the floor of {} (featureless image)",
                    quality(v.query_quality),
                    v.min_query_quality
                ),
            ),
        };
        let value = v.hits.first().map(|h| f64::from(h.distance));
        let mut root = Explanation::node(v.outcome.code(), value, fr, en);
        root.children = v.hits.iter().map(Explanation::hit).collect();
        root
    }

    fn hit(h: &Hit) -> Explanation {
        let list_fr = match h.kind {
            ListKind::Positive => format!("liste « {} »", h.list),
            ListKind::Negative => format!("liste d'images anodines « {} »", h.list),
        };
        let list_en = match h.kind {
            ListKind::Positive => format!("list \"{}\"", h.list),
            ListKind::Negative => format!("benign list \"{}\"", h.list),
        };
        let fr_facts = format!(
            "{list_fr}, entrée {} : distance {} ≤ {} ({}), qualité de l'entrée {}, statut {}{}",
            short(&h.hash),
            h.distance,
            h.max_distance,
            h.variant.label_fr(),
            quality(h.entry_quality),
            h.status.label_fr(),
            if h.provenance.is_empty() {
                String::new()
            } else {
                format!(", provenance {}", h.provenance)
            }
        );
        let en_facts = format!(
            "{list_en}, entry {}: distance {} ≤ {} ({}), entry quality {}, status {}{}",
            short(&h.hash),
            h.distance,
            h.max_distance,
            h.variant.label_en(),
            quality(h.entry_quality),
            h.status.code(),
            if h.provenance.is_empty() {
                String::new()
            } else {
                format!(", provenance {}", h.provenance)
            }
        );
        let (fr, en) = match h.decision {
            Decision::Act => ("à traiter".to_string(), "act on it".to_string()),
            Decision::Negative => (
                "image connue comme anodine : annule les correspondances positives".to_string(),
                "known benign image: vetoes the positive matches".to_string(),
            ),
            Decision::Suppressed => (
                "annulée par une liste d'images anodines".to_string(),
                "vetoed by a benign list".to_string(),
            ),
            Decision::HeldByStatus => (
                "entrée en quarantaine : à vérifier, ne pas agir".to_string(),
                "entry under quarantine: review, do not act".to_string(),
            ),
            Decision::HeldByFlood { count, threshold, .. } => (
                format!(
                    "quarantaine automatique : {count} correspondances dans la fenêtre en cours (seuil {threshold:.1}), bien plus que d'habitude ; à vérifier, ne pas agir"
                ),
                format!(
                    "automatic quarantine: {count} matches in the current window (threshold {threshold:.1}), far more than usual; review, do not act"
                ),
            ),
            Decision::Deconfirmed => (
                "entrée infirmée par un examen humain : ignorée".to_string(),
                "entry deconfirmed by a reviewer: ignored".to_string(),
            ),
        };
        Explanation::node(
            h.decision.code(),
            Some(f64::from(h.distance)),
            format!("{fr_facts} → {fr}"),
            format!("{en_facts} → {en}"),
        )
    }

    /// Renders the tree, one node per line, children indented.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.render_into(lang, 0, &mut out);
        out
    }

    fn render_into(&self, lang: Lang, depth: usize, out: &mut String) {
        let text = match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        };
        out.push_str(&"  ".repeat(depth));
        if depth > 0 {
            out.push_str("- ");
        }
        out.push_str(self.code);
        out.push(' ');
        out.push_str(text);
        out.push('\n');
        for child in &self.children {
            child.render_into(lang, depth + 1, out);
        }
    }
}
