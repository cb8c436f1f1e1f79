//! HTTP handlers: parse and validate the request, call `store`, map to DTOs.

mod actions;
mod body;
pub mod cache;
pub mod doc;
pub mod gate;
mod health;
mod items;
mod minutes;
pub mod observe;
mod people;
mod query;
mod series;
mod stats;
mod tokens;
pub mod unwind;

pub use body::JsonBody;

use crate::error::ApiError;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::http::StatusCode;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{web, HttpResponse, ResponseError};
use sea_orm::DatabaseConnection;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub json_limit: usize,
    pub markdown_limit: usize,
    pub ingest: crate::config::IngestSettings,
    /// Signs and checks the links in emails.
    pub link_key: std::sync::Arc<Vec<u8>>,
    /// Tokens, scopes and rates of `/api/v1`.
    pub gate: std::sync::Arc<gate::Gate>,
    /// Cached `/items` and `/stats` answers.
    pub answers: std::sync::Arc<cache::AnswerCache>,
}

/// Routes: `/healthz`, `/readyz` and the API under `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .service(
            web::resource("/a/{token}")
                .get(actions::confirm_item)
                .post(actions::apply_item),
        )
        .service(
            web::resource("/u/{token}")
                .get(actions::confirm_unsubscribe)
                .post(actions::unsubscribe),
        )
        .route("/docs", web::get().to(doc::docs_page))
        .service(
            web::resource("/metrics")
                .wrap(actix_web::middleware::from_fn(gate::guard))
                .get(observe::metrics),
        )
        .service(
            web::scope("/api/v1")
                .wrap(actix_web::middleware::from_fn(gate::guard))
                .route("/openapi.json", web::get().to(doc::openapi))
                .service(
                    web::resource("/tokens")
                        .get(tokens::list)
                        .post(tokens::create),
                )
                .service(web::resource("/stats").get(stats::get))
                .service(web::resource("/tokens/{id}").delete(tokens::revoke))
                .service(web::resource("/items").get(items::list).post(items::create))
                .service(
                    web::resource("/items/{id}")
                        .get(items::get)
                        .patch(items::patch),
                )
                .service(web::resource("/items/{id}/done").post(items::done))
                .service(web::resource("/items/{id}/reopen").post(items::reopen))
                .service(
                    web::resource("/people")
                        .get(people::list)
                        .post(people::create),
                )
                .service(
                    web::resource("/people/{handle}")
                        .get(people::get)
                        .patch(people::patch),
                )
                .service(web::resource("/people/{handle}/items").get(people::items))
                .service(web::resource("/minutes").post(minutes::ingest))
                .service(web::resource("/reminders/undeliverable").get(people::undeliverable))
                .service(
                    web::resource("/series")
                        .get(series::list)
                        .post(series::create),
                )
                .service(
                    web::resource("/series/{slug}")
                        .get(series::get)
                        .patch(series::patch),
                )
                .service(web::resource("/series/{slug}/occurrences").get(series::occurrences))
                .service(
                    web::resource("/series/{slug}/cancellations")
                        .post(series::cancel)
                        .delete(series::uncancel_query),
                )
                .service(
                    web::resource("/series/{slug}/cancellations/{date}").delete(series::uncancel),
                )
                .service(web::resource("/series/{slug}/pending.md").get(series::pending))
                .service(web::resource("/series/{slug}/calendar.ics").get(series::calendar_ics))
                .service(web::resource("/people/{handle}/items.ics").get(people::items_ics)),
        );
}

/// For PATCH bodies: an absent field is `None`, an explicit `null` is
/// `Some(None)` (clears the value).
pub(crate) fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

/// A positive integer id from a path; anything else is that `what` not found.
pub(crate) fn parse_id(raw: &str, what: &str) -> Result<i32, ApiError> {
    raw.parse::<i32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::not_found(what))
}

/// Unknown routes.
pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found("route"))
}

/// Turns any error response that is not already a problem document (actix's
/// own 404, 405, 413, …) into one, so clients see one envelope for all errors.
pub fn problem_for_any_error<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res.headers().get(CONTENT_TYPE).is_some_and(|v| {
        // Problem documents, and the pages the email links answer with.
        v.as_bytes().starts_with(b"application/problem+json")
            || v.as_bytes().starts_with(b"text/html")
    });
    if is_problem || res.status().as_u16() < 400 {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    // actix-cors refuses a request from an origin not in the allow-list
    // with a bare 400.
    let from_origin = res.request().headers().contains_key("origin");
    let (code, detail): (&'static str, String) = match status {
        StatusCode::BAD_REQUEST if from_origin => (
            "cors_origin_refused",
            "this origin may not call the API from a browser (see auth.cors_origins)".into(),
        ),
        StatusCode::NOT_FOUND => ("not_found", "no such route".into()),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "method not allowed on this route".into(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "request body too large".into()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("unsupported_media_type", "unsupported content type".into())
        }
        s if s.is_server_error() => (
            "internal_error",
            "internal error; see the server log".into(),
        ),
        s => (
            "bad_request",
            s.canonical_reason().unwrap_or("bad request").to_lowercase(),
        ),
    };
    let (req, _) = res.into_parts();
    let response: HttpResponse<BoxBody> = ApiError::new(status, code, detail).error_response();
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body(),
    ))
}
