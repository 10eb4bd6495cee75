//! Cases: named sets of subjects with notes and members (need to know: only members see a case),
//! and exports for the authorities that need two validations by two different accounts (four
//! eyes). Every write and every read of a case's content appends to the journal in the same
//! transaction.

use serde::Serialize;

use crate::{Pool, Result, Store, StoreError, now};

/// A case as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CaseSummary {
    /// Case id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Number of subjects.
    pub subjects: i64,
}

/// A subject of a case.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CaseSubject {
    /// Subject key (document key, conversation key, `network:N`…).
    pub key: String,
    /// Subject kind.
    pub kind: String,
    /// Latest level, if assessed.
    pub level: Option<String>,
    /// Latest score.
    pub score: f64,
    /// Review state.
    pub review_state: String,
    /// Note of the member who added it.
    pub note: String,
    /// Unix seconds.
    pub added_at: i64,
}

/// An export request and how many validations it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ExportInfo {
    /// Export id.
    pub id: i64,
    /// Why (the requisition, the report to the prosecutor…).
    pub purpose: String,
    /// Unix seconds.
    pub requested_at: i64,
    /// Validations by distinct accounts.
    pub validations: i64,
    /// Whether it can be downloaded (two validations).
    pub ready: bool,
}

/// A case with its members, subjects and exports.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CaseView {
    /// Case id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Notes.
    pub notes: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Member account names.
    pub members: Vec<String>,
    /// Subjects, in the order they were added.
    pub subjects: Vec<CaseSubject>,
    /// Export requests, newest first.
    pub exports: Vec<ExportInfo>,
}

/// Validations an export needs, by as many different accounts.
pub const EXPORT_VALIDATIONS: i64 = 2;

