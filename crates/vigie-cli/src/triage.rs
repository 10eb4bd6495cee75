//! `vigie triage`: rank escort ads for a "maraude numérique", with the spans that raised each.
//!
//! Two passes over memory: every ad is assessed and its phones counted (a phone shared by several
//! ads in several places is a network cue), then each ad is triaged and the batch ranked. The
//! batch is held in memory; for millions of ads, `vigie link` streams.

use std::io::{BufWriter, Write as _};
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;
use vigie_detect::render::{Lang, RenderOptions, render_triage};
use vigie_detect::triage::{PhoneIndex, triage_ad};
use vigie_model::{AdTriage, Assessment, Document, IdentifierKind, Level};

use crate::Common;
use crate::input::{InputArgs, for_each_record};
use crate::output::{OutputFormat, ReportArgs};
use crate::rules_cmd::load_detector;

/// Arguments of `vigie triage`.
#[derive(clap::Args)]
pub(crate) struct TriageArgs {
    /// Fichiers d'annonces (JSONL, CSV, texte), ou - pour l'entrée standard. Les lignes CSV et
    /// texte sont lues comme des annonces, sauf `--kind` contraire.
    #[arg(required = true, value_name = "FICHIER")]
    inputs: Vec<String>,
    #[command(flatten)]
    report: ReportArgs,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    common: Common,
}

struct Item {
    doc: Document,
    assessment: Assessment,
    origin: String,
    line: u64,
}

#[derive(Serialize)]
struct AdRecord<'a> {
    record: &'static str,
    origin: &'a str,
    line: u64,
    #[serde(flatten)]
    triage: &'a AdTriage,
    identifiers: &'a [vigie_model::Identifier],
}

pub(crate) fn run(args: &TriageArgs) -> Result<ExitCode> {
    let detector = load_detector(&args.common)?;
    let lang = args.common.lang.lang();
    let min_level = args.report.min_level()?;
    let mut input = args.input.clone();
    if input.kind == "message" {
        "ad".clone_into(&mut input.kind);
    }
    let mut scanner = detector.scanner();
    let mut phones = PhoneIndex::new();
    let mut items: Vec<Item> = Vec::new();
    let read =
        for_each_record(&args.inputs, &input, args.report.quiet, None, |path, record, _| {
            let assessment = scanner.assess(&record.doc);
            phones.observe(&record.doc, &assessment);
            items.push(Item {
                doc: record.doc,
                assessment,
                origin: path.to_owned(),
                line: record.line,
            });
            Ok(true)
        })?;
    let rejected = read.rejected;
    let mut ranked: Vec<(AdTriage, &Item)> = items
        .iter()
        .map(|it| {
            let shared = phones.shared(&it.assessment);
            (triage_ad(&it.doc, &it.assessment, shared.as_ref()), it)
        })
        .collect();
    let mut levels = [0u64; 5];
    for (t, _) in &ranked {
        levels[t.level as usize] += 1;
    }
    ranked.retain(|(t, _)| t.level >= min_level);
    // Stable: equal scores keep input order.
    ranked.sort_by(|x, y| y.0.score.total_cmp(&x.0.score));

    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.report.format {
        OutputFormat::Text => {
            report(&mut out, &ranked, items.len(), args.report.top, lang, args.common.color)?;
        }
        OutputFormat::Json | OutputFormat::Jsonl => {
            let json = args.report.format == OutputFormat::Json;
            if json {
                out.write_all(b"[")?;
            }
            for (i, (t, it)) in ranked.iter().enumerate() {
                let rec = AdRecord {
                    record: "ad",
                    origin: &it.origin,
                    line: it.line,
                    triage: t,
                    identifiers: &it.assessment.identifiers,
                };
                if json {
                    out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                }
                serde_json::to_writer(&mut out, &rec)?;
                if !json {
                    out.write_all(b"\n")?;
                }
            }
            if json {
                out.write_all(if ranked.is_empty() { b"]\n" } else { b"\n]\n" })?;
            }
        }
        OutputFormat::Csv => {
            let mut csv = csv::Writer::from_writer(&mut out);
            csv.write_record([
                "origin", "line", "document", "score", "level", "families", "phones", "places",
            ])?;
            for (t, it) in &ranked {
                let families: Vec<String> = t
                    .families
                    .iter()
                    .map(|f| format!("{}:{:.2}", f.family.as_str(), f.weight))
                    .collect();
                let ids = |kind: IdentifierKind| -> String {
                    let v: Vec<&str> = it
                        .assessment
                        .identifiers
                        .iter()
                        .filter(|i| i.kind == kind)
                        .map(|i| i.value.as_str())
                        .collect();
                    v.join(";")
                };
                csv.write_record([
                    it.origin.as_str(),
                    &it.line.to_string(),
                    &t.document,
                    &format!("{:.4}", t.score),
                    t.level.as_str(),
                    &families.join(";"),
                    &ids(IdentifierKind::Phone),
                    &ids(IdentifierKind::Place),
                ])?;
            }
            csv.flush()?;
        }
    }
    out.flush()?;
    let levels: Vec<String> = Level::ALL
        .iter()
        .rev()
        .map(|l| {
            let label = if lang == Lang::Fr { l.label_fr() } else { l.label_en() };
            format!("{label} {}", levels[*l as usize])
        })
        .collect();
    match lang {
        Lang::Fr => eprintln!(
            "{} annonces triées, {rejected} rejetées — priorités : {}",
            items.len(),
            levels.join(", ")
        ),
        Lang::En => eprintln!(
            "{} ads triaged, {rejected} rejected — priorities: {}",
            items.len(),
            levels.join(", ")
        ),
    }
    Ok(read.exit_code())
}

fn report(
    out: &mut impl std::io::Write,
    ranked: &[(AdTriage, &Item)],
    total: usize,
    top: usize,
    lang: Lang,
    color: crate::ColorArg,
) -> Result<()> {
    let color = crate::style::stdout_color(color);
    let shown = ranked.len().min(top);
    match lang {
        Lang::Fr => writeln!(
            out,
            "Maraude numérique : {} annonce(s) sur {total} au-dessus du niveau demandé ; les {shown} à lire en premier :\n",
            ranked.len()
        )?,
        Lang::En => writeln!(
            out,
            "Digital outreach: {} ad(s) out of {total} above the requested level; the {shown} to read first:\n",
            ranked.len()
        )?,
    }
    for (i, (t, it)) in ranked.iter().take(top).enumerate() {
        let opts = RenderOptions {
            lang,
            color,
            origin: it.origin.clone(),
            line: it.line,
            max_excerpt_chars: 400,
        };
        write!(out, "#{} ", i + 1)?;
        out.write_all(render_triage(t, &it.assessment, &it.doc.text, &opts).as_bytes())?;
        writeln!(out)?;
    }
    let note = match lang {
        Lang::Fr => {
            "Indices pondérés selon l'étude JRSA/NIJ (annonces américaines ; transfert au français non validé). \
             Vigie classe et explique ; une personne décide."
        }
        Lang::En => {
            "Cues weighted after the JRSA/NIJ study (US ads; transfer to French not validated). \
             Vigie ranks and explains; a person decides."
        }
    };
    writeln!(out, "{note}")?;
    Ok(())
}
