//! Signed action links for emails: an item's `done`, `ongoing` and
//! `postpone` links and a person's one-click unsubscribe. PURE: the key and
//! the time are passed in.
//!
//! A token is `base64url(payload) . base64url(HMAC-SHA256(key, payload))`,
//! the payload `v1|action|item|person|expires|nonce`. It is checked in
//! constant time, refused after it expires, and used once (the caller
//! records the nonce).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// What a link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Done,
    Ongoing,
    Postpone,
    Unsubscribe,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Done => "done",
            Kind::Ongoing => "ongoing",
            Kind::Postpone => "postpone",
            Kind::Unsubscribe => "unsubscribe",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "done" => Kind::Done,
            "ongoing" => Kind::Ongoing,
            "postpone" => Kind::Postpone,
            "unsubscribe" => Kind::Unsubscribe,
            _ => return None,
        })
    }
}

/// A signed action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub kind: Kind,
    /// The item (none for unsubscribe).
    pub item_id: Option<i32>,
    pub person_id: i32,
    /// Unix seconds.
    pub expires: i64,
    pub nonce: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the link is not a valid action link")]
    Malformed,
    #[error("the link's signature does not match")]
    BadSignature,
    #[error("the link has expired")]
    Expired,
}

fn mac(key: &[u8], payload: &[u8]) -> HmacSha256 {
    let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    m.update(payload);
    m
}

/// Signs an action into a URL-safe token.
pub fn sign(key: &[u8], a: &Action) -> String {
    let payload = format!(
        "v1|{}|{}|{}|{}|{}",
        a.kind.as_str(),
        a.item_id.map(|i| i.to_string()).unwrap_or_default(),
        a.person_id,
        a.expires,
        a.nonce
    );
    let tag = mac(key, payload.as_bytes()).finalize().into_bytes();
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(payload),
        URL_SAFE_NO_PAD.encode(tag)
    )
}

/// Checks a token's signature and expiry at `now` (Unix seconds).
pub fn verify(key: &[u8], token: &str, now: i64) -> Result<Action, TokenError> {
    let (p, t) = token.split_once('.').ok_or(TokenError::Malformed)?;
    let payload = URL_SAFE_NO_PAD
        .decode(p)
        .map_err(|_| TokenError::Malformed)?;
    let tag = URL_SAFE_NO_PAD
        .decode(t)
        .map_err(|_| TokenError::Malformed)?;
    mac(key, &payload)
        .verify_slice(&tag)
        .map_err(|_| TokenError::BadSignature)?;
    let text = String::from_utf8(payload).map_err(|_| TokenError::Malformed)?;
    let parts: Vec<&str> = text.split('|').collect();
    let [v, kind, item, person, expires, nonce] = parts.as_slice() else {
        return Err(TokenError::Malformed);
    };
    if *v != "v1" || nonce.is_empty() {
        return Err(TokenError::Malformed);
    }
    let a = Action {
        kind: Kind::parse(kind).ok_or(TokenError::Malformed)?,
        item_id: if item.is_empty() {
            None
        } else {
            Some(item.parse().map_err(|_| TokenError::Malformed)?)
        },
        person_id: person.parse().map_err(|_| TokenError::Malformed)?,
        expires: expires.parse().map_err(|_| TokenError::Malformed)?,
        nonce: nonce.to_string(),
    };
    if now >= a.expires {
        return Err(TokenError::Expired);
    }
    Ok(a)
}

/// A random nonce (128 bits, hex).
pub fn nonce() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("the OS has randomness");
    hex::encode(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a() -> Action {
        Action {
            kind: Kind::Done,
            item_id: Some(42),
            person_id: 7,
            expires: 1_000,
            nonce: "n1".into(),
        }
    }

    #[test]
    fn round_trip_and_refusals() {
        let key = b"k".repeat(32);
        let t = sign(&key, &a());
        assert_eq!(verify(&key, &t, 999), Ok(a()));
        assert_eq!(verify(&key, &t, 1_000), Err(TokenError::Expired));
        assert_eq!(verify(b"other", &t, 1), Err(TokenError::BadSignature));
        // A changed payload with the old tag.
        let (_, tag) = t.split_once('.').unwrap();
        let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode("v1|done|43|7|1000|n1"));
        assert_eq!(verify(&key, &forged, 1), Err(TokenError::BadSignature));
        assert_eq!(verify(&key, "garbage", 1), Err(TokenError::Malformed));
        assert_ne!(nonce(), nonce());
    }
}
