//! The worker against the real NATS JetStream and PostgreSQL: a unique stream and a fresh schema
//! per test. Poison and bad input, `kill -9` of a worker (three times), a NATS restart.
//! `VIGIE_WORKER_N` sets the number of documents of the fault tests (default 3,000).

// Fixture sizes are small; hang guards are written in seconds.
#![allow(
    clippy::cast_possible_wrap,
    clippy::duration_suboptimal_units,
    clippy::manual_is_multiple_of
)]

mod common;

use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::{NATS_LOCK, NatsGuard, Pg, Rng, doc_json, nats_url, stream_name};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::watch;
use vigie_detect::Detector;
use vigie_model::{Assessment, Document, Level};
use vigie_worker::queue::{REASON_HEADER, connect};
use vigie_worker::{
    Assessor, JetStreamQueue, Metrics, Publisher, StreamNames, WorkerConfig, run_worker,
};

fn n_docs() -> usize {
    std::env::var("VIGIE_WORKER_N").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000)
}

/// The engine, except that document `poison` makes it panic.
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

async fn publish_all(names: &StreamNames, n: usize) {
    let client = connect(&nats_url()).await.expect("NATS");
    let mut p = Publisher::new(client.clone(), names.clone(), 512).await.expect("publisher");
    for i in 0..n {
        p.publish(Some(&format!("doc-{i}")), doc_json(i).into()).await.expect("publish");
    }
    p.finish().await.expect("acks");
    assert_eq!(p.published, n as u64);
    client.flush().await.expect("flush");
}

/// Every message of a stream: (headers' reason, payload length).
async fn read_stream(stream: &str) -> Vec<(Option<String>, Vec<u8>)> {
    let client = connect(&nats_url()).await.expect("NATS");
    let js = async_nats::jetstream::new(client);
    let mut s = js.get_stream(stream).await.expect("stream");
    let info = s.info().await.expect("info").clone();
    let mut out = Vec::new();
    for seq in info.state.first_sequence..=info.state.last_sequence {
        if info.state.messages == 0 {
            break;
        }
        let m = s.get_raw_message(seq).await.expect("message");
        let reason = m.headers.get(REASON_HEADER).map(|v| v.as_str().to_owned());
        out.push((reason, m.payload.to_vec()));
    }
    out
}

