//! Items: list with filters, detail with history, create, edit, status.
//! Every write runs in one transaction and records its event.

use super::people;
use super::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use entity::{item, item_event, item_mention, item_owner, meeting, person, series};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Set,
};
use serde_json::json;
use std::collections::HashMap;

pub const KINDS: &[&str] = &["action", "gap", "decision"];
pub const STATUSES: &[&str] = &["open", "done", "dropped"];

/// Filters of `GET /items`; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub statuses: Vec<String>,
    pub kind: Option<String>,
    pub owner: Option<String>,
    pub series: Option<String>,
    /// Section path prefix.
    pub section: Option<String>,
    pub due_before: Option<NaiveDate>,
    pub due_after: Option<NaiveDate>,
    /// Open items due before this day.
    pub overdue_on: Option<NaiveDate>,
    pub q: Option<String>,
    pub updated_since: Option<DateTime<Utc>>,
}

/// Ids of the series and owner a filter names (`None`: no such one),
/// looked up once by [`resolve`]: plain equality on ids lets the query
/// planner use the composite indexes.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub series_id: Option<i32>,
    pub person_id: Option<i32>,
}

/// Looks up the series slug and owner handle of a filter once, so the
/// item queries compare ids.
pub async fn resolve(db: &impl ConnectionTrait, f: &ItemFilter) -> Result<Resolved, StoreError> {
    let mut r = Resolved::default();
    if let Some(slug) = &f.series {
        r.series_id = series::Entity::find()
            .filter(series::Column::Slug.eq(slug.clone()))
            .select_only()
            .column(series::Column::Id)
            .into_tuple::<i32>()
            .one(db)
            .await?;
    }
    if let Some(owner) = &f.owner {
        r.person_id = person::Entity::find()
            .filter(person::Column::Handle.eq(people::normalize_handle(owner)))
            .select_only()
            .column(person::Column::Id)
            .into_tuple::<i32>()
            .one(db)
            .await?;
    }
    Ok(r)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Due,
    Created,
    Updated,
}

/// An item with what the API shows next to it.
#[derive(Debug, Clone)]
pub struct ItemView {
    pub item: item::Model,
    pub owners: Vec<String>,
    pub series: Option<series::Model>,
    pub meeting: Option<meeting::Model>,
}

