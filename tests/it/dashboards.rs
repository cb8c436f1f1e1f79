//! `/api/v1/stats` and `/metrics` over real minutes: the numbers agree
//! with `/items`, follow the filters, and change as soon as items do.

use crate::helpers::{assert_problem, fields, spawn_app};
use crate::ingest::{all_items, ingest_sequence};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn count_by(items: &[Value], field: &str) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for i in items {
        *m.entry(i[field].as_str().unwrap().to_string()).or_default() += 1;
    }
    m
}

#[actix_rt::test]
async fn stats_agree_with_the_items_and_follow_filters_and_writes() {
    let app = spawn_app().await;
    ingest_sequence(&app).await;
    let items = all_items(&app, "sig-standardization").await;
    assert!(items.len() > 5, "the fixtures hold items");

    let s = app.get("/api/v1/stats").await;
    assert_eq!(s.status, 200, "{:?}", s.body);
    let s = s.body;
    assert_eq!(s["total"].as_u64().unwrap(), items.len() as u64);
    for (status, n) in count_by(&items, "status") {
        assert_eq!(s["by_status"][&status].as_u64().unwrap(), n, "{status}");
    }
    for (kind, n) in count_by(&items, "kind") {
        assert_eq!(s["by_kind"][&kind].as_u64().unwrap(), n, "{kind}");
    }
    assert_eq!(
        s["by_series"]["sig-standardization"].as_u64().unwrap(),
        items.len() as u64
    );
    // Owner counts: each item counts once for each of its owners.
    let mut owners: BTreeMap<String, u64> = BTreeMap::new();
    for i in &items {
        for o in i["owners"].as_array().unwrap() {
            *owners.entry(o.as_str().unwrap().to_string()).or_default() += 1;
        }
    }
    for o in s["by_owner"].as_array().unwrap() {
        assert_eq!(
            o["count"].as_u64(),
            owners.get(o["key"].as_str().unwrap()).copied(),
            "{o}"
        );
    }
    // Open ages: as many as open items, median ≤ p90.
    let open = items.iter().filter(|i| i["status"] == "open").count() as u64;
    assert_eq!(s["open_age"]["count"].as_u64().unwrap(), open);
    assert!(s["open_age"]["median_days"].as_i64() <= s["open_age"]["p90_days"].as_i64());
    // The weekly series over the meetings' months: every item first
    // recorded in it is counted once.
    let w = app
        .get("/api/v1/stats?from=2026-02-01&to=2026-04-30&stale_meetings=2")
        .await
        .body;
    let created: u64 = w["weekly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["created"].as_u64().unwrap())
        .sum();
    assert_eq!(created, items.len() as u64);
    assert_eq!(w["weekly"][0]["week"], "2026-W05");
    assert_eq!(w["stale"]["meetings"], 2);

    // Filters are those of /items.
    let f = app.get("/api/v1/stats?status=open&kind=action").await.body;
    let expected = items
        .iter()
        .filter(|i| i["status"] == "open" && i["kind"] == "action")
        .count() as u64;
    assert_eq!(f["total"].as_u64().unwrap(), expected);

    // A write shows at once (the cache is cleared).
    app.item(json!({"text": "one more", "series": "sig-standardization"}))
        .await;
    let after = app.get("/api/v1/stats").await.body;
    assert_eq!(after["total"].as_u64().unwrap(), items.len() as u64 + 1);

    // Bad parameters are named.
    let bad = app
        .get("/api/v1/stats?from=2026-05-01&to=2026-01-01&stale_meetings=-1&limit=3")
        .await;
    assert_problem(&bad, 400, "invalid_query");
    assert_eq!(fields(&bad), vec!["stale_meetings", "limit", "from"]);
}

#[actix_rt::test]
async fn metrics_count_requests_ingests_and_open_items() {
    let app = spawn_app().await;
    ingest_sequence(&app).await;
    app.get("/api/v1/items").await;
    app.get("/api/v1/items/99999").await;
    let (status, ct, text) = app.get_text("/metrics").await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("application/openmetrics-text"), "{ct}");
    for needle in [
        "followup_http_requests_total{method=\"GET\",route=\"/api/v1/items\",status=\"200\"}",
        "followup_http_requests_total{method=\"GET\",route=\"/api/v1/items/{id}\",status=\"404\"}",
        "followup_http_request_duration_seconds_bucket{",
        "followup_ingest_documents_total{outcome=\"created\"}",
        "followup_ingest_duration_seconds_count",
        "followup_open_items{series=\"sig-standardization\",kind=\"action\"}",
    ] {
        assert!(text.contains(needle), "{needle} missing in:\n{text}");
    }
    // The open-items gauge is the open count of /items.
    let open = app
        .get("/api/v1/items?series=sig-standardization&status=open&limit=1")
        .await
        .body["total"]
        .as_u64()
        .unwrap();
    let gauge: u64 = text
        .lines()
        .filter(|l| l.starts_with("followup_open_items{series=\"sig-standardization\""))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(gauge, open);
    // Metrics need a token like any read.
    let r = app.anon.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
}

#[actix_rt::test]
async fn cached_answers_follow_writes_made_elsewhere() {
    let app = spawn_app().await;
    let id = app.item(json!({"text": "rotate the keys"})).await;
    let before = app.get("/api/v1/items?status=open").await.body;
    let stats = app.get("/api/v1/stats?status=open").await.body;
    assert_eq!(before["total"], 1);
    assert_eq!(stats["total"], 1);
    // Another instance (here: another connection, as a second server or
    // `followup ingest` would be) closes the item.
    let db = app.db().await;
    followup::store::items::set_status(&db, id as i32, "done", None, "elsewhere")
        .await
        .unwrap();
    let after = app.get("/api/v1/items?status=open").await.body;
    assert_eq!(after["total"], 0, "{after}");
    let stats = app.get("/api/v1/stats?status=open").await.body;
    assert_eq!(stats["total"], 0);
    // Also a change to a person shows in lists (owners are handles).
    let listed = app.get("/api/v1/items?status=done").await.body;
    assert_eq!(listed["items"][0]["status"], "done");
}
