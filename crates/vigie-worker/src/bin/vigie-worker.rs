//! `vigie-worker`: the worker alone, with the shipped rules (the same as `vigie worker` without
//! rule options) and no log output. Used by the fault tests, which kill it with SIGKILL.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

#[derive(Parser)]
#[command(name = "vigie-worker", about = "Worker Vigie : NATS JetStream → évaluation → PostgreSQL")]
struct Cli {
    #[command(flatten)]
    args: vigie_worker::cli::WorkerArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let detector = match vigie_detect::Detector::builder().build() {
        Ok(d) => Arc::new(d),
        Err(e) => {
            eprintln!("erreur : règles : {e}");
            return ExitCode::FAILURE;
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("erreur : {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(vigie_worker::cli::run(cli.args, detector)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("erreur : {e}");
            ExitCode::FAILURE
        }
    }
}
