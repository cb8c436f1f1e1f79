//! Ingestion: one minutes document becomes its meeting and tracked items, in
//! one transaction (a failure leaves nothing half-written).
//!
//! [`prepare`] checks and extracts a document (pure); [`apply`] reconciles
//! its items with what is tracked and writes the result.
//!
//! ## Which meeting a document is
//!
//! A document with a source (its path in the minutes repository, or a URL)
//! is the meeting of its series with that source; without one, the series'
//! only source-less meeting on its date. The same content again (SHA-256 of
//! the bytes) changes nothing. Other content for a known meeting is an
//! edited version: its items are matched again, updated in place, and those
//! that vanished are marked `dropped` with an event, never deleted.
//!
//! ## The follow-up rule
//!
//! Each action and gap of the document is compared, in document order, with
//!
//! 1. the items the earlier version of the same meeting recorded or named
//!    (edited minutes): the most similar one at or above the threshold,
//!    whatever its owners (an edit may fix an owner);
//! 2. the items of the same series that minutes named within
//!    `ingest.match_window_days` days of this meeting: the most similar one
//!    with **the same owners** (same set of normalised handles and names, so
//!    an ownerless gap only matches ownerless items) at or above the
//!    threshold;
//! 3. the items this document already created: a duplicate is merged.
//!
//! Texts are compared after normalisation (lower case, letters and digits
//! only, status words such as `done`, `ongoing`, `AI` and the owners' names
//! removed) by the Sørensen–Dice coefficient of their character trigrams;
//! when the shorter text has at least 16 trigrams, containment of the
//! shorter in the longer counts too (a carried item that gained a note). The
//! threshold is `ingest.match_threshold` (0.8 by default). An item matched
//! in 2. is the same tracked item: the meeting is recorded as a mention
//! (meeting, line, status and text there), the status the minutes give it is
//! applied (done or struck through closes it, plain or `ongoing` leaves or
//! makes it open) and nothing new is created.
//!
//! Minutes never undo the API: a field changed through the API (status,
//! owners, due, text) is never overwritten by ingestion again. And older
//! minutes never undo newer ones: a status or text is only taken from a
//! meeting at least as recent as the last one that named the item.
//!
//! An item without a due date is due one series interval (`interval_days`,
//! 7 by default) after its meeting.

pub mod matching;
pub mod pending;
mod pool;

use crate::extract::{self, Hints, Kind, Minutes, Status};
use crate::store::people::normalize_handle;
use crate::store::tracking::{self, Batch};
use chrono::{Days, NaiveDate, Utc};
use entity::item::{self, MANUAL_DUE, MANUAL_OWNERS, MANUAL_STATUS, MANUAL_TEXT};
use entity::{meeting, series};
use pool::{Entry, Pool};
use sea_orm::{ActiveModelTrait, DatabaseConnection, DatabaseTransaction, DbErr, Set};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};

pub use crate::config::IngestSettings;

/// Who ingestion's events name.
pub const ACTOR: &str = "ingest";

/// Why a document was not ingested.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("the document is empty")]
    Empty,
    #[error("no meeting date in the document or its file name, and none was given")]
    NoDate,
    #[error("series {0:?}: {1}")]
    Series(String, String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A document to ingest.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// Series slug (see [`validate_slug`]).
    pub series: &'a str,
    /// Name of the series if it has to be created (default: the slug).
    pub series_name: Option<&'a str>,
    /// The meeting date, when the caller knows it (wins over the document).
    pub date: Option<NaiveDate>,
    /// Path in the minutes repository or URL.
    pub source: Option<&'a str>,
    pub markdown: &'a str,
}

/// A checked, extracted document, ready for [`apply`].
#[derive(Debug, Clone)]
pub struct Prepared {
    pub series: String,
    pub series_name: String,
    pub date: NaiveDate,
    pub source: Option<String>,
    pub hash: String,
    pub minutes: Minutes,
    /// See [`matchables`].
    pub matchable: Vec<Matchable>,
}

/// What happened to the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingResult {
    Created,
    Updated,
    Unchanged,
}

/// What happened to the document's items. Each action or gap of the
/// document counts once in `created`, `updated`, `unchanged`, `closed`,
/// `mentioned` or `merged`; `dropped` counts tracked items the document no
/// longer names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Counts {
    /// New tracked items.
    pub created: u64,
    /// Items of an edited meeting whose text, owners, due date, section or
    /// status changed.
    pub updated: u64,
    /// Items of an edited or repeated meeting that did not change.
    pub unchanged: u64,
    /// Items these minutes closed (done or struck through).
    pub closed: u64,
    /// Items of an edited meeting that vanished from it (marked dropped).
    pub dropped: u64,
    /// Items of earlier meetings named again (carried through).
    pub mentioned: u64,
    /// Items named twice in this document.
    pub merged: u64,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.created += o.created;
        self.updated += o.updated;
        self.unchanged += o.unchanged;
        self.closed += o.closed;
        self.dropped += o.dropped;
        self.mentioned += o.mentioned;
        self.merged += o.merged;
    }
}

