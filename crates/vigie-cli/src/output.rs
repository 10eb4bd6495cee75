//! Machine outputs (JSON, JSONL, CSV) streamed one assessment at a time.

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;
use vigie_model::Assessment;

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

/// An assessment with where its document came from.
#[derive(Serialize)]
struct Located<'a> {
    origin: &'a str,
    line: u64,
    #[serde(flatten)]
    assessment: &'a Assessment,
}

/// Writes assessments as they come.
pub(crate) struct MachineWriter<W: Write> {
    out: W,
    format: OutputFormat,
    count: u64,
    csv: Option<csv::Writer<Vec<u8>>>,
}

impl<W: Write> MachineWriter<W> {
    pub(crate) fn new(out: W, format: OutputFormat) -> Result<MachineWriter<W>> {
        let mut w = MachineWriter { out, format, count: 0, csv: None };
        match format {
            OutputFormat::Json => w.out.write_all(b"[")?,
            OutputFormat::Csv => {
                let mut csv = csv::Writer::from_writer(Vec::new());
                csv.write_record(["origin", "line", "document", "score", "level", "categories", "signals"])?;
                w.csv = Some(csv);
                w.flush_csv()?;
            }
            OutputFormat::Jsonl | OutputFormat::Text => {}
        }
        Ok(w)
    }

    fn flush_csv(&mut self) -> Result<()> {
        if let Some(csv) = &mut self.csv {
            csv.flush()?;
            self.out.write_all(csv.get_ref())?;
            csv.get_mut().clear();
        }
        Ok(())
    }

    pub(crate) fn write(&mut self, origin: &str, line: u64, a: &Assessment) -> Result<()> {
        let located = Located { origin, line, assessment: a };
        match self.format {
            OutputFormat::Json => {
                self.out.write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, &located)?;
            }
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, &located)?;
                self.out.write_all(b"\n")?;
            }
            OutputFormat::Csv => {
                let categories: Vec<String> =
                    a.categories.iter().map(|c| format!("{}:{:.4}", c.category.as_str(), c.score)).collect();
                let signals: Vec<String> =
                    a.signals.iter().map(|s| format!("{}@{}-{}", s.code, s.span.start, s.span.end)).collect();
                let csv = self.csv.as_mut().expect("csv writer exists in csv format");
                csv.write_record([
                    origin,
                    &line.to_string(),
                    &a.document,
                    &format!("{:.4}", a.score),
                    a.level.as_str(),
                    &categories.join(";"),
                    &signals.join(";"),
                ])?;
                self.flush_csv()?;
            }
            OutputFormat::Text => {}
        }
        self.count += 1;
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Result<()> {
        if self.format == OutputFormat::Json {
            self.out.write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(())
    }
}

/// Writes to stdout in one go.
pub(crate) fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}
