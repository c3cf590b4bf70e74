//! First start and every start: migrations, signing keys, the demo catalog
//! and the demo user. The binary calls these before building the server.

use chartgate_core::{KeyAlg, KeyRing, SigningKey, Store, StoreError, admin};
use chartmetric_types::Artist;

/// The demo catalog shipped with chartgate: JSON lines, artist 206557 first.
pub const DEMO_ARTISTS: &str = include_str!("../data/demo-artists.jsonl");

/// The name of the demo user created on a fresh database.
pub const DEMO_USER: &str = "demo";

/// The demo catalog, parsed.
pub fn demo_artists() -> Vec<Artist> {
    DEMO_ARTISTS.lines().filter(|l| !l.trim().is_empty()).filter_map(|l| serde_json::from_str(l).ok()).collect()
}

/// The key ring. With a configured key (`CHARTGATE_SIGNING_KEY[_FILE]`),
/// that key signs and nothing is written to the store: stored keys that
/// are not retired only verify, so tokens signed before the switch stay
/// valid until they expire. Without one, the store's active key signs; a
/// key of `alg` is created (and made active, the old one verifying) when
/// there is none, atomically across instances starting together.
pub async fn key_ring(store: &dyn Store, configured: Option<SigningKey>, alg: KeyAlg) -> Result<KeyRing, StoreError> {
    let stored = match &configured {
        Some(_) => store.signing_keys().await?,
        None => store.ensure_signing_key(&SigningKey::generate_alg(alg)).await?,
    };
    KeyRing::from_stored(&stored, configured.as_ref())
        .ok_or_else(|| StoreError::Corrupt("no active signing key after storing one".into()))
}

/// What a first start created.
pub struct Seeded {
    /// The demo user's refresh token, to print once.
    pub demo_token: chartgate_core::RefreshToken,
}

/// Loads the demo catalog into an empty catalog and, on a fresh database
/// only, creates the demo user (recorded in the audit log as made `by`).
/// Returns `None` when no user was created.
pub async fn seed_if_fresh(
    store: &dyn Store,
    fresh: bool,
    by: &admin::By<'_>,
) -> Result<Option<Seeded>, admin::AdminError> {
    if store.artist_count().await? == 0 {
        store.upsert_artists(&demo_artists()).await?;
    }
    if !fresh {
        return Ok(None);
    }
    let name = DEMO_USER.parse().map_err(|_| StoreError::Corrupt("demo user name".into()))?;
    let plan =
        chartgate_core::plan::DEFAULT_PLAN.parse().map_err(|_| StoreError::Corrupt("default plan name".into()))?;
    let (_, token) = admin::add_user(store, &name, &plan, by).await?;
    Ok(Some(Seeded { demo_token: token }))
}
