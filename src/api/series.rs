//! `/api/v1/series`: meeting series, their schedules, occurrences and
//! cancellations, and what their next meeting needs (`pending.md`).

use super::{double_option, AppState, JsonBody};
use crate::error::{ApiError, FieldError};
use crate::ingest::pending::{pending_markdown, PendingItem};
use crate::ingest::validate_slug;
use crate::schedule::{self, Occurrence, Period};
use crate::store::items::{self, ItemFilter, SortKey};
use crate::store::series::{self, Calendar, NewSeries, SeriesPatch, ADDED, CANCELLED};
use actix_web::http::header::LOCATION;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use entity::series as series_entity;
use serde::{Deserialize, Serialize};

/// The most items the pending block lists.
const MAX_PENDING: u64 = 1000;

/// The longest range `/occurrences` answers for.
const MAX_RANGE_DAYS: i64 = 3660;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodIn {
    /// First call, local date and time (`2022-06-30T15:05`).
    #[schema(
        example = "2022-06-30T15:05",
        pattern = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$"
    )]
    start: String,
    #[schema(minimum = 1, maximum = 1440, example = 60)]
    duration_minutes: u32,
    /// RFC 5545 RRULE without DTSTART/UNTIL; absent for a single call.
    #[schema(
        example = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        pattern = r"^[A-Za-z]+=[A-Za-z0-9,+-]+(;[A-Za-z]+=[A-Za-z0-9,+-]+)*$"
    )]
    rrule: Option<String>,
    /// Last day a call may fall on.
    until: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSeries {
    /// 1 to 64 of a-z, 0-9, `-`, `_`.
    #[schema(pattern = "^[a-z0-9][a-z0-9_-]{0,63}$", example = "iaas")]
    slug: String,
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"\S",
        example = "SIG Standardization/Certification"
    )]
    name: Option<String>,
    /// IANA time zone (default UTC).
    #[schema(value_type = Option<super::doc::TimeZone>)]
    time_zone: Option<String>,
    #[schema(minimum = 1, maximum = 366, example = 7)]
    interval_days: Option<i32>,
    #[schema(minimum = 0, maximum = 20160, example = 1440)]
    lead_minutes: Option<i32>,
    source_url_template: Option<String>,
    #[schema(format = Email, example = "sig-standardization@lists.example.org")]
    list_address: Option<String>,
    #[serde(default)]
    schedule: Vec<PeriodIn>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchSeries {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    name: Option<String>,
    #[schema(value_type = Option<super::doc::TimeZone>)]
    time_zone: Option<String>,
    #[schema(minimum = 1, maximum = 366)]
    interval_days: Option<i32>,
    #[schema(minimum = 0, maximum = 20160)]
    lead_minutes: Option<i32>,
    #[serde(default, deserialize_with = "double_option")]
    source_url_template: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, format = Email)]
    list_address: Option<Option<String>>,
    schedule: Option<Vec<PeriodIn>>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancellationIn {
    date: NaiveDate,
    reason: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct PeriodOut {
    /// First call, local date and time in the series' time zone (no offset).
    #[schema(value_type = String, example = "2022-06-30T15:05:00")]
    start: NaiveDateTime,
    duration_minutes: i32,
    rrule: Option<String>,
    until: Option<NaiveDate>,
    source: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct ExceptionOut {
    date: NaiveDate,
    /// Local date and time of a moved or added call (no offset).
    #[schema(value_type = Option<String>, example = "2022-06-30T15:05:00")]
    start: Option<NaiveDateTime>,
    reason: String,
    source: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct CallOut {
    /// Start, with the series' UTC offset.
    #[schema(value_type = String, format = DateTime)]
    start: DateTime<chrono_tz::Tz>,
    #[schema(value_type = String, format = DateTime)]
    end: DateTime<chrono_tz::Tz>,
    /// Local date of the call.
    date: NaiveDate,
}

impl From<&Occurrence> for CallOut {
    fn from(o: &Occurrence) -> Self {
        CallOut {
            start: o.start,
            end: o.end,
            date: o.start.date_naive(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
struct SeriesOut {
    #[schema(example = "sig-standardization")]
    slug: String,
    #[schema(example = "SIG Standardization/Certification")]
    name: String,
    #[schema(example = "Europe/Berlin")]
    time_zone: String,
    /// Days between calls when there is no schedule.
    #[schema(example = 7)]
    interval_days: i32,
    /// Minutes before a call that reminders go out.
    #[schema(example = 1440)]
    lead_minutes: i32,
    /// Link to a line of the minutes: `{path}` and `{line}` are filled in.
    #[schema(example = "https://github.com/SovereignCloudStack/minutes/blob/main/{path}#L{line}")]
    source_url_template: Option<String>,
    /// Gets the team digest before each call.
    list_address: Option<String>,
    schedule: Vec<PeriodOut>,
    cancellations: Vec<ExceptionOut>,
    added: Vec<ExceptionOut>,
    /// The next call after now, if the schedule has one.
    next_call: Option<CallOut>,
}

fn series_out(s: series_entity::Model, cal: Calendar, now: DateTime<Utc>) -> SeriesOut {
    let next = cal.schedule(&s.time_zone).next_after(now);
    let exceptions = |kind: &str| {
        cal.exceptions
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| ExceptionOut {
                date: e.date,
                start: e.starts_at,
                reason: e.reason.clone(),
                source: e.source.clone(),
            })
            .collect::<Vec<_>>()
    };
    SeriesOut {
        cancellations: exceptions(CANCELLED),
        added: exceptions(ADDED),
        schedule: cal
            .periods
            .iter()
            .map(|p| PeriodOut {
                start: p.starts_at,
                duration_minutes: p.duration_minutes,
                rrule: p.rrule.clone(),
                until: p.until,
                source: p.source.clone(),
            })
            .collect(),
        next_call: next.as_ref().map(CallOut::from),
        slug: s.slug,
        name: s.name,
        time_zone: s.time_zone,
        interval_days: s.interval_days,
        lead_minutes: s.lead_minutes,
        source_url_template: s.source_url_template,
        list_address: s.list_address,
    }
}

fn field(errors: &mut Vec<FieldError>, name: &str, reason: impl Into<String>) {
    errors.push(FieldError {
        field: name.into(),
        reason: reason.into(),
    });
}

fn parse_local(s: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

fn periods(input: &[PeriodIn], errors: &mut Vec<FieldError>) -> Vec<Period> {
    let mut out = Vec::new();
    let mut seen: Vec<(usize, NaiveDateTime)> = Vec::new();
    for (i, p) in input.iter().enumerate() {
        let at = |f: &str| format!("schedule[{i}].{f}");
        let start = parse_local(&p.start);
        if start.is_none() {
            field(
                errors,
                &at("start"),
                "must be a local date and time YYYY-MM-DDTHH:MM",
            );
        }
        if !(1..=schedule::MAX_DURATION_MINUTES).contains(&p.duration_minutes) {
            field(errors, &at("duration_minutes"), "must be 1 to 1440");
        }
        if let Some(rule) = &p.rrule {
            if let Err(e) = schedule::check_rule(rule) {
                field(errors, &at("rrule"), e.to_string());
            }
        }
        if let (Some(s), Some(u)) = (start, p.until) {
            if u < s.date() {
                field(errors, &at("until"), "must not be before the start");
            }
        }
        // Two periods cannot start at the same time (one row per start).
        if let Some((j, _)) = start.and_then(|s| seen.iter().find(|(_, t)| *t == s)) {
            field(
                errors,
                &at("start"),
                format!("the same start as schedule[{j}].start; give each period its own"),
            );
            continue;
        }
        if let Some(start) = start {
            seen.push((i, start));
            out.push(Period {
                start,
                duration_minutes: p.duration_minutes,
                rrule: p.rrule.clone(),
                until: p.until,
            });
        }
    }
    out
}

/// The fields a series' create and edit share, as given.
struct Common<'a> {
    name: Option<&'a str>,
    time_zone: Option<&'a str>,
    interval_days: Option<i32>,
    lead_minutes: Option<i32>,
    list_address: Option<&'a str>,
}

fn check_common(errors: &mut Vec<FieldError>, c: Common<'_>) {
    // Characters, as the schema's maxLength counts them (not bytes).
    if c.name
        .is_some_and(|n| n.trim().is_empty() || n.chars().count() > 200)
    {
        field(errors, "name", "must be 1 to 200 characters");
    }
    if let Some(tz) = c.time_zone {
        if let Err(e) = schedule::parse_tz(tz) {
            field(errors, "time_zone", e.to_string());
        }
    }
    if c.interval_days.is_some_and(|d| !(1..=366).contains(&d)) {
        field(errors, "interval_days", "must be 1 to 366");
    }
    if c.lead_minutes.is_some_and(|m| !(0..=20160).contains(&m)) {
        field(errors, "lead_minutes", "must be 0 to 20160 (two weeks)");
    }
    if c.list_address
        .is_some_and(|a| !validator::ValidateEmail::validate_email(&a))
    {
        field(errors, "list_address", "must be an email address");
    }
}

fn invalid(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        return Ok(());
    }
    let mut names: Vec<&str> = errors.iter().map(|f| f.field.as_str()).collect();
    names.dedup();
    Err(ApiError::validation(
        format!("invalid fields: {}", names.join(", ")),
        errors,
    ))
}

async fn find(state: &AppState, slug: &str) -> Result<series_entity::Model, ApiError> {
    series::by_slug(&state.db, slug)
        .await?
        .ok_or_else(|| ApiError::not_found("series"))
}

async fn detail(state: &AppState, s: series_entity::Model) -> Result<SeriesOut, ApiError> {
    let cal = series::calendar(&state.db, s.id).await?;
    Ok(series_out(s, cal, Utc::now()))
}

/// `GET /api/v1/series`
#[utoipa::path(get, path = "/api/v1/series", tag = "series", responses((status = 200, description = "Every series", body = SeriesList), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn list(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let all = series::list(&state.db).await?;
    let ids: Vec<i32> = all.iter().map(|s| s.id).collect();
    let mut cals = series::calendars(&state.db, &ids).await?;
    let now = Utc::now();
    let out: Vec<SeriesOut> = all
        .into_iter()
        .map(|s| {
            let cal = cals.remove(&s.id).unwrap_or_default();
            series_out(s, cal, now)
        })
        .collect();
    Ok(HttpResponse::Ok().json(SeriesList { series: out }))
}

#[derive(Serialize, utoipa::ToSchema)]
struct SeriesList {
    series: Vec<SeriesOut>,
}

/// Calls of a series in a range.
#[derive(Serialize, utoipa::ToSchema)]
struct OccurrencesOut {
    series: String,
    time_zone: String,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    occurrences: Vec<CallOut>,
}

/// `POST /api/v1/series`
#[utoipa::path(post, path = "/api/v1/series", tag = "series", request_body = CreateSeries, responses((status = 201, description = "The new series", body = SeriesOut), super::doc::Errors), security(("bearer" = ["admin"])))]
pub async fn create(
    state: web::Data<AppState>,
    body: JsonBody<CreateSeries>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let mut errors = Vec::new();
    if let Err(r) = validate_slug(&b.slug) {
        field(&mut errors, "slug", r);
    }
    check_common(
        &mut errors,
        Common {
            name: b.name.as_deref(),
            time_zone: b.time_zone.as_deref(),
            interval_days: b.interval_days,
            lead_minutes: b.lead_minutes,
            list_address: b.list_address.as_deref(),
        },
    );
    let periods = periods(&b.schedule, &mut errors);
    invalid(errors)?;
    let created = series::create(
        &state.db,
        NewSeries {
            name: b.name.unwrap_or_else(|| b.slug.clone()),
            slug: b.slug,
            time_zone: b.time_zone.unwrap_or_else(|| "UTC".into()),
            interval_days: b.interval_days.unwrap_or(7),
            lead_minutes: b.lead_minutes.unwrap_or(1440),
            source_url_template: b.source_url_template,
            list_address: b.list_address,
            periods,
        },
    )
    .await
    .map_err(|e| match e {
        crate::store::StoreError::Conflict(d) => ApiError::conflict("series_exists", d),
        other => other.into(),
    })?;
    let location = format!("/api/v1/series/{}", created.slug);
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, location))
        .json(detail(&state, created).await?))
}

/// `GET /api/v1/series/{slug}`
#[utoipa::path(get, path = "/api/v1/series/{slug}", tag = "series", params(("slug" = String, Path, description = "Series slug")), responses((status = 200, description = "The series with its schedule and next call", body = SeriesOut), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn get(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let s = find(&state, &path).await?;
    Ok(HttpResponse::Ok().json(detail(&state, s).await?))
}

