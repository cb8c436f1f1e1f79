//! Answers of the read-heavy routes (`/items` lists, `/stats`), kept until
//! the data changes.
//!
//! Each answer is stored under its route and query plus the database's
//! data version (see [`crate::store::data_version`]), which triggers bump
//! on every write by any instance or command. A request reads the version
//! (one primary-key lookup) and answers from the cache only if an answer was
//! computed at that very version, so a cached answer is never stale. The
//! first of several concurrent requests for the same missing answer
//! computes it; the others wait for it instead of computing it again.

use crate::error::ApiError;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// A computed JSON answer.
pub type Answer = Arc<String>;

/// Answers (or their computation under way) by key.
type Slots = HashMap<String, Arc<OnceCell<Answer>>>;

/// Serialises an answer to keep.
pub fn json_answer(value: &impl serde::Serialize) -> Result<Answer, ApiError> {
    serde_json::to_string(value)
        .map(Arc::new)
        .map_err(ApiError::internal)
}

/// A kept answer as a 200 JSON response.
pub fn respond(answer: &Answer) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .body(answer.as_str().to_owned())
}

pub struct AnswerCache {
    /// Most answers kept; 0: no caching.
    capacity: usize,
    /// The data version the slots belong to, and the slots.
    entries: Mutex<(i64, Slots)>,
}

impl AnswerCache {
    pub fn new(capacity: usize) -> Self {
        AnswerCache {
            capacity,
            entries: Mutex::new((i64::MIN, HashMap::new())),
        }
    }

    /// The answer for `key` at data `version`, computed by `compute` if
    /// missing.
    pub async fn get_or_compute<F, Fut>(
        &self,
        version: i64,
        key: String,
        compute: F,
    ) -> Result<Answer, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Answer, ApiError>>,
    {
        if self.capacity == 0 {
            return compute().await;
        }
        let cell = {
            let mut guard = self.entries.lock().expect("answer cache");
            let (at, map) = &mut *guard;
            if *at != version {
                // The data changed: every answer is void.
                map.clear();
                *at = version;
            }
            if map.len() >= self.capacity && !map.contains_key(&key) {
                map.clear();
            }
            map.entry(key).or_default().clone()
        };
        cell.get_or_try_init(compute).await.cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[actix_web::rt::test]
    async fn computed_once_per_version_and_key() {
        let cache = AnswerCache::new(8);
        let runs = AtomicUsize::new(0);
        let compute = |v: &'static str| {
            let runs = &runs;
            move || async move {
                runs.fetch_add(1, Ordering::SeqCst);
                Ok(Arc::new(v.to_string()))
            }
        };
        assert_eq!(
            *cache
                .get_or_compute(1, "a".into(), compute("x"))
                .await
                .unwrap(),
            "x"
        );
        assert_eq!(
            *cache
                .get_or_compute(1, "a".into(), compute("y"))
                .await
                .unwrap(),
            "x"
        );
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // A new version recomputes.
        assert_eq!(
            *cache
                .get_or_compute(2, "a".into(), compute("z"))
                .await
                .unwrap(),
            "z"
        );
        // Another key is its own answer.
        assert_eq!(
            *cache
                .get_or_compute(2, "b".into(), compute("w"))
                .await
                .unwrap(),
            "w"
        );
        assert_eq!(runs.load(Ordering::SeqCst), 3);
        // Errors are not kept.
        let failing = AnswerCache::new(8);
        let err = failing
            .get_or_compute(1, "a".into(), || async { Err(ApiError::not_found("x")) })
            .await;
        assert!(err.is_err());
        assert_eq!(
            *failing
                .get_or_compute(1, "a".into(), compute("ok"))
                .await
                .unwrap(),
            "ok"
        );
        // Capacity 0 never keeps anything.
        let off = AnswerCache::new(0);
        off.get_or_compute(1, "a".into(), compute("1"))
            .await
            .unwrap();
        off.get_or_compute(1, "a".into(), compute("1"))
            .await
            .unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 6);
    }
}
