//! Reading stages of `vigie link`: extraction on every core, then the texts of template samples.
//!
//! Extraction: the main thread reads and parses records into chunks; worker threads (one per
//! core) assess each document and turn it into a compact [`DocInput`]; a collector thread puts
//! chunks back in input order before pushing them into the linker, so the output does not depend
//! on thread timing. Channels are bounded, so memory stays flat however large the input.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::mpsc::sync_channel;

use anyhow::Result;
use vigie_detect::Detector;
use vigie_detect::Scanner;
use vigie_link::{DocInput, LinkConfig, Linker, first_place};
use vigie_model::{Category, Document};

use super::{Counts, LinkArgs};
use crate::input::{for_each_record, open, progress_bar};

const CHUNK: usize = 512;

fn to_input(scanner: &mut Scanner<'_>, doc: &Document) -> DocInput {
    let a = scanner.assess(doc);
    let minor = a.categories.iter().any(|c| c.category == Category::AdMinorCue && c.score > 0.0);
    let mut input = DocInput::from_parts(doc, &a.identifiers, a.score, minor);
    // The source's own place field, when the gazetteer knows it, wins over places in the text.
    if let Some(place) = doc.place.as_deref().filter(|p| !p.trim().is_empty()) {
        let probe = Document { id: String::new(), text: place.to_owned(), ..Document::default() };
        if let Some(p) = first_place(&scanner.assess(&probe).identifiers) {
            input.place = Some(p);
        }
    }
    input
}

/// Stage 1: reads every input, extracts, and fills a linker.
pub(crate) fn extract(
    detector: &Detector,
    args: &LinkArgs,
    config: LinkConfig,
) -> Result<(Linker, Counts)> {
    let workers =
        std::thread::available_parallelism().map_or(2, std::num::NonZero::get).clamp(1, 8);
    let (tx_chunk, rx_chunk) = sync_channel::<(u64, Vec<Document>)>(workers * 2);
    let rx_chunk = Mutex::new(rx_chunk);
    let (tx_out, rx_out) = sync_channel::<(u64, Vec<DocInput>)>(workers * 2);
    let mut counts = Counts::default();
    let linker = std::thread::scope(|s| -> Result<Linker> {
        for _ in 0..workers {
            let tx_out = tx_out.clone();
            let rx_chunk = &rx_chunk;
            s.spawn(move || {
                let mut scanner = detector.scanner();
                loop {
                    let next = rx_chunk.lock().expect("no worker panics").recv();
                    let Ok((i, docs)) = next else { break };
                    let out = docs.iter().map(|d| to_input(&mut scanner, d)).collect();
                    if tx_out.send((i, out)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx_out);
        let collector = s.spawn(move || {
            let mut linker = Linker::new(config);
            let mut pending = BTreeMap::new();
            let mut next = 0u64;
            for (i, chunk) in rx_out {
                pending.insert(i, chunk);
                while let Some(chunk) = pending.remove(&next) {
                    for doc in chunk {
                        linker.push(doc);
                    }
                    next += 1;
                }
            }
            linker
        });
        let mut chunk_no = 0u64;
        let mut chunk = Vec::with_capacity(CHUNK);
        let read = for_each_record(
            &args.files,
            &args.input,
            args.quiet,
            Some("extraction"),
            |_, record, _| {
                chunk.push(record.doc);
                if chunk.len() == CHUNK {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                    if tx_chunk.send((chunk_no, full)).is_err() {
                        return Ok(false);
                    }
                    chunk_no += 1;
                }
                Ok(true)
            },
        )?;
        counts.read = read.read;
        counts.linked = read.good;
        counts.rejected = read.rejected;
        counts.fatal = read.fatal;
        if !chunk.is_empty() {
            let _ = tx_chunk.send((chunk_no, chunk));
        }
        drop(tx_chunk);
        Ok(collector.join().expect("collector does not panic"))
    })?;
    Ok((linker, counts))
}

/// Stage 3: the texts of the documents at `wanted` (indexes in input order), read again from the
/// files; `None` when an input is stdin (it cannot be read twice).
pub(crate) fn template_texts(args: &LinkArgs, wanted: &[u32]) -> Option<BTreeMap<u32, String>> {
    if args.files.iter().any(|f| f == "-") {
        return None;
    }
    let mut texts = BTreeMap::new();
    if wanted.is_empty() {
        return Some(texts);
    }
    let mut index = 0u32;
    let mut w = 0;
    'files: for path in &args.files {
        let bar = progress_bar(path);
        if args.quiet {
            bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
        }
        bar.set_message("modèles de texte");
        let Ok(records) = open(path, &args.input, &bar) else { continue };
        for result in records {
            match result {
                Ok(r) => {
                    if wanted[w] == index {
                        texts.insert(index, r.doc.text);
                        w += 1;
                        if w == wanted.len() {
                            bar.finish_and_clear();
                            break 'files;
                        }
                    }
                    index += 1;
                }
                Err(e) if e.is_fatal() => break,
                Err(_) => {}
            }
        }
        bar.finish_and_clear();
    }
    Some(texts)
}
