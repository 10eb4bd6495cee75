//! Placeholder: being built (see the open issue); replaced before it lands.

use std::process::ExitCode;

/// Admin commands.
#[derive(clap::Subcommand, Debug)]
pub(crate) enum AdminCmd {
    /// Placeholder.
    Placeholder,
}

pub(crate) fn run(_cmd: &AdminCmd) -> anyhow::Result<ExitCode> {
    anyhow::bail!("pas encore disponible")
}
