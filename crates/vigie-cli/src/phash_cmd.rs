//! `vigie hash`, `vigie match`, `vigie lists`: work in progress (being written in this session).

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `vigie hash`.
#[derive(clap::Args)]
pub struct HashArgs {
    /// Images or folders.
    paths: Vec<PathBuf>,
}

/// Arguments of `vigie match`.
#[derive(clap::Args)]
pub struct MatchArgs {
    /// Hash lists.
    #[arg(long = "list")]
    lists: Vec<PathBuf>,
    /// Hashes or images.
    inputs: Vec<String>,
}

/// `vigie lists` subcommands.
#[derive(clap::Subcommand)]
pub enum ListsCmd {
    /// Statistics.
    Stats {
        /// Lists.
        lists: Vec<PathBuf>,
    },
}

pub fn run_hash(args: &HashArgs) -> anyhow::Result<ExitCode> {
    let _ = &args.paths;
    anyhow::bail!("commande en cours d'écriture")
}

pub fn run_match(args: &MatchArgs) -> anyhow::Result<ExitCode> {
    let _ = (&args.lists, &args.inputs);
    anyhow::bail!("commande en cours d'écriture")
}

pub fn run_lists(cmd: &ListsCmd) -> anyhow::Result<ExitCode> {
    let ListsCmd::Stats { lists } = cmd;
    let _ = lists;
    anyhow::bail!("commande en cours d'écriture")
}
