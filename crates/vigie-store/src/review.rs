//! Review: the queue, claims, verdicts on subjects and single signals, comments, refuted links,
//! rule precision and the verdict export (issue #14). Every write appends to the journal in the
//! same transaction ([`crate::journal`]).
//!
//! * **Queue**: subjects in `pending` review (messages, conversations, ads and networks — the
//!   members of a network are reviewed through it and not listed apart), ordered by level, then
//!   number of minor cues, then time waiting (oldest first); each item says why in French.
//! * **Claims** are leases (15 minutes by default): another reviewer cannot claim, release or
//!   judge a subject while the lease runs; an admin may assign a subject to someone.
//! * **Next item** claims the first unclaimed pending subject in one transaction (PostgreSQL:
//!   `FOR UPDATE SKIP LOCKED` on the status row, and an upsert that refuses a live lease, retried
//!   on the next row), so that concurrent reviewers never get the same subject.
//! * **Verdicts** (`confirme`, `refute`, `incertain`) apply to a subject, or to one signal (rule
//!   and span) of its latest assessment; a refutation needs a reason. A subject verdict decides
//!   its review state and ends the claim.
//! * [`Store::rules_stats`] gives each rule its hits and its precision from the signal verdicts;
//!   [`Store::verdicts_export`] turns the verdicts into the JSONL corpus `vigie eval rules --data`
//!   reads.
//!
//! Journal bodies carry codes, spans, ids and lengths: never a reason's or a comment's text.

// Counts, spans and seconds are far below `i64::MAX`.
#![allow(clippy::cast_possible_wrap, clippy::cast_sign_loss, clippy::cast_precision_loss)]

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vigie_model::Level;

use crate::{Pool, Store, StoreError, now};

/// Lease of a claim when none is given: 15 minutes.
pub const DEFAULT_LEASE_SECS: i64 = 15 * 60;
/// Longest lease a claim may ask for: 8 hours.
pub const MAX_LEASE_SECS: i64 = 8 * 3600;
/// Longest reason or comment, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// What a review call can refuse. Messages are French and never quote stored text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReviewError {
    /// The subject (or account) does not exist.
    #[error("{0} introuvable")]
    NotFound(&'static str),
    /// Another reviewer holds the subject, or the thing already exists.
    #[error("{0}")]
    Conflict(String),
    /// The request is wrong (missing reason, unknown signal…); the message is safe to show.
    #[error("{0}")]
    Invalid(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ReviewError {
    fn from(e: sqlx::Error) -> ReviewError {
        ReviewError::Store(StoreError::Db(e))
    }
}

/// The result type of review calls.
pub type ReviewResult<T> = std::result::Result<T, ReviewError>;

/// A verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    /// Confirmé: the signal (or subject) is what the rule says.
    #[serde(alias = "confirmé")]
    Confirme,
    /// Réfuté: it is not (a reason is required).
    #[serde(alias = "réfuté")]
    Refute,
    /// Incertain: the reviewer cannot tell.
    Incertain,
}

impl VerdictKind {
    /// The stored name (also the review state a subject verdict gives).
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Confirme => "confirme",
            VerdictKind::Refute => "refute",
            VerdictKind::Incertain => "incertain",
        }
    }
}

/// Which subjects the queue lists.
#[derive(Debug, Clone, Default)]
pub struct QueueQuery {
    /// `message`, `conversation`, `ad` or `network`.
    pub kind: Option<String>,
    /// A category the subject (or one member of a network) has.
    pub category: Option<String>,
    /// Lowest level.
    pub min_level: Option<Level>,
    /// Review state listed: `pending` (default), `confirme`, `refute`, `incertain`.
    pub state: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Items per page (1–500).
    pub limit: i64,
}

/// A claim on a subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ClaimInfo {
    /// Subject key.
    pub subject: String,
    /// Account holding the subject.
    pub user_id: i64,
    /// The admin who assigned it, if it was assigned.
    pub assigned_by: Option<i64>,
    /// When it was claimed (Unix seconds).
    pub claimed_at: i64,
    /// When the lease ends (Unix seconds).
    pub lease_until: i64,
}

/// One subject of the queue.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct QueueItem {
    /// Subject id (of a network: the id `GET /networks/{id}` takes).
    pub id: i64,
    /// Subject key (`doc:…`, `conv:…`, `net:…`).
    pub subject: String,
    /// `message`, `conversation`, `ad` or `network`.
    pub kind: String,
    /// Level of the latest assessment (of a network: its highest member's).
    pub level: String,
    /// Score.
    pub score: f64,
    /// Minor cues among the signals (of a network: its member with the most).
    pub minor_cues: i64,
    /// When it entered the queue (Unix seconds).
    pub queued_at: i64,
    /// Seconds waiting.
    pub waiting_secs: i64,
    /// Review state.
    pub review_state: String,
    /// Number of member documents (networks only).
    pub members: Option<i64>,
    /// Why it sits where it does, in French, most important first.
    pub reasons: Vec<String>,
    /// The live claim, if someone holds it.
    pub claim: Option<ClaimInfo>,
}

/// One page of the queue.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct QueuePage {
    /// Items, highest priority first.
    pub items: Vec<QueueItem>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A signal of a subject's latest assessment: its rule code and span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalRef {
    /// Rule code (`OFFER-LODGING-01`…).
    pub rule: String,
    /// Span start (bytes of the original text).
    pub start: i64,
    /// Span end.
    pub end: i64,
}

/// A verdict to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVerdict {
    /// The verdict.
    pub verdict: VerdictKind,
    /// Why (required for a refutation).
    pub reason: Option<String>,
    /// The signal judged; `None` judges the subject.
    pub signal: Option<SignalRef>,
}

