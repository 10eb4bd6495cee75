//! The worker loop: pull a batch, decode, assess on a blocking thread, store in one transaction,
//! publish alerts, acknowledge after the commit. Bad input is dead-lettered at once with its
//! reason; a failed assessment or store is retried and dead-lettered at the last delivery.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::sync::watch;
use vigie_model::{Document, Level};
use vigie_store::{IngestStatus, NewDocument, Store};

use crate::metrics::Metrics;
use crate::process::{Assessor, conversation_of, decode, drain_conversations};
use crate::queue::{Alert, Delivery, Queue};

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Jobs fetched and stored together (one transaction).
    pub batch: usize,
    /// Batches processed at the same time; `batch × concurrency` bounds the work in flight.
    pub concurrency: usize,
    /// Largest message accepted, in bytes.
    pub max_record_bytes: usize,
    /// Deliveries of one job before it is dead-lettered (same as the consumer's `max_deliver`).
    pub max_deliver: u64,
    /// Wait before a failed job is delivered again.
    pub retry_delay: Duration,
    /// Documents at or above this level are published as alerts.
    pub alert_level: Level,
    /// Longest wait for a batch.
    pub fetch_wait: Duration,
}

impl Default for WorkerConfig {
    fn default() -> WorkerConfig {
        WorkerConfig {
            batch: 64,
            concurrency: 2,
            max_record_bytes: 1024 * 1024,
            max_deliver: 5,
            retry_delay: Duration::from_secs(1),
            alert_level: Level::High,
            fetch_wait: Duration::from_millis(500),
        }
    }
}

