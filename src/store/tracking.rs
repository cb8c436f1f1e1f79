//! The queries ingestion runs inside its one transaction: series and people
//! created on first sight, meetings by source or date, the pools of items a
//! document's items are matched against, and the batched writes.

use super::people::normalize_handle;
use chrono::{DateTime, NaiveDate, Utc};
use entity::{item, item_event, item_mention, item_owner, meeting, person, series};
use sea_orm::sea_query::{ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    Statement,
};
use sea_orm::{IntoActiveModel, Iterable, TryIntoModel};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The series with this slug, created with `name` if new, and locked for
/// the rest of the transaction (`FOR UPDATE` on PostgreSQL).
pub async fn lock_series(
    txn: &DatabaseTransaction,
    slug: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<series::Model, DbErr> {
    let find = || {
        series::Entity::find()
            .filter(series::Column::Slug.eq(slug))
            .lock_exclusive()
    };
    if let Some(s) = find().one(txn).await? {
        return Ok(s);
    }
    series::Entity::insert(series::ActiveModel {
        slug: Set(slug.to_string()),
        name: Set(name.to_string()),
        time_zone: Set("UTC".into()),
        source_url_template: Set(None),
        interval_days: Set(7),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(series::Column::Slug)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    tracing::info!(series = slug, "series created");
    find()
        .one(txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("series {slug}")))
}

/// Every meeting of a series.
pub async fn meetings_of_series(
    db: &impl ConnectionTrait,
    series_id: i32,
) -> Result<Vec<meeting::Model>, DbErr> {
    meeting::Entity::find()
        .filter(meeting::Column::SeriesId.eq(series_id))
        .order_by_asc(meeting::Column::Id)
        .all(db)
        .await
}

/// [`find_meeting`] over meetings already loaded.
pub fn pick_meeting(
    meetings: &[meeting::Model],
    source: Option<&str>,
    date: NaiveDate,
) -> Option<meeting::Model> {
    match source {
        Some(src) => meetings
            .iter()
            .find(|m| m.source.as_deref() == Some(src))
            .cloned(),
        None => {
            let mut on_date = meetings.iter().filter(|m| m.date == date);
            match (on_date.next(), on_date.next()) {
                (Some(m), None) => Some(m.clone()),
                _ => None,
            }
        }
    }
}

/// The meeting a document stands for: by its source when it has one,
/// otherwise the series' only meeting on that date without a source.
pub async fn find_meeting(
    db: &impl ConnectionTrait,
    series_id: i32,
    source: Option<&str>,
    date: NaiveDate,
) -> Result<Option<meeting::Model>, DbErr> {
    let q = meeting::Entity::find().filter(meeting::Column::SeriesId.eq(series_id));
    let q = match source {
        Some(src) => q.filter(meeting::Column::Source.eq(src)),
        None => q.filter(meeting::Column::Date.eq(date)),
    };
    let found = q.order_by_asc(meeting::Column::Id).limit(2).all(db).await?;
    Ok(pick_meeting(&found, source, date))
}

/// Content hash of every meeting that has a source, by series slug and
/// source: lets a folder ingest skip unchanged files before parsing them.
pub async fn source_hashes(
    db: &DatabaseConnection,
) -> Result<HashMap<String, HashMap<String, String>>, DbErr> {
    let rows: Vec<(String, Option<String>, String)> = meeting::Entity::find()
        .select_only()
        .column(series::Column::Slug)
        .column(meeting::Column::Source)
        .column(meeting::Column::ContentHash)
        .inner_join(series::Entity)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<String, HashMap<String, String>> = HashMap::new();
    for (slug, source, hash) in rows {
        if let Some(src) = source {
            out.entry(slug).or_default().insert(src, hash);
        }
    }
    Ok(out)
}

/// How many items a meeting's minutes name.
pub async fn mention_count(db: &impl ConnectionTrait, meeting_id: i32) -> Result<u64, DbErr> {
    item_mention::Entity::find()
        .filter(item_mention::Column::MeetingId.eq(meeting_id))
        .count(db)
        .await
}

/// Adds to `known` (person id by normalised handle) the people for these
/// owners (handles or names), created on first sight.
pub async fn ensure_people(
    txn: &DatabaseTransaction,
    owners: BTreeSet<String>,
    now: DateTime<Utc>,
    known: &mut HashMap<String, i32>,
) -> Result<(), DbErr> {
    let handles: BTreeSet<String> = owners
        .iter()
        .map(|o| normalize_handle(o))
        .filter(|h| !known.contains_key(h))
        .collect();
    let handles: Vec<String> = handles.into_iter().collect();
    if handles.is_empty() {
        return Ok(());
    }
    let load = |handles: Vec<String>| async move {
        person::Entity::find()
            .select_only()
            .column(person::Column::Handle)
            .column(person::Column::Id)
            .filter(person::Column::Handle.is_in(handles))
            .into_tuple::<(String, i32)>()
            .all(txn)
            .await
    };
    let mut found: HashMap<String, i32> = HashMap::new();
    for chunk in handles.chunks(500) {
        found.extend(load(chunk.to_vec()).await?);
    }
    let missing: Vec<&String> = handles.iter().filter(|h| !found.contains_key(*h)).collect();
    for chunk in missing.chunks(500) {
        person::Entity::insert_many(chunk.iter().map(|h| person::ActiveModel {
            handle: Set((*h).clone()),
            display_name: Set(None),
            email: Set(None),
            time_zone: Set(None),
            reminders: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }))
        .on_conflict(
            OnConflict::column(person::Column::Handle)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        tracing::debug!(count = chunk.len(), "people created");
        found.extend(load(chunk.iter().map(|h| (*h).clone()).collect()).await?);
    }
    known.extend(found);
    Ok(())
}

/// Inserts new meetings, several per statement, and returns them (in no
/// particular order).
pub async fn insert_meetings(
    txn: &DatabaseTransaction,
    rows: Vec<meeting::ActiveModel>,
) -> Result<Vec<meeting::Model>, DbErr> {
    let mut out = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(100) {
        out.extend(
            meeting::Entity::insert_many(chunk.to_vec())
                .exec_with_returning(txn)
                .await?,
        );
    }
    Ok(out)
}

/// A tracked item with the date of the meeting that first recorded it.
#[derive(Debug, Clone)]
pub struct PoolItem {
    pub item: item::Model,
    pub origin_date: Option<NaiveDate>,
}

async fn with_origin(
    db: &impl ConnectionTrait,
    q: sea_orm::Select<item::Entity>,
) -> Result<Vec<PoolItem>, DbErr> {
    let rows = q.order_by_asc(item::Column::Id).all(db).await?;
    let meeting_ids: BTreeSet<i32> = rows.iter().filter_map(|i| i.meeting_id).collect();
    let dates: HashMap<i32, NaiveDate> = if meeting_ids.is_empty() {
        HashMap::new()
    } else {
        meeting::Entity::find()
            .select_only()
            .column(meeting::Column::Id)
            .column(meeting::Column::Date)
            .filter(meeting::Column::Id.is_in(meeting_ids))
            .into_tuple::<(i32, NaiveDate)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|item| PoolItem {
            origin_date: item.meeting_id.and_then(|m| dates.get(&m).copied()),
            item,
        })
        .collect())
}

/// Items a meeting's earlier version recorded or named.
pub async fn items_of_meeting(
    db: &impl ConnectionTrait,
    meeting_id: i32,
) -> Result<Vec<(PoolItem, bool)>, DbErr> {
    let mentioned: BTreeSet<i32> = item_mention::Entity::find()
        .select_only()
        .column(item_mention::Column::ItemId)
        .filter(item_mention::Column::MeetingId.eq(meeting_id))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let q = item::Entity::find().filter(
        item::Column::MeetingId
            .eq(meeting_id)
            .or(item::Column::Id.is_in(mentioned.clone())),
    );
    Ok(with_origin(db, q)
        .await?
        .into_iter()
        .map(|p| {
            let had = mentioned.contains(&p.item.id);
            (p, had)
        })
        .collect())
}

/// Items of a series that minutes named between `from` and `to`, with one
/// of these owner sets (see `ingest::matching::owners_key`) when given: the
/// follow-up rule's candidates.
pub async fn items_seen_between(
    db: &impl ConnectionTrait,
    series_id: i32,
    owner_keys: Option<BTreeSet<String>>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<PoolItem>, DbErr> {
    let mut q = item::Entity::find()
        .filter(item::Column::SeriesId.eq(series_id))
        .filter(item::Column::LastSeen.between(from, to))
        .filter(item::Column::MatchText.ne(""));
    if let Some(keys) = owner_keys {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        q = q.filter(item::Column::MatchOwners.is_in(keys));
    }
    with_origin(db, q).await
}

/// Ids for `n` new items, taken ahead so that the items can be written
/// with the rest of a batch. SQLite: the ones after the largest id ever
/// given (a write transaction holds the database's write lock, and `next`
/// carries the count on within the transaction); PostgreSQL: from the
/// items' id sequence, as a default id would be.
pub async fn reserve_item_ids(
    txn: &DatabaseTransaction,
    n: usize,
    next: &mut Option<i64>,
) -> Result<Vec<i32>, DbErr> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let backend = txn.get_database_backend();
    let to_i32 = |v: i64| i32::try_from(v).map_err(|_| DbErr::Custom(format!("item id {v}")));
    if backend == DbBackend::Postgres {
        let rows = txn
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                "SELECT nextval(pg_get_serial_sequence('items', 'id')) AS id \
                 FROM generate_series(1, $1)",
                [(n as i64).into()],
            ))
            .await?;
        let mut ids = Vec::with_capacity(n);
        for r in rows {
            ids.push(to_i32(r.try_get::<i64>("", "id")?)?);
        }
        ids.sort_unstable();
        return Ok(ids);
    }
    let first = match *next {
        Some(v) => v,
        None => {
            let row = txn
                .query_one_raw(Statement::from_string(
                    backend,
                    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'items'), 0), \
                     COALESCE((SELECT MAX(id) FROM items), 0)) AS n",
                ))
                .await?
                .ok_or_else(|| DbErr::RecordNotFound("sqlite_sequence".into()))?;
            row.try_get::<i64>("", "n")? + 1
        }
    };
    *next = Some(first + n as i64);
    (first..first + n as i64).map(to_i32).collect()
}

