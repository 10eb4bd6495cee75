//! Opening inputs: files or stdin, format by extension or sniffing, progress on stderr.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use vigie_import::ExportFormat;
use vigie_ingest::{
    CsvMapping, CsvReader, Format, IngestError, JsonlReader, Limits, Record, RecordError,
    TextReader,
};

/// Input format as chosen on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InputFormat {
    /// From the extension (stdin: sniffed).
    Auto,
    /// One JSON document per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// One message per line.
    Text,
    /// WhatsApp export (.txt or .zip).
    Whatsapp,
    /// Instagram or Messenger export (message_N.json).
    Meta,
    /// Telegram Desktop export (result.json).
    Telegram,
    /// Snapchat export (chat_history.json).
    Snapchat,
    /// DiscordChatExporter JSON.
    Discord,
    /// TikTok direct messages (JSON or TXT).
    Tiktok,
    /// PAN12 XML corpus.
    Pan12,
}

impl InputFormat {
    /// The chat-export importer this format forces, if it names one.
    pub(crate) fn export(self) -> Option<ExportFormat> {
        Some(match self {
            InputFormat::Whatsapp => ExportFormat::WhatsApp,
            InputFormat::Meta => ExportFormat::Meta,
            InputFormat::Telegram => ExportFormat::Telegram,
            InputFormat::Snapchat => ExportFormat::Snapchat,
            InputFormat::Discord => ExportFormat::Discord,
            InputFormat::Tiktok => ExportFormat::TikTok,
            InputFormat::Pan12 => ExportFormat::Pan12,
            InputFormat::Auto | InputFormat::Jsonl | InputFormat::Csv | InputFormat::Text => {
                return None;
            }
        })
    }
}

/// How to read records.
#[derive(clap::Args, Clone, Debug)]
pub(crate) struct InputArgs {
    /// Format des entrées (auto : .jsonl, .csv d'après l'extension ; les exports de messageries —
    /// WhatsApp .txt/.zip, Instagram/Messenger, Telegram, Snapchat, Discord, TikTok, PAN12 —
    /// d'après leur contenu ; sinon texte).
    #[arg(long = "input-format", value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,
    /// CSV : colonne du texte.
    #[arg(long, default_value = "text")]
    pub text_column: String,
    /// CSV : colonne de l'identifiant.
    #[arg(long)]
    pub id_column: Option<String>,
    /// CSV : colonne de l'auteur.
    #[arg(long)]
    pub author_column: Option<String>,
    /// CSV : colonne de la date (RFC 3339, AAAA-MM-JJ ou JJ/MM/AAAA).
    #[arg(long)]
    pub timestamp_column: Option<String>,
    /// CSV : colonne de la conversation.
    #[arg(long)]
    pub conversation_column: Option<String>,
    /// CSV : colonne du lieu.
    #[arg(long)]
    pub place_column: Option<String>,
    /// CSV : séparateur (deviné sinon parmi , ; et tabulation).
    #[arg(long)]
    pub delimiter: Option<char>,
    /// CSV et texte : genre de document (message, post, profile, ad, comment).
    #[arg(long, default_value = "message")]
    pub kind: String,
    /// Taille maximale d'un enregistrement, en octets.
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    pub max_record_bytes: usize,
    /// Exports de messageries : fuseau supposé pour les heures données sans fuseau (WhatsApp,
    /// TikTok), p. ex. Europe/Paris ou +01:00 ; sans cette option, aucun décalage n'est inventé.
    #[arg(long, value_name = "FUSEAU")]
    pub timezone: Option<String>,
}

/// A stream of records from one input.
pub(crate) type Records = Box<dyn Iterator<Item = Result<Record, IngestError>>>;

