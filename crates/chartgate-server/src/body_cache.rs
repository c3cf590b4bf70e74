//! Rendered bodies of the sandbox's data routes, bounded in bytes.
//!
//! The generated catalog answers the same request with the same bytes (one
//! seed, one day), and rendering costs from microseconds (an entity) to
//! milliseconds (a 200-row chart, a search). So a `200` answer is kept,
//! keyed by path and query, and served again for a reference count. The
//! cache is weighed in bytes (key + body + a fixed overhead), so memory stays
//! under the configured bound whatever ids and queries clients ask for; an
//! answer larger than an eighth of the bound is served but not kept.
//!
//! Every entry carries the generation it was rendered in. The generation
//! moves when what the answers depend on changes (an import seen in the
//! store, the UTC date); an entry of an older generation is a miss, so an
//! answer rendered while the change happened is never served after it.

use bytes::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use std::sync::atomic::{AtomicU64, Ordering};

/// What an entry costs beyond its key and body: the cache's own slot, the
/// `Bytes` header and the generation.
const ENTRY_OVERHEAD: u64 = 96;

#[derive(Clone)]
struct Rendered {
    generation: u64,
    body: Bytes,
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<Box<str>, Rendered> for ByBytes {
    fn weight(&self, key: &Box<str>, val: &Rendered) -> u64 {
        key.len() as u64 + val.body.len() as u64 + ENTRY_OVERHEAD
    }
}

/// Rendered `200` bodies by request path and query.
pub struct BodyCache {
    cache: Option<Cache<Box<str>, Rendered, ByBytes>>,
    generation: AtomicU64,
    max_item: usize,
}

/// A lookup's outcome: the body, or the generation to store a fresh one under.
pub enum Lookup {
    /// The body rendered earlier in the current generation.
    Hit(Bytes),
    /// Not cached: render, then [`BodyCache::insert`] with this generation.
    Miss(u64),
}

impl BodyCache {
    /// A cache holding at most `bytes` bytes; 0 turns it off.
    pub fn new(bytes: u64) -> Self {
        let cache = (bytes > 0).then(|| {
            // quick_cache sizes its tables from an estimate of the entries:
            // assume 2 KiB answers, within sane bounds.
            let estimated = usize::try_from(bytes / 2048).unwrap_or(usize::MAX).clamp(64, 1 << 20);
            Cache::with_weighter(estimated, bytes, ByBytes)
        });
        Self { cache, generation: AtomicU64::new(0), max_item: usize::try_from(bytes / 8).unwrap_or(usize::MAX) }
    }

    /// The body cached for `key` in the current generation.
    pub fn get(&self, key: &str) -> Lookup {
        let generation = self.generation.load(Ordering::Acquire);
        match self.cache.as_ref().and_then(|c| c.get(key)) {
            Some(hit) if hit.generation == generation => Lookup::Hit(hit.body),
            _ => Lookup::Miss(generation),
        }
    }

    /// Keeps `body` for `key`, unless it is too large or its generation has
    /// passed meanwhile.
    pub fn insert(&self, key: &str, generation: u64, body: Bytes) {
        let Some(cache) = &self.cache else { return };
        if body.len() > self.max_item || generation != self.generation.load(Ordering::Acquire) {
            return;
        }
        cache.insert(key.into(), Rendered { generation, body });
    }

    /// Forgets every answer (the catalog changed): bumps the generation, so
    /// an answer being rendered now is not kept, and frees the memory.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Some(cache) = &self.cache {
            cache.clear();
        }
    }

    /// Bytes held now.
    pub fn weight(&self) -> u64 {
        self.cache.as_ref().map_or(0, |c| c.weight())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(c: &BodyCache, key: &str) -> Option<Bytes> {
        match c.get(key) {
            Lookup::Hit(b) => Some(b),
            Lookup::Miss(_) => None,
        }
    }

    fn generation(c: &BodyCache, key: &str) -> u64 {
        match c.get(key) {
            Lookup::Miss(g) => g,
            Lookup::Hit(_) => panic!("{key} is cached"),
        }
    }

    #[test]
    fn a_body_is_served_again_until_the_generation_moves() {
        let c = BodyCache::new(1 << 20);
        let g = generation(&c, "/api/track/1");
        c.insert("/api/track/1", g, Bytes::from_static(b"{\"obj\":1}"));
        assert_eq!(hit(&c, "/api/track/1").as_deref(), Some(&b"{\"obj\":1}"[..]));
        c.invalidate();
        assert!(hit(&c, "/api/track/1").is_none());
    }

    #[test]
    fn an_answer_rendered_across_an_invalidation_is_not_kept() {
        let c = BodyCache::new(1 << 20);
        let g = generation(&c, "/k");
        c.invalidate();
        c.insert("/k", g, Bytes::from_static(b"old"));
        assert!(hit(&c, "/k").is_none());
    }

    #[test]
    fn the_weight_stays_under_the_bound_whatever_is_inserted() {
        let bound = 64 * 1024;
        let c = BodyCache::new(bound);
        let body = Bytes::from(vec![b'x'; 1000]);
        for id in 0..10_000 {
            let key = format!("/api/track/{id}");
            let g = generation(&c, &key);
            c.insert(&key, g, body.clone());
        }
        assert!(c.weight() <= bound, "{} > {bound}", c.weight());
        assert!(c.weight() > bound / 2, "the cache is used: {}", c.weight());
    }

    #[test]
    fn an_oversized_body_is_not_kept_and_a_zero_bound_keeps_nothing() {
        let c = BodyCache::new(8 * 1024);
        let g = generation(&c, "/big");
        c.insert("/big", g, Bytes::from(vec![0; 2 * 1024]));
        assert!(hit(&c, "/big").is_none());
        let off = BodyCache::new(0);
        let g = generation(&off, "/k");
        off.insert("/k", g, Bytes::from_static(b"x"));
        assert!(hit(&off, "/k").is_none());
        assert_eq!(off.weight(), 0);
    }
}
