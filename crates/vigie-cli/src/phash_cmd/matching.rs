//! `vigie match --list FILE HASH|IMAGE…`: screen hashes and images against hash lists.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use serde::Serialize;
use vigie_phash::{
    Decision, FloodGuard, Hash256, ImportOptions, ListEntry, ListKind, ListPolicy, Matcher,
    MatcherConfig, Outcome, Query, Verdict, read_list,
};

use super::hash::{RecordWriter, hash_in_order};
use super::support::{
    decode_options, io_message, jobs, now, progress, record_message, report, tr, write_atomically,
};
use super::walk::{Found, expand};
use super::{Format, Lang, MatchArgs};

/// Reads a list file for matching; bad records are warnings (the list stays usable).
pub(crate) fn load_entries(path: &Path, lang: Lang) -> Result<Vec<ListEntry>> {
    let bytes = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
    let options = ImportOptions {
        list: Some(super::support::stem(path)),
        min_quality: 0,
        ..ImportOptions::default()
    };
    let report =
        read_list(&bytes, None, &options).with_context(|| format!("{}", path.display()))?;
    for e in &report.rejected {
        eprintln!("{} : {}", tr(lang, "avertissement", "warning"), record_message(path, e));
    }
    Ok(report.entries)
}

/// What a matcher is built from: the list files and their policies, shared by `vigie match` and
/// `vigie serve` (which screens `POST /api/v1/hashes/match` against the same lists).
pub(crate) struct ListOptions<'a> {
    pub(crate) lists: &'a [PathBuf],
    pub(crate) negatives: &'a [PathBuf],
    pub(crate) max_distance: u32,
    pub(crate) list_max_distance: &'a [String],
    pub(crate) min_quality: u8,
    pub(crate) no_flood: bool,
    pub(crate) lang: Lang,
}

impl ListOptions<'_> {
    /// Reads the lists and builds the matcher (bad list records are warnings on stderr).
    pub(crate) fn matcher(&self) -> Result<Matcher> {
        let mut positive = Vec::new();
        for path in self.lists {
            positive.extend(load_entries(path, self.lang)?);
        }
        let mut negative = Vec::new();
        for path in self.negatives {
            negative.extend(load_entries(path, self.lang)?);
        }
        let config = self.config(&positive, &negative)?;
        positive.extend(negative);
        Ok(Matcher::new(config, positive)?)
    }

    fn config(&self, positive: &[ListEntry], negative: &[ListEntry]) -> Result<MatcherConfig> {
        let lang = self.lang;
        let mut config = MatcherConfig {
            max_distance: self.max_distance,
            min_quality: self.min_quality,
            min_query_quality: self.min_quality,
            ..MatcherConfig::default()
        };
        config.flood.enabled = !self.no_flood;
        let negative_names: std::collections::BTreeSet<&str> =
            negative.iter().map(|e| e.list.as_str()).collect();
        if let Some(clash) = positive.iter().find(|e| negative_names.contains(e.list.as_str())) {
            bail!(
                "{}",
                tr(
                    lang,
                    format!(
                        "la liste « {} » est à la fois positive (--list) et négative (--negative)",
                        clash.list
                    ),
                    format!(
                        "list \"{}\" is both positive (--list) and negative (--negative)",
                        clash.list
                    )
                )
            );
        }
        for name in negative_names {
            config.lists.insert(
                name.to_string(),
                ListPolicy { kind: ListKind::Negative, ..ListPolicy::default() },
            );
        }
        for spec in self.list_max_distance {
            let parsed = spec
                .rsplit_once('=')
                .and_then(|(name, d)| Some((name.to_string(), d.trim().parse::<u32>().ok()?)));
            let Some((name, distance)) = parsed else {
                bail!(
                    "--list-max-distance {spec} : {}",
                    tr(lang, "attendu NOM=N", "expected NAME=N")
                );
            };
            config.lists.entry(name).or_default().max_distance = Some(distance);
        }
        Ok(config)
    }
}

/// One thing to screen, as given on the command line.
enum Input {
    Hash(Hash256),
    Image(PathBuf),
}

