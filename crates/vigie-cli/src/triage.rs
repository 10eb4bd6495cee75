//! `vigie triage`: rank escort ads (issue #6; being built).
use std::process::ExitCode;

/// Arguments of `vigie triage`.
#[derive(clap::Args)]
pub(crate) struct TriageArgs {
    /// Fichiers d'annonces (JSONL, CSV ou texte).
    pub(crate) files: Vec<std::path::PathBuf>,
}

pub(crate) fn run(_args: &TriageArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`vigie triage` n'est pas encore disponible")
}
