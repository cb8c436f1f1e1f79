//! Emails: rendering (pure, minijinja templates with HTML auto-escaped) and
//! the transports (`smtp`, `file`, and a stub for unit tests). Never touches
//! the database.

use crate::config::{MailSettings, SmtpSecurity, Transport};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use minijinja::Environment;
use secrecy::ExposeSecret;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub mod smtp;

macro_rules! built_in {
    ($($name:literal),*) => {
        &[$(($name, include_str!(concat!("../../config/templates/", $name)))),*]
    };
}

/// The built-in templates (from `config/templates/`).
const BUILT_IN: &[(&str, &str)] = built_in!(
    "reminder.subject.j2",
    "reminder.txt.j2",
    "reminder.html.j2",
    "team.subject.j2",
    "team.txt.j2",
    "team.html.j2",
    "weekly.subject.j2",
    "weekly.txt.j2",
    "weekly.html.j2"
);

/// One item as a reminder shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemContext {
    pub id: i32,
    pub text: String,
    pub section: String,
    pub due: Option<String>,
    pub overdue: bool,
    /// Meetings it has been carried through.
    pub meetings: i32,
    pub url: Option<String>,
    /// Signed links (reminders only).
    pub done_url: Option<String>,
    pub ongoing_url: Option<String>,
    pub postpone_url: Option<String>,
}

/// What a reminder says.
#[derive(Debug, Clone, Serialize)]
pub struct ReminderContext {
    pub person: String,
    pub series: String,
    /// Local start of the call, e.g. `2022-11-17 15:05 CET`.
    pub call_start: String,
    pub call_date: String,
    /// Overdue first.
    pub items: Vec<ItemContext>,
}

/// One owner's items in a team digest.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerItems {
    pub name: String,
    pub items: Vec<ItemContext>,
}

/// What a series' team digest says.
#[derive(Debug, Clone, Serialize)]
pub struct TeamContext {
    pub series: String,
    pub call_start: String,
    pub call_date: String,
    pub total: usize,
    pub owners: Vec<OwnerItems>,
    /// Open gaps.
    pub gaps: Vec<ItemContext>,
    /// Owners no reminder reaches.
    pub undeliverable: Vec<String>,
}

/// What a person's weekly digest says.
#[derive(Debug, Clone, Serialize)]
pub struct WeeklyContext {
    pub person: String,
    /// ISO week, e.g. `2026-W11`.
    pub week: String,
    pub total: usize,
    /// Per series (name), overdue first.
    pub series: Vec<OwnerItems>,
}

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The templates: built in, each overridable by a file of the same name in
/// the configured folder, so wording changes need no rebuild.
pub struct Templates {
    env: Environment<'static>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("template {0}: {1}")]
    Template(String, String),
    #[error("address {0:?}: {1}")]
    Address(String, String),
    #[error("{0}")]
    Build(String),
}

impl Templates {
    /// Loads the built-in templates and the overrides in `dir` (if any).
    pub fn load(dir: Option<&Path>) -> Result<Templates, MailError> {
        let mut env = Environment::new();
        // `.html.j2` templates are HTML-escaped; text and subject are not.
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html.j2") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        for (name, source) in BUILT_IN {
            let text = match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
                Some(path) => std::fs::read_to_string(&path)
                    .map_err(|e| MailError::Template(path.display().to_string(), e.to_string()))?,
                None => (*source).to_string(),
            };
            env.add_template_owned(*name, text)
                .map_err(|e| MailError::Template((*name).into(), e.to_string()))?;
        }
        Ok(Templates { env })
    }

    fn render(&self, name: &str, ctx: &impl Serialize) -> Result<String, MailError> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(minijinja::value::Serde(ctx)))
            .map_err(|e| MailError::Template(name.into(), e.to_string()))
    }

    fn email(&self, kind: &str, ctx: &impl Serialize) -> Result<Rendered, MailError> {
        Ok(Rendered {
            subject: self
                .render(&format!("{kind}.subject.j2"), ctx)?
                .trim()
                .replace(['\r', '\n'], " "),
            text: self.render(&format!("{kind}.txt.j2"), ctx)?,
            html: self.render(&format!("{kind}.html.j2"), ctx)?,
        })
    }

    /// A reminder: subject, text and HTML parts.
    pub fn reminder(&self, ctx: &ReminderContext) -> Result<Rendered, MailError> {
        self.email("reminder", ctx)
    }

    /// A series' team digest.
    pub fn team(&self, ctx: &TeamContext) -> Result<Rendered, MailError> {
        self.email("team", ctx)
    }

    /// A person's weekly digest.
    pub fn weekly(&self, ctx: &WeeklyContext) -> Result<Rendered, MailError> {
        self.email("weekly", ctx)
    }
}

