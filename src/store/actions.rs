//! What signed email links need from the database: the signing key shared
//! by every instance, and the record of used links.

use super::StoreError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

fn stmt(backend: DatabaseBackend, sqlite: &str, pg: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DatabaseBackend::Postgres => pg,
        _ => sqlite,
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The key that signs links, created (randomly) by the first instance that
/// needs it; every instance then reads the same one.
pub async fn link_key(db: &impl ConnectionTrait) -> Result<Vec<u8>, StoreError> {
    let b = db.get_database_backend();
    let fresh = crate::actions::nonce() + &crate::actions::nonce();
    db.execute_raw(stmt(
        b,
        "INSERT INTO app_secrets (name, value) VALUES ('link_key', ?) ON CONFLICT (name) DO NOTHING",
        "INSERT INTO app_secrets (name, value) VALUES ('link_key', $1) ON CONFLICT (name) DO NOTHING",
        vec![fresh.into()],
    ))
    .await?;
    let row = db
        .query_one_raw(Statement::from_string(
            b,
            "SELECT value FROM app_secrets WHERE name = 'link_key'",
        ))
        .await?
        .ok_or_else(|| StoreError::Conflict("no link key".into()))?;
    let hexed: String = row.try_get("", "value")?;
    hex::decode(hexed).map_err(|e| StoreError::Conflict(format!("link key: {e}")))
}

/// Records a link as used; false if it already was.
pub async fn consume(
    db: &impl ConnectionTrait,
    nonce: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let b = db.get_database_backend();
    let r = db
        .execute_raw(stmt(
            b,
            "INSERT INTO used_tokens (nonce, used_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING",
            "INSERT INTO used_tokens (nonce, used_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING",
            vec![nonce.into(), now.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Gives a link back (its action failed after it was recorded).
pub async fn release(db: &impl ConnectionTrait, nonce: &str) -> Result<(), StoreError> {
    let b = db.get_database_backend();
    db.execute_raw(stmt(
        b,
        "DELETE FROM used_tokens WHERE nonce = ?",
        "DELETE FROM used_tokens WHERE nonce = $1",
        vec![nonce.into()],
    ))
    .await?;
    Ok(())
}
