//! `GET /api/v1/stats`: counts and trends over the items a filter selects.
//!
//! Answers are cached per query for `auth.stats_cache_secs`: a write
//! through this instance makes the next request compute afresh; after the
//! period, the old answer is served while one request's worth of work
//! computes the new one in the background (so a dashboard's many panels
//! never all wait on the same computation).

use super::query::{parse_stats, MAX_WEEKS};
use super::AppState;
use crate::error::ApiError;
use crate::store::stats::{self, Stats, StatsRequest};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{Duration as Days, Utc};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

type Answer = Arc<String>;

struct Entry {
    cell: Arc<OnceCell<Answer>>,
    made: Instant,
    generation: u64,
    refreshing: bool,
}

/// Computed answers by query, and the write generation they belong to.
pub struct StatsCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, Entry>>,
    generation: AtomicU64,
}

impl StatsCache {
    pub fn new(ttl: Duration) -> Self {
        StatsCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
        }
    }

    /// Something was written: later requests compute afresh.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::Relaxed);
    }
}

enum Plan {
    Ready(Answer),
    Wait(Arc<OnceCell<Answer>>),
    Refresh(Answer),
}

fn plan(cache: &StatsCache, key: &str) -> Plan {
    let generation = cache.generation.load(Ordering::Relaxed);
    let mut map = cache.entries.lock().expect("stats cache");
    if let Some(e) = map.get_mut(key).filter(|e| e.generation == generation) {
        match e.cell.get() {
            Some(v) if e.made.elapsed() < cache.ttl => return Plan::Ready(v.clone()),
            Some(v) if e.refreshing => return Plan::Ready(v.clone()),
            Some(v) => {
                e.refreshing = true;
                return Plan::Refresh(v.clone());
            }
            None => return Plan::Wait(e.cell.clone()),
        }
    }
    if map.len() > 1000 {
        map.clear();
    }
    let cell = Arc::new(OnceCell::new());
    map.insert(
        key.to_string(),
        Entry {
            cell: cell.clone(),
            made: Instant::now(),
            generation,
            refreshing: false,
        },
    );
    Plan::Wait(cell)
}

async fn compute(state: &AppState, query: &str) -> Result<Answer, ApiError> {
    let p = parse_stats(query)?;
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
    Ok(Arc::new(
        serde_json::to_string(&s).map_err(ApiError::internal)?,
    ))
}

fn ok(body: Answer) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(body.as_str().to_owned())
}

#[utoipa::path(get, path = "/api/v1/stats", tag = "stats",
    params(super::doc::ItemFilters, super::doc::StatsQuery),
    responses((status = 200, description = "Statistics over the selected items", body = Stats), super::doc::Errors),
    security(("bearer" = ["read"])))]
pub async fn get(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = req.query_string();
    // Bad parameters are answered before the cache is consulted.
    parse_stats(query)?;
    if state.stats.ttl.is_zero() {
        return Ok(ok(compute(&state, query).await?));
    }
    let key = format!("{}|{query}", Utc::now().date_naive());
    match plan(&state.stats, &key) {
        Plan::Ready(v) => Ok(ok(v)),
        Plan::Wait(cell) => {
            let v = cell
                .get_or_try_init(|| compute(&state, query))
                .await?
                .clone();
            Ok(ok(v))
        }
        Plan::Refresh(stale) => {
            let state = state.clone();
            let query = query.to_string();
            actix_web::rt::spawn(async move {
                let fresh = compute(&state, &query).await;
                let mut map = state.stats.entries.lock().expect("stats cache");
                if let Some(e) = map.get_mut(&key) {
                    e.refreshing = false;
                    if let Ok(v) = fresh {
                        e.cell = Arc::new(OnceCell::new_with(Some(v)));
                        e.made = Instant::now();
                    }
                }
            });
            Ok(ok(stale))
        }
    }
}
