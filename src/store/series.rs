//! Series: meeting series by slug, their periods (cadences) and exceptions
//! (cancelled dates, added calls), and the schedule they make.

use super::StoreError;
use crate::schedule::{self, Period, Schedule};
use chrono::{NaiveDate, NaiveDateTime, Utc};
use entity::{series, series_exception, series_period};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

pub const CANCELLED: &str = "cancelled";
pub const ADDED: &str = "added";

/// The series with this slug, if any.
pub async fn by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<series::Model>, StoreError> {
    Ok(series::Entity::find()
        .filter(series::Column::Slug.eq(slug))
        .one(db)
        .await?)
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<series::Model>, StoreError> {
    Ok(series::Entity::find()
        .order_by_asc(series::Column::Slug)
        .all(db)
        .await?)
}

/// A series' periods and exceptions.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    pub periods: Vec<series_period::Model>,
    pub exceptions: Vec<series_exception::Model>,
}

impl Calendar {
    /// The schedule these make in `tz` (a time zone the series was
    /// validated with; UTC if it no longer parses).
    pub fn schedule(&self, tz: &str) -> Schedule {
        Schedule {
            tz: schedule::parse_tz(tz).unwrap_or(chrono_tz::UTC),
            periods: self
                .periods
                .iter()
                .map(|p| Period {
                    start: p.starts_at,
                    duration_minutes: p.duration_minutes.max(0) as u32,
                    rrule: p.rrule.clone(),
                    until: p.until,
                })
                .collect(),
            cancelled: self
                .exceptions
                .iter()
                .filter(|e| e.kind == CANCELLED)
                .map(|e| e.date)
                .collect(),
            added: self
                .exceptions
                .iter()
                .filter(|e| e.kind == ADDED)
                .filter_map(|e| {
                    e.starts_at
                        .map(|s| (s, e.duration_minutes.unwrap_or(60).max(0) as u32))
                })
                .collect(),
        }
    }
}

/// Periods and exceptions of these series, by series id, in two queries.
pub async fn calendars(
    db: &impl ConnectionTrait,
    series_ids: &[i32],
) -> Result<HashMap<i32, Calendar>, StoreError> {
    let mut out: HashMap<i32, Calendar> = HashMap::new();
    if series_ids.is_empty() {
        return Ok(out);
    }
    for p in series_period::Entity::find()
        .filter(series_period::Column::SeriesId.is_in(series_ids.to_vec()))
        .order_by_asc(series_period::Column::StartsAt)
        .all(db)
        .await?
    {
        out.entry(p.series_id).or_default().periods.push(p);
    }
    for e in series_exception::Entity::find()
        .filter(series_exception::Column::SeriesId.is_in(series_ids.to_vec()))
        .order_by_asc(series_exception::Column::Date)
        .all(db)
        .await?
    {
        out.entry(e.series_id).or_default().exceptions.push(e);
    }
    Ok(out)
}

pub async fn calendar(db: &impl ConnectionTrait, series_id: i32) -> Result<Calendar, StoreError> {
    Ok(calendars(db, &[series_id])
        .await?
        .remove(&series_id)
        .unwrap_or_default())
}

/// A new series.
#[derive(Debug, Clone)]
pub struct NewSeries {
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    pub interval_days: i32,
    pub lead_minutes: i32,
    pub source_url_template: Option<String>,
    pub list_address: Option<String>,
    pub periods: Vec<Period>,
}

/// Changes to a series; `periods` replaces them all.
#[derive(Debug, Clone, Default)]
pub struct SeriesPatch {
    pub name: Option<String>,
    pub time_zone: Option<String>,
    pub interval_days: Option<i32>,
    pub lead_minutes: Option<i32>,
    pub source_url_template: Option<Option<String>>,
    pub list_address: Option<Option<String>>,
    pub periods: Option<Vec<Period>>,
}

