//! Migrations, embedded in the binary and run by `Store::open` (one folder per backend).

use std::borrow::Cow;

use sqlx::SqlSafeStr as _;
use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::{Pool, Result, Store};

/// `(version, description, SQLite, PostgreSQL)`; append, never edit a shipped migration.
const MIGRATIONS: [(i64, &str, &str, &str); 3] = [
    (
        1,
        "init",
        include_str!("../migrations/sqlite/0001_init.sql"),
        include_str!("../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        "review",
        include_str!("../migrations/sqlite/0002_review.sql"),
        include_str!("../migrations/postgres/0002_review.sql"),
    ),
    (
        3,
        "review_extra",
        include_str!("../migrations/sqlite/0003_review_extra.sql"),
        include_str!("../migrations/postgres/0003_review_extra.sql"),
    ),
];

fn migrator(postgres: bool) -> Migrator {
    let migrations: Vec<Migration> = MIGRATIONS
        .iter()
        .map(|(version, description, sqlite, pg)| {
            let sql = if postgres { *pg } else { *sqlite };
            Migration::new(
                *version,
                Cow::Borrowed(*description),
                MigrationType::Simple,
                sql.into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator { migrations: Cow::Owned(migrations), ..Migrator::DEFAULT }
}

impl Store {
    /// Runs the migrations not yet applied (on PostgreSQL under an advisory lock, so that several
    /// servers can start together).
    pub(crate) async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => migrator(false).run(p).await?,
            Pool::Postgres(p) => migrator(true).run(p).await?,
        }
        Ok(())
    }
}
