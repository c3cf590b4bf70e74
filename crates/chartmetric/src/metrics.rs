//! Counters: cheap atomics inside, a plain snapshot outside.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of a client's counters, from [`Client::metrics`](crate::Client::metrics).
///
/// Counters only grow; subtract two snapshots to get a rate.
///
/// ```no_run
/// # fn demo(client: chartmetric::Client) {
/// let m = client.metrics();
/// println!("{} mints, {} retries, {} rate-limit waits", m.mints, m.mint_retries, m.rate_limit_waits);
/// # }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metrics {
    /// Requests sent to the token route (each attempt counts).
    pub mints: u64,
    /// Mint attempts that failed.
    pub mint_failures: u64,
    /// Mint attempts that were retried after a transient failure.
    pub mint_retries: u64,
    /// Refreshes started in the background during the early window.
    pub background_refreshes: u64,
    /// Refresh tokens rotated by the server and handed to the store.
    pub refresh_token_rotations: u64,
    /// Attempts to save a rotated refresh token that failed.
    pub refresh_token_save_failures: u64,
    /// Data requests replayed once after a 401 with a fresh token.
    pub unauthorized_replays: u64,
    /// 429 responses received.
    pub rate_limited_responses: u64,
    /// Times a request waited for a rate-limit pause before being sent.
    pub rate_limit_waits: u64,
    /// Data requests sent (replays and retries included).
    pub requests: u64,
    /// Data requests retried after a transient failure.
    pub request_retries: u64,
}

/// The live counters behind [`Metrics`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) mints: AtomicU64,
    pub(crate) mint_failures: AtomicU64,
    pub(crate) mint_retries: AtomicU64,
    pub(crate) background_refreshes: AtomicU64,
    pub(crate) refresh_token_rotations: AtomicU64,
    pub(crate) refresh_token_save_failures: AtomicU64,
    pub(crate) unauthorized_replays: AtomicU64,
    pub(crate) rate_limited_responses: AtomicU64,
    pub(crate) rate_limit_waits: AtomicU64,
    pub(crate) requests: AtomicU64,
    pub(crate) request_retries: AtomicU64,
}

impl Counters {
    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> Metrics {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Metrics {
            mints: get(&self.mints),
            mint_failures: get(&self.mint_failures),
            mint_retries: get(&self.mint_retries),
            background_refreshes: get(&self.background_refreshes),
            refresh_token_rotations: get(&self.refresh_token_rotations),
            refresh_token_save_failures: get(&self.refresh_token_save_failures),
            unauthorized_replays: get(&self.unauthorized_replays),
            rate_limited_responses: get(&self.rate_limited_responses),
            rate_limit_waits: get(&self.rate_limit_waits),
            requests: get(&self.requests),
            request_retries: get(&self.request_retries),
        }
    }
}
