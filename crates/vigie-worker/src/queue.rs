//! The job interface and its two implementations: NATS JetStream (team mode, several worker
//! processes) and an in-process channel (single-node mode, no NATS).

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::jetstream::{self, AckKind, consumer::pull, stream};
use bytes::Bytes;
use futures_util::StreamExt;
use serde::Serialize;
use tokio::sync::Notify;
use vigie_model::{Category, Level};

/// A queue failure (NATS unreachable, a stream that cannot be created…); never quotes a message.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct QueueError(pub String);

impl QueueError {
    fn of(what: &str, e: impl std::fmt::Display) -> QueueError {
        QueueError(format!("{what} : {e}"))
    }
}

/// An alert: a document at or above the configured level. Never the text.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Alert {
    /// The document key.
    pub id: String,
    /// Its level.
    pub level: Level,
    /// Its categories, strongest first.
    pub categories: Vec<Category>,
}

/// One delivery of a job: its payload and how many times it was delivered (1 the first time).
pub struct Delivery {
    /// The message body (one document, JSON).
    pub payload: Bytes,
    /// Delivery count, 1-based.
    pub delivered: u64,
    /// The queue's sequence number of the job (for dead letters and logs; no content).
    pub sequence: u64,
    handle: Handle,
}

enum Handle {
    Nats(Box<jetstream::Message>),
    Local(Arc<LocalInner>),
}

impl Delivery {
    /// Acknowledges the job: it is done and will not be delivered again.
    pub async fn ack(self) -> Result<(), QueueError> {
        match self.handle {
            Handle::Nats(m) => m.ack().await.map_err(|e| QueueError::of("acquittement", e)),
            Handle::Local(_) => Ok(()),
        }
    }

    /// Gives the job back for a later delivery (after `delay`).
    pub async fn retry(self, delay: Duration) -> Result<(), QueueError> {
        match self.handle {
            Handle::Nats(m) => m
                .ack_with(AckKind::Nak(Some(delay)))
                .await
                .map_err(|e| QueueError::of("refus (nak)", e)),
            Handle::Local(inner) => {
                let job = LocalJob {
                    payload: self.payload,
                    delivered: self.delivered,
                    sequence: self.sequence,
                };
                tokio::spawn(async move {
                    tokio::time::sleep(delay).await;
                    inner.push(job);
                });
                Ok(())
            }
        }
    }

    /// Ends the job without success (after it was dead-lettered): never delivered again.
    pub async fn terminate(self) -> Result<(), QueueError> {
        match self.handle {
            Handle::Nats(m) => {
                m.ack_with(AckKind::Term).await.map_err(|e| QueueError::of("terminaison", e))
            }
            Handle::Local(_) => Ok(()),
        }
    }
}

/// Where jobs come from and where dead letters and alerts go.
pub trait Queue: Send + Sync + 'static {
    /// Up to `max` jobs, waiting at most `wait` for the first ones (an empty batch is normal).
    fn fetch(
        &self,
        max: usize,
        wait: Duration,
    ) -> impl Future<Output = Result<Vec<Delivery>, QueueError>> + Send;

    /// Sends a job to the dead-letter subject with its reason.
    fn dead_letter(
        &self,
        delivery: &Delivery,
        reason: &str,
        keep_payload: bool,
    ) -> impl Future<Output = Result<(), QueueError>> + Send;

    /// Publishes an alert.
    fn alert(&self, alert: &Alert) -> impl Future<Output = Result<(), QueueError>> + Send;

    /// Jobs waiting or delivered and not acknowledged, if known.
    fn lag(&self) -> impl Future<Output = Option<u64>> + Send;
}

// ---------------------------------------------------------------------------------------------
// In process.

struct LocalJob {
    payload: Bytes,
    delivered: u64,
    sequence: u64,
}

