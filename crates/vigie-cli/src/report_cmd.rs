//! `vigie report EXPORT --html rapport.html`: an offline French report for a parent or an
//! association, from a chat export (or Vigie JSONL). The page itself is rendered by
//! `vigie_import::report`; this command reads, assesses and writes.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use vigie_detect::{ConversationOptions, Conversations, conversation_key};
use vigie_import::Stats;
use vigie_import::report::{
    Report, ReportConversation, ReportMessage, date_from_unix, render_html, render_text,
};

use crate::Common;
use crate::input::{InputArgs, for_each_record};
use crate::rules_cmd::load_detector;

/// Arguments.
#[derive(clap::Args, Debug)]
pub(crate) struct ReportCmdArgs {
    /// Export de conversation (WhatsApp .txt/.zip, Instagram, Telegram, Snapchat…) ou JSONL Vigie.
    #[arg(required = true, value_name = "FICHIER")]
    inputs: Vec<String>,
    /// Écrit le rapport HTML autonome dans ce fichier.
    #[arg(long, value_name = "FICHIER")]
    html: Option<PathBuf>,
    /// Écrit le rapport en texte sur la sortie standard.
    #[arg(long)]
    text: bool,
    /// N'utilise pas les modèles appris ; les règles seules.
    #[arg(long)]
    no_model: bool,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    common: Common,
}

pub(crate) fn run(args: &ReportCmdArgs) -> Result<ExitCode> {
    if args.html.is_none() && !args.text {
        bail!("choisissez --html FICHIER et/ou --text");
    }
    let detector = load_detector(&args.common)?;
    let mut scanner = detector.scanner();
    let mut conversations = Conversations::new();
    let mut stats = Stats::default();
    // (Replaced by the importers' own counts below when every input is a chat export.)
    let mut loose = 0u64;
    let read = for_each_record(&args.inputs, &args.input, true, None, |path, record, _| {
        let assessment = scanner.assess(&record.doc);
        stats.messages += 1;
        if conversation_key(&record.doc).is_some() {
            let _ = conversations.push(record.doc, assessment, path, record.line);
        } else {
            loose += 1;
        }
        Ok(true)
    })?;
    stats.read = read.read;
    stats.system = read.system;
    stats.errors = read.rejected;
    if read.good == 0 && read.system == 0 {
        bail!("aucun message lu : pas de rapport");
    }
    let options = ConversationOptions { models: !args.no_model };
    let mut convs: Vec<ReportConversation> = conversations
        .finish()
        .into_iter()
        .map(|c| {
            let assessment = detector.assess_conversation_with(&c, options);
            let messages = c
                .messages
                .into_iter()
                .map(|m| ReportMessage {
                    id: m.document.id.clone(),
                    author: m.document.author.clone(),
                    time: m.document.local_time.clone().or(m.document.timestamp.clone()),
                    author_id: m
                        .document
                        .meta
                        .get("author_id")
                        .and_then(|v| v.as_str())
                        .map(str::to_owned),
                    text: m.document.text,
                    assessment: m.assessment,
                })
                .collect();
            ReportConversation { assessment, messages }
        })
        .collect();
    convs.sort_by(|a, b| b.assessment.score.total_cmp(&a.assessment.score));
    let import_options = vigie_import::Options {
        format: args.input.input_format.export(),
        timezone: crate::import_cmd::timezone(args.input.timezone.as_deref())?,
        ..vigie_import::Options::default()
    };
    let (format, imported) = formats(&args.inputs, &import_options);
    let mut notes = Vec::new();
    if let Some((export_stats, export_notes)) = imported {
        // Every input is a chat export: its own counts (continuation lines included) are exact.
        stats = export_stats;
        notes = export_notes;
    }
    if loose > 0 {
        notes.push(format!("{loose} message(s) sans conversation (ni fil ni participants) : analysés seuls, hors rapport"));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    let report = Report {
        source: args.inputs.join(", "),
        format,
        stats,
        notes,
        conversations: convs,
        generated: date_from_unix(now),
    };
    if let Some(path) = &args.html {
        std::fs::write(path, render_html(&report))
            .with_context(|| format!("impossible d'écrire {}", path.display()))?;
        eprintln!("rapport écrit : {}", path.display());
    }
    if args.text {
        print!("{}", render_text(&report));
    }
    Ok(read.exit_code())
}

/// The importers that read the inputs, by name (JSONL, CSV or text when no export matched),
/// and, when every input is a chat export, their summed counts and notes.
fn formats(
    inputs: &[String],
    options: &vigie_import::Options,
) -> (String, Option<(Stats, Vec<String>)>) {
    let mut names: Vec<&str> = Vec::new();
    let mut all = Some((Stats::default(), Vec::new()));
    for path in inputs {
        let imported = std::fs::read(path)
            .ok()
            .and_then(|bytes| vigie_import::import(path, &bytes, options).ok());
        let name = imported.as_ref().map_or("JSONL, CSV ou texte", |i| i.format.label_fr());
        match (&mut all, imported) {
            (Some((stats, notes)), Some(i)) => {
                stats.read += i.stats.read;
                stats.messages += i.stats.messages;
                stats.system += i.stats.system;
                stats.continuation += i.stats.continuation;
                stats.errors += i.stats.errors;
                notes.extend(i.notes);
            }
            _ => all = None,
        }
        if !names.contains(&name) {
            names.push(name);
        }
    }
    (names.join(", "), all)
}
