//! Series schedules: the series API, calendar import from the community's
//! YAML files (verbatim fixtures), iCalendar export and its round trip.

use crate::helpers::{assert_problem, fields, spawn_app, TestApp};
use chrono::{DateTime, Utc};
use followup::calendar::parse_ics;
use followup::cli::calendar::import;
use followup::schedule::{parse_tz, Schedule};
use serde_json::json;
use std::path::PathBuf;

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scs-calendar")
        .join(path)
}

async fn starts(app: &TestApp, slug: &str, from: &str, to: &str) -> Vec<String> {
    let r = app
        .get(&format!(
            "/api/v1/series/{slug}/occurrences?from={}&to={}",
            urlencode(from),
            urlencode(to)
        ))
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    r.body["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["start"].as_str().unwrap().to_string())
        .collect()
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[actix_rt::test]
async fn the_2022_calendar_gives_the_community_meeting_its_next_call() {
    let app = spawn_app().await;
    let db = app.db().await;
    let s = import(&db, &[fixture("archive/2022/team_meetings.yml")], None)
        .await
        .unwrap();
    assert!(s.failed.is_empty(), "{:?}", s.failed);
    assert!(
        s.series
            .contains(&"weekly-scs-community-meeting".to_string()),
        "{:?}",
        s.series
    );
    assert!(s.series.contains(&"iaas".to_string()));

    // 2022-11-10 is excluded: the call after 2022-11-03 16:00 Berlin is the 17th.
    let next = starts(
        &app,
        "weekly-scs-community-meeting",
        "2022-11-03T16:00:00+01:00",
        "2022-12-01",
    )
    .await;
    assert_eq!(next[0], "2022-11-17T15:05:00+01:00", "{next:?}");
    assert!(!next.iter().any(|s| s.starts_with("2022-11-10")));
    // Summer time earlier that year: still 15:05 local.
    let summer = starts(
        &app,
        "weekly-scs-community-meeting",
        "2022-07-01",
        "2022-07-08",
    )
    .await;
    assert_eq!(summer, ["2022-07-07T15:05:00+02:00"]);

    // A series whose cadence changed keeps every period.
    let iaas = app.get("/api/v1/series/iaas").await.body;
    assert!(iaas["schedule"].as_array().unwrap().len() >= 2, "{iaas}");
    assert_eq!(iaas["time_zone"], "Europe/Berlin");
}

#[actix_rt::test]
async fn every_calendar_file_imports_and_importing_again_duplicates_nothing() {
    let app = spawn_app().await;
    let db = app.db().await;
    let files = [
        fixture("archive/2022/team_meetings.yml"),
        fixture("archive/2023/team_meetings.yml"),
        fixture("ops_sec_iam.yml"),
        fixture("onetimes.yml"),
        fixture("communitycall-data.yml"),
    ];
    let first = import(&db, &files, None).await.unwrap();
    assert!(first.failed.is_empty(), "{:?}", first.failed);
    // The include was followed: the ops/sec/iam team file was read too.
    assert!(first.files >= 6, "{first:?}");
    assert!(
        first.series.contains(&"ops-iam".to_string()) || first.series.contains(&"iam".to_string())
    );
    // One-time events without a minutes folder are reported, not errors.
    assert!(!first.skipped.is_empty());
    let periods = app.count("series_periods").await;
    let exceptions = app.count("series_exceptions").await;
    let series = app.count("series").await;
    assert!(periods > 10 && exceptions > 10, "{periods} {exceptions}");

    let again = import(&db, &files, None).await.unwrap();
    assert!(again.failed.is_empty());
    assert_eq!(again.cancellations, 0);
    assert_eq!(app.count("series_periods").await, periods);
    assert_eq!(app.count("series_exceptions").await, exceptions);
    assert_eq!(app.count("series").await, series);

    // A file that is not a calendar fails by name; the others still import.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.yml");
    std::fs::write(&bad, "events: [ {summary: x, begin: not-a-date} ]").unwrap();
    let mixed = import(&db, &[bad.clone(), files[0].clone()], None)
        .await
        .unwrap();
    assert_eq!(mixed.failed.len(), 1);
    assert!(
        mixed.failed[0].0.ends_with("broken.yml"),
        "{:?}",
        mixed.failed
    );
    // The reason says why, without the file name again (printed as
    // `failed: <file>: <reason>`).
    assert!(
        !mixed.failed[0].1.contains("broken.yml"),
        "{:?}",
        mixed.failed
    );
    assert!(!mixed.series.is_empty());
}

/// The occurrences a series' calendar.ics describes.
fn schedule_of_ics(ics: &str, tz: &str) -> Schedule {
    let events: Vec<_> = parse_ics(ics, Some("x"), "export.ics")
        .unwrap()
        .into_iter()
        .map(|e| e.unwrap())
        .collect();
    let mut s = Schedule {
        tz: parse_tz(tz).unwrap(),
        periods: vec![],
        cancelled: vec![],
        added: vec![],
    };
    for e in events {
        assert_eq!(e.time_zone, tz);
        if e.period.rrule.is_some() {
            s.periods.push(e.period);
        } else {
            s.added.push((e.period.start, e.period.duration_minutes));
        }
        s.cancelled.extend(e.cancelled);
    }
    s
}

#[actix_rt::test]
async fn exported_calendars_import_back_to_the_same_occurrences() {
    let app = spawn_app().await;
    let db = app.db().await;
    import(
        &db,
        &[
            fixture("archive/2022/team_meetings.yml"),
            fixture("archive/2023/team_meetings.yml"),
        ],
        None,
    )
    .await
    .unwrap();
    let all = app.get("/api/v1/series").await.body;
    let slugs: Vec<String> = all["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slug"].as_str().unwrap().to_string())
        .collect();
    assert!(slugs.len() >= 5, "{slugs:?}");
    let (from, to) = ("2022-01-01", "2024-06-30");
    for slug in &slugs {
        let (status, ct, ics) = app
            .get_text(&format!("/api/v1/series/{slug}/calendar.ics"))
            .await;
        assert_eq!(status, 200);
        assert!(ct.starts_with("text/calendar"), "{ct}");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(
            ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"),
            "{slug}"
        );
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{slug}: long line {l}");
        }
        let back = schedule_of_ics(&ics, "Europe/Berlin");
        let want = starts(&app, slug, from, to).await;
        let got: Vec<String> = back
            .occurrences(
                format!("{from}T00:00:00Z")
                    .parse::<DateTime<Utc>>()
                    .unwrap(),
                format!("{to}T00:00:00Z").parse::<DateTime<Utc>>().unwrap(),
            )
            .unwrap()
            .iter()
            .map(|o| o.start.to_rfc3339())
            .collect();
        assert_eq!(got, want, "{slug}");
    }
}