/// Runs `config.concurrency` batch loops until `stop` turns true, then finishes the batches in
/// flight (each acknowledged after its commit) and returns: the graceful drain.
pub async fn run_worker<Q: Queue>(
    queue: Arc<Q>,
    store: Store,
    assessor: Arc<dyn Assessor>,
    config: WorkerConfig,
    metrics: Arc<Metrics>,
    stop: watch::Receiver<bool>,
) {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..config.concurrency.max(1) {
        let (queue, store, assessor, config, metrics, mut stop) = (
            Arc::clone(&queue),
            store.clone(),
            Arc::clone(&assessor),
            config.clone(),
            Arc::clone(&metrics),
            stop.clone(),
        );
        tasks.spawn(async move {
            let mut backoff = Duration::from_millis(100);
            while !*stop.borrow() {
                let fetched = tokio::select! {
                    r = queue.fetch(config.batch, config.fetch_wait) => r,
                    _ = stop.changed() => break,
                };
                match fetched {
                    Ok(batch) if batch.is_empty() => {}
                    Ok(batch) => {
                        backoff = Duration::from_millis(100);
                        // Not interrupted by `stop`: a started batch is finished (drain).
                        process_batch(&*queue, &store, &assessor, &config, &metrics, batch).await;
                    }
                    Err(e) => {
                        // NATS away (restart, network): the client reconnects by itself.
                        tracing::warn!(error = %e, "file indisponible, nouvel essai");
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(Duration::from_secs(5));
                    }
                }
            }
        });
    }
    // Lag, sampled while the loops run.
    let lag = {
        let (queue, metrics) = (Arc::clone(&queue), Arc::clone(&metrics));
        tokio::spawn(async move {
            loop {
                if let Some(lag) = queue.lag().await {
                    metrics.lag.store(lag, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        })
    };
    while tasks.join_next().await.is_some() {}
    lag.abort();
}

/// A decoded job waiting for its assessment.
struct Decoded {
    delivery: Delivery,
    doc: Document,
}

async fn dead_letter<Q: Queue>(queue: &Q, metrics: &Metrics, d: Delivery, reason: &str) {
    // Oversized bodies are not copied to the dead-letter stream (the reason gives the size).
    let keep = !reason.starts_with("trop volumineux");
    match queue.dead_letter(&d, reason, keep).await {
        Ok(()) => {
            Metrics::add(&metrics.dead_lettered, 1);
            tracing::warn!(
                sequence = d.sequence,
                delivered = d.delivered,
                reason,
                "message au rebut"
            );
            let _ = d.terminate().await;
        }
        Err(e) => {
            // Could not dead-letter: give the job back rather than lose it.
            tracing::warn!(error = %e, "mise au rebut impossible, message rendu");
            let _ = d.retry(Duration::from_secs(1)).await;
        }
    }
}

/// A failed attempt: retried, or dead-lettered at the last delivery.
async fn failed<Q: Queue>(
    queue: &Q,
    config: &WorkerConfig,
    metrics: &Metrics,
    d: Delivery,
    reason: &str,
) {
    Metrics::add(&metrics.failed, 1);
    if d.delivered >= config.max_deliver {
        let reason = format!("{reason} (après {} livraisons)", d.delivered);
        dead_letter(queue, metrics, d, &reason).await;
    } else {
        let _ = d.retry(config.retry_delay).await;
    }
}

async fn process_batch<Q: Queue>(
    queue: &Q,
    store: &Store,
    assessor: &Arc<dyn Assessor>,
    config: &WorkerConfig,
    metrics: &Metrics,
    batch: Vec<Delivery>,
) {
    Metrics::add(&metrics.received, batch.len() as u64);
    let mut good = Vec::with_capacity(batch.len());
    for delivery in batch {
        if delivery.delivered > 1 {
            Metrics::add(&metrics.redelivered, 1);
        }
        match decode(&delivery.payload, config.max_record_bytes) {
            Ok(doc) => good.push(Decoded { delivery, doc }),
            // Bad input never gets better: dead-lettered at once.
            Err(reason) => dead_letter(queue, metrics, delivery, &reason).await,
        }
    }
    if good.is_empty() {
        return;
    }
    // CPU work on a blocking thread; a panic is caught per document.
    let a = Arc::clone(assessor);
    let docs: Vec<Document> = good.iter().map(|g| g.doc.clone()).collect();
    let assessed = tokio::task::spawn_blocking(move || {
        docs.into_iter()
            .map(|doc| {
                std::panic::catch_unwind(AssertUnwindSafe(|| a.assess(&doc))).ok().map(
                    |assessment| NewDocument {
                        conversation: conversation_of(&doc),
                        doc,
                        assessment,
                    },
                )
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    let mut to_store = Vec::with_capacity(good.len());
    let mut deliveries = Vec::with_capacity(good.len());
    for (g, new) in good.into_iter().zip(assessed.into_iter().chain(std::iter::repeat(None))) {
        match new {
            Some(new) => {
                to_store.push(new);
                deliveries.push(g.delivery);
            }
            None => {
                failed(queue, config, metrics, g.delivery, "échec de l'évaluation (panique)").await;
            }
        }
    }
    if to_store.is_empty() {
        return;
    }
    let outcomes = match store.ingest(&to_store, Some("worker")).await {
        Ok(o) => o,
        Err(e) => {
            tracing::warn!(error = %e, documents = deliveries.len(), "lot non enregistré");
            for d in deliveries {
                failed(queue, config, metrics, d, "échec de l'enregistrement").await;
            }
            return;
        }
    };
    let mut conversations = false;
    for ((new, d), outcome) in to_store.iter().zip(deliveries).zip(outcomes) {
        match outcome.status {
            IngestStatus::Stored | IngestStatus::Duplicate => {
                Metrics::add(&metrics.assessed, 1);
                let fresh = outcome.status == IngestStatus::Stored;
                Metrics::add(if fresh { &metrics.stored } else { &metrics.duplicates }, 1);
                conversations |= fresh && new.conversation.is_some();
                // A redelivered duplicate may have lost its alert with the worker that stored
                // it: alerts are at least once (consumers de-duplicate on the id).
                if new.assessment.level >= config.alert_level && (fresh || d.delivered > 1) {
                    let alert = Alert {
                        id: outcome.key.clone(),
                        level: new.assessment.level,
                        categories: new.assessment.categories.iter().map(|c| c.category).collect(),
                    };
                    if let Err(e) = queue.alert(&alert).await {
                        // Stored but not alerted: deliver again (the store says duplicate, the
                        // alert is retried).
                        tracing::warn!(error = %e, "alerte non publiée, message rendu");
                        let _ = d.retry(config.retry_delay).await;
                        continue;
                    }
                    Metrics::add(&metrics.alerts, 1);
                }
                let _ = d.ack().await;
            }
            IngestStatus::Conflict => {
                dead_letter(
                    queue,
                    metrics,
                    d,
                    "conflit : clé déjà enregistrée avec un autre contenu",
                )
                .await;
            }
        }
    }
    if conversations && let Err(e) = drain_conversations(store, assessor, 1_000).await {
        // Stays pending: the next batch with a conversation message, or any worker, retries.
        tracing::warn!(error = %e, "conversations non évaluées");
    }
}

/// Serves `/metrics` (Prometheus text) and `/health` on `listener` until `stop` turns true.
pub async fn serve_metrics(
    listener: tokio::net::TcpListener,
    metrics: Arc<Metrics>,
    mut stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    use axum::routing::get;
    let app = axum::Router::new()
        .route(
            "/metrics",
            get(move || {
                let m = Arc::clone(&metrics);
                async move { ([("content-type", "text/plain; version=0.0.4")], m.render()) }
            }),
        )
        .route("/health", get(|| async { "ok" }));
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = stop.wait_for(|s| *s).await;
        })
        .await
}
