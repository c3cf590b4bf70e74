//! The store as the request path uses it: every call bounded by the store
//! timeout (a stalled database yields 503, never a hung request) and
//! measured in the backend metrics.

use crate::metrics::Metrics;
use chartgate_core::{Store, StoreError};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A store handle with the timeout that bounds each call.
#[derive(Clone)]
pub struct BoundedStore {
    store: Arc<dyn Store>,
    timeout: Duration,
    metrics: Arc<Metrics>,
}

impl BoundedStore {
    /// Wraps `store`; each [`call`](Self::call) gives up after `timeout`.
    pub fn new(store: Arc<dyn Store>, timeout: Duration, metrics: Arc<Metrics>) -> Self {
        Self { store, timeout, metrics }
    }

    /// The store itself, to build a call from.
    pub fn get(&self) -> &dyn Store {
        &*self.store
    }

    /// Runs a store call, giving up after the timeout (the database is then
    /// as good as away), and records its latency and outcome.
    pub async fn call<T>(&self, call: impl Future<Output = Result<T, StoreError>>) -> Result<T, StoreError> {
        let started = Instant::now();
        let result = match tokio::time::timeout(self.timeout, call).await {
            Ok(result) => result,
            Err(_) => Err(StoreError::Unavailable(format!("no answer within {:?}", self.timeout))),
        };
        self.metrics.backend("store", started.elapsed(), result.is_ok());
        result
    }
}
