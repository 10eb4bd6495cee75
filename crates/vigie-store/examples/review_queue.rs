//! Times the review queue on a large store: the first page of `queue` and `next_item`, with N
//! synthetic subjects written straight into `subjects` and `subject_status` (no documents, no
//! assessments: only what the queue reads).
//!
//! ```text
//! cargo run --release -p vigie-store --example review_queue -- sqlite:/tmp/q.db 1000000
//! cargo run --release -p vigie-store --example review_queue -- \
//!     'postgres://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dqbench' 1000000
//! ```
//! The database (or schema) must be empty; the program fills it once and reuses it when the
//! subjects are already there. Levels, minor cues and waits are spread by fixed arithmetic
//! (deterministic); about 60 % of the subjects are pending (medium and above).

// A benchmark binary: it prints its figures.
#![allow(clippy::print_stdout, clippy::cast_precision_loss, clippy::cast_possible_truncation)]

use std::time::Instant;

use vigie_model::Level;
use vigie_store::{QueueQuery, Role, Store};

/// Fills `n` subjects with one statement per table on both backends (a recursive CTE counts on
/// SQLite and PostgreSQL alike).
const FILL: [&str; 2] = [
    "INSERT INTO subjects (id, kind, key, created_at) \
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
     SELECT i, CASE WHEN i % 3 = 0 THEN 'ad' ELSE 'message' END, 'doc:bench-' || i, 1700000000 FROM n",
    "INSERT INTO subject_status (subject_id, review_state, level, level_rank, score, priority, \
     updated_at, queued_at, minor_cues) \
     SELECT id, CASE WHEN (id * 7919) % 5 >= 2 THEN 'pending' ELSE 'none' END, \
     CASE (id * 7919) % 5 WHEN 4 THEN 'critical' WHEN 3 THEN 'high' WHEN 2 THEN 'medium' \
         WHEN 1 THEN 'low' ELSE 'none' END, \
     (id * 7919) % 5, 0.5, 0.5, 1700000000, \
     CASE WHEN (id * 7919) % 5 >= 2 THEN 1700000000 + (id * 104729) % 2592000 END, (id * 31) % 4 \
     FROM subjects WHERE key LIKE 'doc:bench-%'",
];

fn median_p95(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[(v.len() * 95 / 100).min(v.len() - 1)])
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: review_queue URL [N]")?;
    let n: i64 = args.next().map_or(Ok(1_000_000), |s| s.parse())?;
    let store = Store::open(&url).await?;
    let pg = url.starts_with("postgres");
    let have: i64 = if pg {
        let pool = sqlx::PgPool::connect(&url).await?;
        let c: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM subject_status").fetch_one(&pool).await?;
        if c == 0 {
            let t = Instant::now();
            sqlx::query(FILL[0]).bind(n).execute(&pool).await?;
            sqlx::query(FILL[1]).execute(&pool).await?;
            sqlx::query("ANALYZE").execute(&pool).await?;
            println!("rempli : {n} sujets en {:.1} s", t.elapsed().as_secs_f64());
        }
        sqlx::query_scalar("SELECT COUNT(*) FROM subject_status").fetch_one(&pool).await?
    } else {
        let path = url.trim_start_matches("sqlite:");
        let pool = sqlx::SqlitePool::connect(&format!("sqlite:{path}")).await?;
        let c: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM subject_status").fetch_one(&pool).await?;
        if c == 0 {
            let t = Instant::now();
            sqlx::query(FILL[0]).bind(n).execute(&pool).await?;
            sqlx::query(FILL[1]).execute(&pool).await?;
            sqlx::query("ANALYZE").execute(&pool).await?;
            println!("rempli : {n} sujets en {:.1} s", t.elapsed().as_secs_f64());
        }
        sqlx::query_scalar("SELECT COUNT(*) FROM subject_status").fetch_one(&pool).await?
    };
    let user = if let Some(u) = store.user("bench").await? {
        u.0
    } else {
        let hash = vigie_store::hash_password("banc d'essai")?;
        store.add_user("bench", Role::Moderateur, &hash, false).await?
    };
    println!("sujets : {have}");
    let q = QueueQuery { limit: 50, ..QueueQuery::default() };
    // The first page, 30 times (the answer is checked: 50 items, ordered).
    let mut page_ms = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let page = store.queue(&q).await?;
        page_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(page.items.len(), 50);
        let rank = |l: &str| Level::parse(l).map_or(0, |l| l as i64);
        assert!(page.items.windows(2).all(|w| {
            (rank(&w[0].level), w[0].minor_cues) >= (rank(&w[1].level), w[1].minor_cues)
        }));
    }
    // `next`, 200 times: each claims a new subject (the claimed ones stay at the head of the
    // queue and are skipped, as with reviewers at work).
    let mut next_ms = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..200 {
        let t = Instant::now();
        let c = store.next_item(&q, user, 900).await?.ok_or("queue empty")?;
        next_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(seen.insert(c.subject), "a subject given twice");
    }
    // Leave the queue as found, for the next run.
    for key in &seen {
        store.release(key, user, false).await?;
    }
    let (pm, pp) = median_p95(page_ms);
    let (nm, np) = median_p95(next_ms);
    println!("backend : {}", if pg { "postgres" } else { "sqlite" });
    println!("queue, première page (50) : médiane {pm:.2} ms, p95 {pp:.2} ms (30 appels)");
    println!("next : médiane {nm:.2} ms, p95 {np:.2} ms (200 appels, chacun réserve un sujet)");
    store.close().await;
    Ok(())
}