/// A recorded verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct VerdictInfo {
    /// Verdict id.
    pub id: i64,
    /// The verdict.
    pub verdict: VerdictKind,
    /// The signal judged (absent: the subject).
    pub signal: Option<SignalRef>,
    /// The assessment judged.
    pub assessment_id: Option<i64>,
    /// Why.
    pub reason: Option<String>,
    /// Reviewer account.
    pub user_id: i64,
    /// When (Unix seconds).
    pub at: i64,
}

/// A comment on a subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CommentInfo {
    /// Comment id.
    pub id: i64,
    /// Author account.
    pub user_id: i64,
    /// When (Unix seconds).
    pub at: i64,
    /// The comment.
    pub text: String,
}

/// The review of one subject: state, claim, verdicts, comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReviewView {
    /// Subject key.
    pub subject: String,
    /// Subject kind.
    pub kind: String,
    /// Review state (`none`, `pending`, `confirme`, `refute`, `incertain`).
    pub review_state: String,
    /// The live claim, if any.
    pub claim: Option<ClaimInfo>,
    /// Verdicts, oldest first.
    pub verdicts: Vec<VerdictInfo>,
    /// Comments, oldest first.
    pub comments: Vec<CommentInfo>,
}

/// A refuted span, as shown beside its rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RefutedExample {
    /// Subject key.
    pub subject: String,
    /// Span start.
    pub start: i64,
    /// Span end.
    pub end: i64,
    /// The reviewer's reason.
    pub reason: String,
}

/// What the verdicts say of one rule.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RuleStats {
    /// Rule code.
    pub rule: String,
    /// Subjects whose assessments carry a signal of the rule (any version).
    pub hits: i64,
    /// Signals of the rule confirmed (latest verdict per signal).
    pub confirmed: i64,
    /// Signals refuted.
    pub refuted: i64,
    /// Signals judged uncertain.
    pub uncertain: i64,
    /// `confirmed / (confirmed + refuted)`; absent before the first such verdict.
    pub precision: Option<f64>,
    /// The refuted signals, most recent first.
    pub refuted_examples: Vec<RefutedExample>,
}

/// One line of the verdict export: an item of the corpus `vigie eval rules --data` reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct EvalItem {
    /// `verdict-` and the document key.
    pub id: String,
    /// The document text, verbatim.
    pub text: String,
    /// Always `verdicts`.
    pub source: String,
    /// `verdicts`, one source for leave-one-source-out.
    pub source_id: String,
    /// Categories of the confirmed signals (and of every unrefuted signal of a confirmed
    /// subject).
    pub expected: Vec<String>,
    /// Categories of the refuted signals (and of every unconfirmed signal of a refuted subject),
    /// minus the expected ones.
    pub must_not: Vec<String>,
    /// `none` for a refuted subject, else the assessed level (not a reviewer's judgement).
    pub risk: String,
    /// Subject key.
    pub subject: String,
}

/// The verdict export.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerdictExport {
    /// One item per judged document, in subject order.
    pub items: Vec<EvalItem>,
    /// Judged documents left out because their text is a minor's and the caller may not read it.
    pub withheld: usize,
}

/// Checks a reason or comment: trimmed, at most [`MAX_TEXT_CHARS`].
fn clean_text(text: Option<&str>, what: &str) -> ReviewResult<Option<String>> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(ReviewError::Invalid(format!(
            "{what} trop long (au plus {MAX_TEXT_CHARS} caractères)"
        )));
    }
    Ok(Some(t.to_owned()))
}

fn check_lease(lease_secs: i64) -> ReviewResult<()> {
    if (60..=MAX_LEASE_SECS).contains(&lease_secs) {
        Ok(())
    } else {
        Err(ReviewError::Invalid(format!(
            "durée de réservation entre 60 et {MAX_LEASE_SECS} secondes"
        )))
    }
}

/// The queue cursor: the last item's level rank, minor cues, queue time and id.
fn parse_cursor(c: &str) -> ReviewResult<[i64; 4]> {
    let parts: Vec<i64> = c.split('.').filter_map(|p| p.parse().ok()).collect();
    <[i64; 4]>::try_from(parts).map_err(|_| ReviewError::Invalid("curseur invalide".into()))
}

fn level_fr(rank: i64) -> &'static str {
    match rank {
        4 => "niveau critique",
        3 => "niveau élevé",
        2 => "niveau moyen",
        1 => "niveau faible",
        _ => "aucun niveau",
    }
}

/// `3 j 4 h`, `2 h 05`, `12 min`, `moins d'une minute`.
fn waited_fr(secs: i64) -> String {
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    if d > 0 {
        format!("{d} j {h} h")
    } else if h > 0 {
        format!("{h} h {m:02}")
    } else if m > 0 {
        format!("{m} min")
    } else {
        "moins d'une minute".to_owned()
    }
}

/// Why an item sits where it does.
fn reasons(rank: i64, cues: i64, waiting: i64, kind: &str, members: Option<i64>) -> Vec<String> {
    let mut out = vec![level_fr(rank).to_owned()];
    if kind == "network" {
        out[0].push_str(" (membre le plus grave)");
    }
    match cues {
        0 => {}
        1 => out.push("1 indice de minorité".to_owned()),
        n => out.push(format!("{n} indices de minorité")),
    }
    out.push(format!("en attente depuis {}", waited_fr(waiting)));
    if let Some(n) = members {
        out.push(format!("réseau de {n} documents, examinés ensemble"));
    }
    out
}

/// The subject kinds the queue lists.
const QUEUE_KINDS: [&str; 4] = ["message", "conversation", "ad", "network"];
/// The review states the queue lists.
const QUEUE_STATES: [&str; 4] = ["pending", "confirme", "refute", "incertain"];

/// A value bound to a dynamic query.
enum Bind {
    S(String),
    I(i64),
}

