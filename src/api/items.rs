//! `/api/v1/items`: list, detail, create, edit, done, reopen.

use super::query::{parse_list, ListParams};
use super::{double_option, AppState, JsonBody};
use crate::error::ApiError;
use crate::store::items::{self as store, ItemPatch, ItemView, NewItem};
use actix_web::http::header::LOCATION;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use entity::item_event;
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

#[derive(Serialize, utoipa::ToSchema)]
pub struct ItemOut {
    #[schema(example = 42)]
    pub id: i32,
    /// `action`, `gap` or `decision`.
    #[schema(example = "action")]
    pub kind: String,
    #[schema(example = "implement `oldgeneric` in image manager")]
    pub text: String,
    /// `open`, `done` or `dropped`.
    #[schema(example = "open")]
    pub status: String,
    #[schema(example = json!(["mbuechse"]))]
    pub owners: Vec<String>,
    #[schema(example = "sig-standardization")]
    pub series: Option<String>,
    /// Heading path of the minutes, joined with " / ".
    #[schema(example = "2026-02-12 / Pending action items")]
    pub section: String,
    #[schema(example = "2026-02-12")]
    pub meeting_date: Option<NaiveDate>,
    /// Date of the first meeting whose minutes name the item.
    pub first_meeting: Option<NaiveDate>,
    /// Date of the latest one.
    pub last_meeting: Option<NaiveDate>,
    /// How many meetings' minutes name it (carried through).
    pub meetings: i32,
    /// Line in the minutes file.
    #[schema(example = 13)]
    pub line: Option<i32>,
    #[schema(example = "2026-02-19")]
    pub due: Option<NaiveDate>,
    /// Issue and pull-request references.
    #[schema(example = json!(["standards#1020"]))]
    pub refs: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl From<&ItemView> for ItemOut {
    fn from(v: &ItemView) -> Self {
        let i = &v.item;
        ItemOut {
            id: i.id,
            kind: i.kind.clone(),
            text: i.text.clone(),
            status: i.status.clone(),
            owners: v.owners.clone(),
            series: v.series.as_ref().map(|s| s.slug.clone()),
            section: i.section.clone(),
            meeting_date: v.meeting.as_ref().map(|m| m.date),
            first_meeting: v.meeting.as_ref().map(|m| m.date),
            last_meeting: i.last_seen,
            meetings: i.meetings,
            line: i.line,
            due: i.due,
            refs: serde_json::from_str(&i.refs).unwrap_or_default(),
            created_at: i.created_at,
            updated_at: i.updated_at,
            closed_at: i.closed_at,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ItemPage {
    pub items: Vec<ItemOut>,
    pub total: u64,
    pub limit: u64,
    pub offset: u64,
    /// Offset of the next page, or null on the last one.
    pub next_offset: Option<u64>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct SourceOut {
    series: Option<String>,
    meeting_date: Option<NaiveDate>,
    file: Option<String>,
    line: Option<i32>,
    url: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct EventOut {
    at: DateTime<Utc>,
    kind: String,
    actor: String,
    detail: serde_json::Value,
}

#[derive(Serialize, utoipa::ToSchema)]
struct MentionOut {
    meeting_date: NaiveDate,
    file: Option<String>,
    line: i32,
    /// `open` or `done`, as those minutes show it.
    status: String,
    text: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct ItemDetail {
    #[serde(flatten)]
    item: ItemOut,
    source: SourceOut,
    /// Every meeting whose minutes name the item, oldest first.
    mentions: Vec<MentionOut>,
    history: Vec<EventOut>,
}

pub async fn list_page(state: &AppState, mut p: ListParams) -> Result<ItemPage, ApiError> {
    if p.overdue {
        p.filter.overdue_on = Some(Utc::now().date_naive());
    }
    let (rows, total) =
        store::list(&state.db, &p.filter, p.sort, p.desc, p.limit, p.offset).await?;
    let next = p.offset + rows.len() as u64;
    Ok(ItemPage {
        items: rows.iter().map(ItemOut::from).collect(),
        total,
        limit: p.limit,
        offset: p.offset,
        next_offset: (next < total && !rows.is_empty()).then_some(next),
    })
}

#[utoipa::path(get, path = "/api/v1/items", tag = "items", params(super::doc::ItemFilters, super::doc::ListQuery), responses((status = 200, description = "One page of items", body = ItemPage), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = req.query_string();
    let params = parse_list(query)?;
    // Cached until the data changes (`overdue` depends on the day too).
    let version = crate::store::data_version(&state.db).await?;
    let key = format!("items|{}|{query}", Utc::now().date_naive());
    let answer = state
        .answers
        .get_or_compute(version, key, || async {
            super::cache::json_answer(&list_page(&state, params).await?)
        })
        .await?;
    Ok(super::cache::respond(&answer))
}

async fn detail(state: &AppState, id: i32) -> Result<ItemDetail, ApiError> {
    let (view, events, mentions) = store::get(&state.db, id).await?;
    Ok(ItemDetail {
        source: SourceOut {
            series: view.series.as_ref().map(|s| s.slug.clone()),
            meeting_date: view.meeting.as_ref().map(|m| m.date),
            file: view.meeting.as_ref().and_then(|m| m.source.clone()),
            line: view.item.line,
            url: view.source_url(),
        },
        item: ItemOut::from(&view),
        mentions: mentions
            .into_iter()
            .map(|(m, meeting)| MentionOut {
                meeting_date: meeting.date,
                file: meeting.source,
                line: m.line,
                status: m.status,
                text: m.text,
            })
            .collect(),
        history: events.into_iter().map(event_out).collect(),
    })
}

fn event_out(e: item_event::Model) -> EventOut {
    EventOut {
        at: e.at,
        kind: e.kind,
        actor: e.actor,
        detail: serde_json::from_str(&e.detail).unwrap_or_default(),
    }
}

#[utoipa::path(get, path = "/api/v1/items/{id}", tag = "items", params(("id" = i32, Path, description = "Item id")), responses((status = 200, description = "The item with its source, mentions and history", body = ItemDetail), super::doc::Errors), security(("bearer" = ["read"])))]
pub async fn get(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = super::parse_id(&path, "item")?;
    Ok(HttpResponse::Ok().json(detail(&state, id).await?))
}

/// A handle (`mbuechse`, `@o-otte`) or a name (`Juan Pedro`).
pub fn validate_owner(v: &str) -> Result<(), ValidationError> {
    let t = v.trim().trim_start_matches('@');
    let ok = !t.is_empty()
        && t.chars().count() <= 64
        && t.chars().next().is_some_and(char::is_alphanumeric)
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("owner").with_message(
            "must be a handle or a name (letters, digits, space . _ -; at most 64)".into(),
        ))
    }
}

fn validate_owners(v: &[String]) -> Result<(), ValidationError> {
    if v.len() > 20 {
        return Err(ValidationError::new("owners").with_message("at most 20 owners".into()));
    }
    v.iter().try_for_each(|o| validate_owner(o))
}

fn not_blank(v: &str) -> Result<(), ValidationError> {
    if v.trim().is_empty() {
        Err(ValidationError::new("blank").with_message("must not be blank".into()))
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum KindIn {
    Action,
    Gap,
    Decision,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatusIn {
    Open,
    Done,
    Dropped,
}

impl StatusIn {
    fn as_str(self) -> &'static str {
        match self {
            StatusIn::Open => "open",
            StatusIn::Done => "done",
            StatusIn::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Deserialize, Validate, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateItem {
    #[serde(default = "default_kind")]
    pub kind: KindIn,
    #[validate(
        length(min = 1, max = 4000, message = "must be 1 to 4000 characters"),
        custom(function = "not_blank")
    )]
    #[schema(
        min_length = 1,
        max_length = 4000,
        pattern = r"\S",
        example = "write the release notes"
    )]
    pub text: String,
    #[serde(default)]
    #[validate(custom(function = "validate_owners"))]
    #[schema(max_items = 20, example = json!(["mbuechse"]))]
    pub owners: Vec<String>,
    pub due: Option<NaiveDate>,
    /// Slug of an existing series.
    #[validate(length(min = 1, max = 100, message = "must be 1 to 100 characters"))]
    #[schema(min_length = 1, max_length = 100)]
    pub series: Option<String>,
    #[serde(default)]
    #[validate(length(max = 1000, message = "at most 1000 characters"))]
    #[schema(max_length = 1000)]
    pub section: String,
}

fn default_kind() -> KindIn {
    KindIn::Action
}

#[utoipa::path(post, path = "/api/v1/items", tag = "items", request_body = CreateItem, responses((status = 201, description = "The new item", body = ItemDetail), super::doc::Errors), security(("bearer" = ["write"])))]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<CreateItem>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    b.validate()?;
    let kind = match b.kind {
        KindIn::Action => "action",
        KindIn::Gap => "gap",
        KindIn::Decision => "decision",
    };
    let id = store::create(
        &state.db,
        NewItem {
            kind: kind.into(),
            text: b.text.trim().to_string(),
            owners: b.owners,
            due: b.due,
            series: b.series,
            section: b.section,
        },
        &super::gate::actor(&req),
    )
    .await?;
    tracing::info!(item.id = id, "item created");
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/api/v1/items/{id}")))
        .json(detail(&state, id).await?))
}

#[derive(Debug, Deserialize, Validate, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchItem {
    #[validate(
        length(min = 1, max = 4000, message = "must be 1 to 4000 characters"),
        custom(function = "not_blank")
    )]
    pub text: Option<String>,
    pub status: Option<StatusIn>,
    #[validate(custom(function = "validate_owners"))]
    pub owners: Option<Vec<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub due: Option<Option<NaiveDate>>,
    #[validate(length(max = 1000, message = "at most 1000 characters"))]
    pub comment: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/items/{id}", tag = "items", params(("id" = i32, Path, description = "Item id")), request_body = PatchItem, responses((status = 200, description = "The changed item", body = ItemDetail), super::doc::Errors), security(("bearer" = ["write"])))]
pub async fn patch(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: JsonBody<PatchItem>,
) -> Result<HttpResponse, ApiError> {
    let id = super::parse_id(&path, "item")?;
    let b = body.0;
    b.validate()?;
    let patch = ItemPatch {
        text: b.text.map(|t| t.trim().to_string()),
        status: b.status.map(|s| s.as_str().to_string()),
        owners: b.owners,
        due: b.due,
        comment: b.comment,
    };
    store::update(&state.db, id, patch, &super::gate::actor(&req)).await?;
    Ok(HttpResponse::Ok().json(detail(&state, id).await?))
}

#[derive(Debug, Default, Deserialize, Validate, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    #[validate(length(max = 1000, message = "at most 1000 characters"))]
    pub comment: Option<String>,
}

