//! `vigie worker` (and the `vigie-worker` binary): options and the process around the loop —
//! connection, metrics listener, SIGTERM/SIGINT drain.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use vigie_detect::Detector;
use vigie_model::Level;
use vigie_store::Store;

use crate::process::DetectorAssessor;
use crate::queue::{JetStreamQueue, StreamNames, connect};
use crate::{Metrics, WorkerConfig, run_worker, serve_metrics};

/// Options of `vigie worker`.
#[derive(clap::Args, Debug, Clone)]
pub struct WorkerArgs {
    /// Serveur NATS (JetStream), p. ex. nats://127.0.0.1:4222.
    #[arg(long, value_name = "URL")]
    pub nats: String,
    /// Base PostgreSQL (postgres://…), ou sqlite:CHEMIN pour un essai local.
    #[arg(long, value_name = "URL")]
    pub db: String,
    /// Nom du flux de travail (plusieurs déploiements peuvent partager un serveur NATS).
    #[arg(long, default_value = crate::DEFAULT_STREAM)]
    pub stream: String,
    /// Messages pris et enregistrés ensemble (une transaction).
    #[arg(long, default_value_t = 64)]
    pub batch: usize,
    /// Lots traités en même temps (travail en cours borné à lot × concurrence).
    #[arg(long, default_value_t = 2)]
    pub concurrency: usize,
    /// Livraisons d'un message avant sa mise au rebut.
    #[arg(long, default_value_t = 5)]
    pub max_deliver: u64,
    /// Délai (secondes) avant qu'un message non acquitté soit redistribué (worker arrêté).
    #[arg(long, default_value_t = 30)]
    pub ack_wait: u64,
    /// Taille maximale d'un message, en octets.
    #[arg(long, default_value_t = 1024 * 1024)]
    pub max_record_bytes: usize,
    /// Niveau à partir duquel une alerte est publiée (low, medium, high, critical).
    #[arg(long, default_value = "high")]
    pub alert_level: String,
    /// Adresse d'écoute de /metrics et /health (p. ex. 127.0.0.1:9464) ; aucune si absente.
    #[arg(long, value_name = "ADRESSE")]
    pub metrics: Option<String>,
}

/// Runs a worker until SIGTERM or SIGINT, then drains (finishes and acknowledges the batches in
/// flight) and exits.
pub async fn run(args: WorkerArgs, detector: Arc<Detector>) -> Result<(), String> {
    let alert_level = Level::parse(&args.alert_level).ok_or_else(|| {
        format!("niveau inconnu : {} (low, medium, high, critical)", args.alert_level)
    })?;
    let names = StreamNames::new(&args.stream).map_err(|e| e.to_string())?;
    let store = Store::open(&args.db).await.map_err(|e| format!("base : {e}"))?;
    let client = connect(&args.nats).await.map_err(|e| e.to_string())?;
    let in_flight = i64::try_from(args.batch.max(1) * args.concurrency.max(1)).unwrap_or(i64::MAX);
    let queue = JetStreamQueue::open(
        client.clone(),
        names,
        i64::try_from(args.max_deliver.max(1)).unwrap_or(i64::MAX),
        Duration::from_secs(args.ack_wait.max(1)),
        // Across all workers; each worker bounds its own share with batch × concurrency.
        in_flight.saturating_mul(64).max(1000),
    )
    .await
    .map_err(|e| e.to_string())?;
    let metrics = Arc::new(Metrics::default());
    let (stop_tx, stop) = watch::channel(false);
    let listener = match &args.metrics {
        Some(addr) => Some(
            tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| format!("écoute de {addr} : {e}"))?,
        ),
        None => None,
    };
    let metrics_task =
        listener.map(|l| tokio::spawn(serve_metrics(l, Arc::clone(&metrics), stop.clone())));
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int)) =
            (signal(SignalKind::terminate()), signal(SignalKind::interrupt()))
        else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
        tracing::info!("arrêt demandé : fin des lots en cours");
        let _ = stop_tx.send(true);
    });
    let config = WorkerConfig {
        batch: args.batch.max(1),
        concurrency: args.concurrency.max(1),
        max_record_bytes: args.max_record_bytes,
        max_deliver: args.max_deliver.max(1),
        alert_level,
        ..WorkerConfig::default()
    };
    tracing::info!(stream = %args.stream, batch = config.batch, concurrency = config.concurrency, "worker prêt");
    run_worker(
        Arc::new(queue),
        store.clone(),
        Arc::new(DetectorAssessor(detector)),
        config,
        Arc::clone(&metrics),
        stop,
    )
    .await;
    // Acks are buffered in the client: flush them before leaving.
    let _ = client.flush().await;
    if let Some(t) = metrics_task {
        let _ = t.await;
    }
    store.close().await;
    tracing::info!(
        assessed = metrics.assessed.load(std::sync::atomic::Ordering::Relaxed),
        "worker arrêté"
    );
    Ok(())
}