/// The meetings (id, date, line) whose minutes still name an item, oldest first.
pub async fn mentions_of(
    db: &impl ConnectionTrait,
    item_id: i32,
) -> Result<Vec<(i32, NaiveDate, i32)>, DbErr> {
    let rows = item_mention::Entity::find()
        .filter(item_mention::Column::ItemId.eq(item_id))
        .find_also_related(meeting::Entity)
        .all(db)
        .await?;
    let mut out: Vec<(i32, NaiveDate, i32)> = rows
        .into_iter()
        .filter_map(|(m, meeting)| meeting.map(|mt| (mt.id, mt.date, m.line)))
        .collect();
    out.sort_by_key(|(id, date, _)| (*date, *id));
    Ok(out)
}

/// Deletes a meeting's mentions (its items are matched again).
pub async fn delete_mentions_of_meeting(
    txn: &DatabaseTransaction,
    meeting_id: i32,
) -> Result<(), DbErr> {
    item_mention::Entity::delete_many()
        .filter(item_mention::Column::MeetingId.eq(meeting_id))
        .exec(txn)
        .await?;
    Ok(())
}

fn owner_rows(item_id: i32, person_ids: &[i32]) -> Vec<item_owner::ActiveModel> {
    person_ids
        .iter()
        .enumerate()
        .map(|(pos, pid)| item_owner::ActiveModel {
            item_id: Set(item_id),
            person_id: Set(*pid),
            position: Set(pos as i32),
        })
        .collect()
}

