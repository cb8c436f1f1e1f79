//! `POST /api/v1/minutes`: ingest one minutes document, as `text/markdown`
//! with `series`, `date` and `source` in the query, or as JSON
//! `{series, date, source, markdown}`.

use super::body::{decode_json, is_json, mime_of, read_limited, unsupported};
use super::AppState;
use crate::error::{ApiError, FieldError};
use crate::ingest::{self, Counts, Document, IngestError, MeetingResult};
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest `source` accepted.
const MAX_SOURCE: usize = 1024;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct MinutesIn {
    /// Series slug (created if new); required.
    #[schema(
        pattern = "^[a-z0-9][a-z0-9_-]{0,63}$",
        example = "sig-standardization"
    )]
    series: Option<String>,
    /// Meeting date, when the minutes do not say it.
    #[schema(format = Date, example = "2026-02-12")]
    date: Option<String>,
    /// Path of the file in its repository (names the meeting).
    #[schema(max_length = 1024, example = "sig-standardization/20260212.md")]
    source: Option<String>,
    /// The minutes; required.
    #[schema(
        min_length = 1,
        pattern = r"\S",
        example = "# SIG Standardization 2026-02-12\n\n- AI @mbuechse: implement `oldgeneric` in image manager\n"
    )]
    markdown: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct MeetingOut {
    id: i32,
    series: String,
    date: NaiveDate,
    title: Option<String>,
    source: Option<String>,
    participants: Vec<String>,
    note_taker: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct MinutesOut {
    meeting: MeetingOut,
    /// `created`, `updated` (an edited version) or `unchanged` (same content).
    result: MeetingResult,
    counts: Counts,
    /// Cancelled calls the minutes announce.
    cancellations: usize,
}

fn field(field: &str, reason: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        reason: reason.into(),
    }
}

/// The metadata of a Markdown upload, from the query string.
fn from_query(query: &str) -> Result<MinutesIn, ApiError> {
    let mut m = MinutesIn {
        series: None,
        date: None,
        source: None,
        markdown: None,
    };
    let mut unknown = Vec::new();
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()).into_owned() {
        match k.as_str() {
            "series" => m.series = Some(v),
            "date" => m.date = Some(v),
            "source" => m.source = Some(v),
            _ => unknown.push(field(&k, "unknown parameter (series, date, source)")),
        }
    }
    if !unknown.is_empty() {
        return Err(ApiError::validation("unknown query parameters", unknown));
    }
    Ok(m)
}

#[utoipa::path(post, path = "/api/v1/minutes", tag = "minutes", params(super::doc::MinutesQuery), request_body(content((String = "text/markdown"), (MinutesIn = "application/json")), description = "Markdown minutes (metadata in the query), or JSON with the Markdown inside"), responses((status = 201, description = "A new meeting", body = MinutesOut), (status = 200, description = "A meeting seen before: updated or unchanged", body = MinutesOut), super::doc::Errors), security(("bearer" = ["write"])))]
pub async fn ingest(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let limit = state.markdown_limit;
    let mime = mime_of(&req);
    let payload: Payload = payload.into_inner();
    let (meta, markdown): (MinutesIn, Vec<u8>) = if matches!(
        mime.as_str(),
        "text/markdown" | "text/x-markdown" | "text/plain"
    ) {
        let meta = from_query(req.query_string())?;
        let body = read_limited(&req, payload, limit).await?;
        (meta, body.to_vec())
    } else if is_json(&mime) {
        // Room for the Markdown, its JSON escaping and the other fields.
        let body = read_limited(&req, payload, limit * 2 + state.json_limit).await?;
        let mut meta: MinutesIn = decode_json(&body)?;
        let md = meta.markdown.take().unwrap_or_default().into_bytes();
        if md.len() > limit {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("markdown over {limit} bytes"),
            ));
        }
        (meta, md)
    } else {
        return Err(unsupported("text/markdown or application/json"));
    };
    let markdown = String::from_utf8(markdown).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_encoding",
            format!(
                "the document is not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .with_field("markdown", "must be UTF-8")
    })?;

    let mut errors = Vec::new();
    let series = meta.series.unwrap_or_default();
    if series.is_empty() {
        errors.push(field("series", "is required"));
    } else if let Err(r) = ingest::validate_slug(&series) {
        errors.push(field("series", r));
    }
    let date = match meta.date.as_deref() {
        None | Some("") => None,
        Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(field("date", "must be a date YYYY-MM-DD"));
                None
            }
        },
    };
    let source = meta.source.filter(|s| !s.trim().is_empty());
    if source.as_ref().is_some_and(|s| s.len() > MAX_SOURCE) {
        errors.push(field("source", format!("at most {MAX_SOURCE} bytes")));
    }
    if markdown.trim().is_empty() {
        errors.push(field("markdown", "is empty"));
    }
    if !errors.is_empty() {
        let names: Vec<&str> = errors.iter().map(|f| f.field.as_str()).collect();
        return Err(ApiError::validation(
            format!("invalid fields: {}", names.join(", ")),
            errors,
        ));
    }

    let doc = Document {
        series: &series,
        series_name: None,
        date,
        source: source.as_deref(),
        markdown: &markdown,
    };
    let prepared = ingest::prepare(&doc).map_err(api_error)?;
    let started = std::time::Instant::now();
    let done = ingest::apply(&state.db, &state.ingest, &prepared)
        .await
        .map_err(api_error)?;
    tracing::info!(
        series = %done.series.slug,
        meeting.id = done.meeting.id,
        meeting.date = %done.meeting.date,
        result = ?done.result,
        created = done.counts.created,
        mentioned = done.counts.mentioned,
        closed = done.counts.closed,
        dropped = done.counts.dropped,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "minutes ingested"
    );
    let status = if done.result == MeetingResult::Created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let m = done.meeting;
    Ok(HttpResponse::build(status).json(MinutesOut {
        meeting: MeetingOut {
            id: m.id,
            series: done.series.slug,
            date: m.date,
            title: m.title,
            source: m.source,
            participants: serde_json::from_str(&m.participants).unwrap_or_default(),
            note_taker: m.note_taker,
        },
        result: done.result,
        counts: done.counts,
        cancellations: done.cancellations,
    }))
}

fn api_error(e: IngestError) -> ApiError {
    match e {
        IngestError::Empty => ApiError::invalid_field("markdown", "is empty"),
        IngestError::NoDate => ApiError::invalid_field(
            "date",
            "no meeting date in the document or its source name; give one (YYYY-MM-DD)",
        ),
        IngestError::Series(_, reason) => ApiError::invalid_field("series", reason),
        IngestError::Db(e) => ApiError::internal(e),
    }
}