/// The outcome of [`apply`].
#[derive(Debug, Clone)]
pub struct Ingested {
    pub series: series::Model,
    pub meeting: meeting::Model,
    pub result: MeetingResult,
    pub counts: Counts,
    /// Cancelled calls the minutes announce.
    pub cancellations: usize,
}

/// A series slug: 1 to 64 of `a-z`, `0-9`, `-`, `_`, starting with a letter
/// or digit.
pub fn validate_slug(slug: &str) -> Result<(), String> {
    let ok_start = slug
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if slug.is_empty() || slug.len() > 64 {
        return Err("must be 1 to 64 characters".into());
    }
    if !ok_start
        || !slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Err("only a-z, 0-9, - and _, starting with a letter or digit".into());
    }
    Ok(())
}

/// A slug from a folder or series name (`SIG Standardization` →
/// `sig-standardization`).
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(64).collect();
    out.trim_end_matches('-').to_string()
}

/// SHA-256 of the document, hex.
pub fn content_hash(markdown: &str) -> String {
    hex::encode(Sha256::digest(markdown.as_bytes()))
}

/// Checks and extracts a document; no I/O.
pub fn prepare(doc: &Document<'_>) -> Result<Prepared, IngestError> {
    if doc.markdown.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    validate_slug(doc.series).map_err(|r| IngestError::Series(doc.series.to_string(), r))?;
    let hints = Hints {
        file_name: doc.source.map(str::to_string),
        meeting_date: doc.date,
        series: Some(doc.series.to_string()),
    };
    let minutes = extract::parse(doc.markdown, &hints);
    let date = doc
        .date
        .or(minutes.meeting.date)
        .ok_or(IngestError::NoDate)?;
    Ok(Prepared {
        series: doc.series.to_string(),
        series_name: doc.series_name.unwrap_or(doc.series).to_string(),
        date,
        source: doc.source.map(str::to_string),
        hash: content_hash(doc.markdown),
        matchable: matchables(&minutes),
        minutes,
    })
}

/// Writes a prepared document in one transaction (see the module doc).
pub async fn apply(
    db: &DatabaseConnection,
    cfg: &IngestSettings,
    p: &Prepared,
) -> Result<Ingested, IngestError> {
    let started = std::time::Instant::now();
    let out = apply_one(db, cfg, p).await;
    observe(out.as_ref().map(|o| o.result), started.elapsed());
    out
}

async fn apply_one(
    db: &DatabaseConnection,
    cfg: &IngestSettings,
    p: &Prepared,
) -> Result<Ingested, IngestError> {
    let txn = crate::store::begin_write(db).await?;
    let mut batch = Batch::default();
    let out = reconcile(&txn, cfg, p, &mut Pool::default(), &mut batch).await?;
    batch.flush(&txn).await?;
    if out.result == MeetingResult::Unchanged {
        txn.rollback().await?;
    } else {
        txn.commit().await?;
    }
    Ok(out)
}

/// Counts a document's outcome in the metrics.
fn observe<E>(result: Result<MeetingResult, &E>, took: std::time::Duration) {
    let outcome = match result {
        Ok(MeetingResult::Created) => "created",
        Ok(MeetingResult::Updated) => "updated",
        Ok(MeetingResult::Unchanged) => "unchanged",
        Err(_) => "failed",
    };
    crate::metrics::METRICS.ingested(outcome, took);
}

/// Documents per transaction in [`apply_series`].
const GROUP: usize = 256;

/// Ingests documents of one series (in the order given; callers sort them
/// by date), up to 256 (`GROUP`) per transaction for speed. If one of them fails, that
/// transaction is rolled back whole and its documents are written again one
/// transaction each, so every document still goes in whole or not at all
/// and the others are not held back by it. `each` is told every document's
/// outcome once it is committed.
pub async fn apply_series(
    db: &DatabaseConnection,
    cfg: &IngestSettings,
    docs: &[Prepared],
    mut each: impl FnMut(&Prepared, Result<Ingested, IngestError>),
) {
    for chunk in docs.chunks(GROUP) {
        let started = std::time::Instant::now();
        match apply_group(db, cfg, chunk).await {
            Ok(results) => {
                // The group's time, shared by its documents.
                let each_took = started.elapsed() / chunk.len().max(1) as u32;
                for (d, r) in chunk.iter().zip(results) {
                    observe::<()>(Ok(r.result), each_took);
                    each(d, Ok(r));
                }
            }
            Err(e) => {
                tracing::debug!(error = %e, "a document of the group failed; one by one");
                for d in chunk {
                    each(d, apply(db, cfg, d).await);
                }
            }
        }
    }
}