/// An email ready to go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Deterministic, so a retried send is recognisably the same message.
    pub message_id: String,
    /// One-click unsubscribe link: `List-Unsubscribe` and
    /// `List-Unsubscribe-Post` (RFC 8058).
    pub unsubscribe: Option<String>,
}

/// Why a send failed: transient failures are retried, permanent ones not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("transient: {0}")]
    Transient(String),
    #[error("permanent: {0}")]
    Permanent(String),
}

/// The transports.
#[derive(Clone)]
pub enum Mailer {
    /// SMTP without TLS or with STARTTLS: one persistent connection with
    /// TCP_NODELAY (see [`smtp`]).
    Smtp {
        client: Arc<smtp::Client>,
        from: Mailbox,
    },
    /// SMTP with implicit TLS, through lettre's pooled transport.
    SmtpTls {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
        timeout: Duration,
    },
    /// `.eml` files in a folder.
    File { dir: PathBuf, from: Mailbox },
    /// Keeps what was sent, for tests of rendering and planning.
    Stub { sent: Arc<Mutex<Vec<Outgoing>>> },
}

impl Mailer {
    pub fn from_settings(s: &MailSettings) -> Result<Mailer, MailError> {
        let from: Mailbox = s.from.parse().map_err(|e: lettre::address::AddressError| {
            MailError::Address(s.from.clone(), e.to_string())
        })?;
        let timeout = Duration::from_secs(s.send_timeout_secs);
        Ok(match s.transport {
            Transport::File => Mailer::File {
                dir: PathBuf::from(&s.file_dir),
                from,
            },
            Transport::Smtp => {
                let credentials = (!s.smtp_username.is_empty()).then(|| {
                    let password = s
                        .smtp_password
                        .as_ref()
                        .map(|p| p.expose_secret().to_string())
                        .unwrap_or_default();
                    Credentials::new(s.smtp_username.clone(), password)
                });
                match s.smtp_security {
                    SmtpSecurity::Tls => {
                        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::relay(&s.smtp_host)
                            .map_err(|e| MailError::Build(e.to_string()))?
                            .port(s.smtp_port)
                            .timeout(Some(timeout));
                        if let Some(c) = credentials {
                            builder = builder.credentials(c);
                        }
                        Mailer::SmtpTls {
                            transport: builder.build(),
                            from,
                            timeout,
                        }
                    }
                    security => Mailer::Smtp {
                        client: Arc::new(smtp::Client::new(smtp::Target {
                            host: s.smtp_host.clone(),
                            port: s.smtp_port,
                            starttls: security == SmtpSecurity::Starttls,
                            credentials,
                            timeout,
                        })),
                        from,
                    },
                }
            }
        })
    }