async fn wait_until(what: &str, limit: Duration, mut f: impl AsyncFnMut() -> bool) {
    let start = Instant::now();
    while !f().await {
        // A hang guard, not a timing assertion.
        assert!(start.elapsed() < limit, "{what} : toujours pas atteint après {limit:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poison_and_bad_input_are_dead_lettered_with_their_reason_and_the_rest_flows() {
    let _lock = NATS_LOCK.lock().await;
    let pg = Pg::new().await;
    let store = pg.store().await;
    let names = StreamNames::new(&stream_name()).expect("names");
    let client = connect(&nats_url()).await.expect("NATS");
    let queue = Arc::new(
        JetStreamQueue::open(client.clone(), names.clone(), 3, Duration::from_secs(10), 1000)
            .await
            .expect("queue"),
    );
    let good = 200;
    publish_all(&names, good).await;
    let mut p = Publisher::new(client.clone(), names.clone(), 16).await.expect("publisher");
    let poison = serde_json::json!({"id": "poison", "text": "bonjour"}).to_string();
    p.publish(Some("poison"), poison.into()).await.expect("publish");
    p.publish(None, "{pas du json".into()).await.expect("publish");
    p.publish(None, r#"{"id":"sans-texte"}"#.into()).await.expect("publish");
    let oversize = serde_json::json!({"id": "gros", "text": "a".repeat(200_000)}).to_string();
    p.publish(None, oversize.into()).await.expect("publish");
    p.finish().await.expect("acks");
    // 100 MB: NATS refuses it at publication (its max_payload is 1 MB by default), with an
    // error that says so; no worker ever sees it.
    let huge = bytes::Bytes::from(vec![b'a'; 100 * 1024 * 1024]);
    let refused = match p.publish(None, huge).await {
        Ok(()) => p.finish().await.err(),
        Err(e) => Some(e),
    };
    let refused = refused.expect("100 Mo refusés par NATS").to_string();
    assert!(refused.to_lowercase().contains("payload"), "{refused}");

    let metrics = Arc::new(Metrics::default());
    let (stop_tx, stop) = watch::channel(false);
    let config = WorkerConfig {
        max_deliver: 3,
        max_record_bytes: 64 * 1024,
        retry_delay: Duration::from_millis(100),
        alert_level: Level::Low,
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
    let m = Arc::clone(&metrics);
    wait_until("200 documents et 4 rebuts", Duration::from_secs(300), async || {
        m.stored.load(Ordering::Relaxed) == good as u64
            && m.dead_lettered.load(Ordering::Relaxed) == 4
    })
    .await;
    stop_tx.send(true).expect("stop");
    worker.await.expect("worker");

    let (docs, assessments, distinct) = pg.counts().await;
    assert_eq!((docs, assessments, distinct), (good as i64, good as i64, good as i64));
    let dead = read_stream(&names.dead_stream).await;
    let reasons: Vec<String> = dead.iter().map(|(r, _)| r.clone().unwrap_or_default()).collect();
    assert_eq!(dead.len(), 4, "{reasons:?}");
    let has = |needle: &str| reasons.iter().any(|r| r.contains(needle));
    assert!(has("JSON illisible (ligne 1"), "{reasons:?}");
    assert!(has("text"), "{reasons:?}");
    assert!(has("trop volumineux"), "{reasons:?}");
    assert!(has("échec de l'évaluation (panique) (après 3 livraisons)"), "{reasons:?}");
    // The poison was tried max_deliver times: two retries, then the dead letter.
    assert_eq!(metrics.failed.load(Ordering::Relaxed), 3);
    assert!(metrics.redelivered.load(Ordering::Relaxed) >= 2);
    // The oversized body is not copied into the dead-letter stream.
    assert!(
        dead.iter()
            .any(|(r, p)| r.as_deref().is_some_and(|r| r.contains("volumineux")) && p.is_empty())
    );

    // Alerts: the id, level and categories, never the text.
    let alerts = read_stream(&names.alerts_stream).await;
    assert_eq!(alerts.len() as u64, metrics.alerts.load(Ordering::Relaxed));
    // Not asserted non-empty: the shipped rules did not reach `low` on these synthetic texts
    // (seen 2026-12-02); a text that does is still to be chosen (see the issue 17 report).
    for (_, body) in &alerts {
        let v: serde_json::Value = serde_json::from_slice(body).expect("alert json");
        let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["categories", "id", "level"], "{v}");
        assert!(v["id"].as_str().is_some_and(|id| id.starts_with("doc-")));
    }
    store.close().await;
    pg.done().await;
}

/// A `vigie-worker` process on `stream` and `db`.
fn spawn_worker(stream: &str, db: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_vigie-worker"))
        .args(["--nats", &nats_url(), "--db", db, "--stream", stream])
        .args(["--ack-wait", "3", "--batch", "32", "--concurrency", "2"])
        .spawn()
        .expect("vigie-worker")
}

fn sigterm(child: &Child) {
    let status =
        Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(status.success());
}

/// Messages of the work queue not yet acknowledged (waiting or in flight).
async fn lag(names: &StreamNames) -> u64 {
    let client = connect(&nats_url()).await.expect("NATS");
    let js = async_nats::jetstream::new(client);
    let s = js.get_stream(&names.stream).await.expect("stream");
    s.get_info().await.map_or(u64::MAX, |i| i.state.messages)
}

async fn drain_and_check(pg: &Pg, names: &StreamNames, n: usize, workers: Vec<Child>) {
    wait_until("file vide", Duration::from_secs(900), async || lag(names).await == 0).await;
    let (docs, assessments, distinct) = pg.counts().await;
    assert_eq!(docs, n as i64, "documents");
    assert_eq!(assessments, n as i64, "évaluations");
    assert_eq!(distinct, n as i64, "clés distinctes");
    for mut w in workers {
        sigterm(&w);
        let status = w.wait().expect("wait");
        assert!(status.success(), "arrêt propre sur SIGTERM : {status}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_one_killed_three_times_store_each_document_exactly_once() {
    let _lock = NATS_LOCK.lock().await;
    let n = n_docs();
    let pg = Pg::new().await;
    // The schema is migrated once before the workers race for it.
    pg.store().await.close().await;
    let names = StreamNames::new(&stream_name()).expect("names");
    publish_all(&names, n).await;
    let mut a = spawn_worker(&names.stream, &pg.url);
    let b = spawn_worker(&names.stream, &pg.url);
    let mut rng = Rng::from_env();
    // Three kill points, at random between 10 % and 90 % of the documents.
    let mut points: Vec<i64> =
        (0..3).map(|_| (n as u64 / 10 + rng.below(n as u64 * 8 / 10)) as i64).collect();
    points.sort_unstable();
    for point in points {
        wait_until("point d'arrêt", Duration::from_secs(900), async || {
            pg.counts().await.0 >= point
        })
        .await;
        // SIGKILL: no drain, unacknowledged jobs come back after ack_wait.
        a.kill().expect("kill -9");
        a.wait().expect("wait");
        tokio::time::sleep(Duration::from_millis(rng.below(500))).await;
        a = spawn_worker(&names.stream, &pg.url);
    }
    drain_and_check(&pg, &names, n, vec![a, b]).await;
    pg.done().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_restarted_mid_run_loses_nothing() {
    let _lock = NATS_LOCK.lock().await;
    let n = n_docs();
    let pg = Pg::new().await;
    pg.store().await.close().await;
    let names = StreamNames::new(&stream_name()).expect("names");
    publish_all(&names, n).await;
    let workers = vec![spawn_worker(&names.stream, &pg.url), spawn_worker(&names.stream, &pg.url)];
    wait_until("un tiers", Duration::from_secs(900), async || {
        pg.counts().await.0 >= (n / 3) as i64
    })
    .await;
    {
        let _guard = NatsGuard; // starts NATS again on drop, even if what follows panics
        common::stop_nats();
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    common::wait_nats().await;
    drain_and_check(&pg, &names, n, workers).await;
    pg.done().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_listener_serves_prometheus_text() {
    let metrics = Arc::new(Metrics::default());
    metrics.assessed.store(5, Ordering::Relaxed);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop_tx, stop) = watch::channel(false);
    let server = tokio::spawn(vigie_worker::serve_metrics(listener, metrics, stop));
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut body = String::new();
    stream.read_to_string(&mut body).await.expect("read");
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
    assert!(body.contains("vigie_worker_assessed_total 5\n"), "{body}");
    stop_tx.send(true).expect("stop");
    server.await.expect("join").expect("serve");
}
