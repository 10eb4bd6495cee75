//! The journal: one leaf per state change and per read of case content, appended in the same
//! transaction as what it records, under an RFC 6962 Merkle tree (`vigie-journal`).
//!
//! A leaf commits to its body by a salted hash, so erasing a body (retention, RGPD) leaves the tree
//! verifiable. The tree's frontier lives in the single `journal_head` row, which every append
//! updates first: that row lock (PostgreSQL) or the write lock (SQLite, `BEGIN IMMEDIATE`)
//! serialises appends, so sequence numbers have no gap whatever the number of writers.
//! Actors are pseudonyms (`r:` + 12 hex digits), mapped to accounts in `pseudonyms`.

use serde::Serialize;

/// What an append records.
#[derive(Debug, Clone)]
pub struct JournalEvent<'a> {
    /// What happened: `verdict`, `case.read`, `ingest`, `export.validate`…
    pub action: &'a str,
    /// Kind of the object acted on: `subject`, `case`, `export`, `batch`, `retention`…
    pub object_kind: &'a str,
    /// Its id or key.
    pub object_id: String,
    /// Retention class of the body (`review`, `case`, `read`, `ingest`, `admin`).
    pub data_class: &'a str,
    /// The body (kept apart, erasable; the leaf holds only its salted hash).
    pub body: serde_json::Value,
}

/// One stored journal entry, as `GET /journal/entries` and the verifier read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct JournalRow {
    /// Sequence number, from 0, without gaps.
    pub seq: i64,
    /// Unix seconds.
    pub ts: i64,
    /// Pseudonymous actor (`r:…`) or `system`.
    pub actor: String,
    /// Action.
    pub action: String,
    /// Object kind.
    pub object_kind: String,
    /// Object id.
    pub object_id: String,
    /// Salted hash of the body (hex).
    pub body_hash: String,
    /// Leaf hash (hex) as stored.
    pub leaf_hash: String,
}

impl JournalRow {
    /// The core entry of this row (for recomputing its leaf hash).
    pub fn entry(&self) -> Option<vigie_journal::Entry> {
        let mut body_hash = [0u8; 32];
        hex::decode_to_slice(&self.body_hash, &mut body_hash).ok()?;
        Some(vigie_journal::Entry {
            seq: u64::try_from(self.seq).ok()?,
            ts: self.ts,
            actor: self.actor.clone(),
            action: self.action.clone(),
            object_kind: self.object_kind.clone(),
            object_id: self.object_id.clone(),
            body_hash,
        })
    }

    /// The stored leaf hash, decoded.
    pub fn stored_leaf(&self) -> Option<[u8; 32]> {
        let mut leaf = [0u8; 32];
        hex::decode_to_slice(&self.leaf_hash, &mut leaf).ok()?;
        Some(leaf)
    }
}

/// A signed checkpoint, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CheckpointRow {
    /// Tree size.
    pub size: i64,
    /// Root hash (hex).
    pub root: String,
    /// The C2SP signed note.
    pub note: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// The pseudonym of account `user_id`: stable, unlinkable without the `pseudonyms` table.
pub(crate) fn new_pseudonym() -> crate::Result<String> {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes)
        .map_err(|_| crate::StoreError::Invalid("aléa indisponible".into()))?;
    Ok(format!("r:{}", hex::encode(bytes)))
}

/// The frontier stored in `journal_head` (empty: the empty tree).
fn frontier(stored: &str) -> crate::Result<vigie_journal::Frontier> {
    if stored.is_empty() {
        return Ok(vigie_journal::Frontier::new());
    }
    hex::decode(stored)
        .ok()
        .and_then(|b| vigie_journal::Frontier::from_bytes(&b).ok())
        .ok_or_else(|| crate::StoreError::Invalid("journal : frontière illisible".into()))
}