fn looks_like_hash(text: &str) -> bool {
    text.len() == 64 || (text.len() >= 32 && text.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[derive(Serialize)]
struct Row<'a> {
    input: &'a str,
    kind: &'static str,
    hash: String,
    quality: Option<u8>,
    #[serde(flatten)]
    verdict: &'a Verdict,
    explanation: vigie_phash::Explanation,
}

fn outcome_label(outcome: Outcome, lang: Lang) -> String {
    let (fr, en) = match outcome {
        Outcome::Match => ("CORRESPONDANCE", "MATCH"),
        Outcome::Review => ("À VÉRIFIER", "REVIEW"),
        Outcome::Suppressed => ("annulée (liste anodine)", "suppressed (benign list)"),
        Outcome::NoMatch => ("aucune correspondance", "no match"),
        Outcome::LowQuality => {
            ("qualité trop faible, non comparée", "quality too low, not matched")
        }
    };
    tr(lang, fr, en)
}

fn render(
    w: &mut RecordWriter,
    args: &MatchArgs,
    input: &str,
    kind: &'static str,
    hash: Hash256,
    quality: Option<u8>,
    v: &Verdict,
) -> Result<()> {
    let lang = args.lang;
    match args.format {
        Format::Text => {
            // The hit behind the outcome (none for "no match", even if a deconfirmed entry was near).
            let deciding = v.hits.first().filter(|h| match v.outcome {
                Outcome::Match => h.decision == Decision::Act,
                Outcome::Review => {
                    matches!(h.decision, Decision::HeldByFlood { .. } | Decision::HeldByStatus)
                }
                Outcome::Suppressed => h.decision == Decision::Negative,
                Outcome::NoMatch | Outcome::LowQuality => false,
            });
            let best = deciding.map(|h| {
                tr(
                    lang,
                    format!(
                        " — liste « {} », distance {} ≤ {} ({})",
                        h.list,
                        h.distance,
                        h.max_distance,
                        h.variant.label_fr()
                    ),
                    format!(
                        " — list \"{}\", distance {} ≤ {} ({})",
                        h.list,
                        h.distance,
                        h.max_distance,
                        h.variant.label_en()
                    ),
                )
            });
            w.text(&format!(
                "{input} : {}{}",
                outcome_label(v.outcome, lang),
                best.unwrap_or_default()
            ))?;
            if args.explain {
                let lang =
                    if lang == Lang::En { vigie_phash::Lang::En } else { vigie_phash::Lang::Fr };
                for line in v.explanation().render(lang).lines() {
                    w.text(&format!("    {line}"))?;
                }
            }
        }
        Format::Json | Format::Jsonl => {
            w.json(&Row {
                input,
                kind,
                hash: hash.to_hex(),
                quality,
                verdict: v,
                explanation: v.explanation(),
            })?;
        }
        Format::Csv => {
            let outcome = serde_json::to_value(v.outcome)?.as_str().unwrap_or_default().to_string();
            let base = [
                input.to_string(),
                kind.to_string(),
                hash.to_hex(),
                quality.map(|q| q.to_string()).unwrap_or_default(),
                outcome,
            ];
            if v.hits.is_empty() {
                w.csv_row(base.iter().cloned().chain(std::iter::repeat_n(String::new(), 8)))?;
            }
            for h in &v.hits {
                let decision = serde_json::to_value(h.decision)?;
                let row = [
                    h.list.clone(),
                    serde_json::to_value(h.kind)?.as_str().unwrap_or_default().to_string(),
                    h.hash.to_hex(),
                    h.distance.to_string(),
                    h.max_distance.to_string(),
                    h.variant.code().to_string(),
                    decision["decision"].as_str().unwrap_or_default().to_string(),
                    h.status.code().to_string(),
                ];
                w.csv_row(base.iter().cloned().chain(row))?;
            }
        }
    }
    Ok(())
}

const CSV_HEADER: [&str; 13] = [
    "input",
    "kind",
    "hash",
    "quality",
    "outcome",
    "list",
    "list_kind",
    "entry_hash",
    "distance",
    "max_distance",
    "variant",
    "decision",
    "status",
];

pub(crate) fn run(args: &MatchArgs) -> Result<ExitCode> {
    let lang = args.lang;
    let matcher = ListOptions {
        lists: &args.lists,
        negatives: &args.negatives,
        max_distance: args.max_distance,
        list_max_distance: &args.list_max_distance,
        min_quality: args.min_quality,
        no_flood: args.no_flood,
        lang,
    }
    .matcher()?;
    let mut guard = match &args.flood_state {
        Some(path) if path.exists() => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
            serde_json::from_str(&text).with_context(|| format!("{}", path.display()))?
        }
        _ => FloodGuard::new(),
    };
    let time = now();

    // Inputs: hashes as given, paths expanded (folders walked).
    let bar = progress(0, lang);
    let mut rejected = 0usize;
    let mut inputs: Vec<(String, Input)> = Vec::new();
    for text in &args.inputs {
        match Hash256::from_hex(text) {
            Ok(hash) => inputs.push((text.to_lowercase(), Input::Hash(hash))),
            Err(e) if looks_like_hash(text) && !Path::new(text).exists() => {
                report(
                    &bar,
                    lang,
                    text,
                    &tr(lang, format!("hash PDQ invalide ({e})"), e.to_string()),
                );
                rejected += 1;
            }
            Err(_) => {
                for found in expand(&[PathBuf::from(text)]) {
                    match found {
                        Found::File(p) => inputs.push((p.display().to_string(), Input::Image(p))),
                        Found::Unreadable(p, e) => {
                            report(&bar, lang, &p.display().to_string(), &io_message(&e, lang));
                            rejected += 1;
                        }
                    }
                }
            }
        }
    }
    let images: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|(_, i)| if let Input::Image(p) = i { Some(p.clone()) } else { None })
        .collect();
    bar.set_length(images.len() as u64);

    let mut writer = RecordWriter::stdout(args.format, &CSV_HEADER)?;
    let mut screen =
        |label: &str, kind, hash: Hash256, quality, query: Query, w: &mut RecordWriter| {
            let verdict = matcher.screen(&query, &mut guard, time);
            render(w, args, label, kind, hash, quality, &verdict)
        };
    // Hashes first, in order; then images, in order, hashed in parallel.
    for (label, input) in &inputs {
        if let Input::Hash(hash) = input {
            screen(label, "hash", *hash, None, Query::hash(*hash, None), &mut writer)?;
        }
    }
    let labels: Vec<&str> = inputs
        .iter()
        .filter(|(_, i)| matches!(i, Input::Image(_)))
        .map(|(l, _)| l.as_str())
        .collect();
    let options = decode_options(&args.image);
    hash_in_order(&images, jobs(args.image.jobs), &options, lang, |i, result| {
        bar.inc(1);
        match result {
            Err(message) => {
                report(&bar, lang, labels[i], &message);
                rejected += 1;
                Ok(())
            }
            Ok(h) => {
                let query =
                    if args.no_dihedral { Query::image_as_stored(h.pdq) } else { Query::image(&h) };
                bar.suspend(|| {
                    screen(labels[i], "image", h.pdq.hash, Some(h.pdq.quality), query, &mut writer)
                })
            }
        }
    })?;
    bar.finish_and_clear();
    writer.finish()?;
    if let Some(path) = &args.flood_state {
        write_atomically(path, serde_json::to_string_pretty(&guard)?.as_bytes())?;
    }
    let held = guard.quarantined();
    if !held.is_empty() && args.format == Format::Text {
        let by_list: BTreeMap<&str, usize> = held.iter().fold(BTreeMap::new(), |mut m, q| {
            *m.entry(q.list.as_str()).or_default() += 1;
            m
        });
        for (list, n) in by_list {
            eprintln!(
                "{}",
                tr(
                    lang,
                    format!(
                        "note : {n} entrée(s) de la liste « {list} » en quarantaine automatique, à examiner (vigie lists confirm|deconfirm)"
                    ),
                    format!(
                        "note: {n} entry(ies) of list \"{list}\" under automatic quarantine, to review (vigie lists confirm|deconfirm)"
                    )
                )
            );
        }
    }
    Ok(if rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
