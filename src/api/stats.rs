//! `GET /api/v1/stats`: counts and trends over the items a filter selects
//! (answers cached until the data changes: see [`super::cache`]).

use super::cache::{json_answer, respond, Answer};
use super::query::{parse_stats, StatsParams, MAX_WEEKS};
use super::AppState;
use crate::error::ApiError;
use crate::store::stats::{self, Stats, StatsRequest};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{Duration as Days, Utc};

async fn compute(state: &AppState, p: StatsParams) -> Result<Answer, ApiError> {
    let today = Utc::now().date_naive();
    let to = p.to.unwrap_or(today);
    let from = p.from.unwrap_or(to - Days::weeks(12));
    let from = from.max(to - Days::weeks(MAX_WEEKS));
    let mut filter = p.filter;
    if p.overdue {
        filter.overdue_on = Some(today);
    }
    let req = StatsRequest {
        filter,
        today,
        from,
        to,
        stale_meetings: p.stale_meetings,
    };
    let s: Stats = stats::stats(&state.db, &req).await?;
    json_answer(&s)
}

#[utoipa::path(get, path = "/api/v1/stats", tag = "stats",
    params(super::doc::ItemFilters, super::doc::StatsQuery),
    responses((status = 200, description = "Statistics over the selected items", body = Stats), super::doc::Errors),
    security(("bearer" = ["read"])))]
pub async fn get(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = req.query_string();
    // Bad parameters are answered before the cache is consulted.
    let params = parse_stats(query)?;
    let version = crate::store::data_version(&state.db).await?;
    let key = format!("stats|{}|{query}", Utc::now().date_naive());
    let answer = state
        .answers
        .get_or_compute(version, key, || compute(&state, params))
        .await?;
    Ok(respond(&answer))
}
