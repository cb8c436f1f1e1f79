//! The HTTP API end to end: every endpoint and filter, pagination edges,
//! validation codes, 404s, idempotent status changes, history, and the error
//! envelope for actix's own errors.

use crate::helpers::{assert_problem, fields, spawn_app};
use serde_json::json;

#[actix_web::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    let r = app.get("/healthz").await;
    assert_eq!((r.status, r.body["status"].as_str()), (200, Some("ok")));
    let r = app.get("/readyz").await;
    assert_eq!((r.status, r.body["status"].as_str()), (200, Some("ready")));
}

#[actix_web::test]
async fn create_then_get_with_owners_source_and_history() {
    let app = spawn_app().await;
    app.series("sig-standardization").await;
    let r = app
        .post(
            "/api/v1/items",
            &json!({"text": "  draft the IPv6 standard ", "owners": ["@FZakfeld", "Kurt"], "due": "2030-01-15",
                    "series": "sig-standardization", "section": "Agenda / IPv6", "kind": "action"}),
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(
        r.headers.get("location").unwrap().to_str().unwrap(),
        format!("/api/v1/items/{id}")
    );
    let r = app.get(&format!("/api/v1/items/{id}")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["text"], "draft the IPv6 standard");
    assert_eq!(r.body["owners"], json!(["fzakfeld", "Kurt"]));
    assert_eq!(r.body["status"], "open");
    assert_eq!(r.body["due"], "2030-01-15");
    assert_eq!(r.body["source"]["series"], "sig-standardization");
    assert_eq!(r.body["history"][0]["kind"], "created");
    // The owners became people.
    let r = app.get("/api/v1/people/fzakfeld").await;
    assert_eq!(r.status, 200);
}

#[actix_web::test]
async fn unknown_series_on_create_is_a_field_error() {
    let app = spawn_app().await;
    let r = app
        .post("/api/v1/items", &json!({"text": "x", "series": "nope"}))
        .await;
    assert_problem(&r, 422, "validation_failed");
    assert_eq!(fields(&r), vec!["series"]);
}

#[actix_web::test]
async fn every_list_filter() {
    let app = spawn_app().await;
    app.series("iam").await;
    app.series("ops").await;
    let a = app.item(json!({"text": "Write findings in the issue", "owners": ["reqa"], "series": "iam", "section": "Agenda / Keycloak", "due": "2001-01-01"})).await;
    let b = app.item(json!({"text": "Monitoring gap for k3s", "kind": "gap", "series": "ops", "section": "Agenda / Monitoring"})).await;
    let c = app.item(json!({"text": "Blog article", "owners": ["garloff"], "series": "ops", "due": "2099-06-01", "section": "Plan"})).await;
    app.post_empty(&format!("/api/v1/items/{c}/done")).await;
    let ids = |r: &crate::helpers::Reply| -> Vec<i64> {
        let mut v: Vec<i64> = r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        v.sort();
        v
    };
    let cases: Vec<(&str, Vec<i64>)> = vec![
        ("", vec![a, b, c]),
        ("status=open", vec![a, b]),
        ("status=open&status=done", vec![a, b, c]),
        ("status=dropped", vec![]),
        ("kind=gap", vec![b]),
        ("owner=reqa", vec![a]),
        ("owner=%40GARLOFF", vec![c]),
        ("owner=GARLOFF", vec![]),
        ("owner=garloff", vec![c]),
        ("series=ops", vec![b, c]),
        ("section=Agenda", vec![a, b]),
        ("section=Agenda%20%2F%20Mon", vec![b]),
        ("section=%25", vec![]),
        ("due_before=2050-01-01", vec![a]),
        ("due_after=2050-01-01", vec![c]),
        ("overdue=true", vec![a]),
        ("q=BLOG", vec![c]),
        ("q=gap%20for", vec![b]),
        ("updated_since=2000-01-01T00:00:00Z", vec![a, b, c]),
        ("updated_since=2999-01-01T00:00:00Z", vec![]),
    ];
    for (query, want) in cases {
        let r = app.get(&format!("/api/v1/items?{query}")).await;
        assert_eq!(r.status, 200, "{query}: {:?}", r.body);
        assert_eq!(ids(&r), want, "{query}");
        assert_eq!(
            r.body["total"].as_u64().unwrap() as usize,
            want.len(),
            "{query}"
        );
    }
    // Sorting: by due ascending puts items without a due date last.
    let r = app.get("/api/v1/items?sort=due&order=asc").await;
    let order: Vec<i64> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, vec![a, c, b]);
    let r = app.get("/api/v1/items?sort=created&order=desc").await;
    let order: Vec<i64> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, vec![c, b, a]);
    let r = app.get("/api/v1/items?sort=updated&order=desc").await;
    assert_eq!(r.body["items"][0]["id"].as_i64(), Some(c));
    // The person's items take the same filters.
    let r = app.get("/api/v1/people/reqa/items?status=open").await;
    assert_eq!(ids(&r), vec![a]);
    let r = app.get("/api/v1/people/nobody/items").await;
    assert_problem(&r, 404, "not_found");
}

