//! Rendering of an ad's triage: priority, the families of cues that raised it, the text with their
//! spans highlighted, and carets under each signal.

use std::fmt::Write as _;

use vigie_model::{AdTriage, Assessment, CueFamily, Signal, Span};

use super::{
    Lang, RenderOptions, caret_block, highlight, identifiers_block, level_style, number, paint,
    short_id, signal_block,
};

fn priority(t: &AdTriage, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("priorité {}", t.level.label_fr()),
        Lang::En => format!("{} priority", t.level.label_en()),
    }
}

/// Renders the triage of one ad.
pub fn render_triage(t: &AdTriage, a: &Assessment, text: &str, opts: &RenderOptions) -> String {
    let lang = opts.lang;
    let fr = lang == Lang::Fr;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} · {}:{} · {} {}",
        paint(opts.color, level_style(t.level), &priority(t, lang)),
        number(t.score, lang),
        opts.origin,
        opts.line,
        if fr { "annonce" } else { "ad" },
        short_id(&t.document),
    );
    let spans: Vec<Span> = t.families.iter().flat_map(|f| f.spans.iter().copied()).collect();
    let _ = writeln!(out, "  « {} »", highlight(text, &spans, opts));
    if let Some(age) = t.form_age {
        let _ = writeln!(out, "  {} : {age}", if fr { "âge du formulaire" } else { "form age" });
    }
    if !t.frame {
        let _ = writeln!(
            out,
            "  {}",
            if fr {
                "pas de cadre d'annonce d'escorte : indices affaiblis ×0,5"
            } else {
                "no escort-ad frame: cues weakened ×0.5"
            }
        );
    }
    for f in &t.families {
        let label = if fr { f.family.label_fr() } else { f.family.label_en() };
        let _ = writeln!(out, "  {label} {}", number(f.weight, lang));
        let signals: Vec<&Signal> = a
            .signals
            .iter()
            .filter(|s| f.codes.contains(&s.code) && f.spans.contains(&s.span))
            .collect();
        if signals.is_empty() {
            // Families without a rule behind them (shared phone): carets under their spans.
            if f.family == CueFamily::SharedPhone
                && let Some(node) = t
                    .explanation
                    .children
                    .iter()
                    .find(|n| n.code.as_deref() == Some("shared_phone"))
            {
                let _ = writeln!(out, "    {}", if fr { &node.reason_fr } else { &node.reason_en });
            }
            for span in &f.spans {
                caret_block(&mut out, text, *span, opts);
            }
        }
        for s in signals {
            signal_block(&mut out, text, s, opts);
        }
    }
    identifiers_block(&mut out, a, opts);
    out
}
