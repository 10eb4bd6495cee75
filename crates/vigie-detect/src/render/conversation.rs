//! Rendering of a conversation assessment: who drives the risk, the stages reached, the earliest
//! warning, a timeline of the messages that carried signals, and the earliest-warning message
//! itself with carets under its spans.

use std::fmt::Write as _;

use anstyle::Style;
use vigie_model::{ConversationAssessment, Level, Stage};

use super::{Lang, RenderOptions, level_style, number, paint, render_assessment, risk_phrase};
use crate::Conversation;

/// The label of a stage.
pub fn stage_label(stage: Stage, lang: Lang) -> &'static str {
    match (lang, stage) {
        (Lang::Fr, Stage::Approach) => "approche",
        (Lang::Fr, Stage::Trust) => "confiance",
        (Lang::Fr, Stage::Control) => "contrôle",
        (Lang::En, Stage::Approach) => "approach",
        (Lang::En, Stage::Trust) => "trust",
        (Lang::En, Stage::Control) => "control",
        (_, Stage::Exploitation) => "exploitation",
    }
}

fn percent(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// `2024-03-04T21:43:00+01:00` → `2024-03-04 21:43`.
fn short_time(ts: Option<&str>) -> String {
    ts.map_or_else(|| "—".to_owned(), |t| t.chars().take(16).collect::<String>().replace('T', " "))
}

/// Renders a conversation assessment. `conversation` gives the messages' texts for the
/// earliest-warning excerpt; `opts.origin` and `opts.line` are ignored (each message has its own).
pub fn render_conversation(
    a: &ConversationAssessment,
    conversation: &Conversation,
    opts: &RenderOptions,
) -> String {
    let lang = opts.lang;
    let fr = lang == Lang::Fr;
    let bold = Style::new().bold();
    let mut out = String::new();
    let participants = a.authors.len();
    let _ = writeln!(
        out,
        "{} {} · conversation {} · {} messages · {} participant(s)",
        paint(opts.color, level_style(a.level), &risk_phrase(a.level, lang)),
        number(a.score, lang),
        paint(opts.color, bold, &a.conversation),
        a.messages,
        participants,
    );
    // Who drives the risk.
    for s in &a.authors {
        let cats: Vec<&str> =
            s.categories.iter().map(|c| if fr { c.label_fr() } else { c.label_en() }).collect();
        let what = if cats.is_empty() {
            (if fr { "aucun signal de manœuvre" } else { "no manoeuvre signal" }).to_owned()
        } else {
            cats.join(", ")
        };
        let role = s.role.as_deref().map(|r| format!(" [{r}]")).unwrap_or_default();
        let drives = match (s.drives_risk, fr) {
            (true, true) => "  ← porte le risque",
            (true, false) => "  ← drives the risk",
            _ => "",
        };
        let _ = writeln!(
            out,
            "  {}{role}{} {} message(s), score {} — {what}{drives}",
            s.author,
            if fr { " :" } else { ":" },
            s.messages,
            number(s.score, lang),
        );
    }
    // Stages, in the order the conversation reached them.
    let mut firsts: Vec<(usize, Stage)> = a
        .stages
        .iter()
        .filter_map(|st| a.timeline.iter().position(|s| s.reached.contains(st)).map(|i| (i, *st)))
        .collect();
    firsts.sort_unstable();
    if !firsts.is_empty() {
        let chain: Vec<String> = firsts
            .iter()
            .map(|(i, st)| format!("{} (message {})", stage_label(*st, lang), i + 1))
            .collect();
        let (label, escalation) = if fr {
            ("étapes atteintes :", "escalade")
        } else {
            ("stages reached:", "escalation")
        };
        let _ = writeln!(
            out,
            "  {label} {} · {escalation} {}",
            chain.join(" → "),
            number(a.escalation, lang)
        );
    }
    if !a.earliest.is_empty() {
        let marks: Vec<String> = a
            .earliest
            .iter()
            .map(|w| {
                let label = if fr { w.level.label_fr() } else { w.level.label_en() };
                if fr {
                    format!("{label} au message {} ({} lus)", w.index + 1, percent(w.read_share))
                } else {
                    format!("{label} at message {} ({} read)", w.index + 1, percent(w.read_share))
                }
            })
            .collect();
        let label = if fr { "premier avertissement :" } else { "earliest warning:" };
        let _ = writeln!(out, "  {label} {}", marks.join(" · "));
    }
    if let Some(m) = &a.model {
        let verdict = match (m.alert, fr) {
            (true, true) => "alerte",
            (false, true) => "pas d'alerte",
            (true, false) => "alert",
            (false, false) => "no alert",
        };
        let feats: Vec<String> = m
            .features
            .iter()
            .take(5)
            .map(|f| {
                let w = format!("{:+.2}", f.weight);
                format!("« {} » {}", f.feature, if fr { w.replace('.', ",") } else { w })
            })
            .collect();
        let (label, threshold) = if fr {
            ("modèle appris (anglais, PAN12)", "seuil")
        } else {
            ("learned model (English, PAN12)", "threshold")
        };
        let _ = writeln!(
            out,
            "  {label} {}{} {verdict} {} ({threshold} {}){} {}",
            m.model,
            if fr { " :" } else { ":" },
            number(m.probability, lang),
            number(m.threshold, lang),
            if fr { " ;" } else { ";" },
            feats.join(", ")
        );
    }
    // Timeline: the messages that carried signals.
    let steps: Vec<_> = a.timeline.iter().filter(|s| !s.categories.is_empty()).collect();
    if !steps.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            if fr {
                "chronologie (messages avec signaux) :"
            } else {
                "timeline (messages with signals):"
            }
        );
        for s in steps {
            let cats: Vec<&str> = s.categories.iter().map(|c| c.as_str()).collect();
            let _ = writeln!(
                out,
                "    {:>3}  {}  {:<18} {:<8} {}  → conversation {}",
                s.index + 1,
                short_time(s.timestamp.as_deref()),
                s.author.as_deref().unwrap_or("?"),
                if fr { s.level.label_fr() } else { s.level.label_en() },
                cats.join(", "),
                paint(
                    opts.color,
                    level_style(s.conversation_level),
                    &number(s.conversation_score, lang)
                ),
            );
        }
    }
    // The message that first made the conversation worth a look (medium), else the first signal.
    let first = a.earliest.iter().find(|w| w.level >= Level::Medium).or_else(|| a.earliest.first());
    if let Some(w) = first
        && let Some(m) = conversation.messages.get(w.index)
    {
        let label = if fr { w.level.label_fr() } else { w.level.label_en() };
        let _ = writeln!(
            out,
            "  {} ({label}) : message {} de {}",
            if fr { "message du premier avertissement" } else { "earliest-warning message" },
            w.index + 1,
            m.document.author.as_deref().unwrap_or("?"),
        );
        let msg_opts = RenderOptions { origin: m.origin.clone(), line: m.line, ..opts.clone() };
        for line in render_assessment(&m.assessment, &m.document.text, &msg_opts).lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}
