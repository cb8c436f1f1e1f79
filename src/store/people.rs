//! People: owners of items, addressed by handle.

use super::StoreError;
use chrono::Utc;
use entity::person;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// A person to create.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub handle: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub time_zone: Option<String>,
    pub reminders: bool,
}

/// Changes to a person; `None` leaves a field, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct PersonPatch {
    pub display_name: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub time_zone: Option<Option<String>>,
    pub reminders: Option<bool>,
}

/// Normal form of a handle: no `@`; GitHub handles lowercase, names as written.
pub fn normalize_handle(raw: &str) -> String {
    let t = raw.trim();
    match t.strip_prefix('@') {
        Some(h) => h.to_lowercase(),
        None => t.to_string(),
    }
}

pub async fn list(
    db: &impl ConnectionTrait,
    limit: u64,
    offset: u64,
) -> Result<(Vec<person::Model>, u64), StoreError> {
    let q = person::Entity::find().order_by_asc(person::Column::Handle);
    let total = q.clone().count(db).await?;
    let rows = q.offset(offset).limit(limit).all(db).await?;
    Ok((rows, total))
}

pub async fn by_handle(
    db: &impl ConnectionTrait,
    handle: &str,
) -> Result<Option<person::Model>, StoreError> {
    Ok(person::Entity::find()
        .filter(person::Column::Handle.eq(normalize_handle(handle)))
        .one(db)
        .await?)
}

/// The people with these (normalised) handles.
pub async fn by_handles(
    db: &impl ConnectionTrait,
    handles: &[String],
) -> Result<Vec<person::Model>, StoreError> {
    if handles.is_empty() {
        return Ok(Vec::new());
    }
    Ok(person::Entity::find()
        .filter(person::Column::Handle.is_in(handles.to_vec()))
        .all(db)
        .await?)
}

pub async fn create(
    db: &impl ConnectionTrait,
    new: NewPerson,
) -> Result<person::Model, StoreError> {
    let handle = normalize_handle(&new.handle);
    if by_handle(db, &handle).await?.is_some() {
        return Err(StoreError::Conflict(format!("person {handle} exists")));
    }
    let now = Utc::now();
    let p = person::ActiveModel {
        handle: Set(handle),
        display_name: Set(new.display_name),
        email: Set(new.email),
        time_zone: Set(new.time_zone),
        reminders: Set(new.reminders),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(p.insert(db).await?)
}

pub async fn update(
    db: &impl ConnectionTrait,
    handle: &str,
    patch: PersonPatch,
) -> Result<person::Model, StoreError> {
    let existing = by_handle(db, handle)
        .await?
        .ok_or(StoreError::NotFound("person"))?;
    let mut p: person::ActiveModel = existing.into();
    if let Some(v) = patch.display_name {
        p.display_name = Set(v);
    }
    if let Some(v) = patch.email {
        p.email = Set(v);
    }
    if let Some(v) = patch.time_zone {
        p.time_zone = Set(v);
    }
    if let Some(v) = patch.reminders {
        p.reminders = Set(v);
    }
    p.updated_at = Set(Utc::now());
    Ok(p.update(db).await?)
}

/// The person with this handle, created on first sight.
pub async fn ensure(db: &impl ConnectionTrait, handle: &str) -> Result<person::Model, StoreError> {
    if let Some(p) = by_handle(db, handle).await? {
        return Ok(p);
    }
    create(
        db,
        NewPerson {
            handle: handle.to_string(),
            display_name: None,
            email: None,
            time_zone: None,
            reminders: true,
        },
    )
    .await
}

/// Owners of open items whom reminders cannot reach (no address, or
/// reminders turned off), with how many open items each has.
pub async fn undeliverable(
    db: &impl ConnectionTrait,
) -> Result<Vec<(person::Model, u64)>, StoreError> {
    use entity::{item, item_owner};
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let open_owned = Query::select()
        .column((item_owner::Entity, item_owner::Column::PersonId))
        .from(item_owner::Entity)
        .inner_join(
            item::Entity,
            Expr::col((item::Entity, item::Column::Id))
                .equals((item_owner::Entity, item_owner::Column::ItemId)),
        )
        .and_where(Expr::col((item::Entity, item::Column::Status)).eq("open"))
        .to_owned();
    let who = person::Entity::find()
        .filter(person::Column::Id.in_subquery(open_owned))
        .filter(
            person::Column::Email
                .is_null()
                .or(person::Column::Reminders.eq(false)),
        )
        .order_by_asc(person::Column::Handle)
        .all(db)
        .await?;
    if who.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = who.iter().map(|p| p.id).collect();
    let open = Query::select()
        .column(item::Column::Id)
        .from(item::Entity)
        .and_where(Expr::col(item::Column::Status).eq("open"))
        .to_owned();
    let counts: std::collections::HashMap<i32, i64> = item_owner::Entity::find()
        .select_only()
        .column(item_owner::Column::PersonId)
        .column_as(item_owner::Column::ItemId.count(), "n")
        .filter(item_owner::Column::PersonId.is_in(ids))
        .filter(item_owner::Column::ItemId.in_subquery(open))
        .group_by(item_owner::Column::PersonId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let out = who
        .into_iter()
        .map(|p| {
            let n = u64::try_from(counts.get(&p.id).copied().unwrap_or(0)).unwrap_or(0);
            (p, n)
        })
        .collect();
    Ok(out)
}