/// `PATCH /api/v1/series/{slug}`
#[utoipa::path(patch, path = "/api/v1/series/{slug}", tag = "series", params(("slug" = String, Path, description = "Series slug")), request_body = PatchSeries, responses((status = 200, description = "The changed series", body = SeriesOut), super::doc::Errors), security(("bearer" = ["admin"])))]
pub async fn patch(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<PatchSeries>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let mut errors = Vec::new();
    check_common(
        &mut errors,
        Common {
            name: b.name.as_deref(),
            time_zone: b.time_zone.as_deref(),
            interval_days: b.interval_days,
            lead_minutes: b.lead_minutes,
            list_address: b.list_address.as_ref().and_then(|a| a.as_deref()),
        },
    );
    let new_periods = b.schedule.as_ref().map(|p| periods(p, &mut errors));
    invalid(errors)?;
    let s = series::update(
        &state.db,
        &path,
        SeriesPatch {
            name: b.name,
            time_zone: b.time_zone,
            interval_days: b.interval_days,
            lead_minutes: b.lead_minutes,
            source_url_template: b.source_url_template,
            list_address: b.list_address,
            periods: new_periods,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(detail(&state, s).await?))
}

/// A query bound: a date (local midnight in UTC terms) or an RFC 3339 instant.
fn instant(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw)
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        })
}

