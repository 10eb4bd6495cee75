//! `vigie hash PATH…`: PDQ hash, quality and path of every image, in input order.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::Result;
use serde::Serialize;
use vigie_phash::{DecodeOptions, Dihedral, ImageHashes};

use super::support::{decode_options, hash_file, io_message, jobs, progress, report};
use super::walk::{Found, expand};
use super::{Format, HashArgs, Lang};

/// Hashes `paths` on `workers` threads and hands the results to `each` in input order.
/// Stops early if `each` fails (a closed pipe, for instance) and returns that error.
pub(crate) fn hash_in_order(
    paths: &[PathBuf],
    workers: usize,
    options: &DecodeOptions,
    lang: Lang,
    mut each: impl FnMut(usize, Result<ImageHashes, String>) -> Result<()>,
) -> Result<()> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::sync_channel::<(usize, Result<ImageHashes, String>)>(workers * 4);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(paths.len()).max(1) {
            let tx = tx.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || {
                loop {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    if tx.send((i, hash_file(path, options, lang))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut expected = 0;
        let mut outcome = Ok(());
        for (i, result) in rx {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&expected) {
                if outcome.is_ok() {
                    outcome = each(expected, result);
                    if outcome.is_err() {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                expected += 1;
            }
        }
        outcome
    })
}

#[derive(Serialize)]
struct Record<'a> {
    path: String,
    hash: String,
    quality: u8,
    width: u32,
    height: u32,
    format: &'a str,
    exif_orientation_applied: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    dihedral: Option<BTreeMap<&'static str, String>>,
}

/// Where records go: straight to the stream, or through a CSV writer.
enum Sink {
    Plain(Box<dyn std::io::Write>),
    Csv(Box<csv::Writer<Box<dyn std::io::Write>>>),
}

/// Streams records in the chosen format.
pub(crate) struct RecordWriter {
    sink: Sink,
    format: Format,
    count: usize,
}

impl RecordWriter {
    /// A writer on stdout; `header` is written first for CSV.
    pub(crate) fn stdout(format: Format, header: &[&str]) -> Result<RecordWriter> {
        let out: Box<dyn std::io::Write> =
            Box::new(std::io::BufWriter::new(std::io::stdout().lock()));
        let sink = match format {
            Format::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(header)?;
                Sink::Csv(Box::new(csv))
            }
            Format::Json => {
                let mut out = out;
                out.write_all(b"[")?;
                Sink::Plain(out)
            }
            Format::Jsonl | Format::Text => Sink::Plain(out),
        };
        Ok(RecordWriter { sink, format, count: 0 })
    }

    pub(crate) fn json(&mut self, value: &impl Serialize) -> Result<()> {
        if let Sink::Plain(out) = &mut self.sink {
            if self.format == Format::Json {
                out.write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
            }
            serde_json::to_writer(&mut *out, value)?;
            if self.format == Format::Jsonl {
                out.write_all(b"\n")?;
            }
        }
        self.count += 1;
        Ok(())
    }

    pub(crate) fn csv_row<I, S>(&mut self, row: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        if let Sink::Csv(csv) = &mut self.sink {
            csv.write_record(row)?;
        }
        Ok(())
    }

    pub(crate) fn text(&mut self, line: &str) -> Result<()> {
        if let Sink::Plain(out) = &mut self.sink {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Result<()> {
        match &mut self.sink {
            Sink::Csv(csv) => csv.flush()?,
            Sink::Plain(out) => {
                if self.format == Format::Json {
                    out.write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
                }
                out.flush()?;
            }
        }
        Ok(())
    }
}

pub(crate) fn run(args: &HashArgs) -> Result<ExitCode> {
    let lang = args.lang;
    let options = decode_options(&args.image);
    let mut files = Vec::new();
    let mut rejected = 0usize;
    let bar = progress(0, lang);
    for found in expand(&args.paths) {
        match found {
            Found::File(path) => files.push(path),
            Found::Unreadable(path, e) => {
                report(&bar, lang, &path.display().to_string(), &io_message(&e, lang));
                rejected += 1;
            }
        }
    }
    bar.set_length(files.len() as u64);
    let mut header =
        vec!["path", "hash", "quality", "width", "height", "format", "exif_orientation_applied"];
    if args.dihedral {
        header.extend(Dihedral::ALL.iter().map(|d| d.code()));
    }
    let mut writer = RecordWriter::stdout(args.format, &header)?;
    hash_in_order(&files, jobs(args.image.jobs), &options, lang, |i, result| {
        bar.inc(1);
        let path = files[i].display().to_string();
        match result {
            Err(message) => {
                report(&bar, lang, &path, &message);
                rejected += 1;
                Ok(())
            }
            Ok(h) => bar.suspend(|| write_record(&mut writer, args, &path, &h)),
        }
    })?;
    bar.finish_and_clear();
    writer.finish()?;
    Ok(if rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn write_record(w: &mut RecordWriter, args: &HashArgs, path: &str, h: &ImageHashes) -> Result<()> {
    let dihedral = args.dihedral.then(|| {
        h.dihedral.iter().map(|(d, x)| (d.code(), x.to_hex())).collect::<BTreeMap<_, _>>()
    });
    match args.format {
        Format::Text => {
            w.text(&format!("{}  {:>3}  {path}", h.pdq.hash, h.pdq.quality))?;
            if args.dihedral {
                for (d, x) in h.dihedral.iter() {
                    w.text(&format!("  {:<11} {x}", d.code()))?;
                }
            }
        }
        Format::Csv => {
            let mut row = vec![
                path.to_string(),
                h.pdq.hash.to_hex(),
                h.pdq.quality.to_string(),
                h.width.to_string(),
                h.height.to_string(),
                h.format.to_string(),
                h.oriented.to_string(),
            ];
            if args.dihedral {
                row.extend(h.dihedral.hashes.iter().map(vigie_phash::Hash256::to_hex));
            }
            w.csv_row(row)?;
        }
        Format::Json | Format::Jsonl => w.json(&Record {
            path: path.to_string(),
            hash: h.pdq.hash.to_hex(),
            quality: h.pdq.quality,
            width: h.width,
            height: h.height,
            format: h.format,
            exif_orientation_applied: h.oriented,
            dihedral,
        })?,
    }
    Ok(())
}