/// The WHERE clause of the queue (placeholders from `$first`), and its binds.
fn queue_filter(q: &QueueQuery, first: usize) -> ReviewResult<(String, Vec<Bind>)> {
    let state = q.state.as_deref().unwrap_or("pending");
    if !QUEUE_STATES.contains(&state) {
        return Err(ReviewError::Invalid(
            "état inconnu (pending, confirme, refute, incertain)".into(),
        ));
    }
    let mut binds = vec![Bind::S(state.to_owned())];
    let mut sql = format!(
        " WHERE st.review_state = ${first} AND st.queued_at IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM network_members nm WHERE nm.subject_id = st.subject_id)"
    );
    let mut push = |clause: &str, b: Bind, sql: &mut String| {
        binds.push(b);
        sql.push_str(&clause.replace("$?", &format!("${}", first + binds.len() - 1)));
    };
    if let Some(k) = &q.kind {
        if !QUEUE_KINDS.contains(&k.as_str()) {
            return Err(ReviewError::Invalid(
                "type inconnu (message, conversation, ad, network)".into(),
            ));
        }
        push(" AND s.kind = $?", Bind::S(k.clone()), &mut sql);
    }
    if let Some(l) = q.min_level {
        push(" AND st.level_rank >= $?", Bind::I(l as i64), &mut sql);
    }
    if let Some(c) = &q.category {
        push(
            " AND (EXISTS (SELECT 1 FROM subject_categories sc WHERE sc.subject_id = st.subject_id \
             AND sc.category = $?)",
            Bind::S(c.clone()),
            &mut sql,
        );
        push(
            " OR EXISTS (SELECT 1 FROM network_members nm JOIN subject_categories sc \
             ON sc.subject_id = nm.subject_id WHERE nm.network_id = st.subject_id AND sc.category = $?))",
            Bind::S(c.clone()),
            &mut sql,
        );
    }
    if let Some(c) = &q.cursor {
        let [rank, cues, queued, id] = parse_cursor(c)?;
        // Keyset on (level_rank DESC, minor_cues DESC, queued_at, subject_id).
        push(" AND (st.level_rank < $?", Bind::I(rank), &mut sql);
        push(" OR (st.level_rank = $?", Bind::I(rank), &mut sql);
        push(" AND (st.minor_cues < $?", Bind::I(cues), &mut sql);
        push(" OR (st.minor_cues = $?", Bind::I(cues), &mut sql);
        push(" AND (st.queued_at > $?", Bind::I(queued), &mut sql);
        push(" OR (st.queued_at = $?", Bind::I(queued), &mut sql);
        push(" AND st.subject_id > $?))))))", Bind::I(id), &mut sql);
    }
    Ok((sql, binds))
}

/// A signal's latest verdict: rule, span start, span end, category, verdict.
type Judged = (String, i64, i64, String, String);

const ORDER: &str = " ORDER BY st.level_rank DESC, st.minor_cues DESC, st.queued_at, st.subject_id";

/// Latest verdict per signal (rule and span) of each subject.
const LATEST_SIGNAL_VERDICTS: &str = "SELECT MAX(id) AS id FROM verdicts WHERE rule IS NOT NULL \
     GROUP BY subject_id, rule, span_start, span_end";