/// Opens `path` (`-` for stdin) and returns its records, reporting progress on `bar`.
pub(crate) fn open(path: &str, args: &InputArgs, bar: &ProgressBar) -> Result<Records> {
    let limits = Limits { max_record_bytes: args.max_record_bytes };
    let kind = vigie_model::DocKind::parse(&args.kind).with_context(|| {
        format!("genre de document inconnu : {} (message, post, profile, ad, comment)", args.kind)
    })?;
    let (reader, name_format): (Box<dyn Read>, Option<Format>) = if path == "-" {
        (Box::new(bar.wrap_read(std::io::stdin())), None)
    } else {
        let file = File::open(path).with_context(|| format!("impossible d'ouvrir {path}"))?;
        if let Ok(meta) = file.metadata() {
            if meta.is_dir() {
                bail!("{path} est un dossier ; donnez des fichiers");
            }
            bar.set_length(meta.len());
        }
        (Box::new(bar.wrap_read(file)), Some(Format::from_path_name(path)))
    };
    let mut reader = BufReader::with_capacity(256 * 1024, reader);
    // Chat exports are recognised by their content (never by their name), except where the
    // extension already says JSONL or CSV.
    let export = match args.input_format.export() {
        Some(f) => Some(f),
        None if args.input_format == InputFormat::Auto
            && !matches!(extension(path).as_str(), "jsonl" | "ndjson" | "csv" | "tsv") =>
        {
            let head = reader.fill_buf().with_context(|| format!("lecture de {path}"))?;
            // A zip's importer is chosen inside it; WhatsApp is only a placeholder here.
            if vigie_import::is_zip(head) {
                Some(ExportFormat::WhatsApp)
            } else {
                vigie_import::detect(head)
            }
        }
        None => None,
    };
    if let Some(format) = export {
        let options = vigie_import::Options {
            format: args.input_format.export().is_some().then_some(format),
            timezone: crate::import_cmd::timezone(args.timezone.as_deref())?,
            ..Default::default()
        };
        return open_export(path, reader, &options, bar);
    }
    let format = match (args.input_format, name_format) {
        (InputFormat::Jsonl, _) => Format::Jsonl,
        (InputFormat::Csv, _) => Format::Csv,
        (InputFormat::Text, _) => Format::Text,
        (_, Some(f)) => f,
        (_, None) => Format::sniff(reader.fill_buf().context("lecture de l'entrée standard")?),
    };
    Ok(match format {
        Format::Jsonl => Box::new(JsonlReader::new(reader, limits)),
        Format::Text => Box::new(TextReader::new(reader, limits).map(move |r| {
            r.map(|mut rec| {
                rec.doc.kind = kind;
                rec
            })
        })),
        Format::Csv => {
            let delimiter = match args.delimiter {
                Some(c) if c.is_ascii() => Some(c as u8),
                Some(_) => bail!("le séparateur CSV doit être un caractère ASCII"),
                None => None,
            };
            let mapping = CsvMapping {
                text_column: args.text_column.clone(),
                id_column: args.id_column.clone(),
                author_column: args.author_column.clone(),
                timestamp_column: args.timestamp_column.clone(),
                conversation_column: args.conversation_column.clone(),
                place_column: args.place_column.clone(),
                kind,
                source: None,
                delimiter,
            };
            let reader = CsvReader::new(reader, mapping, limits).map_err(|e| {
                anyhow::anyhow!(
                    "{path}: {e}\nhint: choisissez les colonnes avec --text-column, --id-column…"
                )
            })?;
            Box::new(reader)
        }
    })
}

fn extension(path: &str) -> String {
    let lower = path.to_ascii_lowercase();
    lower.rsplit_once('.').map_or(String::new(), |(_, e)| e.to_owned())
}

