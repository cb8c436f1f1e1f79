//! Typed settings: `config/default.toml` (built in), then the file named by
//! `--config` / `FOLLOWUP_CONFIG`, then `FOLLOWUP__SECTION__KEY` environment
//! variables. Validated once at load: a bad value stops the start with a
//! message naming the key.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The defaults, compiled into the binary.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub ingest: IngestSettings,
    pub mail: MailSettings,
    pub reminders: ReminderSettings,
    pub digests: DigestSettings,
    pub auth: AuthSettings,
    pub log: LogSettings,
}

/// Who may use the API, how often, and from which web pages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// Reads need no token (public dashboards); writes still do.
    pub anonymous_read: bool,
    /// Requests per minute per token (per client address without one);
    /// 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    /// Requests a client may make at once before the rate applies.
    pub rate_limit_burst: u32,
    /// Web origins (`https://dash.example.org`) whose pages may call the
    /// API from a browser; empty: none.
    pub cors_origins: Vec<String>,
    /// Seconds a checked token is trusted before it is looked up again
    /// (a revocation through another instance takes this long to apply).
    pub token_cache_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DigestSettings {
    pub weekly_enabled: bool,
    /// `mon` … `sun`.
    pub weekly_day: String,
    /// `HH:MM`, local to each person.
    pub weekly_time: String,
    pub default_time_zone: String,
}

impl DigestSettings {
    /// The weekly rule, if enabled and valid.
    pub fn weekly(&self) -> Option<crate::jobs::reminders::Weekly> {
        if !self.weekly_enabled {
            return None;
        }
        Some(crate::jobs::reminders::Weekly {
            day: self.weekly_day.parse().ok()?,
            time: chrono::NaiveTime::parse_from_str(&self.weekly_time, "%H:%M").ok()?,
            default_tz: self.default_time_zone.parse().ok()?,
        })
    }
}

/// How emails leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    File,
    Smtp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    Starttls,
    Tls,
    None,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    pub transport: Transport,
    pub file_dir: String,
    pub from: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_security: SmtpSecurity,
    pub smtp_username: String,
    /// Only from the environment (FOLLOWUP__MAIL__SMTP_PASSWORD); never logged.
    #[serde(default)]
    pub smtp_password: Option<SecretString>,
    pub send_timeout_secs: u64,
    pub lease_secs: u64,
    pub public_url: String,
    pub link_days: u32,
    pub templates_dir: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderSettings {
    pub enabled: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    pub bind: String,
    pub workers: usize,
    pub shutdown_timeout_secs: u64,
    pub json_limit: usize,
    pub markdown_limit: usize,
    /// `/items` and `/stats` answers kept until the data changes; 0: none.
    pub answer_cache_entries: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: String,
    pub max_connections: u32,
    pub password_file: String,
    pub busy_timeout_secs: u64,
    /// Only from the environment (FOLLOWUP__DATABASE__PASSWORD); never logged.
    #[serde(default)]
    pub password: Option<SecretString>,
}

/// How ingestion recognises an item that comes back in later minutes (see
/// the module doc of [`crate::ingest`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestSettings {
    /// Similarity (0..1) from which two texts with the same owners are the
    /// same item.
    pub match_threshold: f64,
    /// Items last named more than this many days before a meeting are not
    /// matched against it.
    pub match_window_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub level: String,
    pub format: LogFormat,
}

/// A setting that failed validation: the key and why.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {key}: {reason}")]
    Invalid { key: String, reason: String },
    #[error("configuration: {0}")]
    Load(String),
}

fn invalid(key: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.to_string(),
        reason: reason.into(),
    }
}

