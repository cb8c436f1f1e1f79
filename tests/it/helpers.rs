//! `spawn_app()`: the real application on port 0 with its own database: a
//! fresh SQLite file, or, when TEST_DATABASE_URL is set, a fresh PostgreSQL
//! database created for this test.

use followup::config::Settings;
use followup::startup::Application;
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct TestApp {
    pub address: String,
    /// Sends the admin token with every request.
    pub client: awc::Client,
    /// Sends no token.
    pub anon: awc::Client,
    pub settings: Settings,
    _dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
    pub headers: awc::http::header::HeaderMap,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A database URL of this test's own.
async fn fresh_database(dir: &tempfile::TempDir) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let name = format!(
                "followup_test_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::SeqCst),
                chrono::Utc::now().timestamp_micros()
            );
            let admin = Database::connect(base.as_str())
                .await
                .expect("connect to TEST_DATABASE_URL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let mut url = url::Url::parse(&base).expect("TEST_DATABASE_URL is a URL");
            url.set_path(&format!("/{name}"));
            url.to_string()
        }
        _ => format!("sqlite://{}", dir.path().join("test.db").display()),
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with("").await
}

/// The app with extra TOML settings on top of `config/test.toml`.
pub async fn spawn_app_with(extra: &str) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let test_toml = include_str!("../../config/test.toml");
    let db_layer = format!("[database]\nurl = \"{url}\"\n");
    let settings =
        Settings::load_with(None, &[test_toml, &db_layer, extra]).expect("test settings");
    let app = Application::build(&settings).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    actix_rt::spawn(app.run_until_stopped());
    let admin_token = token(&settings, "test-admin", followup::auth::Scope::Admin, None).await;
    TestApp {
        address,
        client: client_with(&admin_token),
        anon: awc::Client::default(),
        settings,
        _dir: dir,
    }
}

/// A client that sends this bearer token with every request.
pub fn client_with(token: &str) -> awc::Client {
    awc::Client::builder()
        .add_default_header(("authorization", format!("Bearer {token}")))
        .finish()
}

/// A token made straight in the app's database (as `followup token create`).
pub async fn token(
    settings: &Settings,
    name: &str,
    scope: followup::auth::Scope,
    expires_at: Option<chrono::DateTime<chrono::Utc>>,
) -> String {
    let db = followup::store::connect(settings).await.unwrap();
    let (_, token) =
        followup::store::tokens::create(&db, name, scope, expires_at, chrono::Utc::now())
            .await
            .unwrap();
    token
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn reply(
        mut res: awc::ClientResponse<
            impl futures_util::Stream<Item = Result<actix_web::web::Bytes, awc::error::PayloadError>>
                + Unpin,
        >,
    ) -> Reply {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = res.body().limit(16 * 1024 * 1024).await.expect("body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply {
            status,
            content_type,
            body,
            headers,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        Self::reply(self.client.get(self.url(path)).send().await.expect("GET")).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        Self::reply(
            self.client
                .post(self.url(path))
                .send_json(body)
                .await
                .expect("POST"),
        )
        .await
    }

    pub async fn post_empty(&self, path: &str) -> Reply {
        Self::reply(self.client.post(self.url(path)).send().await.expect("POST")).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Reply {
        Self::reply(
            self.client
                .patch(self.url(path))
                .send_json(body)
                .await
                .expect("PATCH"),
        )
        .await
    }

    pub async fn send_raw(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let req = self
            .client
            .request(
                awc::http::Method::from_bytes(method.as_bytes()).unwrap(),
                self.url(path),
            )
            .insert_header(("content-type", content_type));
        Self::reply(req.send_body(body).await.expect("request")).await
    }

    /// Creates an item through the API and returns its id.
    pub async fn item(&self, body: Value) -> i64 {
        let r = self.post("/api/v1/items", &body).await;
        assert_eq!(r.status, 201, "{:?}", r.body);
        r.body["id"].as_i64().unwrap()
    }

    /// A series row (the series API arrives with schedules).
    pub async fn series(&self, slug: &str) {
        use sea_orm::{ActiveModelTrait, Set};
        let db = followup::store::connect(&self.settings).await.unwrap();
        let now = chrono::Utc::now();
        entity::series::ActiveModel {
            slug: Set(slug.into()),
            name: Set(slug.into()),
            time_zone: Set("Europe/Berlin".into()),
            source_url_template: Set(None),
            interval_days: Set(7),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
    }
}

impl TestApp {
    /// A connection to this test's database.
    pub async fn db(&self) -> sea_orm::DatabaseConnection {
        followup::store::connect(&self.settings).await.unwrap()
    }

    /// Rows in a table.
    pub async fn count(&self, table: &str) -> i64 {
        use sea_orm::Statement;
        let db = self.db().await;
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    /// Rows in every table ingestion writes, by table.
    pub async fn stored(&self) -> Vec<(&'static str, i64)> {
        let mut out = Vec::new();
        for t in [
            "series",
            "meetings",
            "items",
            "item_owners",
            "item_mentions",
            "item_events",
            "people",
        ] {
            out.push((t, self.count(t).await));
        }
        out
    }

    /// Posts Markdown minutes with metadata in the query string.
    pub async fn ingest(&self, query: &str, markdown: &str) -> Reply {
        self.send_raw(
            "POST",
            &format!("/api/v1/minutes?{query}"),
            "text/markdown; charset=utf-8",
            markdown.as_bytes().to_vec(),
        )
        .await
    }

    /// GET returning the raw body text.
    pub async fn get_text(&self, path: &str) -> (u16, String, String) {
        let mut res = self.client.get(self.url(path)).send().await.expect("GET");
        let ct = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = res.body().await.expect("body");
        (
            res.status().as_u16(),
            ct,
            String::from_utf8_lossy(&body).into_owned(),
        )
    }
}

/// Asserts an error reply is a problem document with this status and code.
pub fn assert_problem(r: &Reply, status: u16, code: &str) {
    assert_eq!(r.status, status, "{:?}", r.body);
    assert!(
        r.content_type.starts_with("application/problem+json"),
        "content type {}",
        r.content_type
    );
    assert_eq!(r.body["code"], code, "{:?}", r.body);
    assert_eq!(r.body["status"], status);
    assert!(r.body["detail"].as_str().is_some_and(|d| !d.is_empty()));
}

/// The `field` names of a problem document (each once, in order).
pub fn fields(r: &Reply) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in r.body["fields"].as_array().into_iter().flatten() {
        let name = f["field"].as_str().unwrap().to_string();
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}
