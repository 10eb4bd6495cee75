//! `vigie link`: networks, templates and circuits, written as JSON, CSV, GEXF and GeoJSON.
//!
//! Stages, each with its progress bar (drawn only on a terminal): (1) read and extract, on every
//! core, keeping only a compact record per document; (2) link; (3) read the files again for the
//! texts of a sample of each near-duplicate cluster, to build its template; (4) write.

mod pipeline;
mod summary;

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use vigie_link::{LinkConfig, write};

use crate::input::InputArgs;
use crate::rules_cmd::load_detector;
use crate::{Common, LangArg};

/// What `vigie link` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LinkFormat {
    /// networks.json: networks, hubs, clusters with templates, circuits.
    Json,
    /// nodes.csv, edges.csv and circuits.csv.
    Csv,
    /// network.gexf (Gephi).
    Gexf,
    /// circuits.geojson.
    Geojson,
}

/// Arguments of `vigie link`.
#[derive(clap::Args)]
pub(crate) struct LinkArgs {
    /// Fichiers d'annonces ou de messages (JSONL, CSV ou texte), ou - pour l'entrée standard.
    #[arg(required = true, value_name = "FICHIER")]
    pub(crate) files: Vec<String>,
    /// Dossier où écrire les résultats (créé au besoin).
    #[arg(long, value_name = "DOSSIER")]
    pub(crate) out: PathBuf,
    /// Fichiers à écrire (séparés par des virgules) : json, csv, gexf, geojson.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [LinkFormat::Json, LinkFormat::Csv, LinkFormat::Gexf, LinkFormat::Geojson])]
    pub(crate) format: Vec<LinkFormat>,
    /// Nombre de réseaux détaillés dans le résumé.
    #[arg(long, default_value_t = 10)]
    pub(crate) top: usize,
    /// N'affiche pas les barres de progression.
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// Affiche la durée de chaque étape sur la sortie d'erreur.
    #[arg(long)]
    pub(crate) timings: bool,
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) common: Common,
}

/// A spinner for a stage without a known length.
fn stage(quiet: bool, message: &'static str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(5));
    if quiet {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("valid template"),
    );
    bar.set_message(message);
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn create(dir: &std::path::Path, name: &str) -> Result<BufWriter<File>> {
    let path = dir.join(name);
    let file = File::create(&path).with_context(|| format!("création de {}", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 16, file))
}

pub(crate) fn run(args: &LinkArgs) -> Result<ExitCode> {
    let detector = load_detector(&args.common)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("création du dossier {}", args.out.display()))?;
    let config = LinkConfig::default();
    let mut clock = Timings::new(args.timings);
    let (linker, counts) = pipeline::extract(&detector, args, config)?;
    clock.lap("read + extract");
    let bar = stage(args.quiet, "liens, groupes de textes et circuits");
    let mut linked = linker.finish();
    bar.finish_and_clear();
    clock.lap("link (clusters, hubs, networks, circuits)");
    let templates = pipeline::template_texts(args, &linked.template_requests());
    if let Some(texts) = &templates {
        linked.set_templates(texts);
    }
    clock.lap("templates (second read)");
    let bar = stage(args.quiet, "écriture des fichiers");
    let report = linked.report();
    clock.lap("report");
    let mut written = Vec::new();
    let graph = (args.format.iter().any(|f| matches!(f, LinkFormat::Csv | LinkFormat::Gexf)))
        .then(|| linked.graph());
    for format in &args.format {
        match format {
            LinkFormat::Json => {
                write::write_json(&report, create(&args.out, "networks.json")?)?;
                written.push("networks.json");
            }
            LinkFormat::Csv => {
                let g = graph.as_ref().expect("built for csv");
                write::write_nodes_csv(g, create(&args.out, "nodes.csv")?)?;
                write::write_edges_csv(g, create(&args.out, "edges.csv")?)?;
                write::write_circuits_csv(&report, create(&args.out, "circuits.csv")?)?;
                written.extend(["nodes.csv", "edges.csv", "circuits.csv"]);
            }
            LinkFormat::Gexf => {
                write::write_gexf(
                    graph.as_ref().expect("built for gexf"),
                    create(&args.out, "network.gexf")?,
                )?;
                written.push("network.gexf");
            }
            LinkFormat::Geojson => {
                write::write_geojson(&report, create(&args.out, "circuits.geojson")?)?;
                written.push("circuits.geojson");
            }
        }
    }
    written.dedup();
    bar.finish_and_clear();
    clock.lap("write files");
    let lang = args.common.lang;
    summary::print(&report, &args.out, &written, args.top, lang, templates.is_none())?;
    counts.report(lang);
    Ok(if counts.fatal > 0 {
        ExitCode::from(2)
    } else if counts.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Durations of the stages, printed on stderr with `--timings` (durations only).
struct Timings {
    on: bool,
    last: std::time::Instant,
}

impl Timings {
    fn new(on: bool) -> Timings {
        Timings { on, last: std::time::Instant::now() }
    }

    fn lap(&mut self, stage: &str) {
        let now = std::time::Instant::now();
        if self.on {
            eprintln!("timing: {stage}: {:.2} s", (now - self.last).as_secs_f64());
        }
        self.last = now;
    }
}

/// Counts of the reading stage.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub(crate) read: u64,
    pub(crate) linked: u64,
    pub(crate) rejected: u64,
    pub(crate) fatal: u64,
}

impl Counts {
    fn report(&self, lang: LangArg) {
        match lang {
            LangArg::Fr => eprintln!(
                "{} enregistrements lus, {} reliés, {} rejetés",
                self.read, self.linked, self.rejected
            ),
            LangArg::En => eprintln!(
                "{} records read, {} linked, {} rejected",
                self.read, self.linked, self.rejected
            ),
        }
    }
}