/// The optional body of done / reopen: none, empty, or `{"comment": …}`.
async fn status_change(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
    payload: web::Payload,
    status: &str,
) -> Result<HttpResponse, ApiError> {
    let id = super::parse_id(&path, "item")?;
    let has_body = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v != "0")
        || req
            .headers()
            .contains_key(actix_web::http::header::TRANSFER_ENCODING);
    let change = if has_body {
        let mut pl = payload.into_inner();
        let JsonBody(c) =
            <JsonBody<StatusChange> as actix_web::FromRequest>::from_request(&req, &mut pl).await?;
        c
    } else {
        StatusChange::default()
    };
    change.validate()?;
    store::set_status(
        &state.db,
        id,
        status,
        change.comment,
        &super::gate::actor(&req),
    )
    .await?;
    tracing::info!(item.id = id, status, "item status set");
    Ok(HttpResponse::Ok().json(detail(&state, id).await?))
}

#[utoipa::path(post, path = "/api/v1/items/{id}/done", tag = "items", params(("id" = i32, Path, description = "Item id")), request_body(content = Option<StatusChange>, description = "Optional: a comment"), responses((status = 200, description = "The item, now done", body = ItemDetail), super::doc::Errors), security(("bearer" = ["write"])))]
pub async fn done(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    status_change(state, path, req, payload, "done").await
}

#[utoipa::path(post, path = "/api/v1/items/{id}/reopen", tag = "items", params(("id" = i32, Path, description = "Item id")), request_body(content = Option<StatusChange>, description = "Optional: a comment"), responses((status = 200, description = "The item, open again", body = ItemDetail), super::doc::Errors), security(("bearer" = ["write"])))]
pub async fn reopen(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    status_change(state, path, req, payload, "open").await
}
