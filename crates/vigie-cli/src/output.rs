//! Machine outputs (JSON, JSONL, CSV) streamed one assessment at a time.

use std::io::{self, Write};

use anyhow::{Context as _, Result};
use serde::Serialize;
use vigie_model::{Assessment, ConversationAssessment, Level};

/// Output format of `vigie scan`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OutputFormat {
    /// Ranked report for people.
    Text,
    /// One JSON array of assessments.
    Json,
    /// One assessment per line.
    Jsonl,
    /// One row per assessment, for spreadsheets.
    Csv,
}

/// Options of a ranked report, shared by `vigie scan` and `vigie triage`.
#[derive(clap::Args)]
pub(crate) struct ReportArgs {
    /// Sortie : text (rapport classé), json, jsonl ou csv (un enregistrement par document).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub(crate) format: OutputFormat,
    /// Niveau minimal affiché : none, low, medium, high, critical (défaut : low pour le rapport,
    /// none sinon).
    #[arg(long)]
    pub(crate) min_level: Option<String>,
    /// Nombre de documents détaillés dans le rapport classé.
    #[arg(long, default_value_t = 20)]
    pub(crate) top: usize,
    /// N'affiche pas la barre de progression.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

impl ReportArgs {
    /// The lowest level shown: `--min-level`, else `low` for the report and `none` otherwise.
    pub(crate) fn min_level(&self) -> Result<Level> {
        match &self.min_level {
            Some(s) => Level::parse(s).with_context(|| {
                format!("niveau inconnu : {s} (none, low, medium, high, critical)")
            }),
            None if self.format == OutputFormat::Text => Ok(Level::Low),
            None => Ok(Level::None),
        }
    }
}

/// An assessment with where its document came from.
#[derive(Serialize)]
struct Located<'a> {
    /// `document` (one per input record) or `conversation` (one per assembled conversation).
    record: &'static str,
    origin: &'a str,
    line: u64,
    #[serde(flatten)]
    assessment: &'a Assessment,
}

/// Where assessments go: straight to the stream, or through a CSV writer.
enum Sink<W: Write> {
    Plain(W),
    Csv(Box<csv::Writer<W>>),
}

/// Writes assessments as they come.
pub(crate) struct MachineWriter<W: Write> {
    sink: Sink<W>,
    format: OutputFormat,
    count: u64,
}

impl<W: Write> MachineWriter<W> {
    pub(crate) fn new(mut out: W, format: OutputFormat) -> Result<MachineWriter<W>> {
        let sink = match format {
            OutputFormat::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record([
                    "origin",
                    "line",
                    "document",
                    "score",
                    "level",
                    "categories",
                    "signals",
                    "identifiers",
                ])?;
                Sink::Csv(Box::new(csv))
            }
            OutputFormat::Json => {
                out.write_all(b"[")?;
                Sink::Plain(out)
            }
            OutputFormat::Jsonl | OutputFormat::Text => Sink::Plain(out),
        };
        Ok(MachineWriter { sink, format, count: 0 })
    }

    pub(crate) fn write(&mut self, origin: &str, line: u64, a: &Assessment) -> Result<()> {
        let located = Located { record: "document", origin, line, assessment: a };
        match &mut self.sink {
            Sink::Plain(out) if self.format == OutputFormat::Json => {
                out.write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *out, &located)?;
            }
            Sink::Plain(out) => {
                serde_json::to_writer(&mut *out, &located)?;
                out.write_all(b"\n")?;
            }
            Sink::Csv(csv) => {
                let categories: Vec<String> = a
                    .categories
                    .iter()
                    .map(|c| format!("{}:{:.4}", c.category.as_str(), c.score))
                    .collect();
                let signals: Vec<String> = a
                    .signals
                    .iter()
                    .map(|s| format!("{}@{}-{}", s.code, s.span.start, s.span.end))
                    .collect();
                let identifiers: Vec<String> = a
                    .identifiers
                    .iter()
                    .map(|i| format!("{}:{}", i.kind.as_str(), i.value))
                    .collect();
                csv.write_record([
                    origin,
                    &line.to_string(),
                    &a.document,
                    &format!("{:.4}", a.score),
                    a.level.as_str(),
                    &categories.join(";"),
                    &signals.join(";"),
                    &identifiers.join(";"),
                ])?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Writes a conversation assessment (JSON and JSONL only: CSV rows are documents).
    pub(crate) fn write_conversation(&mut self, c: &ConversationAssessment) -> Result<()> {
        #[derive(Serialize)]
        struct Record<'a> {
            record: &'static str,
            #[serde(flatten)]
            conversation: &'a ConversationAssessment,
        }
        let record = Record { record: "conversation", conversation: c };
        match &mut self.sink {
            Sink::Plain(out) if self.format == OutputFormat::Json => {
                out.write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *out, &record)?;
            }
            Sink::Plain(out) => {
                serde_json::to_writer(&mut *out, &record)?;
                out.write_all(b"\n")?;
            }
            Sink::Csv(_) => return Ok(()),
        }
        self.count += 1;
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<()> {
        match self.sink {
            Sink::Plain(mut out) => {
                if self.format == OutputFormat::Json {
                    out.write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
                }
                out.flush()?;
            }
            Sink::Csv(mut csv) => csv.flush()?,
        }
        Ok(())
    }
}

/// Writes to stdout in one go.
pub(crate) fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}
