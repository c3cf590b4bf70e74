//! The artist catalog, served from memory.
//!
//! Bodies are kept serialised (`{"obj": ...}`), so a hit costs a reference
//! count. The cache is bounded and emptied whenever the store's change
//! sequence moves (an import), so updates show within a poll interval.

use bytes::Bytes;
use chartgate_core::{Store, StoreError};
use chartmetric_types::Envelope;
use quick_cache::sync::Cache;

/// Cached artist bodies; `None` remembers an unknown id.
pub struct Catalog(Cache<i64, Option<Bytes>>);

impl Catalog {
    /// A cache holding at most `capacity` artists.
    pub fn new(capacity: usize) -> Self {
        Self(Cache::new(capacity.max(16)))
    }

    /// What the cache knows of an artist: `Some(None)` is a known miss.
    pub fn cached(&self, id: i64) -> Option<Option<Bytes>> {
        self.0.get(&id)
    }

    /// Reads an artist from the store and remembers it.
    pub async fn load(&self, store: &dyn Store, id: i64) -> Result<Option<Bytes>, StoreError> {
        let body = match store.artist(id).await? {
            Some(a) => Some(Bytes::from(
                serde_json::to_vec(&Envelope::new(a)).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            )),
            None => None,
        };
        self.0.insert(id, body.clone());
        Ok(body)
    }

    /// Forgets everything (the catalog changed).
    pub fn clear(&self) {
        self.0.clear();
    }
}
