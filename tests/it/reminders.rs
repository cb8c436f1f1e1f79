//! Reminders through a real SMTP server on loopback (mailin-embedded): one
//! email per owner before the call, none twice, transient failures retried
//! until the call starts, permanent ones not, expired leases taken again.

use crate::helpers::{spawn_app, TestApp};
use chrono::{DateTime, Duration, Utc};
use followup::config::{MailSettings, SmtpSecurity, Transport};
use followup::jobs::reminders::{deliver, plan, run, Ctx};
use followup::mail::{Mailer, Templates};
use followup::store::outbox;
use mailin_embedded::response::{self, Response};
use mailin_embedded::{Handler, Server, SslConfig};
use serde_json::json;
use std::sync::{Arc, Mutex};

/// What the SMTP server received: (recipients, raw message).
type Inbox = Arc<Mutex<Vec<(Vec<String>, String)>>>;

#[derive(Clone)]
struct Smtp {
    inbox: Inbox,
    to: Vec<String>,
    data: Vec<u8>,
    /// Hang this long after DATA, for the first message only.
    hang: Option<(std::time::Duration, Arc<std::sync::atomic::AtomicBool>)>,
}

impl Handler for Smtp {
    fn rcpt(&mut self, to: &str) -> Response {
        if to.contains("temp") {
            return response::INTERNAL_ERROR; // 451
        }
        if to.contains("perm") {
            return response::NO_MAILBOX; // 550
        }
        response::OK
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some((d, done)) = &self.hang {
            if !done.swap(true, std::sync::atomic::Ordering::SeqCst) {
                std::thread::sleep(*d);
            }
        }
        self.inbox.lock().unwrap().push((
            self.to.clone(),
            String::from_utf8_lossy(&self.data).into_owned(),
        ));
        response::OK
    }
}

