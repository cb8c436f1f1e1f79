//! Ingestion through `POST /api/v1/minutes` and `followup ingest`: follow-ups
//! across consecutive real minutes, idempotence, edits, bad input, and a
//! transaction killed midway.

use crate::helpers::{assert_problem, fields, spawn_app, spawn_app_with, TestApp};
use followup::extract::{self, Hints, Kind, Status};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Four consecutive SIG Standardization minutes (verbatim, see
/// tests/fixtures/README.md).
const SEQUENCE: &[(&str, &str)] = &[
    (
        "20260212.md",
        include_str!("../fixtures/scs-minutes/sig-standardization/20260212.md"),
    ),
    (
        "20260312.md",
        include_str!("../fixtures/scs-minutes/sig-standardization/20260312.md"),
    ),
    (
        "20260326.md",
        include_str!("../fixtures/scs-minutes/sig-standardization/20260326.md"),
    ),
    (
        "20260409.md",
        include_str!("../fixtures/scs-minutes/sig-standardization/20260409.md"),
    ),
];

pub async fn ingest_sequence(app: &TestApp) -> Vec<Value> {
    let mut out = Vec::new();
    for (name, md) in SEQUENCE {
        let r = app
            .ingest(
                &format!("series=sig-standardization&source=sig-standardization/{name}"),
                md,
            )
            .await;
        assert_eq!(r.status, 201, "{name}: {:?}", r.body);
        out.push(r.body);
    }
    out
}

/// Every item of the series (all pages).
pub async fn all_items(app: &TestApp, series: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut offset = 0;
    loop {
        let r = app
            .get(&format!(
                "/api/v1/items?series={series}&status=open&status=done&status=dropped&limit=200&offset={offset}"
            ))
            .await;
        assert_eq!(r.status, 200, "{:?}", r.body);
        let page = r.body["items"].as_array().unwrap().clone();
        items.extend(page);
        match r.body["next_offset"].as_u64() {
            Some(n) => offset = n,
            None => return items,
        }
    }
}

fn find<'a>(items: &'a [Value], owner: &str, text: &str) -> Vec<&'a Value> {
    items
        .iter()
        .filter(|i| i["text"] == text && i["owners"].as_array().unwrap().iter().any(|o| o == owner))
        .collect()
}

