//! The review loop on both backends (SQLite file, PostgreSQL schema per test; `VIGIE_SKIP_PG=1`
//! for SQLite only): queue order and reasons, networks as one unit, leases, concurrent `next`,
//! verdicts on single signals and rule precision, the verdict export read back as an evaluation
//! corpus, and a journal entry for every write.

// Fixture sizes are tiny.
#![allow(clippy::cast_possible_wrap)]

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};

use vigie_detect::Detector;
use vigie_detect::eval::Item;
use vigie_ingest::{JsonlReader, Limits};
use vigie_model::{Category, Document, Level};
use vigie_store::{
    NewDocument, NewVerdict, QueueQuery, ReviewError, Role, SignalRef, Store, VerdictKind,
};

struct Db {
    store: Store,
    _dir: Option<tempfile::TempDir>,
    schema: Option<String>,
}

impl Db {
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
    Some(Db { store, _dir: Some(dir), schema: None })
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
        format!("vigie_r_{}_{}_{nanos}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed));
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
    Some(Db { store, _dir: None, schema: Some(schema) })
}

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

both!(
    queue_is_ordered_explained_and_paged,
    networks_are_one_unit_of_review,
    leases_refuse_other_reviewers_and_admins_assign,
    concurrent_next_never_gives_the_same_subject,
    signal_verdicts_measure_rule_precision,
    subject_verdict_decides_and_releases,
    export_reads_back_as_an_evaluation_corpus,
    refuted_links_and_comments,
);

const ADS: &str = include_str!("../../../examples/network-ads.jsonl");
const POSTS: &str = include_str!("../../../examples/posts.jsonl");
const CONVERSATIONS: &str = include_str!("../../../examples/conversations.jsonl");

fn detector() -> Detector {
    Detector::builder().build().expect("shipped rules")
}

fn assessed(d: &Detector, jsonl: &str) -> Vec<NewDocument> {
    JsonlReader::new(jsonl.as_bytes(), Limits::default())
        .map(|r| r.expect("fixture record").doc)
        .map(|doc: Document| {
            let assessment = d.assess(&doc);
            let conversation = doc.conversation.as_ref().map(|c| format!("thread:{c}"));
            NewDocument { doc, assessment, conversation }
        })
        .collect()
}

/// Stores the examples; returns them.
async fn fill(store: &Store) -> Vec<NewDocument> {
    let d = detector();
    let mut all = assessed(&d, ADS);
    all.extend(assessed(&d, POSTS));
    all.extend(assessed(&d, CONVERSATIONS));
    store.ingest(&all, None).await.unwrap();
    all
}

async fn users(store: &Store) -> (i64, i64, i64) {
    let hash = vigie_store::hash_password("mot de passe de test").unwrap();
    (
        store.add_user("alice", Role::Moderateur, &hash, false).await.unwrap(),
        store.add_user("bob", Role::Analyste, &hash, true).await.unwrap(),
        store.add_user("root", Role::Admin, &hash, true).await.unwrap(),
    )
}

fn pending() -> QueueQuery {
    QueueQuery { limit: 500, ..QueueQuery::default() }
}

/// The journal actions recorded about subject `key`.
async fn journaled(store: &Store, key: &str) -> Vec<String> {
    store
        .journal_about("subject", &[key.to_owned()])
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect()
}

fn rank(level: &str) -> i64 {
    Level::parse(level).unwrap() as i64
}

async fn queue_is_ordered_explained_and_paged(store: &Store) {
    let all = fill(store).await;
    let page = store.queue(&pending()).await.unwrap();
    assert!(page.next_cursor.is_none());
    let items = page.items;
    // Every document at medium or above is queued, itself or through its network.
    let queued_docs = all.iter().filter(|d| d.assessment.level >= Level::Medium).count();
    assert!(queued_docs >= 3, "fixtures have queued documents");
    assert!(!items.is_empty());
    for w in items.windows(2) {
        let a = (rank(&w[0].level), w[0].minor_cues, -w[0].queued_at);
        let b = (rank(&w[1].level), w[1].minor_cues, -w[1].queued_at);
        assert!(a >= b, "{} before {}", w[0].subject, w[1].subject);
    }
    for it in &items {
        assert!(rank(&it.level) >= 2, "{}: {}", it.subject, it.level);
        assert!(it.reasons[0].starts_with("niveau"), "{:?}", it.reasons);
        assert!(it.reasons.iter().any(|r| r.starts_with("en attente depuis")));
        assert_eq!(it.minor_cues > 0, it.reasons.iter().any(|r| r.contains("indice")));
        assert!(["message", "conversation", "ad", "network"].contains(&it.kind.as_str()));
    }
    // Filters: kind and minimum level.
    let ads = store.queue(&QueueQuery { kind: Some("ad".into()), ..pending() }).await.unwrap();
    assert!(ads.items.iter().all(|i| i.kind == "ad"));
    let high =
        store.queue(&QueueQuery { min_level: Some(Level::High), ..pending() }).await.unwrap();
    assert_eq!(
        high.items.len(),
        items.iter().filter(|i| rank(&i.level) >= 3).count(),
        "level filter"
    );
    let bad = store.queue(&QueueQuery { kind: Some("identifier".into()), ..pending() }).await;
    assert!(matches!(bad, Err(ReviewError::Invalid(_))));
    // Pages of two give the same items in the same order.
    let mut paged = Vec::new();
    let mut cursor = None;
    loop {
        let p = store.queue(&QueueQuery { limit: 2, cursor, ..pending() }).await.unwrap();
        assert!(p.items.len() <= 2);
        paged.extend(p.items.into_iter().map(|i| i.subject));
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(paged, items.iter().map(|i| i.subject.clone()).collect::<Vec<_>>());
}

async fn networks_are_one_unit_of_review(store: &Store) {
    let all = fill(store).await;
    let a1 = store.document("a1").await.unwrap().unwrap();
    let net = a1.network.expect("a1 is in a network");
    let view = store.network(net).await.unwrap().unwrap();
    let items = store.queue(&pending()).await.unwrap().items;
    let member_keys: BTreeSet<String> =
        view.members.iter().map(|m| format!("doc:{}", m.id)).collect();
    // The members are not listed apart; the network is, at its worst member's level.
    assert!(items.iter().all(|i| !member_keys.contains(&i.subject)));
    let max_rank = all
        .iter()
        .filter(|d| member_keys.contains(&format!("doc:{}", d.doc.id)))
        .map(|d| d.assessment.level as i64)
        .max()
        .unwrap();
    let max_cues = all
        .iter()
        .filter(|d| member_keys.contains(&format!("doc:{}", d.doc.id)))
        .map(|d| vigie_store::StoredSignal::minor_cues(&d.assessment))
        .max()
        .unwrap();
    let item = items.iter().find(|i| i.kind == "network" && i.id == net);
    if max_rank >= 2 {
        let item = item.expect("the network is queued");
        assert_eq!(rank(&item.level), max_rank);
        assert_eq!(item.minor_cues, max_cues);
        assert_eq!(item.members, Some(view.members.len() as i64));
        assert!(item.reasons.iter().any(|r| r.starts_with("réseau de")));
        // A network is judged and leaves the queue as one subject.
        let (alice, ..) = users(store).await;
        let v = NewVerdict { verdict: VerdictKind::Confirme, reason: None, signal: None };
        store.add_verdict(&item.subject, alice, &v).await.unwrap();
        let after = store.queue(&pending()).await.unwrap().items;
        assert!(after.iter().all(|i| i.subject != item.subject));
        assert_eq!(store.review(&item.subject).await.unwrap().review_state, "confirme");
    } else {
        assert!(item.is_none());
    }
}

async fn leases_refuse_other_reviewers_and_admins_assign(store: &Store) {
    fill(store).await;
    let (alice, bob, root) = users(store).await;
    let key = store.queue(&pending()).await.unwrap().items[0].subject.clone();
    let c = store.claim(&key, alice, 900).await.unwrap();
    assert_eq!((c.user_id, c.lease_until - c.claimed_at), (alice, 900));
    // Renewing one's own claim is fine; another reviewer is refused everything that writes.
    store.claim(&key, alice, 600).await.unwrap();
    assert!(matches!(store.claim(&key, bob, 900).await, Err(ReviewError::Conflict(_))));
    assert!(matches!(store.release(&key, bob, false).await, Err(ReviewError::Conflict(_))));
    let v = NewVerdict { verdict: VerdictKind::Confirme, reason: None, signal: None };
    assert!(matches!(store.add_verdict(&key, bob, &v).await, Err(ReviewError::Conflict(_))));
    // The queue shows who holds it; `next` skips it.
    let items = store.queue(&pending()).await.unwrap().items;
    assert_eq!(
        items.iter().find(|i| i.subject == key).unwrap().claim.as_ref().unwrap().user_id,
        alice
    );
    if let Some(n) = store.next_item(&pending(), bob, 900).await.unwrap() {
        assert_ne!(n.subject, key);
    }
    // An admin assigns it to bob, over alice's lease.
    let a = store.assign(&key, bob, root, 900).await.unwrap();
    assert_eq!((a.user_id, a.assigned_by), (bob, Some(root)));
    assert!(matches!(store.claim(&key, alice, 900).await, Err(ReviewError::Conflict(_))));
    assert!(store.release(&key, bob, false).await.unwrap());
    assert!(!store.release(&key, bob, false).await.unwrap(), "nothing left to release");
    store.claim(&key, alice, 900).await.unwrap();
    assert!(store.release(&key, root, true).await.unwrap(), "an admin releases anyone's claim");
    // Bad leases, unknown subjects and accounts.
    assert!(matches!(store.claim(&key, alice, 5).await, Err(ReviewError::Invalid(_))));
    assert!(matches!(store.claim("doc:absent", alice, 900).await, Err(ReviewError::NotFound(_))));
    assert!(matches!(store.assign(&key, 9999, root, 900).await, Err(ReviewError::NotFound(_))));
    // Every write is journaled, in order.
    assert_eq!(
        journaled(store, &key).await,
        ["claim", "claim", "assign", "release", "claim", "release"]
    );
}

async fn concurrent_next_never_gives_the_same_subject(store: &Store) {
    fill(store).await;
    let total = store.queue(&pending()).await.unwrap().items.len();
    let hash = vigie_store::hash_password("mot de passe de test").unwrap();
    let mut tasks = Vec::new();
    for w in 0..8 {
        let uid = store.add_user(&format!("r{w}"), Role::Moderateur, &hash, false).await.unwrap();
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(c) = store.next_item(&pending(), uid, 900).await.unwrap() {
                assert_eq!(c.user_id, uid);
                got.push(c.subject);
            }
            got
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let distinct: BTreeSet<&String> = all.iter().collect();
    assert_eq!(distinct.len(), all.len(), "a subject given twice");
    assert_eq!(all.len(), total, "every pending subject given once");
    assert!(store.queue(&pending()).await.unwrap().items.iter().all(|i| i.claim.is_some()));
}

/// Stored documents with signals: key and signals (rule, start, end); with `firing`, only the
/// signals that count in the evaluation (neither damped nor cited).
fn with_signals(all: &[NewDocument], firing: bool) -> Vec<(String, Vec<SignalRef>)> {
    let counts = |s: &&vigie_model::Signal| {
        !firing || (s.damped_by.is_none() && !s.cited && s.effective_weight > 0.0)
    };
    all.iter()
        .filter(|d| d.assessment.signals.iter().any(|s| counts(&s)))
        .map(|d| {
            let s = d
                .assessment
                .signals
                .iter()
                .filter(counts)
                .map(|s| SignalRef {
                    rule: s.code.clone(),
                    start: s.span.start as i64,
                    end: s.span.end as i64,
                })
                .collect();
            (format!("doc:{}", d.doc.id), s)
        })
        .collect()
}

async fn signal_verdicts_measure_rule_precision(store: &Store) {
    let all = fill(store).await;
    let (alice, bob, _) = users(store).await;
    let docs = with_signals(&all, false);
    // A rule that fired on at least two documents.
    let (rule, hits) = {
        let mut counts = std::collections::BTreeMap::<String, Vec<(String, SignalRef)>>::new();
        for (key, sigs) in &docs {
            for s in sigs {
                let e = counts.entry(s.rule.clone()).or_default();
                if !e.iter().any(|(k, _)| k == key) {
                    e.push((key.clone(), s.clone()));
                }
            }
        }
        counts.into_iter().find(|(_, v)| v.len() >= 2).expect("a rule with two documents")
    };
    let before = store.rules_stats().await.unwrap();
    let stats = before.iter().find(|r| r.rule == rule).unwrap();
    assert_eq!(stats.hits, hits.len() as i64);
    assert_eq!((stats.confirmed, stats.refuted, stats.precision), (0, 0, None));
    // Confirm on one document, refute on another: precision 1, then 0.5.
    let confirm = NewVerdict {
        verdict: VerdictKind::Confirme,
        reason: None,
        signal: Some(hits[0].1.clone()),
    };
    store.add_verdict(&hits[0].0, alice, &confirm).await.unwrap();
    let p = |s: &[vigie_store::RuleStats]| s.iter().find(|r| r.rule == rule).unwrap().clone();
    assert_eq!(p(&store.rules_stats().await.unwrap()).precision, Some(1.0));
    let no_reason = NewVerdict {
        verdict: VerdictKind::Refute,
        reason: Some("  ".into()),
        signal: Some(hits[1].1.clone()),
    };
    assert!(matches!(
        store.add_verdict(&hits[1].0, bob, &no_reason).await,
        Err(ReviewError::Invalid(_))
    ));
    let refute = NewVerdict { reason: Some("sens anodin ici".into()), ..no_reason };
    store.add_verdict(&hits[1].0, bob, &refute).await.unwrap();
    let s = p(&store.rules_stats().await.unwrap());
    assert_eq!((s.confirmed, s.refuted, s.precision), (1, 1, Some(0.5)));
    assert_eq!(s.refuted_examples.len(), 1);
    assert_eq!(s.refuted_examples[0].subject, hits[1].0);
    assert_eq!(
        (s.refuted_examples[0].start, s.refuted_examples[0].reason.as_str()),
        (hits[1].1.start, "sens anodin ici")
    );
    // The latest verdict per signal counts: bob changes his mind.
    store
        .add_verdict(&hits[1].0, bob, &NewVerdict { verdict: VerdictKind::Incertain, ..refute })
        .await
        .unwrap();
    let s = p(&store.rules_stats().await.unwrap());
    assert_eq!((s.confirmed, s.refuted, s.uncertain, s.precision), (1, 0, 1, Some(1.0)));
    assert!(s.refuted_examples.is_empty());
    // A span the latest assessment does not have is refused.
    let wrong = SignalRef { end: hits[0].1.end + 1, ..hits[0].1.clone() };
    let v = NewVerdict { verdict: VerdictKind::Confirme, reason: None, signal: Some(wrong) };
    assert!(matches!(store.add_verdict(&hits[0].0, alice, &v).await, Err(ReviewError::Invalid(_))));
    // Signal verdicts leave the subject's review state alone.
    assert_eq!(store.review(&hits[0].0).await.unwrap().review_state, "pending");
    assert_eq!(journaled(store, &hits[0].0).await, ["verdict"]);
}

async fn subject_verdict_decides_and_releases(store: &Store) {
    fill(store).await;
    let (alice, ..) = users(store).await;
    let c = store.next_item(&pending(), alice, 900).await.unwrap().unwrap();
    store.add_comment(&c.subject, alice, "vu avec l'équipe").await.unwrap();
    assert!(matches!(
        store.add_comment(&c.subject, alice, " ").await,
        Err(ReviewError::Invalid(_))
    ));
    let v = NewVerdict {
        verdict: VerdictKind::Refute,
        reason: Some("annonce d'adulte".into()),
        signal: None,
    };
    let out = store.add_verdict(&c.subject, alice, &v).await.unwrap();
    assert_eq!(out.verdict, VerdictKind::Refute);
    let view = store.review(&c.subject).await.unwrap();
    assert_eq!(view.review_state, "refute");
    assert!(view.claim.is_none(), "the claim ends with the verdict");
    assert_eq!(view.verdicts.len(), 1);
    assert_eq!(view.comments[0].text, "vu avec l'équipe");
    let items = store.queue(&pending()).await.unwrap().items;
    assert!(items.iter().all(|i| i.subject != c.subject));
    let decided =
        store.queue(&QueueQuery { state: Some("refute".into()), ..pending() }).await.unwrap();
    assert_eq!(
        decided.items.iter().map(|i| i.subject.as_str()).collect::<Vec<_>>(),
        [c.subject.as_str()]
    );
    assert_eq!(journaled(store, &c.subject).await, ["claim", "comment", "verdict"]);
    // Journal bodies carry no reason or comment text.
    let page = store.journal_page(0, 1000).await.unwrap();
    for r in page {
        let body = r.body.map(|b| b.1).unwrap_or_default();
        assert!(!body.contains("annonce d'adulte") && !body.contains("équipe"), "{body}");
    }
}

/// Parses an export line as `vigie eval rules --data` does (`crates/vigie-cli/src/eval_cmd/rules.rs`).
fn parse_item(line: &str) -> Item {
    let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
    let cats = |f: &str| -> Vec<Category> {
        v[f].as_array()
            .unwrap()
            .iter()
            .map(|c| Category::parse(c.as_str().unwrap()).expect("known category"))
            .collect()
    };
    Item {
        id: v["id"].as_str().unwrap().to_owned(),
        text: v["text"].as_str().unwrap().to_owned(),
        source_id: v["source_id"].as_str().unwrap().to_owned(),
        speaker: String::new(),
        expected: cats("expected"),
        must_not: cats("must_not"),
        risk: Level::parse(v["risk"].as_str().unwrap()).expect("known level"),
        variant: false,
    }
}

async fn export_reads_back_as_an_evaluation_corpus(store: &Store) {
    let d = detector();
    let all = fill(store).await;
    // A minor's message, judged: exported only with the permission.
    let minor = assessed(
        &d,
        "{\"id\":\"m1\",\"text\":\"j'ai 15 ans et je cherche un appart, il m'a dit que je gagnerais vite de l'argent\"}",
    );
    assert!(minor[0].minor());
    store.ingest(&minor, None).await.unwrap();
    let (alice, ..) = users(store).await;
    let docs = with_signals(&all, true);
    let (k0, s0) = &docs[0];
    let (k1, s1) = &docs[1];
    let sig = |s: &SignalRef| Some(s.clone());
    store
        .add_verdict(
            k0,
            alice,
            &NewVerdict { verdict: VerdictKind::Confirme, reason: None, signal: sig(&s0[0]) },
        )
        .await
        .unwrap();
    store
        .add_verdict(
            k1,
            alice,
            &NewVerdict {
                verdict: VerdictKind::Refute,
                reason: Some("faux positif".into()),
                signal: sig(&s1[0]),
            },
        )
        .await
        .unwrap();
    store
        .add_verdict(
            "doc:m1",
            alice,
            &NewVerdict { verdict: VerdictKind::Confirme, reason: None, signal: None },
        )
        .await
        .unwrap();
    let without = store.verdicts_export(false).await.unwrap();
    let minors = all
        .iter()
        .filter(|d| d.minor() && [k0, k1].contains(&&format!("doc:{}", d.doc.id)))
        .count();
    assert_eq!(without.withheld, minors + 1);
    assert_eq!(without.items.len(), 2 - minors);
    assert!(without.items.iter().all(|i| i.subject != "doc:m1"));
    let with = store.verdicts_export(true).await.unwrap();
    assert_eq!(with.withheld, 0);
    let lines: Vec<String> = with.items.iter().map(|i| serde_json::to_string(i).unwrap()).collect();
    let items: Vec<Item> = lines.iter().map(|l| parse_item(l)).collect();
    assert_eq!(items.len(), 3);
    let cat = |key: &str, s: &SignalRef| {
        let doc = all.iter().find(|d| format!("doc:{}", d.doc.id) == key).unwrap();
        doc.assessment
            .signals
            .iter()
            .find(|x| x.code == s.rule && x.span.start as i64 == s.start)
            .unwrap()
            .category
    };
    let by_id = |id: &str| items.iter().find(|i| i.id == id).unwrap();
    let i0 = by_id(&format!("verdict-{}", &k0[4..]));
    assert_eq!(i0.expected, [cat(k0, &s0[0])]);
    assert_eq!(i0.text, all.iter().find(|d| format!("doc:{}", d.doc.id) == *k0).unwrap().doc.text);
    let i1 = by_id(&format!("verdict-{}", &k1[4..]));
    assert!(i1.expected.is_empty());
    assert_eq!(i1.must_not, [cat(k1, &s1[0])]);
    // A confirmed subject expects the categories of its signals.
    let m1 = by_id("verdict-m1");
    let mut cats: Vec<Category> = minor[0].assessment.signals.iter().map(|s| s.category).collect();
    cats.sort_by_key(|c| c.as_str());
    cats.dedup();
    assert_eq!(m1.expected, cats);
    assert!(with.items.iter().all(|i| i.source == "verdicts"));
    // The corpus runs through the evaluation: the confirmed category fires on its own text, the
    // refuted one too (until a rule changes).
    assert_eq!(vigie_detect::eval::evaluate(&d, &items).real.items, 3);
    let report = vigie_detect::eval::evaluate(&d, &[i0.clone(), i1.clone()]);
    assert_eq!((report.real.expected, report.real.found), (1, 1));
    assert_eq!((report.real.with_must_not, report.real.must_not_hits), (1, 1));
}

async fn refuted_links_and_comments(store: &Store) {
    fill(store).await;
    let (alice, ..) = users(store).await;
    store
        .refute_link("doc:a1", "doc:a2", alice, "même modèle d'annonce, personnes différentes")
        .await
        .unwrap();
    assert!(matches!(
        store.refute_link("doc:a2", "doc:a1", alice, "encore").await,
        Err(ReviewError::Conflict(_))
    ));
    assert!(matches!(
        store.refute_link("doc:a1", "doc:a3", alice, "").await,
        Err(ReviewError::Invalid(_))
    ));
    assert!(matches!(
        store.refute_link("doc:a1", "doc:absent", alice, "x").await,
        Err(ReviewError::NotFound(_))
    ));
    assert!(matches!(
        store.refute_link("doc:a1", "doc:a1", alice, "x").await,
        Err(ReviewError::Invalid(_))
    ));
    let rows = store.journal_about("link", &["doc:a1|doc:a2".to_owned()]).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(), ["link.refute"]);
    assert!(matches!(
        store.add_comment("doc:absent", alice, "x").await,
        Err(ReviewError::NotFound(_))
    ));
}
