//! The email outbox: enqueue under a unique key, claim with a lease, record
//! outcomes.

use super::StoreError;
use chrono::{DateTime, Duration, Utc};
use entity::outbox;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult, QueryFilter,
    Statement,
};

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
pub const EXPIRED: &str = "expired";

/// Adds rows whose key is new; returns how many were added. Running the
/// planner twice, or on several instances at once, adds each key once.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    rows: Vec<outbox::ActiveModel>,
) -> Result<u64, StoreError> {
    let mut added = 0;
    for chunk in rows.chunks(50) {
        added += outbox::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(outbox::Column::Key)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(added)
}

/// Rows whose time has passed (a reminder whose call has started) are
/// never sent: marked expired.
pub async fn expire(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let r = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, EXPIRED.into())
        .col_expr(
            outbox::Column::LeaseUntil,
            Option::<DateTime<Utc>>::None.into(),
        )
        .filter(outbox::Column::Status.is_in([PENDING, SENDING]))
        .filter(outbox::Column::NotAfter.lte(now))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}

/// Claims up to `limit` rows that are due (pending and their time has
/// come, or claimed by a sender whose lease ran out) in one statement:
/// `FOR UPDATE SKIP LOCKED` on PostgreSQL, an atomic `UPDATE … RETURNING`
/// on SQLite. Each claim counts as an attempt.
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<outbox::Model>, StoreError> {
    let backend = db.get_database_backend();
    let lock = match backend {
        DatabaseBackend::Postgres => " FOR UPDATE SKIP LOCKED",
        _ => "",
    };
    let p = |n: usize| match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => "?".to_string(),
    };
    let sql = format!(
        "UPDATE outbox SET status = {s1}, lease_until = {p1}, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox \
           WHERE (status = {s2} AND next_attempt_at <= {p2}) \
              OR (status = {s3} AND lease_until < {p3}) \
           ORDER BY next_attempt_at, id LIMIT {lim}{lock}) \
         RETURNING *",
        s1 = p(1),
        p1 = p(2),
        s2 = p(3),
        p2 = p(4),
        s3 = p(5),
        p3 = p(6),
        lim = limit,
    );
    let stmt = Statement::from_sql_and_values(
        backend,
        sql,
        [
            SENDING.into(),
            (now + lease).into(),
            PENDING.into(),
            now.into(),
            SENDING.into(),
            now.into(),
        ],
    );
    let rows = db.query_all_raw(stmt).await?;
    Ok(rows
        .iter()
        .map(|r| outbox::Model::from_query_result(r, ""))
        .collect::<Result<Vec<_>, _>>()?)
}

/// Records a sent email.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, SENT.into())
        .col_expr(outbox::Column::SentAt, Some(now).into())
        .col_expr(
            outbox::Column::LeaseUntil,
            Option::<DateTime<Utc>>::None.into(),
        )
        .col_expr(outbox::Column::LastError, Option::<String>::None.into())
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failure: retried at `retry_at`, or for good when `None`.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    id: i32,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    let mut q = outbox::Entity::update_many()
        .col_expr(outbox::Column::LastError, Some(error.to_string()).into())
        .col_expr(
            outbox::Column::LeaseUntil,
            Option::<DateTime<Utc>>::None.into(),
        );
    q = match retry_at {
        Some(at) => q
            .col_expr(outbox::Column::Status, PENDING.into())
            .col_expr(outbox::Column::NextAttemptAt, at.into()),
        None => q.col_expr(outbox::Column::Status, FAILED.into()),
    };
    q.filter(outbox::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

/// Gives up on a row whose next try would come too late.
pub async fn mark_expired(
    db: &impl ConnectionTrait,
    id: i32,
    error: &str,
) -> Result<(), StoreError> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, EXPIRED.into())
        .col_expr(outbox::Column::LastError, Some(error.to_string()).into())
        .col_expr(
            outbox::Column::LeaseUntil,
            Option::<DateTime<Utc>>::None.into(),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// All rows, oldest first (for the API and tests).
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<outbox::Model>, StoreError> {
    use sea_orm::QueryOrder;
    Ok(outbox::Entity::find()
        .order_by_asc(outbox::Column::Id)
        .all(db)
        .await?)
}

/// Which of these keys are already planned.
pub async fn existing_keys(
    db: &impl ConnectionTrait,
    keys: &[String],
) -> Result<std::collections::HashSet<String>, StoreError> {
    use sea_orm::QuerySelect;
    let mut out = std::collections::HashSet::new();
    for chunk in keys.chunks(500) {
        let found: Vec<String> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::Key)
            .filter(outbox::Column::Key.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        out.extend(found);
    }
    Ok(out)
}