impl Settings {
    /// Loads defaults, then `file` (or `FOLLOWUP_CONFIG`), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("FOLLOWUP_CONFIG").map(PathBuf::from));
        Self::load_with(file.as_deref(), &[])
    }

    /// As [`Settings::load`], with extra TOML layers on top (tests use
    /// `config/test.toml` and their own database).
    pub fn load_with(file: Option<&Path>, layers: &[&str]) -> Result<Settings, ConfigError> {
        let mut b = config::Config::builder().add_source(config::File::from_str(
            DEFAULT_TOML,
            config::FileFormat::Toml,
        ));
        if let Some(f) = file {
            if !f.is_file() {
                return Err(ConfigError::Load(format!(
                    "config file {} does not exist",
                    f.display()
                )));
            }
            b = b.add_source(config::File::from(f).format(config::FileFormat::Toml));
        }
        for layer in layers {
            b = b.add_source(config::File::from_str(layer, config::FileFormat::Toml));
        }
        b = b.add_source(
            config::Environment::with_prefix("FOLLOWUP")
                .prefix_separator("__")
                .separator("__")
                .try_parsing(true)
                // FOLLOWUP__AUTH__CORS_ORIGINS=https://a.example,https://b.example
                .list_separator(",")
                .with_list_parse_key("auth.cors_origins"),
        );
        let settings: Settings = b
            .build()
            .and_then(|c| c.try_deserialize())
            .map_err(|e| ConfigError::Load(e.to_string()))?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        self.server
            .bind
            .parse::<SocketAddr>()
            .map_err(|e| invalid("server.bind", format!("not an address:port ({e})")))?;
        if self.server.json_limit == 0 {
            return Err(invalid("server.json_limit", "must be greater than 0"));
        }
        if self.server.markdown_limit == 0 {
            return Err(invalid("server.markdown_limit", "must be greater than 0"));
        }
        for o in &self.auth.cors_origins {
            let ok = url::Url::parse(o)
                .map(|u| u.has_host() && u.path() == "/" && !o.ends_with('/'))
                .unwrap_or(false);
            if !ok {
                return Err(invalid(
                    "auth.cors_origins",
                    format!("{o:?} is not an origin such as https://dash.example.org"),
                ));
            }
        }
        if self.auth.rate_limit_per_minute > 0 && self.auth.rate_limit_burst == 0 {
            return Err(invalid("auth.rate_limit_burst", "must be at least 1"));
        }
        let t = self.ingest.match_threshold;
        if !(t > 0.0 && t <= 1.0) {
            return Err(invalid(
                "ingest.match_threshold",
                "must be greater than 0 and at most 1",
            ));
        }
        if self.ingest.match_window_days == 0 {
            return Err(invalid("ingest.match_window_days", "must be at least 1"));
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(invalid(
                "mail.from",
                "not an address such as \"followup <followup@example.org>\"",
            ));
        }
        if url::Url::parse(&self.mail.public_url)
            .map(|u| !u.has_host())
            .unwrap_or(true)
        {
            return Err(invalid(
                "mail.public_url",
                "must be an absolute URL such as https://followup.example.org",
            ));
        }
        if self.mail.link_days == 0 {
            return Err(invalid("mail.link_days", "must be at least 1"));
        }
        if self.mail.send_timeout_secs == 0 {
            return Err(invalid("mail.send_timeout_secs", "must be at least 1"));
        }
        if self.mail.lease_secs <= self.mail.send_timeout_secs {
            return Err(invalid(
                "mail.lease_secs",
                "must be longer than mail.send_timeout_secs",
            ));
        }
        if self.digests.weekly_day.parse::<chrono::Weekday>().is_err() {
            return Err(invalid(
                "digests.weekly_day",
                "must be mon, tue, wed, thu, fri, sat or sun",
            ));
        }
        if chrono::NaiveTime::parse_from_str(&self.digests.weekly_time, "%H:%M").is_err() {
            return Err(invalid("digests.weekly_time", "must be a time HH:MM"));
        }
        if self
            .digests
            .default_time_zone
            .parse::<chrono_tz::Tz>()
            .is_err()
        {
            return Err(invalid(
                "digests.default_time_zone",
                "must be an IANA time zone such as Europe/Berlin",
            ));
        }
        let url = &self.database.url;
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(invalid(
                "database.url",
                "must start with sqlite:, postgres:// or postgresql://",
            ));
        }
        if self.database.max_connections == 0 {
            return Err(invalid("database.max_connections", "must be at least 1"));
        }
        if !self.database.password_file.is_empty()
            && !Path::new(&self.database.password_file).is_file()
        {
            return Err(invalid("database.password_file", "file does not exist"));
        }
        tracing_subscriber::EnvFilter::try_new(&self.log.level)
            .map_err(|e| invalid("log.level", format!("not a tracing filter ({e})")))?;
        Ok(())
    }

    /// The database password, from the environment or `password_file`.
    pub fn database_password(&self) -> Result<Option<SecretString>, ConfigError> {
        if let Some(p) = &self.database.password {
            return Ok(Some(p.clone()));
        }
        if self.database.password_file.is_empty() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&self.database.password_file)
            .map_err(|e| invalid("database.password_file", e.to_string()))?;
        Ok(Some(SecretString::from(
            text.lines().next().unwrap_or("").to_string(),
        )))
    }

    /// The database URL with the password put in (never log this).
    pub fn database_url_with_password(&self) -> Result<SecretString, ConfigError> {
        let url = &self.database.url;
        match (self.database_password()?, url.starts_with("postgres")) {
            (Some(pw), true) => {
                let mut u =
                    url::Url::parse(url).map_err(|e| invalid("database.url", e.to_string()))?;
                u.set_password(Some(pw.expose_secret()))
                    .map_err(|_| invalid("database.url", "cannot hold a password"))?;
                Ok(SecretString::from(u.to_string()))
            }
            _ => Ok(SecretString::from(url.clone())),
        }
    }

    /// The database URL for logs: any password replaced by `***`.
    pub fn database_url_redacted(&self) -> String {
        match url::Url::parse(&self.database.url) {
            Ok(mut u) if u.password().is_some() => {
                let _ = u.set_password(Some("***"));
                u.to_string()
            }
            _ => self.database.url.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_load_and_validate() {
        let s = Settings::load_with(None, &[]).unwrap();
        assert_eq!(s.server.bind, "127.0.0.1:8080");
        assert_eq!(s.database.url, "sqlite://data/followup.db");
    }

    #[test]
    fn a_bad_value_names_its_key() {
        let e = Settings::load_with(None, &["[server]\nbind = \"nowhere\""])
            .unwrap_err()
            .to_string();
        assert!(e.contains("server.bind"), "{e}");
        let e = Settings::load_with(None, &["[database]\nurl = \"mysql://x\""])
            .unwrap_err()
            .to_string();
        assert!(e.contains("database.url"), "{e}");
        let e = Settings::load_with(None, &["[server]\nbogus = 1"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("bogus"), "{e}");
    }

    #[test]
    fn password_goes_into_the_url_but_not_the_logs() {
        let mut s =
            Settings::load_with(None, &["[database]\nurl = \"postgres://app@db:5432/f\""]).unwrap();
        s.database.password = Some(SecretString::from("s3cret".to_string()));
        assert!(s
            .database_url_with_password()
            .unwrap()
            .expose_secret()
            .contains("s3cret"));
        assert!(!format!("{s:?}").contains("s3cret"));
        assert!(!s.database_url_redacted().contains("s3cret"));
    }
}
