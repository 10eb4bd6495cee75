//! The store's test suite, run on both backends: SQLite (a temporary file) and PostgreSQL (a fresh
//! schema per test on `VIGIE_TEST_PG`, default `postgres://postgres@127.0.0.1:5432/test`, so that
//! tests never collide and run in parallel). Set `VIGIE_SKIP_PG=1` to run SQLite only.

// Fixture sizes are tiny.
#![allow(clippy::cast_possible_wrap)]

use std::sync::atomic::{AtomicU32, Ordering};

use vigie_detect::Detector;
use vigie_ingest::{JsonlReader, Limits};
use vigie_model::{Document, IdentifierKind, Level};
use vigie_store::{
    IdentifierQuery, IngestStatus, NewDocument, Role, SearchQuery, Store, StoredAssessment,
};

/// A store under test and what to clean after it.
struct Db {
    store: Store,
    url: String,
    _dir: Option<tempfile::TempDir>,
    schema: Option<String>,
}

impl Db {
    /// Runs one statement beside the store, as a DBA would (tampering tests).
    async fn sql(&self, sql: &str) -> Result<(), sqlx::Error> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        if self.schema.is_some() {
            let pool = sqlx::PgPool::connect(&self.url).await?;
            sqlx::query(sql).execute(&pool).await?;
            pool.close().await;
        } else {
            let pool = sqlx::SqlitePool::connect(&self.url).await?;
            sqlx::query(sql).execute(&pool).await?;
            pool.close().await;
        }
        Ok(())
    }

    /// Drops the triggers that forbid editing the journal.
    async fn drop_journal_triggers(&self) {
        if self.schema.is_some() {
            self.sql("DROP TRIGGER journal_no_update ON journal").await.expect("drop trigger");
        } else {
            self.sql("DROP TRIGGER journal_no_update").await.expect("drop trigger");
            self.sql("DROP TRIGGER journal_no_delete").await.expect("drop trigger");
        }
    }

    async fn done(self) {
        self.store.close().await;
        if let Some(schema) = self.schema {
            let admin = sqlx::PgPool::connect(&pg_url()).await.expect("postgres");
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                .execute(&admin)
                .await;
            admin.close().await;
        }
    }
}

fn pg_url() -> String {
    std::env::var("VIGIE_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

async fn sqlite() -> Option<Db> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("vigie.db").display());
    let store = Store::open(&url).await.expect("sqlite store");
    Some(Db { store, url, _dir: Some(dir), schema: None })
}

static SEQ: AtomicU32 = AtomicU32::new(0);

async fn postgres() -> Option<Db> {
    if std::env::var("VIGIE_SKIP_PG").is_ok_and(|v| v == "1") {
        return None;
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let schema =
        format!("vigie_t_{}_{}_{nanos}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed));
    let admin =
        sqlx::PgPool::connect(&pg_url()).await.expect("PostgreSQL (VIGIE_SKIP_PG=1 to skip)");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .expect("create schema");
    admin.close().await;
    let sep = if pg_url().contains('?') { '&' } else { '?' };
    let url = format!("{}{sep}options=-csearch_path%3D{schema}", pg_url());
    let store = Store::open(&url).await.expect("postgres store");
    Some(Db { store, url, _dir: None, schema: Some(schema) })
}

/// Runs a test on both backends.
macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(db) = super::sqlite().await {
                    super::$name(&db.store).await;
                    db.done().await;
                }
            })*
        }
        mod on_postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(db) = super::postgres().await {
                    super::$name(&db.store).await;
                    db.done().await;
                }
            })*
        }
    };
}

#[path = "store/journal.rs"]
mod journal;

both!(
    ingest_is_idempotent,
    same_key_other_content_is_a_conflict,
    document_view_has_assessment_versions_and_events,
    reassessment_is_a_new_version,
    search_full_text_identifier_facets_and_cursor,
    conversations_are_reassessed_as_messages_arrive,
    shared_identifiers_make_networks,
    accounts_tokens_and_sessions,
    media_hashes_are_listed,
    concurrent_batches_store_each_document_once,
);

fn detector() -> Detector {
    Detector::builder().build().expect("shipped rules")
}

