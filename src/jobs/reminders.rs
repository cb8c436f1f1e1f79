//! Reminders before each call: planned into the outbox, then delivered.
//!
//! ## The delivery guarantee
//!
//! - **Never twice.** A reminder is planned under a unique key (person,
//!   series, call start): planning again, after a restart or on several
//!   instances at once, adds nothing. A sender claims a row before sending
//!   (one atomic statement), so two senders never take the same row; each
//!   email carries a Message-ID derived from its key, so a retry after an
//!   unknown outcome (a crash between SMTP's reply and our write) is the same
//!   message to the receiving side.
//! - **Never lost.** Rows are written before anything is sent. A transient
//!   failure (4xx, connection error, timeout) is retried with exponential
//!   backoff and jitter; a claim held by a sender that died expires after
//!   `mail.lease_secs` and the row is taken again. After downtime, planning
//!   catches up: a reminder whose time has passed but whose call has not
//!   started is planned and sent at once.
//! - **Never late.** A reminder is not sent once its call has started: it
//!   is marked `expired`. Permanent failures (5xx) are marked `failed` and
//!   not retried.
//!
//! Both steps are plain `async fn`s taking `now`, so tests call them
//! directly, twice; `jobs::scheduler` only wakes them every minute.

use crate::mail::{
    ItemContext, Mailer, Outgoing, OwnerItems, ReminderContext, SendError, TeamContext, Templates,
    WeeklyContext,
};
use crate::store::items::{self, ItemFilter, SortKey};
use crate::store::{outbox as store, people, series, StoreError};
use chrono::{DateTime, Duration, Utc};
use chrono::{Datelike, NaiveTime, Weekday};
use chrono_tz::Tz;
use entity::outbox;
use sea_orm::{DatabaseConnection, Set};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// When weekly digests go out: a weekday and local time, in each person's
/// time zone (or the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weekly {
    pub day: Weekday,
    pub time: NaiveTime,
    pub default_tz: Tz,
}

impl Weekly {
    /// The latest digest slot at or before `now` in `tz`.
    pub fn slot(&self, tz: Tz, now: DateTime<Utc>) -> DateTime<Utc> {
        let local = now.with_timezone(&tz).date_naive();
        let back =
            (local.weekday().num_days_from_monday() + 7 - self.day.num_days_from_monday()) % 7;
        let mut day = local - Duration::days(i64::from(back));
        loop {
            let at = crate::schedule::place(tz, day.and_time(self.time)).with_timezone(&Utc);
            if at <= now {
                return at;
            }
            day -= Duration::days(7);
        }
    }
}

/// What planning and delivering need.
pub struct Ctx {
    pub db: DatabaseConnection,
    pub mailer: Mailer,
    pub templates: Templates,
    pub lease: Duration,
    /// Domain of Message-IDs.
    pub domain: String,
    /// Weekly digests, if enabled.
    pub weekly: Option<Weekly>,
    /// Signed action and unsubscribe links, if configured.
    pub links: Option<Links>,
}

/// How emails link back to the service.
#[derive(Debug, Clone)]
pub struct Links {
    pub key: Vec<u8>,
    /// e.g. `https://followup.example.org` (no trailing slash needed).
    pub base_url: String,
    pub ttl: Duration,
}

impl Links {
    fn url(&self, path: &str, a: &crate::actions::Action) -> String {
        format!(
            "{}/{path}/{}",
            self.base_url.trim_end_matches('/'),
            crate::actions::sign(&self.key, a)
        )
    }

    fn action(
        &self,
        kind: crate::actions::Kind,
        item: Option<i32>,
        person: i32,
        now: DateTime<Utc>,
    ) -> String {
        let path = if item.is_some() { "a" } else { "u" };
        self.url(
            path,
            &crate::actions::Action {
                kind,
                item_id: item,
                person_id: person,
                expires: (now + self.ttl).timestamp(),
                nonce: crate::actions::nonce(),
            },
        )
    }

    /// Fills an item's done / ongoing / postpone links for a person.
    fn item_links(&self, it: &mut ItemContext, person: i32, now: DateTime<Utc>) {
        use crate::actions::Kind;
        it.done_url = Some(self.action(Kind::Done, Some(it.id), person, now));
        it.ongoing_url = Some(self.action(Kind::Ongoing, Some(it.id), person, now));
        it.postpone_url = Some(self.action(Kind::Postpone, Some(it.id), person, now));
    }

