//! Placeholder: being built (see the open issue); replaced before it lands.

use std::process::ExitCode;

/// Arguments.
#[derive(clap::Args, Debug)]
pub(crate) struct ReportCmdArgs {}

pub(crate) fn run(_args: &ReportCmdArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("pas encore disponible")
}
