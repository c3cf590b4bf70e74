//! The one place where backends are chosen, from the settings.

use anyhow::{Context, bail};
use chartgate_core::{Limiter, Store};
use chartgate_memory::MemoryLimiter;
use chartgate_sqlite::SqliteStore;
use std::sync::Arc;

/// Opens the store a database URL names.
pub fn store(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        bail!("PostgreSQL is not supported by this build yet");
    }
    let store = SqliteStore::open(url).with_context(|| format!("cannot open database {url}"))?;
    Ok(Arc::new(store))
}

/// The rate limiter: in process.
pub fn limiter() -> Arc<dyn Limiter> {
    Arc::new(MemoryLimiter::new())
}