/// Several documents in one transaction: all or none.
async fn apply_group(
    db: &DatabaseConnection,
    cfg: &IngestSettings,
    docs: &[Prepared],
) -> Result<Vec<Ingested>, IngestError> {
    let (Some(lo), Some(hi)) = (
        docs.iter().map(|d| d.date).min(),
        docs.iter().map(|d| d.date).max(),
    ) else {
        return Ok(Vec::new());
    };
    let txn = crate::store::begin_write(db).await?;
    let mut pool = Pool::covering(window(cfg, lo).0, window(cfg, hi).1);
    prime(&txn, docs, &mut pool).await?;
    let mut out = Vec::with_capacity(docs.len());
    // Owner, mention and event rows of the whole group go in together at
    // the end (reconcile writes them earlier where it reads or replaces
    // such rows).
    let mut batch = Batch::default();
    for d in docs {
        out.push(reconcile(&txn, cfg, d, &mut pool, &mut batch).await?);
    }
    batch.flush(&txn).await?;
    txn.commit().await?;
    Ok(out)
}

/// Before a group's documents are reconciled: its series (locked) and
/// meetings, the people its owners name (one lookup for the group instead
/// of one for each document) and its new meetings, inserted together
/// (each document with a source the series does not know yet). All of
/// it is in the group's transaction, so a group rolled back leaves none of
/// it behind.
async fn prime(
    txn: &DatabaseTransaction,
    docs: &[Prepared],
    pool: &mut Pool,
) -> Result<(), IngestError> {
    let Some(first) = docs.first() else {
        return Ok(());
    };
    if docs.iter().any(|d| d.series != first.series) {
        return Ok(());
    }
    let now = Utc::now();
    let series = tracking::lock_series(txn, &first.series, &first.series_name, now).await?;
    let meetings = tracking::meetings_of_series(txn, series.id).await?;
    let mut sources: BTreeSet<&str> = BTreeSet::new();
    let mut rows = Vec::new();
    let mut owners: BTreeSet<String> = BTreeSet::new();
    for d in docs {
        let existing = tracking::pick_meeting(&meetings, d.source.as_deref(), d.date);
        if existing.as_ref().is_some_and(|m| m.content_hash == d.hash) {
            continue;
        }
        owners.extend(d.matchable.iter().flat_map(|m| m.owners.iter().cloned()));
        if let (None, Some(src)) = (existing, d.source.as_deref()) {
            if sources.insert(src) {
                rows.push(new_meeting(series.id, d, now));
            }
        }
    }
    tracking::ensure_people(txn, owners, now, &mut pool.people).await?;
    for m in tracking::insert_meetings(txn, rows).await? {
        if let Some(src) = m.source.clone() {
            pool.fresh.insert(src, m);
        }
    }
    pool.series = Some(series);
    pool.meetings = Some(meetings);
    Ok(())
}

