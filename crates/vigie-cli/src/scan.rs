//! `vigie scan`: stream documents through the engine, rank them, explain them.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{BufWriter, Write as _};
use std::process::ExitCode;

use anyhow::Result;
use vigie_detect::render::{
    Lang, RenderOptions, level_label, render_assessment, render_conversation,
};
use vigie_detect::{Conversation, ConversationOptions, Conversations, Detector, conversation_key};
use vigie_model::{Assessment, ConversationAssessment, Level};

mod semantic;

use crate::Common;
use crate::input::{InputArgs, for_each_record};
use crate::output::{MachineWriter, OutputFormat, ReportArgs};
use crate::rules_cmd::load_detector;

#[derive(clap::Args)]
#[allow(clippy::struct_excessive_bools)] // independent command-line switches
pub(crate) struct ScanArgs {
    /// Fichiers à analyser (JSONL, CSV, texte, exports WhatsApp/Instagram/Messenger/Telegram/
    /// Snapchat/Discord/TikTok/PAN12, .zip compris), ou - pour l'entrée standard.
    #[arg(required = true, value_name = "FICHIER")]
    inputs: Vec<String>,
    /// N'assemble pas les conversations (messages liés par `conversation` ou par leurs
    /// participants) : chaque message est évalué seul, en mémoire bornée.
    #[arg(long)]
    no_conversations: bool,
    /// N'utilise pas les modèles appris sur les conversations (aujourd'hui : le modèle anglais de
    /// grooming, entraîné sur PAN12) ; les règles seules.
    #[arg(long)]
    no_model: bool,
    /// Couche sémantique (encodeur multilingue, têtes apprises sur des citations réelles) sur les
    /// messages que les règles mettent au niveau faible ou plus ; poids : scripts/semantic/fetch.py.
    #[arg(long)]
    semantic: bool,
    /// Avec --semantic : encode tous les messages, pas seulement ceux que les règles signalent.
    #[arg(long, requires = "semantic")]
    semantic_all: bool,
    #[command(flatten)]
    report: ReportArgs,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    common: Common,
}

/// A document kept for the ranked report (bounded by `--top`).
struct Ranked {
    score: f64,
    seq: u64,
    assessment: Assessment,
    text: String,
    origin: String,
    line: u64,
    /// The semantic layer's block for the terminal report (empty without `--semantic`).
    semantic: String,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    /// Higher score first, then earlier input first.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score.total_cmp(&other.score).then_with(|| other.seq.cmp(&self.seq))
    }
}

#[derive(Default)]
struct Counts {
    read: u64,
    analysed: u64,
    rejected: u64,
    system: u64,
    levels: [u64; 5],
}

pub(crate) fn run(args: &ScanArgs) -> Result<ExitCode> {
    let detector = load_detector(&args.common)?;
    let lang = args.common.lang.lang();
    let min_level = args.report.min_level()?;
    let stdout = std::io::stdout();
    let mut machine = match args.report.format {
        OutputFormat::Text => None,
        f => Some(MachineWriter::new(BufWriter::with_capacity(1 << 16, stdout.lock()), f)?),
    };
    let mut top: BinaryHeap<Reverse<Ranked>> = BinaryHeap::new();
    let mut counts = Counts::default();
    let mut scanner = detector.scanner();
    let mut seq = 0u64;
    let mut conversations = Conversations::new();
    let semantic = if args.semantic { semantic::load(lang) } else { None };
    let mut encoded = 0u64;
    let read = for_each_record(
        &args.inputs,
        &args.input,
        args.report.quiet,
        None,
        |path, record, bar| {
            let mut assessment = scanner.assess(&record.doc);
            if !args.no_conversations && conversation_key(&record.doc).is_some() {
                let kept =
                    conversations.push(record.doc.clone(), assessment.clone(), path, record.line);
                debug_assert!(kept.is_ok());
            }
            let block = semantic.as_ref().map_or_else(String::new, |layer| {
                let go = args.semantic_all || assessment.level >= Level::Low;
                encoded += u64::from(go);
                if go {
                    semantic::apply(layer, &mut assessment, &record.doc.text, lang)
                } else {
                    String::new()
                }
            });
            counts.analysed += 1;
            counts.levels[assessment.level as usize] += 1;
            if counts.analysed % 4096 == 0 {
                bar.set_message(format!("{} documents", counts.analysed));
            }
            if assessment.level < min_level && block.is_empty() {
                return Ok(true);
            }
            seq += 1;
            if let Some(w) = &mut machine {
                w.write(path, record.line, &assessment)?;
            } else if args.report.top > 0 {
                let worth = top.len() < args.report.top
                    || top.peek().is_some_and(|Reverse(min)| assessment.score > min.score);
                if worth {
                    top.push(Reverse(Ranked {
                        score: assessment.score,
                        seq,
                        assessment,
                        text: record.doc.text,
                        origin: path.to_owned(),
                        line: record.line,
                        semantic: block,
                    }));
                    if top.len() > args.report.top {
                        top.pop();
                    }
                }
            }
            Ok(true)
        },
    )?;
    counts.read = read.read;
    counts.rejected = read.rejected;
    counts.system = read.system;
    let options = ConversationOptions { models: !args.no_model };
    let conversations = assess_conversations(&detector, conversations, options, min_level);
    if let Some(mut w) = machine {
        for (_, c) in &conversations {
            w.write_conversation(c)?;
        }
        w.finish()?;
    } else {
        let color = crate::style::stdout_color(args.common.color);
        report_conversations(&conversations, args.report.top, lang, color)?;
        report(top, &counts, seq, lang, color)?;
    }
    summary(&counts, lang);
    if semantic.is_some() {
        semantic::summary(encoded, counts.analysed, lang);
    }
    Ok(read.exit_code())
}