macro_rules! review_backend {
    ($name:ident, $Pool:ty, $Conn:ty, $pg:expr) => {
        pub(crate) mod $name {
            use sqlx::{AssertSqlSafe, Row as _};

            use super::{
                BTreeMap, BTreeSet, Bind, ClaimInfo, Judged, CommentInfo, EvalItem, LATEST_SIGNAL_VERDICTS, NewVerdict,
                ORDER, QueueItem, QueuePage, QueueQuery, RefutedExample, ReviewError, ReviewResult, ReviewView,
                RuleStats, SignalRef, VerdictExport, VerdictInfo, VerdictKind, clean_text, now, queue_filter,
                reasons,
            };
            use crate::journal::JournalEvent;
            use crate::journal::$name::{append, pseudonym};

            const PG: bool = $pg;

            type Args = <<$Conn as sqlx::Connection>::Database as sqlx::Database>::Arguments;
            type Query<'q> = sqlx::query::Query<'q, <$Conn as sqlx::Connection>::Database, Args>;

            fn bind_all<'q>(mut q: Query<'q>, binds: &[Bind]) -> Query<'q> {
                for b in binds {
                    q = match b {
                        Bind::S(s) => q.bind(s.clone()),
                        Bind::I(i) => q.bind(*i),
                    };
                }
                q
            }

            async fn begin(pool: &$Pool) -> sqlx::Result<sqlx::Transaction<'static, <$Conn as sqlx::Connection>::Database>> {
                if PG { pool.begin().await } else { pool.begin_with("BEGIN IMMEDIATE").await }
            }

            fn journal<'a>(action: &'a str, key: &str, body: serde_json::Value) -> JournalEvent<'a> {
                JournalEvent { action, object_kind: "subject", object_id: key.to_owned(), data_class: "review", body }
            }

            /// The subject id of `key`.
            async fn subject_id(conn: &mut $Conn, key: &str) -> ReviewResult<i64> {
                let row = sqlx::query("SELECT id FROM subjects WHERE key = $1")
                    .bind(key)
                    .fetch_optional(&mut *conn)
                    .await?;
                match row {
                    Some(r) => Ok(r.try_get(0)?),
                    None => Err(ReviewError::NotFound("sujet")),
                }
            }

            /// The live claim on `subject` by someone else than `user`: its lease end.
            async fn held_by_other(conn: &mut $Conn, subject: i64, user: i64, at: i64) -> ReviewResult<Option<i64>> {
                let row = sqlx::query(
                    "SELECT lease_until FROM claims WHERE subject_id = $1 AND user_id <> $2 AND lease_until > $3",
                )
                .bind(subject)
                .bind(user)
                .bind(at)
                .fetch_optional(&mut *conn)
                .await?;
                Ok(row.map(|r| r.try_get(0)).transpose()?)
            }

            fn held(lease_until: i64) -> ReviewError {
                let until = jiff::Timestamp::from_second(lease_until)
                    .map(|t| t.strftime("%H:%M UTC").to_string())
                    .unwrap_or_default();
                ReviewError::Conflict(format!("sujet réservé par un autre compte jusqu'à {until}"))
            }

            /// Claims `subject` for `user` unless someone else holds a live lease (an assignment
            /// by `assigned_by` overrides it). Returns the claim, or `None` when refused.
            async fn upsert_claim(
                conn: &mut $Conn,
                subject: i64,
                user: i64,
                assigned_by: Option<i64>,
                at: i64,
                lease_secs: i64,
            ) -> ReviewResult<Option<(Option<i64>, i64)>> {
                let guard = if assigned_by.is_some() {
                    ""
                } else {
                    " WHERE claims.user_id = excluded.user_id OR claims.lease_until <= excluded.claimed_at"
                };
                let sql = format!(
                    "INSERT INTO claims (subject_id, user_id, assigned_by, claimed_at, lease_until) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (subject_id) DO UPDATE SET \
                     assigned_by = CASE WHEN claims.user_id = excluded.user_id AND excluded.assigned_by IS NULL \
                         THEN claims.assigned_by ELSE excluded.assigned_by END, \
                     user_id = excluded.user_id, claimed_at = excluded.claimed_at, \
                     lease_until = excluded.lease_until{guard} RETURNING assigned_by, lease_until"
                );
                let row = sqlx::query(AssertSqlSafe(sql))
                    .bind(subject)
                    .bind(user)
                    .bind(assigned_by)
                    .bind(at)
                    .bind(at + lease_secs)
                    .fetch_optional(&mut *conn)
                    .await?;
                row.map(|r| -> ReviewResult<_> { Ok((r.try_get(0)?, r.try_get(1)?)) }).transpose()
            }

            pub(crate) async fn claim(pool: &$Pool, key: &str, user: i64, lease_secs: i64) -> ReviewResult<ClaimInfo> {
                let at = now();
                let mut tx = begin(pool).await?;
                let subject = subject_id(&mut tx, key).await?;
                let Some((assigned_by, lease_until)) = upsert_claim(&mut tx, subject, user, None, at, lease_secs).await? else {
                    let until = held_by_other(&mut tx, subject, user, at).await?.unwrap_or(at);
                    return Err(held(until));
                };
                append(&mut tx, Some(user), &journal("claim", key, serde_json::json!({ "lease_until": lease_until })), at).await?;
                tx.commit().await?;
                Ok(ClaimInfo { subject: key.to_owned(), user_id: user, assigned_by, claimed_at: at, lease_until })
            }

            pub(crate) async fn assign(pool: &$Pool, key: &str, to: i64, admin: i64, lease_secs: i64) -> ReviewResult<ClaimInfo> {
                let at = now();
                let mut tx = begin(pool).await?;
                let subject = subject_id(&mut tx, key).await?;
                let ok = sqlx::query("SELECT 1 FROM users WHERE id = $1 AND disabled = 0")
                    .bind(to)
                    .fetch_optional(&mut *tx)
                    .await?;
                if ok.is_none() {
                    return Err(ReviewError::NotFound("compte"));
                }
                let (assigned_by, lease_until) = upsert_claim(&mut tx, subject, to, Some(admin), at, lease_secs)
                    .await?
                    .ok_or_else(|| ReviewError::Conflict("réservation impossible".into()))?;
                let assignee = pseudonym(&mut tx, to).await?;
                let body = serde_json::json!({ "assignee": assignee, "lease_until": lease_until });
                append(&mut tx, Some(admin), &journal("assign", key, body), at).await?;
                tx.commit().await?;
                Ok(ClaimInfo { subject: key.to_owned(), user_id: to, assigned_by, claimed_at: at, lease_until })
            }

            pub(crate) async fn release(pool: &$Pool, key: &str, user: i64, admin: bool) -> ReviewResult<bool> {
                let at = now();
                let mut tx = begin(pool).await?;
                let subject = subject_id(&mut tx, key).await?;
                if !admin && let Some(until) = held_by_other(&mut tx, subject, user, at).await? {
                    return Err(held(until));
                }
                let gone = sqlx::query("DELETE FROM claims WHERE subject_id = $1")
                    .bind(subject)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if gone > 0 {
                    append(&mut tx, Some(user), &journal("release", key, serde_json::json!({})), at).await?;
                }
                tx.commit().await?;
                Ok(gone > 0)
            }

            pub(crate) async fn next(pool: &$Pool, q: &QueueQuery, user: i64, lease_secs: i64) -> ReviewResult<Option<ClaimInfo>> {
                let at = now();
                let mut tx = begin(pool).await?;
                let (filter, binds) = queue_filter(&QueueQuery { state: None, cursor: None, ..q.clone() }, 2)?;
                let lock = if PG { " FOR UPDATE OF st SKIP LOCKED" } else { "" };
                let sql = format!(
                    "SELECT st.subject_id, s.key FROM subject_status st JOIN subjects s ON s.id = st.subject_id{filter} \
                     AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.subject_id = st.subject_id AND c.lease_until > $1)\
                     {ORDER} LIMIT 1{lock}"
                );
                // A candidate claimed by a concurrent `claim` between our read and our upsert is
                // skipped: the next read no longer sees it unclaimed.
                for _ in 0..16 {
                    let row = bind_all(sqlx::query(AssertSqlSafe(sql.clone())).bind(at), &binds)
                        .fetch_optional(&mut *tx)
                        .await?;
                    let Some(row) = row else {
                        tx.commit().await?;
                        return Ok(None);
                    };
                    let subject: i64 = row.try_get(0)?;
                    let key: String = row.try_get(1)?;
                    if let Some((assigned_by, lease_until)) = upsert_claim(&mut tx, subject, user, None, at, lease_secs).await? {
                        let body = serde_json::json!({ "lease_until": lease_until, "next": true });
                        append(&mut tx, Some(user), &journal("claim", &key, body), at).await?;
                        tx.commit().await?;
                        return Ok(Some(ClaimInfo { subject: key, user_id: user, assigned_by, claimed_at: at, lease_until }));
                    }
                }
                Err(ReviewError::Conflict("file disputée : réessayez".into()))
            }

            pub(crate) async fn queue(pool: &$Pool, q: &QueueQuery) -> ReviewResult<QueuePage> {
                let at = now();
                let limit = q.limit.clamp(1, 500);
                let (filter, binds) = queue_filter(q, 2)?;
                let sql = format!(
                    "SELECT st.subject_id, s.key, s.kind, COALESCE(st.level, 'none'), st.score, st.minor_cues, \
                     st.queued_at, st.review_state, st.level_rank, c.user_id, c.assigned_by, c.claimed_at, c.lease_until, \
                     CASE WHEN s.kind = 'network' THEN \
                         (SELECT COUNT(*) FROM network_members nm WHERE nm.network_id = st.subject_id) END \
                     FROM subject_status st JOIN subjects s ON s.id = st.subject_id \
                     LEFT JOIN claims c ON c.subject_id = st.subject_id AND c.lease_until > $1{filter}{ORDER} LIMIT {}",
                    limit + 1
                );
                let rows = bind_all(sqlx::query(AssertSqlSafe(sql)).bind(at), &binds).fetch_all(pool).await?;
                let mut items = Vec::with_capacity(rows.len());
                let mut last = None;
                for r in rows.iter().take(limit as usize) {
                    let id: i64 = r.try_get(0)?;
                    let key: String = r.try_get(1)?;
                    let kind: String = r.try_get(2)?;
                    let cues: i64 = r.try_get(5)?;
                    let queued_at: i64 = r.try_get(6)?;
                    let rank: i64 = r.try_get(8)?;
                    let members: Option<i64> = r.try_get(13)?;
                    let claim = match r.try_get::<Option<i64>, _>(9)? {
                        Some(user_id) => Some(ClaimInfo {
                            subject: key.clone(),
                            user_id,
                            assigned_by: r.try_get(10)?,
                            claimed_at: r.try_get(11)?,
                            lease_until: r.try_get(12)?,
                        }),
                        None => None,
                    };
                    let waiting = (at - queued_at).max(0);
                    items.push(QueueItem {
                        reasons: reasons(rank, cues, waiting, &kind, members),
                        id,
                        subject: key,
                        kind,
                        level: r.try_get(3)?,
                        score: r.try_get(4)?,
                        minor_cues: cues,
                        queued_at,
                        waiting_secs: waiting,
                        review_state: r.try_get(7)?,
                        members,
                        claim,
                    });
                    last = Some(format!("{rank}.{cues}.{queued_at}.{id}"));
                }
                let next_cursor = if rows.len() as i64 > limit { last } else { None };
                Ok(QueuePage { items, next_cursor })
            }

            pub(crate) async fn verdict(pool: &$Pool, key: &str, user: i64, v: &NewVerdict) -> ReviewResult<VerdictInfo> {
                let reason = clean_text(v.reason.as_deref(), "raison")?;
                if v.verdict == VerdictKind::Refute && reason.is_none() {
                    return Err(ReviewError::Invalid("une réfutation demande une raison".into()));
                }
                let at = now();
                let mut tx = begin(pool).await?;
                let subject = subject_id(&mut tx, key).await?;
                if let Some(until) = held_by_other(&mut tx, subject, user, at).await? {
                    return Err(held(until));
                }
                let assessment: Option<i64> = sqlx::query("SELECT assessment_id FROM subject_status WHERE subject_id = $1")
                    .bind(subject)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| r.try_get(0))
                    .transpose()?
                    .flatten();
                if let Some(s) = &v.signal {
                    let Some(a) = assessment else {
                        return Err(ReviewError::Invalid("ce sujet n'a pas d'évaluation : jugez le sujet".into()));
                    };
                    let found = sqlx::query(
                        "SELECT 1 FROM signal_hits WHERE assessment_id = $1 AND rule = $2 AND span_start = $3 AND span_end = $4",
                    )
                    .bind(a)
                    .bind(&s.rule)
                    .bind(s.start)
                    .bind(s.end)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if found.is_none() {
                        let code: String = s.rule.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect();
                        return Err(ReviewError::Invalid(format!(
                            "signal absent de la dernière évaluation : règle {code}, octets {}..{}",
                            s.start, s.end
                        )));
                    }
                }
                let id: i64 = sqlx::query(
                    "INSERT INTO verdicts (subject_id, assessment_id, rule, span_start, span_end, verdict, reason, user_id, at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                )
                .bind(subject)
                .bind(assessment)
                .bind(v.signal.as_ref().map(|s| s.rule.as_str()))
                .bind(v.signal.as_ref().map(|s| s.start))
                .bind(v.signal.as_ref().map(|s| s.end))
                .bind(v.verdict.as_str())
                .bind(reason.as_deref())
                .bind(user)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                if v.signal.is_none() {
                    sqlx::query("UPDATE subject_status SET review_state = $1 WHERE subject_id = $2")
                        .bind(v.verdict.as_str())
                        .bind(subject)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM claims WHERE subject_id = $1").bind(subject).execute(&mut *tx).await?;
                }
                let body = serde_json::json!({
                    "verdict": v.verdict.as_str(),
                    "id": id,
                    "assessment": assessment,
                    "rule": v.signal.as_ref().map(|s| s.rule.as_str()),
                    "span": v.signal.as_ref().map(|s| [s.start, s.end]),
                    "reason": reason.is_some(),
                });
                append(&mut tx, Some(user), &journal("verdict", key, body), at).await?;
                tx.commit().await?;
                Ok(VerdictInfo { id, verdict: v.verdict, signal: v.signal.clone(), assessment_id: assessment, reason, user_id: user, at })
            }

            pub(crate) async fn comment(pool: &$Pool, key: &str, user: i64, text: &str) -> ReviewResult<CommentInfo> {
                let Some(text) = clean_text(Some(text), "commentaire")? else {
                    return Err(ReviewError::Invalid("commentaire vide".into()));
                };
                let at = now();
                let mut tx = begin(pool).await?;
                let subject = subject_id(&mut tx, key).await?;
                let id: i64 = sqlx::query("INSERT INTO comments (subject_id, user_id, at, text) VALUES ($1, $2, $3, $4) RETURNING id")
                    .bind(subject)
                    .bind(user)
                    .bind(at)
                    .bind(&text)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
                let body = serde_json::json!({ "comment": id, "chars": text.chars().count() });
                append(&mut tx, Some(user), &journal("comment", key, body), at).await?;
                tx.commit().await?;
                Ok(CommentInfo { id, user_id: user, at, text })
            }

            pub(crate) async fn refute_link(pool: &$Pool, a: &str, b: &str, user: i64, reason: &str) -> ReviewResult<()> {
                let Some(reason) = clean_text(Some(reason), "raison")? else {
                    return Err(ReviewError::Invalid("une réfutation demande une raison".into()));
                };
                if a == b {
                    return Err(ReviewError::Invalid("un lien relie deux documents différents".into()));
                }
                let at = now();
                let mut tx = begin(pool).await?;
                let mut ids = Vec::with_capacity(2);
                for key in [a, b] {
                    let row = sqlx::query("SELECT s.id FROM subjects s JOIN documents d ON d.subject_id = s.id WHERE s.key = $1")
                        .bind(key)
                        .fetch_optional(&mut *tx)
                        .await?;
                    let Some(r) = row else { return Err(ReviewError::NotFound("document")) };
                    ids.push((r.try_get::<i64, _>(0)?, key));
                }
                ids.sort_unstable();
                let done = sqlx::query(
                    "INSERT INTO refuted_links (a, b, user_id, reason, at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (a, b) DO NOTHING",
                )
                .bind(ids[0].0)
                .bind(ids[1].0)
                .bind(user)
                .bind(&reason)
                .bind(at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done == 0 {
                    return Err(ReviewError::Conflict("ce lien est déjà réfuté".into()));
                }
                let e = JournalEvent {
                    action: "link.refute",
                    object_kind: "link",
                    object_id: format!("{}|{}", ids[0].1, ids[1].1),
                    data_class: "review",
                    body: serde_json::json!({ "reason": true }),
                };
                append(&mut tx, Some(user), &e, at).await?;
                tx.commit().await?;
                Ok(())
            }

            pub(crate) async fn review(pool: &$Pool, key: &str) -> ReviewResult<ReviewView> {
                let at = now();
                let row = sqlx::query(
                    "SELECT s.id, s.kind, COALESCE(st.review_state, 'none'), c.user_id, c.assigned_by, c.claimed_at, c.lease_until \
                     FROM subjects s LEFT JOIN subject_status st ON st.subject_id = s.id \
                     LEFT JOIN claims c ON c.subject_id = s.id AND c.lease_until > $2 WHERE s.key = $1",
                )
                .bind(key)
                .bind(at)
                .fetch_optional(pool)
                .await?;
                let Some(r) = row else { return Err(ReviewError::NotFound("sujet")) };
                let subject: i64 = r.try_get(0)?;
                let claim = match r.try_get::<Option<i64>, _>(3)? {
                    Some(user_id) => Some(ClaimInfo {
                        subject: key.to_owned(),
                        user_id,
                        assigned_by: r.try_get(4)?,
                        claimed_at: r.try_get(5)?,
                        lease_until: r.try_get(6)?,
                    }),
                    None => None,
                };
                let verdicts = sqlx::query(
                    "SELECT id, verdict, rule, span_start, span_end, assessment_id, reason, user_id, at \
                     FROM verdicts WHERE subject_id = $1 ORDER BY id",
                )
                .bind(subject)
                .fetch_all(pool)
                .await?
                .iter()
                .map(verdict_row)
                .collect::<ReviewResult<Vec<_>>>()?;
                let comments = sqlx::query("SELECT id, user_id, at, text FROM comments WHERE subject_id = $1 ORDER BY id")
                    .bind(subject)
                    .fetch_all(pool)
                    .await?
                    .iter()
                    .map(|c| Ok(CommentInfo { id: c.try_get(0)?, user_id: c.try_get(1)?, at: c.try_get(2)?, text: c.try_get(3)? }))
                    .collect::<ReviewResult<Vec<_>>>()?;
                Ok(ReviewView {
                    subject: key.to_owned(),
                    kind: r.try_get(1)?,
                    review_state: r.try_get(2)?,
                    claim,
                    verdicts,
                    comments,
                })
            }

            fn verdict_row(r: &<<$Conn as sqlx::Connection>::Database as sqlx::Database>::Row) -> ReviewResult<VerdictInfo> {
                let verdict = match r.try_get::<String, _>(1)?.as_str() {
                    "confirme" => VerdictKind::Confirme,
                    "refute" => VerdictKind::Refute,
                    _ => VerdictKind::Incertain,
                };
                let rule: Option<String> = r.try_get(2)?;
                let signal = match rule {
                    Some(rule) => Some(SignalRef { rule, start: r.try_get::<Option<i64>, _>(3)?.unwrap_or(0), end: r.try_get::<Option<i64>, _>(4)?.unwrap_or(0) }),
                    None => None,
                };
                Ok(VerdictInfo {
                    id: r.try_get(0)?,
                    verdict,
                    signal,
                    assessment_id: r.try_get(5)?,
                    reason: r.try_get(6)?,
                    user_id: r.try_get(7)?,
                    at: r.try_get(8)?,
                })
            }

            pub(crate) async fn rules_stats(pool: &$Pool) -> ReviewResult<Vec<RuleStats>> {
                let mut out: BTreeMap<String, RuleStats> = BTreeMap::new();
                let blank = |rule: &str| RuleStats {
                    rule: rule.to_owned(),
                    hits: 0,
                    confirmed: 0,
                    refuted: 0,
                    uncertain: 0,
                    precision: None,
                    refuted_examples: Vec::new(),
                };
                for r in sqlx::query("SELECT rule, COUNT(DISTINCT subject_id) FROM signal_hits GROUP BY rule").fetch_all(pool).await? {
                    let rule: String = r.try_get(0)?;
                    out.entry(rule.clone()).or_insert_with(|| blank(&rule)).hits = r.try_get(1)?;
                }
                let sql = format!(
                    "SELECT v.rule, v.verdict, COUNT(*) FROM verdicts v JOIN ({LATEST_SIGNAL_VERDICTS}) l ON l.id = v.id \
                     GROUP BY v.rule, v.verdict"
                );
                for r in sqlx::query(AssertSqlSafe(sql)).fetch_all(pool).await? {
                    let rule: String = r.try_get(0)?;
                    let n: i64 = r.try_get(2)?;
                    let s = out.entry(rule.clone()).or_insert_with(|| blank(&rule));
                    match r.try_get::<String, _>(1)?.as_str() {
                        "confirme" => s.confirmed += n,
                        "refute" => s.refuted += n,
                        _ => s.uncertain += n,
                    }
                }
                let sql = format!(
                    "SELECT v.rule, s.key, v.span_start, v.span_end, COALESCE(v.reason, '') FROM verdicts v \
                     JOIN ({LATEST_SIGNAL_VERDICTS}) l ON l.id = v.id JOIN subjects s ON s.id = v.subject_id \
                     WHERE v.verdict = 'refute' ORDER BY v.id DESC"
                );
                for r in sqlx::query(AssertSqlSafe(sql)).fetch_all(pool).await? {
                    let rule: String = r.try_get(0)?;
                    let s = out.entry(rule.clone()).or_insert_with(|| blank(&rule));
                    s.refuted_examples.push(RefutedExample {
                        subject: r.try_get(1)?,
                        start: r.try_get::<Option<i64>, _>(2)?.unwrap_or(0),
                        end: r.try_get::<Option<i64>, _>(3)?.unwrap_or(0),
                        reason: r.try_get(4)?,
                    });
                }
                for s in out.values_mut() {
                    let judged = s.confirmed + s.refuted;
                    s.precision = (judged > 0).then(|| s.confirmed as f64 / judged as f64);
                }
                Ok(out.into_values().collect())
            }

            pub(crate) async fn verdicts_export(pool: &$Pool, minors_text: bool) -> ReviewResult<VerdictExport> {
                // Judged documents: key, text, minor, level, current assessment.
                let docs = sqlx::query(
                    "SELECT d.subject_id, d.doc_key, d.text, d.minor, COALESCE(st.level, 'none'), st.assessment_id, s.key \
                     FROM documents d JOIN subjects s ON s.id = d.subject_id \
                     LEFT JOIN subject_status st ON st.subject_id = d.subject_id \
                     WHERE d.subject_id IN (SELECT subject_id FROM verdicts) ORDER BY d.subject_id",
                )
                .fetch_all(pool)
                .await?;
                // Latest subject verdict per subject.
                let mut subject_verdict: BTreeMap<i64, String> = BTreeMap::new();
                for r in sqlx::query(
                    "SELECT v.subject_id, v.verdict FROM verdicts v JOIN (SELECT MAX(id) AS id FROM verdicts \
                     WHERE rule IS NULL GROUP BY subject_id) l ON l.id = v.id",
                )
                .fetch_all(pool)
                .await?
                {
                    subject_verdict.insert(r.try_get(0)?, r.try_get(1)?);
                }
                // Latest verdict per signal, with the signal's category.
                let mut signal_verdicts: BTreeMap<i64, Vec<Judged>> = BTreeMap::new();
                let sql = format!(
                    "SELECT v.subject_id, v.rule, v.span_start, v.span_end, h.category, v.verdict FROM verdicts v \
                     JOIN ({LATEST_SIGNAL_VERDICTS}) l ON l.id = v.id \
                     JOIN signal_hits h ON h.assessment_id = v.assessment_id AND h.rule = v.rule \
                     AND h.span_start = v.span_start AND h.span_end = v.span_end ORDER BY v.id"
                );
                for r in sqlx::query(AssertSqlSafe(sql)).fetch_all(pool).await? {
                    signal_verdicts.entry(r.try_get(0)?).or_default().push((
                        r.try_get(1)?,
                        r.try_get(2)?,
                        r.try_get(3)?,
                        r.try_get(4)?,
                        r.try_get(5)?,
                    ));
                }
                let mut export = VerdictExport::default();
                for d in &docs {
                    let subject: i64 = d.try_get(0)?;
                    let doc_key: String = d.try_get(1)?;
                    if d.try_get::<i64, _>(3)? != 0 && !minors_text {
                        export.withheld += 1;
                        continue;
                    }
                    let judged = signal_verdicts.get(&subject).map_or(&[][..], Vec::as_slice);
                    let verdict_of = |rule: &str, start: i64, end: i64| {
                        judged.iter().find(|j| j.0 == rule && j.1 == start && j.2 == end).map(|j| j.4.as_str())
                    };
                    let mut expected: BTreeSet<String> = BTreeSet::new();
                    let mut must_not: BTreeSet<String> = BTreeSet::new();
                    for j in judged {
                        match j.4.as_str() {
                            "confirme" => { expected.insert(j.3.clone()); }
                            "refute" => { must_not.insert(j.3.clone()); }
                            _ => {}
                        }
                    }
                    let whole = subject_verdict.get(&subject).map(String::as_str);
                    if let (Some(w @ ("confirme" | "refute")), Some(a)) = (whole, d.try_get::<Option<i64>, _>(5)?) {
                        let hits = sqlx::query("SELECT rule, span_start, span_end, category FROM signal_hits WHERE assessment_id = $1")
                            .bind(a)
                            .fetch_all(pool)
                            .await?;
                        for h in hits {
                            let rule: String = h.try_get(0)?;
                            let own = verdict_of(&rule, h.try_get(1)?, h.try_get(2)?);
                            let category: String = h.try_get(3)?;
                            if w == "confirme" && own != Some("refute") {
                                expected.insert(category);
                            } else if w == "refute" && own != Some("confirme") {
                                must_not.insert(category);
                            }
                        }
                    }
                    must_not.retain(|c| !expected.contains(c));
                    if expected.is_empty() && must_not.is_empty() {
                        continue;
                    }
                    let level: String = d.try_get(4)?;
                    export.items.push(EvalItem {
                        id: format!("verdict-{doc_key}"),
                        text: d.try_get(2)?,
                        source: "verdicts".to_owned(),
                        source_id: "verdicts".to_owned(),
                        expected: expected.into_iter().collect(),
                        must_not: must_not.into_iter().collect(),
                        risk: if whole == Some("refute") { "none".to_owned() } else { level },
                        subject: d.try_get(6)?,
                    });
                }
                Ok(export)
            }
        }
    };
}

