//! The gate in front of `/api/v1`: who is calling (bearer token), whether
//! their scope allows the route, and whether they are over their rate.
//!
//! Tokens come only from the `Authorization: Bearer …` header (never the
//! query string, so they stay out of access logs) and are never logged.

use super::AppState;
use crate::auth::{self, Scope};
use crate::error::ApiError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderValue, AUTHORIZATION, RETRY_AFTER, WWW_AUTHENTICATE};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Who made a request, put in the request's extensions by the gate.
#[derive(Debug, Clone)]
pub struct Principal {
    pub token_id: Option<i32>,
    /// `token:<name>`, or `anonymous`.
    pub actor: String,
}

/// A token as last looked up.
#[derive(Clone)]
struct Known {
    id: i32,
    name: String,
    scope: Scope,
    expires_at: Option<DateTime<Utc>>,
    revoked: bool,
    checked: Instant,
}

/// Recently checked tokens, by hash.
pub struct TokenCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, Known>>,
}

impl TokenCache {
    pub fn new(ttl: Duration) -> Self {
        TokenCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Forgets every token (after a revocation through this instance).
    pub fn clear(&self) {
        self.entries.lock().expect("token cache").clear();
    }

    fn get(&self, hash: &str) -> Option<Known> {
        let map = self.entries.lock().expect("token cache");
        map.get(hash)
            .filter(|k| k.checked.elapsed() < self.ttl)
            .cloned()
    }

    fn put(&self, hash: String, known: Known) {
        let mut map = self.entries.lock().expect("token cache");
        if map.len() > 10_000 {
            let ttl = self.ttl;
            map.retain(|_, k| k.checked.elapsed() < ttl);
        }
        map.insert(hash, known);
    }
}

/// Who a rate is counted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Client {
    Token(i32),
    Address(IpAddr),
}

