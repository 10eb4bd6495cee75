//! `vigie train`: reproducible training of shipped models (issue #4; being built).
use std::process::ExitCode;

/// Models that can be trained.
#[derive(clap::Subcommand)]
pub(crate) enum TrainCmd {
    /// Modèle de détection du grooming (conversations anglaises étiquetées, PAN12/VTPAN).
    Grooming {
        /// Fichier CSV (colonnes `segment`, `label`).
        #[arg(long)]
        data: std::path::PathBuf,
    },
}

pub(crate) fn run(_cmd: &TrainCmd) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`vigie train` n'est pas encore disponible")
}
