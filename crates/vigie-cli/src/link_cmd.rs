//! `vigie link`: networks, templates and circuits (issue #6; being built).
use std::process::ExitCode;

/// Arguments of `vigie link`.
#[derive(clap::Args)]
pub(crate) struct LinkArgs {
    /// Fichiers d'annonces ou de messages (JSONL, CSV ou texte).
    pub(crate) files: Vec<std::path::PathBuf>,
}

pub(crate) fn run(_args: &LinkArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`vigie link` n'est pas encore disponible")
}