/// `GET /api/v1/series/{slug}/occurrences?from&to`: calls starting in
/// `[from, to)` (dates or RFC 3339; default from now for 90 days).
#[utoipa::path(get, path = "/api/v1/series/{slug}/occurrences", tag = "series", params(("slug" = String, Path, description = "Series slug"), super::doc::RangeQuery), responses((status = 200, description = "Calls starting in [from, to)", body = OccurrencesOut), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn occurrences(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let mut from = None;
    let mut to = None;
    let mut errors = Vec::new();
    for (k, v) in url::form_urlencoded::parse(req.query_string().as_bytes()) {
        let parsed = instant(&v);
        match k.as_ref() {
            "from" if parsed.is_some() => from = parsed,
            "to" if parsed.is_some() => to = parsed,
            "from" | "to" => field(
                &mut errors,
                &k,
                "must be a date YYYY-MM-DD or an RFC 3339 time",
            ),
            other => field(&mut errors, other, "unknown parameter (from, to)"),
        }
    }
    let from = from.unwrap_or_else(Utc::now);
    let to = to.unwrap_or(from + Duration::days(90));
    if to <= from {
        field(&mut errors, "to", "must be after from");
    } else if to - from > Duration::days(MAX_RANGE_DAYS) {
        field(
            &mut errors,
            "to",
            format!("at most {MAX_RANGE_DAYS} days after from"),
        );
    }
    if !errors.is_empty() {
        let mut e = ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "invalid query parameters",
        );
        e.fields = errors;
        return Err(e);
    }
    let s = find(&state, &path).await?;
    let cal = series::calendar(&state.db, s.id).await?;
    let occ = cal
        .schedule(&s.time_zone)
        .occurrences(from, to)
        .map_err(ApiError::internal)?;
    let calls: Vec<CallOut> = occ.iter().map(CallOut::from).collect();
    Ok(HttpResponse::Ok().json(OccurrencesOut {
        series: s.slug,
        time_zone: s.time_zone,
        from,
        to,
        occurrences: calls,
    }))
}

