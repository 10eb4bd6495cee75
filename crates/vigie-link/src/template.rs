//! Templates of near-duplicate clusters: the phrases the members share and the slots that vary.
//!
//! The idea is InfoShield's (Lee, Vajiac et al., ICDE 2021): ads written from one template share
//! its phrases and differ in slots. Re-implemented here from the idea, not from its code, with a
//! simpler alignment: every sampled member is aligned token by token (longest common subsequence
//! on lower-cased whitespace tokens) against the first member (the base). A base token matched in
//! at least 80 % of the members is *fixed*; runs of fixed tokens are the template's phrases; what
//! lies between two runs — in the base or in any member — is a slot, with the values seen.

use vigie_model::{Template, TemplatePart};

/// Share of members a base token must be matched in to be part of the template.
const FIXED_SHARE: f64 = 0.8;
/// Values kept per slot.
const SLOT_VALUES: usize = 5;
/// Tokens aligned per text (longer texts are cut: alignment is quadratic).
const MAX_TOKENS: usize = 300;

/// For each base token, the position of the matching member token (longest common subsequence).
fn align(base: &[String], other: &[String]) -> Vec<Option<usize>> {
    let (n, m) = (base.len(), other.len());
    let mut dp = vec![0u16; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i * (m + 1) + j] = if base[i] == other[j] {
                dp[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                dp[(i + 1) * (m + 1) + j].max(dp[i * (m + 1) + j + 1])
            };
        }
    }
    let mut out = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if base[i] == other[j] {
            out[i] = Some(j);
            i += 1;
            j += 1;
        } else if dp[(i + 1) * (m + 1) + j] >= dp[i * (m + 1) + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Builds the template of a cluster from some of its members' texts (the first is the base).
///
/// ```
/// use vigie_link::build_template;
/// let t = build_template(&["Nouvelle sur Lyon, dispo 7j/7", "Nouvelle sur Lille, dispo 7j/7"]);
/// assert_eq!(t.text, "Nouvelle sur {1} dispo 7j/7");
/// ```
pub fn build_template(texts: &[&str]) -> Template {
    let tokenized: Vec<Vec<&str>> =
        texts.iter().map(|t| t.split_whitespace().take(MAX_TOKENS).collect()).collect();
    let lower: Vec<Vec<String>> =
        tokenized.iter().map(|t| t.iter().map(|w| w.to_lowercase()).collect()).collect();
    let Some(base) = lower.first() else {
        return Template { text: String::new(), parts: Vec::new(), sampled: 0 };
    };
    let alignments: Vec<Vec<Option<usize>>> = lower.iter().map(|o| align(base, o)).collect();
    let need = ((texts.len() as f64) * FIXED_SHARE).ceil() as usize;
    let fixed: Vec<bool> = (0..base.len())
        .map(|i| alignments.iter().filter(|a| a[i].is_some()).count() >= need.max(1))
        .collect();
    let mut parts = Vec::new();
    let mut i = 0;
    let mut prev_fixed: Option<usize> = None;
    while i <= base.len() {
        if i < base.len() && fixed[i] {
            let start = i;
            while i < base.len() && fixed[i] {
                i += 1;
            }
            parts.push(TemplatePart::Fixed { text: tokenized[0][start..i].join(" ") });
            prev_fixed = Some(i - 1);
            continue;
        }
        let next_fixed = (i..base.len()).find(|&k| fixed[k]);
        let mut values: Vec<String> = Vec::new();
        for (m, al) in alignments.iter().enumerate() {
            let from = prev_fixed
                .and_then(|p| (0..=p).rev().find_map(|k| if fixed[k] { al[k] } else { None }));
            let to = next_fixed
                .and_then(|q| (q..base.len()).find_map(|k| if fixed[k] { al[k] } else { None }));
            let start = from.map_or(0, |f| f + 1);
            let end = to.unwrap_or(tokenized[m].len()).max(start);
            let v = tokenized[m][start..end].join(" ");
            if !v.is_empty() && !values.contains(&v) && values.len() < SLOT_VALUES {
                values.push(v);
            }
        }
        if !values.is_empty() {
            let index = parts.iter().filter(|p| matches!(p, TemplatePart::Slot { .. })).count() + 1;
            parts.push(TemplatePart::Slot { index, values });
        }
        match next_fixed {
            Some(q) => i = q,
            None => break,
        }
    }
    let text = parts
        .iter()
        .map(|p| match p {
            TemplatePart::Fixed { text } => text.clone(),
            TemplatePart::Slot { index, .. } => format!("{{{index}}}"),
        })
        .collect::<Vec<_>>()
        .join(" ");
    Template { text, parts, sampled: texts.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_phrases_are_fixed_and_differences_are_slots() {
        let t = build_template(&[
            "Coucou 😘 nouvelle sur Lyon, dispo 7j/7 au 06 11 22 33 44",
            "Coucou 😘 nouvelle sur Marseille, dispo 7j/7 au 07 55 66 77 88",
            "coucou 😘 nouvelle sur Lille, dispo 7j/7 au 06 11 22 33 44",
        ]);
        assert_eq!(t.text, "Coucou 😘 nouvelle sur {1} dispo 7j/7 au {2}");
        let TemplatePart::Slot { values, .. } = &t.parts[1] else { panic!("{t:?}") };
        assert_eq!(values, &["Lyon,", "Marseille,", "Lille,"]);
        let TemplatePart::Slot { values, .. } = &t.parts[3] else { panic!("{t:?}") };
        assert_eq!(values, &["06 11 22 33 44", "07 55 66 77 88"]);
    }

    #[test]
    fn identical_texts_have_no_slot() {
        let t = build_template(&["même texte ici", "même texte ici"]);
        assert_eq!(t.text, "même texte ici");
        assert_eq!(t.parts.len(), 1);
    }
}