fn docs(jsonl: &str) -> Vec<Document> {
    JsonlReader::new(jsonl.as_bytes(), Limits::default())
        .map(|r| r.expect("fixture record").doc)
        .collect()
}

fn assessed(detector: &Detector, docs: Vec<Document>) -> Vec<NewDocument> {
    docs.into_iter()
        .map(|doc| {
            let assessment = detector.assess(&doc);
            let conversation = doc.conversation.as_ref().map(|c| format!("thread:{c}"));
            NewDocument { doc, assessment, conversation }
        })
        .collect()
}

const ADS: &str = include_str!("../../../examples/network-ads.jsonl");
const CONVERSATIONS: &str = include_str!("../../../examples/conversations.jsonl");

async fn ingest_is_idempotent(store: &Store) {
    let d = detector();
    let batch = assessed(&d, docs(ADS));
    let n = batch.len();
    let hash = vigie_store::hash_password("un mot de passe assez long").unwrap();
    let uid = store.add_user("ana", Role::Analyste, &hash, false).await.unwrap();
    let actor = format!("user:{uid}");
    let first = store.ingest(&batch, Some(&actor)).await.unwrap();
    assert_eq!(first.len(), n);
    assert!(first.iter().all(|o| o.status == IngestStatus::Stored));
    let (docs1, assessments1, events1) = store.counts().await.unwrap();
    assert_eq!(docs1, n as i64);
    assert_eq!(assessments1, n as i64);
    let again = store.ingest(&batch, Some(&actor)).await.unwrap();
    assert!(again.iter().all(|o| o.status == IngestStatus::Duplicate), "{again:?}");
    assert_eq!(store.counts().await.unwrap(), (docs1, assessments1, events1));
    // The same record twice in one batch is stored once.
    let twice = assessed(
        &d,
        docs("{\"id\":\"x1\",\"text\":\"salut\"}\n{\"id\":\"x1\",\"text\":\"salut\"}\n"),
    );
    let out = store.ingest(&twice, None).await.unwrap();
    assert_eq!(out[0].status, IngestStatus::Stored);
    assert_eq!(out[1].status, IngestStatus::Duplicate);
    assert_eq!(store.counts().await.unwrap().0, docs1 + 1);
}

async fn same_key_other_content_is_a_conflict(store: &Store) {
    let d = detector();
    let a = assessed(&d, docs("{\"id\":\"k\",\"text\":\"bonjour\"}"));
    let b = assessed(&d, docs("{\"id\":\"k\",\"text\":\"bonsoir\"}"));
    assert_eq!(store.ingest(&a, None).await.unwrap()[0].status, IngestStatus::Stored);
    assert_eq!(store.ingest(&b, None).await.unwrap()[0].status, IngestStatus::Conflict);
    let view = store.document("k").await.unwrap().unwrap();
    assert_eq!(view.document["text"], "bonjour", "never overwritten");
}

async fn document_view_has_assessment_versions_and_events(store: &Store) {
    let d = detector();
    let batch = assessed(&d, docs(ADS));
    store.ingest(&batch, None).await.unwrap();
    let view = store.document("a1").await.unwrap().expect("a1 stored");
    assert_eq!(view.kind, "ad");
    assert_eq!(view.versions.len(), 1);
    assert_eq!(view.versions[0].version, 1);
    let a = view.assessment.expect("assessment");
    assert_eq!(a["document"], "a1");
    assert_eq!(a["level"], batch[0].assessment.level.as_str());
    let kinds: Vec<&str> = view.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(&kinds[..2], ["ingested", "assessed"]);
    assert!(store.document("absent").await.unwrap().is_none());
}