/// `POST /api/v1/series/{slug}/cancellations`: `{date, reason}`; 201 when
/// new, 200 when the date was already cancelled.
#[utoipa::path(post, path = "/api/v1/series/{slug}/cancellations", tag = "series", params(("slug" = String, Path, description = "Series slug")), request_body = CancellationIn, responses((status = 201, description = "Cancelled", body = SeriesOut), (status = 200, description = "Already cancelled", body = SeriesOut), super::doc::Errors), security(("bearer" = ["admin"])))]
pub async fn cancel(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<CancellationIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let reason = b.reason.unwrap_or_default();
    if reason.len() > 500 {
        return Err(ApiError::invalid_field("reason", "at most 500 characters"));
    }
    let s = find(&state, &path).await?;
    let new = series::add_exception(
        &state.db, s.id, b.date, CANCELLED, None, None, &reason, "api",
    )
    .await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(HttpResponse::build(status).json(detail(&state, s).await?))
}

/// `DELETE /api/v1/series/{slug}/cancellations/{date}`
#[utoipa::path(delete, path = "/api/v1/series/{slug}/cancellations/{date}", tag = "series", params(("slug" = String, Path, description = "Series slug"), ("date" = chrono::NaiveDate, Path, description = "The cancelled date")), responses((status = 204, description = "The call takes place again"), super::doc::Errors), security(("bearer" = ["admin"])))]
pub async fn uncancel(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, raw) = path.into_inner();
    let date = NaiveDate::parse_from_str(&raw, "%Y-%m-%d")
        .map_err(|_| ApiError::not_found("cancellation"))?;
    remove(&state, &slug, date).await
}

