//! Retry policies, jittered exponential backoff and the retry budget.

use rand::Rng;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// How failed requests are retried: data GETs
/// ([`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy), 3
/// attempts by default) and mints
/// ([`ClientBuilder::mint_retry_policy`](crate::ClientBuilder::mint_retry_policy),
/// 4 attempts).
///
/// Transient failures are retried up to `max_attempts` attempts, waiting
/// `base_delay * 2^(n-1)` (capped at `max_delay`) with "equal jitter": half
/// of the delay is fixed, the other half random, so a fleet of clients never
/// retries in lock-step. A `Retry-After` (or a 429's `X-RateLimit-Reset`)
/// lengthens the wait when it asks for more; one longer than `max_delay`
/// ends the retries. For a GET, transient means a timeout, a refused or
/// reset connection, a cut body, 408, 500, 502, 503 or 504.
///
/// ```
/// use chartmetric::RetryPolicy;
/// use std::time::Duration;
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .base_delay(Duration::from_millis(100))
///     .max_delay(Duration::from_secs(5));
/// # let _ = policy;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) base_delay: Duration,
    pub(crate) max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Four attempts, 250 ms base delay, 10 s cap.
    fn default() -> Self {
        Self { max_attempts: 4, base_delay: Duration::from_millis(250), max_delay: Duration::from_secs(10) }
    }
}

impl RetryPolicy {
    /// One attempt, no retry.
    ///
    /// ```
    /// let p = chartmetric::RetryPolicy::never();
    /// # let _ = p;
    /// ```
    pub fn never() -> Self {
        Self::default().max_attempts(1)
    }

    /// The default for data requests: three attempts.
    pub(crate) fn requests() -> Self {
        Self::default().max_attempts(3)
    }

    /// Attempts per refresh, the first one included (at least 1).
    ///
    /// ```
    /// let p = chartmetric::RetryPolicy::default().max_attempts(1); // never retry
    /// # let _ = p;
    /// ```
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The delay before the first retry, doubled for each further one.
    ///
    /// ```
    /// let p = chartmetric::RetryPolicy::default().base_delay(std::time::Duration::from_millis(50));
    /// # let _ = p;
    /// ```
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest delay between two attempts.
    ///
    /// ```
    /// let p = chartmetric::RetryPolicy::default().max_delay(std::time::Duration::from_secs(2));
    /// # let _ = p;
    /// ```
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The jittered delay after the `failures`-th consecutive failure (1-based).
    pub(crate) fn delay(&self, failures: u32) -> Duration {
        let exp = failures.saturating_sub(1).min(20);
        let full = self.base_delay.saturating_mul(1 << exp).min(self.max_delay);
        let half = full / 2;
        let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(rand::rng().random_range(0..=jitter_nanos))
    }
}

/// Retries may add at most a share of the requests sent, so that a client
/// facing an outage does not multiply its load: each call deposits `ratio`
/// of a retry, each retry withdraws one, and the balance starts at (and
/// never exceeds) `reserve`. Shared by every clone of a client.
///
/// ```
/// use chartmetric::RetryBudget;
/// let budget = RetryBudget::new(0.1, 20); // retries: 10 % of calls, 20 in reserve
/// let client = chartmetric::Client::builder().refresh_token("t").retry_budget(budget).build()?;
/// # Ok::<(), chartmetric::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryBudget {
    ratio: f64,
    reserve: u32,
}

impl Default for RetryBudget {
    /// 20 % of the calls, 10 in reserve.
    fn default() -> Self {
        Self { ratio: 0.2, reserve: 10 }
    }
}

impl RetryBudget {
    /// Retries may add `ratio` (0 to 1) of the calls, beyond a `reserve`.
    ///
    /// ```
    /// let b = chartmetric::RetryBudget::new(0.2, 10);
    /// # let _ = b;
    /// ```
    pub fn new(ratio: f64, reserve: u32) -> Self {
        let ratio = if ratio.is_nan() { 0.0 } else { ratio.clamp(0.0, 1.0) };
        Self { ratio, reserve }
    }

    /// No limit on retries beyond each policy's attempts.
    ///
    /// ```
    /// let b = chartmetric::RetryBudget::unlimited();
    /// # let _ = b;
    /// ```
    pub fn unlimited() -> Self {
        Self { ratio: 1.0, reserve: u32::MAX }
    }
}

/// The live balance of a [`RetryBudget`], in thousandths of a retry.
#[derive(Debug)]
pub(crate) struct RetryBank {
    balance: AtomicI64,
    deposit: i64,
    cap: i64,
}

impl RetryBank {
    pub(crate) fn new(budget: RetryBudget) -> Self {
        let cap = i64::from(budget.reserve).saturating_mul(1000).max(1000);
        Self { balance: AtomicI64::new(cap), deposit: (budget.ratio * 1000.0) as i64, cap }
    }

    /// A call is made: its share of a retry goes in.
    pub(crate) fn deposit(&self) {
        let _ =
            self.balance.fetch_update(Ordering::AcqRel, Ordering::Acquire, |b| Some((b + self.deposit).min(self.cap)));
    }

    /// A retry is wanted: true when the budget allows it (and pays for it).
    pub(crate) fn withdraw(&self) -> bool {
        self.balance.fetch_update(Ordering::AcqRel, Ordering::Acquire, |b| (b >= 1000).then_some(b - 1000)).is_ok()
    }
}

/// A random extra wait in `0..=max`, to spread many waiters apart.
pub(crate) fn jitter(max: Duration) -> Duration {
    let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(rand::rng().random_range(0..=nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retry_budget_allows_its_reserve_then_its_share_of_the_calls() {
        let bank = RetryBank::new(RetryBudget::new(0.5, 2));
        assert!(bank.withdraw() && bank.withdraw());
        assert!(!bank.withdraw(), "reserve spent");
        bank.deposit();
        assert!(!bank.withdraw(), "half a retry is not enough");
        bank.deposit();
        assert!(bank.withdraw(), "two calls pay for one retry");
        for _ in 0..100 {
            bank.deposit();
        }
        assert!(bank.withdraw() && bank.withdraw() && !bank.withdraw(), "the balance never exceeds the reserve");
    }

    #[test]
    fn delays_double_stay_within_the_cap_and_never_drop_below_half() {
        let p = RetryPolicy::default().base_delay(Duration::from_millis(100)).max_delay(Duration::from_millis(1000));
        for _ in 0..100 {
            let d1 = p.delay(1);
            assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100));
            let d3 = p.delay(3);
            assert!(d3 >= Duration::from_millis(200) && d3 <= Duration::from_millis(400));
            let d9 = p.delay(9);
            assert!(d9 >= Duration::from_millis(500) && d9 <= Duration::from_millis(1000));
        }
    }
}