fn period_row(series_id: i32, p: &Period, source: &str) -> series_period::ActiveModel {
    let now = Utc::now();
    series_period::ActiveModel {
        series_id: Set(series_id),
        starts_at: Set(p.start),
        duration_minutes: Set(p.duration_minutes as i32),
        rrule: Set(p.rrule.clone()),
        until: Set(p.until),
        source: Set(source.to_string()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

pub async fn create(db: &DatabaseConnection, new: NewSeries) -> Result<series::Model, StoreError> {
    let txn = super::begin_write(db).await?;
    if by_slug(&txn, &new.slug).await?.is_some() {
        return Err(StoreError::Conflict(format!("series {} exists", new.slug)));
    }
    let now = Utc::now();
    let s = series::ActiveModel {
        slug: Set(new.slug),
        name: Set(new.name),
        time_zone: Set(new.time_zone),
        source_url_template: Set(new.source_url_template),
        interval_days: Set(new.interval_days),
        lead_minutes: Set(new.lead_minutes),
        list_address: Set(new.list_address),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for p in &new.periods {
        period_row(s.id, p, "api").insert(&txn).await?;
    }
    txn.commit().await?;
    Ok(s)
}

pub async fn update(
    db: &DatabaseConnection,
    slug: &str,
    patch: SeriesPatch,
) -> Result<series::Model, StoreError> {
    let txn = super::begin_write(db).await?;
    let current = by_slug(&txn, slug)
        .await?
        .ok_or(StoreError::NotFound("series"))?;
    let id = current.id;
    let mut am: series::ActiveModel = current.into();
    if let Some(v) = patch.name {
        am.name = Set(v);
    }
    if let Some(v) = patch.time_zone {
        am.time_zone = Set(v);
    }
    if let Some(v) = patch.interval_days {
        am.interval_days = Set(v);
    }
    if let Some(v) = patch.lead_minutes {
        am.lead_minutes = Set(v);
    }
    if let Some(v) = patch.source_url_template {
        am.source_url_template = Set(v);
    }
    if let Some(v) = patch.list_address {
        am.list_address = Set(v);
    }
    am.updated_at = Set(Utc::now());
    let s = am.update(&txn).await?;
    if let Some(periods) = patch.periods {
        series_period::Entity::delete_many()
            .filter(series_period::Column::SeriesId.eq(id))
            .exec(&txn)
            .await?;
        for p in &periods {
            period_row(id, p, "api").insert(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok(s)
}

/// Adds or updates the period of a series that starts at `p.start`
/// (imports: the same calendar again changes nothing).
pub async fn upsert_period(
    db: &impl ConnectionTrait,
    series_id: i32,
    p: &Period,
    source: &str,
) -> Result<(), StoreError> {
    series_period::Entity::insert(period_row(series_id, p, source))
        .on_conflict(
            OnConflict::columns([
                series_period::Column::SeriesId,
                series_period::Column::StartsAt,
            ])
            .update_columns([
                series_period::Column::DurationMinutes,
                series_period::Column::Rrule,
                series_period::Column::Until,
                series_period::Column::Source,
                series_period::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Cancels a date (or adds a call when `kind` is [`ADDED`]); an existing
/// exception of that date and kind keeps its first reason and source.
/// Returns whether it is new.
#[allow(clippy::too_many_arguments)]
pub async fn add_exception(
    db: &impl ConnectionTrait,
    series_id: i32,
    date: NaiveDate,
    kind: &str,
    starts_at: Option<NaiveDateTime>,
    duration_minutes: Option<i32>,
    reason: &str,
    source: &str,
) -> Result<bool, StoreError> {
    let n = series_exception::Entity::insert(series_exception::ActiveModel {
        series_id: Set(series_id),
        date: Set(date),
        kind: Set(kind.to_string()),
        starts_at: Set(starts_at),
        duration_minutes: Set(duration_minutes),
        reason: Set(reason.to_string()),
        source: Set(source.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            series_exception::Column::SeriesId,
            series_exception::Column::Date,
            series_exception::Column::Kind,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(n > 0)
}

/// Removes a cancellation; returns whether there was one.
pub async fn remove_cancellation(
    db: &impl ConnectionTrait,
    series_id: i32,
    date: NaiveDate,
) -> Result<bool, StoreError> {
    let r = series_exception::Entity::delete_many()
        .filter(series_exception::Column::SeriesId.eq(series_id))
        .filter(series_exception::Column::Date.eq(date))
        .filter(series_exception::Column::Kind.eq(CANCELLED))
        .exec(db)
        .await?;
    Ok(r.rows_affected > 0)
}

/// Sets a series' time zone and, when it still has the slug as its name,
/// a better name.
pub async fn adopt_calendar(
    db: &impl ConnectionTrait,
    s: &series::Model,
    time_zone: &str,
    name: &str,
) -> Result<(), StoreError> {
    let mut am: series::ActiveModel = s.clone().into();
    let mut changed = false;
    if s.time_zone != time_zone {
        am.time_zone = Set(time_zone.to_string());
        changed = true;
    }
    if s.name == s.slug && !name.is_empty() && name != s.name {
        am.name = Set(name.to_string());
        changed = true;
    }
    if changed {
        am.updated_at = Set(Utc::now());
        am.update(db).await?;
    }
    Ok(())
}

/// After a calendar file was imported again: removes the periods and
/// exceptions that came from `source` (a `calendar:<file>`) and are no
/// longer in it. Returns how many were removed.
pub async fn prune_calendar(
    db: &impl ConnectionTrait,
    series_id: i32,
    source: &str,
    periods: &[NaiveDateTime],
    exceptions: &[(NaiveDate, &str)],
) -> Result<u64, StoreError> {
    let mut removed = 0;
    for p in series_period::Entity::find()
        .filter(series_period::Column::SeriesId.eq(series_id))
        .filter(series_period::Column::Source.eq(source))
        .all(db)
        .await?
    {
        if !periods.contains(&p.starts_at) {
            series_period::Entity::delete_by_id(p.id).exec(db).await?;
            removed += 1;
        }
    }
    for e in series_exception::Entity::find()
        .filter(series_exception::Column::SeriesId.eq(series_id))
        .filter(series_exception::Column::Source.eq(source))
        .all(db)
        .await?
    {
        if !exceptions.contains(&(e.date, e.kind.as_str())) {
            series_exception::Entity::delete_by_id(e.id)
                .exec(db)
                .await?;
            removed += 1;
        }
    }
    Ok(removed)
}
