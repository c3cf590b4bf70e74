//! The broker's cache of upstream answers: successful GETs by path and
//! query, for a configured time, bounded in bytes.
//!
//! It sits behind the guard, so a cached answer is only ever served to a
//! caller whose token and plan grant the upstream's scope, and charged like
//! any: two users share an answer only when both their scopes allow the
//! route. Only a broker has it: its upstream answers one account, so an
//! answer does not depend on who asked (a plain gateway's upstream sees the
//! user in `X-Chartgate-User` and may answer each differently).
//!
//! An answer is kept only when it streamed through whole within an eighth
//! of the bound ([`crate::gateway::body::Tee`]); `Cache-Control: no-store`
//! or `private` and `Set-Cookie` answers are never kept.

use bytes::Bytes;
use http::{HeaderMap, header};
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What an entry costs beyond its key, headers and body.
const ENTRY_OVERHEAD: u64 = 128;

/// A cached answer (status 200).
pub struct Answer {
    /// The upstream's headers, hop-by-hop ones removed.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    stored: Instant,
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<Box<str>, Arc<Answer>> for ByBytes {
    fn weight(&self, key: &Box<str>, val: &Arc<Answer>) -> u64 {
        let headers: usize = val.headers.iter().map(|(k, v)| k.as_str().len() + v.len() + 32).sum();
        (key.len() + headers + val.body.len()) as u64 + ENTRY_OVERHEAD
    }
}

/// Upstream answers by path and query.
pub struct AnswerCache {
    cache: Cache<Box<str>, Arc<Answer>, ByBytes>,
    ttl: Duration,
    max_item: usize,
}

impl AnswerCache {
    /// A cache of at most `bytes` bytes whose answers live for `ttl`.
    pub fn new(bytes: u64, ttl: Duration) -> Self {
        let estimated = usize::try_from(bytes / 4096).unwrap_or(usize::MAX).clamp(64, 1 << 20);
        let max_item = usize::try_from(bytes / 8).unwrap_or(usize::MAX);
        Self { cache: Cache::with_weighter(estimated, bytes.max(1), ByBytes), ttl, max_item }
    }

    /// The live answer for `key`, if any.
    pub fn get(&self, key: &str) -> Option<Arc<Answer>> {
        let hit = self.cache.get(key)?;
        if hit.stored.elapsed() >= self.ttl {
            self.cache.remove(key);
            return None;
        }
        Some(hit)
    }

    /// Keeps an answer.
    pub fn put(&self, key: &str, headers: HeaderMap, body: Bytes) {
        if body.len() <= self.max_item {
            self.cache.insert(key.into(), Arc::new(Answer { headers, body, stored: Instant::now() }));
        }
    }

    /// The largest body kept.
    pub fn max_item(&self) -> usize {
        self.max_item
    }
}

/// Whether an upstream's `200` answer may be kept, from its headers.
pub fn cacheable(h: &HeaderMap) -> bool {
    let forbids = h.get_all(header::CACHE_CONTROL).iter().any(|v| {
        v.to_str().is_ok_and(|v| {
            v.split(',').any(|d| {
                let d = d.trim();
                d.eq_ignore_ascii_case("no-store")
                    || d.eq_ignore_ascii_case("private")
                    || d.eq_ignore_ascii_case("no-cache")
            })
        })
    });
    !forbids && !h.contains_key(header::SET_COOKIE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn answers_expire_after_their_ttl() {
        let c = AnswerCache::new(1 << 20, Duration::from_millis(30));
        c.put("/api/a", HeaderMap::new(), Bytes::from_static(b"{}"));
        assert!(c.get("/api/a").is_some());
        std::thread::sleep(Duration::from_millis(40));
        assert!(c.get("/api/a").is_none());
    }

    #[test]
    fn private_no_store_and_cookie_answers_are_not_kept() {
        let with = |k: header::HeaderName, v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(k, HeaderValue::from_static(v));
            cacheable(&h)
        };
        assert!(cacheable(&HeaderMap::new()));
        assert!(with(header::CACHE_CONTROL, "max-age=60"));
        assert!(!with(header::CACHE_CONTROL, "max-age=0, Private"));
        assert!(!with(header::CACHE_CONTROL, "no-store"));
        assert!(!with(header::SET_COOKIE, "a=b"));
    }
}