async fn reassessment_is_a_new_version(store: &Store) {
    let d = detector();
    let batch = assessed(&d, docs(ADS));
    store.ingest(&batch, None).await.unwrap();
    let mut a = batch[0].assessment.clone();
    let hash = batch[0].content_hash().unwrap();
    // Same fingerprint: nothing new.
    let same = StoredAssessment::of_document(&a, &hash).unwrap();
    assert_eq!(store.reassess_document("a1", &same).await.unwrap(), None);
    // New rules: version 2, now the current one; version 1 kept.
    "test rules, fnv1a:0".clone_into(&mut a.engine.rules);
    a.score = 0.0;
    a.level = Level::None;
    let newer = StoredAssessment::of_document(&a, &hash).unwrap();
    assert_eq!(store.reassess_document("a1", &newer).await.unwrap(), Some(2));
    let view = store.document("a1").await.unwrap().unwrap();
    assert_eq!(view.versions.len(), 2);
    assert_eq!(view.versions[0].rules, batch[0].assessment.engine.rules);
    assert_eq!(view.assessment.unwrap()["engine"]["rules"], "test rules, fnv1a:0");
    assert_eq!(store.reassess_document("absent", &newer).await.unwrap(), None);
}

fn query() -> SearchQuery {
    SearchQuery { limit: 50, ..SearchQuery::default() }
}

async fn keys(store: &Store, q: &SearchQuery) -> Vec<String> {
    store.search(q).await.unwrap().hits.into_iter().map(|h| h.id).collect()
}

async fn search_full_text_identifier_facets_and_cursor(store: &Store) {
    let d = detector();
    let batch = assessed(&d, docs(ADS));
    store.ingest(&batch, None).await.unwrap();
    let all: Vec<String> = batch.iter().map(|b| b.doc.id.clone()).collect();
    // Full text: a word of some ads only (accents and case folded on both backends).
    let expected: Vec<String> = batch
        .iter()
        .rev()
        .filter(|b| b.doc.text.contains("Grenoble"))
        .map(|b| b.doc.id.clone())
        .collect();
    assert!(!expected.is_empty());
    let got = keys(store, &SearchQuery { text: Some("grenoble".into()), ..query() }).await;
    assert_eq!(got, expected);
    assert!(keys(store, &SearchQuery { text: Some("\"OR*(".into()), ..query() }).await.is_empty());
    // By identifier: the E.164 phone shared by several ads.
    let phone = "+33639981234";
    let expected: Vec<String> = batch
        .iter()
        .rev()
        .filter(|b| b.assessment.identifiers.iter().any(|i| i.value == phone))
        .map(|b| b.doc.id.clone())
        .collect();
    assert!(expected.len() >= 2);
    let q = SearchQuery {
        identifier: Some(IdentifierQuery { kind: "phone".into(), value: phone.into() }),
        ..query()
    };
    assert_eq!(keys(store, &q).await, expected);
    // Facets: category and level of the latest assessment, kind, date.
    let cat = batch[0].assessment.categories[0].category.as_str().to_owned();
    let with_cat: Vec<String> = batch
        .iter()
        .rev()
        .filter(|b| b.assessment.categories.iter().any(|c| c.category.as_str() == cat))
        .map(|b| b.doc.id.clone())
        .collect();
    assert_eq!(
        keys(store, &SearchQuery { category: Some(cat.clone()), ..query() }).await,
        with_cat
    );
    let high: Vec<String> = batch
        .iter()
        .rev()
        .filter(|b| b.assessment.level >= Level::Medium)
        .map(|b| b.doc.id.clone())
        .collect();
    assert_eq!(keys(store, &SearchQuery { min_level: Some(Level::Medium), ..query() }).await, high);
    assert_eq!(
        keys(store, &SearchQuery { kind: Some("message".into()), ..query() }).await,
        Vec::<String>::new()
    );
    let from = "2026-03-05T00:00:00Z".parse::<jiff::Timestamp>().unwrap().as_second();
    let recent: Vec<String> = batch
        .iter()
        .rev()
        .filter(|b| {
            b.doc.timestamp.as_deref().unwrap().parse::<jiff::Timestamp>().unwrap().as_second()
                >= from
        })
        .map(|b| b.doc.id.clone())
        .collect();
    assert_eq!(keys(store, &SearchQuery { from: Some(from), ..query() }).await, recent);
    // Facet counts add up.
    let page = store.search(&SearchQuery { facets: true, ..query() }).await.unwrap();
    assert_eq!(page.levels.iter().map(|f| f.count).sum::<i64>(), all.len() as i64);
    assert_eq!(
        page.categories.iter().find(|f| f.value == cat).unwrap().count,
        with_cat.len() as i64
    );
    // Places (grouped case-insensitively) and months, counted over the same matches.
    let placed: Vec<&str> = batch
        .iter()
        .filter_map(|b| {
            b.doc.place.as_deref().or_else(|| {
                b.assessment
                    .identifiers
                    .iter()
                    .find(|i| i.kind == IdentifierKind::Place)
                    .map(|i| i.matched.as_str())
            })
        })
        .collect();
    assert!(placed.len() >= 3, "the example ads name their towns");
    assert_eq!(page.places.iter().map(|f| f.count).sum::<i64>(), placed.len() as i64);
    for f in &page.places {
        let n = placed.iter().filter(|p| p.eq_ignore_ascii_case(&f.value)).count();
        assert_eq!(f.count, n as i64, "place {}", f.value);
    }
    let dated = batch.iter().filter(|b| b.doc.timestamp.is_some()).count();
    assert_eq!(page.months.iter().map(|f| f.count).sum::<i64>(), dated as i64);
    assert!(page.months.iter().all(|f| f.value.len() == 7 && f.value.as_bytes()[4] == b'-'));
    // Cursor pagination: every document once, newest first, no cap.
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.search(&SearchQuery { limit: 4, cursor, ..query() }).await.unwrap();
        assert!(page.hits.len() <= 4);
        seen.extend(page.hits.into_iter().map(|h| h.id));
        match page.next_cursor {
            Some(c) => cursor = Some(c.parse().unwrap()),
            None => break,
        }
    }
    let mut newest_first = all.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first);
}

