//! API tokens: create (the caller gets the token once), look up by hash,
//! list, revoke.

use super::StoreError;
use crate::auth::{self, Scope};
use chrono::{DateTime, Utc};
use entity::api_token;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Creates a token; returns its row and the token itself (not stored).
pub async fn create(
    db: &impl ConnectionTrait,
    name: &str,
    scope: Scope,
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(api_token::Model, String), StoreError> {
    let token = auth::new_token();
    let row = api_token::ActiveModel {
        name: Set(name.to_string()),
        scope: Set(scope.as_str().into()),
        token_hash: Set(auth::token_hash(&token)),
        prefix: Set(auth::display_prefix(&token)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((row, token))
}

/// The token row for a presented token, whatever its state.
pub async fn by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<api_token::Model>, StoreError> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(auth::token_hash(token)))
        .one(db)
        .await?)
}

/// Every token, newest first.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<api_token::Model>, StoreError> {
    Ok(api_token::Entity::find()
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?)
}

/// Revokes a token (again is fine); the row stays for the record.
pub async fn revoke(
    db: &impl ConnectionTrait,
    id: i32,
    now: DateTime<Utc>,
) -> Result<api_token::Model, StoreError> {
    api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(now))
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    api_token::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound("token"))
}

/// Notes when a token was last used.
pub async fn touch(
    db: &impl ConnectionTrait,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    api_token::Entity::update_many()
        .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
        .filter(api_token::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// `active`, `expired` or `revoked`.
pub fn state(t: &api_token::Model, now: DateTime<Utc>) -> &'static str {
    if t.revoked_at.is_some() {
        "revoked"
    } else if t.expires_at.is_some_and(|e| e <= now) {
        "expired"
    } else {
        "active"
    }
}