review_backend!(sqlite, sqlx::SqlitePool, sqlx::SqliteConnection, false);
review_backend!(postgres, sqlx::PgPool, sqlx::PgConnection, true);

/// Runs a write again (up to three times) after a transient conflict: a PostgreSQL deadlock or
/// serialization failure, a busy SQLite file.
macro_rules! retrying {
    ($e:expr) => {{
        let mut attempt = 0u64;
        loop {
            match $e {
                Err(ReviewError::Store(StoreError::Db(sqlx::Error::Database(e))))
                    if attempt < 3 && crate::transient(e.code().as_deref()) =>
                {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(20 * attempt)).await;
                }
                other => break other,
            }
        }
    }};
}

macro_rules! dispatch {
    ($self:expr, $f:ident ( $($arg:expr),* )) => {
        retrying!(match &$self.pool {
            Pool::Sqlite(p) => sqlite::$f(p, $($arg),*).await,
            Pool::Postgres(p) => postgres::$f(p, $($arg),*).await,
        })
    };
}

impl Store {
    /// One page of the review queue; see [`QueueQuery`].
    pub async fn queue(&self, q: &QueueQuery) -> ReviewResult<QueuePage> {
        dispatch!(self, queue(q))
    }

    /// Claims subject `key` for `user` for `lease_secs` (renews the caller's own claim); refused
    /// ([`ReviewError::Conflict`]) while another account holds a live lease.
    pub async fn claim(&self, key: &str, user: i64, lease_secs: i64) -> ReviewResult<ClaimInfo> {
        check_lease(lease_secs)?;
        dispatch!(self, claim(key, user, lease_secs))
    }

