//! `/api/v1/people`: list, create, edit, and a person's items.

use super::items::{list_page, validate_owner};
use super::query::{parse_list, parse_page};
use super::{double_option, AppState, JsonBody};
use crate::error::ApiError;
use crate::store::people::{self as store, NewPerson, PersonPatch};
use actix_web::http::header::LOCATION;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use entity::person;
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

#[derive(Serialize, utoipa::ToSchema)]
pub struct PersonOut {
    #[schema(example = "mbuechse")]
    pub handle: String,
    #[schema(example = "Matthias Büchse")]
    pub display_name: Option<String>,
    #[schema(example = "matthias@example.org")]
    pub email: Option<String>,
    #[schema(example = "Europe/Berlin")]
    pub time_zone: Option<String>,
    pub reminders: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<person::Model> for PersonOut {
    fn from(p: person::Model) -> Self {
        PersonOut {
            handle: p.handle,
            display_name: p.display_name,
            email: p.email,
            time_zone: p.time_zone,
            reminders: p.reminders,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
struct PeoplePage {
    people: Vec<PersonOut>,
    total: u64,
    limit: u64,
    offset: u64,
    next_offset: Option<u64>,
}

fn valid_time_zone(v: &str) -> Result<(), ValidationError> {
    v.parse::<chrono_tz::Tz>().map(|_| ()).map_err(|_| {
        ValidationError::new("time_zone")
            .with_message("must be an IANA time zone such as Europe/Berlin".into())
    })
}

#[derive(Debug, Deserialize, Validate, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePerson {
    #[validate(custom(function = "validate_owner"))]
    #[schema(pattern = r"^@?[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", example = "mbuechse")]
    pub handle: String,
    #[validate(length(min = 1, max = 200, message = "must be 1 to 200 characters"))]
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: Option<String>,
    #[validate(email(message = "must be an email address"))]
    #[schema(format = Email, example = "matthias@example.org")]
    pub email: Option<String>,
    /// IANA time zone.
    #[validate(custom(function = "valid_time_zone"))]
    #[schema(value_type = Option<super::doc::TimeZone>)]
    pub time_zone: Option<String>,
    #[serde(default = "yes")]
    pub reminders: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, Validate, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchPerson {
    #[serde(default, deserialize_with = "double_option")]
    pub display_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<super::doc::TimeZone>)]
    pub time_zone: Option<Option<String>>,
    pub reminders: Option<bool>,
}

impl PatchPerson {
    /// `validator` cannot see through `Option<Option<_>>`: check by hand.
    fn check(&self) -> Result<(), ApiError> {
        if let Some(Some(email)) = &self.email {
            if !validator::ValidateEmail::validate_email(email) {
                return Err(ApiError::invalid_field("email", "must be an email address"));
            }
        }
        if let Some(Some(tz)) = &self.time_zone {
            valid_time_zone(tz).map_err(|_| {
                ApiError::invalid_field(
                    "time_zone",
                    "must be an IANA time zone such as Europe/Berlin",
                )
            })?;
        }
        if let Some(Some(name)) = &self.display_name {
            if name.is_empty() || name.chars().count() > 200 {
                return Err(ApiError::invalid_field(
                    "display_name",
                    "must be 1 to 200 characters",
                ));
            }
        }
        Ok(())
    }
}

#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(super::doc::PageQuery), responses((status = 200, description = "One page of people", body = PeoplePage), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let page = parse_page(req.query_string())?;
    let (rows, total) = store::list(&state.db, page.limit, page.offset).await?;
    let next = page.offset + rows.len() as u64;
    Ok(HttpResponse::Ok().json(PeoplePage {
        total,
        limit: page.limit,
        offset: page.offset,
        next_offset: (next < total && !rows.is_empty()).then_some(next),
        people: rows.into_iter().map(PersonOut::from).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = CreatePerson, responses((status = 201, description = "The new person", body = PersonOut), super::doc::Errors), security(("bearer" = ["admin"])))]
pub async fn create(
    state: web::Data<AppState>,
    body: JsonBody<CreatePerson>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    b.validate()?;
    let p = store::create(
        &state.db,
        NewPerson {
            handle: b.handle,
            display_name: b.display_name,
            email: b.email,
            time_zone: b.time_zone,
            reminders: b.reminders,
        },
    )
    .await
    .map_err(|e| match e {
        crate::store::StoreError::Conflict(d) => ApiError::conflict("person_exists", d),
        e => e.into(),
    })?;
    tracing::info!(person.handle = %p.handle, "person created");
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/api/v1/people/{}", p.handle)))
        .json(PersonOut::from(p)))
}

#[utoipa::path(get, path = "/api/v1/people/{handle}", tag = "people", params(("handle" = String, Path, description = "Handle")), responses((status = 200, description = "The person", body = PersonOut), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn get(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let p = store::by_handle(&state.db, &path)
        .await?
        .ok_or_else(|| ApiError::not_found("person"))?;
    Ok(HttpResponse::Ok().json(PersonOut::from(p)))
}

#[utoipa::path(patch, path = "/api/v1/people/{handle}", tag = "people", params(("handle" = String, Path, description = "Handle")), request_body = PatchPerson, responses((status = 200, description = "The changed person", body = PersonOut), super::doc::Errors), security(("bearer" = ["admin"])))]
pub async fn patch(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<PatchPerson>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    b.check()?;
    let p = store::update(
        &state.db,
        &path,
        PersonPatch {
            display_name: b.display_name,
            email: b.email,
            time_zone: b.time_zone,
            reminders: b.reminders,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(PersonOut::from(p)))
}

/// The person's items, with the same filters as `/items`.
#[utoipa::path(get, path = "/api/v1/people/{handle}/items", tag = "people", params(("handle" = String, Path, description = "Handle"), super::doc::ItemFilters, super::doc::ListQuery), responses((status = 200, description = "The person's items", body = super::items::ItemPage), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn items(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let p = store::by_handle(&state.db, &path)
        .await?
        .ok_or_else(|| ApiError::not_found("person"))?;
    let mut params = parse_list(req.query_string())?;
    params.filter.owner = Some(p.handle);
    Ok(HttpResponse::Ok().json(list_page(&state, params).await?))
}

/// `GET /api/v1/people/{handle}/items.ics`: the person's open items as
/// VTODOs with their due dates (`text/calendar`).
#[utoipa::path(get, path = "/api/v1/people/{handle}/items.ics", tag = "people", params(("handle" = String, Path, description = "Handle")), responses((status = 200, description = "Open items as VTODOs", body = String, content_type = "text/calendar"), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn items_ics(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    use crate::calendar::export::{todos_ics, Todo};
    use crate::store::items::{self as item_store, ItemFilter, SortKey};
    let p = store::by_handle(&state.db, &path)
        .await?
        .ok_or_else(|| ApiError::not_found("person"))?;
    let filter = ItemFilter {
        statuses: vec!["open".into()],
        owner: Some(p.handle.clone()),
        ..Default::default()
    };
    let (rows, _) = item_store::list(&state.db, &filter, SortKey::Due, false, 1000, 0).await?;
    let todos: Vec<Todo<'_>> = rows
        .iter()
        .map(|v| Todo {
            id: v.item.id,
            text: &v.item.text,
            due: v.item.due,
            series: v.series.as_ref().map(|s| s.slug.as_str()),
            section: &v.item.section,
            url: None,
        })
        .collect();
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .body(todos_ics(&p.handle, &todos, Utc::now())))
}

/// `GET /api/v1/reminders/undeliverable`: owners of open items whom
/// reminders cannot reach, and why.
#[utoipa::path(get, path = "/api/v1/reminders/undeliverable", tag = "people", responses((status = 200, description = "Owners of open items whom reminders cannot reach", body = UndeliverableOut), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn undeliverable(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let rows = store::undeliverable(&state.db).await?;
    let out: Vec<Unreachable> = rows
        .into_iter()
        .map(|(p, n)| Unreachable {
            reason: if p.email.is_none() {
                "no email address"
            } else {
                "reminders turned off"
            }
            .into(),
            handle: p.handle,
            display_name: p.display_name,
            open_items: n,
        })
        .collect();
    Ok(HttpResponse::Ok().json(UndeliverableOut { undeliverable: out }))
}

#[derive(Serialize, utoipa::ToSchema)]
struct UndeliverableOut {
    undeliverable: Vec<Unreachable>,
}

/// An owner of open items whom reminders cannot reach.
#[derive(Serialize, utoipa::ToSchema)]
struct Unreachable {
    handle: String,
    display_name: Option<String>,
    open_items: u64,
    /// `no email address` or `reminders turned off`.
    reason: String,
}