impl ItemView {
    /// The link to the item's line in its minutes, from the series'
    /// template (`{path}` and `{line}` are filled in).
    pub fn source_url(&self) -> Option<String> {
        let template = self.series.as_ref()?.source_url_template.as_ref()?;
        let path = self.meeting.as_ref()?.source.as_ref()?;
        Some(
            template
                .replace("{path}", path)
                .replace("{line}", &self.item.line.unwrap_or(1).to_string()),
        )
    }
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub(crate) fn filtered(f: &ItemFilter, r: &Resolved) -> Select<item::Entity> {
    let mut q = item::Entity::find();
    if !f.statuses.is_empty() {
        q = q.filter(item::Column::Status.is_in(f.statuses.clone()));
    }
    if let Some(k) = &f.kind {
        q = q.filter(item::Column::Kind.eq(k.clone()));
    }
    // An unknown owner or series (-1) matches nothing.
    if f.owner.is_some() {
        let sub = Query::select()
            .column(item_owner::Column::ItemId)
            .from(item_owner::Entity)
            .and_where(Expr::col(item_owner::Column::PersonId).eq(r.person_id.unwrap_or(-1)))
            .to_owned();
        q = q.filter(item::Column::Id.in_subquery(sub));
    }
    if f.series.is_some() {
        q = q.filter(item::Column::SeriesId.eq(r.series_id.unwrap_or(-1)));
    }
    if let Some(prefix) = &f.section {
        q = q.filter(
            Expr::col(item::Column::Section)
                .like(LikeExpr::new(format!("{}%", escape_like(prefix))).escape('\\')),
        );
    }
    if let Some(d) = f.due_before {
        q = q.filter(item::Column::Due.lt(d));
    }
    if let Some(d) = f.due_after {
        q = q.filter(item::Column::Due.gt(d));
    }
    if let Some(today) = f.overdue_on {
        q = q
            .filter(item::Column::Status.eq("open"))
            .filter(item::Column::Due.lt(today));
    }
    if let Some(text) = &f.q {
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
        q = q.filter(
            Expr::expr(Func::lower(Expr::col(item::Column::Text)))
                .like(LikeExpr::new(pattern).escape('\\')),
        );
    }
    if let Some(ts) = f.updated_since {
        q = q.filter(item::Column::UpdatedAt.gte(ts));
    }
    q
}

/// One page of items and the total matching the filter.
pub async fn list(
    db: &DatabaseConnection,
    filter: &ItemFilter,
    sort: SortKey,
    desc: bool,
    limit: u64,
    offset: u64,
) -> Result<(Vec<ItemView>, u64), StoreError> {
    let q = filtered(filter, &resolve(db, filter).await?);
    let total = q.clone().count(db).await?;
    let order = if desc { Order::Desc } else { Order::Asc };
    let q = match sort {
        // Items without a due date sort after those with one, on every engine.
        SortKey::Due => q
            .order_by(Expr::col(item::Column::Due).is_null(), Order::Asc)
            .order_by(item::Column::Due, order.clone()),
        SortKey::Created => q.order_by(item::Column::CreatedAt, order.clone()),
        SortKey::Updated => q.order_by(item::Column::UpdatedAt, order.clone()),
    };
    let rows = q
        .order_by(item::Column::Id, order)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((views(db, rows).await?, total))
}

/// Owners, series and meeting for a page of items, in three queries.
async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<item::Model>,
) -> Result<Vec<ItemView>, StoreError> {
    let ids: Vec<i32> = rows.iter().map(|i| i.id).collect();
    let mut owners: HashMap<i32, Vec<(i32, String)>> = HashMap::new();
    if !ids.is_empty() {
        let links = item_owner::Entity::find()
            .filter(item_owner::Column::ItemId.is_in(ids.clone()))
            .find_also_related(person::Entity)
            .all(db)
            .await?;
        for (link, p) in links {
            if let Some(p) = p {
                owners
                    .entry(link.item_id)
                    .or_default()
                    .push((link.position, p.handle));
            }
        }
    }
    let series_ids: Vec<i32> = rows.iter().filter_map(|i| i.series_id).collect();
    let series: HashMap<i32, series::Model> = if series_ids.is_empty() {
        HashMap::new()
    } else {
        series::Entity::find()
            .filter(series::Column::Id.is_in(series_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect()
    };
    let meeting_ids: Vec<i32> = rows.iter().filter_map(|i| i.meeting_id).collect();
    let meetings: HashMap<i32, meeting::Model> = if meeting_ids.is_empty() {
        HashMap::new()
    } else {
        meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(meeting_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|item| {
            let mut o = owners.remove(&item.id).unwrap_or_default();
            o.sort();
            ItemView {
                owners: o.into_iter().map(|(_, h)| h).collect(),
                series: item.series_id.and_then(|id| series.get(&id).cloned()),
                meeting: item.meeting_id.and_then(|id| meetings.get(&id).cloned()),
                item,
            }
        })
        .collect())
}

/// An item, its history and the meetings that name it (oldest first).
pub type ItemDetail = (
    ItemView,
    Vec<item_event::Model>,
    Vec<(item_mention::Model, meeting::Model)>,
);

pub async fn get(db: &DatabaseConnection, id: i32) -> Result<ItemDetail, StoreError> {
    let item = item::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound("item"))?;
    let view = views(db, vec![item])
        .await?
        .pop()
        .ok_or(StoreError::NotFound("item"))?;
    let events = item_event::Entity::find()
        .filter(item_event::Column::ItemId.eq(id))
        .order_by_asc(item_event::Column::At)
        .order_by_asc(item_event::Column::Id)
        .all(db)
        .await?;
    let mut mentions: Vec<(item_mention::Model, meeting::Model)> = item_mention::Entity::find()
        .filter(item_mention::Column::ItemId.eq(id))
        .find_also_related(meeting::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(m, mt)| mt.map(|mt| (m, mt)))
        .collect();
    mentions.sort_by_key(|(m, mt)| (mt.date, m.id));
    Ok((view, events, mentions))
}

/// A manual item.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub kind: String,
    pub text: String,
    pub owners: Vec<String>,
    pub due: Option<NaiveDate>,
    pub series: Option<String>,
    pub section: String,
}