/// Decodes quoted-printable (soft line breaks and =XX).
fn quoted_printable(s: &str) -> String {
    let joined = s.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A real SMTP server on a free loopback port.
fn smtp_server() -> (u16, Inbox) {
    smtp_server_with(None)
}

fn smtp_server_with(hang: Option<std::time::Duration>) -> (u16, Inbox) {
    let inbox: Inbox = Arc::new(Mutex::new(Vec::new()));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut server = Server::new(Smtp {
        inbox: inbox.clone(),
        to: vec![],
        data: vec![],
        hang: hang.map(|d| (d, Arc::new(std::sync::atomic::AtomicBool::new(false)))),
    });
    server
        .with_name("localhost")
        .with_ssl(SslConfig::None)
        .unwrap()
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (port, inbox)
}

fn ctx(app: &TestApp, db: sea_orm::DatabaseConnection, port: u16) -> Ctx {
    let mail = MailSettings {
        transport: Transport::Smtp,
        smtp_host: "127.0.0.1".into(),
        smtp_port: port,
        smtp_security: SmtpSecurity::None,
        smtp_username: String::new(),
        smtp_password: None,
        send_timeout_secs: 5,
        lease_secs: 300,
        ..app.settings.mail.clone()
    };
    Ctx {
        db,
        mailer: Mailer::from_settings(&mail).unwrap(),
        templates: Templates::load(None).unwrap(),
        lease: Duration::minutes(5),
        domain: "followup.test".into(),
        weekly: None,
        links: None,
    }
}

/// A weekly Thursday 14:05 Berlin series with open items for several
/// owners; returns the first call's start.
async fn arrange(app: &TestApp) -> DateTime<Utc> {
    let r = app
        .post(
            "/api/v1/series",
            &json!({"slug": "sig-standardization", "name": "SIG Standardization",
                    "time_zone": "Europe/Berlin",
                    "schedule": [{"start": "2026-03-05T14:05", "duration_minutes": 50, "rrule": "FREQ=WEEKLY"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    let md = "# 2026-03-05\n\n## Actions\n\n\
              - _AI @alice: check that latency < 5 ms & report_\n\
              - _AI @alice: ask the operators about IPv6_\n\
              - _AI @bob: review standards#1020_\n\
              - _AI @carol: update the docs_\n\
              - _AI @erin: fix the flaky test_\n\
              - _AI @frank: rename the repo_\n";
    let r = app
        .ingest(
            "series=sig-standardization&source=sig-standardization/20260305.md",
            md,
        )
        .await;
    assert_eq!(r.status, 201, "{:?}", r.body);
    for (h, email) in [
        ("alice", "alice@example.org"),
        ("bob", "bob@example.org"),
        ("erin", "erin-temp@example.org"),
        ("frank", "frank-perm@example.org"),
    ] {
        let r = app
            .patch(&format!("/api/v1/people/{h}"), &json!({"email": email}))
            .await;
        assert_eq!(r.status, 200, "{:?}", r.body);
    }
    // The next call after the meeting: 2026-03-12 14:05 CET = 13:05 UTC.
    "2026-03-12T13:05:00Z".parse().unwrap()
}

#[actix_rt::test]
async fn one_reminder_per_owner_before_the_call_and_never_twice() {
    let app = spawn_app().await;
    let call = arrange(&app).await;
    let (port, inbox) = smtp_server();
    let db = app.db().await;
    let ctx = ctx(&app, db.clone(), port);

    // 25 h before: not yet.
    let r = run(&ctx, call - Duration::hours(25)).await.unwrap();
    assert_eq!((r.planned, r.sent), (0, 0));

    // 23 h before: alice and bob get theirs; carol has no address.
    let r = run(&ctx, call - Duration::hours(23)).await.unwrap();
    assert_eq!(r.planned, 4, "{r:?}");
    assert_eq!(r.sent, 2, "{r:?}");
    assert_eq!(r.undeliverable, ["carol"]);
    assert_eq!(r.retried, 1, "erin's server says 451: {r:?}");
    assert_eq!(r.failed, 1, "frank's server says 550: {r:?}");
    // Each outcome is counted in the metrics (a process-wide registry:
    // other tests may have added to it, never taken away).
    let metrics = followup::metrics::METRICS.encode();
    for outcome in ["sent", "retry", "failed"] {
        let line = format!("followup_smtp_sends_total{{outcome=\"{outcome}\"}} ");
        let n: u64 = metrics
            .lines()
            .find_map(|l| l.strip_prefix(&line))
            .unwrap_or_else(|| panic!("{line} missing:\n{metrics}"))
            .parse()
            .unwrap();
        assert!(n >= 1, "{line}{n}");
    }

    // Again, twice: nothing new is planned or sent.
    for _ in 0..2 {
        let r = run(&ctx, call - Duration::hours(22)).await.unwrap();
        assert_eq!((r.planned, r.sent, r.failed), (0, 0, 0), "{r:?}");
    }
    let got = inbox.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    let alice = got
        .iter()
        .find(|(to, _)| to == &["alice@example.org"])
        .unwrap();
    let msg = &alice.1;
    assert!(
        msg.contains(
            "Subject: [SIG Standardization] 2 open items before the call on\r\n 2026-03-12"
        ) || msg
            .contains("Subject: [SIG Standardization] 2 open items before the call on 2026-03-12"),
        "{msg}"
    );
    assert!(msg.contains("multipart/alternative"), "{msg}");
    assert!(msg.contains("Message-ID: <"), "{msg}");
    let body = quoted_printable(msg);
    assert!(
        body.contains("- check that latency < 5 ms & report"),
        "text part as written: {body}"
    );
    assert!(
        body.contains("check that latency &lt; 5 ms &amp; report"),
        "HTML part escaped: {body}"
    );

    // Frank's failed for good; erin's is retried with backoff and, once the
    // call has started, expires unsent.
    let rows = outbox::all(&db).await.unwrap();
    let status = |to: &str| {
        rows.iter()
            .find(|r| r.to_address == to)
            .map(|r| r.status.clone())
            .unwrap()
    };
    assert_eq!(status("frank-perm@example.org"), "failed");
    assert_eq!(status("erin-temp@example.org"), "pending");
    let erin = rows
        .iter()
        .find(|r| r.to_address.starts_with("erin"))
        .unwrap();
    assert!(erin.next_attempt_at > call - Duration::hours(23));
    assert!(
        erin.last_error.as_deref().unwrap_or("").contains("451"),
        "{erin:?}"
    );
    let r = deliver(&ctx, call + Duration::minutes(1)).await.unwrap();
    assert_eq!(r.expired, 1, "{r:?}");
    assert_eq!(r.sent, 0);
    let rows = outbox::all(&db).await.unwrap();
    assert_eq!(
        rows.iter()
            .find(|r| r.to_address.starts_with("erin"))
            .unwrap()
            .status,
        "expired"
    );
    assert_eq!(inbox.lock().unwrap().len(), 2);

    // After the call, nothing is planned for it any more; the next call's
    // reminders come a week later.
    let r = run(&ctx, call + Duration::hours(1)).await.unwrap();
    assert_eq!(r.planned, 0, "{r:?}");
    let r = run(&ctx, call + Duration::days(7) - Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(r.planned, 4, "{r:?}");
}

#[actix_rt::test]
async fn a_claim_held_by_a_dead_sender_is_taken_again_after_its_lease() {
    let app = spawn_app().await;
    let call = arrange(&app).await;
    let (port, inbox) = smtp_server();
    let db = app.db().await;
    let ctx = ctx(&app, db.clone(), port);
    let t = call - Duration::hours(20);
    let r = plan(&ctx, t).await.unwrap();
    assert_eq!(r.planned, 4);

    // A sender claims everything and dies before sending.
    let claimed = outbox::claim(&db, t, Duration::minutes(5), 100)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 4);
    // While the lease holds, nobody else sends them.
    let r = deliver(&ctx, t + Duration::minutes(1)).await.unwrap();
    assert_eq!(r.sent, 0, "{r:?}");
    assert!(
        outbox::claim(&db, t + Duration::minutes(1), Duration::minutes(5), 100)
            .await
            .unwrap()
            .is_empty()
    );
    // After it, they are sent (the deliverable ones), once.
    let r = deliver(&ctx, t + Duration::minutes(6)).await.unwrap();
    assert_eq!(r.sent, 2, "{r:?}");
    let r = deliver(&ctx, t + Duration::minutes(7)).await.unwrap();
    assert_eq!(r.sent, 0, "{r:?}");
    assert_eq!(inbox.lock().unwrap().len(), 2);
    let rows = outbox::all(&db).await.unwrap();
    let alice = rows
        .iter()
        .find(|r| r.to_address.starts_with("alice"))
        .unwrap();
    assert_eq!(alice.attempts, 2, "claimed twice, sent once");
}

#[actix_rt::test]
async fn the_file_transport_writes_eml_files() {
    let app = spawn_app().await;
    let call = arrange(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let mail = MailSettings {
        transport: Transport::File,
        file_dir: dir.path().display().to_string(),
        ..app.settings.mail.clone()
    };
    let ctx = Ctx {
        db: app.db().await,
        mailer: Mailer::from_settings(&mail).unwrap(),
        templates: Templates::load(None).unwrap(),
        lease: Duration::minutes(5),
        domain: "followup.test".into(),
        weekly: None,
        links: None,
    };
    let r = run(&ctx, call - Duration::hours(1)).await.unwrap();
    assert_eq!(r.sent, 4, "the file transport takes every address: {r:?}");
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert_eq!(files.len(), 4);
    let one = std::fs::read_to_string(&files[0]).unwrap();
    assert!(one.contains("Content-Type: multipart/alternative"), "{one}");
}

#[actix_rt::test]
async fn people_import_sets_addresses_and_the_api_lists_who_cannot_be_reached() {
    use followup::cli::people::{import, read};
    let app = spawn_app().await;
    arrange(&app).await;
    let dir = tempfile::tempdir().unwrap();

    // A file with a bad row writes nothing and names every bad row.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "handle,name,email,time_zone\ncarol,Carol,not-an-address,Europe/Berlin\n@Dave,,dave@example.org,Mars/Base\n",
    )
    .unwrap();
    let errors = read(&bad).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("line 2: email"), "{errors:?}");
    assert!(errors[1].starts_with("line 3: time_zone"), "{errors:?}");

    let r = app.get("/api/v1/reminders/undeliverable").await;
    assert_eq!(r.status, 200);
    let handles: Vec<&str> = r.body["undeliverable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["handle"].as_str().unwrap())
        .collect();
    assert_eq!(handles, ["carol"]);
    assert_eq!(r.body["undeliverable"][0]["open_items"], 1);
    assert_eq!(r.body["undeliverable"][0]["reason"], "no email address");

    // CSV and TOML: carol gets an address, dave is new.
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "handle,name,email,time_zone\ncarol,Carol C.,carol@example.org,Europe/Berlin\n",
    )
    .unwrap();
    let toml = dir.path().join("people.toml");
    std::fs::write(
        &toml,
        "[[people]]\nhandle = \"@Dave\"\nemail = \"dave@example.org\"\n",
    )
    .unwrap();
    let db = app.db().await;
    let s = import(&db, read(&csv).unwrap()).await.unwrap();
    assert_eq!((s.created, s.updated), (0, 1));
    let s = import(&db, read(&toml).unwrap()).await.unwrap();
    assert_eq!((s.created, s.updated), (1, 0));
    let carol = app.get("/api/v1/people/carol").await.body;
    assert_eq!(carol["email"], "carol@example.org");
    assert_eq!(carol["display_name"], "Carol C.");
    assert_eq!(
        app.get("/api/v1/people/dave").await.body["email"],
        "dave@example.org"
    );
    let r = app.get("/api/v1/reminders/undeliverable").await;
    assert_eq!(r.body["undeliverable"], json!([]));
}

#[actix_rt::test]
async fn a_team_digest_per_call_and_a_weekly_digest_per_person_in_their_zone() {
    use followup::jobs::reminders::Weekly;
    let app = spawn_app().await;
    let call = arrange(&app).await;
    let r = app
        .patch(
            "/api/v1/series/sig-standardization",
            &json!({"list_address": "sig-std@lists.example.org"}),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(
        app.patch(
            "/api/v1/series/sig-standardization",
            &json!({"list_address": "nope"})
        )
        .await
        .status,
        422
    );
    let r = app
        .patch(
            "/api/v1/people/alice",
            &json!({"time_zone": "America/New_York"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let (port, inbox) = smtp_server();
    let db = app.db().await;
    let mut ctx = ctx(&app, db.clone(), port);
    ctx.weekly = Some(Weekly {
        day: chrono::Weekday::Mon,
        time: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        default_tz: chrono_tz::Europe::Berlin,
    });

    // Wednesday before the Thursday call: reminders (4), the team digest,
    // and this week's digests (Monday 08:00 has passed in Berlin and in
    // New York) for the four people with an address.
    let now = call - Duration::hours(23);
    let r = run(&ctx, now).await.unwrap();
    assert_eq!(r.planned, 9, "{r:?}");
    assert_eq!(r.undeliverable, ["carol"]);
    let r = run(&ctx, now + Duration::minutes(1)).await.unwrap();
    assert_eq!(r.planned, 0, "{r:?}");
    let got = inbox.lock().unwrap().clone();
    let team: Vec<_> = got
        .iter()
        .filter(|(to, _)| to == &["sig-std@lists.example.org"])
        .collect();
    assert_eq!(team.len(), 1);
    let body = quoted_printable(&team[0].1);
    assert!(
        body.contains("alice:\r\n- check that latency < 5 ms & report"),
        "{body}"
    );
    assert!(body.contains("No reminder reaches: carol"), "{body}");
    let alice: Vec<_> = got
        .iter()
        .filter(|(to, _)| to == &["alice@example.org"])
        .map(|(_, m)| quoted_printable(m))
        .collect();
    assert_eq!(alice.len(), 2, "a reminder and a weekly digest");
    assert!(
        alice
            .iter()
            .any(|m| m.contains("Subject: Your 2 open follow-ups, week of 2026-W11")),
        "{alice:?}"
    );

    // Next Monday: Berlin's 08:00 is 07:00 UTC; New York's 08:00 is 12:00 UTC.
    let monday = |h: u32| -> DateTime<Utc> { format!("2026-03-16T{h:02}:00:30Z").parse().unwrap() };
    let r = plan(&ctx, monday(6)).await.unwrap();
    assert_eq!(r.planned, 0, "{r:?}");
    let r = plan(&ctx, monday(7)).await.unwrap();
    assert_eq!(r.planned, 3, "bob, erin, frank in Berlin: {r:?}");
    let r = plan(&ctx, monday(12)).await.unwrap();
    assert_eq!(r.planned, 1, "alice in New York: {r:?}");
}

fn link(body: &str, label: &str) -> String {
    let start = body
        .find(label)
        .unwrap_or_else(|| panic!("no {label} in {body}"))
        + label.len();
    body[start..].split_whitespace().next().unwrap().to_string()
}

#[actix_rt::test]
async fn signed_links_in_reminders_act_once_and_unsubscribe_in_one_click() {
    use followup::jobs::reminders::Links;
    let app = spawn_app().await;
    let call = arrange(&app).await;
    let (port, inbox) = smtp_server();
    let db = app.db().await;
    let mut ctx = ctx(&app, db.clone(), port);
    ctx.links = Some(Links {
        key: followup::store::actions::link_key(&db).await.unwrap(),
        base_url: app.address.clone(),
        // The links are checked against the real clock; the planning time
        // here is in March 2026.
        ttl: Duration::days(3650),
    });
    run(&ctx, call - Duration::hours(23)).await.unwrap();
    let msg = inbox
        .lock()
        .unwrap()
        .iter()
        .find(|(to, _)| to == &["alice@example.org"])
        .map(|(_, m)| quoted_printable(m))
        .unwrap();
    assert!(
        msg.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{msg}"
    );
    let text = msg.split("text/html").next().unwrap();
    let done = link(text, "done: ");
    let postpone = link(
        &text[text.rfind("- ask the operators").unwrap()..],
        "postpone to after the next call: ",
    );
    let path = |url: &str| url.strip_prefix(&app.address).unwrap().to_string();

    // GET shows a page and changes nothing.
    let (status, ct, page) = app.get_text(&path(&done)).await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/html"));
    assert!(page.contains("<form method=\"post\">"), "{page}");
    let items = app.get("/api/v1/items?owner=alice").await.body;
    assert!(items["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["status"] == "open"));

    // POST applies it once, naming the person.
    let r = app.post_empty(&path(&done)).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let r = app.post_empty(&path(&done)).await;
    assert_eq!(r.status, 410, "single use");
    let items = app.get("/api/v1/items?owner=alice&status=done").await.body;
    assert_eq!(items["total"], 1);
    let id = items["items"][0]["id"].as_i64().unwrap();
    let detail = app.get(&format!("/api/v1/items/{id}")).await.body;
    let last = detail["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["actor"], "person:alice");

    // A tampered link is refused.
    let mut forged = path(&postpone);
    // Change the last character of the signature (to another one).
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    assert!(matches!(app.post_empty(&forged).await.status, 400 | 403));

    // Postpone: due moves to the series' first call on a later day than
    // today (the due date, 2026-03-12, is already past on the real clock).
    let r = app.post_empty(&path(&postpone)).await;
    assert_eq!(r.status, 200);
    let tomorrow = (Utc::now() + Duration::days(1)).date_naive();
    let next = app
        .get(&format!(
            "/api/v1/series/sig-standardization/occurrences?from={tomorrow}"
        ))
        .await
        .body;
    let open = app.get("/api/v1/items?owner=alice&status=open").await.body;
    assert_eq!(
        open["items"][0]["due"], next["occurrences"][0]["date"],
        "{open}"
    );

    // One-click unsubscribe turns alice's reminders off.
    let rows = outbox::all(&db).await.unwrap();
    let unsub = rows
        .iter()
        .find(|r| r.to_address == "alice@example.org")
        .and_then(|r| r.unsubscribe_url.clone())
        .unwrap();
    assert!(
        msg.contains(&format!("List-Unsubscribe: <{unsub}>")),
        "{msg}"
    );
    let r = app.post_empty(&path(&unsub)).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        app.get("/api/v1/people/alice").await.body["reminders"],
        false
    );
}

#[actix_rt::test]
async fn a_refused_connection_is_retried_and_the_message_sent_once_later() {
    let app = spawn_app().await;
    let call = arrange(&app).await;
    let db = app.db().await;
    // Nothing listens on this port.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let down = ctx(&app, db.clone(), closed);
    let t = call - Duration::hours(23);
    let r = run(&down, t).await.unwrap();
    assert_eq!((r.planned, r.sent), (4, 0), "{r:?}");
    assert_eq!(r.retried, 4, "refused connections are transient: {r:?}");
    let rows = outbox::all(&db).await.unwrap();
    assert!(
        rows.iter()
            .all(|r| r.status == "pending" && r.last_error.is_some()),
        "{rows:?}"
    );
    // Before the backoff is over nothing is tried again.
    let r = deliver(&down, t + Duration::seconds(30)).await.unwrap();
    assert_eq!(r.retried + r.sent, 0, "{r:?}");

    // The server is back: the next round sends each deliverable one once.
    let (port, inbox) = smtp_server();
    let up = ctx(&app, db.clone(), port);
    let r = deliver(&up, t + Duration::minutes(2)).await.unwrap();
    assert_eq!(r.sent, 2, "{r:?}");
    let r = run(&up, t + Duration::minutes(3)).await.unwrap();
    assert_eq!((r.planned, r.sent), (0, 0), "{r:?}");
    let got = inbox.lock().unwrap().clone();
    let mut to: Vec<String> = got.iter().map(|(to, _)| to.join(",")).collect();
    to.sort();
    assert_eq!(to, ["alice@example.org", "bob@example.org"]);
}

#[actix_rt::test]
async fn two_instances_on_one_database_deliver_a_week_of_reminders_exactly_once() {
    let app = spawn_app().await;
    // Three series meeting on different days; owners with addresses.
    let series = [
        ("container", "2026-03-02T10:05", "ana"),
        ("iaas", "2026-03-04T10:05", "ben"),
        ("ops", "2026-03-06T09:05", "cem"),
    ];
    for (slug, start, owner) in series {
        let r = app
            .post(
                "/api/v1/series",
                &json!({"slug": slug, "time_zone": "Europe/Berlin", "lead_minutes": 120,
                        "schedule": [{"start": start, "duration_minutes": 50, "rrule": "FREQ=WEEKLY"}]}),
            )
            .await;
        assert_eq!(r.status, 201, "{:?}", r.body);
        let md = format!(
            "# {}\n\n- _AI @{owner}: first thing_\n- _AI @dora: shared thing for {slug}_\n",
            &start[..10]
        );
        assert_eq!(app.ingest(&format!("series={slug}"), &md).await.status, 201);
        let r = app
            .patch(
                &format!("/api/v1/people/{owner}"),
                &json!({"email": format!("{owner}@example.org")}),
            )
            .await;
        assert_eq!(r.status, 200);
    }
    let r = app
        .patch("/api/v1/people/dora", &json!({"email": "dora@example.org"}))
        .await;
    assert_eq!(r.status, 200);

    // Two instances: their own connection pools, one database, one SMTP sink.
    let (port, inbox) = smtp_server();
    let a = Arc::new(ctx(&app, app.db().await, port));
    let b = Arc::new(ctx(&app, app.db().await, port));
    // A week after the first meetings, in 20-minute steps, both at once.
    let start: DateTime<Utc> = "2026-03-08T00:00:00Z".parse().unwrap();
    let mut t = start;
    while t < start + Duration::days(7) {
        let (ra, rb) = futures_util::future::join(run(&a, t), run(&b, t)).await;
        ra.unwrap();
        rb.unwrap();
        t += Duration::minutes(20);
    }
    // Each series met once that week: its owner and dora, once each.
    let got = inbox.lock().unwrap().clone();
    let mut to: Vec<String> = got.iter().map(|(to, _)| to.join(",")).collect();
    to.sort();
    assert_eq!(
        to,
        [
            "ana@example.org",
            "ben@example.org",
            "cem@example.org",
            "dora@example.org",
            "dora@example.org",
            "dora@example.org"
        ]
    );
    let mut ids: Vec<&str> = got
        .iter()
        .filter_map(|(_, m)| m.lines().find(|l| l.starts_with("Message-ID:")))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "no message twice");
    let rows = outbox::all(&app.db().await).await.unwrap();
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter().all(|r| r.status == "sent" && r.attempts == 1),
        "{rows:?}"
    );
}

#[actix_rt::test]
async fn a_server_hanging_after_data_times_out_and_the_retry_is_the_same_message() {
    let app = spawn_app().await;
    let call = arrange(&app).await;
    let db = app.db().await;
    let (port, inbox) = smtp_server_with(Some(std::time::Duration::from_secs(3)));
    let mut c = ctx(&app, db.clone(), port);
    // A one-second timeout of our own around the whole conversation.
    let mail = MailSettings {
        transport: Transport::Smtp,
        smtp_host: "127.0.0.1".into(),
        smtp_port: port,
        smtp_security: SmtpSecurity::None,
        send_timeout_secs: 1,
        ..app.settings.mail.clone()
    };
    c.mailer = Mailer::from_settings(&mail).unwrap();
    let t = call - Duration::hours(23);
    let started = std::time::Instant::now();
    let r = run(&c, t).await.unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "our timeout, not the server's"
    );
    assert_eq!(r.retried, 2, "the hung send and erin's 451: {r:?}");
    assert_eq!(r.sent, 1, "{r:?}");
    // The retry goes out once the backoff is over.
    let r = deliver(&c, t + Duration::minutes(2)).await.unwrap();
    assert_eq!(r.sent, 1, "{r:?}");
    std::thread::sleep(std::time::Duration::from_secs(3));
    // The hung server may have kept the first copy too: every copy carries
    // the same Message-ID, so the receiving side sees one message.
    let got = inbox.lock().unwrap().clone();
    let mut ids: Vec<String> = got
        .iter()
        .filter_map(|(_, m)| {
            m.lines()
                .find(|l| l.starts_with("Message-ID:"))
                .map(str::to_string)
        })
        .collect();
    let copies = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2, "alice's and bob's, {copies} copies");
    let rows = outbox::all(&db).await.unwrap();
    assert_eq!(rows.iter().filter(|r| r.status == "sent").count(), 2);
}

#[actix_rt::test]
async fn downtime_catches_up_before_the_call_and_never_sends_late() {
    let app = spawn_app().await;
    let call = arrange(&app).await;
    let r = app
        .patch(
            "/api/v1/series/sig-standardization",
            &json!({"source_url_template": "https://github.com/SovereignCloudStack/minutes/blob/main/{path}#L{line}"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let (port, inbox) = smtp_server();
    let db = app.db().await;
    let c = ctx(&app, db.clone(), port);

    // Down from before the reminder time until one hour before the call:
    // the first round after the restart sends the reminders at once.
    let r = run(&c, call - Duration::hours(1)).await.unwrap();
    assert_eq!(r.sent, 2, "{r:?}");
    let alice = inbox
        .lock()
        .unwrap()
        .iter()
        .find(|(to, _)| to == &["alice@example.org"])
        .map(|(_, m)| quoted_printable(m))
        .unwrap();
    assert!(
        alice.contains("https://github.com/SovereignCloudStack/minutes/blob/main/"),
        "source link: {alice}"
    );

    // Down through the whole of the next call's reminder window and the
    // call itself: nothing is sent for that call once it has started.
    let next_call = call + Duration::days(7);
    let before = inbox.lock().unwrap().len();
    let r = run(&c, next_call + Duration::minutes(5)).await.unwrap();
    assert_eq!((r.planned, r.sent), (0, 0), "{r:?}");
    assert_eq!(inbox.lock().unwrap().len(), before);
}

#[actix_rt::test]
async fn an_expired_link_is_refused_with_a_page() {
    use followup::actions::{sign, Action, Kind};
    let app = spawn_app().await;
    arrange(&app).await;
    let db = app.db().await;
    let key = followup::store::actions::link_key(&db).await.unwrap();
    let alice = app.get("/api/v1/people/alice").await.body;
    assert!(alice["handle"].is_string());
    let item = app.get("/api/v1/items?owner=alice").await.body["items"][0]["id"]
        .as_i64()
        .unwrap() as i32;
    let token = sign(
        &key,
        &Action {
            kind: Kind::Done,
            item_id: Some(item),
            person_id: 1,
            expires: (Utc::now() - Duration::minutes(1)).timestamp(),
            nonce: followup::actions::nonce(),
        },
    );
    for r in [app.get_text(&format!("/a/{token}")).await, {
        let r = app.post_empty(&format!("/a/{token}")).await;
        (r.status, r.content_type, r.body.to_string())
    }] {
        assert_eq!(r.0, 410);
        assert!(r.1.starts_with("text/html"), "{}", r.1);
        assert!(r.2.contains("expired"), "{}", r.2);
    }
    let still = app.get(&format!("/api/v1/items/{item}")).await.body;
    assert_eq!(still["status"], "open");
}