/// Reads a whole chat export (a zip needs random access), imports it and yields its records.
/// Says on stderr which importer was used and what it counted.
fn open_export(
    path: &str,
    mut reader: impl Read,
    options: &vigie_import::Options,
    bar: &ProgressBar,
) -> Result<Records> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).with_context(|| format!("lecture de {path}"))?;
    let out = vigie_import::import(path, &bytes, options).map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.suspend(|| print_import_summary(path, &out));
    let errors = out.errors.into_iter().map(|e| {
        let line = e.line.unwrap_or(0);
        let mut reason = e.reason;
        if e.file != path {
            reason = format!("{}: {reason}", e.file);
        }
        if let Some(o) = e.offset {
            reason = format!("{reason} (octet {o})");
        }
        Err(IngestError::Record(RecordError::new(line, reason)))
    });
    let docs = out.documents.into_iter().map(|i| Ok(Record { line: i.line, doc: i.doc }));
    Ok(Box::new(docs.chain(errors).collect::<Vec<_>>().into_iter()))
}

/// One line per imported file: the importer, the counts that add up, and its notes.
pub(crate) fn print_import_summary(path: &str, out: &vigie_import::Import) {
    let s = out.stats;
    eprintln!(
        "{path} : importé avec {} — {} lu(s) = {} message(s) + {} ligne(s) système + {} ligne(s) de suite + {} erreur(s)",
        out.format.label_fr(),
        s.read,
        s.messages,
        s.system,
        s.continuation,
        s.errors
    );
    for note in &out.notes {
        eprintln!("  note : {note}");
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub(crate) fn progress_bar(path: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(5));
    let name = Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned());
    bar.set_style(
        ProgressStyle::with_template(
            "{prefix} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} · {msg} ({eta})",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_prefix(name);
    bar
}

/// What reading the inputs gave: records read, good, rejected, and inputs that failed.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ReadCounts {
    pub(crate) read: u64,
    /// Platform lines of chat exports: counted, never analysed.
    pub(crate) system: u64,
    pub(crate) good: u64,
    pub(crate) rejected: u64,
    pub(crate) fatal: u64,
}

impl ReadCounts {
    /// 0 when every record was read, 1 when some were rejected, 2 when an input failed.
    pub(crate) fn exit_code(&self) -> std::process::ExitCode {
        if self.fatal > 0 {
            std::process::ExitCode::from(2)
        } else if self.rejected > 0 {
            std::process::ExitCode::from(1)
        } else {
            std::process::ExitCode::SUCCESS
        }
    }
}

/// Reads every input in turn with one progress bar each (hidden with `quiet`, labelled `stage`).
///
/// A bad record is reported `file:line: field …: reason` and counted; an input that cannot be
/// opened or fails fatally stops that input only. `f` gets each good record with its input's
/// name and bar, and returns whether to go on. System lines of chat exports are counted and
/// never handed to `f`.
pub(crate) fn for_each_record(
    inputs: &[String],
    args: &InputArgs,
    quiet: bool,
    stage: Option<&str>,
    mut f: impl FnMut(&str, Record, &ProgressBar) -> Result<bool>,
) -> Result<ReadCounts> {
    let mut counts = ReadCounts::default();
    'inputs: for path in inputs {
        let bar = progress_bar(path);
        if quiet {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        if let Some(stage) = stage {
            bar.set_message(stage.to_owned());
        }
        let records = match open(path, args, &bar) {
            Ok(r) => r,
            Err(e) => {
                bar.finish_and_clear();
                eprintln!("erreur : {e:#}");
                counts.fatal += 1;
                continue;
            }
        };
        for result in records {
            counts.read += 1;
            match result {
                Ok(record) if record.doc.system => counts.system += 1,
                Ok(record) => {
                    counts.good += 1;
                    if !f(path, record, &bar)? {
                        bar.finish_and_clear();
                        break 'inputs;
                    }
                }
                Err(e) if e.is_fatal() => {
                    bar.suspend(|| eprintln!("erreur : {path}: {e}"));
                    counts.fatal += 1;
                    break;
                }
                Err(e) => {
                    bar.suspend(|| eprintln!("{path}:{e}"));
                    counts.rejected += 1;
                }
            }
        }
        bar.finish_and_clear();
    }
    Ok(counts)
}
