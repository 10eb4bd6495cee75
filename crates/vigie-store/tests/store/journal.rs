//! Cases, four-eyes exports, the journal and retention, on both backends.

use vigie_journal::{SigningKey, Verifier};
use vigie_store::{JournalEvent, Role, Store, StoreError};

use super::Db;

/// Runs a test on both backends, with the database handle (for raw SQL: tampering).
macro_rules! both_db {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(db) = crate::sqlite().await {
                    super::$name(&db).await;
                    db.done().await;
                }
            })*
        }
        mod on_postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(db) = crate::postgres().await {
                    super::$name(&db).await;
                    db.done().await;
                }
            })*
        }
    };
}

both_db!(
    cases_are_need_to_know_and_exports_need_two_accounts,
    journal_detects_edits_deletions_swaps_and_truncation,
    erasing_bodies_keeps_the_journal_verifiable,
    concurrent_writers_leave_a_gapless_log,
);

const ORIGIN: &str = "vigie.test/journal";

/// Verifies the journal as stored against `notes`; `Err((seq, problem code))` on the first fault.
async fn verify(
    store: &Store,
    key: &SigningKey,
    notes: &[String],
) -> Result<u64, (Option<u64>, String)> {
    let vk = key.verifying_key();
    let mut v = Verifier::from_notes(notes, &vk, ORIGIN)
        .map_err(|f| (f.seq, f.problem.code().to_owned()))?;
    let mut from = 0;
    loop {
        let page = store.journal_page(from, 1000).await.unwrap();
        let Some(last) = page.last() else { break };
        from = last.row.seq + 1;
        for r in &page {
            let Some(e) = r.stored_entry() else {
                return Err((Some(r.row.seq as u64), "unreadable".to_owned()));
            };
            v.push(&e).map_err(|f| (f.seq, f.problem.code().to_owned()))?;
        }
    }
    v.finish().map(|s| s.size).map_err(|f| (f.seq, f.problem.code().to_owned()))
}

async fn user(store: &Store, name: &str) -> i64 {
    let hash = vigie_store::hash_password("un mot de passe assez long").unwrap();
    store.add_user(name, Role::Analyste, &hash, false).await.unwrap()
}

async fn cases_are_need_to_know_and_exports_need_two_accounts(db: &Db) {
    let store = &db.store;
    let d = super::detector();
    store.ingest(&super::assessed(&d, super::docs(super::ADS)), None).await.unwrap();
    let (a, b, c) =
        (user(store, "alice").await, user(store, "bruno").await, user(store, "chloe").await);
    let case = store.create_case(a, "Réseau Lyon", "annonces liées").await.unwrap();
    let key = super::docs(super::ADS)[0].id.clone();
    store.add_case_subject(case, a, &key, "même numéro").await.unwrap();
    // Need to know: a non-member gets "not found", as for a case that does not exist.
    assert!(matches!(store.case(case, b).await, Err(StoreError::NotFound(_))));
    assert!(store.cases(b).await.unwrap().is_empty());
    store.add_case_member(case, a, "bruno").await.unwrap();
    let view = store.case(case, b).await.unwrap();
    assert_eq!(view.subjects.len(), 1);
    assert_eq!(view.members, ["alice", "bruno"]);
    let export = store.request_export(case, a, "réquisition 2026/123").await.unwrap();
    assert_eq!(store.validate_export(export, a).await.unwrap(), 1);
    assert!(matches!(store.validate_export(export, a).await, Err(StoreError::Conflict(_))));
    assert!(matches!(store.open_export(export, a).await, Err(StoreError::Forbidden(_))));
    // A non-member can neither validate nor open it.
    assert!(matches!(store.validate_export(export, c).await, Err(StoreError::NotFound(_))));
    assert_eq!(store.validate_export(export, b).await.unwrap(), 2);
    assert_eq!(store.open_export(export, a).await.unwrap(), case);
    // Every step is in the journal, with pseudonyms, never names.
    let about = store.journal_about("case", &[case.to_string()]).await.unwrap();
    let actions: Vec<&str> = about.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["case.create", "case.subject", "case.member", "case.read"]);
    assert!(about.iter().all(|r| r.actor.starts_with("r:")));
    let exports = store.journal_about("export", &[export.to_string()]).await.unwrap();
    let actions: Vec<&str> = exports.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        ["export.request", "export.validate", "export.validate", "export.download"]
    );
    let key = SigningKey::generate(ORIGIN).unwrap();
    let cp = store.checkpoint(&key, ORIGIN).await.unwrap();
    assert_eq!(verify(store, &key, &[cp.note]).await, Ok(cp.size as u64));
}

/// Appends `n` system entries with fixed times and salts (the same script on both backends).
async fn script(store: &Store, n: u8) {
    for i in 0..n {
        let e = JournalEvent {
            action: "verdict",
            object_kind: "subject",
            object_id: format!("doc-{i}"),
            data_class: "review",
            body: serde_json::json!({ "verdict": "confirme", "i": i }),
        };
        store.journal_append_at(None, &e, 1_790_000_000 + i64::from(i), [i; 16]).await.unwrap();
    }
}