/// Replaces an item's owners with these people, in this order.
pub async fn replace_owners(
    txn: &DatabaseTransaction,
    item_id: i32,
    person_ids: &[i32],
) -> Result<(), DbErr> {
    item_owner::Entity::delete_many()
        .filter(item_owner::Column::ItemId.eq(item_id))
        .exec(txn)
        .await?;
    let rows = owner_rows(item_id, person_ids);
    if !rows.is_empty() {
        item_owner::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Rows ingestion writes in batches at the end of a document.
#[derive(Default)]
pub struct Batch {
    pub owners: Vec<item_owner::ActiveModel>,
    pub mentions: Vec<item_mention::ActiveModel>,
    pub events: Vec<item_event::ActiveModel>,
    /// Items new or changed in place, as they now are (the last version of
    /// an item wins).
    pub items: Vec<item::Model>,
    /// Which of them are new (ids from [`reserve_item_ids`]): inserted, so
    /// that an id given twice would fail instead of overwriting an item.
    pub new: HashSet<i32>,
}

impl Batch {
    /// Queues an item's new version and returns it.
    pub fn item(&mut self, am: item::ActiveModel) -> Result<item::Model, DbErr> {
        let m = am.try_into_model()?;
        self.items.push(m.clone());
        Ok(m)
    }

    /// Queues a new item (its id reserved) and returns it.
    pub fn new_item(&mut self, am: item::ActiveModel) -> Result<item::Model, DbErr> {
        let m = self.item(am)?;
        self.new.insert(m.id);
        Ok(m)
    }

    pub fn owners(&mut self, item_id: i32, person_ids: &[i32]) {
        self.owners.extend(owner_rows(item_id, person_ids));
    }

    pub fn mention(&mut self, item_id: i32, meeting_id: i32, line: u32, status: &str, text: &str) {
        self.mentions.push(item_mention::ActiveModel {
            item_id: Set(item_id),
            meeting_id: Set(meeting_id),
            line: Set(line as i32),
            status: Set(status.to_string()),
            text: Set(text.to_string()),
            created_at: Set(Utc::now()),
            ..Default::default()
        });
    }

    pub fn event(&mut self, item_id: i32, kind: &str, actor: &str, detail: serde_json::Value) {
        self.events.push(item_event::ActiveModel {
            item_id: Set(item_id),
            at: Set(Utc::now()),
            kind: Set(kind.to_string()),
            actor: Set(actor.to_string()),
            detail: Set(detail.to_string()),
            ..Default::default()
        });
    }

    /// Writes the queued rows (several hundred per statement at most, to stay
    /// under the engines' bind-parameter limits).
    pub async fn flush(&mut self, txn: &DatabaseTransaction) -> Result<(), DbErr> {
        let Batch {
            owners,
            mentions,
            events,
            items,
            new,
        } = std::mem::take(self);
        // Items first: the other rows may name them. One row per item (its
        // last version): new ones inserted, changed ones upserted on the id.
        let mut last: HashMap<i32, usize> = HashMap::new();
        for (i, m) in items.iter().enumerate() {
            last.insert(m.id, i);
        }
        let (inserts, updates): (Vec<item::ActiveModel>, Vec<item::ActiveModel>) = items
            .into_iter()
            .enumerate()
            .filter(|(i, m)| last.get(&m.id) == Some(i))
            .map(|(_, m)| m.into_active_model().reset_all())
            .partition(|am| am.id.try_as_ref().is_some_and(|id| new.contains(id)));
        for chunk in inserts.chunks(100) {
            item::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        for chunk in updates.chunks(100) {
            item::Entity::insert_many(chunk.to_vec())
                .on_conflict(
                    OnConflict::column(item::Column::Id)
                        .update_columns(
                            item::Column::iter().filter(|c| !matches!(c, item::Column::Id)),
                        )
                        .to_owned(),
                )
                .exec_without_returning(txn)
                .await?;
        }
        for chunk in owners.chunks(300) {
            item_owner::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        for chunk in mentions.chunks(150) {
            item_mention::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        for chunk in events.chunks(150) {
            item_event::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        Ok(())
    }
}
