//! The queries, expanded once per backend by `backend!` so that each runs on its own connection
//! type. Where the dialects differ (full text), the `PG` constant picks the SQL.

// Row counts and byte offsets are far below `i64::MAX`.
#![allow(clippy::cast_possible_wrap)]

/// Identifier kinds kept as subjects (prices, ages, dates and places stay in the assessment).
pub(crate) const STORED_IDENTIFIERS: [&str; 4] = ["phone", "email", "handle", "url"];
/// Identifier kinds that join documents into networks.
pub(crate) const LINKING_IDENTIFIERS: [&str; 3] = ["phone", "email", "handle"];
/// An identifier mentioned by more documents than this is a hub: shown, never followed.
pub(crate) const HUB: i64 = 50;

/// The JSON name of a document kind.
pub(crate) fn doc_kind(kind: vigie_model::DocKind) -> &'static str {
    use vigie_model::DocKind;
    match kind {
        DocKind::Message => "message",
        DocKind::Post => "post",
        DocKind::Profile => "profile",
        DocKind::Ad => "ad",
        DocKind::Comment => "comment",
    }
}

/// A value bound to a dynamic query.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    S(String),
    I(i64),
}

/// The WHERE clause of a search and its binds (placeholders numbered from 1).
pub(crate) fn search_filter(
    q: &crate::SearchQuery,
    pg: bool,
    with_cursor: bool,
) -> (String, Vec<Bind>) {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut binds = Vec::new();
    let mut push = |clause: &str, b: Bind, sql: &mut String| {
        binds.push(b);
        sql.push_str(&clause.replace("$?", &format!("${}", binds.len())));
    };
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        if pg {
            push(" AND d.tsv @@ plainto_tsquery('french', $?)", Bind::S(text.to_owned()), &mut sql);
        } else if let Some(fts) = crate::search::fts5_query(text) {
            push(
                " AND d.subject_id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH $?)",
                Bind::S(fts),
                &mut sql,
            );
        } else {
            sql.push_str(" AND 1 = 0");
        }
    }
    if let Some(id) = &q.identifier {
        push(
            " AND d.subject_id IN (SELECT m.document_id FROM mentions m JOIN identifiers i \
             ON i.subject_id = m.identifier_id WHERE i.kind = $?",
            Bind::S(id.kind.clone()),
            &mut sql,
        );
        push(" AND i.value = $?)", Bind::S(id.value.clone()), &mut sql);
    }
    if let Some(c) = &q.category {
        push(
            " AND d.subject_id IN (SELECT subject_id FROM subject_categories WHERE category = $?)",
            Bind::S(c.clone()),
            &mut sql,
        );
    }
    if let Some(l) = q.min_level {
        push(" AND st.level_rank >= $?", Bind::I(l as i64), &mut sql);
    }
    if let Some(k) = &q.kind {
        push(" AND s.kind = $?", Bind::S(k.clone()), &mut sql);
    }
    if let Some(p) = &q.place {
        push(" AND d.place_norm = $?", Bind::S(p.trim().to_lowercase()), &mut sql);
    }
    if let Some(f) = q.from {
        push(" AND d.ts_epoch >= $?", Bind::I(f), &mut sql);
    }
    if let Some(t) = q.to {
        push(" AND d.ts_epoch < $?", Bind::I(t), &mut sql);
    }
    if with_cursor && let Some(c) = q.cursor {
        push(" AND d.subject_id < $?", Bind::I(c), &mut sql);
    }
    (sql, binds)
}