macro_rules! journal_backend {
    ($name:ident, $Conn:ty, $pg:expr) => {
        pub(crate) mod $name {
            use sqlx::Row as _;

            use super::JournalEvent;
            use crate::Result;

            const PG: bool = $pg;

            /// The journal pseudonym of `user_id`, created on first use.
            pub(crate) async fn pseudonym(conn: &mut $Conn, user_id: i64) -> Result<String> {
                if let Some(r) = sqlx::query("SELECT pseudonym FROM pseudonyms WHERE user_id = $1")
                    .bind(user_id)
                    .fetch_optional(&mut *conn)
                    .await?
                {
                    return Ok(r.try_get(0)?);
                }
                let p = super::new_pseudonym()?;
                sqlx::query("INSERT INTO pseudonyms (user_id, pseudonym) VALUES ($1, $2)")
                    .bind(user_id)
                    .bind(&p)
                    .execute(&mut *conn)
                    .await?;
                Ok(p)
            }

            /// Appends `e` by `user_id` (`None`: the system) inside the caller's transaction;
            /// returns its sequence number.
            pub(crate) async fn append(
                conn: &mut $Conn,
                user_id: Option<i64>,
                e: &JournalEvent<'_>,
                at: i64,
            ) -> Result<i64> {
                let salt = vigie_journal::new_salt()
                    .map_err(|_| crate::StoreError::Invalid("aléa indisponible".into()))?;
                append_salted(conn, user_id, e, at, salt).await
            }

            /// [`append`] with a given salt (deterministic scripts: the cross-backend test).
            pub(crate) async fn append_salted(
                conn: &mut $Conn,
                user_id: Option<i64>,
                e: &JournalEvent<'_>,
                at: i64,
                salt: vigie_journal::Salt,
            ) -> Result<i64> {
                // Lock the head first (row lock on PostgreSQL; SQLite holds the write lock).
                let head = sqlx::query(if PG {
                    "SELECT size, frontier FROM journal_head WHERE id = 1 FOR UPDATE"
                } else {
                    "SELECT size, frontier FROM journal_head WHERE id = 1"
                })
                .fetch_one(&mut *conn)
                .await?;
                let size: i64 = head.try_get(0)?;
                let frontier_hex: String = head.try_get(1)?;
                let mut frontier = super::frontier(&frontier_hex)?;
                let actor = match user_id {
                    Some(u) => pseudonym(conn, u).await?,
                    None => "system".to_owned(),
                };
                let body = vigie_journal::canonical_json(&e.body);
                let entry = vigie_journal::Entry {
                    seq: size as u64,
                    ts: at,
                    actor,
                    action: e.action.to_owned(),
                    object_kind: e.object_kind.to_owned(),
                    object_id: e.object_id.clone(),
                    body_hash: vigie_journal::commit(&salt, &body),
                };
                let leaf = entry.leaf_hash();
                frontier.push(leaf);
                sqlx::query(
                    "INSERT INTO journal (seq, ts, actor, action, object_kind, object_id, body_hash, leaf_hash) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(size)
                .bind(at)
                .bind(&entry.actor)
                .bind(&entry.action)
                .bind(&entry.object_kind)
                .bind(&entry.object_id)
                .bind(hex::encode(entry.body_hash))
                .bind(hex::encode(leaf))
                .execute(&mut *conn)
                .await?;
                sqlx::query("INSERT INTO journal_bodies (seq, data_class, salt, body) VALUES ($1, $2, $3, $4)")
                    .bind(size)
                    .bind(e.data_class)
                    .bind(hex::encode(salt))
                    .bind(String::from_utf8_lossy(&body).into_owned())
                    .execute(&mut *conn)
                    .await?;
                sqlx::query("UPDATE journal_head SET size = $1, frontier = $2 WHERE id = 1")
                    .bind(size + 1)
                    .bind(hex::encode(frontier.to_bytes()))
                    .execute(&mut *conn)
                    .await?;
                Ok(size)
            }
        }
    };
}

journal_backend!(sqlite, sqlx::SqliteConnection, false);
journal_backend!(postgres, sqlx::PgConnection, true);

macro_rules! read_on {
    ($store:expr, $p:ident => $body:expr) => {
        match &$store.pool {
            crate::Pool::Sqlite($p) => $body,
            crate::Pool::Postgres($p) => $body,
        }
    };
}

fn row_of<R: sqlx::Row>(r: &R) -> crate::Result<JournalRow>
where
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    Ok(JournalRow {
        seq: r.try_get(0)?,
        ts: r.try_get(1)?,
        actor: r.try_get(2)?,
        action: r.try_get(3)?,
        object_kind: r.try_get(4)?,
        object_id: r.try_get(5)?,
        body_hash: r.try_get(6)?,
        leaf_hash: r.try_get(7)?,
    })
}