/// The row of a document's meeting, new.
fn new_meeting(series_id: i32, p: &Prepared, now: chrono::DateTime<Utc>) -> meeting::ActiveModel {
    meeting::ActiveModel {
        series_id: Set(series_id),
        date: Set(p.date),
        title: Set(p.minutes.meeting.title.clone()),
        source: Set(p.source.clone()),
        content_hash: Set(p.hash.clone()),
        participants: Set(participants_json(p)),
        note_taker: Set(p.minutes.meeting.note_taker.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

fn participants_json(p: &Prepared) -> String {
    serde_json::to_string(&p.minutes.meeting.participants).unwrap_or_else(|_| "[]".into())
}

/// An extracted action or gap, with its matching keys.
struct Extracted<'a> {
    item: &'a extract::Item,
    owners: &'a [String],
    owners_key: &'a str,
    match_text: &'a str,
    grams: &'a [u64],
}

/// What the follow-up rule compares of one action or gap: its owners
/// (normalised handles and names), their key, its normalised text and that
/// text's trigrams. Computed with the document (by [`prepare`], on the
/// reading thread of a folder ingest), not while its transaction is open.
#[derive(Debug, Clone)]
pub struct Matchable {
    pub owners: Vec<String>,
    pub owners_key: String,
    pub match_text: String,
    pub grams: Vec<u64>,
}

/// Actions and gaps become tracked items; cancellations and decisions do not.
fn tracked(item: &extract::Item) -> bool {
    matches!(item.kind, Kind::Action | Kind::Gap)
}

/// The [`Matchable`] of each action and gap of `minutes`, in order.
pub fn matchables(minutes: &Minutes) -> Vec<Matchable> {
    minutes
        .items
        .iter()
        .filter(|&i| tracked(i))
        .map(|item| {
            let mut owners: Vec<String> = Vec::new();
            for o in &item.owners {
                let h = normalize_handle(o);
                if !h.is_empty() && !owners.contains(&h) {
                    owners.push(h);
                }
            }
            let match_text = matching::normalize_text(&item.text, &owners);
            let grams = matching::trigrams(&match_text);
            Matchable {
                owners_key: matching::owners_key(&owners),
                grams,
                match_text,
                owners,
            }
        })
        .collect()
}

/// A pool entry and what this document did with it.
struct Candidate {
    idx: usize,
    /// The earlier version of this meeting named it.
    had_mention: bool,
    matched: bool,
}

/// The most similar candidate at or above the threshold (position in
/// `cands`), with the same owners when `same_owners`.
fn best(
    pool: &Pool,
    cands: &[Candidate],
    x: &Extracted<'_>,
    threshold: f64,
    same_owners: bool,
) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, c) in cands.iter().enumerate() {
        let e = pool.entry(c.idx);
        if !matching::may_match(x.grams, (&e.grams, &e.sig), threshold) {
            continue;
        }
        let owners_equal = e.item.match_owners == x.owners_key;
        if same_owners && !owners_equal {
            continue;
        }
        let mut s = matching::similarity(x.grams, &e.grams);
        if s < threshold {
            continue;
        }
        // Ties go to the same owners, then to the oldest item.
        if owners_equal {
            s += 1e-9;
        }
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

fn status_of(s: Status) -> &'static str {
    match s {
        Status::Done => "done",
        Status::Open => "open",
    }
}

fn refs_json(refs: &[String]) -> String {
    serde_json::to_string(refs).unwrap_or_else(|_| "[]".into())
}

/// The last-seen dates a document's items are matched within.
fn window(cfg: &IngestSettings, date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let days = Days::new(u64::from(cfg.match_window_days));
    (
        date.checked_sub_days(days).unwrap_or(NaiveDate::MIN),
        date.checked_add_days(days).unwrap_or(NaiveDate::MAX),
    )
}

/// Reconciles one document with what is stored. Owner, mention and event
/// rows are queued in `batch` for the caller to write; rows queued by earlier
/// documents of the same transaction are written first wherever this one
/// reads or replaces such rows (an existing meeting, new owners).
async fn reconcile(
    txn: &DatabaseTransaction,
    cfg: &IngestSettings,
    p: &Prepared,
    pool: &mut Pool,
    batch: &mut Batch,
) -> Result<Ingested, IngestError> {
    let now = Utc::now();
    let cancellations = p
        .minutes
        .items
        .iter()
        .filter(|i| i.kind == Kind::Cancellation)
        .count();
    let series = match pool.series.clone().filter(|s| s.slug == p.series) {
        Some(s) => s,
        None => {
            let s = tracking::lock_series(txn, &p.series, &p.series_name, now).await?;
            pool.series = Some(s.clone());
            s
        }
    };
    if pool.grouped() && pool.meetings.is_none() {
        pool.meetings = Some(tracking::meetings_of_series(txn, series.id).await?);
    }
    let existing = match &pool.meetings {
        Some(ms) => tracking::pick_meeting(ms, p.source.as_deref(), p.date),
        None => tracking::find_meeting(txn, series.id, p.source.as_deref(), p.date).await?,
    };
    if existing.is_some() {
        batch.flush(txn).await?;
    }
    if let Some(m) = existing.as_ref().filter(|m| m.content_hash == p.hash) {
        let n = tracking::mention_count(txn, m.id).await?;
        return Ok(Ingested {
            series,
            meeting: m.clone(),
            result: MeetingResult::Unchanged,
            counts: Counts {
                unchanged: n,
                ..Counts::default()
            },
            cancellations,
        });
    }
    let fresh = match (&existing, p.source.as_deref()) {
        (None, Some(src)) => pool.fresh.remove(src),
        _ => None,
    };
    let (meeting, result) = match (existing, fresh) {
        (Some(m), _) => {
            let mut am: meeting::ActiveModel = m.into();
            am.date = Set(p.date);
            am.title = Set(p.minutes.meeting.title.clone());
            am.content_hash = Set(p.hash.clone());
            am.participants = Set(participants_json(p));
            am.note_taker = Set(p.minutes.meeting.note_taker.clone());
            am.updated_at = Set(now);
            (am.update(txn).await?, MeetingResult::Updated)
        }
        (None, Some(m)) => (m, MeetingResult::Created),
        (None, None) => (
            new_meeting(series.id, p, now).insert(txn).await?,
            MeetingResult::Created,
        ),
    };
    if let Some(ms) = pool.meetings.as_mut() {
        ms.retain(|m| m.id != meeting.id);
        ms.push(meeting.clone());
    }

    let extracted: Vec<Extracted<'_>> = p
        .minutes
        .items
        .iter()
        .filter(|&i| tracked(i))
        .zip(&p.matchable)
        .map(|(item, m)| Extracted {
            item,
            owners: &m.owners,
            owners_key: &m.owners_key,
            match_text: &m.match_text,
            grams: &m.grams,
        })
        .collect();
    debug_assert_eq!(extracted.len(), p.matchable.len(), "one matchable an item");
    let all_owners: BTreeSet<String> = extracted
        .iter()
        .flat_map(|e| e.owners.iter().cloned())
        .collect();
    tracking::ensure_people(txn, all_owners, now, &mut pool.people).await?;
    let people = pool.people.clone();
    let person_ids = |owners: &[String]| -> Vec<i32> {
        owners
            .iter()
            .filter_map(|o| people.get(o).copied())
            .collect()
    };

    // Candidates: this meeting's earlier version, then the series' recent items.
    let mut same: Vec<Candidate> = Vec::new();
    if result == MeetingResult::Updated {
        for (it, had_mention) in tracking::items_of_meeting(txn, meeting.id).await? {
            same.push(Candidate {
                idx: pool.upsert(it.item, it.origin_date),
                had_mention,
                matched: false,
            });
        }
        tracking::delete_mentions_of_meeting(txn, meeting.id).await?;
    }
    let (from, to) = window(cfg, p.date);
    let same_ids: BTreeSet<i32> = same.iter().map(|c| pool.entry(c.idx).item.id).collect();
    let owner_keys: BTreeSet<String> = extracted.iter().map(|x| x.owners_key.to_string()).collect();
    pool.ensure(txn, series.id, &owner_keys, from, to).await?;
    // By owner set: an item is only compared with items of its own owners.
    let mut recent: HashMap<String, Vec<Candidate>> = HashMap::new();
    for idx in pool.candidates(series.id, &owner_keys, from, to, &same_ids) {
        recent
            .entry(pool.entry(idx).item.match_owners.clone())
            .or_default()
            .push(Candidate {
                idx,
                had_mention: false,
                matched: false,
            });
    }

    if record_cancellations(txn, &series, p).await? {
        pool.schedule = None;
    }
    // Due by default: the series' next call after the meeting, else one
    // interval after it.
    if pool.schedule.is_none() {
        let cal = crate::store::series::calendar(txn, series.id)
            .await
            .map_err(store_err)?;
        pool.schedule = Some(cal.schedule(&series.time_zone));
    }
    let default_due = pool
        .schedule
        .as_ref()
        .and_then(|s| s.next_call_after_day(p.date))
        .map(|o| o.start.date_naive())
        .or_else(|| {
            p.date
                .checked_add_days(Days::new(series.interval_days.max(0) as u64))
        });
    let mut counts = Counts::default();
    // Items this document creates, written together after the loop.
    let mut created_here: Vec<(&str, &[u64])> = Vec::new();
    let mut new_rows: Vec<item::ActiveModel> = Vec::new();
    let mut new_from: Vec<&Extracted<'_>> = Vec::new();
    let threshold = cfg.match_threshold;
    let meeting_ref = json!({"meeting": p.date, "source": p.source});

    for x in &extracted {
        let line = x.item.line;
        let status = status_of(x.item.status);
        let mention = |batch: &mut Batch, item_id: i32| {
            batch.mention(item_id, meeting.id, line, status, &x.item.text)
        };
        if let Some(i) = best(pool, &same, x, threshold, false) {
            let c = &mut same[i];
            if c.matched {
                counts.merged += 1;
                continue;
            }
            c.matched = true;
            let e = pool.entry(c.idx).clone();
            mention(batch, e.item.id);
            let (outcome, model) = update_same(
                txn,
                &e,
                c.had_mention,
                x,
                p,
                &meeting,
                default_due,
                &person_ids,
                batch,
            )
            .await?;
            if let Some(m) = model {
                pool.upsert_known(m, e.origin_date, Some((x.match_text, x.grams)));
            }
            match outcome {
                Change::Closed => counts.closed += 1,
                Change::Updated => counts.updated += 1,
                Change::None => counts.unchanged += 1,
            }
            continue;
        }
        let mine = recent.get_mut(x.owners_key);
        if let Some((c, _)) = mine.and_then(|cands| {
            best(pool, cands, x, threshold, true).map(move |i| (&mut cands[i], ()))
        }) {
            if c.matched {
                counts.merged += 1;
                continue;
            }
            c.matched = true;
            let e = pool.entry(c.idx).clone();
            mention(batch, e.item.id);
            let (change, model) = follow_up(&e, x, p, &meeting, batch)?;
            let origin = match e.origin_date {
                Some(d) if d <= p.date => Some(d),
                _ => Some(p.date),
            };
            pool.upsert_known(model, origin, Some((x.match_text, x.grams)));
            if change == Change::Closed {
                counts.closed += 1;
            } else {
                counts.mentioned += 1;
            }
            continue;
        }
        if created_here.iter().any(|(owners, grams)| {
            *owners == x.owners_key && matching::similarity(x.grams, grams) >= threshold
        }) {
            counts.merged += 1;
            continue;
        }
        let done = x.item.status == Status::Done;
        new_rows.push(item::ActiveModel {
            series_id: Set(Some(series.id)),
            meeting_id: Set(Some(meeting.id)),
            line: Set(Some(line as i32)),
            kind: Set(x.item.kind.as_str().to_string()),
            text: Set(x.item.text.clone()),
            status: Set(status.to_string()),
            section: Set(x.item.section.join(" / ")),
            due: Set(x.item.due.or(default_due)),
            refs: Set(refs_json(&x.item.refs)),
            created_at: Set(now),
            updated_at: Set(now),
            closed_at: Set(done.then_some(now)),
            last_meeting_id: Set(Some(meeting.id)),
            last_seen: Set(Some(p.date)),
            meetings: Set(1),
            match_text: Set(x.match_text.to_string()),
            match_owners: Set(x.owners_key.to_string()),
            manual_fields: Set(0),
            ..Default::default()
        });
        new_from.push(x);
        counts.created += 1;
        created_here.push((x.owners_key, x.grams));
    }
    // Written with the batch (items first), under ids taken now.
    let ids = tracking::reserve_item_ids(txn, new_rows.len(), &mut pool.next_item_id).await?;
    for ((mut row, id), x) in new_rows.into_iter().zip(ids).zip(new_from) {
        row.id = Set(id);
        let model = batch.new_item(row)?;
        let status = status_of(x.item.status);
        batch.owners(model.id, &person_ids(x.owners));
        batch.mention(model.id, meeting.id, x.item.line, status, &x.item.text);
        batch.event(
            model.id,
            "created",
            ACTOR,
            json!({"meeting": p.date, "source": p.source, "line": x.item.line, "status": status}),
        );
        pool.upsert_known(model, Some(p.date), Some((x.match_text, x.grams)));
    }

    // What the earlier version named and this one does not.
    for c in same.iter().filter(|c| !c.matched) {
        let e = pool.entry(c.idx).clone();
        let (dropped, model, origin) = vanished(txn, &e, &meeting_ref, batch).await?;
        pool.upsert(model, origin.or(e.origin_date));
        if dropped {
            counts.dropped += 1;
        }
    }
    tracing::debug!(
        series = %series.slug,
        meeting = meeting.id,
        date = %p.date,
        created = counts.created,
        mentioned = counts.mentioned,
        candidates = recent.values().map(Vec::len).sum::<usize>() + same.len(),
        pool = pool.len(),
        "document reconciled"
    );
    Ok(Ingested {
        series,
        meeting,
        result,
        counts,
        cancellations,
    })
}

fn store_err(e: crate::store::StoreError) -> IngestError {
    match e {
        crate::store::StoreError::Db(d) => IngestError::Db(d),
        other => IngestError::Db(DbErr::Custom(other.to_string())),
    }
}

/// Lower-case words of a text (letters and digits).
fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `needle` occurs in `hay` as consecutive words.
fn has_words(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Cancelled calls the minutes announce become exceptions of a series: the
/// one the item's section names (by slug or name, as words) when one does,
/// else the document's own. Adding one twice changes nothing. Returns
/// whether the document's own series gained one.
async fn record_cancellations(
    txn: &DatabaseTransaction,
    series: &series::Model,
    p: &Prepared,
) -> Result<bool, IngestError> {
    let cancels: Vec<&extract::Item> = p
        .minutes
        .items
        .iter()
        .filter(|i| i.kind == Kind::Cancellation && i.date.is_some())
        .collect();
    if cancels.is_empty() {
        return Ok(false);
    }
    let mut own = false;
    let all = crate::store::series::list(txn).await.map_err(store_err)?;
    let source = format!(
        "minutes:{}",
        p.source
            .clone()
            .unwrap_or_else(|| format!("{}/{}", series.slug, p.date))
    );
    for c in cancels {
        let Some(date) = c.date else { continue };
        let section = words(&c.section.join(" "));
        let target = all
            .iter()
            .filter(|s| s.id != series.id)
            .filter_map(|s| {
                let by_slug = words(&s.slug.replace(['-', '_'], " "));
                let by_name = words(&s.name);
                let n = if has_words(&section, &by_slug) {
                    by_slug.len()
                } else if has_words(&section, &by_name) {
                    by_name.len()
                } else {
                    return None;
                };
                Some((n, s))
            })
            .max_by_key(|(n, _)| *n)
            .map(|(_, s)| s)
            .unwrap_or(series);
        let new = crate::store::series::add_exception(
            txn,
            target.id,
            date,
            crate::store::series::CANCELLED,
            None,
            None,
            &c.text,
            &source,
        )
        .await
        .map_err(store_err)?;
        own |= new && target.id == series.id;
    }
    Ok(own)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    None,
    Updated,
    Closed,
}

/// Applies the status the minutes give an item (unless the API set it);
/// returns whether it changed and whether it closed.
fn apply_status(
    item: &item::Model,
    am: &mut item::ActiveModel,
    wanted: &str,
    detail: serde_json::Value,
    batch: &mut Batch,
) -> Change {
    if item.manual_fields & MANUAL_STATUS != 0 || item.status == wanted {
        return Change::None;
    }
    let now = Utc::now();
    am.status = Set(wanted.to_string());
    am.closed_at = Set((wanted != "open").then_some(now));
    let mut d = detail;
    d["from"] = json!(item.status);
    d["to"] = json!(wanted);
    batch.event(item.id, "status_changed", ACTOR, d);
    if wanted == "done" {
        Change::Closed
    } else {
        Change::Updated
    }
}

/// An item of an earlier (or, ingested out of order, later) meeting named
/// again: a mention, and the status if these minutes are the newest.
fn follow_up(
    e: &Entry,
    x: &Extracted<'_>,
    p: &Prepared,
    meeting: &meeting::Model,
    batch: &mut Batch,
) -> Result<(Change, item::Model), DbErr> {
    let it = &e.item;
    let mut am: item::ActiveModel = it.clone().into();
    let newest = it.last_seen.is_none_or(|d| p.date >= d);
    let status = status_of(x.item.status);
    let detail = json!({"meeting": p.date, "source": p.source, "line": x.item.line});
    batch.event(
        it.id,
        "mentioned",
        ACTOR,
        json!({"meeting": p.date, "source": p.source, "line": x.item.line, "status": status}),
    );
    am.meetings = Set(it.meetings + 1);
    let mut change = Change::None;
    if newest {
        am.last_meeting_id = Set(Some(meeting.id));
        am.last_seen = Set(Some(p.date));
        am.match_text = Set(x.match_text.to_string());
        change = apply_status(it, &mut am, status, detail.clone(), batch);
        if let Some(due) = x.item.due.filter(|d| Some(*d) != it.due) {
            if it.manual_fields & MANUAL_DUE == 0 {
                am.due = Set(Some(due));
                batch.event(
                    it.id,
                    "edited",
                    ACTOR,
                    json!({"field": "due", "from": it.due, "to": due, "meeting": p.date}),
                );
            }
        }
    }
    if e.origin_date.is_some_and(|d| p.date < d) {
        // Ingested out of order: this meeting is now the first to name it.
        am.meeting_id = Set(Some(meeting.id));
        am.line = Set(Some(x.item.line as i32));
    }
    am.updated_at = Set(Utc::now());
    let model = batch.item(am)?;
    Ok((change, model))
}

/// An item of the earlier version of the same meeting, matched again: its
/// fields follow the edit (unless the API changed them or a later meeting
/// has named the item since).
#[allow(clippy::too_many_arguments)]
async fn update_same(
    txn: &DatabaseTransaction,
    e: &Entry,
    had_mention: bool,
    x: &Extracted<'_>,
    p: &Prepared,
    meeting: &meeting::Model,
    default_due: Option<NaiveDate>,
    person_ids: &dyn Fn(&[String]) -> Vec<i32>,
    batch: &mut Batch,
) -> Result<(Change, Option<item::Model>), DbErr> {
    let it = &e.item;
    let mut am: item::ActiveModel = it.clone().into();
    let mut changed = false;
    let mut moved = false;
    if !had_mention {
        am.meetings = Set(it.meetings + 1);
        changed = true;
    }
    let newest = it.last_seen.is_none_or(|d| p.date >= d);
    let origin_here = it.meeting_id == Some(meeting.id);
    let detail = json!({"meeting": p.date, "source": p.source, "line": x.item.line});
    let mut change = Change::None;
    if newest {
        am.last_meeting_id = Set(Some(meeting.id));
        am.last_seen = Set(Some(p.date));
        change = apply_status(it, &mut am, status_of(x.item.status), detail.clone(), batch);
        if it.manual_fields & MANUAL_TEXT == 0 && it.text != x.item.text {
            am.text = Set(x.item.text.clone());
            batch.event(
                it.id,
                "edited",
                ACTOR,
                json!({"field": "text", "from": it.text, "to": x.item.text, "meeting": p.date}),
            );
            changed = true;
        }
        let due = x
            .item
            .due
            .or(if origin_here { default_due } else { it.due });
        if it.manual_fields & MANUAL_DUE == 0 && due != it.due {
            am.due = Set(due);
            batch.event(
                it.id,
                "edited",
                ACTOR,
                json!({"field": "due", "from": it.due, "to": due, "meeting": p.date}),
            );
            changed = true;
        }
        if it.manual_fields & MANUAL_OWNERS == 0 && it.match_owners != x.owners_key {
            // Owner rows queued for this item are written before it is replaced.
            batch.flush(txn).await?;
            tracking::replace_owners(txn, it.id, &person_ids(x.owners)).await?;
            batch.event(
                it.id,
                "owners_changed",
                ACTOR,
                json!({"from": it.match_owners, "to": x.owners, "meeting": p.date}),
            );
            changed = true;
        }
        am.match_text = Set(x.match_text.to_string());
        am.match_owners = Set(x.owners_key.to_string());
        if origin_here {
            let section = x.item.section.join(" / ");
            let refs = refs_json(&x.item.refs);
            let kind = x.item.kind.as_str();
            changed |= it.section != section || it.refs != refs || it.kind != kind;
            // A line that moved is written but is not a change of the item.
            moved = it.line != Some(x.item.line as i32);
            am.section = Set(section);
            am.refs = Set(refs);
            am.kind = Set(kind.to_string());
            am.line = Set(Some(x.item.line as i32));
        }
    }
    let model = if changed || change != Change::None {
        am.updated_at = Set(Utc::now());
        Some(batch.item(am)?)
    } else if moved || it.match_text != x.match_text || it.match_owners != x.owners_key {
        Some(batch.item(am)?)
    } else {
        None
    };
    let change = match change {
        Change::None if changed => Change::Updated,
        other => other,
    };
    Ok((change, model))
}

/// An item the earlier version of a meeting named and the new one does not:
/// without any other meeting naming it, it is dropped (returns true);
/// otherwise its first and last meeting are taken from the others. Returns
/// the updated item and its new first meeting's date.
async fn vanished(
    txn: &DatabaseTransaction,
    e: &Entry,
    meeting_ref: &serde_json::Value,
    batch: &mut Batch,
) -> Result<(bool, item::Model, Option<NaiveDate>), DbErr> {
    let it = &e.item;
    let others = tracking::mentions_of(txn, it.id).await?;
    let mut am: item::ActiveModel = it.clone().into();
    am.updated_at = Set(Utc::now());
    let origin = others.first().map(|(_, d, _)| *d);
    let dropped = match (others.first(), others.last()) {
        (Some(&(first_id, _, first_line)), Some(&(last_id, last_date, _))) => {
            am.meetings = Set(others.len() as i32);
            am.meeting_id = Set(Some(first_id));
            am.line = Set(Some(first_line));
            am.last_meeting_id = Set(Some(last_id));
            am.last_seen = Set(Some(last_date));
            batch.event(it.id, "unmentioned", ACTOR, meeting_ref.clone());
            false
        }
        _ => {
            am.meetings = Set(0);
            if it.status == "dropped" || it.manual_fields & MANUAL_STATUS != 0 {
                false
            } else {
                am.status = Set("dropped".into());
                am.closed_at = Set(Some(Utc::now()));
                let mut d = meeting_ref.clone();
                d["from"] = json!(it.status);
                d["to"] = json!("dropped");
                batch.event(it.id, "status_changed", ACTOR, d);
                true
            }
        }
    };
    let model = am.update(txn).await?;
    Ok((dropped, model, origin))
}