#[actix_web::test]
async fn pagination_edges() {
    let app = spawn_app().await;
    let r = app.get("/api/v1/items").await;
    assert_eq!(r.body["items"], json!([]));
    assert_eq!(
        (r.body["total"].as_u64(), r.body["next_offset"].as_u64()),
        (Some(0), None)
    );
    for i in 0..5 {
        app.item(json!({"text": format!("item {i}")})).await;
    }
    let r = app
        .get("/api/v1/items?limit=2&offset=0&sort=created&order=asc")
        .await;
    assert_eq!(
        (
            r.body["items"].as_array().unwrap().len(),
            r.body["next_offset"].as_u64()
        ),
        (2, Some(2))
    );
    let r = app
        .get("/api/v1/items?limit=2&offset=4&sort=created&order=asc")
        .await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "last page");
    assert_eq!(r.body["next_offset"], json!(null));
    assert_eq!(r.body["total"], 5);
    let r = app.get("/api/v1/items?offset=50").await;
    assert_eq!(r.body["items"], json!([]));
    assert_eq!(r.body["total"], 5);
    let r = app.get("/api/v1/items?limit=201").await;
    assert_problem(&r, 400, "invalid_query");
    assert_eq!(fields(&r), vec!["limit"]);
    let r = app.get("/api/v1/items?limit=200").await;
    assert_eq!(r.status, 200);
    let r = app
        .get("/api/v1/items?limit=0&offset=-1&sort=size&colour=red")
        .await;
    assert_problem(&r, 400, "invalid_query");
    assert_eq!(fields(&r), vec!["limit", "offset", "sort", "colour"]);
}

#[actix_web::test]
async fn patch_records_history_and_rejects_bad_fields() {
    let app = spawn_app().await;
    let id = app.item(json!({"text": "Draft", "owners": ["a"]})).await;
    let path = format!("/api/v1/items/{id}");
    let r = app
        .patch(
            &path,
            &json!({"text": "Draft v2", "owners": ["b", "@C"], "due": "2031-02-03"}),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(r.body["owners"], json!(["b", "c"]));
    let r = app
        .patch(
            &path,
            &json!({"due": null, "status": "dropped", "comment": "superseded"}),
        )
        .await;
    assert_eq!(
        (r.body["due"].clone(), r.body["status"].clone()),
        (json!(null), json!("dropped"))
    );
    assert!(r.body["closed_at"].is_string());
    let kinds: Vec<&str> = r.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec![
            "created",
            "edited",
            "edited",
            "owners_changed",
            "edited",
            "status_changed"
        ]
    );
    // The same patch again changes nothing and records nothing.
    let r = app.patch(&path, &json!({"status": "dropped"})).await;
    assert_eq!(r.body["history"].as_array().unwrap().len(), 6);

    let bad = [
        (json!({"id": 7}), "id"),
        (json!({"created_at": "2020-01-01T00:00:00Z"}), "created_at"),
        (json!({"text": "   "}), "text"),
        (json!({"text": ""}), "text"),
        (json!({"status": "closed"}), "status"),
        (json!({"owners": ["ok", "no/slash"]}), "owners"),
        (json!({"owners": "a"}), "owners"),
        (json!({"due": "next week"}), "due"),
        (json!({"text": 5}), "text"),
    ];
    for (body, field) in bad {
        let r = app.patch(&path, &body).await;
        assert_problem(&r, 422, "validation_failed");
        assert_eq!(fields(&r), vec![field.to_string()], "{body}");
    }
    let r = app
        .patch("/api/v1/items/99999", &json!({"text": "x"}))
        .await;
    assert_problem(&r, 404, "not_found");
    let r = app.get("/api/v1/items/abc").await;
    assert_problem(&r, 404, "not_found");
}

