//! The OpenAPI 3.1 description, generated from the handlers' annotations
//! (utoipa), served at `/api/v1/openapi.json`, and the docs page at `/docs`.

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// An error: `application/problem+json` (RFC 9457) with a stable `code`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct Problem {
    /// A URI naming the problem type.
    #[schema(
        rename = "type",
        example = "https://followup.invalid/problems/validation_failed"
    )]
    kind: String,
    #[schema(example = "Unprocessable Entity")]
    title: String,
    #[schema(example = 422)]
    status: u16,
    /// Stable, snake_case: branch on this.
    #[schema(example = "validation_failed")]
    code: String,
    #[schema(example = "invalid fields: text")]
    detail: String,
    /// The fields at fault, for validation errors.
    fields: Option<Vec<FieldProblem>>,
}

/// One field at fault.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct FieldProblem {
    #[schema(example = "text")]
    field: String,
    #[schema(example = "must be 1 to 4000 characters")]
    reason: String,
}

/// An IANA time zone name (`Europe/Berlin`): the schema lists every name the
/// service accepts, so clients and generated requests can tell.
pub struct TimeZone;

impl utoipa::PartialSchema for TimeZone {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("An IANA time zone name"))
            .examples(["Europe/Berlin"])
            .enum_values(Some(chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())))
            .into()
    }
}

impl utoipa::ToSchema for TimeZone {}

/// The error answers every API route may give.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum Errors {
    /// Malformed request: bad JSON, a bad query parameter.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No token, or an unknown, expired or revoked one.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The token's scope does not allow this route.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such resource.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// Method not allowed on this route.
    #[response(status = 405, content_type = "application/problem+json")]
    MethodNotAllowed(Problem),
    /// A conflicting change.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// Request body over the route's limit.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// Wrong request content type.
    #[response(status = 415, content_type = "application/problem+json")]
    UnsupportedMediaType(Problem),
    /// Well-formed but invalid: the fields at fault are listed.
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(Problem),
    /// Over the token's rate; see the Retry-After header.
    #[response(status = 429, content_type = "application/problem+json")]
    RateLimited(Problem),
    /// An internal error (details only in the server log).
    #[response(status = 500, content_type = "application/problem+json")]
    Internal(Problem),
}

/// The filters of `/items`, shared by `/stats` (documentation only: the
/// query string is parsed by hand so repeated keys work).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ItemFilters {
    /// Repeatable: `status=open&status=done`.
    #[param(inline)]
    status: Option<Vec<StatusParam>>,
    #[param(inline)]
    kind: Option<KindParam>,
    /// Owner handle (`mbuechse` or `@mbuechse`).
    owner: Option<String>,
    /// Series slug.
    series: Option<String>,
    /// Section path prefix.
    section: Option<String>,
    /// Text contains (case-insensitive).
    q: Option<String>,
    /// Open items due before today.
    overdue: Option<bool>,
    due_before: Option<chrono::NaiveDate>,
    due_after: Option<chrono::NaiveDate>,
    updated_since: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum StatusParam {
    Open,
    Done,
    Dropped,
}

#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum KindParam {
    Action,
    Gap,
    Decision,
}

/// Paging and order of item lists.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
    #[param(minimum = 0, maximum = 1000000000)]
    offset: Option<u64>,
    /// `due`, `created` (default) or `updated`.
    #[param(inline)]
    sort: Option<SortParam>,
    /// `asc` or `desc` (default).
    #[param(inline)]
    order: Option<OrderParam>,
}

#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum SortParam {
    Due,
    Created,
    Updated,
}

#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum OrderParam {
    Asc,
    Desc,
}

/// Paging.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PageQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
    #[param(minimum = 0, maximum = 1000000000)]
    offset: Option<u64>,
}

/// Metadata of a Markdown upload (with a JSON body, give them in the body).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MinutesQuery {
    /// Series slug (created if new).
    series: Option<String>,
    /// Meeting date, when the minutes do not say it.
    date: Option<chrono::NaiveDate>,
    /// Path of the file in its repository (names the meeting).
    source: Option<String>,
}

/// A time range: dates or RFC 3339 times (default: from now for 90 days).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct RangeQuery {
    /// Start of the range: `YYYY-MM-DD` or an RFC 3339 time (default now).
    #[param(
        pattern = r"^\d{4,}-\d{1,2}-\d{1,2}([Tt ].+)?$",
        example = "2026-01-01"
    )]
    from: Option<String>,
    /// End of the range, after `from` and at most 3660 days later
    /// (default 90 days after `from`).
    #[param(
        pattern = r"^\d{4,}-\d{1,2}-\d{1,2}([Tt ].+)?$",
        example = "2026-03-01"
    )]
    to: Option<String>,
}

/// `/stats` parameters beyond the filters.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct StatsQuery {
    /// First day of the weekly series (default: 12 weeks before `to`).
    from: Option<chrono::NaiveDate>,
    /// Last day of the weekly series (default: today).
    to: Option<chrono::NaiveDate>,
    /// Meetings without mention or change after which an open item is stale (default 3).
    #[param(minimum = 0, maximum = 1000)]
    stale_meetings: Option<u32>,
}

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token from `followup token create` or POST /api/v1/tokens",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "followup", description = "Tracked follow-ups from meeting minutes: items, people, series, minutes ingestion, statistics and API tokens."),
    paths(
        super::items::list, super::items::create, super::items::get, super::items::patch,
        super::items::done, super::items::reopen,
        super::minutes::ingest,
        super::people::list, super::people::create, super::people::get, super::people::patch,
        super::people::items, super::people::items_ics, super::people::undeliverable,
        super::series::list, super::series::create, super::series::get, super::series::patch,
        super::series::occurrences, super::series::cancel, super::series::uncancel,
        super::series::uncancel_query, super::series::pending, super::series::calendar_ics,
        super::stats::get,
        super::tokens::list, super::tokens::create, super::tokens::revoke,
    ),
    components(schemas(Problem, FieldProblem, TimeZone)),
    modifiers(&Security),
    tags(
        (name = "items", description = "Tracked actions, gaps and decisions"),
        (name = "minutes", description = "Ingesting meeting minutes"),
        (name = "people", description = "Owners and their addresses"),
        (name = "series", description = "Meeting series and their schedules"),
        (name = "stats", description = "Counts and trends for dashboards"),
        (name = "tokens", description = "API tokens (admin)"),
    )
)]
pub struct ApiDoc;

/// The description as JSON, built once.
pub fn openapi_json() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .expect("the OpenAPI description serialises")
    })
}

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(openapi_json())
}

/// The interactive docs page: Scalar's API reference (loaded by the browser
/// from the jsDelivr CDN) over `/api/v1/openapi.json`.
pub async fn docs_page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(DOCS_HTML)
}

const DOCS_HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>followup API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body>
<noscript>The interactive reference needs JavaScript; the description itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript>
<script id="api-reference" data-url="/api/v1/openapi.json"></script>
<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference@1"></script>
</body>
</html>
"#;
