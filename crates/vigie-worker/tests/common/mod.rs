//! Shared helpers: a fresh PostgreSQL schema per test, a unique NATS stream name per test, the
//! NATS restart, and synthetic documents (no explicit content).

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use vigie_store::Store;

pub fn pg_url() -> String {
    std::env::var("VIGIE_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

pub fn nats_url() -> String {
    std::env::var("VIGIE_TEST_NATS").unwrap_or_else(|_| "nats://127.0.0.1:4222".to_owned())
}

static SEQ: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{prefix}_{}_{}_{nanos}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed))
}

/// A unique stream name (NATS stream names take `-` and `_`).
pub fn stream_name() -> String {
    unique("vw").replace('_', "-")
}

/// A fresh schema and its store URL.
pub struct Pg {
    pub url: String,
    pub schema: String,
}

impl Pg {
    pub async fn new() -> Pg {
        let schema = unique("vigie_w");
        let admin = sqlx::PgPool::connect(&pg_url()).await.expect("PostgreSQL");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(&admin)
            .await
            .expect("create schema");
        admin.close().await;
        let sep = if pg_url().contains('?') { '&' } else { '?' };
        let url = format!("{}{sep}options=-csearch_path%3D{schema}", pg_url());
        Pg { url, schema }
    }

    pub async fn store(&self) -> Store {
        Store::open(&self.url).await.expect("store")
    }

    /// (documents, assessments, distinct document keys).
    pub async fn counts(&self) -> (i64, i64, i64) {
        let pool = sqlx::PgPool::connect(&self.url).await.expect("PostgreSQL");
        let row: (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM assessments), \
             (SELECT count(DISTINCT doc_key) FROM documents)",
        )
        .fetch_one(&pool)
        .await
        .expect("counts");
        pool.close().await;
        row
    }

    pub async fn done(self) {
        let admin = sqlx::PgPool::connect(&pg_url()).await.expect("PostgreSQL");
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {} CASCADE", self.schema)))
            .execute(&admin)
            .await;
        admin.close().await;
    }
}

/// One synthetic document: neutral chat, and every 10th a recruitment manoeuvre (money offer to
/// someone asked their age, a move to a private app) so that some assessments reach the alert
/// level. No explicit content.
pub fn doc_json(i: usize) -> Vec<u8> {
    let text = if i % 10 == 0 {
        format!(
            "t'as quel âge ? 15 ans c'est parfait, je peux te faire gagner 300 euros par soir, \
             viens sur snap on en parle en privé, message {i}"
        )
    } else {
        format!("salut, on se retrouve samedi au parc pour le match ? message {i}")
    };
    serde_json::to_vec(&serde_json::json!({ "id": format!("doc-{i}"), "text": text }))
        .expect("json")
}

/// Starts nats-server again when dropped (even when the test fails).
pub struct NatsGuard;

pub const NATS_START: [&str; 12] = [
    "--start",
    "--oknodo",
    "--background",
    "--exec",
    "/usr/sbin/nats-server",
    "--",
    "-a",
    "127.0.0.1",
    "-p",
    "4222",
    "-js",
    "-sd",
];

pub fn start_nats() {
    let _ = std::process::Command::new("start-stop-daemon")
        .args(NATS_START)
        .arg("/var/lib/nats-server")
        .status();
}

pub fn stop_nats() {
    let _ = std::process::Command::new("start-stop-daemon")
        .args(["--stop", "--exec", "/usr/sbin/nats-server"])
        .status();
}

impl Drop for NatsGuard {
    fn drop(&mut self) {
        start_nats();
    }
}

/// Waits until NATS answers again.
pub async fn wait_nats() {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect("127.0.0.1:4222").await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("NATS ne répond pas après 10 s");
}

/// A small deterministic generator (xorshift) for kill points: its seed is printed so that a
/// failing run can be replayed (VIGIE_TEST_SEED).
pub struct Rng(pub u64);

impl Rng {
    pub fn from_env() -> Rng {
        let seed = std::env::var("VIGIE_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
                    | 1
            });
        eprintln!("VIGIE_TEST_SEED={seed}");
        Rng(seed)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Serialises the tests that use NATS (one of them restarts the server).
pub static NATS_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
