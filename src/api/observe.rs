//! Per-request bookkeeping for every route: Prometheus counters and
//! latency by route pattern.

use super::AppState;
use crate::error::ApiError;
use crate::metrics::METRICS;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::ConnectionTrait;
use std::time::Instant;

pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let res = next.call(req).await;
    let (route, status) = match &res {
        Ok(r) => (r.request().match_pattern(), r.status().as_u16()),
        Err(e) => (None, e.as_response_error().status_code().as_u16()),
    };
    let route = route.unwrap_or_else(|| "unmatched".into());
    METRICS.http(method.as_str(), &route, status, started.elapsed());
    res
}

/// `GET /metrics`: the OpenMetrics text (needs a `read` token, like reads).
pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let (open, outbox) = database_gauges(&state.db).await?;
    METRICS.set_database_gauges(&open, &outbox);
    Ok(HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(METRICS.encode()))
}

/// Open items per (series, kind) and outbox rows per status.
async fn database_gauges(
    db: &impl ConnectionTrait,
) -> Result<(Vec<(String, String, i64)>, Vec<(String, i64)>), ApiError> {
    let b = db.get_database_backend();
    let q = Query::select()
        .expr_as(
            Expr::cust("COALESCE(series.slug, '-')"),
            Alias::new("series"),
        )
        .expr_as(Expr::cust("items.kind"), Alias::new("kind"))
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from(Alias::new("items"))
        .left_join(
            Alias::new("series"),
            Expr::cust("series.id = items.series_id"),
        )
        .and_where(Expr::cust("items.status = 'open'"))
        .add_group_by([Expr::cust("series.slug"), Expr::cust("items.kind")])
        .to_owned();
    let mut open = Vec::new();
    for row in db.query_all_raw(b.build(&q)).await? {
        open.push((
            row.try_get::<String>("", "series")?,
            row.try_get::<String>("", "kind")?,
            row.try_get::<i64>("", "n")?,
        ));
    }
    let q = Query::select()
        .column(Alias::new("status"))
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from(Alias::new("outbox"))
        .group_by_col(Alias::new("status"))
        .to_owned();
    let mut outbox = Vec::new();
    for row in db.query_all_raw(b.build(&q)).await? {
        outbox.push((
            row.try_get::<String>("", "status")?,
            row.try_get::<i64>("", "n")?,
        ));
    }
    Ok((open, outbox))
}
