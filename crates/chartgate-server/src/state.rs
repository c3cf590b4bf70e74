//! State shared by every request: the backends, the in-memory views in front
//! of them, the activity on its way to the store, the metrics and the
//! settings. The use cases live in
//! [`crate::mint`] and [`crate::authenticate`].

use crate::StartError;
use crate::activity::Activity;
use crate::body_cache::BodyCache;
use crate::catalog::{Catalog, Entry};
use crate::config::ServerConfig;
use crate::directory::Directory;
use crate::gateway::Gateway;
use crate::metrics::Metrics;
use crate::sandbox::Sandbox;
use crate::store_call::BoundedStore;
use crate::verified::VerifiedCache;
use arc_swap::ArcSwap;
use chartgate_core::{Clock, KeyRing, Limiter, RecordKind, Store, StoreError, UnixTime};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// The backends a server runs on, chosen once by the binary.
pub struct Backends {
    /// Users, plans, keys, catalog.
    pub store: Arc<dyn Store>,
    /// Rate limits.
    pub limiter: Arc<dyn Limiter>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Signing and verifying keys.
    pub keys: KeyRing,
}

/// State shared by every request.
#[derive(Clone)]
pub struct AppState(pub(crate) Arc<Inner>);

pub(crate) struct Inner {
    pub store: BoundedStore,
    pub limiter: Arc<dyn Limiter>,
    pub clock: Arc<dyn Clock>,
    pub keys: ArcSwap<KeyRing>,
    /// When the keys were last read for an unknown kid (ms after start).
    pub keys_read_on_demand_ms: AtomicU64,
    pub started: std::time::Instant,
    pub directory: Directory,
    pub verified: VerifiedCache,
    pub catalog: Catalog,
    pub bodies: BodyCache,
    pub sandbox: Sandbox,
    pub metrics: Arc<Metrics>,
    pub activity: Activity,
    pub config: ServerConfig,
    pub gateway: Option<Gateway>,
}

impl AppState {
    /// Loads the in-memory views from the store.
    pub(crate) async fn load(backends: Backends, config: ServerConfig) -> Result<Self, StartError> {
        let gateway = match &config.gateway {
            Some(g) => Some(Gateway::new(g.clone(), Arc::clone(&backends.limiter), Arc::clone(&backends.clock))?),
            None => None,
        };
        let metrics = Arc::new(Metrics::new(gateway.as_ref()));
        let store = BoundedStore::new(backends.store, config.store_timeout, Arc::clone(&metrics));
        let directory = Directory::load(store.clone()).await?;
        Ok(Self(Arc::new(Inner {
            catalog: Catalog::new(store.clone(), config.body_cache_bytes / 4),
            bodies: BodyCache::new(config.body_cache_bytes - config.body_cache_bytes / 4),
            sandbox: Sandbox::new(config.catalog_seed, backends.clock.now()),
            store,
            limiter: backends.limiter,
            clock: backends.clock,
            keys: ArcSwap::from_pointee(backends.keys),
            keys_read_on_demand_ms: AtomicU64::new(0),
            started: std::time::Instant::now(),
            directory,
            verified: VerifiedCache::new(config.verified_cache_capacity),
            metrics,
            activity: Activity::default(),
            config,
            gateway,
        })))
    }

    /// The current time.
    pub fn now(&self) -> UnixTime {
        self.0.clock.now()
    }

    /// An artist's serialised body: an imported (or demo) artist from the
    /// store, else the generated one, else [`Entry::Missing`].
    pub async fn artist(&self, id: i64) -> Result<Entry, StoreError> {
        match self.0.catalog.artist(id).await? {
            Entry::Missing => Entry::of(self.0.sandbox.catalog().artist(id)),
            found => Ok(found),
        }
    }

    /// Rendered answers of the data routes.
    pub fn bodies(&self) -> &BodyCache {
        &self.0.bodies
    }

    /// A track's serialised body: an imported one from the store, else the
    /// generated one, else [`Entry::Missing`].
    pub async fn track(&self, id: i64) -> Result<Entry, StoreError> {
        match self.0.catalog.record(RecordKind::Track, id).await? {
            Entry::Missing => Entry::of(self.0.sandbox.catalog().track(id)),
            found => Ok(found),
        }
    }

    /// An album's serialised body, as [`AppState::track`].
    pub async fn album(&self, id: i64) -> Result<Entry, StoreError> {
        match self.0.catalog.record(RecordKind::Album, id).await? {
            Entry::Missing => Entry::of(self.0.sandbox.catalog().album(id)),
            found => Ok(found),
        }
    }

    /// The generated sandbox catalog.
    pub fn sandbox(&self) -> &Sandbox {
        &self.0.sandbox
    }

    /// The signing and verifying keys as of now.
    pub fn keys(&self) -> Arc<KeyRing> {
        self.0.keys.load_full()
    }

    /// The store, each call bounded by the store timeout.
    pub fn store(&self) -> &BoundedStore {
        &self.0.store
    }

    /// Users and plans.
    pub fn directory(&self) -> &Directory {
        &self.0.directory
    }

    /// The artist catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.0.catalog
    }

    /// The limiter.
    pub fn limiter(&self) -> &dyn Limiter {
        &*self.0.limiter
    }

    /// The metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }

    /// Mint counts and security events on their way to the store.
    pub fn activity(&self) -> &Activity {
        &self.0.activity
    }

    /// The settings.
    pub fn config(&self) -> &ServerConfig {
        &self.0.config
    }

    /// The gateway, in gateway mode.
    pub fn gateway(&self) -> Option<&Gateway> {
        self.0.gateway.as_ref()
    }
}