#[derive(Default)]
struct LocalInner {
    jobs: Mutex<VecDeque<LocalJob>>,
    notify: Notify,
    dead: Mutex<Vec<(u64, String)>>,
    alerts: Mutex<Vec<Alert>>,
    next: Mutex<u64>,
}

impl LocalInner {
    fn push(&self, job: LocalJob) {
        self.jobs.lock().expect("queue").push_back(job);
        self.notify.notify_one();
    }
}

/// The in-process queue of single-node mode: same interface, no NATS, nothing survives a
/// restart (the caller keeps its input until the store has it).
#[derive(Clone, Default)]
pub struct LocalQueue {
    inner: Arc<LocalInner>,
}

impl LocalQueue {
    /// An empty queue.
    pub fn new() -> LocalQueue {
        LocalQueue::default()
    }

    /// Adds a job.
    pub fn submit(&self, payload: Bytes) {
        let sequence = {
            let mut next = self.inner.next.lock().expect("queue");
            *next += 1;
            *next
        };
        self.inner.push(LocalJob { payload, delivered: 0, sequence });
    }

    /// Dead letters so far: (sequence, reason).
    pub fn dead_letters(&self) -> Vec<(u64, String)> {
        self.inner.dead.lock().expect("queue").clone()
    }

    /// Alerts so far.
    pub fn alerts(&self) -> Vec<Alert> {
        self.inner.alerts.lock().expect("queue").clone()
    }
}

impl Queue for LocalQueue {
    async fn fetch(&self, max: usize, wait: Duration) -> Result<Vec<Delivery>, QueueError> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let notified = self.inner.notify.notified();
            {
                let mut jobs = self.inner.jobs.lock().expect("queue");
                if !jobs.is_empty() {
                    let n = max.min(jobs.len());
                    return Ok(jobs
                        .drain(..n)
                        .map(|j| Delivery {
                            payload: j.payload,
                            delivered: j.delivered + 1,
                            sequence: j.sequence,
                            handle: Handle::Local(Arc::clone(&self.inner)),
                        })
                        .collect());
                }
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return Ok(Vec::new());
            }
        }
    }

    async fn dead_letter(
        &self,
        delivery: &Delivery,
        reason: &str,
        _keep_payload: bool,
    ) -> Result<(), QueueError> {
        self.inner.dead.lock().expect("queue").push((delivery.sequence, reason.to_owned()));
        Ok(())
    }

    async fn alert(&self, alert: &Alert) -> Result<(), QueueError> {
        self.inner.alerts.lock().expect("queue").push(alert.clone());
        Ok(())
    }

    async fn lag(&self) -> Option<u64> {
        Some(self.inner.jobs.lock().expect("queue").len() as u64)
    }
}

// ---------------------------------------------------------------------------------------------
// NATS JetStream.

/// The names one deployment uses on a NATS server, all derived from the stream name so that
/// several deployments (or test runs) share one server.
#[derive(Debug, Clone)]
pub struct StreamNames {
    /// The work-queue stream.
    pub stream: String,
    /// Its subject (documents are published here).
    pub jobs: String,
    /// The durable consumer shared by every worker.
    pub consumer: String,
    /// Dead letters: subject and the stream that keeps them.
    pub dead: String,
    /// The stream that keeps dead letters.
    pub dead_stream: String,
    /// Alerts: subject and the stream that keeps them.
    pub alerts: String,
    /// The stream that keeps alerts.
    pub alerts_stream: String,
}

impl StreamNames {
    /// The names for stream `name` (letters, digits, `-` and `_`).
    pub fn new(name: &str) -> Result<StreamNames, QueueError> {
        if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(QueueError(format!(
                "nom de flux invalide : {name} (lettres, chiffres, - et _ seulement)"
            )));
        }
        Ok(StreamNames {
            stream: name.to_owned(),
            jobs: format!("{name}.jobs"),
            consumer: "workers".to_owned(),
            dead: format!("{name}.dead"),
            dead_stream: format!("{name}-dead"),
            alerts: format!("{name}.alerts"),
            alerts_stream: format!("{name}-alerts"),
        })
    }
}