async fn record(
    db: &impl ConnectionTrait,
    item_id: i32,
    kind: &str,
    actor: &str,
    detail: serde_json::Value,
) -> Result<(), StoreError> {
    item_event::ActiveModel {
        item_id: Set(item_id),
        at: Set(Utc::now()),
        kind: Set(kind.to_string()),
        actor: Set(actor.to_string()),
        detail: Set(detail.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records an event on an item (e.g. a person confirming it is ongoing).
pub async fn note(
    db: &DatabaseConnection,
    item_id: i32,
    kind: &str,
    actor: &str,
    detail: serde_json::Value,
) -> Result<(), StoreError> {
    if item::Entity::find_by_id(item_id).one(db).await?.is_none() {
        return Err(StoreError::NotFound("item"));
    }
    record(db, item_id, kind, actor, detail).await
}

/// Replaces the owners of an item (people are created on first sight).
async fn set_owners(
    db: &impl ConnectionTrait,
    item_id: i32,
    owners: &[String],
) -> Result<Vec<String>, StoreError> {
    item_owner::Entity::delete_many()
        .filter(item_owner::Column::ItemId.eq(item_id))
        .exec(db)
        .await?;
    let mut handles: Vec<String> = Vec::new();
    for raw in owners {
        let p = people::ensure(db, raw).await?;
        if handles.contains(&p.handle) {
            continue;
        }
        item_owner::ActiveModel {
            item_id: Set(item_id),
            person_id: Set(p.id),
            position: Set(handles.len() as i32),
        }
        .insert(db)
        .await?;
        handles.push(p.handle);
    }
    Ok(handles)
}

async fn owner_handles(db: &impl ConnectionTrait, item_id: i32) -> Result<Vec<String>, StoreError> {
    let links = item_owner::Entity::find()
        .filter(item_owner::Column::ItemId.eq(item_id))
        .order_by_asc(item_owner::Column::Position)
        .find_also_related(person::Entity)
        .all(db)
        .await?;
    Ok(links
        .into_iter()
        .filter_map(|(_, p)| p.map(|p| p.handle))
        .collect())
}

pub async fn create(db: &DatabaseConnection, new: NewItem, actor: &str) -> Result<i32, StoreError> {
    let txn = super::begin_write(db).await?;
    let series_id = match &new.series {
        Some(slug) => Some(
            series::Entity::find()
                .filter(series::Column::Slug.eq(slug.clone()))
                .one(&txn)
                .await?
                .ok_or_else(|| StoreError::Invalid {
                    field: "series",
                    reason: format!("no series {slug}"),
                })?
                .id,
        ),
        None => None,
    };
    let now = Utc::now();
    let item = item::ActiveModel {
        series_id: Set(series_id),
        meeting_id: Set(None),
        line: Set(None),
        kind: Set(new.kind.clone()),
        text: Set(new.text.clone()),
        status: Set("open".into()),
        section: Set(new.section.clone()),
        due: Set(new.due),
        refs: Set("[]".into()),
        created_at: Set(now),
        updated_at: Set(now),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let owners = set_owners(&txn, item.id, &new.owners).await?;
    record(
        &txn,
        item.id,
        "created",
        actor,
        json!({"kind": new.kind, "text": new.text, "owners": owners, "due": new.due}),
    )
    .await?;
    txn.commit().await?;
    Ok(item.id)
}

/// Changes to an item; `due: Some(None)` clears the due date.
#[derive(Debug, Clone, Default)]
pub struct ItemPatch {
    pub text: Option<String>,
    pub status: Option<String>,
    pub owners: Option<Vec<String>>,
    pub due: Option<Option<NaiveDate>>,
    pub comment: Option<String>,
}

/// Applies a patch; each field that really changes records one event.
pub async fn update(
    db: &DatabaseConnection,
    id: i32,
    patch: ItemPatch,
    actor: &str,
) -> Result<(), StoreError> {
    let txn = super::begin_write(db).await?;
    let current = item::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound("item"))?;
    let mut am: item::ActiveModel = current.clone().into();
    let mut changed = false;
    // Fields changed here are never overwritten by ingesting minutes again.
    let mut manual = current.manual_fields;
    let now = Utc::now();
    if let Some(text) = patch.text.filter(|t| *t != current.text) {
        record(
            &txn,
            id,
            "edited",
            actor,
            json!({"field": "text", "from": current.text, "to": text}),
        )
        .await?;
        am.text = Set(text);
        manual |= item::MANUAL_TEXT;
        changed = true;
    }
    if let Some(due) = patch.due.filter(|d| *d != current.due) {
        record(
            &txn,
            id,
            "edited",
            actor,
            json!({"field": "due", "from": current.due, "to": due}),
        )
        .await?;
        am.due = Set(due);
        manual |= item::MANUAL_DUE;
        changed = true;
    }
    if let Some(status) = patch.status.filter(|s| *s != current.status) {
        record(
            &txn,
            id,
            "status_changed",
            actor,
            json!({"from": current.status, "to": status, "comment": patch.comment}),
        )
        .await?;
        am.closed_at = Set(if status == "open" { None } else { Some(now) });
        am.status = Set(status);
        manual |= item::MANUAL_STATUS;
        changed = true;
    }
    if let Some(owners) = patch.owners {
        let before = owner_handles(&txn, id).await?;
        let wanted: Vec<String> = owners.iter().map(|o| people::normalize_handle(o)).collect();
        if before != wanted {
            let after = set_owners(&txn, id, &owners).await?;
            record(
                &txn,
                id,
                "owners_changed",
                actor,
                json!({"from": before, "to": after}),
            )
            .await?;
            manual |= item::MANUAL_OWNERS;
            changed = true;
        }
    }
    if changed {
        am.manual_fields = Set(manual);
        am.updated_at = Set(now);
        am.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Marks an item done or open again; doing it twice changes nothing more.
pub async fn set_status(
    db: &DatabaseConnection,
    id: i32,
    status: &str,
    comment: Option<String>,
    actor: &str,
) -> Result<(), StoreError> {
    update(
        db,
        id,
        ItemPatch {
            status: Some(status.to_string()),
            comment,
            ..Default::default()
        },
        actor,
    )
    .await
}
