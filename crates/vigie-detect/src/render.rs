//! Plain-language rendering of an assessment for people: the text with its spans highlighted,
//! then category → signal → location with carets under the exact characters (as compilers do).

use std::fmt::Write as _;

mod conversation;
mod triage;

pub use conversation::{render_conversation, stage_label};
pub use triage::render_triage;

use anstyle::{AnsiColor, Style};
use vigie_model::{Assessment, IdentifierKind, Level, Signal, Span};

/// The language of what a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// French (default).
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Parses `fr` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Language of the explanations.
    pub lang: Lang,
    /// ANSI colours.
    pub color: bool,
    /// Where the document comes from, e.g. `chat.jsonl`, shown in locations.
    pub origin: String,
    /// Line of the record in its source (1-based).
    pub line: u64,
    /// Longest excerpt of the text shown, in chars.
    pub max_excerpt_chars: usize,
}

/// Formats a number the French way (`0,62`) or the English way (`0.62`).
pub fn number(x: f64, lang: Lang) -> String {
    let s = format!("{x:.2}");
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}

/// The label of a level in a language.
pub fn level_label(level: Level, lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => level.label_fr(),
        Lang::En => level.label_en(),
    }
}

fn paint(color: bool, style: Style, text: &str) -> String {
    if color { format!("{style}{text}{style:#}") } else { text.to_owned() }
}

fn level_style(level: Level) -> Style {
    let c = match level {
        Level::Critical => AnsiColor::BrightRed,
        Level::High => AnsiColor::Red,
        Level::Medium => AnsiColor::Yellow,
        Level::Low => AnsiColor::Cyan,
        Level::None => AnsiColor::White,
    };
    Style::new().fg_color(Some(c.into())).bold()
}

/// "risque élevé", "aucun risque", "high risk", "no risk".
pub fn risk_phrase(level: Level, lang: Lang) -> String {
    match (lang, level) {
        (Lang::Fr, Level::None) => "aucun risque".to_owned(),
        (Lang::Fr, _) => format!("risque {}", level.label_fr()),
        (Lang::En, Level::None) => "no risk".to_owned(),
        (Lang::En, _) => format!("{} risk", level.label_en()),
    }
}

/// The text with every signal span highlighted (`⟦…⟧` without colours), cut to an excerpt.
pub fn highlight(text: &str, spans: &[Span], opts: &RenderOptions) -> String {
    let mut spans: Vec<Span> = spans.to_vec();
    spans.sort();
    // Merge overlapping spans so highlights never nest.
    let mut merged: Vec<Span> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    let limit = if opts.max_excerpt_chars == 0 { usize::MAX } else { opts.max_excerpt_chars };
    let mut out = String::new();
    let mut pos = 0;
    let mut shown = 0;
    let mark = Style::new().fg_color(Some(AnsiColor::BrightRed.into())).bold().underline();
    for s in merged {
        if shown >= limit {
            break;
        }
        let plain = &text[pos..s.start];
        shown += push_excerpt(&mut out, plain, limit.saturating_sub(shown));
        let inner = &text[s.start..s.end];
        if opts.color {
            let _ = write!(out, "{mark}{inner}{mark:#}");
        } else {
            let _ = write!(out, "⟦{inner}⟧");
        }
        shown += inner.chars().count();
        pos = s.end;
    }
    if shown < limit {
        push_excerpt(&mut out, &text[pos..], limit - shown);
    } else if pos < text.len() {
        out.push('…');
    }
    out.replace(['\n', '\r'], " ")
}

/// Pushes at most `room` chars of `s`, ending in `…` when cut; returns the chars pushed.
fn push_excerpt(out: &mut String, s: &str, room: usize) -> usize {
    let n = s.chars().count();
    if n <= room {
        out.push_str(s);
        n
    } else {
        out.extend(s.chars().take(room));
        out.push('…');
        room
    }
}

/// Renders one assessment: a header line, the highlighted text, then the explanation tree.
pub fn render_assessment(a: &Assessment, text: &str, opts: &RenderOptions) -> String {
    let lang = opts.lang;
    let bold = Style::new().bold();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} · {}:{} · document {}",
        paint(opts.color, level_style(a.level), &risk_phrase(a.level, lang)),
        number(a.score, lang),
        opts.origin,
        opts.line,
        short_id(&a.document),
    );
    let spans: Vec<Span> = a.signals.iter().map(|s| s.span).collect();
    let _ = writeln!(out, "  « {} »", highlight(text, &spans, opts));
    for node in &a.explanation.children {
        let reason = match lang {
            Lang::Fr => &node.reason_fr,
            Lang::En => &node.reason_en,
        };
        let signals: Vec<&Signal> = match &node.code {
            Some(code) => {
                a.signals.iter().filter(|s| s.category.as_str() == code && !s.cited).collect()
            }
            // The reported-speech node lists the cited signals.
            None if !node.children.is_empty() => a.signals.iter().filter(|s| s.cited).collect(),
            None => Vec::new(),
        };
        if let Some(damper) = a.dampers.iter().find(|d| Some(&d.code) == node.code.as_ref()) {
            let label = match lang {
                Lang::Fr => "atténué",
                Lang::En => "damped",
            };
            let _ = writeln!(
                out,
                "  {label} ×{} : {} {reason}",
                number(damper.factor, lang),
                paint(opts.color, bold, &damper.code)
            );
            caret_block(&mut out, text, damper.span, opts);
            continue;
        }
        let _ = writeln!(out, "  {reason} {}", number(node.value, lang));
        for s in signals {
            signal_block(&mut out, text, s, opts);
        }
    }
    identifiers_block(&mut out, a, opts);
    out
}