/// Header naming the reason of a dead letter.
pub const REASON_HEADER: &str = "Vigie-Reason";
/// Header carrying the job's stream sequence on a dead letter.
pub const SEQUENCE_HEADER: &str = "Vigie-Sequence";

/// Connects to NATS, retrying the first connection and reconnecting forever afterwards.
pub async fn connect(url: &str) -> Result<async_nats::Client, QueueError> {
    async_nats::ConnectOptions::new()
        .retry_on_initial_connect()
        .max_reconnects(None)
        .connection_timeout(Duration::from_secs(5))
        .event_callback(|event| async move {
            // Events carry no message content.
            tracing::info!(%event, "NATS");
        })
        .connect(url)
        .await
        .map_err(|e| QueueError::of("connexion à NATS", e))
}

/// Creates (or finds) the streams of a deployment: the work queue (file storage, work-queue
/// retention, a 2-minute duplicate window on the document key), dead letters and alerts.
pub async fn ensure_streams(
    js: &jetstream::Context,
    names: &StreamNames,
) -> Result<stream::Stream, QueueError> {
    let work = js
        .get_or_create_stream(stream::Config {
            name: names.stream.clone(),
            subjects: vec![names.jobs.clone()],
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            duplicate_window: Duration::from_mins(2),
            ..Default::default()
        })
        .await
        .map_err(|e| QueueError::of("flux de travail", e))?;
    for (name, subject) in
        [(&names.dead_stream, &names.dead), (&names.alerts_stream, &names.alerts)]
    {
        js.get_or_create_stream(stream::Config {
            name: name.clone(),
            subjects: vec![subject.clone()],
            storage: stream::StorageType::File,
            ..Default::default()
        })
        .await
        .map_err(|e| QueueError::of("flux annexe", e))?;
    }
    Ok(work)
}

/// The JetStream queue: one durable pull consumer with explicit acknowledgement shared by all
/// workers of a deployment.
pub struct JetStreamQueue {
    js: jetstream::Context,
    consumer: jetstream::consumer::Consumer<pull::Config>,
    names: StreamNames,
}

impl JetStreamQueue {
    /// Connects and creates the streams and the consumer if needed. `max_deliver` bounds the
    /// deliveries of one job (the worker dead-letters it at the last one); `ack_wait` is how long
    /// a job may stay unacknowledged before it is delivered again (a killed worker's jobs come
    /// back after it); `max_ack_pending` bounds the jobs in flight across all workers.
    pub async fn open(
        client: async_nats::Client,
        names: StreamNames,
        max_deliver: i64,
        ack_wait: Duration,
        max_ack_pending: i64,
    ) -> Result<JetStreamQueue, QueueError> {
        let js = jetstream::new(client);
        let work = ensure_streams(&js, &names).await?;
        let consumer = work
            .get_or_create_consumer(
                &names.consumer,
                pull::Config {
                    durable_name: Some(names.consumer.clone()),
                    ack_policy: jetstream::consumer::AckPolicy::Explicit,
                    ack_wait,
                    max_deliver,
                    max_ack_pending,
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| QueueError::of("consommateur", e))?;
        Ok(JetStreamQueue { js, consumer, names })
    }

    /// The names in use.
    pub fn names(&self) -> &StreamNames {
        &self.names
    }
}

impl Queue for JetStreamQueue {
    async fn fetch(&self, max: usize, wait: Duration) -> Result<Vec<Delivery>, QueueError> {
        let mut batch = self
            .consumer
            .batch()
            .max_messages(max)
            .expires(wait)
            .messages()
            .await
            .map_err(|e| QueueError::of("demande de lot", e))?;
        let mut out = Vec::with_capacity(max);
        while let Some(item) = batch.next().await {
            let message = item.map_err(|e| QueueError::of("lot", e))?;
            let (delivered, sequence) = match message.info() {
                Ok(info) => (info.delivered.max(1) as u64, info.stream_sequence),
                Err(_) => (1, 0),
            };
            out.push(Delivery {
                payload: message.payload.clone(),
                delivered,
                sequence,
                handle: Handle::Nats(Box::new(message)),
            });
        }
        Ok(out)
    }

