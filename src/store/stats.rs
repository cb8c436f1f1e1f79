//! `/stats`: counts, ages, weekly created/closed and stale items over the
//! items an [`ItemFilter`] selects. One query loads the few columns needed,
//! one counts owners in SQL; the rest is computed here, in one pass.

use super::items::{filtered, ItemFilter};
use super::StoreError;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use entity::{item, item_owner, meeting, person, series};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect, QueryTrait};
use std::collections::{BTreeMap, HashMap};

/// What a stats request asks beyond the filter.
#[derive(Debug, Clone)]
pub struct StatsRequest {
    pub filter: ItemFilter,
    /// Today (overdue, ages).
    pub today: NaiveDate,
    /// Weeks of the created/closed series: from the week holding `from`
    /// to the week holding `to`.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// An open item is stale when its series met this many times since it
    /// was last named or changed.
    pub stale_meetings: u32,
}

/// A count per key.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct KeyCount {
    pub key: String,
    pub count: u64,
}

/// Median and 90th percentile (nearest rank) of open items' ages.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Ages {
    /// Open items measured.
    pub count: u64,
    pub median_days: Option<i64>,
    pub p90_days: Option<i64>,
    /// Open items in a series with meetings, measured in meetings.
    pub count_with_meetings: u64,
    /// Meetings of the item's series held since it was first named
    /// (that meeting included).
    pub median_meetings: Option<u32>,
    pub p90_meetings: Option<u32>,
}

/// Items created and closed in one week (Monday to Sunday).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Week {
    /// ISO week, `2026-W47`.
    pub week: String,
    /// Its Monday.
    pub start: NaiveDate,
    /// Items first recorded that week (meeting date, else creation).
    pub created: u64,
    /// Items closed (done or dropped) that week.
    pub closed: u64,
    /// Items open at the end of the week (of those counted here).
    pub open_at_end: u64,
}

/// Open items nobody has named or changed for a while.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Stale {
    /// The threshold, in meetings of the item's series.
    pub meetings: u32,
    pub count: u64,
    /// Up to 100 of their ids, the longest-stale first.
    pub item_ids: Vec<i32>,
}

/// The answer of `/stats`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Stats {
    /// Items the filter selects.
    pub total: u64,
    /// Per status: open, done, dropped.
    pub by_status: BTreeMap<String, u64>,
    /// Per kind: action, gap, decision.
    pub by_kind: BTreeMap<String, u64>,
    /// Per series slug (`-` for items outside any series).
    pub by_series: BTreeMap<String, u64>,
    /// Per owner handle, most items first (at most 100).
    pub by_owner: Vec<KeyCount>,
    /// Per section, most items first (at most 100).
    pub by_section: Vec<KeyCount>,
    /// Open items due before today.
    pub overdue: u64,
    /// Ages of the open items.
    pub open_age: Ages,
    /// Created versus closed per week, oldest first.
    pub weekly: Vec<Week>,
    pub stale: Stale,
}

/// The columns stats need of one item.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: i32,
    pub status: String,
    pub kind: String,
    pub series_id: Option<i32>,
    pub section: String,
    pub due: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub first_meeting: Option<NaiveDate>,
    pub last_seen: Option<NaiveDate>,
    /// Status set through the API (its close date is then `closed_at`).
    pub manual_status: bool,
}

type Tuple = (
    i32,
    String,
    String,
    Option<i32>,
    String,
    Option<NaiveDate>,
    DateTime<Utc>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<i32>,
    Option<NaiveDate>,
    i32,
);