fn report(
    top: BinaryHeap<Reverse<Ranked>>,
    counts: &Counts,
    shown_total: u64,
    lang: Lang,
    color: bool,
) -> Result<()> {
    let ranked: Vec<Ranked> = top.into_sorted_vec().into_iter().map(|Reverse(r)| r).collect();
    let mut out = BufWriter::new(std::io::stdout().lock());
    if ranked.is_empty() {
        let none = match lang {
            Lang::Fr => "Aucun document au-dessus du niveau demandé.",
            Lang::En => "No document above the requested level.",
        };
        writeln!(out, "{none}")?;
    } else {
        match lang {
            Lang::Fr => writeln!(
                out,
                "{shown_total} document(s) au-dessus du niveau demandé sur {} analysé(s) ; {} :\n",
                counts.analysed,
                if ranked.len() == 1 {
                    "le plus préoccupant".to_owned()
                } else {
                    format!("les {} plus préoccupants", ranked.len())
                }
            )?,
            Lang::En => writeln!(
                out,
                "{shown_total} document(s) above the requested level out of {} analysed; the {} most worrying:\n",
                counts.analysed,
                ranked.len()
            )?,
        }
    }
    for (i, r) in ranked.iter().enumerate() {
        let opts = RenderOptions {
            lang,
            color,
            origin: r.origin.clone(),
            line: r.line,
            max_excerpt_chars: 400,
        };
        write!(out, "#{} ", i + 1)?;
        out.write_all(render_assessment(&r.assessment, &r.text, &opts).as_bytes())?;
        out.write_all(r.semantic.as_bytes())?;
        writeln!(out)?;
    }
    let disclaimer = match lang {
        Lang::Fr => {
            "Vigie classe et explique ; une personne décide. Aucun signal n'est une preuve."
        }
        Lang::En => "Vigie ranks and explains; a person decides. No signal is proof.",
    };
    writeln!(out, "{disclaimer}")?;
    out.flush()?;
    Ok(())
}

fn summary(c: &Counts, lang: Lang) {
    let levels: Vec<String> = Level::ALL
        .iter()
        .rev()
        .map(|l| format!("{} {}", level_label(*l, lang), c.levels[*l as usize]))
        .collect();
    // System lines of chat exports are read, counted and never analysed.
    let system = match (c.system, lang) {
        (0, _) => String::new(),
        (n, Lang::Fr) => format!(", {n} lignes système (non analysées)"),
        (n, Lang::En) => format!(", {n} system lines (not analysed)"),
    };
    match lang {
        Lang::Fr => eprintln!(
            "{} enregistrements lus, {} analysés, {} rejetés{system} — niveaux : {}",
            c.read,
            c.analysed,
            c.rejected,
            levels.join(", ")
        ),
        Lang::En => eprintln!(
            "{} records read, {} analysed, {} rejected{system} — levels: {}",
            c.read,
            c.analysed,
            c.rejected,
            levels.join(", ")
        ),
    }
}

/// Conversations at or above `min_level`, most worrying first.
fn assess_conversations(
    detector: &Detector,
    conversations: Conversations,
    options: ConversationOptions,
    min_level: Level,
) -> Vec<(Conversation, ConversationAssessment)> {
    let mut out: Vec<(Conversation, ConversationAssessment)> = conversations
        .finish()
        .into_iter()
        .map(|c| {
            let a = detector.assess_conversation_with(&c, options);
            (c, a)
        })
        .filter(|(_, a)| a.level >= min_level)
        .collect();
    // Stable sort: equal scores keep the conversations' key order.
    out.sort_by(|x, y| y.1.score.total_cmp(&x.1.score));
    out
}

fn report_conversations(
    conversations: &[(Conversation, ConversationAssessment)],
    top: usize,
    lang: Lang,
    color: bool,
) -> Result<()> {
    if conversations.is_empty() || top == 0 {
        return Ok(());
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    let shown = conversations.len().min(top);
    match lang {
        Lang::Fr => writeln!(
            out,
            "{} conversation(s) au-dessus du niveau demandé ; {} :\n",
            conversations.len(),
            if shown == 1 {
                "la plus préoccupante".to_owned()
            } else {
                format!("les {shown} plus préoccupantes")
            }
        )?,
        Lang::En => writeln!(
            out,
            "{} conversation(s) above the requested level; the {shown} most worrying:\n",
            conversations.len()
        )?,
    }
    let opts = RenderOptions { lang, color, max_excerpt_chars: 400, ..RenderOptions::default() };
    for (i, (c, a)) in conversations.iter().take(top).enumerate() {
        write!(out, "C{} ", i + 1)?;
        out.write_all(render_conversation(a, c, &opts).as_bytes())?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