    async fn dead_letter(
        &self,
        delivery: &Delivery,
        reason: &str,
        keep_payload: bool,
    ) -> Result<(), QueueError> {
        let mut headers = async_nats::HeaderMap::new();
        headers.insert(REASON_HEADER, reason);
        headers.insert(SEQUENCE_HEADER, delivery.sequence.to_string().as_str());
        headers.insert("Vigie-Delivered", delivery.delivered.to_string().as_str());
        let payload = if keep_payload { delivery.payload.clone() } else { Bytes::new() };
        self.js
            .publish_with_headers(self.names.dead.clone(), headers, payload)
            .await
            .map_err(|e| QueueError::of("rebut", e))?
            .await
            .map_err(|e| QueueError::of("rebut (accusé)", e))?;
        Ok(())
    }

    async fn alert(&self, alert: &Alert) -> Result<(), QueueError> {
        let body = serde_json::to_vec(alert).map_err(|e| QueueError::of("alerte", e))?;
        self.js
            .publish(self.names.alerts.clone(), body.into())
            .await
            .map_err(|e| QueueError::of("alerte", e))?
            .await
            .map_err(|e| QueueError::of("alerte (accusé)", e))?;
        Ok(())
    }

    async fn lag(&self) -> Option<u64> {
        let info = self.consumer.get_info().await.ok()?;
        Some(info.num_pending + info.num_ack_pending as u64)
    }
}

/// Publishes documents (one JSON document per message) to a deployment's work queue, with the
/// document key as `Nats-Msg-Id` so that a republication within two minutes is dropped by the
/// server. Publication acknowledgements are awaited in windows of `window` messages.
pub struct Publisher {
    js: jetstream::Context,
    names: StreamNames,
    pending: VecDeque<jetstream::context::PublishAckFuture>,
    window: usize,
    /// Messages acknowledged by the server.
    pub published: u64,
    /// Messages the server reported as duplicates (same key within the window).
    pub duplicates: u64,
}

impl Publisher {
    /// A publisher on `client` for stream `names` (created if needed).
    pub async fn new(
        client: async_nats::Client,
        names: StreamNames,
        window: usize,
    ) -> Result<Publisher, QueueError> {
        let js = jetstream::new(client);
        ensure_streams(&js, &names).await?;
        Ok(Publisher {
            js,
            names,
            pending: VecDeque::new(),
            window: window.max(1),
            published: 0,
            duplicates: 0,
        })
    }

    /// Publishes one payload, with `id` as its de-duplication key if given.
    pub async fn publish(&mut self, id: Option<&str>, payload: Bytes) -> Result<(), QueueError> {
        let mut msg = jetstream::message::PublishMessage::build().payload(payload);
        if let Some(id) = id {
            msg = msg.message_id(id);
        }
        let ack = self
            .js
            .send_publish(self.names.jobs.clone(), msg)
            .await
            .map_err(|e| QueueError::of("publication", e))?;
        self.pending.push_back(ack);
        while self.pending.len() >= self.window {
            self.settle_one().await?;
        }
        Ok(())
    }

    async fn settle_one(&mut self) -> Result<(), QueueError> {
        if let Some(ack) = self.pending.pop_front() {
            let ack = ack.await.map_err(|e| QueueError::of("accusé de publication", e))?;
            if ack.duplicate {
                self.duplicates += 1;
            } else {
                self.published += 1;
            }
        }
        Ok(())
    }

    /// Waits for every pending acknowledgement.
    pub async fn finish(&mut self) -> Result<(), QueueError> {
        while !self.pending.is_empty() {
            self.settle_one().await?;
        }
        Ok(())
    }
}