/// Loads what the request needs and computes the statistics.
pub async fn stats(db: &impl ConnectionTrait, req: &StatsRequest) -> Result<Stats, StoreError> {
    use item::Column as C;
    let started = std::time::Instant::now();
    let resolved = super::items::resolve(db, &req.filter).await?;
    let tuples: Vec<Tuple> = filtered(&req.filter, &resolved)
        .select_only()
        .columns([
            C::Id,
            C::Status,
            C::Kind,
            C::SeriesId,
            C::Section,
            C::Due,
            C::CreatedAt,
            C::UpdatedAt,
            C::ClosedAt,
            C::MeetingId,
            C::LastSeen,
            C::ManualFields,
        ])
        .into_tuple()
        .all(db)
        .await?;
    // Every meeting: (id, series, date); a few thousand rows.
    let meetings: Vec<(i32, i32, NaiveDate)> = meeting::Entity::find()
        .select_only()
        .columns([
            meeting::Column::Id,
            meeting::Column::SeriesId,
            meeting::Column::Date,
        ])
        .into_tuple()
        .all(db)
        .await?;
    let meeting_date: HashMap<i32, NaiveDate> =
        meetings.iter().map(|(id, _, d)| (*id, *d)).collect();
    let mut series_dates: HashMap<i32, Vec<NaiveDate>> = HashMap::new();
    for (_, s, d) in &meetings {
        series_dates.entry(*s).or_default().push(*d);
    }
    for dates in series_dates.values_mut() {
        dates.sort_unstable();
        dates.dedup();
    }
    let slugs: HashMap<i32, String> = series::Entity::find()
        .select_only()
        .columns([series::Column::Id, series::Column::Slug])
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let rows: Vec<Row> = tuples
        .into_iter()
        .map(|t| Row {
            id: t.0,
            status: t.1,
            kind: t.2,
            series_id: t.3,
            section: t.4,
            due: t.5,
            created_at: t.6,
            updated_at: t.7,
            closed_at: t.8,
            first_meeting: t.9.and_then(|m| meeting_date.get(&m).copied()),
            last_seen: t.10,
            manual_status: t.11 & item::MANUAL_STATUS != 0,
        })
        .collect();
    let loaded = started.elapsed();
    let by_owner = owner_counts(db, &req.filter, &resolved).await?;
    let counted = started.elapsed();
    let out = compute(req, &rows, &series_dates, &slugs, by_owner);
    tracing::debug!(
        rows = rows.len(),
        load_ms = loaded.as_millis() as u64,
        owners_ms = (counted - loaded).as_millis() as u64,
        compute_ms = (started.elapsed() - counted).as_millis() as u64,
        "statistics computed"
    );
    Ok(out)
}

/// Items per owner handle, counted in SQL.
async fn owner_counts(
    db: &impl ConnectionTrait,
    filter: &ItemFilter,
    resolved: &super::items::Resolved,
) -> Result<Vec<KeyCount>, StoreError> {
    let ids = filtered(filter, resolved)
        .select_only()
        .column(item::Column::Id)
        .into_query();
    let q = Query::select()
        .column((person::Entity, person::Column::Handle))
        .expr_as(
            sea_orm::sea_query::ExprTrait::count(Expr::col((
                item_owner::Entity,
                item_owner::Column::ItemId,
            ))),
            Alias::new("n"),
        )
        .from(item_owner::Entity)
        .inner_join(
            person::Entity,
            sea_orm::sea_query::ExprTrait::equals(
                Expr::col((person::Entity, person::Column::Id)),
                (item_owner::Entity, item_owner::Column::PersonId),
            ),
        )
        .and_where(sea_orm::sea_query::ExprTrait::in_subquery(
            Expr::col((item_owner::Entity, item_owner::Column::ItemId)),
            ids,
        ))
        .group_by_col((person::Entity, person::Column::Handle))
        .to_owned();
    let stmt = db.get_database_backend().build(&q);
    let mut out = Vec::new();
    for row in db.query_all_raw(stmt).await? {
        let key: String = row.try_get("", "handle")?;
        let n: i64 = row.try_get("", "n")?;
        out.push(KeyCount {
            key,
            count: n.max(0) as u64,
        });
    }
    Ok(top(out))
}

/// Most first, then by key; at most 100.
fn top(mut v: Vec<KeyCount>) -> Vec<KeyCount> {
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    v.truncate(100);
    v
}