    /// Assigns subject `key` to account `to` (by admin `admin`), overriding any claim.
    pub async fn assign(
        &self,
        key: &str,
        to: i64,
        admin: i64,
        lease_secs: i64,
    ) -> ReviewResult<ClaimInfo> {
        check_lease(lease_secs)?;
        dispatch!(self, assign(key, to, admin, lease_secs))
    }

    /// Releases the claim on `key`; `false` when there was none. Refused while another account
    /// holds a live lease, unless `admin`.
    pub async fn release(&self, key: &str, user: i64, admin: bool) -> ReviewResult<bool> {
        dispatch!(self, release(key, user, admin))
    }

    /// Claims the highest-priority pending subject that nobody holds (among those `q` selects;
    /// its cursor and state are ignored); `None` when the queue is empty.
    pub async fn next_item(
        &self,
        q: &QueueQuery,
        user: i64,
        lease_secs: i64,
    ) -> ReviewResult<Option<ClaimInfo>> {
        check_lease(lease_secs)?;
        dispatch!(self, next(q, user, lease_secs))
    }

    /// Records a verdict by `user` on subject `key` or on one signal of its latest assessment.
    /// A subject verdict sets its review state and ends the claim.
    pub async fn add_verdict(
        &self,
        key: &str,
        user: i64,
        v: &NewVerdict,
    ) -> ReviewResult<VerdictInfo> {
        dispatch!(self, verdict(key, user, v))
    }

