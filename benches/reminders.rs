//! Reminder delivery speed: N reminders (default 10,000; set
//! FOLLOWUP_BENCH_MESSAGES) through the whole path (render, outbox, claim,
//! send, record) to a local SMTP sink, next to a bare loop that sends the
//! same messages over one persistent SMTP connection with TCP_NODELAY set,
//! to the same sink in the same run. Prints messages per second and the
//! ratio (goal >= 0.5).
//!
//!     cargo bench --bench reminders

use chrono::{Duration, Utc};
use followup::config::{Settings, SmtpSecurity, Transport};
use followup::jobs::reminders::{deliver, Ctx};
use followup::mail::{ItemContext, Mailer, ReminderContext, Templates};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::extension::ClientId;
use lettre::Message;
use mailin_embedded::{Handler, Server, SslConfig};
use sea_orm::Set;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

#[derive(Clone)]
struct Sink(Arc<AtomicU64>);

impl Handler for Sink {
    fn data_end(&mut self) -> mailin_embedded::response::Response {
        self.0.fetch_add(1, Ordering::Relaxed);
        mailin_embedded::response::OK
    }
}

fn sink() -> (u16, Arc<AtomicU64>) {
    let count = Arc::new(AtomicU64::new(0));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut server = Server::new(Sink(count.clone()));
    server
        .with_name("localhost")
        .with_ssl(SslConfig::None)
        .unwrap()
        .with_num_threads(4)
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (port, count)
}

fn context(i: usize) -> ReminderContext {
    ReminderContext {
        person: format!("person{i}"),
        series: "SIG Standardization".into(),
        call_start: "2026-03-12 14:05 CET".into(),
        call_date: "2026-03-12".into(),
        items: (0..3)
            .map(|k| ItemContext {
                id: (i * 3 + k) as i32,
                text: format!("create issue and draft a standard on IPv6 networking, part {k}"),
                section: "Pending action items".into(),
                due: Some("2026-03-12".into()),
                overdue: k == 0,
                meetings: 3,
                url: None,
                done_url: None,
                ongoing_url: None,
                postpone_url: None,
            })
            .collect(),
    }
}

fn main() {
    let n: usize = std::env::var("FOLLOWUP_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (port, received) = sink();
    let dir = tempfile::tempdir().unwrap();
    let db_layer = format!(
        "[database]\nurl = \"sqlite://{}\"\n[mail]\ntransport = \"smtp\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {port}\nsmtp_security = \"none\"\n",
        dir.path().join("bench.db").display()
    );
    let settings =
        Settings::load_with(None, &[include_str!("../config/test.toml"), &db_layer]).unwrap();
    assert_eq!(settings.mail.transport, Transport::Smtp);
    assert_eq!(settings.mail.smtp_security, SmtpSecurity::None);
    let templates = Templates::load(None).unwrap();

    rt.block_on(async {
        // The same messages for both.
        let from: Mailbox = "followup <followup@localhost>".parse().unwrap();
        let rendered: Vec<_> = (0..n)
            .map(|i| templates.reminder(&context(i)).unwrap())
            .collect();

        // Bare loop: one connection, TCP_NODELAY, no database.
        let before = received.load(Ordering::Relaxed);
        let t0 = Instant::now();
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        stream.set_nodelay(true).unwrap();
        let mut conn =
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &ClientId::default())
                .await
                .unwrap();
        for (i, r) in rendered.iter().enumerate() {
            let msg = Message::builder()
                .from(from.clone())
                .to(format!("person{i}@example.org").parse().unwrap())
                .subject(r.subject.clone())
                .message_id(Some(format!("<bare{i}@followup.bench>")))
                .multipart(
                    MultiPart::alternative()
                        .singlepart(
                            SinglePart::builder()
                                .header(ContentType::TEXT_PLAIN)
                                .body(r.text.clone()),
                        )
                        .singlepart(
                            SinglePart::builder()
                                .header(ContentType::TEXT_HTML)
                                .body(r.html.clone()),
                        ),
                )
                .unwrap();
            conn.send(msg.envelope(), &msg.formatted()).await.unwrap();
        }
        let bare = t0.elapsed();
        let _ = conn.quit().await;

        // Whole path: render, outbox, claim, send, record.
        let db = followup::store::connect(&settings).await.unwrap();
        followup::store::migrate(&db).await.unwrap();
        let ctx = Ctx {
            db: db.clone(),
            mailer: Mailer::from_settings(&settings.mail).unwrap(),
            templates,
            lease: Duration::minutes(5),
            domain: "followup.bench".into(),
            weekly: None,
            links: None,
        };
        let now = Utc::now();
        let t1 = Instant::now();
        let rows: Vec<entity::outbox::ActiveModel> = (0..n)
            .map(|i| {
                let r = ctx.templates.reminder(&context(i)).unwrap();
                entity::outbox::ActiveModel {
                    key: Set(format!("bench/{i}")),
                    kind: Set("reminder".into()),
                    person_id: Set(None),
                    series_id: Set(None),
                    to_address: Set(format!("person{i}@example.org")),
                    subject: Set(r.subject),
                    text_body: Set(r.text),
                    html_body: Set(r.html),
                    message_id: Set(format!("<full{i}@followup.bench>")),
                    status: Set("pending".into()),
                    attempts: Set(0),
                    next_attempt_at: Set(now),
                    not_after: Set(None),
                    lease_until: Set(None),
                    last_error: Set(None),
                    created_at: Set(now),
                    sent_at: Set(None),
                    unsubscribe_url: Set(None),
                    ..Default::default()
                }
            })
            .collect();
        followup::store::outbox::enqueue(&db, rows).await.unwrap();
        let report = deliver(&ctx, now).await.unwrap();
        let full = t1.elapsed();
        assert_eq!(report.sent as usize, n, "{report:?}");
        // Let the sink count the last ones.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let got = received.load(Ordering::Relaxed) - before;
        assert!(
            got as usize >= 2 * n,
            "the sink got every message of both runs"
        );

        // For the record: lettre's own transport, which leaves Nagle on.
        let stock_n = n.min(100);
        let stock = {
            use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
            let t = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
                .port(port)
                .build();
            let t2 = Instant::now();
            for (i, r) in rendered.iter().take(stock_n).enumerate() {
                let msg = Message::builder()
                    .from(from.clone())
                    .to(format!("person{i}@example.org").parse().unwrap())
                    .subject(r.subject.clone())
                    .body(r.text.clone())
                    .unwrap();
                t.send(msg).await.unwrap();
            }
            t2.elapsed()
        };

        let bare_rate = n as f64 / bare.as_secs_f64();
        let full_rate = n as f64 / full.as_secs_f64();
        println!("messages: {n} to a local SMTP sink (mailin-embedded)");
        println!("bare loop, one connection, TCP_NODELAY: {bare_rate:8.0} msg/s ({bare:?})");
        println!("whole path (render, outbox, send):      {full_rate:8.0} msg/s ({full:?})");
        println!(
            "ratio whole/bare: {:.2} (goal >= 0.50)",
            full_rate / bare_rate
        );
        println!(
            "(lettre's stock transport, Nagle on: {:.0} msg/s over {stock_n} messages)",
            stock_n as f64 / stock.as_secs_f64()
        );
    });
}