macro_rules! cases_backend {
    ($name:ident, $Pool:ty, $Conn:ty, $pg:expr) => {
        pub(crate) mod $name {
            use sqlx::Row as _;

            use super::{CaseSubject, CaseSummary, CaseView, EXPORT_VALIDATIONS, ExportInfo};
            use crate::journal::$name::append;
            use crate::journal::JournalEvent;
            use crate::{Result, StoreError};

            const PG: bool = $pg;

            async fn begin(pool: &$Pool) -> Result<sqlx::Transaction<'_, <$Conn as sqlx::Connection>::Database>> {
                Ok(if PG { pool.begin().await? } else { pool.begin_with("BEGIN IMMEDIATE").await? })
            }

            async fn is_member(conn: &mut $Conn, case: i64, user: i64) -> Result<bool> {
                Ok(sqlx::query("SELECT 1 FROM case_members WHERE case_id = $1 AND user_id = $2")
                    .bind(case)
                    .bind(user)
                    .fetch_optional(&mut *conn)
                    .await?
                    .is_some())
            }

            /// Refuses a non-member with the same answer as an unknown case (need to know: a
            /// non-member does not learn that the case exists).
            async fn member_or_not_found(conn: &mut $Conn, case: i64, user: i64) -> Result<()> {
                if is_member(conn, case, user).await? {
                    Ok(())
                } else {
                    Err(StoreError::NotFound("dossier"))
                }
            }

            pub(crate) async fn create(pool: &$Pool, user: i64, name: &str, notes: &str, at: i64) -> Result<i64> {
                let mut tx = begin(pool).await?;
                let id: i64 = sqlx::query(
                    "INSERT INTO cases (name, notes, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(name)
                .bind(notes)
                .bind(user)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                sqlx::query("INSERT INTO case_members (case_id, user_id, added_at) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(user)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                let e = JournalEvent {
                    action: "case.create",
                    object_kind: "case",
                    object_id: id.to_string(),
                    data_class: "case",
                    body: serde_json::json!({ "name": name }),
                };
                append(&mut tx, Some(user), &e, at).await?;
                tx.commit().await?;
                Ok(id)
            }

            pub(crate) async fn list(pool: &$Pool, user: i64) -> Result<Vec<CaseSummary>> {
                let rows = sqlx::query(
                    "SELECT c.id, c.name, c.created_at, \
                     (SELECT COUNT(*) FROM case_subjects s WHERE s.case_id = c.id) \
                     FROM cases c JOIN case_members m ON m.case_id = c.id AND m.user_id = $1 ORDER BY c.id DESC",
                )
                .bind(user)
                .fetch_all(pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(CaseSummary {
                            id: r.try_get(0)?,
                            name: r.try_get(1)?,
                            created_at: r.try_get(2)?,
                            subjects: r.try_get(3)?,
                        })
                    })
                    .collect()
            }

            pub(crate) async fn add_member(pool: &$Pool, case: i64, by: i64, name: &str, at: i64) -> Result<()> {
                let mut tx = begin(pool).await?;
                member_or_not_found(&mut tx, case, by).await?;
                let Some(row) = sqlx::query("SELECT id FROM users WHERE name = $1 AND disabled = 0")
                    .bind(name.trim())
                    .fetch_optional(&mut *tx)
                    .await?
                else {
                    return Err(StoreError::Invalid("compte inconnu".into()));
                };
                let user: i64 = row.try_get(0)?;
                sqlx::query(
                    "INSERT INTO case_members (case_id, user_id, added_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (case_id, user_id) DO NOTHING",
                )
                .bind(case)
                .bind(user)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                let member = crate::journal::$name::pseudonym(&mut tx, user).await?;
                let e = JournalEvent {
                    action: "case.member",
                    object_kind: "case",
                    object_id: case.to_string(),
                    data_class: "case",
                    body: serde_json::json!({ "member": member }),
                };
                append(&mut tx, Some(by), &e, at).await?;
                tx.commit().await?;
                Ok(())
            }

            pub(crate) async fn add_subject(pool: &$Pool, case: i64, by: i64, key: &str, note: &str, at: i64) -> Result<()> {
                let mut tx = begin(pool).await?;
                member_or_not_found(&mut tx, case, by).await?;
                // A subject key (`doc:…`, `conv:…`, `net:…`), or a document or conversation key
                // as the user knows it.
                let mut found = None;
                for candidate in [key.to_owned(), format!("doc:{key}"), format!("conv:{key}")] {
                    if let Some(row) = sqlx::query("SELECT id, key FROM subjects WHERE key = $1")
                        .bind(&candidate)
                        .fetch_optional(&mut *tx)
                        .await?
                    {
                        found = Some((row.try_get::<i64, _>(0)?, row.try_get::<String, _>(1)?));
                        break;
                    }
                }
                let Some((subject, key)) = found else {
                    return Err(StoreError::NotFound("sujet"));
                };
                let key = key.as_str();
                sqlx::query(
                    "INSERT INTO case_subjects (case_id, subject_id, added_by, added_at, note) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id, subject_id) DO NOTHING",
                )
                .bind(case)
                .bind(subject)
                .bind(by)
                .bind(at)
                .bind(note)
                .execute(&mut *tx)
                .await?;
                let e = JournalEvent {
                    action: "case.subject",
                    object_kind: "case",
                    object_id: case.to_string(),
                    data_class: "case",
                    body: serde_json::json!({ "subject": key, "note": note }),
                };
                append(&mut tx, Some(by), &e, at).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Reads a case (journaled as `case.read` by `reader`, in the same transaction).
            pub(crate) async fn view(pool: &$Pool, case: i64, reader: i64, action: &str, at: i64) -> Result<CaseView> {
                let mut tx = begin(pool).await?;
                member_or_not_found(&mut tx, case, reader).await?;
                let c = sqlx::query("SELECT name, notes, created_at FROM cases WHERE id = $1")
                    .bind(case)
                    .fetch_one(&mut *tx)
                    .await?;
                let members = sqlx::query(
                    "SELECT u.name FROM case_members m JOIN users u ON u.id = m.user_id \
                     WHERE m.case_id = $1 ORDER BY u.name",
                )
                .bind(case)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.try_get::<String, _>(0))
                .collect::<Result<Vec<_>, _>>()?;
                let subjects = sqlx::query(
                    "SELECT s.key, s.kind, st.level, st.score, st.review_state, cs.note, cs.added_at \
                     FROM case_subjects cs JOIN subjects s ON s.id = cs.subject_id \
                     LEFT JOIN subject_status st ON st.subject_id = s.id \
                     WHERE cs.case_id = $1 ORDER BY cs.added_at, s.id",
                )
                .bind(case)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| {
                    Ok(CaseSubject {
                        key: r.try_get(0)?,
                        kind: r.try_get(1)?,
                        level: r.try_get(2)?,
                        score: r.try_get::<Option<f64>, _>(3)?.unwrap_or(0.0),
                        review_state: r.try_get::<Option<String>, _>(4)?.unwrap_or_else(|| "none".to_owned()),
                        note: r.try_get(5)?,
                        added_at: r.try_get(6)?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
                let exports = sqlx::query(
                    "SELECT e.id, e.purpose, e.requested_at, \
                     (SELECT COUNT(*) FROM case_export_validations v WHERE v.export_id = e.id) \
                     FROM case_exports e WHERE e.case_id = $1 ORDER BY e.id DESC",
                )
                .bind(case)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| {
                    let validations: i64 = r.try_get(3)?;
                    Ok(ExportInfo {
                        id: r.try_get(0)?,
                        purpose: r.try_get(1)?,
                        requested_at: r.try_get(2)?,
                        validations,
                        ready: validations >= EXPORT_VALIDATIONS,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
                let e = JournalEvent {
                    action,
                    object_kind: "case",
                    object_id: case.to_string(),
                    data_class: "read",
                    body: serde_json::json!({ "subjects": subjects.len() }),
                };
                append(&mut tx, Some(reader), &e, at).await?;
                tx.commit().await?;
                Ok(CaseView {
                    id: case,
                    name: c.try_get(0)?,
                    notes: c.try_get(1)?,
                    created_at: c.try_get(2)?,
                    members,
                    subjects,
                    exports,
                })
            }

            pub(crate) async fn request_export(pool: &$Pool, case: i64, by: i64, purpose: &str, at: i64) -> Result<i64> {
                let mut tx = begin(pool).await?;
                member_or_not_found(&mut tx, case, by).await?;
                let id: i64 = sqlx::query(
                    "INSERT INTO case_exports (case_id, requested_by, requested_at, purpose) \
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(case)
                .bind(by)
                .bind(at)
                .bind(purpose)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                let e = JournalEvent {
                    action: "export.request",
                    object_kind: "export",
                    object_id: id.to_string(),
                    data_class: "case",
                    body: serde_json::json!({ "case": case, "purpose": purpose }),
                };
                append(&mut tx, Some(by), &e, at).await?;
                tx.commit().await?;
                Ok(id)
            }

            /// The case of an export, if the user is a member of it.
            async fn export_case(conn: &mut $Conn, export: i64, user: i64) -> Result<i64> {
                let Some(r) = sqlx::query("SELECT case_id FROM case_exports WHERE id = $1")
                    .bind(export)
                    .fetch_optional(&mut *conn)
                    .await?
                else {
                    return Err(StoreError::NotFound("export"));
                };
                let case: i64 = r.try_get(0)?;
                if !is_member(conn, case, user).await? {
                    return Err(StoreError::NotFound("export"));
                }
                Ok(case)
            }

            pub(crate) async fn validate_export(pool: &$Pool, export: i64, by: i64, at: i64) -> Result<i64> {
                let mut tx = begin(pool).await?;
                export_case(&mut tx, export, by).await?;
                let done = sqlx::query(
                    "INSERT INTO case_export_validations (export_id, user_id, at) VALUES ($1, $2, $3) \
                     ON CONFLICT (export_id, user_id) DO NOTHING",
                )
                .bind(export)
                .bind(by)
                .bind(at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done == 0 {
                    return Err(StoreError::Conflict(
                        "ce compte a déjà validé cet export : une deuxième validation doit venir d'un autre compte".into(),
                    ));
                }
                let n: i64 = sqlx::query("SELECT COUNT(*) FROM case_export_validations WHERE export_id = $1")
                    .bind(export)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
                let e = JournalEvent {
                    action: "export.validate",
                    object_kind: "export",
                    object_id: export.to_string(),
                    data_class: "case",
                    body: serde_json::json!({ "validations": n }),
                };
                append(&mut tx, Some(by), &e, at).await?;
                tx.commit().await?;
                Ok(n)
            }

            /// Checks that an export may be downloaded by `by`, and journals the download.
            /// Returns the case id.
            pub(crate) async fn open_export(pool: &$Pool, export: i64, by: i64, at: i64) -> Result<i64> {
                let mut tx = begin(pool).await?;
                let case = export_case(&mut tx, export, by).await?;
                let n: i64 = sqlx::query("SELECT COUNT(*) FROM case_export_validations WHERE export_id = $1")
                    .bind(export)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
                if n < EXPORT_VALIDATIONS {
                    return Err(StoreError::Forbidden(format!(
                        "export non validé : {n} validation(s) sur {EXPORT_VALIDATIONS}, par deux comptes différents"
                    )));
                }
                let e = JournalEvent {
                    action: "export.download",
                    object_kind: "export",
                    object_id: export.to_string(),
                    data_class: "read",
                    body: serde_json::json!({ "case": case }),
                };
                append(&mut tx, Some(by), &e, at).await?;
                tx.commit().await?;
                Ok(case)
            }
        }
    };
}

cases_backend!(sqlite, sqlx::SqlitePool, sqlx::SqliteConnection, false);
cases_backend!(postgres, sqlx::PgPool, sqlx::PgConnection, true);

macro_rules! on {
    ($store:expr, $m:ident, $p:ident => $call:expr) => {
        match &$store.pool {
            Pool::Sqlite($p) => {
                use sqlite as $m;
                $call.await
            }
            Pool::Postgres($p) => {
                use postgres as $m;
                $call.await
            }
        }
    };
}

fn check_text(field: &str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max || text.contains('\0') {
        return Err(StoreError::Invalid(format!("{field} : {max} caractères au plus")));
    }
    Ok(())
}

impl Store {
    /// Creates a case; its creator is its first member.
    pub async fn create_case(&self, user: i64, name: &str, notes: &str) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("name : nom du dossier requis".into()));
        }
        check_text("name", name, 200)?;
        check_text("notes", notes, 20_000)?;
        let at = now();
        on!(self, b, p => b::create(p, user, name, notes, at))
    }

    /// The cases `user` is a member of.
    pub async fn cases(&self, user: i64) -> Result<Vec<CaseSummary>> {
        on!(self, b, p => b::list(p, user))
    }

    /// Reads a case (members only; journaled as `case.read`).
    pub async fn case(&self, case: i64, reader: i64) -> Result<CaseView> {
        let at = now();
        on!(self, b, p => b::view(p, case, reader, "case.read", at))
    }

    /// Adds account `name` to a case (by a member).
    pub async fn add_case_member(&self, case: i64, by: i64, name: &str) -> Result<()> {
        let at = now();
        on!(self, b, p => b::add_member(p, case, by, name, at))
    }

    /// Adds a stored subject (by key) to a case (by a member).
    pub async fn add_case_subject(&self, case: i64, by: i64, key: &str, note: &str) -> Result<()> {
        check_text("note", note, 5_000)?;
        let at = now();
        on!(self, b, p => b::add_subject(p, case, by, key, note, at))
    }

    /// Requests an export of a case for the authorities; returns its id.
    pub async fn request_export(&self, case: i64, by: i64, purpose: &str) -> Result<i64> {
        let purpose = purpose.trim();
        if purpose.is_empty() {
            return Err(StoreError::Invalid("purpose : motif de l'export requis".into()));
        }
        check_text("purpose", purpose, 2_000)?;
        let at = now();
        on!(self, b, p => b::request_export(p, case, by, purpose, at))
    }

    /// Validates an export (once per account); returns the number of validations.
    pub async fn validate_export(&self, export: i64, by: i64) -> Result<i64> {
        let at = now();
        on!(self, b, p => b::validate_export(p, export, by, at))
    }

    /// Opens a validated export for download by a member (journaled); returns the case id.
    /// Refused until [`EXPORT_VALIDATIONS`] accounts have validated it.
    pub async fn open_export(&self, export: i64, by: i64) -> Result<i64> {
        let at = now();
        on!(self, b, p => b::open_export(p, export, by, at))
    }
}
