//! Links from emails, the only writes without a token: `/a/{token}` (an
//! item's done / ongoing / postpone) and `/u/{token}` (one-click
//! unsubscribe, RFC 8058). GET shows a confirmation page and changes
//! nothing (mail scanners follow links); POST applies the action once and
//! records an event naming the person.

use super::AppState;
use crate::actions::{self, Action, Kind, TokenError};
use crate::error::ApiError;
use crate::store::{self, items, people};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use entity::person;
use sea_orm::EntityTrait;
use serde_json::json;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(status: StatusCode, title: &str, body: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("cache-control", "no-store"))
        .insert_header(("referrer-policy", "no-referrer"))
        .body(format!(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>{t}</title></head>\
             <body><h1>{t}</h1>{body}</body></html>",
            t = escape(title)
        ))
}

fn refused(e: TokenError) -> HttpResponse {
    let status = match e {
        TokenError::Expired => StatusCode::GONE,
        TokenError::BadSignature => StatusCode::FORBIDDEN,
        TokenError::Malformed => StatusCode::BAD_REQUEST,
    };
    page(
        status,
        "This link cannot be used",
        &format!("<p>{}.</p>", escape(&e.to_string())),
    )
}

fn check(state: &AppState, token: &str, kinds: &[Kind]) -> Result<Action, TokenError> {
    let a = actions::verify(&state.link_key, token, Utc::now().timestamp())?;
    if !kinds.contains(&a.kind) {
        return Err(TokenError::Malformed);
    }
    Ok(a)
}

async fn who(state: &AppState, a: &Action) -> Result<person::Model, ApiError> {
    person::Entity::find_by_id(a.person_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("person"))
}

fn verb(k: Kind) -> &'static str {
    match k {
        Kind::Done => "Mark as done",
        Kind::Ongoing => "Confirm it is still ongoing",
        Kind::Postpone => "Postpone to after the next call",
        Kind::Unsubscribe => "Turn off reminders",
    }
}

const ITEM_ACTIONS: &[Kind] = &[Kind::Done, Kind::Ongoing, Kind::Postpone];

/// `GET /a/{token}`: what the link would do, and a button to do it.
pub async fn confirm_item(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let a = match check(&state, &path, ITEM_ACTIONS) {
        Ok(a) => a,
        Err(e) => return Ok(refused(e)),
    };
    let (view, _, _) = items::get(&state.db, a.item_id.unwrap_or_default()).await?;
    Ok(page(
        StatusCode::OK,
        verb(a.kind),
        &format!(
            "<p>{}</p><form method=\"post\"><button type=\"submit\">{}</button></form>",
            escape(&view.item.text),
            verb(a.kind)
        ),
    ))
}

/// `POST /a/{token}`: applies the action, once.
pub async fn apply_item(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let a = match check(&state, &path, ITEM_ACTIONS) {
        Ok(a) => a,
        Err(e) => return Ok(refused(e)),
    };
    let p = who(&state, &a).await?;
    let item_id = a.item_id.unwrap_or_default();
    let (view, _, _) = items::get(&state.db, item_id).await?;
    if !store::actions::consume(&state.db, &a.nonce, Utc::now()).await? {
        return Ok(page(
            StatusCode::GONE,
            "Already done",
            "<p>This link was used before.</p>",
        ));
    }
    let actor = format!("person:{}", p.handle);
    let result = match a.kind {
        Kind::Done => {
            items::set_status(
                &state.db,
                item_id,
                "done",
                Some("from the reminder email".into()),
                &actor,
            )
            .await
        }
        Kind::Ongoing => {
            items::note(
                &state.db,
                item_id,
                "confirmed_ongoing",
                &actor,
                json!({"via": "email"}),
            )
            .await
        }
        Kind::Postpone => postpone(&state, &view, &actor).await,
        Kind::Unsubscribe => Ok(()),
    };
    if let Err(e) = result {
        store::actions::release(&state.db, &a.nonce).await.ok();
        return Err(e.into());
    }
    tracing::info!(item.id = item_id, action = a.kind.as_str(), person = %p.handle, "email action applied");
    Ok(page(
        StatusCode::OK,
        "Thank you",
        &format!("<p>{}: {}</p>", verb(a.kind), escape(&view.item.text)),
    ))
}

/// Due after the series' next call following today (or the current due).
async fn postpone(
    state: &AppState,
    view: &items::ItemView,
    actor: &str,
) -> Result<(), store::StoreError> {
    let today = Utc::now().date_naive();
    let from = view.item.due.map(|d| d.max(today)).unwrap_or(today);
    let next = match &view.series {
        Some(s) => {
            let cal = store::series::calendar(&state.db, s.id).await?;
            cal.schedule(&s.time_zone)
                .next_call_after_day(from)
                .map(|o| o.start.date_naive())
                .or_else(|| from.checked_add_days(chrono::Days::new(s.interval_days.max(1) as u64)))
        }
        None => from.checked_add_days(chrono::Days::new(7)),
    };
    items::update(
        &state.db,
        view.item.id,
        items::ItemPatch {
            due: Some(next),
            comment: Some("postponed from the reminder email".into()),
            ..Default::default()
        },
        actor,
    )
    .await
}

/// `GET /u/{token}`: confirm turning reminders off.
pub async fn confirm_unsubscribe(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let a = match check(&state, &path, &[Kind::Unsubscribe]) {
        Ok(a) => a,
        Err(e) => return Ok(refused(e)),
    };
    let p = who(&state, &a).await?;
    Ok(page(
        StatusCode::OK,
        verb(a.kind),
        &format!(
            "<p>No more reminders or digests for {}.</p><form method=\"post\"><button type=\"submit\">Turn off</button></form>",
            escape(&p.handle)
        ),
    ))
}

/// `POST /u/{token}`: one-click unsubscribe (`List-Unsubscribe-Post`).
/// Turning off twice is fine, so this link is not single-use.
pub async fn unsubscribe(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let a = match check(&state, &path, &[Kind::Unsubscribe]) {
        Ok(a) => a,
        Err(e) => return Ok(refused(e)),
    };
    let p = who(&state, &a).await?;
    people::update(
        &state.db,
        &p.handle,
        people::PersonPatch {
            reminders: Some(false),
            ..Default::default()
        },
    )
    .await?;
    tracing::info!(person = %p.handle, "reminders turned off from an email");
    Ok(page(
        StatusCode::OK,
        "Reminders turned off",
        "<p>You will get no more reminders or digests.</p>",
    ))
}