#[actix_rt::test]
async fn the_series_api_creates_edits_cancels_and_validates() {
    let app = spawn_app().await;
    let r = app
        .post(
            "/api/v1/series",
            &json!({
                "slug": "sig-release",
                "name": "SIG Release",
                "time_zone": "Europe/Berlin",
                "schedule": [{"start": "2026-01-07T10:05", "duration_minutes": 50,
                              "rrule": "FREQ=WEEKLY;INTERVAL=2", "until": "2026-12-31"}]
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(
        r.headers.get("location").unwrap().to_str().unwrap(),
        "/api/v1/series/sig-release"
    );
    assert_eq!(r.body["schedule"][0]["rrule"], "FREQ=WEEKLY;INTERVAL=2");
    let calls = starts(&app, "sig-release", "2026-03-01", "2026-04-01").await;
    assert_eq!(
        calls,
        ["2026-03-04T10:05:00+01:00", "2026-03-18T10:05:00+01:00"]
    );

    // Cancel 2026-03-18: created, then already there; gone from occurrences.
    let c = json!({"date": "2026-03-18", "reason": "KubeCon"});
    let r = app
        .post("/api/v1/series/sig-release/cancellations", &c)
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(r.body["cancellations"][0]["reason"], "KubeCon");
    assert_eq!(
        app.post("/api/v1/series/sig-release/cancellations", &c)
            .await
            .status,
        200
    );
    let calls = starts(&app, "sig-release", "2026-03-01", "2026-04-01").await;
    assert_eq!(calls, ["2026-03-04T10:05:00+01:00"]);
    let r = app
        .send_raw(
            "DELETE",
            "/api/v1/series/sig-release/cancellations/2026-03-18",
            "application/json",
            vec![],
        )
        .await;
    assert_eq!(r.status, 204);
    let r = app
        .send_raw(
            "DELETE",
            "/api/v1/series/sig-release/cancellations/2026-03-18",
            "application/json",
            vec![],
        )
        .await;
    assert_problem(&r, 404, "not_found");
    // The collection form takes the date in the query.
    app.post("/api/v1/series/sig-release/cancellations", &c)
        .await;
    let r = app
        .send_raw(
            "DELETE",
            "/api/v1/series/sig-release/cancellations?date=2026-03-18",
            "application/json",
            vec![],
        )
        .await;
    assert_eq!(r.status, 204);
    let r = app
        .send_raw(
            "DELETE",
            "/api/v1/series/sig-release/cancellations",
            "application/json",
            vec![],
        )
        .await;
    assert_problem(&r, 400, "invalid_query");

    // Edit: weekly now, in another zone.
    let r = app
        .patch(
            "/api/v1/series/sig-release",
            &json!({"time_zone": "America/New_York",
                    "schedule": [{"start": "2026-03-02T09:00", "duration_minutes": 30, "rrule": "FREQ=WEEKLY"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let calls = starts(&app, "sig-release", "2026-03-01", "2026-03-16").await;
    // New York changes to summer time on 2026-03-08.
    assert_eq!(
        calls,
        ["2026-03-02T09:00:00-05:00", "2026-03-09T09:00:00-04:00"]
    );
    let detail = app.get("/api/v1/series/sig-release").await.body;
    assert!(detail["next_call"].is_object() || detail["next_call"].is_null());

    // Refused input names its fields.
    let r = app
        .post(
            "/api/v1/series",
            &json!({"slug": "Bad Slug", "time_zone": "Mars/Base",
                    "schedule": [{"start": "soon", "duration_minutes": 0, "rrule": "FREQ=SOMETIMES"}]}),
        )
        .await;
    assert_problem(&r, 422, "validation_failed");
    assert_eq!(
        fields(&r),
        [
            "slug",
            "time_zone",
            "schedule[0].start",
            "schedule[0].duration_minutes",
            "schedule[0].rrule"
        ]
    );
    // The name's limit of 200 counts characters, as the schema's maxLength
    // does, not bytes (`é` is two).
    let r = app
        .post(
            "/api/v1/series",
            &json!({"slug": "accents", "name": "é".repeat(200)}),
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let r = app
        .patch("/api/v1/series/accents", &json!({"name": "é".repeat(201)}))
        .await;
    assert_problem(&r, 422, "validation_failed");
    assert_eq!(fields(&r), ["name"]);
    // Two periods starting at the same time: refused, nothing stored.
    let twice = json!({"start": "2026-03-02T09:00", "duration_minutes": 30});
    let r = app
        .post(
            "/api/v1/series",
            &json!({"slug": "twice", "schedule": [twice, {"start": "2026-03-03T09:00", "duration_minutes": 30}, twice]}),
        )
        .await;
    assert_problem(&r, 422, "validation_failed");
    assert_eq!(fields(&r), ["schedule[2].start"]);
    assert_eq!(app.get("/api/v1/series/twice").await.status, 404);
    // A rule the `rrule` crate would panic on (a multi-byte weekday, found
    // by fuzzing) is a field error, not a dropped connection.
    let r = app
        .post(
            "/api/v1/series",
            &json!({"slug": "greek", "schedule": [{"start": "2026-03-02T09:00", "duration_minutes": 30, "rrule": "FREQ=WEEKLY;BYDAY=\u{3ab}H"}]}),
        )
        .await;
    assert_problem(&r, 422, "validation_failed");
    assert_eq!(fields(&r), ["schedule[0].rrule"]);
    let r = app
        .patch(
            "/api/v1/series/sig-release",
            &json!({"schedule": [twice, twice]}),
        )
        .await;
    assert_problem(&r, 422, "validation_failed");
    assert_eq!(fields(&r), ["schedule[1].start"]);
    // Local times are given back as written, without an offset.
    let detail = app.get("/api/v1/series/sig-release").await.body;
    assert_eq!(detail["schedule"][0]["start"], "2026-03-02T09:00:00");
    let r = app
        .post("/api/v1/series", &json!({"slug": "sig-release"}))
        .await;
    assert_problem(&r, 409, "series_exists");
    let r = app
        .get("/api/v1/series/sig-release/occurrences?from=2026-03-01&to=2025-01-01")
        .await;
    assert_problem(&r, 400, "invalid_query");
    let r = app.get("/api/v1/series/nope/occurrences").await;
    assert_problem(&r, 404, "not_found");
    let r = app
        .post(
            "/api/v1/series/sig-release/cancellations",
            &json!({"date": "someday"}),
        )
        .await;
    assert_problem(&r, 422, "validation_failed");
}

#[actix_rt::test]
async fn a_persons_open_items_as_todos() {
    let app = spawn_app().await;
    let r = app
        .ingest(
            "series=ops",
            "# 2026-05-04\n\n- _AI @alice: renew the certificate, see a;b,c_\n- ~~_AI @alice: old thing_~~\n",
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let (status, ct, ics) = app.get_text("/api/v1/people/alice/items.ics").await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/calendar"));
    assert_eq!(ics.matches("BEGIN:VTODO").count(), 1, "{ics}");
    assert!(
        ics.contains("SUMMARY:renew the certificate\\, see a\\;b\\,c\r\n"),
        "{ics}"
    );
    assert!(ics.contains("DUE;VALUE=DATE:20260511\r\n"), "{ics}");
    assert_problem(
        &app.get("/api/v1/people/nobody/items.ics").await,
        404,
        "not_found",
    );
}

#[actix_rt::test]
async fn cancellations_in_minutes_reach_their_series_and_due_dates_follow_the_schedule() {
    let app = spawn_app().await;
    for (slug, start) in [
        ("community-call", "2022-06-30T15:05"),
        ("iaas", "2022-06-29T10:05"),
    ] {
        let r = app
            .post(
                "/api/v1/series",
                &json!({"slug": slug, "time_zone": "Europe/Berlin",
                        "schedule": [{"start": start, "duration_minutes": 50, "rrule": "FREQ=WEEKLY"}]}),
            )
            .await;
        assert_eq!(r.status, 201, "{:?}", r.body);
    }
    let md = "# 2022-09-29\n\n## Next week\n\n* Cancel Oct 6, next meet on Oct 13\n\n\
              ## Team IaaS\n\n* Cancel Oct 5 (team offsite)\n\n\
              ## Actions\n\n- _AI @alice: write the release notes_\n";
    let r = app
        .ingest(
            "series=community-call&source=community-call/20220929.md",
            md,
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    assert_eq!(r.body["cancellations"], 2);

    let cc = app.get("/api/v1/series/community-call").await.body;
    let dates: Vec<&str> = cc["cancellations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2022-10-06"]);
    assert_eq!(
        cc["cancellations"][0]["source"],
        "minutes:community-call/20220929.md"
    );
    let iaas = app.get("/api/v1/series/iaas").await.body;
    assert_eq!(iaas["cancellations"][0]["date"], "2022-10-05", "{iaas}");

    // The action is due at the next call after the meeting: the 6th is
    // cancelled, so the 13th.
    let items = app.get("/api/v1/items?series=community-call").await.body;
    assert_eq!(items["items"][0]["due"], "2022-10-13", "{items}");
    let next = starts(&app, "community-call", "2022-09-30", "2022-10-14").await;
    assert_eq!(next, ["2022-10-13T15:05:00+02:00"]);

    // The same minutes again add nothing.
    let r = app
        .ingest(
            "series=community-call&source=community-call/20220929.md",
            md,
        )
        .await;
    assert_eq!(r.body["result"], "unchanged");
    assert_eq!(app.count("series_exceptions").await, 2);
}

#[actix_rt::test]
async fn importing_an_edited_calendar_again_drops_what_it_no_longer_says() {
    let app = spawn_app().await;
    let db = app.db().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("team.yml");
    let cal = |except: &str, second: bool| {
        let mut y = format!(
            "timezone: Europe/Berlin\nevents:\n  - summary: Team Ops\n    begin: 2026-01-05 10:05:00\n    duration: {{minutes: 50}}\n    description: \"Minutes: https://github.com/SovereignCloudStack/minutes/tree/main/ops\"\n    repeat:\n      interval: {{weeks: 1}}\n      until: 2026-03-31\n      except_on: [{except}]\n"
        );
        if second {
            y.push_str("  - summary: Team Ops\n    begin: 2026-04-06 11:05:00\n    duration: {minutes: 50}\n    description: \"Minutes: https://github.com/SovereignCloudStack/minutes/tree/main/ops\"\n    repeat:\n      interval: {weeks: 2}\n      until: 2026-06-30\n");
        }
        y
    };
    std::fs::write(&file, cal("2026-01-12 10:05:00, 2026-01-19 10:05:00", true)).unwrap();
    let s = import(&db, std::slice::from_ref(&file), None)
        .await
        .unwrap();
    assert_eq!((s.periods, s.cancellations, s.removed), (2, 2, 0), "{s:?}");
    // The 19th is no longer cancelled and the spring cadence is gone.
    std::fs::write(&file, cal("2026-01-12 10:05:00", false)).unwrap();
    let s = import(&db, std::slice::from_ref(&file), None)
        .await
        .unwrap();
    assert_eq!((s.cancellations, s.removed), (0, 2), "{s:?}");
    let ops = app.get("/api/v1/series/ops").await.body;
    assert_eq!(ops["schedule"].as_array().unwrap().len(), 1, "{ops}");
    assert_eq!(ops["cancellations"].as_array().unwrap().len(), 1, "{ops}");
    let jan = starts(&app, "ops", "2026-01-10", "2026-01-25").await;
    assert_eq!(jan, ["2026-01-19T10:05:00+01:00"]);
    // Cancellations from elsewhere (the API) are not the file's to remove.
    let r = app
        .post(
            "/api/v1/series/ops/cancellations",
            &json!({"date": "2026-02-02"}),
        )
        .await;
    assert_eq!(r.status, 201);
    let s = import(&db, &[file], None).await.unwrap();
    assert_eq!(s.removed, 0);
    assert_eq!(
        app.get("/api/v1/series/ops").await.body["cancellations"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
