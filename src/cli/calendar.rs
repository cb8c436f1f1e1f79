//! `followup calendar import FILE...`: YAML calendars (with their
//! includes) and iCalendar files into series schedules. Importing again
//! updates, never duplicates: a period is its series and first call, an
//! exception its series, date and kind.

use crate::calendar::{self, Read};
use crate::schedule;
use crate::store::series::{self as store, ADDED, CANCELLED};
use crate::store::tracking;
use chrono::Utc;
use sea_orm::DatabaseConnection;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What an import did.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub series: Vec<String>,
    pub periods: usize,
    pub cancellations: usize,
    pub added: usize,
    /// Periods and exceptions no longer in a re-imported file.
    pub removed: u64,
    pub skipped: Vec<(String, String, String)>,
    pub failed: Vec<(String, String)>,
}

/// Reads the files (a file that cannot be read is a failure; the others
/// are still imported) and writes their series in one transaction.
pub async fn import(
    db: &DatabaseConnection,
    files: &[PathBuf],
    series: Option<&str>,
) -> anyhow::Result<Summary> {
    let mut read = Read::default();
    let mut summary = Summary::default();
    for f in files {
        let ext = f
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut one = Read::default();
        let result = match ext.as_str() {
            "yml" | "yaml" => calendar::read_yaml(f, series, &mut one),
            "ics" => calendar::read_ics(f, series, &mut one),
            _ => {
                summary.failed.push((
                    f.display().to_string(),
                    "not a calendar file (.yml, .yaml or .ics)".into(),
                ));
                continue;
            }
        };
        match result {
            Ok(()) => {
                read.events.extend(one.events);
                read.skipped.extend(one.skipped);
                read.files.extend(one.files);
            }
            // The error names the file at fault (an included one, maybe).
            Err(calendar::CalendarError::Invalid { file, reason }) => {
                summary.failed.push((file, reason))
            }
        }
    }
    summary.files = read.files.len();
    summary.skipped = read.skipped;

    let mut by_series: BTreeMap<String, Vec<calendar::Event>> = BTreeMap::new();
    for e in read.events {
        if let Some(s) = e.series.clone() {
            by_series.entry(s).or_default().push(e);
        }
    }
    let txn = crate::store::begin_write(db).await?;
    for (slug, events) in &by_series {
        let first = &events[0];
        if let Err(e) = schedule::parse_tz(&first.time_zone) {
            summary.failed.push((first.file.clone(), e.to_string()));
            continue;
        }
        if let Some(bad) = events
            .iter()
            .filter_map(|e| e.period.rrule.as_deref())
            .find_map(|r| schedule::check_rule(r).err())
        {
            summary.failed.push((first.file.clone(), bad.to_string()));
            continue;
        }
        let s = tracking::lock_series(&txn, slug, &first.summary, Utc::now()).await?;
        store::adopt_calendar(&txn, &s, &first.time_zone, &first.summary).await?;
        for e in events {
            let source = format!("calendar:{}", e.file);
            store::upsert_period(&txn, s.id, &e.period, &source).await?;
            summary.periods += 1;
            for d in &e.cancelled {
                if store::add_exception(&txn, s.id, *d, CANCELLED, None, None, "calendar", &source)
                    .await?
                {
                    summary.cancellations += 1;
                }
            }
            for (at, minutes) in &e.added {
                if store::add_exception(
                    &txn,
                    s.id,
                    at.date(),
                    ADDED,
                    Some(*at),
                    Some(*minutes as i32),
                    "calendar",
                    &source,
                )
                .await?
                {
                    summary.added += 1;
                }
            }
        }
        // What a file no longer says goes: per file, keep what it says now.
        let mut files: Vec<&str> = events.iter().map(|e| e.file.as_str()).collect();
        files.sort();
        files.dedup();
        for file in files {
            let mine: Vec<&calendar::Event> = events.iter().filter(|e| e.file == file).collect();
            let periods: Vec<_> = mine.iter().map(|e| e.period.start).collect();
            let mut exceptions: Vec<(chrono::NaiveDate, &str)> = Vec::new();
            for e in &mine {
                exceptions.extend(e.cancelled.iter().map(|d| (*d, CANCELLED)));
                exceptions.extend(e.added.iter().map(|(at, _)| (at.date(), ADDED)));
            }
            summary.removed += store::prune_calendar(
                &txn,
                s.id,
                &format!("calendar:{file}"),
                &periods,
                &exceptions,
            )
            .await?;
        }
        summary.series.push(slug.clone());
    }
    txn.commit().await?;
    Ok(summary)
}

/// The summary printed at the end.
pub fn report(s: &Summary) -> String {
    let mut out = format!(
        "{} file(s): {} series, {} period(s), {} new cancellation(s), {} new added call(s), {} removed, {} event(s) skipped, {} failed\n",
        s.files,
        s.series.len(),
        s.periods,
        s.cancellations,
        s.added,
        s.removed,
        s.skipped.len(),
        s.failed.len()
    );
    if !s.series.is_empty() {
        out.push_str(&format!("series: {}\n", s.series.join(", ")));
    }
    for (file, summary, why) in &s.skipped {
        out.push_str(&format!("skipped: {file}: {summary:?}: {why}\n"));
    }
    for (file, reason) in &s.failed {
        out.push_str(&format!("failed: {file}: {reason}\n"));
    }
    out
}
