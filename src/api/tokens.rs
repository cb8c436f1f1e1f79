//! `/api/v1/tokens` (admin): list, create (the token is in the answer,
//! once), revoke.

use super::{AppState, JsonBody};
use crate::auth::Scope;
use crate::error::ApiError;
use actix_web::http::header::LOCATION;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use entity::api_token;
use serde::{Deserialize, Serialize};
use validator::Validate;

/// A token as listed: never the token itself.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenOut {
    pub id: i32,
    pub name: String,
    /// `read`, `write` or `admin`.
    pub scope: String,
    /// The token's first characters.
    #[schema(example = "fu_Xk3b9Q")]
    pub prefix: String,
    /// `active`, `expired` or `revoked`.
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

impl TokenOut {
    pub fn from_row(t: &api_token::Model, now: DateTime<Utc>) -> Self {
        TokenOut {
            id: t.id,
            name: t.name.clone(),
            scope: t.scope.clone(),
            prefix: t.prefix.clone(),
            state: crate::store::tokens::state(t, now).into(),
            created_at: t.created_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
            last_used_at: t.last_used_at,
        }
    }
}

/// A new token: the only time the token is shown.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NewTokenOut {
    #[serde(flatten)]
    pub info: TokenOut,
    /// The bearer token; store it now, it cannot be shown again.
    #[schema(example = "fu_Xk3b9Q7wq0m2YzT1cE5vR8uN4aH6jL0pS3dF9gK2xB1")]
    pub token: String,
}

#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ScopeIn {
    Read,
    Write,
    Admin,
}

impl From<ScopeIn> for Scope {
    fn from(s: ScopeIn) -> Self {
        match s {
            ScopeIn::Read => Scope::Read,
            ScopeIn::Write => Scope::Write,
            ScopeIn::Admin => Scope::Admin,
        }
    }
}

#[derive(Debug, Deserialize, Validate, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    /// What the token is for (`grafana`, `ci`).
    #[validate(length(min = 1, max = 100, message = "must be 1 to 100 characters"))]
    #[schema(example = "grafana", min_length = 1, max_length = 100)]
    pub name: String,
    pub scope: ScopeIn,
    /// Days until the token expires; none: never.
    #[schema(minimum = 1, maximum = 3650)]
    #[validate(range(min = 1, max = 3650, message = "must be 1 to 3650"))]
    pub expires_days: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    responses((status = 200, description = "Every token, newest first", body = Vec<TokenOut>), super::doc::Errors),
    security(("bearer" = ["admin"])))]
pub async fn list(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let now = Utc::now();
    let rows = crate::store::tokens::list(&state.db).await?;
    let out: Vec<TokenOut> = rows.iter().map(|t| TokenOut::from_row(t, now)).collect();
    Ok(HttpResponse::Ok().json(out))
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = CreateToken,
    responses((status = 201, description = "The new token (shown this once)", body = NewTokenOut), super::doc::Errors),
    security(("bearer" = ["admin"])))]
pub async fn create(
    state: web::Data<AppState>,
    body: JsonBody<CreateToken>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    b.validate()?;
    let now = Utc::now();
    let expires = b
        .expires_days
        .map(|d| now + chrono::Duration::days(i64::from(d)));
    let (row, token) =
        crate::store::tokens::create(&state.db, b.name.trim(), b.scope.into(), expires, now)
            .await?;
    tracing::info!(token.id = row.id, token.scope = %row.scope, "API token created");
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/api/v1/tokens/{}", row.id)))
        .json(NewTokenOut {
            info: TokenOut::from_row(&row, now),
            token,
        }))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens",
    params(("id" = i32, Path, description = "Token id")),
    responses((status = 200, description = "The revoked token", body = TokenOut), super::doc::Errors),
    security(("bearer" = ["admin"])))]
pub async fn revoke(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = super::parse_id(&path, "token")?;
    let now = Utc::now();
    let row = crate::store::tokens::revoke(&state.db, id, now).await?;
    state.gate.tokens.clear();
    tracing::info!(token.id = id, "API token revoked");
    Ok(HttpResponse::Ok().json(TokenOut::from_row(&row, now)))
}
