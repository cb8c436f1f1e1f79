//! Wires tokio-cron-scheduler to wake the reminder round every minute. The
//! schedules themselves live in the database and are computed with
//! chrono-tz; the cron job only says "now" (its own time-zone handling
//! drifts across DST changes, tokio-cron-scheduler issue #107).

use super::reminders::{self, Ctx};
use std::sync::Arc;
use tokio_cron_scheduler::{Job, JobScheduler};

/// Starts the scheduler; the round runs once at once (after downtime,
/// reminders whose time passed while their call has not started go out
/// now) and then at second 0 of every minute.
pub async fn start(ctx: Arc<Ctx>) -> anyhow::Result<JobScheduler> {
    let first = ctx.clone();
    tokio::spawn(async move {
        if let Err(e) = reminders::run(&first, chrono::Utc::now()).await {
            tracing::error!(error = %e, "reminder round at start failed");
        }
    });
    let sched = JobScheduler::new().await?;
    let job = Job::new_async("0 * * * * *", move |_id, _lock| {
        let ctx = ctx.clone();
        Box::pin(async move {
            let now = chrono::Utc::now();
            match reminders::run(&ctx, now).await {
                Ok(r) => {
                    if r.planned + r.sent + r.retried + r.failed + r.expired > 0 {
                        tracing::info!(
                            planned = r.planned,
                            sent = r.sent,
                            retried = r.retried,
                            failed = r.failed,
                            expired = r.expired,
                            undeliverable = r.undeliverable.len(),
                            "reminder round"
                        );
                    }
                }
                Err(e) => tracing::error!(error = %e, "reminder round failed"),
            }
        })
    })?;
    sched.add(job).await?;
    sched.start().await?;
    Ok(sched)
}