async fn journal_detects_edits_deletions_swaps_and_truncation(db: &Db) {
    let store = &db.store;
    let key = SigningKey::generate(ORIGIN).unwrap();
    script(store, 20).await;
    let (size, root) = store.journal_head().await.unwrap();
    assert_eq!(size, 20);
    // The same script gives the same root on both backends (fixed times and salts).
    assert_eq!(
        hex::encode(root),
        "3a4b5f423c89f9bde725325064816af716a981605c27e8ee0e17aa6825dc9382",
        "root of the fixed script"
    );
    let held = store.checkpoint(&key, ORIGIN).await.unwrap().note;
    assert_eq!(verify(store, &key, std::slice::from_ref(&held)).await, Ok(20));
    // The triggers refuse edits…
    assert!(db.sql("UPDATE journal SET action = 'x' WHERE seq = 3").await.is_err());
    // …and once dropped (a DBA, a restored dump), the verifier still names the first bad entry.
    db.drop_journal_triggers().await;
    db.sql("UPDATE journal SET object_id = 'doc-99' WHERE seq = 7").await.unwrap();
    assert_eq!(verify(store, &key, std::slice::from_ref(&held)).await.unwrap_err().0, Some(7));
    db.sql("UPDATE journal SET object_id = 'doc-7' WHERE seq = 7").await.unwrap();
    assert_eq!(verify(store, &key, std::slice::from_ref(&held)).await, Ok(20));
    // Two rows swapped (their contents exchanged; the bodies reference the sequence numbers).
    let swap = "UPDATE journal SET object_id = CASE seq WHEN 4 THEN 'doc-5' ELSE 'doc-4' END, \
                ts = CASE seq WHEN 4 THEN ts + 1 ELSE ts - 1 END WHERE seq IN (4, 5)";
    db.sql(swap).await.unwrap();
    assert_eq!(verify(store, &key, std::slice::from_ref(&held)).await.unwrap_err().0, Some(4));
    let back = swap
        .replace("THEN 'doc-5' ELSE 'doc-4'", "THEN 'doc-4' ELSE 'doc-5'")
        .replace("ts + 1 ELSE ts - 1", "ts - 1 ELSE ts + 1");
    db.sql(&back).await.unwrap();
    assert_eq!(verify(store, &key, std::slice::from_ref(&held)).await, Ok(20));
    // The last rows removed, as when an old backup is restored: the held checkpoint is larger.
    db.sql("DELETE FROM journal_bodies WHERE seq >= 15").await.unwrap();
    db.sql("DELETE FROM journal WHERE seq >= 15").await.unwrap();
    let err = verify(store, &key, std::slice::from_ref(&held)).await.unwrap_err();
    assert_eq!(err.1, "truncated", "{err:?}");
    // A middle row deleted.
    db.sql("DELETE FROM journal_bodies WHERE seq = 9").await.unwrap();
    db.sql("DELETE FROM journal WHERE seq = 9").await.unwrap();
    assert_eq!(verify(store, &key, std::slice::from_ref(&held)).await.unwrap_err().0, Some(9));
}

async fn erasing_bodies_keeps_the_journal_verifiable(db: &Db) {
    let store = &db.store;
    let key = SigningKey::generate(ORIGIN).unwrap();
    for i in 0..100 {
        let class = if i % 10 == 0 { "read" } else { "case" };
        let e = JournalEvent {
            action: "case.read",
            object_kind: "case",
            object_id: format!("{i}"),
            data_class: class,
            body: serde_json::json!({ "i": i }),
        };
        store.journal_append(None, &e).await.unwrap();
    }
    let before = store.checkpoint(&key, ORIGIN).await.unwrap().note;
    store.set_retention("read", 1).await.unwrap();
    let report = store.purge_at(vigie_store_now() + 2 * 86_400).await.unwrap();
    assert_eq!(report.journal_bodies, 10);
    let page = store.journal_page(0, 1000).await.unwrap();
    let erased: Vec<i64> = page.iter().filter(|r| r.body.is_none()).map(|r| r.row.seq).collect();
    assert_eq!(erased, (0..100).step_by(10).collect::<Vec<i64>>());
    // The purge itself is journaled, and the log still verifies against the earlier checkpoint.
    assert_eq!(page.last().unwrap().row.action, "retention.purge");
    let after = store.checkpoint(&key, ORIGIN).await.unwrap().note;
    assert_eq!(verify(store, &key, &[before, after]).await, Ok(page.len() as u64));
}

fn vigie_store_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

async fn concurrent_writers_leave_a_gapless_log(db: &Db) {
    let store = &db.store;
    let mut tasks = Vec::new();
    for w in 0..32 {
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..1000 {
                let e = JournalEvent {
                    action: "verdict",
                    object_kind: "subject",
                    object_id: format!("w{w}-{i}"),
                    data_class: "review",
                    body: serde_json::json!({}),
                };
                s.journal_append(None, &e).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let key = SigningKey::generate(ORIGIN).unwrap();
    let cp = store.checkpoint(&key, ORIGIN).await.unwrap();
    assert_eq!(cp.size, 32_000);
    assert_eq!(verify(store, &key, &[cp.note]).await, Ok(32_000));
}