/// The nearest-rank percentile of sorted values.
fn percentile<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// The statistics of loaded rows (pure: tested without a database).
pub fn compute(
    req: &StatsRequest,
    rows: &[Row],
    series_dates: &HashMap<i32, Vec<NaiveDate>>,
    slugs: &HashMap<i32, String>,
    by_owner: Vec<KeyCount>,
) -> Stats {
    let mut by_status: BTreeMap<String, u64> = ["open", "done", "dropped"]
        .iter()
        .map(|s| (s.to_string(), 0))
        .collect();
    let mut by_kind: BTreeMap<String, u64> = ["action", "gap", "decision"]
        .iter()
        .map(|s| (s.to_string(), 0))
        .collect();
    // Counted by id and borrowed text; named once at the end.
    let mut per_series: HashMap<Option<i32>, u64> = HashMap::new();
    let mut by_section: HashMap<&str, u64> = HashMap::new();
    let mut overdue = 0;
    let (mut age_days, mut age_meetings) = (Vec::new(), Vec::new());
    let mut stale: Vec<(u32, i32)> = Vec::new();
    let first_week = monday(req.from.min(req.to));
    let last_week = monday(req.to.max(req.from));
    let weeks = ((last_week - first_week).num_days() / 7 + 1) as usize;
    let (mut created, mut closed) = (vec![0u64; weeks], vec![0u64; weeks]);
    let mut open_before = 0u64;
    let week_of = |d: NaiveDate| -> Option<usize> {
        let w = (monday(d) - first_week).num_days() / 7;
        (0..weeks as i64).contains(&w).then_some(w as usize)
    };
    // Meetings of a series held in [from, to].
    let held = |series: i32, from: NaiveDate, to: NaiveDate| -> Option<u32> {
        let dates = series_dates.get(&series)?;
        let lo = dates.partition_point(|d| *d < from);
        let hi = dates.partition_point(|d| *d <= to);
        Some(hi.saturating_sub(lo) as u32)
    };
    for r in rows {
        match by_status.get_mut(r.status.as_str()) {
            Some(n) => *n += 1,
            None => {
                by_status.insert(r.status.clone(), 1);
            }
        }
        match by_kind.get_mut(r.kind.as_str()) {
            Some(n) => *n += 1,
            None => {
                by_kind.insert(r.kind.clone(), 1);
            }
        }
        *per_series.entry(r.series_id).or_default() += 1;
        *by_section.entry(r.section.as_str()).or_default() += 1;
        let opened = r.first_meeting.unwrap_or(r.created_at.date_naive());
        let closed_on = r.closed_at.map(|c| {
            let c = c.date_naive();
            match r.last_seen {
                // Closed by minutes: the meeting that showed it closed.
                Some(seen) if !r.manual_status && seen < c => seen,
                _ => c,
            }
        });
        let open = r.status == "open";
        // Weekly series.
        match week_of(opened) {
            Some(w) => created[w] += 1,
            None if opened < first_week && closed_on.is_none_or(|c| c >= first_week) => {
                open_before += 1;
            }
            None => {}
        }
        if let Some(w) = closed_on.filter(|_| !open).and_then(week_of) {
            closed[w] += 1;
        }
        if !open {
            continue;
        }
        if r.due.is_some_and(|d| d < req.today) {
            overdue += 1;
        }
        age_days.push((req.today - opened).num_days().max(0));
        if let Some(n) = r.series_id.and_then(|s| held(s, opened, req.today)) {
            age_meetings.push(n);
        }
        // Stale: meetings since it was last named or changed.
        if req.stale_meetings > 0 {
            let touched = r.last_seen.unwrap_or(opened).max(r.updated_at.date_naive());
            if let Some(n) = r
                .series_id
                .and_then(|s| held(s, touched + Duration::days(1), req.today))
            {
                if n >= req.stale_meetings {
                    stale.push((n, r.id));
                }
            }
        }
    }
    let mut by_series: BTreeMap<String, u64> = BTreeMap::new();
    for (id, n) in per_series {
        let slug = id
            .and_then(|s| slugs.get(&s).cloned())
            .unwrap_or_else(|| "-".into());
        *by_series.entry(slug).or_default() += n;
    }
    age_days.sort_unstable();
    age_meetings.sort_unstable();
    stale.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut open_now = open_before;
    let weekly = (0..weeks)
        .map(|w| {
            let start = first_week + Duration::days(7 * w as i64);
            open_now = (open_now + created[w]).saturating_sub(closed[w]);
            let iso = start.iso_week();
            Week {
                week: format!("{}-W{:02}", iso.year(), iso.week()),
                start,
                created: created[w],
                closed: closed[w],
                open_at_end: open_now,
            }
        })
        .collect();
    Stats {
        total: rows.len() as u64,
        by_status,
        by_kind,
        by_series,
        by_owner,
        by_section: top(by_section
            .into_iter()
            .map(|(k, n)| KeyCount {
                key: k.to_string(),
                count: n,
            })
            .collect()),
        overdue,
        open_age: Ages {
            count: age_days.len() as u64,
            median_days: percentile(&age_days, 0.5),
            p90_days: percentile(&age_days, 0.9),
            count_with_meetings: age_meetings.len() as u64,
            median_meetings: percentile(&age_meetings, 0.5),
            p90_meetings: percentile(&age_meetings, 0.9),
        },
        weekly,
        stale: Stale {
            meetings: req.stale_meetings,
            count: stale.len() as u64,
            item_ids: stale.iter().take(100).map(|(_, id)| *id).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn row(id: i32, status: &str, first: &str, closed: Option<&str>) -> Row {
        let at = |s: &str| d(s).and_hms_opt(12, 0, 0).unwrap().and_utc();
        Row {
            id,
            status: status.into(),
            kind: "action".into(),
            series_id: Some(1),
            section: "Updates".into(),
            due: None,
            created_at: at("2026-11-20"),
            updated_at: at(first),
            closed_at: closed.map(at),
            first_meeting: Some(d(first)),
            last_seen: Some(d(closed.unwrap_or(first))),
            manual_status: false,
        }
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 0.5), Some(5));
        assert_eq!(percentile(&v, 0.9), Some(9));
        assert_eq!(percentile(&[7], 0.9), Some(7));
        assert_eq!(percentile::<i64>(&[], 0.5), None);
    }

    #[test]
    fn ages_weeks_and_staleness_from_meeting_dates() {
        // Weekly meetings on Thursdays from 2026-10-01 to 2026-11-19.
        let dates: Vec<NaiveDate> = (0..8)
            .map(|w| d("2026-10-01") + Duration::days(7 * w))
            .collect();
        let series_dates = HashMap::from([(1, dates)]);
        let slugs = HashMap::from([(1, "iaas".to_string())]);
        let mut overdue = row(3, "open", "2026-11-19", None);
        overdue.due = Some(d("2026-11-01"));
        let rows = vec![
            row(1, "open", "2026-10-01", None),
            row(2, "done", "2026-10-08", Some("2026-10-22")),
            overdue,
        ];
        let req = StatsRequest {
            filter: ItemFilter::default(),
            today: d("2026-11-23"),
            from: d("2026-10-05"),
            to: d("2026-11-23"),
            stale_meetings: 3,
        };
        let s = compute(&req, &rows, &series_dates, &slugs, vec![]);
        assert_eq!(s.total, 3);
        assert_eq!(s.by_status["open"], 2);
        assert_eq!(s.by_status["done"], 1);
        assert_eq!(s.by_series["iaas"], 3);
        assert_eq!(s.overdue, 1);
        // Open ages: 4 days (item 3) and 53 days (item 1).
        assert_eq!(
            (s.open_age.median_days, s.open_age.p90_days),
            (Some(4), Some(53))
        );
        // Item 1 has seen all 8 meetings, item 3 one.
        assert_eq!(
            (s.open_age.median_meetings, s.open_age.p90_meetings),
            (Some(1), Some(8))
        );
        // Item 1 was last named at the first meeting: 7 meetings since.
        assert_eq!(s.stale.item_ids, vec![1]);
        // Weeks from 2026-10-05 to the week of 2026-11-23: 8 of them.
        assert_eq!(s.weekly.len(), 8);
        assert_eq!(s.weekly[0].week, "2026-W41");
        // Item 1 was opened before the range and is still open.
        assert_eq!(s.weekly[0].created, 1); // item 2, 2026-10-08
        assert_eq!(s.weekly[2].closed, 1); // item 2, 2026-10-22
        assert_eq!(s.weekly[6].created, 1); // item 3, 2026-11-19
        assert_eq!(s.weekly.last().unwrap().open_at_end, 2);
        assert_eq!(s.weekly[2].open_at_end, 1);
    }
}
