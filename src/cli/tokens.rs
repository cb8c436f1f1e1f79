//! `followup token create|list|revoke`: API tokens from the command line
//! (the first admin token can only come from here).

use crate::auth::Scope;
use chrono::{DateTime, Utc};
use entity::api_token;
use sea_orm::ConnectionTrait;

/// Creates a token; the name is checked as the API checks it.
pub async fn create(
    db: &impl ConnectionTrait,
    name: &str,
    scope: Scope,
    expires_days: Option<u32>,
    now: DateTime<Utc>,
) -> anyhow::Result<(api_token::Model, String)> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        anyhow::bail!("--name must be 1 to 100 characters");
    }
    if expires_days.is_some_and(|d| d == 0 || d > 3650) {
        anyhow::bail!("--expires must be 1 to 3650 days");
    }
    let expires_at = expires_days.map(|d| now + chrono::Duration::days(i64::from(d)));
    Ok(crate::store::tokens::create(db, name, scope, expires_at, now).await?)
}

/// What `token create` says on stderr (the token alone goes to stdout).
pub fn created_line(row: &api_token::Model) -> String {
    format!(
        "token {} ({}, scope {}{}) created; it is shown only now:",
        row.id,
        row.name,
        row.scope,
        row.expires_at
            .map(|t| format!(", expires {}", t.format("%Y-%m-%d")))
            .unwrap_or_default()
    )
}

/// The `token list` table, tab-separated, never the tokens themselves.
pub fn table(rows: &[api_token::Model], now: DateTime<Utc>) -> String {
    let day = |d: Option<DateTime<Utc>>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "-".into())
    };
    let mut out = String::from("id\tname\tscope\tprefix\tstate\tcreated\texpires\tlast used\n");
    for t in rows {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}…\t{}\t{}\t{}\t{}\n",
            t.id,
            t.name,
            t.scope,
            t.prefix,
            crate::store::tokens::state(t, now),
            day(Some(t.created_at)),
            day(t.expires_at),
            day(t.last_used_at)
        ));
    }
    out
}
