//! The follow-up rule's candidates: tracked items of one series with their
//! trigrams, loaded once and kept current while documents are reconciled.
//!
//! One document over the API loads the items with its owner sets; a folder
//! ingest loads a series' whole date range once per transaction and keeps
//! every item it writes up to date here, so each document is not a new
//! round of queries (nobody else can write the series meanwhile: SQLite
//! holds the write lock, PostgreSQL the series row lock).

use super::matching;
use crate::store::tracking::{self, PoolItem};
use chrono::NaiveDate;
use entity::{item, meeting, series};
use sea_orm::{DatabaseTransaction, DbErr};
use std::collections::{BTreeSet, HashMap};

/// A tracked item as a candidate.
#[derive(Debug, Clone)]
pub struct Entry {
    pub item: item::Model,
    /// Date of the meeting that first recorded it.
    pub origin_date: Option<NaiveDate>,
    pub grams: Vec<u64>,
    pub sig: matching::Signature,
}

#[derive(Debug, Default)]
pub struct Pool {
    entries: Vec<Entry>,
    index: HashMap<i32, usize>,
    /// Entry indexes by owner set (as the minutes name them).
    by_owners: HashMap<String, Vec<usize>>,
    /// Every item of the series last named in this range is loaded.
    cover: Option<(NaiveDate, NaiveDate)>,
    /// A range to load whole on first use (a folder ingest's documents).
    want: Option<(NaiveDate, NaiveDate)>,
    /// Within one transaction of several documents: the series (locked),
    /// its meetings, and people by handle, so each document does not look
    /// them up again.
    pub series: Option<series::Model>,
    pub meetings: Option<Vec<meeting::Model>>,
    pub people: HashMap<String, i32>,
    /// The next item id to give (SQLite; see `tracking::reserve_item_ids`).
    pub next_item_id: Option<i64>,
    /// Meetings inserted ahead for the group's new documents, by source.
    pub fresh: HashMap<String, meeting::Model>,
    /// The series' schedule (for due dates).
    pub schedule: Option<crate::schedule::Schedule>,
}

impl Pool {
    /// A pool that loads every item last named between `from` and `to` on
    /// first use, for a run of documents of one series in one transaction.
    pub fn covering(from: NaiveDate, to: NaiveDate) -> Pool {
        Pool {
            want: Some((from, to)),
            ..Pool::default()
        }
    }

    /// Whether this pool serves several documents in one transaction.
    pub fn grouped(&self) -> bool {
        self.want.is_some() || self.cover.is_some()
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Adds or refreshes an item; returns its index.
    pub fn upsert(&mut self, item: item::Model, origin_date: Option<NaiveDate>) -> usize {
        self.upsert_known(item, origin_date, None)
    }

    /// As [`Pool::upsert`], given the trigrams of a text (`known`): used,
    /// not computed again, when that text is the item's match text.
    pub fn upsert_known(
        &mut self,
        item: item::Model,
        origin_date: Option<NaiveDate>,
        known: Option<(&str, &[u64])>,
    ) -> usize {
        let grams_of = |text: &str| match known {
            Some((k, g)) if k == text => g.to_vec(),
            _ => matching::trigrams(text),
        };
        match self.index.get(&item.id) {
            Some(&i) => {
                let e = &mut self.entries[i];
                if e.item.match_text != item.match_text {
                    e.grams = grams_of(&item.match_text);
                    e.sig = matching::Signature::of(&e.grams);
                }
                if e.item.match_owners != item.match_owners {
                    if let Some(v) = self.by_owners.get_mut(&e.item.match_owners) {
                        v.retain(|&j| j != i);
                    }
                    self.by_owners
                        .entry(item.match_owners.clone())
                        .or_default()
                        .push(i);
                }
                e.item = item;
                e.origin_date = origin_date;
                i
            }
            None => {
                let i = self.entries.len();
                self.index.insert(item.id, i);
                self.by_owners
                    .entry(item.match_owners.clone())
                    .or_default()
                    .push(i);
                let grams = grams_of(&item.match_text);
                self.entries.push(Entry {
                    sig: matching::Signature::of(&grams),
                    grams,
                    item,
                    origin_date,
                });
                i
            }
        }
    }

    fn add(&mut self, rows: Vec<PoolItem>) {
        for p in rows {
            // A row already here may be newer than the database's copy only
            // within this transaction, where both agree.
            if !self.index.contains_key(&p.item.id) {
                self.upsert(p.item, p.origin_date);
            }
        }
    }

    /// Loads every item of the series last named between `from` and `to`.
    async fn load_range(
        &mut self,
        txn: &DatabaseTransaction,
        series_id: i32,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(), DbErr> {
        let rows = tracking::items_seen_between(txn, series_id, None, from, to).await?;
        self.add(rows);
        self.cover = Some((from, to));
        Ok(())
    }

    /// Makes sure the candidates for a document are here: nothing to do
    /// inside a loaded range, else the items with these owner sets.
    pub async fn ensure(
        &mut self,
        txn: &DatabaseTransaction,
        series_id: i32,
        owner_keys: &BTreeSet<String>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(), DbErr> {
        if let Some((a, b)) = self.want.take() {
            self.load_range(txn, series_id, a, b).await?;
        }
        if self.cover.is_some_and(|(a, b)| a <= from && to <= b) {
            return Ok(());
        }
        let rows = tracking::items_seen_between(txn, series_id, Some(owner_keys.clone()), from, to)
            .await?;
        self.add(rows);
        Ok(())
    }

    /// Indexes of the items of the series last named between `from` and
    /// `to` with one of these owner sets, except `exclude`.
    pub fn candidates(
        &self,
        series_id: i32,
        owner_keys: &BTreeSet<String>,
        from: NaiveDate,
        to: NaiveDate,
        exclude: &BTreeSet<i32>,
    ) -> Vec<usize> {
        let mut out: Vec<usize> = owner_keys
            .iter()
            .filter_map(|k| self.by_owners.get(k))
            .flatten()
            .copied()
            .filter(|&i| {
                let e = &self.entries[i];
                e.item.series_id == Some(series_id)
                    && !e.item.match_text.is_empty()
                    && e.item.last_seen.is_some_and(|d| from <= d && d <= to)
                    && !exclude.contains(&e.item.id)
            })
            .collect();
        // Oldest first, so ties go to the item tracked longest.
        out.sort_unstable();
        out
    }
}
