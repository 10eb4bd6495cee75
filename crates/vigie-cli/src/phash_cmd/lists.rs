//! `vigie lists import|export|stats|confirm|deconfirm|quarantine`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use vigie_phash::{
    EntryStatus, FloodGuard, Hash256, ImportOptions, ListEntry, ListFormat, ListStats, Review,
    list_stats, read_list, write_list,
};

use super::hash::RecordWriter;
use super::support::{now, record_message, stem, tr, write_atomically};
use super::{ExportFormat, Format, ImportArgs, Lang, ListFormatArg, ListsCmd, ReviewArgs};

pub(crate) fn run(cmd: &ListsCmd) -> Result<ExitCode> {
    match cmd {
        ListsCmd::Import(args) => import(args),
        ListsCmd::Export { file, format, only_list, include_deconfirmed, lang } => {
            export(file, *format, only_list.as_deref(), *include_deconfirmed, *lang)
        }
        ListsCmd::Stats { files, format, lang } => stats(files, *format, *lang),
        ListsCmd::Confirm(args) => review(args, EntryStatus::Confirmed),
        ListsCmd::Deconfirm(args) => review(args, EntryStatus::Deconfirmed),
        ListsCmd::Quarantine(args) => review(args, EntryStatus::Quarantined),
    }
}

/// The Vigie format of a list file: JSONL for `.jsonl`, CSV otherwise.
fn vigie_format(path: &Path) -> ListFormat {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("jsonl")) {
        ListFormat::Jsonl
    } else {
        ListFormat::Csv
    }
}

/// Reads a Vigie list file (CSV or JSONL), refusing plain lists (they cannot hold statuses) and
/// any bad record (a file about to be rewritten must be read completely).
fn read_vigie(path: &Path, lang: Lang) -> Result<(Vec<ListEntry>, ListFormat)> {
    let bytes = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
    let format = ListFormat::detect(&bytes);
    if !matches!(format, ListFormat::Csv | ListFormat::Jsonl)
        && !bytes.iter().all(u8::is_ascii_whitespace)
    {
        bail!(
            "{}",
            tr(
                lang,
                format!(
                    "{} : liste brute (hex) ; convertissez-la d'abord avec « vigie lists import »",
                    path.display()
                ),
                format!(
                    "{}: plain (hex) list; convert it first with `vigie lists import`",
                    path.display()
                )
            )
        );
    }
    let format = if matches!(format, ListFormat::Csv | ListFormat::Jsonl) {
        format
    } else {
        vigie_format(path)
    };
    let report = read_list(
        &bytes,
        Some(format),
        &ImportOptions { list: Some(stem(path)), min_quality: 0, ..ImportOptions::default() },
    )
    .with_context(|| format!("{}", path.display()))?;
    if let Some(first) = report.rejected.first() {
        bail!(
            "{} ({} {})",
            record_message(path, first),
            report.rejected.len(),
            tr(lang, "enregistrement(s) illisible(s)", "unreadable record(s)")
        );
    }
    if report.duplicates > 0 {
        bail!(
            "{} : {} {}",
            path.display(),
            report.duplicates,
            tr(lang, "doublon(s) (liste, hash)", "duplicate (list, hash) pair(s)")
        );
    }
    Ok((report.entries, format))
}