    /// A stub and the list it fills.
    pub fn stub() -> (Mailer, Arc<Mutex<Vec<Outgoing>>>) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        (Mailer::Stub { sent: sent.clone() }, sent)
    }

    fn message(from: &Mailbox, e: &Outgoing) -> Result<Message, SendError> {
        let to: Mailbox = e.to.parse().map_err(|err: lettre::address::AddressError| {
            SendError::Permanent(format!("recipient: {err}"))
        })?;
        let mut b = Message::builder();
        if let Some(url) = &e.unsubscribe {
            use lettre::message::header::{HeaderName, HeaderValue};
            b = b
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        b.from(from.clone())
            .to(to)
            .subject(e.subject.clone())
            .message_id(Some(e.message_id.clone()))
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(e.text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(e.html.clone()),
                    ),
            )
            .map_err(|err| SendError::Permanent(err.to_string()))
    }

    /// Sends one email. SMTP sends run inside a timeout of their own
    /// (lettre's covers connecting only); 4xx replies, connection errors
    /// and timeouts are transient, 5xx replies permanent.
    pub async fn send(&self, e: &Outgoing) -> Result<(), SendError> {
        match self {
            Mailer::Smtp { client, from } => {
                let msg = Self::message(from, e)?;
                client.send(msg.envelope(), &msg.formatted()).await
            }
            Mailer::SmtpTls {
                transport,
                from,
                timeout,
            } => {
                let msg = Self::message(from, e)?;
                match tokio::time::timeout(*timeout, transport.send(msg)).await {
                    Err(_) => Err(SendError::Transient("timed out".into())),
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(err)) => Err(smtp::classify(err)),
                }
            }
            Mailer::File { dir, from } => {
                let msg = Self::message(from, e)?;
                std::fs::create_dir_all(dir)
                    .map_err(|err| SendError::Transient(err.to_string()))?;
                let name: String = e
                    .message_id
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let path = dir.join(format!("{name}.eml"));
                let tmp = dir.join(format!(".{name}.eml.tmp"));
                std::fs::write(&tmp, msg.formatted())
                    .and_then(|_| std::fs::rename(&tmp, &path))
                    .map_err(|err| SendError::Transient(err.to_string()))
            }
            Mailer::Stub { sent } => {
                sent.lock()
                    .map_err(|_| SendError::Transient("stub poisoned".into()))?
                    .push(e.clone());
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> ReminderContext {
        ReminderContext {
            person: "mbuechse".into(),
            series: "SIG Standardization".into(),
            call_start: "2026-03-12 14:05 CET".into(),
            call_date: "2026-03-12".into(),
            items: vec![
                ItemContext {
                    id: 1,
                    done_url: None,
                    ongoing_url: None,
                    postpone_url: None,
                    text: "fix <script>alert(1)</script> & co".into(),
                    section: "Pending action items".into(),
                    due: Some("2026-03-05".into()),
                    overdue: true,
                    meetings: 3,
                    url: None,
                },
                ItemContext {
                    id: 2,
                    done_url: Some("https://f.example/a/t1".into()),
                    ongoing_url: Some("https://f.example/a/t2".into()),
                    postpone_url: Some("https://f.example/a/t3".into()),
                    text: "write the draft".into(),
                    section: String::new(),
                    due: None,
                    overdue: false,
                    meetings: 1,
                    url: Some("https://example.org/m.md#L4".into()),
                },
            ],
        }
    }

    #[test]
    fn reminder_renders_subject_text_and_escaped_html() {
        let t = Templates::load(None).unwrap();
        let r = t.reminder(&ctx()).unwrap();
        assert_eq!(
            r.subject,
            "[SIG Standardization] 2 open items before the call on 2026-03-12"
        );
        assert!(
            r.text
                .contains("- fix <script>alert(1)</script> & co (OVERDUE)"),
            "{}",
            r.text
        );
        assert!(
            r.text.contains("open for 3 meetings; Pending action items"),
            "{}",
            r.text
        );
        assert!(
            r.html
                .contains("fix &lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; co"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<script>"));
    }

    #[test]
    fn a_template_folder_overrides_the_wording() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("reminder.subject.j2"),
            "Heads up, {{ person }}",
        )
        .unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        let r = t.reminder(&ctx()).unwrap();
        assert_eq!(r.subject, "Heads up, mbuechse");
        // The others stay built in.
        assert!(r.text.starts_with("Hello mbuechse,"));
    }

    #[tokio::test]
    async fn the_stub_keeps_what_was_sent() {
        let (m, sent) = Mailer::stub();
        let e = Outgoing {
            to: "a@example.org".into(),
            subject: "s".into(),
            text: "t".into(),
            html: "<p>t</p>".into(),
            message_id: "<x@followup>".into(),
            unsubscribe: None,
        };
        m.send(&e).await.unwrap();
        assert_eq!(sent.lock().unwrap().as_slice(), [e]);
    }
}
