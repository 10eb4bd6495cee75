//! Vigie's scale-out: a job queue (NATS JetStream in team mode, an in-process channel in
//! single-node mode) and the worker loop that pulls documents, assesses them with the engine,
//! stores them idempotently (on the document key) and acknowledges only after the commit.
//!
//! Delivery is at least once; the store's idempotence turns a redelivery into a duplicate that
//! writes nothing, so the store ends with exactly one assessment per document.
//! Nothing here logs message text or identifiers: logs and metrics carry counts, sequences and
//! reasons only.

pub mod cli;
mod metrics;
mod process;
pub mod queue;
pub use queue::Publisher;
mod worker;

pub use metrics::Metrics;
pub use process::{Assessor, DetectorAssessor};
pub use queue::{Alert, Delivery, JetStreamQueue, LocalQueue, Queue, QueueError, StreamNames};
pub use worker::{WorkerConfig, run_worker, serve_metrics};

/// The default stream name.
pub const DEFAULT_STREAM: &str = "vigie-documents";