#[actix_web::test]
async fn done_and_reopen_are_idempotent() {
    let app = spawn_app().await;
    let id = app.item(json!({"text": "Review PR"})).await;
    let done = format!("/api/v1/items/{id}/done");
    let reopen = format!("/api/v1/items/{id}/reopen");
    let r = app.post(&done, &json!({"comment": "merged"})).await;
    assert_eq!((r.status, r.body["status"].as_str()), (200, Some("done")));
    let r = app.post_empty(&done).await;
    assert_eq!((r.status, r.body["status"].as_str()), (200, Some("done")));
    let r = app.post_empty(&reopen).await;
    assert_eq!(r.body["status"], "open");
    assert_eq!(r.body["closed_at"], json!(null));
    let r = app.post_empty(&reopen).await;
    assert_eq!(r.body["status"], "open");
    let history = r.body["history"].as_array().unwrap();
    let changes: Vec<(&str, &str)> = history
        .iter()
        .filter(|e| e["kind"] == "status_changed")
        .map(|e| {
            (
                e["detail"]["from"].as_str().unwrap(),
                e["detail"]["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(changes, vec![("open", "done"), ("done", "open")]);
    assert_eq!(history[1]["detail"]["comment"], "merged");
    let r = app.post(&done, &json!({"note": "x"})).await;
    assert_problem(&r, 422, "validation_failed");
    let r = app.post_empty("/api/v1/items/4242/done").await;
    assert_problem(&r, 404, "not_found");
}

#[actix_web::test]
async fn people_endpoints() {
    let app = spawn_app().await;
    let r = app
        .post(
            "/api/v1/people",
            &json!({"handle": "@MBuechse", "email": "m@example.org", "time_zone": "Europe/Berlin"}),
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(r.body["handle"], "mbuechse");
    assert_eq!(r.body["reminders"], true);
    let r = app
        .post("/api/v1/people", &json!({"handle": "mbuechse"}))
        .await;
    assert_problem(&r, 409, "person_exists");
    let r = app
        .post(
            "/api/v1/people",
            &json!({"handle": "x", "email": "not-an-email", "time_zone": "Mars/Base"}),
        )
        .await;
    assert_problem(&r, 422, "validation_failed");
    assert_eq!(fields(&r), vec!["email", "time_zone"]);
    let r = app.post("/api/v1/people", &json!({"handle": ""})).await;
    assert_eq!(fields(&r), vec!["handle"]);
    let r = app
        .patch(
            "/api/v1/people/mbuechse",
            &json!({"reminders": false, "email": null, "display_name": "M. B."}),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(
        (r.body["reminders"].clone(), r.body["email"].clone()),
        (json!(false), json!(null))
    );
    let r = app
        .patch("/api/v1/people/mbuechse", &json!({"email": "bad"}))
        .await;
    assert_eq!(fields(&r), vec!["email"]);
    let r = app
        .patch("/api/v1/people/mbuechse", &json!({"handle": "other"}))
        .await;
    assert_eq!(fields(&r), vec!["handle"]);
    let r = app
        .patch("/api/v1/people/ghost", &json!({"reminders": true}))
        .await;
    assert_problem(&r, 404, "not_found");
    let r = app.get("/api/v1/people/ghost").await;
    assert_problem(&r, 404, "not_found");
    for h in ["a", "b", "c"] {
        app.post("/api/v1/people", &json!({"handle": h})).await;
    }
    let r = app.get("/api/v1/people?limit=3").await;
    let handles: Vec<&str> = r.body["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["handle"].as_str().unwrap())
        .collect();
    assert_eq!(handles, vec!["a", "b", "c"]);
    assert_eq!(
        (r.body["total"].as_u64(), r.body["next_offset"].as_u64()),
        (Some(4), Some(3))
    );
    let r = app.get("/api/v1/people?limit=999").await;
    assert_problem(&r, 400, "invalid_query");
}

#[actix_web::test]
async fn actix_errors_come_in_the_envelope() {
    let app = spawn_app().await;
    let r = app
        .send_raw(
            "POST",
            "/api/v1/items",
            "application/json",
            b"{\"text\": ".to_vec(),
        )
        .await;
    assert_problem(&r, 400, "malformed_json");
    let r = app
        .send_raw("POST", "/api/v1/items", "text/plain", b"hello".to_vec())
        .await;
    assert_problem(&r, 415, "unsupported_media_type");
    let big = format!("{{\"text\": \"{}\"}}", "x".repeat(70_000));
    let r = app
        .send_raw(
            "POST",
            "/api/v1/items",
            "application/json",
            big.into_bytes(),
        )
        .await;
    assert_problem(&r, 413, "payload_too_large");
    let r = app
        .send_raw("DELETE", "/api/v1/items", "application/json", Vec::new())
        .await;
    assert_problem(&r, 405, "method_not_allowed");
    let r = app.get("/api/v2/nothing").await;
    assert_problem(&r, 404, "not_found");
    let r = app.get("/api/v1/items?due_before=soon").await;
    assert_problem(&r, 400, "invalid_query");
}

#[actix_web::test]
async fn the_envelope_is_stable() {
    let app = spawn_app().await;
    let r = app
        .post(
            "/api/v1/items",
            &json!({"text": "", "owners": ["ok", "bad/one"]}),
        )
        .await;
    insta::assert_json_snapshot!("validation_envelope", r.body);
}

/// Every migration can be reverted and applied again (on the engine the
/// suite runs on), and the schema it leaves works.
#[actix_rt::test]
async fn every_migration_reverts_and_applies_again() {
    use followup::store::{migrate, migrate_down, migration_status};
    let app = spawn_app().await;
    let db = app.db().await;
    let all = migration_status(&db).await.unwrap();
    assert!(all.iter().all(|(_, applied)| *applied), "{all:?}");
    migrate_down(&db, all.len() as u32).await.unwrap();
    let none = migration_status(&db).await.unwrap();
    assert!(none.iter().all(|(_, applied)| !*applied), "{none:?}");
    migrate(&db).await.unwrap();
    let again = migration_status(&db).await.unwrap();
    assert_eq!(again, all);
    // (The API token went with the tables; the CLI needs none.)
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("20260105.md"),
        "# Team A\n\n- _AI @alice: check the schema after the round trip_\n",
    )
    .unwrap();
    let opts = followup::cli::ingest::Options {
        paths: vec![dir.path().to_path_buf()],
        series: Some("team-a".into()),
        ..Default::default()
    };
    let s = followup::cli::ingest::run(&db, &app.settings, &opts)
        .await
        .unwrap();
    assert_eq!((s.created, s.counts.created), (1, 1), "{s:?}");
    assert_eq!(app.count("items").await, 1);
}
