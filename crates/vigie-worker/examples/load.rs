//! Load generator for the worker figures (docs/bench/workers.md): publishes synthetic documents
//! (no explicit content) to a stream, as fast as possible or at a steady rate, then waits until
//! the work queue is empty and prints messages per second. With `--pids`, samples the RSS of
//! those worker processes and the queue lag every 10 s.
//!
//! cargo run --release -p vigie-worker --example load -- STREAM N [RATE_PER_S] [PID,PID…]

// Fixture sizes are small; hang guards are written in seconds.
#![allow(
    clippy::cast_possible_wrap,
    clippy::duration_suboptimal_units,
    clippy::manual_is_multiple_of
)]

use std::time::{Duration, Instant};

use vigie_worker::queue::connect;
use vigie_worker::{Publisher, StreamNames};

fn doc(i: usize) -> Vec<u8> {
    let text = if i % 10 == 0 {
        format!(
            "t'as quel âge ? je peux te faire gagner 300 euros par soir, viens sur snap on en \
             parle en privé, message {i}"
        )
    } else {
        format!("salut, on se retrouve samedi au parc pour le match ? message {i}")
    };
    serde_json::to_vec(&serde_json::json!({ "id": format!("load-{i}"), "text": text }))
        .expect("json")
}

fn rss_kib(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let stream = args.get(1).expect("STREAM");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).expect("N");
    let rate: f64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0.0);
    let pids: Vec<String> = args
        .get(4)
        .map(|s| s.split(',').filter(|p| !p.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let names = StreamNames::new(stream).expect("stream name");
    let client = connect("nats://127.0.0.1:4222").await.expect("NATS");
    let js = async_nats::jetstream::new(client.clone());
    let mut publisher = Publisher::new(client.clone(), names.clone(), 1024).await.expect("pub");
    let start = Instant::now();
    let mut next_sample = Duration::ZERO;
    let sample = |t: Duration| {
        let js = js.clone();
        let names = names.clone();
        let pids = pids.clone();
        async move {
            let lag = match js.get_stream(&names.stream).await {
                Ok(s) => s.get_info().await.map_or(0, |i| i.state.messages),
                Err(_) => 0,
            };
            let rss: Vec<String> = pids
                .iter()
                .map(|p| rss_kib(p).map_or("-".to_owned(), |k| format!("{}", k / 1024)))
                .collect();
            println!("t={:>5.0}s lag={lag} rss_mib=[{}]", t.as_secs_f64(), rss.join(","));
        }
    };
    for i in 0..n {
        if rate > 0.0 {
            let due = Duration::from_secs_f64(i as f64 / rate);
            let now = start.elapsed();
            if due > now {
                tokio::time::sleep(due.saturating_sub(now)).await;
            }
            if !pids.is_empty() && start.elapsed() >= next_sample {
                sample(start.elapsed()).await;
                next_sample += Duration::from_secs(10);
            }
        }
        publisher.publish(Some(&format!("load-{i}")), doc(i).into()).await.expect("publish");
    }
    publisher.finish().await.expect("acks");
    let published = start.elapsed();
    println!(
        "published {n} in {:.1}s ({:.0}/s)",
        published.as_secs_f64(),
        n as f64 / published.as_secs_f64()
    );
    loop {
        let left = js
            .get_stream(&names.stream)
            .await
            .expect("stream")
            .get_info()
            .await
            .map_or(u64::MAX, |i| i.state.messages);
        if !pids.is_empty() && start.elapsed() >= next_sample {
            sample(start.elapsed()).await;
            next_sample += Duration::from_secs(10);
        }
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let total = start.elapsed();
    println!(
        "drained {n} in {:.1}s end to end: {:.0} messages/s",
        total.as_secs_f64(),
        n as f64 / total.as_secs_f64()
    );
}
