//! `vigie worker`: pulls documents from NATS JetStream, assesses them, stores them in PostgreSQL
//! (idempotent on the document key), publishes alerts. Thin: the work is in vigie-worker.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, anyhow};

use crate::Common;
use crate::rules_cmd::load_detector;

/// Arguments of `vigie worker`.
#[derive(clap::Args, Clone, Debug)]
pub(crate) struct WorkerCmdArgs {
    #[command(flatten)]
    worker: vigie_worker::cli::WorkerArgs,
    #[command(flatten)]
    common: Common,
}

pub(crate) fn run(args: WorkerCmdArgs) -> Result<ExitCode> {
    // Logs carry counts, sequences and reasons only, never message text.
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).try_init();
    let detector = Arc::new(load_detector(&args.common)?);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(vigie_worker::cli::run(args.worker, detector)).map_err(|e| anyhow!(e))?;
    Ok(ExitCode::SUCCESS)
}
