//! Access to `/api/v1`: tokens and scopes on each route class, expired and
//! revoked tokens, anonymous reads, CORS preflights and the rate limit.

use crate::helpers::{
    assert_problem, client_with, spawn_app, spawn_app_with, token, Reply, TestApp,
};
use followup::auth::Scope;
use serde_json::{json, Value};

/// A request with an explicit client (token or none).
async fn call(
    app: &TestApp,
    client: &awc::Client,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Reply {
    let req = client.request(
        awc::http::Method::from_bytes(method.as_bytes()).unwrap(),
        app.url(path),
    );
    let res = match body {
        Some(b) => req.send_json(b).await,
        None => req.send().await,
    }
    .expect("request");
    TestApp::reply(res).await
}

/// The status of a GET with this client.
async fn get_status(app: &TestApp, client: &awc::Client, path: &str) -> u16 {
    call(app, client, "GET", path, None).await.status
}

/// One request of each route class with what it needs at least.
fn route_classes() -> Vec<(&'static str, &'static str, Option<Value>, Scope)> {
    vec![
        ("GET", "/api/v1/items", None, Scope::Read),
        ("GET", "/api/v1/stats", None, Scope::Read),
        ("GET", "/api/v1/people", None, Scope::Read),
        ("GET", "/api/v1/series", None, Scope::Read),
        (
            "POST",
            "/api/v1/items",
            Some(json!({"text": "write the release notes"})),
            Scope::Write,
        ),
        ("POST", "/api/v1/items/1/done", None, Scope::Write),
        (
            "POST",
            "/api/v1/people",
            Some(json!({"handle": "someone"})),
            Scope::Admin,
        ),
        (
            "POST",
            "/api/v1/series",
            Some(json!({"slug": "team-x", "name": "Team X", "time_zone": "Europe/Berlin"})),
            Scope::Admin,
        ),
        ("GET", "/api/v1/tokens", None, Scope::Admin),
    ]
}

#[actix_rt::test]
async fn each_scope_reaches_exactly_its_route_classes() {
    let app = spawn_app().await;
    app.item(json!({"text": "seed item"})).await;
    for scope in [Scope::Read, Scope::Write, Scope::Admin] {
        let t = token(&app.settings, &format!("t-{scope}"), scope, None).await;
        let client = client_with(&t);
        for (method, path, body, needed) in route_classes() {
            // Admin routes create things: give each scope its own names.
            let body = body.map(|mut b| {
                if let Some(h) = b.get_mut("handle") {
                    *h = json!(format!("someone-{scope}"));
                }
                if let Some(s) = b.get_mut("slug") {
                    *s = json!(format!("team-{scope}"));
                }
                b
            });
            let r = call(&app, &client, method, path, body.as_ref()).await;
            if scope >= needed {
                assert!(
                    r.status < 300,
                    "{scope} on {method} {path}: {} {:?}",
                    r.status,
                    r.body
                );
            } else {
                assert_problem(&r, 403, "forbidden");
                assert!(r.body["detail"].as_str().unwrap().contains(needed.as_str()));
            }
        }
    }
}

#[actix_rt::test]
async fn no_wrong_expired_or_revoked_token_is_401() {
    let app = spawn_app().await;
    // No token.
    let r = call(&app, &app.anon, "GET", "/api/v1/items", None).await;
    assert_problem(&r, 401, "unauthorized");
    assert_eq!(r.headers.get("www-authenticate").unwrap(), "Bearer");
    // Not a bearer token; a well-formed but unknown one.
    let basic = awc::Client::builder()
        .add_default_header(("authorization", "Basic dXNlcjpwYXNz"))
        .finish();
    assert_problem(
        &call(&app, &basic, "GET", "/api/v1/items", None).await,
        401,
        "unauthorized",
    );
    let unknown = client_with(&followup::auth::new_token());
    assert_problem(
        &call(&app, &unknown, "GET", "/api/v1/items", None).await,
        401,
        "unauthorized",
    );
    // Expired.
    let old = token(
        &app.settings,
        "old",
        Scope::Admin,
        Some(chrono::Utc::now() - chrono::Duration::minutes(1)),
    )
    .await;
    let r = call(&app, &client_with(&old), "GET", "/api/v1/items", None).await;
    assert_problem(&r, 401, "unauthorized");
    assert!(r.body["detail"].as_str().unwrap().contains("expired"));
    // Created through the API, used, then revoked: refused at once.
    let r = app
        .post(
            "/api/v1/tokens",
            &json!({"name": "dash", "scope": "read", "expires_days": 30}),
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let dash = client_with(r.body["token"].as_str().unwrap());
    assert_eq!(get_status(&app, &dash, "/api/v1/items").await, 200);
    let list = app.get("/api/v1/tokens").await;
    assert_eq!(list.status, 200);
    let listed = list.body.to_string();
    assert!(
        !listed.contains(r.body["token"].as_str().unwrap()),
        "a list never shows tokens"
    );
    assert!(listed.contains("\"state\":\"active\""));
    let del = call(
        &app,
        &app.client,
        "DELETE",
        &format!("/api/v1/tokens/{id}"),
        None,
    )
    .await;
    assert_eq!(del.status, 200, "{:?}", del.body);
    assert_eq!(del.body["state"], "revoked");
    let r = call(&app, &dash, "GET", "/api/v1/items", None).await;
    assert_problem(&r, 401, "unauthorized");
    assert!(r.body["detail"].as_str().unwrap().contains("revoked"));
    // Bad token requests are named fields.
    let r = app
        .post("/api/v1/tokens", &json!({"name": "", "scope": "root"}))
        .await;
    assert_problem(&r, 422, "validation_failed");
    let r = call(&app, &app.client, "DELETE", "/api/v1/tokens/9999", None).await;
    assert_problem(&r, 404, "not_found");
}

#[actix_rt::test]
async fn item_history_names_the_token_that_changed_it() {
    let app = spawn_app().await;
    let id = app.item(json!({"text": "check the backups"})).await;
    let w = client_with(&token(&app.settings, "ci-bot", Scope::Write, None).await);
    let r = call(&app, &w, "POST", &format!("/api/v1/items/{id}/done"), None).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let actors: Vec<&str> = r.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(actors, vec!["token:test-admin", "token:ci-bot"]);
}

#[actix_rt::test]
async fn anonymous_reads_only_when_configured() {
    let open = spawn_app_with("[auth]\nanonymous_read = true\n").await;
    assert_eq!(get_status(&open, &open.anon, "/api/v1/items").await, 200);
    assert_eq!(get_status(&open, &open.anon, "/api/v1/stats").await, 200);
    // Writes and token management still need a token.
    let r = call(
        &open,
        &open.anon,
        "POST",
        "/api/v1/items",
        Some(&json!({"text": "x"})),
    )
    .await;
    assert_problem(&r, 401, "unauthorized");
    assert_problem(
        &call(&open, &open.anon, "GET", "/api/v1/tokens", None).await,
        401,
        "unauthorized",
    );
    // A wrong token is still wrong.
    let unknown = client_with(&followup::auth::new_token());
    assert_problem(
        &call(&open, &unknown, "GET", "/api/v1/items", None).await,
        401,
        "unauthorized",
    );

    let closed = spawn_app().await;
    assert_problem(
        &call(&closed, &closed.anon, "GET", "/api/v1/items", None).await,
        401,
        "unauthorized",
    );
    // The description of the API is public either way, as is /healthz.
    assert_eq!(
        get_status(&closed, &closed.anon, "/api/v1/openapi.json").await,
        200
    );
    assert_eq!(get_status(&closed, &closed.anon, "/healthz").await, 200);
}

async fn preflight(app: &TestApp, origin: &str) -> Reply {
    let res = app
        .anon
        .request(awc::http::Method::OPTIONS, app.url("/api/v1/items"))
        .insert_header(("origin", origin))
        .insert_header(("access-control-request-method", "GET"))
        .insert_header(("access-control-request-headers", "authorization"))
        .send()
        .await
        .expect("OPTIONS");
    TestApp::reply(res).await
}

#[actix_rt::test]
async fn cors_preflight_from_an_allowed_and_a_refused_origin() {
    let app = spawn_app_with("[auth]\ncors_origins = [\"https://dash.example.org\"]\n").await;
    let ok = preflight(&app, "https://dash.example.org").await;
    assert_eq!(ok.status, 200, "{:?}", ok.body);
    assert_eq!(
        ok.headers.get("access-control-allow-origin").unwrap(),
        "https://dash.example.org"
    );
    let allowed = ok
        .headers
        .get("access-control-allow-headers")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(allowed.contains("authorization"), "{allowed}");

    let refused = preflight(&app, "https://evil.example.com").await;
    assert_problem(&refused, 400, "cors_origin_refused");
    assert!(refused.headers.get("access-control-allow-origin").is_none());

    // An actual request from the allowed origin carries the header too.
    let res = app
        .client
        .get(app.url("/api/v1/items"))
        .insert_header(("origin", "https://dash.example.org"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers().get("access-control-allow-origin").unwrap(),
        "https://dash.example.org"
    );

    // With no origins configured (the default), none is allowed.
    let default = spawn_app().await;
    let r = preflight(&default, "https://dash.example.org").await;
    assert!(r.headers.get("access-control-allow-origin").is_none());
}

#[actix_rt::test]
async fn over_the_rate_is_429_with_retry_after_per_token() {
    let app = spawn_app_with("[auth]\nrate_limit_per_minute = 60\nrate_limit_burst = 3\n").await;
    for _ in 0..3 {
        assert_eq!(app.get("/api/v1/items").await.status, 200);
    }
    let r = app.get("/api/v1/items").await;
    assert_problem(&r, 429, "rate_limited");
    let wait: u64 = r
        .headers
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    // Another token has its own allowance.
    let other = client_with(&token(&app.settings, "other", Scope::Read, None).await);
    assert_eq!(get_status(&app, &other, "/api/v1/items").await, 200);
    // After the wait, the first token may go on.
    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    assert_eq!(app.get("/api/v1/items").await.status, 200);
}

#[actix_rt::test]
async fn the_openapi_description_covers_every_route_and_resolves() {
    let app = spawn_app().await;
    let r = call(&app, &app.anon, "GET", "/api/v1/openapi.json", None).await;
    assert_eq!(r.status, 200);
    let spec = r.body;
    assert_eq!(spec["openapi"], "3.1.0");
    let paths = spec["paths"].as_object().unwrap();
    // Every /api/v1 route of `api::routes` (the description itself aside).
    let mut documented: Vec<String> = Vec::new();
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            documented.push(format!("{} {path}", method.to_uppercase()));
            let responses = op["responses"].as_object().unwrap();
            for code in ["401", "403", "422", "429", "500"] {
                assert!(responses.contains_key(code), "{method} {path} lacks {code}");
            }
            assert!(op["security"][0]["bearer"].is_array(), "{method} {path}");
        }
    }
    documented.sort();
    let mut expected: Vec<String> = [
        "GET /api/v1/items",
        "POST /api/v1/items",
        "GET /api/v1/items/{id}",
        "PATCH /api/v1/items/{id}",
        "POST /api/v1/items/{id}/done",
        "POST /api/v1/items/{id}/reopen",
        "POST /api/v1/minutes",
        "GET /api/v1/people",
        "POST /api/v1/people",
        "GET /api/v1/people/{handle}",
        "PATCH /api/v1/people/{handle}",
        "GET /api/v1/people/{handle}/items",
        "GET /api/v1/people/{handle}/items.ics",
        "GET /api/v1/reminders/undeliverable",
        "GET /api/v1/series",
        "POST /api/v1/series",
        "GET /api/v1/series/{slug}",
        "PATCH /api/v1/series/{slug}",
        "GET /api/v1/series/{slug}/occurrences",
        "POST /api/v1/series/{slug}/cancellations",
        "DELETE /api/v1/series/{slug}/cancellations",
        "DELETE /api/v1/series/{slug}/cancellations/{date}",
        "GET /api/v1/series/{slug}/pending.md",
        "GET /api/v1/series/{slug}/calendar.ics",
        "GET /api/v1/stats",
        "GET /api/v1/tokens",
        "POST /api/v1/tokens",
        "DELETE /api/v1/tokens/{id}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    expected.sort();
    assert_eq!(documented, expected);
    // Every $ref points at a schema that exists.
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("$ref", Value::String(s)) => out.push(s.clone()),
                        _ => refs(x, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&spec, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r.trim_start_matches("#/components/schemas/");
        assert!(
            spec["components"]["schemas"][name].is_object(),
            "{r} dangles"
        );
    }
    assert_eq!(
        spec["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    // Local times carry no offset: not an RFC 3339 `date-time`.
    for (schema, prop) in [("PeriodOut", "start"), ("ExceptionOut", "start")] {
        let p = &spec["components"]["schemas"][schema]["properties"][prop];
        assert!(p.is_object(), "{schema}.{prop}");
        assert_ne!(p["format"], "date-time", "{schema}.{prop}: {p}");
    }
    // Time zones: the schema names exactly the ones the service takes.
    let zones = spec["components"]["schemas"]["TimeZone"]["enum"]
        .as_array()
        .expect("TimeZone lists its names");
    assert!(zones.len() > 400, "{}", zones.len());
    for z in zones {
        let z = z.as_str().unwrap();
        assert!(followup::schedule::parse_tz(z).is_ok(), "{z}");
    }
    assert!(zones.iter().any(|z| z == "Europe/Berlin"));
    let tz_ref =
        |schema: &str| spec["components"]["schemas"][schema]["properties"]["time_zone"].to_string();
    for schema in ["CreateSeries", "PatchSeries", "CreatePerson", "PatchPerson"] {
        assert!(
            tz_ref(schema).contains("#/components/schemas/TimeZone"),
            "{schema}: {}",
            tz_ref(schema)
        );
    }
    // The docs page loads it.
    let (status, ct, html) = app.get_text("/docs").await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/html"));
    assert!(html.contains("/api/v1/openapi.json"));
}

/// The real binary: `token create` prints the token once, `token list`
/// never does, the server's debug log never holds it, and `token revoke`
/// stops it.
#[actix_rt::test]
async fn the_token_cli_and_logs_never_show_a_token_twice() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bin = env!("CARGO_BIN_EXE_followup");
    // The CLI and the server share one database, address and log level.
    let followup = || {
        let mut c = Command::new(bin);
        c.env(
            "FOLLOWUP__DATABASE__URL",
            format!("sqlite://{}/t.db", dir.path().display()),
        )
        .env("FOLLOWUP__SERVER__BIND", format!("127.0.0.1:{port}"))
        .env("FOLLOWUP__REMINDERS__ENABLED", "false")
        .env("FOLLOWUP__LOG__LEVEL", "debug");
        c
    };
    let run = |args: &[&str]| {
        let out = followup().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (token, note) = run(&[
        "token",
        "create",
        "--name",
        "ops",
        "--scope",
        "write",
        "--expires",
        "30",
    ]);
    let token = token.trim().to_string();
    assert!(followup::auth::well_formed(&token), "{token}");
    assert!(
        note.contains("scope write") && note.contains("shown only now"),
        "{note}"
    );
    let (list, _) = run(&["token", "list"]);
    assert!(
        list.contains("ops\twrite") && list.contains("active"),
        "{list}"
    );
    assert!(!list.contains(&token));

    let log = dir.path().join("server.log");
    let mut server = followup()
        .arg("serve")
        .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
        .stderr(Stdio::from(
            std::fs::File::create(dir.path().join("server.err")).unwrap(),
        ))
        .spawn()
        .unwrap();
    let client = client_with(&token);
    let url = format!("http://127.0.0.1:{port}/api/v1/items");
    let mut status = 0;
    for _ in 0..100 {
        if let Ok(r) = client.get(&url).send().await {
            status = r.status().as_u16();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(status, 200);
    let r = client
        .post(&url)
        .send_json(&json!({"text": "logged without its token"}))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let (_, _) = run(&["token", "revoke", "1"]);
    // The server trusts a checked token for auth.token_cache_secs (5 s).
    tokio::time::sleep(std::time::Duration::from_millis(5200)).await;
    let r = client.get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    server.kill().ok();
    server.wait().ok();
    let logged = std::fs::read_to_string(&log).unwrap()
        + &std::fs::read_to_string(dir.path().join("server.err")).unwrap();
    assert!(
        logged.contains("/api/v1/items"),
        "the requests are logged:\n{logged}"
    );
    assert!(!logged.contains(&token), "a token in the log:\n{logged}");
    assert!(!logged.contains(&token[3..20]));
}