    /// Adds a comment by `user` on subject `key`.
    pub async fn add_comment(&self, key: &str, user: i64, text: &str) -> ReviewResult<CommentInfo> {
        dispatch!(self, comment(key, user, text))
    }

    /// Records that the link between documents `a` and `b` (subject keys) is wrong.
    pub async fn refute_link(&self, a: &str, b: &str, user: i64, reason: &str) -> ReviewResult<()> {
        dispatch!(self, refute_link(a, b, user, reason))
    }

    /// The review of subject `key`: state, live claim, verdicts and comments.
    pub async fn review(&self, key: &str) -> ReviewResult<ReviewView> {
        dispatch!(self, review(key))
    }

    /// Every rule with hits or verdicts: hits, confirmations, refutations, uncertain verdicts,
    /// precision and refuted examples (latest verdict per signal), by rule code.
    pub async fn rules_stats(&self) -> ReviewResult<Vec<RuleStats>> {
        dispatch!(self, rules_stats())
    }

    /// The judged documents as an evaluation corpus (`vigie eval rules --data`); minors' texts
    /// only when `minors_text`, else they are counted in `withheld`.
    pub async fn verdicts_export(&self, minors_text: bool) -> ReviewResult<VerdictExport> {
        dispatch!(self, verdicts_export(minors_text))
    }
}
