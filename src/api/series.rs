//! `/api/v1/series/{slug}/…`: what a series' next meeting needs.

use super::AppState;
use crate::error::ApiError;
use crate::ingest::pending::{pending_markdown, PendingItem};
use crate::store::items::{self, ItemFilter, SortKey};
use crate::store::series;
use actix_web::{web, HttpResponse};
use chrono::Utc;

/// The most items the pending block lists.
const MAX_PENDING: u64 = 1000;

/// `GET /api/v1/series/{slug}/pending.md`: the open actions as a
/// "Pending action items" block (`text/markdown`), oldest due date first.
pub async fn pending(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = path.into_inner();
    if series::by_slug(&state.db, &slug).await?.is_none() {
        return Err(ApiError::not_found("series"));
    }
    let filter = ItemFilter {
        statuses: vec!["open".into()],
        kind: Some("action".into()),
        series: Some(slug),
        ..Default::default()
    };
    let (rows, _) = items::list(&state.db, &filter, SortKey::Due, false, MAX_PENDING, 0).await?;
    let pending: Vec<PendingItem> = rows
        .into_iter()
        .map(|v| PendingItem {
            owners: v.owners,
            text: v.item.text,
            due: v.item.due,
            since: v.meeting.map(|m| m.date),
            meetings: v.item.meetings,
        })
        .collect();
    Ok(HttpResponse::Ok()
        .content_type("text/markdown; charset=utf-8")
        .body(pending_markdown(&pending, Utc::now().date_naive())))
}
