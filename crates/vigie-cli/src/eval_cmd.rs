//! `vigie eval`: honest figures on labelled data (issue #4; being built).
use std::process::ExitCode;

/// Evaluations.
#[derive(clap::Subcommand)]
pub(crate) enum EvalCmd {
    /// Détection du grooming sur des conversations étiquetées (colonnes `segment`, `label`).
    Grooming {
        /// Fichier CSV.
        #[arg(long)]
        data: std::path::PathBuf,
    },
}

pub(crate) fn run(_cmd: &EvalCmd) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`vigie eval` n'est pas encore disponible")
}
