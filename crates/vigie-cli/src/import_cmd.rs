//! `vigie import`: chat exports (WhatsApp, Instagram/Messenger, Telegram, Snapchat, Discord,
//! TikTok, PAN12) to Vigie JSONL, one message per line, system lines included and marked.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use vigie_import::{DateOrder, Options};

use crate::input::{InputFormat, print_import_summary};

/// Output format.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ImportFormat {
    /// Vigie JSONL (docs/formats.md), readable by `vigie scan` and `POST /api/v1/documents`.
    Jsonl,
}

/// Date order of a WhatsApp export.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateOrderArg {
    /// Jour/mois/année.
    Jma,
    /// Mois/jour/année.
    Mja,
    /// Année/mois/jour.
    Amj,
}

/// Arguments.
#[derive(clap::Args, Debug)]
pub(crate) struct ImportArgs {
    /// Exports à convertir (.txt, .zip, .json, .xml) ; le format est reconnu d'après le contenu.
    #[arg(required = true, value_name = "FICHIER")]
    inputs: Vec<String>,
    /// Format de sortie.
    #[arg(long, value_enum, default_value_t = ImportFormat::Jsonl)]
    format: ImportFormat,
    /// Fichier de sortie (par défaut : la sortie standard).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Impose l'importateur (whatsapp, meta, telegram, snapchat, discord, tiktok, pan12).
    #[arg(long = "input-format", value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// WhatsApp : impose l'ordre des dates au lieu de le déduire du fichier entier.
    #[arg(long, value_enum)]
    date_order: Option<DateOrderArg>,
}

pub(crate) fn run(args: &ImportArgs) -> Result<ExitCode> {
    let forced = match args.input_format {
        InputFormat::Auto => None,
        f => Some(f.export().with_context(|| {
            "--input-format : choisissez un export (whatsapp, meta, telegram, snapchat, discord, tiktok, pan12)"
        })?),
    };
    let options = Options {
        format: forced,
        date_order: args.date_order.map(|o| match o {
            DateOrderArg::Jma => DateOrder::DayMonthYear,
            DateOrderArg::Mja => DateOrder::MonthDayYear,
            DateOrderArg::Amj => DateOrder::YearMonthDay,
        }),
    };
    let sink: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(
            File::create(p).with_context(|| format!("impossible de créer {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    let (mut failed, mut errors) = (0u32, 0u64);
    for path in &args.inputs {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("erreur : {path}: lecture impossible : {e}");
                failed += 1;
                continue;
            }
        };
        let imported = match vigie_import::import(path, &bytes, &options) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("erreur : {e}");
                failed += 1;
                continue;
            }
        };
        print_import_summary(path, &imported);
        for e in &imported.errors {
            eprintln!("{e}");
        }
        errors += imported.errors.len() as u64;
        match args.format {
            ImportFormat::Jsonl => {
                for d in &imported.documents {
                    serde_json::to_writer(&mut out, &d.doc)?;
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    out.flush()?;
    if failed as usize == args.inputs.len() {
        bail!("aucun fichier importé");
    }
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
