//! Instances on the shared backends: PostgreSQL (a fresh schema per test)
//! and Redis (a fresh key prefix per test), behind the failover limiter as
//! the binary sets them up.

use super::{Options, TestApp, spawn_with};
use chartgate_core::{Limiter, ManualClock, Store};
use chartgate_memory::{Failover, OnFailure};
use chartgate_postgres::PostgresStore;
use chartgate_redis::RedisLimiter;
use chartgate_testkit::services;
use std::sync::Arc;
use std::time::Duration;

/// Names shared by the instances of one test.
pub struct Shared {
    pub postgres: String,
    pub redis: String,
    pub schema: String,
    pub prefix: String,
}

/// Fresh names for one test, or `None` (skip) when a service is missing
/// outside CI. In CI a missing service fails the test.
pub fn shared() -> Option<Shared> {
    let postgres = services::postgres_url()?;
    let redis = services::redis_url()?;
    let tag: u64 = rand_tag();
    Some(Shared { postgres, redis, schema: format!("cg_cluster_{tag:x}"), prefix: format!("cgtest:{tag:x}") })
}

fn rand_tag() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

/// How an instance reaches the backends.
pub struct Instance<'a> {
    pub shared: &'a Shared,
    /// PostgreSQL URL to use (defaults to `shared.postgres`; a proxy's in fault tests).
    pub postgres: Option<String>,
    /// Redis URL to use (defaults to `shared.redis`).
    pub redis: Option<String>,
    pub on_failure: OnFailure,
    pub clock: Option<Arc<ManualClock>>,
    /// How long a request waits on the store.
    pub store_timeout: Duration,
}

impl<'a> Instance<'a> {
    pub fn new(shared: &'a Shared) -> Self {
        Self {
            shared,
            postgres: None,
            redis: None,
            on_failure: OnFailure::Open { instances: 1 },
            clock: None,
            store_timeout: Duration::from_secs(3),
        }
    }

    /// Starts the instance.
    pub async fn spawn(self) -> TestApp {
        let pg = self.postgres.as_deref().unwrap_or(&self.shared.postgres);
        let redis = self.redis.as_deref().unwrap_or(&self.shared.redis);
        let store: Arc<dyn Store> =
            Arc::new(PostgresStore::connect_with_schema(pg, &self.shared.schema).expect("postgres"));
        let redis =
            RedisLimiter::connect_lazy(redis, &self.shared.prefix, Duration::from_millis(250)).await.expect("redis");
        let limiter: Arc<dyn Limiter> = Arc::new(Failover::new(Arc::new(redis), self.on_failure));
        let mut opts = Options { store: Some(store), limiter: Some(limiter), clock: self.clock, ..Options::default() };
        // The production poll interval: revocation tests prove the real bound.
        opts.config.poll_interval = chartgate_server::ServerConfig::default().poll_interval;
        opts.config.store_timeout = self.store_timeout;
        spawn_with(opts).await
    }
}