async fn conversations_are_reassessed_as_messages_arrive(store: &Store) {
    let d = detector();
    let batch = assessed(&d, docs(CONVERSATIONS));
    let conv = batch[0].conversation.clone().unwrap();
    let members: Vec<NewDocument> =
        batch.iter().filter(|b| b.conversation.as_deref() == Some(&conv)).cloned().collect();
    let (head, tail) = members.split_at(members.len() - 1);
    store.ingest(head, None).await.unwrap();
    let pending = store.pending_conversations(100).await.unwrap();
    let p = pending.iter().find(|p| p.key == conv).expect("pending conversation");
    assert_eq!(p.messages.len(), head.len());
    assert_eq!(p.messages[0].0.id, head[0].doc.id);
    let stored = |input: &str, score: f64| StoredAssessment {
        engine: "test".into(),
        rules: "r".into(),
        model: String::new(),
        input: input.into(),
        score,
        level: Level::from_score(score),
        categories: Vec::new(),
        body: serde_json::json!({ "conversation": conv, "score": score }),
        signals: Vec::new(),
        minor_cues: 0,
    };
    store.put_conversation_assessment(p.id, p.since, &stored("one", 0.4)).await.unwrap();
    let view = store.conversation(&conv).await.unwrap().expect("conversation");
    assert!(!view.pending);
    assert_eq!(view.messages.len(), head.len());
    assert_eq!(view.assessment.unwrap()["score"], 0.4);
    // A new message: pending again; its assessment is version 2.
    store.ingest(tail, None).await.unwrap();
    let pending = store.pending_conversations(100).await.unwrap();
    let p = pending.iter().find(|p| p.key == conv).expect("pending again");
    assert_eq!(p.messages.len(), members.len());
    // An assessment made before the new message does not clear the mark.
    store.put_conversation_assessment(p.id, p.since - 1, &stored("stale", 0.5)).await.unwrap();
    assert!(store.conversation(&conv).await.unwrap().unwrap().pending);
    store.put_conversation_assessment(p.id, p.since, &stored("two", 0.9)).await.unwrap();
    let view = store.conversation(&conv).await.unwrap().unwrap();
    assert!(!view.pending);
    assert_eq!(view.versions.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(view.assessment.unwrap()["score"], 0.9);
    let doc = store.document(&head[0].doc.id).await.unwrap().unwrap();
    assert_eq!(doc.conversation.as_deref(), Some(conv.as_str()));
}

async fn shared_identifiers_make_networks(store: &Store) {
    let d = detector();
    let batch = assessed(&d, docs(ADS));
    store.ingest(&batch, None).await.unwrap();
    let a1 = store.document("a1").await.unwrap().unwrap();
    let a2 = store.document("a2").await.unwrap().unwrap();
    let net = a1.network.expect("a1 shares its phone");
    assert_eq!(a2.network, Some(net));
    let view = store.network(net).await.unwrap().expect("network");
    let ids: Vec<&str> = view.members.iter().map(|m| m.id.as_str()).collect();
    assert!(ids.contains(&"a1") && ids.contains(&"a2") && ids.contains(&"a3"), "{ids:?}");
    assert!(
        view.edges.iter().any(|e| e.identifier_kind == "phone" && e.identifier == "+33639981234")
    );
    // Every edge's identifier is shared by at least two members.
    for e in &view.edges {
        assert!(view.edges.iter().filter(|o| o.identifier == e.identifier).count() >= 2);
    }
    assert!(store.network(-1).await.unwrap().is_none());
}

async fn accounts_tokens_and_sessions(store: &Store) {
    // Cheap hashes are not needed: the dependencies are optimised in the dev profile.
    let hash = vigie_store::hash_password("un mot de passe assez long").unwrap();
    assert!(vigie_store::verify_password("un mot de passe assez long", &hash));
    assert!(!vigie_store::verify_password("autre", &hash));
    let id = store.add_user("alice", Role::Analyste, &hash, false).await.unwrap();
    assert!(store.add_user("alice", Role::Admin, &hash, false).await.is_err());
    let (_, token) = store.add_token("alice", None, Some(3600)).await.unwrap();
    assert!(token.starts_with("vigie_t_") && token.len() == 72);
    let p = store.token_principal(&token).await.unwrap().expect("valid token");
    assert_eq!((p.user_id, p.role, p.minors_text), (id, Role::Analyste, false));
    assert!(store.token_principal("vigie_t_0000").await.unwrap().is_none());
    // An analyst cannot mint an admin token; an expired token is refused.
    assert!(store.add_token("alice", Some(Role::Admin), None).await.is_err());
    let (_, expired) = store.add_token("alice", None, Some(0)).await.unwrap();
    assert!(store.token_principal(&expired).await.unwrap().is_none());
    assert_eq!(store.tokens("alice").await.unwrap().len(), 2);
    // Sessions: opened, read, revoked by a role change.
    let s = store.create_session(id, 3600).await.unwrap();
    assert_eq!(store.session_principal(&s).await.unwrap().unwrap().user, "alice");
    store.set_role("alice", Role::Lecture, true).await.unwrap();
    assert!(store.session_principal(&s).await.unwrap().is_none());
    let s = store.create_session(id, 3600).await.unwrap();
    let p = store.session_principal(&s).await.unwrap().unwrap();
    assert_eq!((p.role, p.minors_text), (Role::Lecture, true));
    store.delete_session(&s).await.unwrap();
    assert!(store.session_principal(&s).await.unwrap().is_none());
}

async fn media_hashes_are_listed(store: &Store) {
    let d = detector();
    let pdq = "f".repeat(64);
    let line = format!("{{\"id\":\"m1\",\"text\":\"photo\",\"media\":[{{\"pdq\":\"{pdq}\"}}]}}");
    store.ingest(&assessed(&d, docs(&line)), None).await.unwrap();
    let rows = store.media_hashes(0, 10).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].1.as_str(), rows[0].2.as_str()), ("m1", pdq.as_str()));
    assert!(store.media_hashes(rows[0].0, 10).await.unwrap().is_empty());
}

async fn concurrent_batches_store_each_document_once(store: &Store) {
    let d = detector();
    let all = assessed(&d, docs(ADS));
    // Eight writers, overlapping batches: each document is stored once, the rest are duplicates.
    let mut tasks = Vec::new();
    for w in 0..8usize {
        let store = store.clone();
        let batch: Vec<NewDocument> = all.iter().skip(w % 3).cloned().collect();
        tasks.push(tokio::spawn(async move { store.ingest(&batch, None).await.unwrap() }));
    }
    let mut stored = 0;
    for t in tasks {
        stored += t.await.unwrap().iter().filter(|o| o.status == IngestStatus::Stored).count();
    }
    assert_eq!(stored, all.len());
    assert_eq!(store.counts().await.unwrap().0, all.len() as i64);
}
