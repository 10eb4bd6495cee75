//! Vigie's store: subjects, versioned assessments, immutable events and accounts, on SQLite (the
//! default, one file) or PostgreSQL (teams).
//!
//! The data model follows Bluesky Ozone: *subjects* (message, conversation, ad, identifier,
//! network) are keyed by a stable text key; *assessments* are never overwritten (a new engine, rule
//! set, model or input gives a new version); *events* are append-only (triggers refuse updates and
//! deletes); the *status* of a subject is derived from them. Each backend has its own migrations,
//! run by [`Store::open`].
//!
//! One [`Store`] type serves both backends. The SQL is shared where the dialects agree (`$1`
//! placeholders work on both); each query is expanded once per backend by the `backend!` macro, so
//! each runs on its own concrete connection type (sqlx's `Any` driver would lose types).
//!
//! Nothing here logs message text, identifiers or tokens: only ids, counts and codes.

mod accounts;
mod backend;
mod cases;
pub mod journal;
mod migrate;
mod model;
mod retention;
mod review;
mod search;

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

pub use accounts::{Principal, Role, TokenInfo, generate_password, hash_password, verify_password};
pub use cases::{CaseSubject, CaseSummary, CaseView, EXPORT_VALIDATIONS, ExportInfo};
pub use journal::{CheckpointRow, JournalEvent, JournalRecord, JournalRow};
pub use model::{
    ConversationView, DocumentView, EventInfo, IngestOutcome, IngestStatus, MemberView,
    NetworkEdge, NetworkView, NewDocument, PendingConversation, StoredAssessment, StoredSignal,
    SubjectKind, VersionInfo,
};
pub use retention::{DATA_CLASSES, PurgeReport};
pub use review::{
    ClaimInfo, CommentInfo, DEFAULT_LEASE_SECS, EvalItem, MAX_LEASE_SECS, NewVerdict, QueueItem,
    QueuePage, QueueQuery, RefutedExample, ReviewError, ReviewResult, ReviewView, RuleStats,
    SignalRef, VerdictExport, VerdictInfo, VerdictKind,
};
pub use search::{Facet, IdentifierQuery, SearchHit, SearchPage, SearchQuery};

