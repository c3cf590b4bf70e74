//! Imported records (artists, tracks, albums), served from memory.
//!
//! Bodies are kept serialised (`{"obj": ...}`), so a hit costs a reference
//! count. The cache is bounded in bytes and emptied whenever the store's change
//! sequence moves (an import), so updates show within a poll interval.

use crate::store_call::BoundedStore;
use bytes::Bytes;
use chartgate_core::{RecordKind, StoreError};
use chartmetric_types::Envelope;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use serde::Serialize;

/// What the catalog knows of one id.
#[derive(Clone)]
pub enum Entry {
    /// The artist's serialised `{"obj": Artist}` body.
    Found(Bytes),
    /// No such record (remembered, so a repeated miss costs no store read).
    Missing,
}

impl Entry {
    /// The entry of a record read from somewhere (the store, the generated
    /// catalog): its `{"obj": record}` body, or [`Entry::Missing`].
    pub fn of<T: Serialize>(record: Option<T>) -> Result<Self, StoreError> {
        Ok(match record {
            Some(a) => Entry::Found(Bytes::from(
                serde_json::to_vec(&Envelope::new(a)).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            )),
            None => Entry::Missing,
        })
    }

    /// The entry of a stored track or album body (a JSON object, written by
    /// an import): wrapped as `{"obj": body}` without parsing it again.
    fn wrapped(body: Option<String>) -> Self {
        match body {
            Some(b) => {
                let mut out = Vec::with_capacity(b.len() + 8);
                out.extend_from_slice(b"{\"obj\":");
                out.extend_from_slice(b.as_bytes());
                out.push(b'}');
                Entry::Found(Bytes::from(out))
            }
            None => Entry::Missing,
        }
    }
}

/// What the cache keys on: the kind of record and its id.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Artist(i64),
    Record(RecordKind, i64),
}

/// Cached record bodies in front of the store.
pub struct Catalog {
    store: BoundedStore,
    cache: Cache<Key, Entry, ByBytes>,
}

/// An entry weighs its body and a fixed overhead (the slot, the id).
#[derive(Clone)]
struct ByBytes;

impl Weighter<Key, Entry> for ByBytes {
    fn weight(&self, _: &Key, val: &Entry) -> u64 {
        64 + match val {
            Entry::Found(body) => body.len() as u64,
            Entry::Missing => 0,
        }
    }
}

impl Catalog {
    /// A catalog reading `store`, caching at most `bytes` bytes of records.
    pub fn new(store: BoundedStore, bytes: u64) -> Self {
        let bytes = bytes.max(64 * 1024);
        let estimated = usize::try_from(bytes / 2048).unwrap_or(usize::MAX).clamp(64, 1 << 20);
        Self { store, cache: Cache::with_weighter(estimated, bytes, ByBytes) }
    }

    /// An artist's body: from the cache, or read from the store once (a
    /// cache hit needs no timer; only a store read is bounded).
    pub async fn artist(&self, id: i64) -> Result<Entry, StoreError> {
        if let Some(hit) = self.cache.get(&Key::Artist(id)) {
            return Ok(hit);
        }
        let entry = Entry::of(self.store.call(self.store.get().artist(id)).await?)?;
        self.cache.insert(Key::Artist(id), entry.clone());
        Ok(entry)
    }

    /// An imported track's or album's body, as [`Catalog::artist`].
    pub async fn record(&self, kind: RecordKind, id: i64) -> Result<Entry, StoreError> {
        let key = Key::Record(kind, id);
        if let Some(hit) = self.cache.get(&key) {
            return Ok(hit);
        }
        let entry = Entry::wrapped(self.store.call(self.store.get().record(kind, id)).await?);
        self.cache.insert(key, entry.clone());
        Ok(entry)
    }

    /// Forgets everything (the catalog changed).
    pub fn clear(&self) {
        self.cache.clear();
    }
}
