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
    /// Fuseau supposé pour les heures données sans fuseau (WhatsApp, TikTok), p. ex.
    /// Europe/Paris ou +01:00 ; sans cette option, aucun décalage n'est inventé.
    #[arg(long, value_name = "FUSEAU")]
    timezone: Option<String>,
}

/// Resolves `--timezone`: an IANA name from the system's database (`Europe/Paris`) or a fixed
/// offset (`+01:00`, `-05`, `Z`).
pub(crate) fn timezone(name: Option<&str>) -> Result<Option<jiff::tz::TimeZone>> {
    let Some(name) = name else { return Ok(None) };
    let offset = || -> Option<jiff::tz::Offset> {
        if name.eq_ignore_ascii_case("z") || name.eq_ignore_ascii_case("utc") {
            return Some(jiff::tz::Offset::UTC);
        }
        let (sign, rest) = match name.as_bytes().first()? {
            b'+' => (1, &name[1..]),
            b'-' => (-1, &name[1..]),
            _ => return None,
        };
        let (h, m) = match rest.split_once(':') {
            Some((h, m)) => (h, m),
            None if rest.len() == 4 => rest.split_at(2),
            None => (rest, "0"),
        };
        let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
        if !(0..=25).contains(&h) || !(0..60).contains(&m) {
            return None;
        }
        jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
    };
    if let Some(o) = offset() {
        return Ok(Some(jiff::tz::TimeZone::fixed(o)));
    }
    jiff::tz::TimeZone::get(name).map(Some).map_err(|_| {
        anyhow::anyhow!(
            "--timezone : fuseau inconnu : {name}\nhint: un nom IANA (Europe/Paris, America/Montreal) ou un décalage (+01:00)"
        )
    })
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
        timezone: timezone(args.timezone.as_deref())?,
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
