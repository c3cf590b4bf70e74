//! The artist catalog, served from memory.
//!
//! Bodies are kept serialised (`{"obj": ...}`), so a hit costs a reference
//! count. The cache is bounded in bytes and emptied whenever the store's change
//! sequence moves (an import), so updates show within a poll interval.

use crate::store_call::BoundedStore;
use bytes::Bytes;
use chartgate_core::StoreError;
use chartmetric_types::{Artist, Envelope};
use quick_cache::Weighter;
use quick_cache::sync::Cache;

/// What the catalog knows of one id.
#[derive(Clone)]
pub enum Entry {
    /// The artist's serialised `{"obj": Artist}` body.
    Found(Bytes),
    /// No such artist (remembered, so a repeated miss costs no store read).
    Missing,
}

impl Entry {
    /// The entry of an artist read from somewhere: its `{"obj": Artist}`
    /// body, or [`Entry::Missing`].
    pub fn of(artist: Option<Artist>) -> Result<Self, StoreError> {
        Ok(match artist {
            Some(a) => Entry::Found(Bytes::from(
                serde_json::to_vec(&Envelope::new(a)).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            )),
            None => Entry::Missing,
        })
    }
}

/// Cached artist bodies in front of the store.
pub struct Catalog {
    store: BoundedStore,
    cache: Cache<i64, Entry, ByBytes>,
}

/// An entry weighs its body and a fixed overhead (the slot, the id).
#[derive(Clone)]
struct ByBytes;

impl Weighter<i64, Entry> for ByBytes {
    fn weight(&self, _: &i64, val: &Entry) -> u64 {
        64 + match val {
            Entry::Found(body) => body.len() as u64,
            Entry::Missing => 0,
        }
    }
}

impl Catalog {
    /// A catalog reading `store`, caching at most `bytes` bytes of artists.
    pub fn new(store: BoundedStore, bytes: u64) -> Self {
        let bytes = bytes.max(64 * 1024);
        let estimated = usize::try_from(bytes / 2048).unwrap_or(usize::MAX).clamp(64, 1 << 20);
        Self { store, cache: Cache::with_weighter(estimated, bytes, ByBytes) }
    }

    /// An artist's body: from the cache, or read from the store once (a
    /// cache hit needs no timer; only a store read is bounded).
    pub async fn artist(&self, id: i64) -> Result<Entry, StoreError> {
        if let Some(hit) = self.cache.get(&id) {
            return Ok(hit);
        }
        let entry = Entry::of(self.store.call(self.store.get().artist(id)).await?)?;
        self.cache.insert(id, entry.clone());
        Ok(entry)
    }

    /// Forgets everything (the catalog changed).
    pub fn clear(&self) {
        self.cache.clear();
    }
}
