//! Builds the HTTP application from settings; tests build it on port 0.

use crate::api::{self, AppState};
use crate::config::Settings;
use crate::store;
use actix_web::dev::Server;
use actix_web::middleware::{Condition, ErrorHandlers};
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;
use tracing_actix_web::TracingLogger;

pub struct Application {
    port: u16,
    server: Server,
    /// Wakes the reminder round every minute (when `reminders.enabled`).
    _scheduler: Option<tokio_cron_scheduler::JobScheduler>,
}

/// What the reminder jobs need, from settings.
pub fn reminder_context(
    settings: &Settings,
    db: sea_orm::DatabaseConnection,
    link_key: Vec<u8>,
) -> anyhow::Result<crate::jobs::reminders::Ctx> {
    let mail = &settings.mail;
    let dir =
        (!mail.templates_dir.is_empty()).then(|| std::path::PathBuf::from(&mail.templates_dir));
    let domain = mail
        .from
        .parse::<lettre::message::Mailbox>()
        .map(|m| m.email.domain().to_string())
        .unwrap_or_else(|_| "followup.invalid".into());
    Ok(crate::jobs::reminders::Ctx {
        db,
        mailer: crate::mail::Mailer::from_settings(mail)?,
        templates: crate::mail::Templates::load(dir.as_deref())?,
        lease: chrono::Duration::seconds(mail.lease_secs as i64),
        domain,
        weekly: settings.digests.weekly(),
        links: Some(crate::jobs::reminders::Links {
            key: link_key,
            base_url: mail.public_url.clone(),
            ttl: chrono::Duration::days(i64::from(mail.link_days)),
        }),
    })
}

/// Browsers on these origins may call the API (with a token); preflights
/// from any other origin are refused.
fn cors(origins: &[String]) -> actix_cors::Cors {
    use actix_web::http::header;
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PATCH", "DELETE"])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([header::LOCATION, header::RETRY_AFTER])
        .max_age(600);
    for o in origins {
        cors = cors.allowed_origin(o);
    }
    cors
}

impl Application {
    /// Opens the database, applies migrations, binds the listener.
    pub async fn build(settings: &Settings) -> anyhow::Result<Application> {
        let db = store::connect(settings).await?;
        store::migrate(&db)
            .await
            .map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
        let listener = TcpListener::bind(&settings.server.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.server.bind))?;
        let port = listener.local_addr()?.port();
        let link_key = std::sync::Arc::new(
            store::actions::link_key(&db)
                .await
                .map_err(|e| anyhow::anyhow!("link key: {e}"))?,
        );
        let scheduler = if settings.reminders.enabled {
            let ctx = std::sync::Arc::new(reminder_context(
                settings,
                db.clone(),
                link_key.as_ref().clone(),
            )?);
            Some(crate::jobs::scheduler::start(ctx).await?)
        } else {
            None
        };
        let state = web::Data::new(AppState {
            link_key,
            db,
            json_limit: settings.server.json_limit,
            markdown_limit: settings.server.markdown_limit,
            ingest: settings.ingest.clone(),
            gate: std::sync::Arc::new(api::gate::Gate::from_settings(&settings.auth)),
            answers: std::sync::Arc::new(api::cache::AnswerCache::new(
                settings.server.answer_cache_entries,
            )),
        });
        let origins = settings.auth.cors_origins.clone();
        let mut server = HttpServer::new(move || {
            App::new()
                // Innermost: a handler's panic becomes a 500 the others see.
                .wrap(actix_web::middleware::from_fn(api::unwind::catch_panic))
                .wrap(Condition::new(!origins.is_empty(), cors(&origins)))
                .wrap(ErrorHandlers::new().default_handler(api::problem_for_any_error))
                .wrap(actix_web::middleware::from_fn(api::observe::record))
                .wrap(TracingLogger::default())
                .app_data(state.clone())
                .configure(api::routes)
                .default_service(web::to(api::not_found))
        })
        .shutdown_timeout(settings.server.shutdown_timeout_secs);
        if settings.server.workers > 0 {
            server = server.workers(settings.server.workers);
        }
        let server = server.listen(listener)?.run();
        tracing::info!(address = %settings.server.bind, port, database = %settings.database_url_redacted(), "listening");
        Ok(Application {
            port,
            server,
            _scheduler: scheduler,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or ctrl-c; in-flight requests get
    /// `server.shutdown_timeout_secs` to finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
