//! Storage: connecting (SQLite by default, PostgreSQL by URL), migrations, and
//! every query, by aggregate.

pub mod actions;
pub mod items;
pub mod outbox;
pub mod people;
pub mod series;
pub mod stats;
pub mod tokens;
pub mod tracking;

use crate::config::Settings;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use secrecy::ExposeSecret;
use std::time::Duration;

/// Storage errors that callers act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<StoreError> for crate::error::ApiError {
    fn from(e: StoreError) -> Self {
        use crate::error::ApiError;
        match e {
            StoreError::NotFound(what) => ApiError::not_found(what),
            StoreError::Conflict(detail) => ApiError::conflict("conflict", detail),
            StoreError::Invalid { field, reason } => ApiError::invalid_field(field, reason),
            StoreError::Db(e) => ApiError::internal(e),
        }
    }
}

/// The data version: bumped (by database triggers) by every change to
/// items, their owners, people, series and meetings, whoever makes it.
pub async fn data_version(db: &impl sea_orm::ConnectionTrait) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT n FROM data_version WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("data_version".into()))?;
    row.try_get("", "n")
}

/// Starts a write transaction holding the database's one write lock, taken
/// before anything else so that writers queue instead of deadlocking:
/// `BEGIN IMMEDIATE` on SQLite; on PostgreSQL the `data_version` row, which
/// every write to a watched table updates by trigger (and so holds until
/// commit) anyway. Taken late, that row closed cycles: a transaction that had
/// written, waiting for a series another one had locked, while that one
/// waited to write. Every transaction that writes goes through here.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("SELECT n FROM data_version WHERE id = 1 FOR UPDATE")
            .await?;
    }
    Ok(txn)
}

/// Opens the database named by the settings; for SQLite the file and its
/// folder are created, with WAL, foreign keys and a busy timeout.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let url = settings.database_url_with_password()?;
    let url = url.expose_secret();
    let busy = Duration::from_secs(settings.database.busy_timeout_secs);
    if let Some(path) = sqlite_path(url) {
        if let Some(dir) = std::path::Path::new(&path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                anyhow::anyhow!("cannot create database folder {}: {e}", dir.display())
            })?;
        }
    }
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(settings.database.max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(busy)
                // 32 MiB of page cache per connection (the default is 2 MiB):
                // ingesting a minutes repository touches every index.
                .pragma("cache_size", "-32768")
                // Statement journals of multi-row writes stay in memory.
                .pragma("temp_store", "memory")
        });
    Database::connect(opts).await.map_err(|e| {
        anyhow::anyhow!(
            "cannot open database {}: {e}",
            settings.database_url_redacted()
        )
    })
}

/// The file path of a `sqlite:` URL (none for in-memory databases).
fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// Applies pending migrations.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Migration names with whether each is applied.
pub async fn migration_status(db: &DatabaseConnection) -> Result<Vec<(String, bool)>, DbErr> {
    Ok(Migrator::get_migration_with_status(db)
        .await?
        .into_iter()
        .map(|m| {
            (
                m.name().to_string(),
                m.status() == migration::MigrationStatus::Applied,
            )
        })
        .collect())
}

/// Reverts the last `steps` migrations.
pub async fn migrate_down(db: &DatabaseConnection, steps: u32) -> Result<(), DbErr> {
    Migrator::down(db, Some(steps)).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_paths() {
        assert_eq!(
            super::sqlite_path("sqlite://data/f.db"),
            Some("data/f.db".into())
        );
        assert_eq!(
            super::sqlite_path("sqlite:/tmp/x.db?mode=rwc"),
            Some("/tmp/x.db".into())
        );
        assert_eq!(super::sqlite_path("sqlite::memory:"), None);
        assert_eq!(super::sqlite_path("postgres://x/y"), None);
    }
}
