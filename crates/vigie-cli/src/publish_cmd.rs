//! `vigie publish FILE… --nats URL`: reads documents in any format `vigie scan` reads and
//! publishes them, one per message, to a deployment's work queue (the document id as
//! `Nats-Msg-Id`, so that a republication within two minutes is dropped by NATS).

use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};

use crate::input::{InputArgs, for_each_record};

/// Arguments of `vigie publish`.
#[derive(clap::Args, Clone, Debug)]
pub(crate) struct PublishArgs {
    /// Fichiers à publier (`-` pour l'entrée standard).
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Serveur NATS (JetStream), p. ex. nats://127.0.0.1:4222.
    #[arg(long, value_name = "URL")]
    nats: String,
    /// Nom du flux de travail.
    #[arg(long, default_value = vigie_worker::DEFAULT_STREAM)]
    stream: String,
    /// N'affiche pas la progression.
    #[arg(long)]
    quiet: bool,
    #[command(flatten)]
    input: InputArgs,
}

pub(crate) fn run(args: &PublishArgs) -> Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let names = vigie_worker::StreamNames::new(&args.stream).map_err(|e| anyhow!("{e}"))?;
    let client =
        rt.block_on(vigie_worker::queue::connect(&args.nats)).map_err(|e| anyhow!("{e}"))?;
    let mut publisher = rt
        .block_on(vigie_worker::Publisher::new(client.clone(), names, 1024))
        .map_err(|e| anyhow!("{e}"))?;
    let counts = for_each_record(
        &args.inputs,
        &args.input,
        args.quiet,
        Some("publication"),
        |path, record, _| {
            let body = serde_json::to_vec(&record.doc)
                .with_context(|| format!("{path}:{}: encodage", record.line))?;
            rt.block_on(publisher.publish(Some(&record.doc.id), body.into()))
                .map_err(|e| anyhow!("{path}:{}: {e}", record.line))?;
            Ok(true)
        },
    )?;
    rt.block_on(async {
        publisher.finish().await?;
        client.flush().await.map_err(|e| vigie_worker::QueueError(e.to_string()))
    })
    .map_err(|e| anyhow!("{e}"))?;
    eprintln!(
        "{} publiés, {} déjà publiés (même id, moins de 2 min), {} rejetés",
        publisher.published, publisher.duplicates, counts.rejected
    );
    Ok(counts.exit_code())
}