macro_rules! backend {
    ($name:ident, $Pool:ty, $Conn:ty, $pg:expr) => {
        pub(crate) mod $name {
            use sqlx::{AssertSqlSafe, Row as _};
            use vigie_model::{Assessment, Document};

            use super::{Bind, HUB, doc_kind, LINKING_IDENTIFIERS, STORED_IDENTIFIERS, search_filter};
            use crate::model::{EventInfo, VersionInfo};
            use crate::{
                ConversationView, DocumentView, Facet, IngestOutcome, IngestStatus, MemberView,
                NetworkEdge, NetworkView, NewDocument, PendingConversation, Result, SearchHit,
                SearchPage, SearchQuery, StoredAssessment, SubjectKind, now,
            };

            const PG: bool = $pg;

            /// The subject with this key, created when missing.
            async fn subject(conn: &mut $Conn, kind: SubjectKind, key: &str, at: i64) -> Result<i64> {
                let row = sqlx::query(
                    "INSERT INTO subjects (kind, key, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id",
                )
                .bind(kind.as_str())
                .bind(key)
                .bind(at)
                .fetch_one(&mut *conn)
                .await?;
                Ok(row.try_get(0)?)
            }

            async fn event(
                conn: &mut $Conn,
                subject: i64,
                kind: &str,
                actor: Option<&str>,
                body: &serde_json::Value,
                at: i64,
            ) -> Result<()> {
                sqlx::query(
                    "INSERT INTO events (at, actor, kind, subject_id, body) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(at)
                .bind(actor)
                .bind(kind)
                .bind(subject)
                .bind(body.to_string())
                .execute(&mut *conn)
                .await?;
                Ok(())
            }

            /// Stores `a` as the next version of `subject` unless the same fingerprint is stored;
            /// makes it the subject's current assessment. Returns the new version.
            async fn put_assessment(
                conn: &mut $Conn,
                subject: i64,
                a: &StoredAssessment,
                actor: Option<&str>,
                at: i64,
                fresh: bool,
            ) -> Result<Option<i64>> {
                // A subject created in this transaction has no assessment yet: version 1.
                let version: i64 = if fresh { 1 } else { sqlx::query(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM assessments WHERE subject_id = $1",
                )
                .bind(subject)
                .fetch_one(&mut *conn)
                .await?
                .try_get(0)? };
                let row = sqlx::query(
                    "INSERT INTO assessments (subject_id, version, engine, rules, model, input, \
                     score, level, level_rank, body, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                     ON CONFLICT (subject_id, engine, rules, model, input) DO NOTHING RETURNING id",
                )
                .bind(subject)
                .bind(version)
                .bind(&a.engine)
                .bind(&a.rules)
                .bind(&a.model)
                .bind(&a.input)
                .bind(a.score)
                .bind(a.level.as_str())
                .bind(a.level as i64)
                .bind(a.body.to_string())
                .bind(at)
                .fetch_optional(&mut *conn)
                .await?;
                let Some(row) = row else { return Ok(None) };
                let id: i64 = row.try_get(0)?;
                // A subject at `medium` or above enters the review queue once; a decided subject
                // keeps its decision when it is re-assessed.
                sqlx::query(
                    "INSERT INTO subject_status (subject_id, assessment_id, level, level_rank, score, \
                     priority, updated_at, review_state, queued_at, minor_cues) \
                     VALUES ($1, $2, $3, $4, $5, $5, $6, \
                     CASE WHEN $4 >= 2 THEN 'pending' ELSE 'none' END, CASE WHEN $4 >= 2 THEN $6 END, $7) \
                     ON CONFLICT (subject_id) DO UPDATE SET assessment_id = excluded.assessment_id, \
                     level = excluded.level, level_rank = excluded.level_rank, score = excluded.score, \
                     priority = excluded.priority, updated_at = excluded.updated_at, \
                     minor_cues = excluded.minor_cues, \
                     queued_at = CASE WHEN subject_status.review_state = 'none' \
                         THEN excluded.queued_at ELSE subject_status.queued_at END, \
                     review_state = CASE WHEN subject_status.review_state = 'none' \
                         THEN excluded.review_state ELSE subject_status.review_state END",
                )
                .bind(subject)
                .bind(id)
                .bind(a.level.as_str())
                .bind(a.level as i64)
                .bind(a.score)
                .bind(at)
                .bind(a.minor_cues)
                .execute(&mut *conn)
                .await?;
                for chunk in a.signals.chunks(100) {
                    let values: Vec<String> = (0..chunk.len())
                        .map(|i| {
                            let b = 4 * i + 3;
                            format!("($1, $2, ${b}, ${}, ${}, ${})", b + 1, b + 2, b + 3)
                        })
                        .collect();
                    let sql = format!(
                        "INSERT INTO signal_hits (assessment_id, subject_id, rule, category, span_start, span_end) \
                         VALUES {} ON CONFLICT DO NOTHING",
                        values.join(", ")
                    );
                    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(id).bind(subject);
                    for sig in chunk {
                        q = q.bind(sig.rule.as_str()).bind(sig.category.as_str()).bind(sig.start).bind(sig.end);
                    }
                    q.execute(&mut *conn).await?;
                }
                if !fresh {
                    sqlx::query("DELETE FROM subject_categories WHERE subject_id = $1")
                        .bind(subject)
                        .execute(&mut *conn)
                        .await?;
                }
                if !a.categories.is_empty() {
                    // One statement for all the categories (at most nineteen).
                    let values: Vec<String> = (0..a.categories.len())
                        .map(|i| format!("($1, ${}, ${})", 2 * i + 2, 2 * i + 3))
                        .collect();
                    let sql = format!(
                        "INSERT INTO subject_categories (subject_id, category, score) VALUES {} \
                         ON CONFLICT (subject_id, category) DO NOTHING",
                        values.join(", ")
                    );
                    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(subject);
                    for (category, score) in &a.categories {
                        q = q.bind(category.as_str()).bind(*score);
                    }
                    q.execute(&mut *conn).await?;
                }
                let body = serde_json::json!({
                    "version": version, "level": a.level.as_str(), "rules": a.rules, "model": a.model,
                });
                event(conn, subject, "assessed", actor, &body, at).await?;
                Ok(Some(version))
            }

            /// Joins `doc` to the documents that share a linking identifier with it: all of them
            /// end in one network (the oldest of theirs; the others are merged into it).
            /// Identifiers mentioned by more than `HUB` documents are not followed.
            async fn link(conn: &mut $Conn, doc: i64, identifiers: &[i64], actor: Option<&str>, at: i64) -> Result<()> {
                let mut usable = Vec::new();
                for &id in identifiers {
                    let n: i64 = sqlx::query(
                        "SELECT COUNT(*) FROM (SELECT 1 FROM mentions WHERE identifier_id = $1 LIMIT $2) AS m",
                    )
                    .bind(id)
                    .bind(HUB + 1)
                    .fetch_one(&mut *conn)
                    .await?
                    .try_get(0)?;
                    if (2..=HUB).contains(&n) {
                        usable.push(id);
                    }
                }
                if usable.is_empty() {
                    return Ok(());
                }
                let mut networks: Vec<i64> = Vec::new();
                for &id in &usable {
                    let rows = sqlx::query(
                        "SELECT DISTINCT nm.network_id FROM mentions m \
                         JOIN network_members nm ON nm.subject_id = m.document_id WHERE m.identifier_id = $1",
                    )
                    .bind(id)
                    .fetch_all(&mut *conn)
                    .await?;
                    for r in rows {
                        let n: i64 = r.try_get(0)?;
                        if !networks.contains(&n) {
                            networks.push(n);
                        }
                    }
                }
                networks.sort_unstable();
                let target = match networks.first() {
                    Some(&n) => n,
                    None => {
                        let n = subject(conn, SubjectKind::Network, &format!("net:{doc}"), at).await?;
                        event(conn, n, "network_created", actor, &serde_json::json!({}), at).await?;
                        n
                    }
                };
                for &other in networks.iter().skip(1) {
                    sqlx::query("UPDATE network_members SET network_id = $1 WHERE network_id = $2")
                        .bind(target)
                        .bind(other)
                        .execute(&mut *conn)
                        .await?;
                    event(conn, target, "network_merged", actor, &serde_json::json!({ "merged": other }), at).await?;
                }
                for &id in &usable {
                    // `WHERE true`: SQLite needs it to parse an upsert after INSERT … SELECT.
                    sqlx::query(
                        "INSERT INTO network_members (subject_id, network_id) \
                         SELECT DISTINCT document_id, $1 FROM mentions WHERE identifier_id = $2 AND true \
                         ON CONFLICT (subject_id) DO NOTHING",
                    )
                    .bind(target)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                }
                event(conn, target, "linked", actor, &serde_json::json!({ "document": doc }), at).await?;
                Ok(())
            }

            async fn ingest_one(
                conn: &mut $Conn,
                d: &NewDocument,
                actor: Option<&str>,
                at: i64,
            ) -> Result<IngestStatus> {
                let hash = d.content_hash()?;
                let key = d.doc.id.as_str();
                let kind = SubjectKind::of(d.doc.kind);
                let subject_id = subject(conn, kind, &format!("doc:{key}"), at).await?;
                let ts_epoch = d
                    .doc
                    .timestamp
                    .as_deref()
                    .and_then(|t| t.parse::<jiff::Timestamp>().ok())
                    .map(jiff::Timestamp::as_second);
                let body = serde_json::to_string(&d.doc)?;
                // The place given with the document, else the first place the text names (as
                // written): what the place filter and facet of the search read.
                let place = d.doc.place.as_deref().or_else(|| {
                    d.assessment
                        .identifiers
                        .iter()
                        .find(|i| i.kind == vigie_model::IdentifierKind::Place)
                        .map(|i| i.matched.as_str())
                });
                let inserted = sqlx::query(
                    "INSERT INTO documents (subject_id, doc_key, content_sha256, doc_kind, source, author, \
                     ts, ts_epoch, place, place_norm, lang, minor, text, body, ingested_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
                     ON CONFLICT (doc_key) DO NOTHING",
                )
                .bind(subject_id)
                .bind(key)
                .bind(&hash)
                .bind(doc_kind(d.doc.kind))
                .bind(d.doc.source.as_deref())
                .bind(d.doc.author.as_deref())
                .bind(d.doc.timestamp.as_deref())
                .bind(ts_epoch)
                .bind(place)
                .bind(place.map(|p| p.trim().to_lowercase()))
                .bind(d.doc.lang.as_deref())
                .bind(i64::from(d.minor()))
                .bind(&d.doc.text)
                .bind(&body)
                .bind(at)
                .execute(&mut *conn)
                .await?
                .rows_affected();
                if inserted == 0 {
                    let stored: String =
                        sqlx::query("SELECT content_sha256 FROM documents WHERE doc_key = $1")
                            .bind(key)
                            .fetch_one(&mut *conn)
                            .await?
                            .try_get(0)?;
                    return Ok(if stored == hash { IngestStatus::Duplicate } else { IngestStatus::Conflict });
                }
                if !PG {
                    sqlx::query("INSERT INTO documents_fts (rowid, text) VALUES ($1, $2)")
                        .bind(subject_id)
                        .bind(&d.doc.text)
                        .execute(&mut *conn)
                        .await?;
                }
                event(conn, subject_id, "ingested", actor, &serde_json::json!({ "bytes": d.doc.text.len() }), at).await?;
                for m in &d.doc.media {
                    if let Some(pdq) = &m.pdq {
                        sqlx::query(
                            "INSERT INTO media_hashes (document_id, pdq) VALUES ($1, $2) \
                             ON CONFLICT (document_id, pdq) DO NOTHING",
                        )
                        .bind(subject_id)
                        .bind(pdq.to_ascii_lowercase())
                        .execute(&mut *conn)
                        .await?;
                    }
                }
                let stored = StoredAssessment::of_document(&d.assessment, &hash)?;
                put_assessment(conn, subject_id, &stored, actor, at, true).await?;
                let mut linking = Vec::new();
                for id in &d.assessment.identifiers {
                    let kind = id.kind.as_str();
                    if !STORED_IDENTIFIERS.contains(&kind) {
                        continue;
                    }
                    let ident = subject(conn, SubjectKind::Identifier, &format!("id:{kind}:{}", id.value), at).await?;
                    sqlx::query(
                        "INSERT INTO identifiers (subject_id, kind, value) VALUES ($1, $2, $3) \
                         ON CONFLICT (subject_id) DO NOTHING",
                    )
                    .bind(ident)
                    .bind(kind)
                    .bind(&id.value)
                    .execute(&mut *conn)
                    .await?;
                    sqlx::query(
                        "INSERT INTO mentions (document_id, identifier_id, span_start, span_end) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT (document_id, identifier_id, span_start) DO NOTHING",
                    )
                    .bind(subject_id)
                    .bind(ident)
                    .bind(id.span.start as i64)
                    .bind(id.span.end as i64)
                    .execute(&mut *conn)
                    .await?;
                    if LINKING_IDENTIFIERS.contains(&kind) && !linking.contains(&ident) {
                        linking.push(ident);
                    }
                }
                if let Some(c) = &d.conversation {
                    let conv = subject(conn, SubjectKind::Conversation, &format!("conv:{c}"), at).await?;
                    sqlx::query("UPDATE documents SET conversation_id = $1 WHERE subject_id = $2")
                        .bind(conv)
                        .bind(subject_id)
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query(
                        "INSERT INTO conversation_members (conversation_id, document_id) VALUES ($1, $2) \
                         ON CONFLICT (conversation_id, document_id) DO NOTHING",
                    )
                    .bind(conv)
                    .bind(subject_id)
                    .execute(&mut *conn)
                    .await?;
                    sqlx::query(
                        "INSERT INTO pending_assessments (subject_id, since) VALUES ($1, $2) \
                         ON CONFLICT (subject_id) DO UPDATE SET since = excluded.since",
                    )
                    .bind(conv)
                    .bind(subject_id)
                    .execute(&mut *conn)
                    .await?;
                }
                link(conn, subject_id, &linking, actor, at).await?;
                Ok(IngestStatus::Stored)
            }

            pub(crate) async fn ingest(pool: &$Pool, docs: &[NewDocument], actor: Option<&str>) -> Result<Vec<IngestOutcome>> {
                let at = now();
                // SQLite: take the write lock at once, so that concurrent batches wait for it
                // (busy timeout) instead of failing when a read turns into a write.
                let mut tx = if PG { pool.begin().await? } else { pool.begin_with("BEGIN IMMEDIATE").await? };
                let mut out = Vec::with_capacity(docs.len());
                for d in docs {
                    let status = ingest_one(&mut tx, d, actor, at).await?;
                    out.push(IngestOutcome { key: d.doc.id.clone(), status });
                }
                // One journal entry per batch that stored something (keys and counts, no text).
                let stored: Vec<&str> = out
                    .iter()
                    .filter(|o| o.status == crate::IngestStatus::Stored)
                    .map(|o| o.key.as_str())
                    .collect();
                if let (Some(first), Some(last)) = (stored.first(), stored.last()) {
                    let user = actor.and_then(|a| a.strip_prefix("user:")).and_then(|u| u.parse::<i64>().ok());
                    let e = crate::journal::JournalEvent {
                        action: "ingest",
                        object_kind: "batch",
                        object_id: format!("{at}:{first}"),
                        data_class: "ingest",
                        body: serde_json::json!({ "stored": stored.len(), "first": first, "last": last }),
                    };
                    crate::journal::$name::append(&mut tx, user, &e, at).await?;
                }
                tx.commit().await?;
                Ok(out)
            }

            async fn versions(pool: &$Pool, subject: i64) -> Result<Vec<VersionInfo>> {
                let rows = sqlx::query(
                    "SELECT version, engine, rules, model, score, level, created_at FROM assessments \
                     WHERE subject_id = $1 ORDER BY version",
                )
                .bind(subject)
                .fetch_all(pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(VersionInfo {
                            version: r.try_get(0)?,
                            engine: r.try_get(1)?,
                            rules: r.try_get(2)?,
                            model: r.try_get(3)?,
                            score: r.try_get(4)?,
                            level: r.try_get(5)?,
                            created_at: r.try_get(6)?,
                        })
                    })
                    .collect()
            }

            fn json(text: Option<String>) -> Result<Option<serde_json::Value>> {
                Ok(match text {
                    Some(t) => Some(serde_json::from_str(&t)?),
                    None => None,
                })
            }

            pub(crate) async fn document(pool: &$Pool, key: &str) -> Result<Option<DocumentView>> {
                let row = sqlx::query(
                    "SELECT d.subject_id, s.kind, d.minor, d.body, COALESCE(st.review_state, 'none'), a.body, \
                     c.key, nm.network_id FROM documents d JOIN subjects s ON s.id = d.subject_id \
                     LEFT JOIN subject_status st ON st.subject_id = d.subject_id \
                     LEFT JOIN assessments a ON a.id = st.assessment_id \
                     LEFT JOIN subjects c ON c.id = d.conversation_id \
                     LEFT JOIN network_members nm ON nm.subject_id = d.subject_id \
                     WHERE d.doc_key = $1",
                )
                .bind(key)
                .fetch_optional(pool)
                .await?;
                let Some(r) = row else { return Ok(None) };
                let subject: i64 = r.try_get(0)?;
                let body: String = r.try_get(3)?;
                let conv: Option<String> = r.try_get(6)?;
                let events = sqlx::query(
                    "SELECT seq, at, kind FROM events WHERE subject_id = $1 ORDER BY seq LIMIT 1000",
                )
                .bind(subject)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|e| Ok(EventInfo { seq: e.try_get(0)?, at: e.try_get(1)?, kind: e.try_get(2)? }))
                .collect::<Result<Vec<_>>>()?;
                Ok(Some(DocumentView {
                    subject,
                    id: key.to_owned(),
                    kind: r.try_get(1)?,
                    minor: r.try_get::<i64, _>(2)? != 0,
                    document: serde_json::from_str(&body)?,
                    assessment: json(r.try_get(5)?)?,
                    versions: versions(pool, subject).await?,
                    conversation: conv.map(|c| c.trim_start_matches("conv:").to_owned()),
                    network: r.try_get(7)?,
                    review_state: r.try_get(4)?,
                    events,
                }))
            }

            fn member(r: &<<$Conn as sqlx::Connection>::Database as sqlx::Database>::Row) -> Result<MemberView> {
                Ok(MemberView {
                    id: r.try_get(0)?,
                    kind: r.try_get(1)?,
                    author: r.try_get(2)?,
                    timestamp: r.try_get(3)?,
                    level: r.try_get(4)?,
                    score: r.try_get::<Option<f64>, _>(5)?.unwrap_or(0.0),
                    minor: r.try_get::<i64, _>(6)? != 0,
                })
            }

            const MEMBER_COLUMNS: &str = "SELECT d.doc_key, s.kind, d.author, d.ts, st.level, st.score, d.minor \
                FROM documents d JOIN subjects s ON s.id = d.subject_id \
                LEFT JOIN subject_status st ON st.subject_id = d.subject_id ";

            pub(crate) async fn conversation(pool: &$Pool, key: &str) -> Result<Option<ConversationView>> {
                let row = sqlx::query(
                    "SELECT s.id, a.body, p.since FROM subjects s \
                     LEFT JOIN subject_status st ON st.subject_id = s.id \
                     LEFT JOIN assessments a ON a.id = st.assessment_id \
                     LEFT JOIN pending_assessments p ON p.subject_id = s.id \
                     WHERE s.key = $1 AND s.kind = 'conversation'",
                )
                .bind(format!("conv:{key}"))
                .fetch_optional(pool)
                .await?;
                let Some(r) = row else { return Ok(None) };
                let subject: i64 = r.try_get(0)?;
                let sql = format!(
                    "{MEMBER_COLUMNS} WHERE d.subject_id IN (SELECT document_id FROM conversation_members \
                     WHERE conversation_id = $1) ORDER BY d.subject_id"
                );
                let messages = sqlx::query(AssertSqlSafe(sql))
                    .bind(subject)
                    .fetch_all(pool)
                    .await?
                    .iter()
                    .map(member)
                    .collect::<Result<Vec<_>>>()?;
                Ok(Some(ConversationView {
                    subject,
                    id: key.to_owned(),
                    messages,
                    assessment: json(r.try_get(1)?)?,
                    versions: versions(pool, subject).await?,
                    pending: r.try_get::<Option<i64>, _>(2)?.is_some(),
                }))
            }

            pub(crate) async fn network(pool: &$Pool, id: i64) -> Result<Option<NetworkView>> {
                let sql = format!(
                    "{MEMBER_COLUMNS} WHERE d.subject_id IN (SELECT subject_id FROM network_members \
                     WHERE network_id = $1) ORDER BY d.subject_id"
                );
                let members = sqlx::query(AssertSqlSafe(sql))
                    .bind(id)
                    .fetch_all(pool)
                    .await?
                    .iter()
                    .map(member)
                    .collect::<Result<Vec<_>>>()?;
                if members.is_empty() {
                    return Ok(None);
                }
                let rows = sqlx::query(
                    "SELECT d.doc_key, i.kind, i.value, \
                     (SELECT COUNT(*) FROM mentions m2 WHERE m2.identifier_id = i.subject_id) \
                     FROM network_members nm JOIN documents d ON d.subject_id = nm.subject_id \
                     JOIN mentions m ON m.document_id = nm.subject_id \
                     JOIN identifiers i ON i.subject_id = m.identifier_id \
                     WHERE nm.network_id = $1 AND i.kind IN ('phone', 'email', 'handle') \
                     ORDER BY i.kind, i.value, d.doc_key",
                )
                .bind(id)
                .fetch_all(pool)
                .await?;
                let mut edges: Vec<NetworkEdge> = Vec::new();
                for r in &rows {
                    let edge = NetworkEdge {
                        document: r.try_get(0)?,
                        identifier_kind: r.try_get(1)?,
                        identifier: r.try_get(2)?,
                        hub: r.try_get::<i64, _>(3)? > HUB,
                    };
                    if !edges.contains(&edge) {
                        edges.push(edge);
                    }
                }
                // Keep the identifiers that at least two members share.
                let shared = |e: &NetworkEdge| {
                    edges
                        .iter()
                        .filter(|o| o.identifier_kind == e.identifier_kind && o.identifier == e.identifier)
                        .count()
                        >= 2
                };
                let edges = edges.iter().filter(|e| shared(e)).cloned().collect();
                Ok(Some(NetworkView { id, members, edges }))
            }

            pub(crate) async fn pending_conversations(pool: &$Pool, limit: i64) -> Result<Vec<PendingConversation>> {
                let rows = sqlx::query(
                    "SELECT p.subject_id, s.key, p.since FROM pending_assessments p \
                     JOIN subjects s ON s.id = p.subject_id ORDER BY p.since LIMIT $1",
                )
                .bind(limit)
                .fetch_all(pool)
                .await?;
                let mut out = Vec::with_capacity(rows.len());
                for r in rows {
                    let id: i64 = r.try_get(0)?;
                    let key: String = r.try_get(1)?;
                    let msgs = sqlx::query(
                        "SELECT d.body, a.body FROM conversation_members cm \
                         JOIN documents d ON d.subject_id = cm.document_id \
                         JOIN subject_status st ON st.subject_id = d.subject_id \
                         JOIN assessments a ON a.id = st.assessment_id \
                         WHERE cm.conversation_id = $1 ORDER BY d.subject_id",
                    )
                    .bind(id)
                    .fetch_all(pool)
                    .await?;
                    let mut messages = Vec::with_capacity(msgs.len());
                    for m in msgs {
                        let doc: Document = serde_json::from_str(&m.try_get::<String, _>(0)?)?;
                        let a: Assessment = serde_json::from_str(&m.try_get::<String, _>(1)?)?;
                        messages.push((doc, a));
                    }
                    out.push(PendingConversation {
                        id,
                        key: key.trim_start_matches("conv:").to_owned(),
                        since: r.try_get(2)?,
                        messages,
                    });
                }
                Ok(out)
            }

            pub(crate) async fn put_conversation_assessment(
                pool: &$Pool,
                conversation: i64,
                since: i64,
                a: &StoredAssessment,
            ) -> Result<()> {
                let at = now();
                let mut tx = if PG { pool.begin().await? } else { pool.begin_with("BEGIN IMMEDIATE").await? };
                put_assessment(&mut tx, conversation, a, None, at, false).await?;
                sqlx::query("DELETE FROM pending_assessments WHERE subject_id = $1 AND since <= $2")
                    .bind(conversation)
                    .bind(since)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            pub(crate) async fn reassess_document(pool: &$Pool, key: &str, a: &StoredAssessment) -> Result<Option<i64>> {
                let at = now();
                let mut tx = if PG { pool.begin().await? } else { pool.begin_with("BEGIN IMMEDIATE").await? };
                let row = sqlx::query("SELECT subject_id FROM documents WHERE doc_key = $1")
                    .bind(key)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some(row) = row else { return Ok(None) };
                let version = put_assessment(&mut tx, row.try_get(0)?, a, None, at, false).await?;
                tx.commit().await?;
                Ok(version)
            }

            fn bind_all<'q>(
                mut q: sqlx::query::Query<'q, <$Conn as sqlx::Connection>::Database, <<$Conn as sqlx::Connection>::Database as sqlx::Database>::Arguments>,
                binds: &[Bind],
            ) -> sqlx::query::Query<'q, <$Conn as sqlx::Connection>::Database, <<$Conn as sqlx::Connection>::Database as sqlx::Database>::Arguments> {
                for b in binds {
                    q = match b {
                        Bind::S(s) => q.bind(s.clone()),
                        Bind::I(i) => q.bind(*i),
                    };
                }
                q
            }

            const FROM: &str = " FROM documents d JOIN subjects s ON s.id = d.subject_id \
                LEFT JOIN subject_status st ON st.subject_id = d.subject_id";

            pub(crate) async fn search(pool: &$Pool, q: &SearchQuery) -> Result<SearchPage> {
                let limit = q.limit.clamp(1, 1000);
                let (filter, binds) = search_filter(q, PG, true);
                let sql = format!(
                    "SELECT d.subject_id, d.doc_key, s.kind, d.ts, d.place, st.level, st.score{FROM}{filter} \
                     ORDER BY d.subject_id DESC LIMIT {}",
                    limit + 1
                );
                let rows = bind_all(sqlx::query(AssertSqlSafe(sql)), &binds).fetch_all(pool).await?;
                let mut hits = Vec::with_capacity(rows.len());
                let mut ids = Vec::with_capacity(rows.len());
                for r in rows.iter().take(limit as usize) {
                    ids.push(r.try_get::<i64, _>(0)?);
                    hits.push(SearchHit {
                        id: r.try_get(1)?,
                        kind: r.try_get(2)?,
                        timestamp: r.try_get(3)?,
                        place: r.try_get(4)?,
                        level: r.try_get(5)?,
                        score: r.try_get::<Option<f64>, _>(6)?.unwrap_or(0.0),
                        categories: Vec::new(),
                    });
                }
                let next_cursor = if rows.len() as i64 > limit { ids.last().map(|i| format!("{i}")) } else { None };
                if !ids.is_empty() {
                    let list: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
                    let sql = format!(
                        "SELECT subject_id, category FROM subject_categories WHERE subject_id IN ({}) \
                         ORDER BY subject_id, category",
                        list.join(", ")
                    );
                    let binds: Vec<Bind> = ids.iter().map(|i| Bind::I(*i)).collect();
                    for r in bind_all(sqlx::query(AssertSqlSafe(sql)), &binds).fetch_all(pool).await? {
                        let id: i64 = r.try_get(0)?;
                        if let Some(pos) = ids.iter().position(|x| *x == id) {
                            hits[pos].categories.push(r.try_get(1)?);
                        }
                    }
                }
                let mut page = SearchPage {
                    hits,
                    next_cursor,
                    levels: Vec::new(),
                    categories: Vec::new(),
                    places: Vec::new(),
                    months: Vec::new(),
                };
                if q.facets {
                    let (filter, binds) = search_filter(q, PG, false);
                    let sql = format!(
                        "SELECT COALESCE(st.level, 'none'), COUNT(*){FROM}{filter} GROUP BY COALESCE(st.level, 'none') ORDER BY 1"
                    );
                    for r in bind_all(sqlx::query(AssertSqlSafe(sql)), &binds).fetch_all(pool).await? {
                        page.levels.push(Facet { value: r.try_get(0)?, count: r.try_get(1)? });
                    }
                    let sql = format!(
                        "SELECT c.category, COUNT(*) FROM subject_categories c WHERE c.subject_id IN \
                         (SELECT d.subject_id{FROM}{filter}) GROUP BY c.category ORDER BY 2 DESC, 1"
                    );
                    for r in bind_all(sqlx::query(AssertSqlSafe(sql)), &binds).fetch_all(pool).await? {
                        page.categories.push(Facet { value: r.try_get(0)?, count: r.try_get(1)? });
                    }
                    // Places as first written (grouped case-insensitively), the 50 most frequent.
                    let sql = format!(
                        "SELECT MIN(d.place), COUNT(*){FROM}{filter} AND d.place_norm IS NOT NULL \
                         GROUP BY d.place_norm ORDER BY 2 DESC, 1 LIMIT 50"
                    );
                    for r in bind_all(sqlx::query(AssertSqlSafe(sql)), &binds).fetch_all(pool).await? {
                        page.places.push(Facet { value: r.try_get(0)?, count: r.try_get(1)? });
                    }
                    // Months (UTC), oldest first: the time line of the results.
                    let month = if PG {
                        "to_char(to_timestamp(d.ts_epoch) AT TIME ZONE 'UTC', 'YYYY-MM')"
                    } else {
                        "strftime('%Y-%m', d.ts_epoch, 'unixepoch')"
                    };
                    let sql = format!(
                        "SELECT {month}, COUNT(*){FROM}{filter} AND d.ts_epoch IS NOT NULL \
                         GROUP BY 1 ORDER BY 1"
                    );
                    for r in bind_all(sqlx::query(AssertSqlSafe(sql)), &binds).fetch_all(pool).await? {
                        page.months.push(Facet { value: r.try_get(0)?, count: r.try_get(1)? });
                    }
                }
                Ok(page)
            }

            pub(crate) async fn media_hashes(pool: &$Pool, after: i64, limit: i64) -> Result<Vec<(i64, String, String)>> {
                let rows = sqlx::query(
                    "SELECT m.document_id, d.doc_key, m.pdq FROM media_hashes m \
                     JOIN documents d ON d.subject_id = m.document_id \
                     WHERE m.document_id > $1 ORDER BY m.document_id, m.pdq LIMIT $2",
                )
                .bind(after)
                .bind(limit)
                .fetch_all(pool)
                .await?;
                rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect()
            }

            pub(crate) async fn counts(pool: &$Pool) -> Result<(i64, i64, i64)> {
                let r = sqlx::query(
                    "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM assessments), \
                     (SELECT COUNT(*) FROM events)",
                )
                .fetch_one(pool)
                .await?;
                Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
            }
        }
    };
}

backend!(sqlite, sqlx::SqlitePool, sqlx::SqliteConnection, false);
backend!(postgres, sqlx::PgPool, sqlx::PgConnection, true);
