//! Single-node mode: the in-process queue, the same worker loop, SQLite. No NATS.

// Fixture sizes are small; hang guards are written in seconds.
#![allow(
    clippy::cast_possible_wrap,
    clippy::duration_suboptimal_units,
    clippy::manual_is_multiple_of
)]

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use vigie_detect::Detector;
use vigie_model::{Assessment, Document};
use vigie_store::Store;
use vigie_worker::{Assessor, LocalQueue, Metrics, WorkerConfig, run_worker};

struct Poisoned(Arc<Detector>);

impl Assessor for Poisoned {
    fn assess(&self, doc: &Document) -> Assessment {
        assert!(doc.id != "poison", "panne provoquée par le test");
        self.0.assess(doc)
    }
    fn detector(&self) -> &Detector {
        &self.0
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_process_queue_stores_each_document_once_and_dead_letters_the_rest() {
    let dir = tempfile::tempdir().expect("dir");
    let store =
        Store::open(&format!("sqlite:{}", dir.path().join("v.db").display())).await.expect("store");
    let queue = Arc::new(LocalQueue::new());
    for i in 0..100 {
        let doc = serde_json::json!({"id": format!("d{i}"), "text": format!("bonjour {i}")});
        queue.submit(doc.to_string().into());
    }
    // The same document twice (a republication): stored once.
    queue.submit(serde_json::json!({"id": "d1", "text": "bonjour 1"}).to_string().into());
    queue.submit(serde_json::json!({"id": "poison", "text": "bonjour"}).to_string().into());
    queue.submit("pas du json".into());
    queue.submit(r#"{"id":"sans-texte"}"#.into());

    let metrics = Arc::new(Metrics::default());
    let (stop_tx, stop) = watch::channel(false);
    let config = WorkerConfig {
        max_deliver: 2,
        retry_delay: Duration::from_millis(20),
        fetch_wait: Duration::from_millis(50),
        ..WorkerConfig::default()
    };
    let detector = Arc::new(Detector::builder().build().expect("rules"));
    let worker = tokio::spawn(run_worker(
        Arc::clone(&queue),
        store.clone(),
        Arc::new(Poisoned(detector)),
        config,
        Arc::clone(&metrics),
        stop,
    ));
    let start = Instant::now();
    while queue.dead_letters().len() < 3 || metrics.assessed.load(Ordering::Relaxed) < 101 {
        assert!(start.elapsed() < Duration::from_secs(120), "bloqué");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop_tx.send(true).expect("stop");
    worker.await.expect("worker");
    let (docs, assessments, _) = store.counts().await.expect("counts");
    assert_eq!((docs, assessments), (100, 100));
    assert_eq!(metrics.duplicates.load(Ordering::Relaxed), 1);
    let reasons: Vec<String> = queue.dead_letters().into_iter().map(|(_, r)| r).collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons.iter().any(|r| r.starts_with("JSON illisible")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("text")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("(après 2 livraisons)")), "{reasons:?}");
    assert_eq!(metrics.failed.load(Ordering::Relaxed), 2);
    store.close().await;
}
