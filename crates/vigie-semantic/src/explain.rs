//! Semantic signals as Vigie signals (for machine output) and as a French or English block.

use std::fmt::Write as _;

use vigie_model::{Signal, Span};

use crate::layer::{Neighbour, SemanticSignal};

/// The stable code of a category's semantic signal: `SEM-` and the category in capitals
/// (`SEM-PIMPING-OFFER`). A code never changes meaning.
pub fn code(s: &SemanticSignal) -> String {
    format!("SEM-{}", s.category.as_str().to_uppercase().replace('_', "-"))
}

fn source(n: &Neighbour) -> String {
    match &n.example.date {
        Some(d) => format!("{}, {d}", n.example.source_id),
        None => n.example.source_id.clone(),
    }
}

fn excerpt(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

/// "ressemble à : « … » (source, date) ; « … » (…)" in French, "resembles: “…” (…)" in English.
pub fn resemblance(s: &SemanticSignal, fr: bool) -> String {
    let parts: Vec<String> = s
        .nearest
        .iter()
        .map(|n| {
            if fr {
                format!("« {} » ({})", excerpt(&n.example.text, 160), source(n))
            } else {
                format!("“{}” ({})", excerpt(&n.example.text, 160), source(n))
            }
        })
        .collect();
    if fr {
        format!("ressemble à : {}", parts.join(" ; "))
    } else {
        format!("resembles: {}", parts.join("; "))
    }
}

/// The semantic signal as a Vigie signal with weight 0: it names the sentence, the category and
/// the nearest examples, and leaves the rules' score and level as they are.
pub fn to_signal(s: &SemanticSignal, text: &str) -> Signal {
    let pct = format!("{:.0}", 100.0 * s.probability);
    Signal {
        code: code(s),
        category: s.category,
        span: Span { start: s.span.0, end: s.span.1 },
        matched: text[s.span.0..s.span.1].to_owned(),
        weight: 0.0,
        effective_weight: 0.0,
        obfuscated: false,
        damped_by: None,
        cited: false,
        cited_by: None,
        reason_fr: format!(
            "Couche sémantique : {} (probabilité {pct} %) ; {}",
            s.category.label_fr(),
            resemblance(s, true)
        ),
        reason_en: format!(
            "Semantic layer: {} (probability {pct} %); {}",
            s.category.label_en(),
            resemblance(s, false)
        ),
    }
}

/// A block for the terminal report, after the rules' explanation.
pub fn render(signals: &[SemanticSignal], text: &str, fr: bool) -> String {
    let mut out = String::new();
    if signals.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "  {}",
        if fr {
            "Couche sémantique (catégories que les règles n'ont pas trouvées ; ne change pas le niveau) :"
        } else {
            "Semantic layer (categories the rules did not find; does not change the level):"
        }
    );
    for s in signals {
        let p = format!("{:.0} %", 100.0 * s.probability);
        let label = if fr { s.category.label_fr() } else { s.category.label_en() };
        let _ = writeln!(
            out,
            "    {} {label} ({} {p})",
            code(s),
            if fr { "probabilité" } else { "probability" }
        );
        let _ = writeln!(
            out,
            "      {} « {} » ({} {}–{})",
            if fr { "phrase" } else { "sentence" },
            excerpt(&text[s.span.0..s.span.1], 200),
            if fr { "octets" } else { "bytes" },
            s.span.0,
            s.span.1
        );
        let _ = writeln!(out, "      {}", if fr { "ressemble à :" } else { "resembles:" });
        for n in &s.nearest {
            let sim = format!("{:.2}", n.similarity);
            let _ = writeln!(
                out,
                "        « {} » ({}, {} {})",
                excerpt(&n.example.text, 160),
                source(n),
                if fr { "similarité" } else { "similarity" },
                if fr { sim.replace('.', ",") } else { sim }
            );
        }
    }
    out
}