    fn unsubscribe(&self, person: i32, now: DateTime<Utc>) -> String {
        self.action(crate::actions::Kind::Unsubscribe, None, person, now)
    }
}

/// What one round did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub planned: u64,
    /// Owners with open items but no address (or reminders off).
    pub undeliverable: Vec<String>,
    pub sent: u64,
    pub retried: u64,
    pub failed: u64,
    pub expired: u64,
}

fn message_id(key: &str, domain: &str) -> String {
    let h = hex::encode(&Sha256::digest(key.as_bytes())[..12]);
    format!("<{h}@{domain}>")
}

fn item_context(v: &items::ItemView, today: chrono::NaiveDate) -> ItemContext {
    ItemContext {
        id: v.item.id,
        done_url: None,
        ongoing_url: None,
        postpone_url: None,
        text: v.item.text.clone(),
        section: v.item.section.clone(),
        due: v.item.due.map(|d| d.to_string()),
        overdue: v.item.due.is_some_and(|d| d < today),
        meetings: v.item.meetings,
        url: v.source_url(),
    }
}

fn template_error(e: crate::mail::MailError) -> StoreError {
    StoreError::Invalid {
        field: "templates",
        reason: e.to_string(),
    }
}

/// An outbox row for a rendered email.
#[allow(clippy::too_many_arguments)]
fn row(
    key: String,
    kind: &str,
    person_id: Option<i32>,
    series_id: Option<i32>,
    to: String,
    rendered: crate::mail::Rendered,
    now: DateTime<Utc>,
    not_after: Option<DateTime<Utc>>,
    domain: &str,
) -> outbox::ActiveModel {
    outbox::ActiveModel {
        message_id: Set(message_id(&key, domain)),
        key: Set(key),
        kind: Set(kind.into()),
        person_id: Set(person_id),
        series_id: Set(series_id),
        to_address: Set(to),
        subject: Set(rendered.subject),
        text_body: Set(rendered.text),
        html_body: Set(rendered.html),
        status: Set(store::PENDING.into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        not_after: Set(not_after),
        lease_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        unsubscribe_url: Set(None),
        ..Default::default()
    }
}

/// Plans what is due at `now`:
///
/// - for each series, if the reminder time of its next call (start minus
///   the series' lead) has come: one reminder per owner with open items in
///   it, and the team digest to the series' list address if it has one;
/// - for each person with an address, the weekly digest of the current
///   week once its slot (weekday and time in their zone) has come.
///
/// Keys already planned are skipped before anything is rendered.
pub async fn plan(ctx: &Ctx, now: DateTime<Utc>) -> Result<Report, StoreError> {
    let mut report = Report::default();
    let all = series::list(&ctx.db).await?;
    let ids: Vec<i32> = all.iter().map(|s| s.id).collect();
    let mut cals = series::calendars(&ctx.db, &ids).await?;
    let mut rows = Vec::new();
    for s in &all {
        let cal = cals.remove(&s.id).unwrap_or_default();
        let schedule = cal.schedule(&s.time_zone);
        let Some(call) = schedule.next_after(now) else {
            continue;
        };
        let lead = Duration::minutes(i64::from(s.lead_minutes));
        if call.reminder_at(lead) > now {
            continue;
        }
        let start_utc = call.start.with_timezone(&Utc);
        let filter = ItemFilter {
            statuses: vec!["open".into()],
            series: Some(s.slug.clone()),
            ..Default::default()
        };
        let (open, _) = items::list(&ctx.db, &filter, SortKey::Due, false, 10_000, 0).await?;
        let today = call.start.date_naive();
        let mut by_owner: BTreeMap<String, Vec<ItemContext>> = BTreeMap::new();
        let mut gaps = Vec::new();
        let mut unowned = Vec::new();
        for v in &open {
            if v.item.kind == "gap" && v.owners.is_empty() {
                gaps.push(item_context(v, today));
            } else if v.owners.is_empty() {
                unowned.push(item_context(v, today));
            }
            for o in &v.owners {
                by_owner
                    .entry(o.clone())
                    .or_default()
                    .push(item_context(v, today));
            }
        }
        let handles: Vec<String> = by_owner.keys().cloned().collect();
        let known = people::by_handles(&ctx.db, &handles).await?;
        let call_start = call.start.format("%Y-%m-%d %H:%M %Z").to_string();
        let call_date = call.start.format("%Y-%m-%d").to_string();
        let mut undeliverable = Vec::new();
        let mut wanted = Vec::new();
        for (handle, its) in &by_owner {
            let reachable = known
                .iter()
                .find(|p| &p.handle == handle)
                .filter(|p| p.reminders)
                .and_then(|p| p.email.clone().map(|e| (p, e)));
            match reachable {
                Some((p, to)) => wanted.push((
                    format!("reminder/{}/{}/{}", p.id, s.id, start_utc.to_rfc3339()),
                    p,
                    to,
                    its.clone(),
                )),
                None => undeliverable.push(handle.clone()),
            }
        }
        let team_key = format!("team/{}/{}", s.id, start_utc.to_rfc3339());
        let mut keys: Vec<String> = wanted.iter().map(|w| w.0.clone()).collect();
        keys.push(team_key.clone());
        let planned = store::existing_keys(&ctx.db, &keys).await?;
        for (key, p, to, mut its) in wanted {
            if planned.contains(&key) {
                continue;
            }
            its.sort_by_key(|i| !i.overdue);
            if let Some(l) = &ctx.links {
                for it in its.iter_mut() {
                    l.item_links(it, p.id, now);
                }
            }
            let rendered = ctx
                .templates
                .reminder(&ReminderContext {
                    person: p.display_name.clone().unwrap_or_else(|| p.handle.clone()),
                    series: s.name.clone(),
                    call_start: call_start.clone(),
                    call_date: call_date.clone(),
                    items: its,
                })
                .map_err(template_error)?;
            let mut r = row(
                key,
                "reminder",
                Some(p.id),
                Some(s.id),
                to,
                rendered,
                now,
                Some(start_utc),
                &ctx.domain,
            );
            r.unsubscribe_url = Set(ctx.links.as_ref().map(|l| l.unsubscribe(p.id, now)));
            rows.push(r);
        }
        if let Some(list) = s
            .list_address
            .clone()
            .filter(|_| !planned.contains(&team_key))
        {
            if !open.is_empty() {
                let mut owners: Vec<OwnerItems> = by_owner
                    .into_iter()
                    .map(|(name, mut items)| {
                        items.sort_by_key(|i| !i.overdue);
                        OwnerItems { name, items }
                    })
                    .collect();
                if !unowned.is_empty() {
                    owners.push(OwnerItems {
                        name: "(no owner)".into(),
                        items: unowned,
                    });
                }
                let rendered = ctx
                    .templates
                    .team(&TeamContext {
                        series: s.name.clone(),
                        call_start: call_start.clone(),
                        call_date: call_date.clone(),
                        total: open.len(),
                        owners,
                        gaps,
                        undeliverable: undeliverable.clone(),
                    })
                    .map_err(template_error)?;
                rows.push(row(
                    team_key,
                    "team_digest",
                    None,
                    Some(s.id),
                    list,
                    rendered,
                    now,
                    Some(start_utc),
                    &ctx.domain,
                ));
            }
        }
        report.undeliverable.extend(undeliverable);
    }
    if let Some(w) = ctx.weekly {
        rows.extend(plan_weekly(ctx, &w, &all, now).await?);
    }
    report.undeliverable.sort();
    report.undeliverable.dedup();
    report.planned = store::enqueue(&ctx.db, rows).await?;
    Ok(report)
}

/// The weekly digests due at `now` that are not planned yet.
async fn plan_weekly(
    ctx: &Ctx,
    w: &Weekly,
    all: &[entity::series::Model],
    now: DateTime<Utc>,
) -> Result<Vec<outbox::ActiveModel>, StoreError> {
    let (everyone, _) = people::list(&ctx.db, 100_000, 0).await?;
    let mut wanted = Vec::new();
    for p in everyone.into_iter().filter(|p| p.reminders) {
        let Some(to) = p.email.clone() else { continue };
        let tz = p
            .time_zone
            .as_deref()
            .and_then(|t| t.parse::<Tz>().ok())
            .unwrap_or(w.default_tz);
        let slot = w.slot(tz, now);
        let local = slot.with_timezone(&tz).date_naive();
        wanted.push((format!("weekly/{}/{}", p.id, local), p, to, slot, local));
    }
    let keys: Vec<String> = wanted.iter().map(|w| w.0.clone()).collect();
    let planned = store::existing_keys(&ctx.db, &keys).await?;
    let names: BTreeMap<String, String> = all
        .iter()
        .map(|s| (s.slug.clone(), s.name.clone()))
        .collect();
    let mut rows = Vec::new();
    for (key, p, to, slot, local) in wanted {
        if planned.contains(&key) {
            continue;
        }
        let filter = ItemFilter {
            statuses: vec!["open".into()],
            owner: Some(p.handle.clone()),
            ..Default::default()
        };
        let (open, total) = items::list(&ctx.db, &filter, SortKey::Due, false, 1000, 0).await?;
        if open.is_empty() {
            continue;
        }
        let mut by_series: BTreeMap<String, Vec<ItemContext>> = BTreeMap::new();
        for v in &open {
            let name = v
                .series
                .as_ref()
                .map(|s| {
                    names
                        .get(&s.slug)
                        .cloned()
                        .unwrap_or_else(|| s.name.clone())
                })
                .unwrap_or_else(|| "(no series)".into());
            by_series
                .entry(name)
                .or_default()
                .push(item_context(v, local));
        }
        let rendered = ctx
            .templates
            .weekly(&WeeklyContext {
                person: p.display_name.clone().unwrap_or_else(|| p.handle.clone()),
                week: local.format("%G-W%V").to_string(),
                total: total as usize,
                series: by_series
                    .into_iter()
                    .map(|(name, mut items)| {
                        items.sort_by_key(|i| !i.overdue);
                        OwnerItems { name, items }
                    })
                    .collect(),
            })
            .map_err(template_error)?;
        let mut r = row(
            key,
            "weekly_digest",
            Some(p.id),
            None,
            to,
            rendered,
            now,
            Some(slot + Duration::days(7)),
            &ctx.domain,
        );
        r.unsubscribe_url = Set(ctx.links.as_ref().map(|l| l.unsubscribe(p.id, now)));
        rows.push(r);
    }
    Ok(rows)
}

/// Backoff before attempt `n + 1`: one minute doubling to an hour at most,
/// with ±20 % jitter derived from the row (no two rows retry in lockstep).
pub fn backoff(id: i32, attempts: i32) -> Duration {
    let base = 60i64 << attempts.clamp(0, 6).saturating_sub(1);
    let base = base.min(3600);
    let jitter = (i64::from(id) * 7919 + i64::from(attempts) * 104_729) % 41 - 20;
    Duration::seconds(base + base * jitter / 100)
}

/// Sends what is due at `now` (see the module doc for the guarantee).
pub async fn deliver(ctx: &Ctx, now: DateTime<Utc>) -> Result<Report, StoreError> {
    let mut report = Report {
        expired: store::expire(&ctx.db, now).await?,
        ..Report::default()
    };
    loop {
        let batch = store::claim(&ctx.db, now, ctx.lease, 20).await?;
        if batch.is_empty() {
            break;
        }
        for row in batch {
            let email = Outgoing {
                unsubscribe: row.unsubscribe_url.clone(),
                to: row.to_address.clone(),
                subject: row.subject.clone(),
                text: row.text_body.clone(),
                html: row.html_body.clone(),
                message_id: row.message_id.clone(),
            };
            match ctx.mailer.send(&email).await {
                Ok(()) => {
                    crate::metrics::METRICS.smtp("sent");
                    store::mark_sent(&ctx.db, row.id, Utc::now().max(now)).await?;
                    tracing::info!(outbox.id = row.id, kind = %row.kind, "email sent");
                    report.sent += 1;
                }
                Err(SendError::Transient(e)) => {
                    crate::metrics::METRICS.smtp("retry");
                    let at = now + backoff(row.id, row.attempts);
                    if row.not_after.is_some_and(|n| at >= n) {
                        // The next try would come after the call started.
                        store::mark_expired(&ctx.db, row.id, &e).await?;
                        report.expired += 1;
                    } else {
                        store::mark_failed(&ctx.db, row.id, &e, Some(at)).await?;
                        report.retried += 1;
                    }
                    tracing::warn!(outbox.id = row.id, error = %e, retry_at = %at, "send failed, will retry");
                }
                Err(SendError::Permanent(e)) => {
                    crate::metrics::METRICS.smtp("failed");
                    store::mark_failed(&ctx.db, row.id, &e, None).await?;
                    tracing::error!(outbox.id = row.id, error = %e, "send failed for good");
                    report.failed += 1;
                }
            }
        }
    }
    Ok(report)
}

/// One round: plan, then deliver.
pub async fn run(ctx: &Ctx, now: DateTime<Utc>) -> Result<Report, StoreError> {
    let planned = plan(ctx, now).await?;
    let delivered = deliver(ctx, now).await?;
    Ok(Report {
        planned: planned.planned,
        undeliverable: planned.undeliverable,
        ..delivered
    })
}
