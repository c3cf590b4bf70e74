//! The one place where backends are chosen, from the settings.

use crate::redact::redact_url;
use crate::settings::LimiterSettings;
use anyhow::{Context, anyhow};
use chartgate_core::{Limiter, Store};
use chartgate_memory::{Failover, MemoryLimiter, OnFailure};
use chartgate_postgres::PostgresStore;
use chartgate_redis::RedisLimiter;
use chartgate_sqlite::SqliteStore;
use std::sync::Arc;
use std::time::Duration;

/// How long a rate-limit check may wait for Redis.
const REDIS_TIMEOUT: Duration = Duration::from_millis(250);

/// Opens the store a database URL names: PostgreSQL for `postgres://` and
/// `postgresql://`, SQLite for anything else (a path or `sqlite://PATH`).
pub fn store(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = PostgresStore::connect(url).context("cannot use the PostgreSQL database")?;
        return Ok(Arc::new(store));
    }
    // The message quotes the location: a mistyped `postgress://u:pw@...`
    // lands here as a file name.
    let store = SqliteStore::open(url).map_err(|e| anyhow!(redact_url(&format!("cannot open database {url}: {e}"))))?;
    Ok(Arc::new(store))
}

/// The rate limiter: in process, or shared through Redis behind a failover
/// that either enforces this instance's share or refuses while Redis is away.
pub async fn limiter(settings: &LimiterSettings) -> anyhow::Result<Arc<dyn Limiter>> {
    match settings {
        LimiterSettings::Memory => Ok(Arc::new(MemoryLimiter::new())),
        LimiterSettings::Redis { url, fail_closed, instances, prefix } => {
            let redis = RedisLimiter::connect_lazy(url, prefix, REDIS_TIMEOUT).await.context("invalid Redis URL")?;
            let policy = if *fail_closed { OnFailure::Closed } else { OnFailure::Open { instances: *instances } };
            Ok(Arc::new(Failover::new(Arc::new(redis), policy)))
        }
    }
}
