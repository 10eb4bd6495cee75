//! Retention: a number of days per data class, and a purge that erases what is past its date and
//! journals the erasure. Erasing a journal body leaves its salted commitment in the leaf, so the
//! journal still verifies and the erased body cannot be guessed back.

use serde::Serialize;

use crate::{Pool, Result, Store, StoreError, now};

/// Data classes a retention applies to.
pub const DATA_CLASSES: [(&str, &str); 6] = [
    ("document", "texte des documents stockés (le reste — clé, niveau, identifiants — reste)"),
    ("review", "corps des entrées de revue du journal et texte des commentaires"),
    ("case", "corps des entrées de dossiers du journal"),
    ("read", "corps des entrées de lecture du journal"),
    ("ingest", "corps des entrées d'ingestion du journal"),
    ("admin", "corps des entrées d'administration du journal"),
];

/// What a purge erased.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    /// Documents whose text was erased.
    pub documents: u64,
    /// Journal bodies erased.
    pub journal_bodies: u64,
    /// Comments whose text was erased.
    pub comments: u64,
    /// Sequence number of the journal entry that records the purge (none when nothing was due).
    pub journal_seq: Option<i64>,
}

macro_rules! retention_backend {
    ($name:ident, $Pool:ty, $pg:expr) => {
        pub(crate) mod $name {
            use sqlx::Row as _;

            use super::PurgeReport;
            use crate::Result;
            use crate::journal::JournalEvent;

            const PG: bool = $pg;

            pub(crate) async fn purge(pool: &$Pool, at: i64) -> Result<PurgeReport> {
                let mut tx = if PG { pool.begin().await? } else { pool.begin_with("BEGIN IMMEDIATE").await? };
                let rules = sqlx::query("SELECT data_class, days FROM retention ORDER BY data_class")
                    .fetch_all(&mut *tx)
                    .await?;
                let mut report = PurgeReport::default();
                let mut applied = serde_json::Map::new();
                for r in &rules {
                    let class: String = r.try_get(0)?;
                    let days: i64 = r.try_get(1)?;
                    let cutoff = at - days.saturating_mul(86_400);
                    applied.insert(class.clone(), serde_json::json!(days));
                    if class == "document" {
                        if !PG {
                            // FTS5 external content: remove the words before the text goes.
                            sqlx::query(
                                "INSERT INTO documents_fts (documents_fts, rowid, text) \
                                 SELECT 'delete', subject_id, text FROM documents \
                                 WHERE ingested_at < $1 AND text <> ''",
                            )
                            .bind(cutoff)
                            .execute(&mut *tx)
                            .await?;
                        }
                        report.documents += sqlx::query(
                            "UPDATE documents SET text = '', body = '{\"erased\":true}' \
                             WHERE ingested_at < $1 AND text <> ''",
                        )
                        .bind(cutoff)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    } else {
                        report.journal_bodies += sqlx::query(
                            "DELETE FROM journal_bodies WHERE data_class = $1 \
                             AND seq IN (SELECT seq FROM journal WHERE ts < $2)",
                        )
                        .bind(&class)
                        .bind(cutoff)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if class == "review" {
                            report.comments += sqlx::query(
                                "UPDATE comments SET text = '' WHERE at < $1 AND text <> ''",
                            )
                            .bind(cutoff)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                        }
                    }
                }
                if report.documents + report.journal_bodies + report.comments > 0 {
                    let e = JournalEvent {
                        action: "retention.purge",
                        object_kind: "retention",
                        object_id: at.to_string(),
                        data_class: "admin",
                        body: serde_json::json!({
                            "retention_days": applied,
                            "documents": report.documents,
                            "journal_bodies": report.journal_bodies,
                            "comments": report.comments,
                        }),
                    };
                    report.journal_seq = Some(crate::journal::$name::append(&mut tx, None, &e, at).await?);
                }
                tx.commit().await?;
                Ok(report)
            }
        }
    };
}

retention_backend!(sqlite, sqlx::SqlitePool, false);
retention_backend!(postgres, sqlx::PgPool, true);

impl Store {
    /// Sets the retention of `class` to `days` (journaled).
    pub async fn set_retention(&self, class: &str, days: i64) -> Result<()> {
        if !DATA_CLASSES.iter().any(|(c, _)| *c == class) {
            let known: Vec<&str> = DATA_CLASSES.iter().map(|(c, _)| *c).collect();
            return Err(StoreError::Invalid(format!(
                "classe de données inconnue : {class} ({})",
                known.join(", ")
            )));
        }
        if days <= 0 {
            return Err(StoreError::Invalid("durée de conservation : 1 jour au moins".into()));
        }
        let sql = "INSERT INTO retention (data_class, days) VALUES ($1, $2) \
                   ON CONFLICT (data_class) DO UPDATE SET days = excluded.days";
        match &self.pool {
            Pool::Sqlite(p) => {
                sqlx::query(sql).bind(class).bind(days).execute(p).await?;
            }
            Pool::Postgres(p) => {
                sqlx::query(sql).bind(class).bind(days).execute(p).await?;
            }
        }
        let e = crate::JournalEvent {
            action: "retention.set",
            object_kind: "retention",
            object_id: class.to_owned(),
            data_class: "admin",
            body: serde_json::json!({ "days": days }),
        };
        self.journal_append(None, &e).await?;
        Ok(())
    }

    /// The retention settings, by class.
    pub async fn retention(&self) -> Result<Vec<(String, i64)>> {
        use sqlx::Row as _;
        let sql = "SELECT data_class, days FROM retention ORDER BY data_class";
        let rows = match &self.pool {
            Pool::Sqlite(p) => sqlx::query(sql)
                .fetch_all(p)
                .await?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<Vec<_>>>()?,
            Pool::Postgres(p) => sqlx::query(sql)
                .fetch_all(p)
                .await?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<Vec<_>>>()?,
        };
        Ok(rows)
    }

    /// Erases what is past its retention date, in one transaction with its journal entry.
    pub async fn purge(&self) -> Result<PurgeReport> {
        self.purge_at(now()).await
    }

    /// [`Store::purge`] as if the time were `at` (Unix seconds; tests and dry runs of a date).
    pub async fn purge_at(&self, at: i64) -> Result<PurgeReport> {
        match &self.pool {
            Pool::Sqlite(p) => sqlite::purge(p, at).await,
            Pool::Postgres(p) => postgres::purge(p, at).await,
        }
    }
}