/// The label of an identifier kind.
pub fn identifier_label(kind: IdentifierKind, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::Fr, IdentifierKind::Phone) => "téléphone",
        (Lang::Fr, IdentifierKind::Email) => "courriel",
        (Lang::Fr, IdentifierKind::Url) => "lien",
        (Lang::Fr, IdentifierKind::Handle) => "pseudo",
        (Lang::Fr, IdentifierKind::Price) => "prix",
        (Lang::Fr, IdentifierKind::Age) => "âge",
        (Lang::Fr, IdentifierKind::Place) => "lieu",
        (Lang::En, IdentifierKind::Phone) => "phone",
        (Lang::En, IdentifierKind::Email) => "e-mail",
        (Lang::En, IdentifierKind::Url) => "link",
        (Lang::En, IdentifierKind::Handle) => "handle",
        (Lang::En, IdentifierKind::Price) => "price",
        (Lang::En, IdentifierKind::Age) => "age",
        (Lang::En, IdentifierKind::Place) => "place",
        (_, IdentifierKind::Date) => "date",
    }
}

fn identifiers_block(out: &mut String, a: &Assessment, opts: &RenderOptions) {
    if a.identifiers.is_empty() {
        return;
    }
    let (title, disguised, not_valid) = match opts.lang {
        Lang::Fr => ("identifiants", "déguisé", "numéro non attribué selon les métadonnées"),
        Lang::En => ("identifiers", "disguised", "number not allocated in the metadata"),
    };
    let items: Vec<String> = a
        .identifiers
        .iter()
        .map(|i| {
            let mut note = if i.obfuscated { format!(", {disguised}") } else { String::new() };
            if i.valid == Some(false) {
                note.push_str(", ");
                note.push_str(not_valid);
            }
            format!(
                "{} {} (« {} »{note})",
                identifier_label(i.kind, opts.lang),
                i.value,
                i.matched.replace('\n', " ")
            )
        })
        .collect();
    let _ = writeln!(out, "  {title} : {}", items.join(" · "));
}

fn short_id(id: &str) -> &str {
    if id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()) { &id[..12] } else { id }
}

fn signal_block(out: &mut String, text: &str, s: &Signal, opts: &RenderOptions) {
    let lang = opts.lang;
    let reason = match lang {
        Lang::Fr => &s.reason_fr,
        Lang::En => &s.reason_en,
    };
    let weight = match lang {
        Lang::Fr => "poids",
        Lang::En => "weight",
    };
    let mut notes = Vec::new();
    if s.obfuscated {
        notes.push(match lang {
            Lang::Fr => "texte déguisé".to_owned(),
            Lang::En => "disguised text".to_owned(),
        });
    }
    if let Some(d) = &s.damped_by {
        notes.push(match lang {
            Lang::Fr => format!("atténué par « {} »", d.matched),
            Lang::En => format!("damped by \"{}\"", d.matched),
        });
    }
    if let Some(d) = &s.cited_by {
        notes.push(match lang {
            Lang::Fr => format!("cité, voir « {} »", d.matched),
            Lang::En => format!("quoted, see \"{}\"", d.matched),
        });
    }
    let notes = if notes.is_empty() { String::new() } else { format!(", {}", notes.join(", ")) };
    let code = paint(opts.color, Style::new().bold(), &s.code);
    let _ =
        writeln!(out, "    {code} {reason} ({weight} {}{notes})", number(s.effective_weight, lang));
    caret_block(out, text, s.span, opts);
}

/// `--> origin:line:col`, the text line, and carets under the span.
fn caret_block(out: &mut String, text: &str, span: Span, opts: &RenderOptions) {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.start..].find('\n').map_or(text.len(), |i| span.start + i);
    let line_text = text[line_start..line_end].trim_end_matches('\r');
    let col = text[line_start..span.start].chars().count();
    let gutter = opts.line.to_string();
    let pad = " ".repeat(gutter.len());
    let _ = writeln!(out, "      {pad}--> {}:{}:{}", opts.origin, opts.line, col + 1);
    // Show a window of the line around the span so long ads stay readable.
    let chars: Vec<char> = line_text.chars().collect();
    let span_chars =
        text[span.start..span.end.min(line_start + line_text.len())].chars().count().max(1);
    let from = col.saturating_sub(40);
    let to = (col + span_chars + 40).min(chars.len());
    let mut shown: String = chars[from..to].iter().collect();
    let mut caret_col = col - from;
    if from > 0 {
        shown.insert(0, '…');
        caret_col += 1;
    }
    if to < chars.len() {
        shown.push('…');
    }
    let carets = paint(
        opts.color,
        Style::new().fg_color(Some(AnsiColor::BrightRed.into())).bold(),
        &"^".repeat(span_chars),
    );
    let _ = writeln!(out, "      {gutter} | {shown}");
    let _ = writeln!(out, "      {pad} | {}{carets}", " ".repeat(caret_col));
}