/// What can go wrong in the store. Messages never quote stored text.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is not `sqlite:PATH` or `postgres://…`.
    #[error("base inconnue : {0} (sqlite:CHEMIN ou postgres://…)")]
    BadUrl(String),
    /// The database failed.
    #[error("base de données : {0}")]
    Db(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration : {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A value could not be encoded or decoded.
    #[error("donnée illisible : {0}")]
    Json(#[from] serde_json::Error),
    /// A request was refused (unknown user, role…); the message is safe to show.
    #[error("{0}")]
    Invalid(String),
    /// What was asked for does not exist, or the caller may not know that it exists (need to
    /// know); the value names the kind of thing (`dossier`, `sujet`…).
    #[error("{0} introuvable")]
    NotFound(&'static str),
    /// The request conflicts with the current state (a lease held by someone else, a second
    /// validation by the same account…); the message is safe to show.
    #[error("{0}")]
    Conflict(String),
    /// The caller may not do this now (an export not yet validated twice…); safe to show.
    #[error("{0}")]
    Forbidden(String),
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite (bundled), the default.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A handle on the store; cheap to clone (a connection pool).
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: Pool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("backend", &self.backend()).finish()
    }
}

/// PostgreSQL deadlock / serialization failure, SQLite busy / locked.
fn transient(code: Option<&str>) -> bool {
    matches!(code, Some("40P01" | "40001" | "5" | "6" | "517"))
}

/// Seconds since the Unix epoch (the store's clock).
pub(crate) fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates the store at `url`: `sqlite:PATH`,
    /// `sqlite::memory:` or `postgres://…` (a `?options=-csearch_path%3DNAME` parameter selects a
    /// schema).
    pub async fn open(url: &str) -> Result<Store> {
        let store = if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            let memory = path == ":memory:";
            let options = if memory {
                SqliteConnectOptions::new().in_memory(true)
            } else {
                SqliteConnectOptions::new().filename(path).create_if_missing(true)
            }
            .journal_mode(if memory { SqliteJournalMode::Memory } else { SqliteJournalMode::Wal })
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30));
            // One connection for an in-memory database (each connection would get its own).
            let max = if memory { 1 } else { 8 };
            let pool = SqlitePoolOptions::new().max_connections(max).connect_with(options).await?;
            Store { pool: Pool::Sqlite(pool) }
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options: PgConnectOptions = url.parse().map_err(|_| {
                StoreError::BadUrl("postgres://… (adresse PostgreSQL illisible)".to_owned())
            })?;
            let pool = PgPoolOptions::new().max_connections(16).connect_with(options).await?;
            Store { pool: Pool::Postgres(pool) }
        } else {
            let shown: String = url.chars().take(12).collect();
            return Err(StoreError::BadUrl(format!("{shown}…")));
        };
        store.migrate().await?;
        Ok(store)
    }

    /// The backend this store runs on.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Closes the pool (waits for connections to be returned).
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::query("SELECT 1").execute(p).await.is_ok(),
            Pool::Postgres(p) => sqlx::query("SELECT 1").execute(p).await.is_ok(),
        }
    }

    /// Stores a batch of assessed documents in one transaction: all of them or none.
    ///
    /// Idempotent on the document key: a document already stored with the same content is
    /// reported [`IngestStatus::Duplicate`]; with a different content, [`IngestStatus::Conflict`]
    /// (nothing is overwritten). New documents are linked to their identifiers, conversation and
    /// network, and their conversations are marked for re-assessment.
    ///
    /// A batch that fails on a transient conflict (a PostgreSQL deadlock or serialization failure
    /// between concurrent batches, a busy SQLite file) is retried up to three times.
    pub async fn ingest(
        &self,
        docs: &[NewDocument],
        actor: Option<&str>,
    ) -> Result<Vec<IngestOutcome>> {
        let mut attempt = 0;
        loop {
            let result = match &self.pool {
                Pool::Sqlite(p) => backend::sqlite::ingest(p, docs, actor).await,
                Pool::Postgres(p) => backend::postgres::ingest(p, docs, actor).await,
            };
            match result {
                Err(StoreError::Db(sqlx::Error::Database(e)))
                    if attempt < 3 && transient(e.code().as_deref()) =>
                {
                    attempt += 1;
                    tracing::warn!(attempt, "lot rejoué après un conflit transitoire");
                    tokio::time::sleep(Duration::from_millis(20 * attempt)).await;
                }
                other => return other,
            }
        }
    }

    /// A stored document by its key, with its latest assessment, conversation and network.
    pub async fn document(&self, key: &str) -> Result<Option<DocumentView>> {
        match &self.pool {
            Pool::Sqlite(p) => backend::sqlite::document(p, key).await,
            Pool::Postgres(p) => backend::postgres::document(p, key).await,
        }
    }

    /// A network by its subject key (`net:…`).
    pub async fn network_by_key(&self, key: &str) -> Result<Option<NetworkView>> {
        use sqlx::Row as _;
        let row = match &self.pool {
            Pool::Sqlite(p) => {
                sqlx::query("SELECT id FROM subjects WHERE key = $1 AND kind = 'network'")
                    .bind(key)
                    .fetch_optional(p)
                    .await?
                    .map(|r| r.try_get::<i64, _>(0))
                    .transpose()?
            }
            Pool::Postgres(p) => {
                sqlx::query("SELECT id FROM subjects WHERE key = $1 AND kind = 'network'")
                    .bind(key)
                    .fetch_optional(p)
                    .await?
                    .map(|r| r.try_get::<i64, _>(0))
                    .transpose()?
            }
        };
        match row {
            Some(id) => self.network(id).await,
            None => Ok(None),
        }
    }

    /// A conversation by its key, with its messages (keys, in order) and latest assessment.
    pub async fn conversation(&self, key: &str) -> Result<Option<ConversationView>> {
        match &self.pool {
            Pool::Sqlite(p) => backend::sqlite::conversation(p, key).await,
            Pool::Postgres(p) => backend::postgres::conversation(p, key).await,
        }
    }

    /// A network by its id, with its documents and the identifiers that join them.
    pub async fn network(&self, id: i64) -> Result<Option<NetworkView>> {
        match &self.pool {
            Pool::Sqlite(p) => backend::sqlite::network(p, id).await,
            Pool::Postgres(p) => backend::postgres::network(p, id).await,
        }
    }

    /// Conversations whose assessment is out of date, each with its stored messages in ingest
    /// order (at most `limit` conversations).
    pub async fn pending_conversations(&self, limit: i64) -> Result<Vec<PendingConversation>> {
        match &self.pool {
            Pool::Sqlite(p) => backend::sqlite::pending_conversations(p, limit).await,
            Pool::Postgres(p) => backend::postgres::pending_conversations(p, limit).await,
        }
    }

    /// Stores a conversation assessment (a new version unless the same one is stored) and clears
    /// the conversation's pending mark if nothing arrived since `since`.
    pub async fn put_conversation_assessment(
        &self,
        conversation_id: i64,
        since: i64,
        assessment: &StoredAssessment,
    ) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => {
                backend::sqlite::put_conversation_assessment(p, conversation_id, since, assessment)
                    .await
            }
            Pool::Postgres(p) => {
                backend::postgres::put_conversation_assessment(
                    p,
                    conversation_id,
                    since,
                    assessment,
                )
                .await
            }
        }
    }

    /// Stores a new assessment of a stored document (after a rule or model change): a new
    /// version unless the same fingerprint is stored. Returns the new version number.
    pub async fn reassess_document(
        &self,
        key: &str,
        assessment: &StoredAssessment,
    ) -> Result<Option<i64>> {
        match &self.pool {
            Pool::Sqlite(p) => backend::sqlite::reassess_document(p, key, assessment).await,
            Pool::Postgres(p) => backend::postgres::reassess_document(p, key, assessment).await,
        }
    }

    /// Searches documents; see [`SearchQuery`].
    pub async fn search(&self, query: &SearchQuery) -> Result<SearchPage> {
        match &self.pool {
            Pool::Sqlite(p) => backend::sqlite::search(p, query).await,
            Pool::Postgres(p) => backend::postgres::search(p, query).await,
        }
    }

    /// Documents carrying PDQ hashes (key and hex hash), for matching (`limit` rows after `after`).
    pub async fn media_hashes(&self, after: i64, limit: i64) -> Result<Vec<(i64, String, String)>> {
        match &self.pool {
            Pool::Sqlite(p) => backend::sqlite::media_hashes(p, after, limit).await,
            Pool::Postgres(p) => backend::postgres::media_hashes(p, after, limit).await,
        }
    }

    /// Number of stored documents, assessments and events (for tests and health).
    pub async fn counts(&self) -> Result<(i64, i64, i64)> {
        match &self.pool {
            Pool::Sqlite(p) => backend::sqlite::counts(p).await,
            Pool::Postgres(p) => backend::postgres::counts(p).await,
        }
    }
}