/// A per-client rate limit (GCRA: a token bucket kept as one instant per
/// client, the time at which its bucket would be full again).
pub struct RateLimiter {
    /// Time one request "costs"; `None`: no limit.
    interval: Option<Duration>,
    /// How far ahead of now a client may run (the burst).
    tolerance: Duration,
    clients: Mutex<HashMap<Client, Instant>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32, burst: u32) -> Self {
        let interval = (per_minute > 0).then(|| Duration::from_secs(60) / per_minute);
        RateLimiter {
            interval,
            tolerance: interval.unwrap_or_default() * burst.saturating_sub(1),
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(wait)` when the client is over its rate.
    fn check(&self, client: Client, now: Instant) -> Result<(), Duration> {
        let Some(interval) = self.interval else {
            return Ok(());
        };
        let mut map = self.clients.lock().expect("rate limiter");
        if map.len() > 10_000 {
            map.retain(|_, tat| *tat > now);
        }
        let tat = map.get(&client).copied().unwrap_or(now).max(now);
        let allowed_from = tat.checked_sub(self.tolerance).unwrap_or(now);
        if now < allowed_from {
            return Err(allowed_from - now);
        }
        map.insert(client, tat + interval);
        Ok(())
    }
}

/// What the gate keeps between requests.
pub struct Gate {
    pub anonymous_read: bool,
    pub tokens: TokenCache,
    pub limiter: RateLimiter,
}

impl Gate {
    pub fn from_settings(s: &crate::config::AuthSettings) -> Self {
        Gate {
            anonymous_read: s.anonymous_read,
            tokens: TokenCache::new(Duration::from_secs(s.token_cache_secs)),
            limiter: RateLimiter::new(s.rate_limit_per_minute, s.rate_limit_burst),
        }
    }
}

fn unauthorized(detail: &'static str) -> actix_web::HttpResponse {
    let mut res = ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", detail).error_response();
    res.headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    res
}

/// The bearer token of a request: `Ok(None)` without an Authorization
/// header, `Err` for one that is not a bearer token.
fn bearer(req: &ServiceRequest) -> Result<Option<&str>, ()> {
    let Some(v) = req.headers().get(AUTHORIZATION) else {
        return Ok(None);
    };
    let v = v.to_str().map_err(|_| ())?;
    let (kind, token) = v.split_once(' ').ok_or(())?;
    if !kind.eq_ignore_ascii_case("bearer") {
        return Err(());
    }
    Ok(Some(token.trim()))
}

/// Looks a token up (cache first); `None` if unknown.
async fn known(state: &AppState, token: &str) -> Result<Option<Known>, ApiError> {
    if !auth::well_formed(token) {
        return Ok(None);
    }
    let hash = auth::token_hash(token);
    if let Some(k) = state.gate.tokens.get(&hash) {
        return Ok(Some(k));
    }
    let Some(row) = crate::store::tokens::by_token(&state.db, token).await? else {
        return Ok(None);
    };
    let Ok(scope) = row.scope.parse::<Scope>() else {
        return Ok(None);
    };
    // Noted at most once per cache period.
    if let Err(e) = crate::store::tokens::touch(&state.db, row.id, Utc::now()).await {
        tracing::warn!(token.id = row.id, error = %e, "cannot note token use");
    }
    let k = Known {
        id: row.id,
        name: row.name,
        scope,
        expires_at: row.expires_at,
        revoked: row.revoked_at.is_some(),
        checked: Instant::now(),
    };
    state.gate.tokens.put(hash, k.clone());
    Ok(Some(k))
}

/// The middleware: 401 without a valid token (unless anonymous reads are
/// on and this is a read), 403 for a scope too small, 429 over the rate.
pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("AppState is registered")
        .clone();
    let rest = req.path().strip_prefix("/api/v1").unwrap_or(req.path());
    let Some(needed) = auth::required_scope(req.method().as_str(), rest) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let deny = |req: ServiceRequest, res| Ok(req.into_response(res).map_into_right_body());
    let token = match bearer(&req) {
        Ok(t) => t,
        Err(()) => {
            return deny(
                req,
                unauthorized("the Authorization header must be: Bearer <token>"),
            )
        }
    };
    let (client, principal) = match token {
        None if state.gate.anonymous_read && needed == Scope::Read => {
            let addr = req
                .peer_addr()
                .map(|a| a.ip())
                .unwrap_or(IpAddr::from([0, 0, 0, 0]));
            (
                Client::Address(addr),
                Principal {
                    token_id: None,
                    actor: "anonymous".into(),
                },
            )
        }
        None => {
            return deny(
                req,
                unauthorized("this route needs an API token (Authorization: Bearer <token>)"),
            )
        }
        Some(token) => {
            let k = match known(&state, token).await {
                Ok(Some(k)) => k,
                Ok(None) => return deny(req, unauthorized("unknown API token")),
                Err(e) => return deny(req, e.error_response()),
            };
            if k.revoked {
                return deny(req, unauthorized("this API token was revoked"));
            }
            if k.expires_at.is_some_and(|t| t <= Utc::now()) {
                return deny(req, unauthorized("this API token has expired"));
            }
            if k.scope < needed {
                let detail = format!(
                    "this route needs the {needed} scope; the token has {}",
                    k.scope
                );
                return deny(
                    req,
                    ApiError::new(StatusCode::FORBIDDEN, "forbidden", detail).error_response(),
                );
            }
            (
                Client::Token(k.id),
                Principal {
                    token_id: Some(k.id),
                    actor: format!("token:{}", k.name),
                },
            )
        }
    };
    if let Err(wait) = state.gate.limiter.check(client, Instant::now()) {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let secs = secs.max(1);
        let mut res = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many requests; retry in {secs} s"),
        )
        .error_response();
        res.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(secs));
        return deny(req, res);
    }
    req.extensions_mut().insert(principal);
    Ok(next.call(req).await?.map_into_left_body())
}

/// The actor a handler records in item history.
pub fn actor(req: &actix_web::HttpRequest) -> String {
    req.extensions()
        .get::<Principal>()
        .map(|p| p.actor.clone())
        .unwrap_or_else(|| "api".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_allows_the_burst_then_spaces_requests() {
        // 60 a minute = one a second, burst 3.
        let l = RateLimiter::new(60, 3);
        let t0 = Instant::now();
        let c = Client::Token(1);
        for _ in 0..3 {
            assert!(l.check(c, t0).is_ok());
        }
        let wait = l.check(c, t0).unwrap_err();
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1));
        // Another client has its own bucket.
        assert!(l.check(Client::Token(2), t0).is_ok());
        // A second later, one more.
        assert!(l.check(c, t0 + Duration::from_secs(1)).is_ok());
        assert!(l.check(c, t0 + Duration::from_secs(1)).is_err());
        // No limit at all when off.
        let off = RateLimiter::new(0, 1);
        assert!((0..1000).all(|_| off.check(c, t0).is_ok()));
    }
}