/// A journal entry with its body, when the body has not been erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRecord {
    /// The entry.
    pub row: JournalRow,
    /// Salt (hex) and canonical JSON body, absent once erased.
    pub body: Option<(String, String)>,
}

impl JournalRecord {
    /// The form the verifier reads; `None` when a stored field cannot be decoded (the verifier
    /// then reports the row as edited).
    pub fn stored_entry(&self) -> Option<vigie_journal::StoredEntry> {
        let entry = self.row.entry()?;
        let leaf_hash = self.row.stored_leaf()?;
        let body = match &self.body {
            Some((salt, json)) => {
                let mut s = [0u8; 16];
                hex::decode_to_slice(salt, &mut s).ok()?;
                Some(vigie_journal::StoredBody { salt: s, json: json.as_bytes().to_vec() })
            }
            None => None,
        };
        Some(vigie_journal::StoredEntry { entry, leaf_hash, body })
    }
}

const COLUMNS: &str =
    "j.seq, j.ts, j.actor, j.action, j.object_kind, j.object_id, j.body_hash, j.leaf_hash";

impl crate::Store {
    /// Journal entries with `seq >= from`, in order, at most `limit`, with their bodies.
    pub async fn journal_page(&self, from: i64, limit: i64) -> crate::Result<Vec<JournalRecord>> {
        use sqlx::Row as _;
        let sql = format!(
            "SELECT {COLUMNS}, b.salt, b.body FROM journal j LEFT JOIN journal_bodies b ON b.seq = j.seq \
             WHERE j.seq >= $1 ORDER BY j.seq LIMIT $2"
        );
        read_on!(self, p => {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(from).bind(limit).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    let salt: Option<String> = r.try_get(8)?;
                    let body: Option<String> = r.try_get(9)?;
                    Ok(JournalRecord { row: row_of(r)?, body: salt.zip(body) })
                })
                .collect()
        })
    }

    /// The journal entries about `object_kind`/`object_ids`, in order.
    pub async fn journal_about(
        &self,
        object_kind: &str,
        object_ids: &[String],
    ) -> crate::Result<Vec<JournalRow>> {
        let mut out = Vec::new();
        for chunk in object_ids.chunks(500) {
            let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT {COLUMNS} FROM journal j WHERE j.object_kind = $1 AND j.object_id IN ({}) ORDER BY j.seq",
                list.join(", ")
            );
            read_on!(self, p => {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(object_kind);
                for id in chunk {
                    q = q.bind(id.as_str());
                }
                for r in q.fetch_all(p).await? {
                    out.push(row_of(&r)?);
                }
            });
        }
        out.sort_by_key(|r| r.seq);
        Ok(out)
    }

    /// The leaf hashes of the first `size` entries, in order (for proofs).
    pub async fn journal_leaves(&self, size: i64) -> crate::Result<Vec<vigie_journal::Hash>> {
        use sqlx::Row as _;
        read_on!(self, p => {
            let rows = sqlx::query("SELECT leaf_hash FROM journal WHERE seq < $1 ORDER BY seq")
                .bind(size)
                .fetch_all(p)
                .await?;
            rows.iter()
                .map(|r| {
                    let hex_leaf: String = r.try_get(0)?;
                    let mut leaf = [0u8; 32];
                    hex::decode_to_slice(&hex_leaf, &mut leaf).map_err(|_| {
                        crate::StoreError::Invalid("journal : empreinte de feuille illisible".into())
                    })?;
                    Ok(leaf)
                })
                .collect()
        })
    }

    /// Every stored checkpoint, by size.
    pub async fn checkpoints(&self) -> crate::Result<Vec<CheckpointRow>> {
        use sqlx::Row as _;
        read_on!(self, p => {
            let rows = sqlx::query("SELECT size, root, note, created_at FROM journal_checkpoints ORDER BY size")
                .fetch_all(p)
                .await?;
            rows.iter()
                .map(|r| {
                    Ok(CheckpointRow {
                        size: r.try_get(0)?,
                        root: r.try_get(1)?,
                        note: r.try_get(2)?,
                        created_at: r.try_get(3)?,
                    })
                })
                .collect()
        })
    }

    /// The journal's size and root now (from the head row).
    pub async fn journal_head(&self) -> crate::Result<(i64, vigie_journal::Hash)> {
        use sqlx::Row as _;
        read_on!(self, p => {
            let r = sqlx::query("SELECT size, frontier FROM journal_head WHERE id = 1").fetch_one(p).await?;
            let size: i64 = r.try_get(0)?;
            let stored: String = r.try_get(1)?;
            Ok((size, frontier(&stored)?.root()))
        })
    }

    /// Signs a checkpoint of the journal as it is now with `key` (origin `origin`), stores it and
    /// returns it; returns the last one when nothing was appended since.
    pub async fn checkpoint(
        &self,
        key: &vigie_journal::SigningKey,
        origin: &str,
    ) -> crate::Result<CheckpointRow> {
        let (size, root) = self.journal_head().await?;
        if let Some(last) = self.checkpoints().await?.into_iter().next_back()
            && last.size == size
        {
            return Ok(last);
        }
        let note = vigie_journal::Checkpoint { origin: origin.to_owned(), size: size as u64, root }
            .sign(key)
            .map_err(|e| {
                crate::StoreError::Invalid(format!("journal : signature impossible ({e})"))
            })?;
        let row = CheckpointRow { size, root: hex::encode(root), note, created_at: crate::now() };
        read_on!(self, p => {
            sqlx::query(
                "INSERT INTO journal_checkpoints (size, root, note, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (size) DO NOTHING",
            )
            .bind(row.size)
            .bind(&row.root)
            .bind(&row.note)
            .bind(row.created_at)
            .execute(p)
            .await?;
        });
        Ok(row)
    }

    /// Appends one entry by `user_id` (`None`: the system) in its own transaction.
    pub async fn journal_append(
        &self,
        user_id: Option<i64>,
        e: &JournalEvent<'_>,
    ) -> crate::Result<i64> {
        let salt = vigie_journal::new_salt()
            .map_err(|_| crate::StoreError::Invalid("aléa indisponible".into()))?;
        self.journal_append_at(user_id, e, crate::now(), salt).await
    }

    /// Appends one entry at time `at` with salt `salt`: a deterministic script gives the same
    /// leaves, hence the same root, on both backends (tests; never with a reused salt in use).
    #[doc(hidden)]
    pub async fn journal_append_at(
        &self,
        user_id: Option<i64>,
        e: &JournalEvent<'_>,
        at: i64,
        salt: vigie_journal::Salt,
    ) -> crate::Result<i64> {
        match &self.pool {
            crate::Pool::Sqlite(p) => {
                let mut tx = p.begin_with("BEGIN IMMEDIATE").await?;
                let seq = sqlite::append_salted(&mut tx, user_id, e, at, salt).await?;
                tx.commit().await?;
                Ok(seq)
            }
            crate::Pool::Postgres(p) => {
                let mut tx = p.begin().await?;
                let seq = postgres::append_salted(&mut tx, user_id, e, at, salt).await?;
                tx.commit().await?;
                Ok(seq)
            }
        }
    }
}
