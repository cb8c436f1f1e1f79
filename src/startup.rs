//! Builds the HTTP application from settings; tests build it on port 0.

use crate::api::{self, AppState};
use crate::config::Settings;
use crate::store;
use actix_web::dev::Server;
use actix_web::middleware::ErrorHandlers;
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;
use tracing_actix_web::TracingLogger;

pub struct Application {
    port: u16,
    server: Server,
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
        let state = web::Data::new(AppState {
            db,
            json_limit: settings.server.json_limit,
            markdown_limit: settings.server.markdown_limit,
            ingest: settings.ingest.clone(),
        });
        let mut server = HttpServer::new(move || {
            App::new()
                .wrap(ErrorHandlers::new().default_handler(api::problem_for_any_error))
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
        Ok(Application { port, server })
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
