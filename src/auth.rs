//! API access: bearer tokens with a scope, and which scope each route needs.
//!
//! A token is `fu_` followed by 43 URL-safe characters (32 random bytes);
//! only its SHA-256 is stored, so a leaked database does not leak tokens.
//! Scopes nest: `admin` ⊃ `write` ⊃ `read`.

use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// What a token may do; each scope includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Reads items, people, series, statistics.
    Read,
    /// Also ingests minutes and changes items.
    Write,
    /// Also manages tokens, people and series.
    Admin,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Admin => "admin",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "read" => Ok(Scope::Read),
            "write" => Ok(Scope::Write),
            "admin" => Ok(Scope::Admin),
            _ => Err("must be read, write or admin".into()),
        }
    }
}

const PREFIX: &str = "fu_";

/// A new random token (shown once, never stored).
pub fn new_token() -> String {
    use base64::Engine;
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the OS has randomness");
    format!(
        "{PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
    )
}

/// What is stored of a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The part of a token shown in lists (`fu_AbCd…`).
pub fn display_prefix(token: &str) -> String {
    token.chars().take(PREFIX.len() + 6).collect()
}

/// Whether a string can be a token at all (checked before any lookup).
pub fn well_formed(token: &str) -> bool {
    token.len() == PREFIX.len() + 43
        && token.starts_with(PREFIX)
        && token[PREFIX.len()..]
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

/// The scope a request to `/api/v1{rest}` needs: `None` for the public
/// documents (the OpenAPI description).
pub fn required_scope(method: &str, rest: &str) -> Option<Scope> {
    let first = rest.trim_start_matches('/').split('/').next().unwrap_or("");
    let reading = matches!(method, "GET" | "HEAD" | "OPTIONS");
    match first {
        "openapi.json" => None,
        "tokens" => Some(Scope::Admin),
        _ if reading => Some(Scope::Read),
        "people" | "series" => Some(Scope::Admin),
        _ => Some(Scope::Write),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_well_formed_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(well_formed(&a), "{a}");
        assert!(!well_formed(&a[1..]));
        assert!(!well_formed("fu_short"));
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
        assert!(a.starts_with(&display_prefix(&a)));
    }

    #[test]
    fn scopes_nest_and_routes_need_them() {
        assert!(Scope::Admin > Scope::Write && Scope::Write > Scope::Read);
        assert_eq!(required_scope("GET", "/items"), Some(Scope::Read));
        assert_eq!(required_scope("GET", "/stats"), Some(Scope::Read));
        assert_eq!(required_scope("POST", "/items/3/done"), Some(Scope::Write));
        assert_eq!(required_scope("POST", "/minutes"), Some(Scope::Write));
        assert_eq!(required_scope("PATCH", "/people/x"), Some(Scope::Admin));
        assert_eq!(
            required_scope("DELETE", "/series/x/cancellations/2026-01-01"),
            Some(Scope::Admin)
        );
        assert_eq!(required_scope("GET", "/tokens"), Some(Scope::Admin));
        assert_eq!(required_scope("GET", "/openapi.json"), None);
        assert_eq!("write".parse::<Scope>(), Ok(Scope::Write));
        assert!("root".parse::<Scope>().is_err());
    }
}