#[actix_rt::test]
async fn pending_action_items_are_one_tracked_item_per_action_across_meetings() {
    let app = spawn_app().await;
    let replies = ingest_sequence(&app).await;
    let items = all_items(&app, "sig-standardization").await;

    // Every `_AI @…_` under "Pending action items" in any of the four
    // minutes, with the meetings and statuses the minutes give it.
    let mut expected: BTreeMap<(String, String), Vec<(String, Status)>> = BTreeMap::new();
    for (name, md) in SEQUENCE {
        let m = extract::parse(md, &Hints::default());
        let date = m.meeting.date.unwrap().to_string();
        for it in m.items.iter().filter(|i| {
            i.kind == Kind::Action
                && !i.owners.is_empty()
                && i.section
                    .last()
                    .is_some_and(|s| s == "Pending action items")
        }) {
            expected
                .entry((it.owners[0].clone(), it.text.clone()))
                .or_default()
                .push((date.clone(), it.status));
        }
        assert!(m.meeting.date.is_some(), "{name} has a date");
    }
    assert!(expected.len() >= 4, "{expected:?}");
    assert!(
        expected.values().any(|v| v.len() >= 3),
        "some item is carried through three meetings"
    );

    for ((owner, text), seen) in &expected {
        let matches = find(&items, owner, text);
        assert_eq!(
            matches.len(),
            1,
            "{owner}: {text}: one tracked item, got {matches:?}"
        );
        let item = matches[0];
        // Items first seen before these minutes are carried from 2026-02-12.
        let detail = app.get(&format!("/api/v1/items/{}", item["id"])).await.body;
        let mentions: Vec<(String, String)> = detail["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["meeting_date"].as_str().unwrap().to_string(),
                    m["status"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = seen
            .iter()
            .map(|(d, s)| (d.clone(), s.as_str().to_string()))
            .collect();
        // One mention per meeting, in meeting order, with the status there
        // (the first may come from an earlier section of the same series).
        assert!(
            mentions.ends_with(&want),
            "{owner}: {text}: mentions {mentions:?}, want {want:?}"
        );
        assert_eq!(item["meetings"], mentions.len() as i64);
        assert_eq!(item["first_meeting"], mentions[0].0.as_str());
        assert_eq!(item["last_meeting"], mentions.last().unwrap().0.as_str());
        // Its status follows the latest minutes that name it.
        assert_eq!(item["status"], seen.last().unwrap().1.as_str(), "{text}");
    }

    // The two known carried items, by name.
    let integrator = find(
        &items,
        "depressiverobot",
        "create draft for missing Integrator certification process docs",
    );
    assert_eq!(integrator[0]["meetings"], 3);
    assert_eq!(integrator[0]["status"], "done");
    assert!(integrator[0]["closed_at"].is_string());
    let ipv6 = find(
        &items,
        "fzakfeld",
        "create issue and draft a standard on IPv6 networking for IaaS",
    );
    assert_eq!(ipv6[0]["meetings"], 4);
    assert_eq!(ipv6[0]["status"], "open");

    // The meetings after the first created nothing for what they carried.
    assert!(replies[1]["counts"]["mentioned"].as_u64().unwrap() >= 2);
    assert_eq!(replies[2]["counts"]["closed"], 1, "{:?}", replies[2]);
    let history = app
        .get(&format!("/api/v1/items/{}", integrator[0]["id"]))
        .await
        .body["history"]
        .clone();
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["created", "mentioned", "mentioned", "status_changed"]
    );
}

#[actix_rt::test]
async fn the_same_content_again_changes_nothing() {
    let app = spawn_app().await;
    let (name, md) = SEQUENCE[0];
    let q = format!("series=sig-standardization&source=sig-standardization/{name}");
    let first = app.ingest(&q, md).await;
    assert_eq!(first.status, 201);
    let before = app.stored().await;
    let again = app.ingest(&q, md).await;
    assert_eq!(again.status, 200, "{:?}", again.body);
    assert_eq!(again.body["result"], "unchanged");
    assert_eq!(again.body["meeting"]["id"], first.body["meeting"]["id"]);
    let created = first.body["counts"]["created"].as_u64().unwrap();
    assert!(created >= 5);
    assert_eq!(again.body["counts"]["unchanged"], created);
    assert_eq!(again.body["counts"]["created"], 0);
    assert_eq!(app.stored().await, before);
}

const V1: &str = "# 2026-05-04\n\n## Actions\n\n\
- _AI @alice: write the upgrade guide for release 9_\n\
- _AI @bob: ask the operators about their image manager setup_\n\
- _AI @carol: review the IPv6 standard draft before the next call_\n";

const V2: &str = "# 2026-05-04\n\n## Actions\n\n\
- _AI @alice: write the upgrade guide for release 9 (with screenshots)_\n\
- _AI @carol: review the IPv6 standard draft before the next call_\n\
- _AI @dave: set up the mirror for the CI images_\n";

#[actix_rt::test]
async fn an_edited_meeting_updates_in_place_and_marks_vanished_items_dropped() {
    let app = spawn_app().await;
    let r = app.ingest("series=ops", V1).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(r.body["counts"]["created"], 3);
    let r = app.ingest("series=ops", V2).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(r.body["result"], "updated");
    let c = &r.body["counts"];
    assert_eq!(
        (
            c["updated"].as_u64(),
            c["unchanged"].as_u64(),
            c["created"].as_u64(),
            c["dropped"].as_u64()
        ),
        (Some(1), Some(1), Some(1), Some(1)),
        "{c:?}"
    );
    let items = all_items(&app, "ops").await;
    assert_eq!(items.len(), 4, "nothing deleted: {items:?}");
    assert_eq!(app.count("meetings").await, 1);
    let alice = find(
        &items,
        "alice",
        "write the upgrade guide for release 9 (with screenshots)",
    );
    assert_eq!(alice.len(), 1, "edited in place");
    let bob = find(
        &items,
        "bob",
        "ask the operators about their image manager setup",
    );
    assert_eq!(bob[0]["status"], "dropped");
    let history = app
        .get(&format!("/api/v1/items/{}", bob[0]["id"]))
        .await
        .body;
    let last = history["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "status_changed");
    assert_eq!(last["detail"]["to"], "dropped");
    assert_eq!(last["actor"], "ingest");

    // Back to the first version: bob's item comes back, dave's goes.
    let r = app.ingest("series=ops", V1).await;
    assert_eq!(r.body["result"], "updated");
    let items = all_items(&app, "ops").await;
    assert_eq!(items.len(), 4);
    let bob = find(
        &items,
        "bob",
        "ask the operators about their image manager setup",
    );
    assert_eq!(bob[0]["status"], "open");
    let dave = find(&items, "dave", "set up the mirror for the CI images");
    assert_eq!(dave[0]["status"], "dropped");
}

#[actix_rt::test]
async fn changes_made_through_the_api_survive_ingesting_again() {
    let app = spawn_app().await;
    let r = app.ingest("series=ops", V1).await;
    assert_eq!(r.status, 201);
    let items = all_items(&app, "ops").await;
    let carol = find(
        &items,
        "carol",
        "review the IPv6 standard draft before the next call",
    )[0]["id"]
        .as_i64()
        .unwrap();
    let alice = find(&items, "alice", "write the upgrade guide for release 9")[0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        app.post_empty(&format!("/api/v1/items/{carol}/done"))
            .await
            .status,
        200
    );
    let r = app
        .patch(
            &format!("/api/v1/items/{alice}"),
            &json!({"text": "Write the upgrade guide (R9)", "owners": ["@erin"], "due": "2026-06-01"}),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);

    // An edit of the minutes that would change all of that.
    let r = app.ingest("series=ops", V2).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let carol_now = app.get(&format!("/api/v1/items/{carol}")).await.body;
    assert_eq!(carol_now["status"], "done");
    let alice_now = app.get(&format!("/api/v1/items/{alice}")).await.body;
    assert_eq!(alice_now["text"], "Write the upgrade guide (R9)");
    assert_eq!(alice_now["owners"], json!(["erin"]));
    assert_eq!(alice_now["due"], "2026-06-01");

    // A later meeting that names carol's item as open does not reopen it.
    let later = "# 2026-05-11\n\n## Pending action items\n\n\
                 - _AI @carol: review the IPv6 standard draft before the next call_ (ongoing)\n";
    let r = app.ingest("series=ops", later).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(r.body["counts"]["mentioned"], 1, "{:?}", r.body);
    let carol_now = app.get(&format!("/api/v1/items/{carol}")).await.body;
    assert_eq!(carol_now["status"], "done");
    assert_eq!(carol_now["meetings"], 2);
}

#[actix_rt::test]
async fn a_later_meeting_closes_a_struck_through_item_and_due_defaults_to_next_call() {
    let app = spawn_app().await;
    let week1 = "# 2026-06-01\n\n- _AI @alice: publish the release notes for R9_\n\
                 - _AI @bob: update the certificate of the test cloud until 2026-06-30_\n";
    let week2 = "# 2026-06-08\n\n## Pending action items\n\n\
                 - ~~_AI @alice: publish the release notes for R9_~~\n\
                 - _AI @bob: update the certificate of the test cloud until 2026-06-30_\n  - ongoing\n";
    assert_eq!(app.ingest("series=release", week1).await.status, 201);
    let r = app.ingest("series=release", week2).await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(r.body["counts"]["closed"], 1, "{:?}", r.body);
    assert_eq!(r.body["counts"]["mentioned"], 1, "{:?}", r.body);
    assert_eq!(r.body["counts"]["created"], 0, "{:?}", r.body);
    let items = all_items(&app, "release").await;
    assert_eq!(items.len(), 2);
    let alice = find(&items, "alice", "publish the release notes for R9")[0];
    assert_eq!(alice["status"], "done");
    // No due date in the minutes: the series' next call (7 days later).
    assert_eq!(alice["due"], "2026-06-08");
    let bob = items
        .iter()
        .find(|i| i["owners"] == json!(["bob"]))
        .unwrap();
    assert_eq!(bob["status"], "open");
    assert_eq!(bob["due"], "2026-06-30");
    assert_eq!(bob["meetings"], 2);
}

#[actix_rt::test]
async fn pending_md_lists_the_open_actions_ready_to_paste() {
    let app = spawn_app().await;
    ingest_sequence(&app).await;
    let (status, ct, body) = app
        .get_text("/api/v1/series/sig-standardization/pending.md")
        .await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/markdown"), "{ct}");
    assert!(body.starts_with("### Pending action items\n\n"), "{body}");
    assert!(
        body.contains(
            "- _AI @fzakfeld: create issue and draft a standard on IPv6 networking for IaaS_ (open since 2026-02-12, 4 meetings;"
        ),
        "{body}"
    );
    assert!(
        !body.contains("Integrator certification"),
        "done items are not pending: {body}"
    );
    // What the block lists, the minutes read back as the same actions.
    let again = extract::parse(&format!("# 2026-04-23\n\n{body}"), &Hints::default());
    let open = all_items(&app, "sig-standardization")
        .await
        .into_iter()
        .filter(|i| i["status"] == "open" && i["kind"] == "action")
        .count();
    assert_eq!(again.items.len(), open, "{body}");

    let r = app.get("/api/v1/series/nope/pending.md").await;
    assert_problem(&r, 404, "not_found");
}

#[actix_rt::test]
async fn json_upload_with_a_given_date_and_people_created_on_first_sight() {
    let app = spawn_app().await;
    let r = app
        .post(
            "/api/v1/minutes",
            &json!({
                "series": "iaas",
                "date": "2026-07-02",
                "source": "https://example.org/minutes/iaas.md",
                "markdown": "## Notes\n\n- _AI @Garloff: check the flavor naming_\n- Kurt to find slot for the etcd talk\n"
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(r.body["meeting"]["date"], "2026-07-02");
    assert_eq!(r.body["meeting"]["series"], "iaas");
    assert_eq!(r.body["counts"]["created"], 2);
    let people = app.get("/api/v1/people").await.body;
    let mut handles: Vec<&str> = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["handle"].as_str().unwrap())
        .collect();
    handles.sort();
    assert_eq!(handles, ["Kurt", "garloff"]);
}

#[actix_rt::test]
async fn bad_input_is_refused_and_nothing_is_stored() {
    let app = spawn_app_with("[server]\nmarkdown_limit = 2048\n").await;
    let empty = app.stored().await;
    assert!(empty.iter().all(|(_, n)| *n == 0));

    // Not UTF-8.
    let mut bytes = b"# 2026-01-08\n- _AI @a: caf".to_vec();
    bytes.extend_from_slice(&[0xe9, 0x0a]);
    let r = app
        .send_raw("POST", "/api/v1/minutes?series=ops", "text/markdown", bytes)
        .await;
    assert_problem(&r, 400, "invalid_encoding");
    assert_eq!(fields(&r), ["markdown"]);

    // Empty, and blank.
    for body in ["", "  \n\t\n"] {
        let r = app.ingest("series=ops&date=2026-01-08", body).await;
        assert_problem(&r, 422, "validation_failed");
        assert_eq!(fields(&r), ["markdown"]);
    }

    // Over the limit.
    let big = format!("# 2026-01-08\n{}", "- _AI @a: x_\n".repeat(200));
    let r = app.ingest("series=ops", &big).await;
    assert_problem(&r, 413, "payload_too_large");
    let r = app
        .post(
            "/api/v1/minutes",
            &json!({"series": "ops", "markdown": big}),
        )
        .await;
    assert_problem(&r, 413, "payload_too_large");

    // No date in the document or its source, none given.
    let r = app
        .ingest("series=ops&source=ops/notes.md", "- _AI @a: do it_\n")
        .await;
    assert_problem(&r, 422, "validation_failed");
    assert_eq!(fields(&r), ["date"]);

    // Bad metadata.
    let r = app.ingest("date=2026-13-01", "# x\n- _AI @a: y_\n").await;
    assert_problem(&r, 422, "validation_failed");
    assert_eq!(fields(&r), ["series", "date"]);
    let r = app.ingest("series=Bad%20Slug", "# 2026-01-08\n- y\n").await;
    assert_eq!(fields(&r), ["series"]);
    let r = app
        .ingest("series=ops&colour=red", "# 2026-01-08\n- y\n")
        .await;
    assert_problem(&r, 422, "validation_failed");
    assert_eq!(fields(&r), ["colour"]);
    let r = app
        .send_raw(
            "POST",
            "/api/v1/minutes?series=ops",
            "application/pdf",
            b"%PDF".to_vec(),
        )
        .await;
    assert_problem(&r, 415, "unsupported_media_type");
    let r = app
        .post("/api/v1/minutes", &json!({"series": "ops", "markdown": 3}))
        .await;
    assert_problem(&r, 422, "validation_failed");
    assert_eq!(fields(&r), ["markdown"]);

    assert_eq!(app.stored().await, empty, "nothing stored");
    // And the same service still ingests good input.
    let r = app
        .ingest("series=ops", "# 2026-01-08\n- _AI @a: do it_\n")
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
}

/// Makes the database refuse an item insert (`forced failure`) when
/// `condition` (SQL both engines read alike, `NEW` the row) holds: a real
/// failure from the database, not a mock.
async fn fail_item_inserts_when(db: &sea_orm::DatabaseConnection, name: &str, condition: &str) {
    use sea_orm::{ConnectionTrait, DatabaseBackend};
    let ddl = match db.get_database_backend() {
        DatabaseBackend::Postgres => vec![
            format!(
                "CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN \
                 IF {condition} THEN RAISE EXCEPTION 'forced failure'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql"
            ),
            format!(
                "CREATE TRIGGER {name} BEFORE INSERT ON items \
                 FOR EACH ROW EXECUTE FUNCTION {name}()"
            ),
        ],
        _ => vec![format!(
            "CREATE TRIGGER {name} BEFORE INSERT ON items WHEN {condition} \
             BEGIN SELECT RAISE(ABORT, 'forced failure'); END"
        )],
    };
    for stmt in ddl {
        db.execute_unprepared(&stmt).await.unwrap();
    }
}

#[actix_rt::test]
async fn a_transaction_killed_midway_leaves_nothing() {
    use sea_orm::{ConnectionTrait, DatabaseBackend};
    let app = spawn_app().await;
    let db = app.db().await;
    // A real failure from the database after two items are written.
    fail_item_inserts_when(&db, "fail_third_item", "(SELECT count(*) FROM items) >= 2").await;
    let (name, md) = SEQUENCE[2];
    let r = app
        .ingest(
            &format!("series=sig-standardization&source=sig-standardization/{name}"),
            md,
        )
        .await;
    assert_problem(&r, 500, "internal_error");
    assert!(
        !r.body["detail"].as_str().unwrap().contains("forced"),
        "5xx bodies are opaque"
    );
    let stored = app.stored().await;
    assert!(stored.iter().all(|(_, n)| *n == 0), "{stored:?}");

    // Without the fault the same document goes in whole.
    let drop = match db.get_database_backend() {
        DatabaseBackend::Postgres => "DROP TRIGGER fail_third_item ON items",
        _ => "DROP TRIGGER fail_third_item",
    };
    db.execute_unprepared(drop).await.unwrap();
    let r = app
        .ingest(
            &format!("series=sig-standardization&source=sig-standardization/{name}"),
            md,
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert!(app.count("items").await >= 3);
}

#[actix_rt::test]
async fn the_cli_ingests_a_repository_of_series_folders() {
    use followup::cli::ingest::{run, Options};
    let app = spawn_app().await;
    let repo = tempfile::tempdir().unwrap();
    let std_dir = repo.path().join("sig-standardization");
    let iaas_dir = repo.path().join("iaas");
    std::fs::create_dir_all(&std_dir).unwrap();
    std::fs::create_dir_all(&iaas_dir).unwrap();
    // Written newest first: the command orders by date itself.
    for (name, md) in SEQUENCE.iter().rev() {
        std::fs::write(std_dir.join(name), md).unwrap();
    }
    std::fs::write(iaas_dir.join("20260101.md"), V1).unwrap();
    std::fs::write(iaas_dir.join("broken.md"), [0x23, 0x20, 0xff, 0xfe]).unwrap();
    std::fs::write(iaas_dir.join("notes.txt"), "not minutes").unwrap();
    let db = app.db().await;
    let opts = Options {
        paths: vec![repo.path().to_path_buf()],
        ..Options::default()
    };
    let s = run(&db, &app.settings, &opts).await.unwrap();
    assert_eq!(s.files, 6);
    assert_eq!(s.series, 2);
    assert_eq!(s.created, 5);
    assert_eq!(s.failed.len(), 1);
    assert_eq!(s.failed[0].0, "iaas/broken.md");
    assert!(s.failed[0].1.contains("UTF-8"), "{:?}", s.failed);
    let items = all_items(&app, "sig-standardization").await;
    let ipv6 = find(
        &items,
        "fzakfeld",
        "create issue and draft a standard on IPv6 networking for IaaS",
    );
    assert_eq!(ipv6.len(), 1);
    assert_eq!(ipv6[0]["meetings"], 4);
    let detail = app
        .get(&format!("/api/v1/items/{}", ipv6[0]["id"]))
        .await
        .body;
    assert_eq!(detail["source"]["file"], "sig-standardization/20260212.md");

    // Again: unchanged files are skipped, nothing is written.
    let before = app.stored().await;
    let s = run(&db, &app.settings, &opts).await.unwrap();
    assert_eq!((s.created, s.updated, s.unchanged), (0, 0, 5));
    assert_eq!(app.stored().await, before);

    // One file alone is the same meeting as in the repository.
    let one = Options {
        paths: vec![std_dir.join("20260312.md")],
        ..Options::default()
    };
    let s = run(&db, &app.settings, &one).await.unwrap();
    assert_eq!(s.unchanged, 1, "{s:?}");
}

/// A folder's documents of one series go in together (one transaction for
/// the group, its new meetings and people written ahead). When one of them
/// fails, the group is rolled back and written again one document at a
/// time: the failing one leaves nothing (not its meeting, not its owner),
/// the others all go in.
#[actix_rt::test]
async fn a_failing_file_of_a_folder_leaves_nothing_and_the_others_go_in() {
    use followup::cli::ingest::{run, Options};
    let app = spawn_app().await;
    let db = app.db().await;
    fail_item_inserts_when(&db, "fail_marked_item", "NEW.text LIKE '%forced failure%'").await;
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path().join("team-a");
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        ("20260105.md", "alice", "write the first draft of the guide"),
        (
            "20260112.md",
            "mallory",
            "cause a forced failure in the database",
        ),
        ("20260119.md", "bob", "review the first draft of the guide"),
    ];
    for (name, who, what) in files {
        let md = format!("# Team A\n\n## Action items\n\n- _AI @{who}: {what}_\n");
        std::fs::write(dir.join(name), md).unwrap();
    }
    let opts = Options {
        paths: vec![repo.path().to_path_buf()],
        ..Options::default()
    };
    let s = run(&db, &app.settings, &opts).await.unwrap();
    assert_eq!((s.files, s.created), (3, 2), "{s:?}");
    assert_eq!(s.failed.len(), 1, "{s:?}");
    assert_eq!(s.failed[0].0, "team-a/20260112.md");
    assert_eq!(app.count("meetings").await, 2);
    assert_eq!(app.count("items").await, 2);
    let people: Vec<String> = app.get("/api/v1/people").await.body["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["handle"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(people, ["alice", "bob"], "no one from the failed file");

    // Ingestion takes its item ids ahead of writing; the ids it gave (and
    // those a rolled-back group took) are not given again.
    let items = all_items(&app, "team-a").await;
    let ingested: Vec<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ingested.len(), 2);
    let id = app.item(json!({"text": "an item made by hand"})).await;
    assert!(ingested.iter().all(|i| *i < id), "{ingested:?} then {id}");
    std::fs::write(
        dir.join("20260126.md"),
        "# Team A\n\n## Action items\n\n- _AI @carol: publish the guide_\n",
    )
    .unwrap();
    let s = run(&db, &app.settings, &opts).await.unwrap();
    assert_eq!(s.created, 1, "{s:?}");
    let after = all_items(&app, "team-a").await;
    let newest = after
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .max()
        .unwrap();
    assert!(newest > id, "{newest} after {id}");
}

#[actix_rt::test]
async fn concurrent_uploads_to_one_series_all_go_in() {
    let app = spawn_app().await;
    let uploads = SEQUENCE.iter().map(|(name, md)| {
        let q = format!("series=sig-standardization&source=sig-standardization/{name}");
        let app = &app;
        async move { app.ingest(&q, md).await }
    });
    let replies = futures_util::future::join_all(uploads).await;
    for r in &replies {
        assert_eq!(r.status, 201, "{:?}", r.body);
    }
    assert_eq!(app.count("meetings").await, 4);
    // Whatever order they were written in, each carried action is one item.
    let items = all_items(&app, "sig-standardization").await;
    let ipv6 = find(
        &items,
        "fzakfeld",
        "create issue and draft a standard on IPv6 networking for IaaS",
    );
    assert_eq!(ipv6.len(), 1, "{ipv6:?}");
    assert_eq!(ipv6[0]["meetings"], 4);
    assert_eq!(ipv6[0]["first_meeting"], "2026-02-12");
    assert_eq!(ipv6[0]["last_meeting"], "2026-04-09");
}

/// Every write transaction takes the database's one write lock first (on
/// PostgreSQL the data-version row, which each write to a watched table
/// updates; on SQLite `BEGIN IMMEDIATE`). Without that order, a transaction
/// that wrote (holding the data-version row) and then waits for a series
/// another one has locked, while that one waits to write, is a deadlock:
/// the 500 that concurrent uploads to a series new to the database met.
#[actix_rt::test]
async fn a_second_write_transaction_waits_for_the_first_instead_of_deadlocking() {
    use followup::store::begin_write;
    use followup::store::tracking::{ensure_people, lock_series};
    use std::cell::Cell;
    use std::collections::{BTreeSet, HashMap};
    use std::rc::Rc;
    let app = spawn_app().await;
    let db = app.db().await;
    let now = chrono::Utc::now();
    let people = |h: &str| BTreeSet::from([h.to_string()]);

    let made = begin_write(&db).await.unwrap();
    lock_series(&made, "team-a", "Team A", now).await.unwrap();
    made.commit().await.unwrap();

    // Locks the series without writing anything yet.
    let first = begin_write(&db).await.unwrap();
    lock_series(&first, "team-a", "Team A", now).await.unwrap();
    let began = Rc::new(Cell::new(false));
    let second = {
        let (db, began) = (db.clone(), began.clone());
        actix_rt::spawn(async move {
            let txn = begin_write(&db).await?;
            began.set(true);
            // A write, then the series the first transaction holds.
            ensure_people(&txn, people("bob"), now, &mut HashMap::new()).await?;
            lock_series(&txn, "team-a", "Team A", now).await?;
            txn.commit().await
        })
    };
    actix_rt::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !began.get(),
        "a second write transaction began while one was open"
    );
    ensure_people(&first, people("alice"), now, &mut HashMap::new())
        .await
        .unwrap();
    first.commit().await.unwrap();
    second.await.unwrap().unwrap();
    assert!(began.get());
    assert_eq!(app.count("series").await, 1);
    assert_eq!(app.count("people").await, 2);
}
