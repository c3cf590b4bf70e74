//! The shared limiter suite, on Redis: every case under a key prefix of its
//! own. Skipped (with a note) when Redis is not reachable, except in CI,
//! where that fails.

use chartgate_core::Limiter;
use chartgate_redis::RedisLimiter;
use std::sync::Arc;
use std::time::Duration;

/// A limiter with a fresh key space, or `None` when the test should skip.
/// The deadline is generous: these cases test decisions, not latency, on a
/// machine that may be busy compiling.
async fn fresh() -> Option<Arc<dyn Limiter>> {
    let url = chartgate_testkit::services::redis_url()?;
    let prefix = format!("cgtest:{:016x}", rand::random::<u64>());
    let limiter = RedisLimiter::connect(&url, &prefix, Duration::from_secs(5)).await.expect("connect to Redis");
    Some(Arc::new(limiter))
}

chartgate_testkit::limiter_conformance!(match crate::fresh().await {
    Some(limiter) => limiter,
    None => return,
});
