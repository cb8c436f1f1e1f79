//! An SMTP client on one persistent connection with `TCP_NODELAY` set on
//! its socket: lettre 0.11.23 never sets it, so each message waits 40-60 ms
//! for a delayed ACK (about 20 a second). We open the TCP stream ourselves,
//! set the option, and hand the stream to lettre's connection (which does
//! EHLO, STARTTLS, AUTH and the mail transaction). A connection the server
//! closed is replaced and the send tried once more on the fresh one (lettre
//! issue #743); the whole conversation runs inside our own timeout (lettre's
//! covers connecting only, issue #1027).
//!
//! Implicit TLS (`smtp_security = "tls"`) goes through lettre's own pooled
//! transport, which cannot take our stream.

use super::SendError;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use std::time::Duration;
use tokio::sync::Mutex;

/// Connection settings.
#[derive(Debug, Clone)]
pub struct Target {
    pub host: String,
    pub port: u16,
    pub starttls: bool,
    pub credentials: Option<Credentials>,
    pub timeout: Duration,
}

pub struct Client {
    target: Target,
    hello: ClientId,
    conn: Mutex<Option<AsyncSmtpConnection>>,
}

/// 5xx replies are permanent; 4xx, connection errors and the rest transient.
pub(super) fn classify(e: lettre::transport::smtp::Error) -> SendError {
    if e.is_permanent() {
        SendError::Permanent(e.to_string())
    } else {
        SendError::Transient(e.to_string())
    }
}

impl Client {
    pub fn new(target: Target) -> Client {
        Client {
            target,
            hello: ClientId::default(),
            conn: Mutex::new(None),
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let t = &self.target;
        let stream = tokio::time::timeout(
            t.timeout,
            tokio::net::TcpStream::connect((t.host.as_str(), t.port)),
        )
        .await
        .map_err(|_| SendError::Transient("connecting timed out".into()))?
        .map_err(|e| SendError::Transient(format!("connecting: {e}")))?;
        // The root of lettre's 40 ms per message.
        stream
            .set_nodelay(true)
            .map_err(|e| SendError::Transient(format!("TCP_NODELAY: {e}")))?;
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello)
            .await
            .map_err(classify)?;
        if t.starttls {
            let params = TlsParameters::new(t.host.clone())
                .map_err(|e| SendError::Permanent(e.to_string()))?;
            conn.starttls(params, &self.hello).await.map_err(classify)?;
        }
        if let Some(c) = &t.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], c)
                .await
                .map_err(classify)?;
        }
        Ok(conn)
    }

    /// Sends one message on the persistent connection.
    pub async fn send(&self, envelope: &Envelope, bytes: &[u8]) -> Result<(), SendError> {
        let mut guard = self.conn.lock().await;
        for attempt in 0..2 {
            let reused = guard.is_some();
            if guard.is_none() {
                *guard = Some(self.connect().await?);
            }
            let Some(conn) = guard.as_mut() else {
                continue;
            };
            match tokio::time::timeout(self.target.timeout, conn.send(envelope, bytes)).await {
                Ok(Ok(_)) => return Ok(()),
                Ok(Err(e)) => {
                    let broken = conn.has_broken();
                    if broken {
                        *guard = None;
                    }
                    // A reused connection the server had closed: once more
                    // on a fresh one.
                    if reused && broken && attempt == 0 && !e.is_permanent() && e.status().is_none()
                    {
                        continue;
                    }
                    return Err(classify(e));
                }
                Err(_) => {
                    // Mid-conversation: the connection's state is unknown.
                    *guard = None;
                    return Err(SendError::Transient("timed out".into()));
                }
            }
        }
        Err(SendError::Transient("no connection".into()))
    }
}