/// `DELETE /api/v1/series/{slug}/cancellations?date=YYYY-MM-DD`
#[utoipa::path(delete, path = "/api/v1/series/{slug}/cancellations", tag = "series", params(("slug" = String, Path, description = "Series slug"), ("date" = chrono::NaiveDate, Query, description = "The cancelled date")), responses((status = 204, description = "The call takes place again"), super::doc::Errors), security(("bearer" = ["admin"])))]
pub async fn uncancel_query(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let mut date = None;
    for (k, v) in url::form_urlencoded::parse(req.query_string().as_bytes()) {
        if k == "date" {
            date = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok();
        }
    }
    let Some(date) = date else {
        let mut e = ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "give date=YYYY-MM-DD",
        );
        e.fields = vec![FieldError {
            field: "date".into(),
            reason: "must be a date YYYY-MM-DD".into(),
        }];
        return Err(e);
    };
    remove(&state, &path, date).await
}

async fn remove(state: &AppState, slug: &str, date: NaiveDate) -> Result<HttpResponse, ApiError> {
    let s = find(state, slug).await?;
    if !series::remove_cancellation(&state.db, s.id, date).await? {
        return Err(ApiError::not_found("cancellation"));
    }
    Ok(HttpResponse::NoContent().finish())
}

/// `GET /api/v1/series/{slug}/pending.md`: the open actions as a
/// "Pending action items" block (`text/markdown`), oldest due date first.
#[utoipa::path(get, path = "/api/v1/series/{slug}/pending.md", tag = "series", params(("slug" = String, Path, description = "Series slug")), responses((status = 200, description = "Open actions as a Markdown block for the next minutes", body = String, content_type = "text/markdown"), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn pending(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = path.into_inner();
    find(&state, &slug).await?;
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

/// `GET /api/v1/series/{slug}/calendar.ics`: the series as recurring
/// VEVENTs with its exceptions (`text/calendar`).
#[utoipa::path(get, path = "/api/v1/series/{slug}/calendar.ics", tag = "series", params(("slug" = String, Path, description = "Series slug")), responses((status = 200, description = "The schedule as iCalendar", body = String, content_type = "text/calendar"), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn calendar_ics(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let s = find(&state, &path).await?;
    let cal = series::calendar(&state.db, s.id).await?;
    let url = s
        .source_url_template
        .as_deref()
        .and_then(|t| t.split("{path}").next())
        .filter(|u| !u.is_empty());
    let body = crate::calendar::export::series_ics(
        &crate::calendar::export::SeriesInfo {
            slug: &s.slug,
            name: &s.name,
            url,
        },
        &cal.schedule(&s.time_zone),
        Utc::now(),
    );
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("inline; filename=\"{}.ics\"", s.slug),
        ))
        .body(body))
}