fn import(args: &ImportArgs) -> Result<ExitCode> {
    let lang = args.lang;
    let bytes = std::fs::read(&args.from).with_context(|| format!("{}", args.from.display()))?;
    let format = args.input_format.map(|f| match f {
        ListFormatArg::Csv => ListFormat::Csv,
        ListFormatArg::Jsonl => ListFormat::Jsonl,
        ListFormatArg::Hex => ListFormat::Hex,
        ListFormatArg::Te => ListFormat::ThreatExchange,
    });
    let options = ImportOptions {
        list: Some(args.list.clone().unwrap_or_else(|| stem(&args.from))),
        provenance: Some(
            args.provenance.clone().unwrap_or_else(|| format!("import:{}", stem(&args.from))),
        ),
        added_at: Some(now()),
        min_quality: args.min_quality,
    };
    let report =
        read_list(&bytes, format, &options).with_context(|| format!("{}", args.from.display()))?;
    for e in &report.rejected {
        eprintln!("{} : {}", tr(lang, "erreur", "error"), record_message(&args.from, e));
    }
    let (mut entries, out_format) = if args.into.exists() {
        read_vigie(&args.into, lang)?
    } else {
        (Vec::new(), vigie_format(&args.into))
    };
    let known: std::collections::BTreeSet<(String, Hash256)> =
        entries.iter().map(|e| (e.list.clone(), e.hash)).collect();
    let before = entries.len();
    let mut already = 0;
    for e in report.entries {
        if known.contains(&(e.list.clone(), e.hash)) {
            already += 1;
        } else {
            entries.push(e);
        }
    }
    let mut out = Vec::new();
    write_list(&entries, out_format, &mut out)?;
    write_atomically(&args.into, &out)?;
    eprintln!(
        "{}",
        tr(
            lang,
            format!(
                "{} : {} entrée(s) ajoutée(s), {already} déjà présente(s), {} doublon(s), {} sous le seuil de qualité {}, {} rejetée(s)",
                args.into.display(),
                entries.len() - before,
                report.duplicates,
                report.below_quality_floor,
                args.min_quality,
                report.rejected.len()
            ),
            format!(
                "{}: {} entry(ies) added, {already} already present, {} duplicate(s), {} under the quality floor {}, {} rejected",
                args.into.display(),
                entries.len() - before,
                report.duplicates,
                report.below_quality_floor,
                args.min_quality,
                report.rejected.len()
            )
        )
    );
    Ok(if report.rejected.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn export(
    file: &Path,
    format: ExportFormat,
    only_list: Option<&str>,
    include_deconfirmed: bool,
    lang: Lang,
) -> Result<ExitCode> {
    let report = read_reporting(file, &tr(lang, "avertissement", "warning"))?;
    let format = match format {
        ExportFormat::Hex => ListFormat::Hex,
        ExportFormat::Te => ListFormat::ThreatExchange,
        ExportFormat::Csv => ListFormat::Csv,
        ExportFormat::Jsonl => ListFormat::Jsonl,
    };
    let plain = matches!(format, ListFormat::Hex | ListFormat::ThreatExchange);
    let mut seen = std::collections::BTreeSet::new();
    let selected: Vec<&ListEntry> = report
        .entries
        .iter()
        .filter(|e| only_list.is_none_or(|l| e.list == l))
        .filter(|e| include_deconfirmed || !plain || e.status != EntryStatus::Deconfirmed)
        // A plain list has no list column: each hash once.
        .filter(|e| !plain || seen.insert(e.hash))
        .collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write_list(selected, format, &mut out)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads a list file of any format, printing each rejected record on stderr after `label`.
fn read_reporting(file: &Path, label: &str) -> Result<vigie_phash::ImportReport> {
    let bytes = std::fs::read(file).with_context(|| format!("{}", file.display()))?;
    let report = read_list(
        &bytes,
        None,
        &ImportOptions { list: Some(stem(file)), min_quality: 0, ..ImportOptions::default() },
    )
    .with_context(|| format!("{}", file.display()))?;
    for e in &report.rejected {
        eprintln!("{label} : {}", record_message(file, e));
    }
    Ok(report)
}

fn stats(files: &[std::path::PathBuf], format: Format, lang: Lang) -> Result<ExitCode> {
    let mut entries = Vec::new();
    let mut rejected = 0;
    for file in files {
        let report = read_reporting(file, &tr(lang, "erreur", "error"))?;
        rejected += report.rejected.len();
        entries.extend(report.entries);
    }
    let stats = list_stats(&entries);
    let header = [
        "list",
        "entries",
        "distinct_hashes",
        "active",
        "confirmed",
        "deconfirmed",
        "quarantined",
        "quality_unknown",
        "quality_below_50",
        "quality_50_to_79",
        "quality_80_to_100",
        "first_added",
        "last_added",
    ];
    let mut w = RecordWriter::stdout(format, &header)?;
    for s in &stats {
        match format {
            Format::Text => text_stats(&mut w, s, lang)?,
            Format::Json | Format::Jsonl => w.json(s)?,
            Format::Csv => {
                let date = |t: Option<vigie_phash::Timestamp>| {
                    t.map(|t| t.to_string()).unwrap_or_default()
                };
                let mut row =
                    vec![s.list.clone(), s.entries.to_string(), s.distinct_hashes.to_string()];
                row.extend(EntryStatus::ALL.iter().map(|st| s.by_status[st.code()].to_string()));
                row.extend(
                    [
                        s.quality_unknown,
                        s.quality_below_50,
                        s.quality_50_to_79,
                        s.quality_80_to_100,
                    ]
                    .map(|n| n.to_string()),
                );
                row.extend([date(s.first_added), date(s.last_added)]);
                w.csv_row(row)?;
            }
        }
    }
    w.finish()?;
    Ok(if rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn text_stats(w: &mut RecordWriter, s: &ListStats, lang: Lang) -> Result<()> {
    let statuses: Vec<String> = EntryStatus::ALL
        .iter()
        .map(|st| match lang {
            Lang::Fr => format!("{} {}", st.label_fr(), s.by_status[st.code()]),
            Lang::En => format!("{} {}", st.code(), s.by_status[st.code()]),
        })
        .collect();
    w.text(&tr(
        lang,
        format!(
            "liste « {} » : {} entrée(s), {} hash(es) distinct(s)",
            s.list, s.entries, s.distinct_hashes
        ),
        format!(
            "list \"{}\": {} entry(ies), {} distinct hash(es)",
            s.list, s.entries, s.distinct_hashes
        ),
    ))?;
    w.text(&format!("  {} : {}", tr(lang, "statuts", "statuses"), statuses.join(", ")))?;
    w.text(&tr(
        lang,
        format!(
            "  qualité : inconnue {}, < 50 : {}, 50–79 : {}, 80–100 : {}",
            s.quality_unknown, s.quality_below_50, s.quality_50_to_79, s.quality_80_to_100
        ),
        format!(
            "  quality: unknown {}, < 50: {}, 50–79: {}, 80–100: {}",
            s.quality_unknown, s.quality_below_50, s.quality_50_to_79, s.quality_80_to_100
        ),
    ))?;
    if let (Some(first), Some(last)) = (s.first_added, s.last_added) {
        w.text(&tr(
            lang,
            format!("  ajoutées du {first} au {last}"),
            format!("  added from {first} to {last}"),
        ))?;
    }
    Ok(())
}

fn review(args: &ReviewArgs, status: EntryStatus) -> Result<ExitCode> {
    let lang = args.lang;
    let (mut entries, format) = read_vigie(&args.file, lang)?;
    let review = Review { status, by: args.by.clone(), at: now(), note: args.note.clone() };
    let mut guard: Option<FloodGuard> = match &args.flood_state {
        Some(path) if path.exists() => Some(
            serde_json::from_str(
                &std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?,
            )
            .with_context(|| format!("{}", path.display()))?,
        ),
        Some(_) => Some(FloodGuard::new()),
        None => None,
    };
    let mut rejected = 0;
    let mut changed = 0;
    for text in &args.hashes {
        let hash = match Hash256::from_hex(text.trim()) {
            Ok(h) => h,
            Err(e) => {
                eprintln!(
                    "{} : {text} : {}",
                    tr(lang, "erreur", "error"),
                    tr(lang, format!("hash PDQ invalide ({e})"), e.to_string())
                );
                rejected += 1;
                continue;
            }
        };
        let outcome = review
            .apply(&mut entries, &hash, args.only_list.as_deref())
            .map_err(anyhow::Error::msg)?;
        if outcome.changed + outcome.unchanged == 0 {
            eprintln!(
                "{} : {hash} : {}",
                tr(lang, "erreur", "error"),
                tr(lang, "absent de la liste", "not in the list")
            );
            rejected += 1;
            continue;
        }
        changed += outcome.changed;
        if let Some(guard) = guard.as_mut().filter(|_| status != EntryStatus::Quarantined) {
            for e in entries
                .iter()
                .filter(|e| e.hash == hash && args.only_list.as_deref().is_none_or(|l| e.list == l))
            {
                guard.release(&e.list, &hash);
            }
        }
    }
    let mut out = Vec::new();
    write_list(&entries, format, &mut out)?;
    write_atomically(&args.file, &out)?;
    if let (Some(guard), Some(path)) = (&guard, &args.flood_state) {
        write_atomically(path, serde_json::to_string_pretty(guard)?.as_bytes())?;
    }
    eprintln!(
        "{}",
        tr(
            lang,
            format!(
                "{} : {changed} entrée(s) passée(s) à « {} » par {}",
                args.file.display(),
                status.label_fr(),
                args.by
            ),
            format!(
                "{}: {changed} entry(ies) set to {} by {}",
                args.file.display(),
                status.code(),
                args.by
            )
        )
    );
    Ok(if rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
