//! `vigie train grooming`: reproducible training of the shipped grooming model.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use vigie_learn::Provenance;

use crate::Common;
use crate::eval_cmd::data::{ModelArgs, examples, read_labelled};

/// Models that can be trained.
#[derive(clap::Subcommand)]
pub(crate) enum TrainCmd {
    /// Modèle de détection du grooming (conversations anglaises étiquetées, PAN12/VTPAN).
    ///
    /// `vigie train grooming --data dev_segments.csv --seed 2026` redonne, octet pour octet,
    /// le modèle livré (crates/vigie-learn/models/grooming-en.vgm).
    Grooming {
        /// Fichier CSV (colonnes `segment`, `label` 0 ou 1 ; les autres sont ignorées).
        #[arg(long)]
        data: PathBuf,
        /// Fichier du modèle produit.
        #[arg(long, default_value_os_t = crate::eval_cmd::data::default_model_path())]
        out: PathBuf,
        #[command(flatten)]
        model: ModelArgs,
        #[command(flatten)]
        common: Common,
    },
}

pub(crate) fn run(cmd: &TrainCmd) -> Result<ExitCode> {
    let TrainCmd::Grooming { data, out, model, common } = cmd;
    let opts = model.options()?;
    let labelled = read_labelled(data)?;
    for r in &labelled.rejected {
        eprintln!("{r}");
    }
    let extras = crate::eval_cmd::data::Extras::new(model.rule_features, common)?;
    let bar = bar(labelled.texts.len() as u64, "features");
    let set = examples(&labelled, opts.spec, &extras, &|| bar.inc(1));
    bar.reset();
    bar.set_length(opts.fits() as u64);
    bar.set_message("fits");
    let provenance = Provenance::of_data(&labelled.name, &labelled.bytes, opts.seed);
    let trained = vigie_learn::train(&set, None, &opts, provenance, &mut || bar.inc(1));
    bar.finish_and_clear();
    let bytes = trained.to_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("écriture de {}", out.display()))?;
    let positives = labelled.labels.iter().filter(|&&l| l).count();
    eprintln!(
        "{} : {} conversations ({positives} positives, {} rejetées), graine {}, pondération {}, λ = {}, seuil {:.4}, {} poids non nuls, {} octets",
        out.display(),
        labelled.texts.len(),
        labelled.rejected.len(),
        opts.seed,
        match trained.weighting() {
            vigie_learn::Weighting::Plain => "brute",
            vigie_learn::Weighting::NaiveBayes => "naïve-bayésienne",
        },
        trained.lambda(),
        trained.threshold(),
        trained.non_zero_weights(),
        bytes.len()
    );
    eprintln!("données : {} sha256 {}", labelled.name, labelled.sha256);
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub(crate) fn bar(len: u64, msg: &'static str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr_with_hz(5));
    bar.set_style(
        ProgressStyle::with_template("[{bar:30}] {pos}/{len} {msg} ({eta})")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(msg);
    bar
}
