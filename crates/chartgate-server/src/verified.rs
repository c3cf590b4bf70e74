//! A bounded cache of verified access tokens, so a token seen before does
//! not have its signature checked again.
//!
//! Keyed by the SHA-256 of the token (no plaintext token is kept). Each entry
//! is forgotten at its token's expiry: a hit past it is removed and treated
//! as a miss, which then fails verification as expired.

use chartgate_core::{Claims, Scopes, UnixTime, UserId};
use quick_cache::sync::Cache;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// What the request path keeps of a verified token.
#[derive(Debug)]
pub struct Verified {
    /// The token's user.
    pub user: UserId,
    /// The epoch the token was issued under.
    pub epoch: i64,
    /// The scopes the token carries.
    pub scopes: Scopes,
    /// When the token expires.
    pub expires_at: UnixTime,
}

impl Verified {
    /// From verified claims; `None` if the scope claim does not parse.
    pub fn from_claims(c: &Claims) -> Option<Self> {
        Some(Self { user: c.user(), epoch: c.ep, scopes: c.scope.parse().ok()?, expires_at: c.expires_at() })
    }
}

/// The cache.
pub struct VerifiedCache(Cache<[u8; 32], Arc<Verified>>);

/// The cache key of a token.
pub fn key(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl VerifiedCache {
    /// A cache holding at most `capacity` tokens.
    pub fn new(capacity: usize) -> Self {
        Self(Cache::new(capacity.max(16)))
    }

    /// A live entry for the token, if any.
    pub fn get(&self, key: &[u8; 32], now: UnixTime) -> Option<Arc<Verified>> {
        let hit = self.0.get(key)?;
        if now >= hit.expires_at {
            self.0.remove(key);
            return None;
        }
        Some(hit)
    }

    /// Remembers a verified token.
    pub fn insert(&self, key: [u8; 32], v: Arc<Verified>) {
        self.0.insert(key, v);
    }

    /// Forgets every token (the keys changed).
    pub fn clear(&self) {
        self.0.clear();
    }
}
