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

use crate::mail::{ItemContext, Mailer, Outgoing, ReminderContext, SendError, Templates};
use crate::store::items::{self, ItemFilter, SortKey};
use crate::store::{outbox as store, people, series, StoreError};
use chrono::{DateTime, Duration, Utc};
use entity::outbox;
use sea_orm::{DatabaseConnection, Set};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// What planning and delivering need.
pub struct Ctx {
    pub db: DatabaseConnection,
    pub mailer: Mailer,
    pub templates: Templates,
    pub lease: Duration,
    /// Domain of Message-IDs.
    pub domain: String,
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

/// Plans the reminders that are due at `now`: for each series, its next
/// call after `now` if its reminder time (start minus the series' lead) has
/// come; one email per owner with open items in that series.
pub async fn plan(ctx: &Ctx, now: DateTime<Utc>) -> Result<Report, StoreError> {
    let mut report = Report::default();
    let all = series::list(&ctx.db).await?;
    let ids: Vec<i32> = all.iter().map(|s| s.id).collect();
    let mut cals = series::calendars(&ctx.db, &ids).await?;
    let mut rows = Vec::new();
    for s in all {
        let cal = cals.remove(&s.id).unwrap_or_default();
        let schedule = cal.schedule(&s.time_zone);
        let Some(call) = schedule.next_after(now) else {
            continue;
        };
        let lead = Duration::minutes(i64::from(s.lead_minutes));
        if call.reminder_at(lead) > now {
            continue;
        }
        let filter = ItemFilter {
            statuses: vec!["open".into()],
            series: Some(s.slug.clone()),
            ..Default::default()
        };
        let (open, _) = items::list(&ctx.db, &filter, SortKey::Due, false, 10_000, 0).await?;
        let today = call.start.date_naive();
        let mut by_owner: BTreeMap<String, Vec<ItemContext>> = BTreeMap::new();
        for v in &open {
            for o in &v.owners {
                by_owner.entry(o.clone()).or_default().push(ItemContext {
                    text: v.item.text.clone(),
                    section: v.item.section.clone(),
                    due: v.item.due.map(|d| d.to_string()),
                    overdue: v.item.due.is_some_and(|d| d < today),
                    meetings: v.item.meetings,
                    url: None,
                });
            }
        }
        let handles: Vec<String> = by_owner.keys().cloned().collect();
        let known = people::by_handles(&ctx.db, &handles).await?;
        for (handle, mut its) in by_owner {
            let person = known.iter().find(|p| p.handle == handle);
            let Some((p, to)) = person
                .filter(|p| p.reminders)
                .and_then(|p| p.email.clone().map(|e| (p, e)))
            else {
                report.undeliverable.push(handle);
                continue;
            };
            its.sort_by_key(|i| !i.overdue);
            let start_utc = call.start.with_timezone(&Utc);
            let key = format!("reminder/{}/{}/{}", p.id, s.id, start_utc.to_rfc3339());
            let rendered = ctx
                .templates
                .reminder(&ReminderContext {
                    person: p.display_name.clone().unwrap_or_else(|| p.handle.clone()),
                    series: s.name.clone(),
                    call_start: call.start.format("%Y-%m-%d %H:%M %Z").to_string(),
                    call_date: call.start.format("%Y-%m-%d").to_string(),
                    items: its,
                })
                .map_err(|e| StoreError::Invalid {
                    field: "templates",
                    reason: e.to_string(),
                })?;
            rows.push(outbox::ActiveModel {
                message_id: Set(message_id(&key, &ctx.domain)),
                key: Set(key),
                kind: Set("reminder".into()),
                person_id: Set(Some(p.id)),
                series_id: Set(Some(s.id)),
                to_address: Set(to),
                subject: Set(rendered.subject),
                text_body: Set(rendered.text),
                html_body: Set(rendered.html),
                status: Set(store::PENDING.into()),
                attempts: Set(0),
                next_attempt_at: Set(now),
                not_after: Set(Some(start_utc)),
                lease_until: Set(None),
                last_error: Set(None),
                created_at: Set(now),
                sent_at: Set(None),
                ..Default::default()
            });
        }
    }
    report.planned = store::enqueue(&ctx.db, rows).await?;
    Ok(report)
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
                to: row.to_address.clone(),
                subject: row.subject.clone(),
                text: row.text_body.clone(),
                html: row.html_body.clone(),
                message_id: row.message_id.clone(),
            };
            match ctx.mailer.send(&email).await {
                Ok(()) => {
                    store::mark_sent(&ctx.db, row.id, Utc::now().max(now)).await?;
                    tracing::info!(outbox.id = row.id, kind = %row.kind, "email sent");
                    report.sent += 1;
                }
                Err(SendError::Transient(e)) => {
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
